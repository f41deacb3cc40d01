"""The bundled roadmap is complete and faithful; bad roadmap files give readable errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap_cli import catalog, yamlsafe
from roadmap_cli.errors import DataError, NotFoundError

SEEDS = Path(__file__).parent / "data" / "seeds"
AIML_SEED = SEEDS / "000_116983092049e65d.txt"
GENAI_SEED = SEEDS / "004_cc283e4d5d4288e1.txt"
URL = re.compile(r"https?://[^\s)\]>]+")


@pytest.fixture(scope="module")
def bundled():
    return catalog.load_roadmap()


def test_bundled_tracks_in_order(bundled) -> None:
    assert [t.id for t in bundled.tracks] == ["aiml-genai", "genai-engineer"]
    assert bundled.default_track.id == "aiml-genai"


def test_aiml_track_has_15_phases_and_6_electives(bundled) -> None:
    track = bundled.track("aiml-genai")
    numbered = [p for p in track.phases if not p.elective]
    electives = [p for p in track.phases if p.elective]
    assert [p.number for p in numbered] == list(range(1, 16))
    assert len(electives) == 6
    assert all(track.is_optional(sid) for p in electives for sid in p.skills)


def test_aiml_phases_match_the_seed_table(bundled) -> None:
    track = bundled.track("aiml-genai")
    rows = [
        line.split("|")[1:-1]
        for line in AIML_SEED.read_text(encoding="utf-8").splitlines()
        if re.match(r"\|\s*\d+\s*\|", line)
    ]
    assert len(rows) == 15
    for phase, row in zip(track.phases, rows, strict=False):
        number, category, _skills, goals, outcome = (cell.strip() for cell in row)
        assert phase.number == int(number)
        title = re.sub(r"\*\((.*)\)\*", "", category).replace("**", "").strip()
        assert phase.title == title
        tag = re.search(r"\*\((.*)\)\*", category)
        assert phase.tag == (tag.group(1) if tag else None)
        assert phase.goals == goals
        assert phase.outcome == outcome


def test_skills_column_is_split_into_trackable_skills(bundled) -> None:
    track = bundled.track("aiml-genai")
    first = track.phase_by_id[track.phases[0].id]
    assert first.skills == ["python", "numpy", "pandas", "matplotlib", "seaborn", "git"]
    mlops = next(p for p in track.phases if p.number == 7)
    assert {"aws", "gcp"} <= set(mlops.skill_ids)


def test_a_skill_in_several_phases_is_one_skill(bundled) -> None:
    track = bundled.track("aiml-genai")
    assert [p.number for p in track.phases_of["pandas"]] == [1, 3]
    assert [s.id for s in track.skills].count("pandas") == 1


def test_genai_engineer_track_has_9_steps_with_why(bundled) -> None:
    track = bundled.track("genai-engineer")
    assert [p.number for p in track.phases] == list(range(1, 10))
    assert all(p.why for p in track.phases)
    titles = [s.title for s in track.sections]
    assert "Responsibilities" in titles
    assert any("Workflow" in t for t in titles)


def test_genai_optional_items_are_marked(bundled) -> None:
    track = bundled.track("genai-engineer")
    step7 = track.phases[6]
    assert step7.skills and all(track.is_optional(s) for s in step7.skills)
    assert track.is_optional("javascript") and track.is_optional("cpp")
    assert not track.is_optional("numpy")


def test_step_9_project_ideas_are_trackable(bundled) -> None:
    track = bundled.track("genai-engineer")
    names = [track.skill_by_id[s].name for s in track.phases[8].skills]
    for idea in ("Text Generation", "Image Generation", "Audio Generation", "AI Art"):
        assert idea in names


@pytest.mark.parametrize("seed", [AIML_SEED, GENAI_SEED], ids=["aiml", "genai"])
def test_every_link_in_the_seeds_is_bundled(seed: Path) -> None:
    bundled_text = Path(catalog.load_roadmap.__module__ and _bundled_path()).read_text("utf-8")
    links = set(URL.findall(seed.read_text(encoding="utf-8")))
    assert links, "the seed has links"
    missing = {link for link in links if link not in bundled_text}
    assert not missing


def _bundled_path() -> Path:
    from roadmap_cli import paths

    return paths.bundled_roadmap_path()


def test_bundled_text_has_no_mis_decoded_characters() -> None:
    text = _bundled_path().read_text(encoding="utf-8")
    for mojibake in ("Â", "â€", "â‰", "Ã", "‚Ä", "ðŸ", "üò"):
        assert mojibake not in text
    assert "DALL·E" in text
    assert "≈" in text


def test_ids_are_kebab_case_and_aliases_cover_common_names(bundled) -> None:
    track = bundled.track("aiml-genai")
    aliases = {a for s in track.skills for a in s.aliases}
    assert {"sklearn", "hf", "k8s"} <= aliases
    for skill in track.skills:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", skill.id)


def test_select_track_by_id_and_unknown_track(bundled) -> None:
    assert catalog.select_track(bundled, "GenAI-Engineer").id == "genai-engineer"
    assert catalog.select_track(bundled, None).id == "aiml-genai"
    with pytest.raises(NotFoundError, match="unknown track 'nope' \\(tracks: aiml-genai, genai"):
        catalog.select_track(bundled, "nope")


# --- invalid roadmap files ----------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_small_roadmap_loads(tmp_path: Path, small_roadmap_text: str) -> None:
    roadmap = catalog.load_roadmap(write(tmp_path, small_roadmap_text))
    assert roadmap.id == "small"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("- id: numpy\n", "- id: pandas\n"), r"skill id 'pandas' clashes with skill id 'pandas'"),
        (("skills: [pandas, scikit-learn]", "skills: [pandas, sklearn2]"), r"unknown skill"),
        (("title: Data\n", "title: ''\n"), r"phases\[data\]\.title: empty$"),
        (
            ("title: Data\n", "title: Data\n        colour: red\n"),
            r"phases\[data\]\.colour: unknown key 'colour'$",
        ),
        (("- id: data\n", "- id: programming\n"), r"phase id 'programming' is used twice"),
        (("aliases: [pd]", "aliases: [py]"), r"alias 'py' of skill 'pandas' clashes"),
        (
            ("url: https://docs.python.org/3/", "url: javascript:alert(1)"),
            r"phases\[programming\]\.resources\[0\]\.url: a link must start with https://",
        ),
    ],
)
def test_invalid_roadmap_names_file_line_and_item(
    tmp_path: Path, small_roadmap_text: str, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in small_roadmap_text
    path = write(tmp_path, small_roadmap_text.replace(old, new, 1))
    with pytest.raises(DataError, match=message) as caught:
        catalog.load_roadmap(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: tracks\[basics\]", str(caught.value))
    assert "\n" not in str(caught.value)


def test_validation_error_points_at_the_offending_line(
    tmp_path: Path, small_roadmap_text: str
) -> None:
    text = small_roadmap_text.replace("title: Data\n", "title: ''\n", 1)
    path = write(tmp_path, text)
    line = text.splitlines().index("        title: ''") + 1
    with pytest.raises(DataError, match=rf":{line}: "):
        catalog.load_roadmap(path)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\ntracks: [\n  - a: b\n")
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}:\d+:\d+: invalid YAML"):
        catalog.load_roadmap(path)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "id: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(DataError, match="invalid YAML"):
        catalog.load_roadmap(path)


def test_yaml_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r":2: YAML aliases are not allowed"):
        catalog.load_roadmap(path)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "# " + "x" * catalog.MAX_ROADMAP_BYTES + "\n")
    with pytest.raises(DataError, match=f"over the {catalog.MAX_ROADMAP_BYTES:,}-byte limit"):
        catalog.load_roadmap(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "roadmap file is empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"- just\n- a list\n", ":1: roadmap: should be a mapping of fields$"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        catalog.load_roadmap(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="roadmap file not found"):
        catalog.load_roadmap(tmp_path / "absent.yaml")


def test_deep_nesting_is_refused_without_crashing(tmp_path: Path) -> None:
    # libyaml's composer recurses per level and crashes the process far below this depth;
    # recent PyYAML releases stop it at their own limit first: the answer is ours either way.
    path = write(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(DataError) as caught:
        catalog.load_roadmap(path)
    message = str(caught.value)
    assert message == f"{path}:1: nested more than {yamlsafe.MAX_DEPTH} levels deep"


def test_huge_numbers_are_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path, f"id: {'1' * 5000}\n")
    with pytest.raises(DataError) as caught:
        catalog.load_roadmap(path)
    assert str(caught.value) == f"{path}:1: a number too long"


def test_cross_reference_errors_point_at_the_item_itself(
    tmp_path: Path, small_roadmap_text: str
) -> None:
    text = small_roadmap_text.replace("skills: [pandas, scikit-learn]", "skills: [pandas, sk2]")
    path = write(tmp_path, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "sk2" in row)
    with pytest.raises(DataError) as caught:
        catalog.load_roadmap(path)
    assert str(caught.value) == (
        f"{path}:{line}: tracks[basics].phases[data].skills[1]: "
        "phase 'data' lists unknown skill 'sk2' "
        "(and 1 more: 'roadmap validate FILE' lists them)"  # scikit-learn is now in no phase
    )


def test_values_are_read_as_the_safe_loader_reads_them(tmp_path: Path) -> None:
    # `catalog` builds the data from the parser's events itself; the types must not drift.
    import yaml

    text = (
        "a: [1, -2, +3, 0x1F, 017, 0b101, 1_000, 1:30, 1.5, 1e3, 0, yes, No, on, OFF, ~, null,"
        " '', '1', 2024-01-02, 2024-01-02T03:04:05Z, abc, 'yes', !!str 12, !!int '7', -, 1.2.3]\n"
        "b: {x: 1, 2: y, true: z, null: w}\n"
        "c: |\n  multi\n  line\n"
        "d: >\n  folded\n  text\n"
    )
    data, _ = yamlsafe.parse_yaml(text, tmp_path / "r.yaml")
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert data == expected
    assert [type(v) for v in data["a"]] == [type(v) for v in expected["a"]]
    for path in (_bundled_path(), Path(__file__).parent / "data" / "small.yaml"):
        text = path.read_text(encoding="utf-8")
        assert yamlsafe.parse_yaml(text, path)[0] == yaml.load(text, Loader=yaml.SafeLoader)
