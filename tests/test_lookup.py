"""Resolving what the user typed to skills and phases; quoting it safely in errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap_cli import catalog
from roadmap_cli.errors import AmbiguousError, NotFoundError, UsageError, shown
from roadmap_cli.lookup import (
    MAX_QUERY,
    resolve_phase,
    resolve_skill,
    resolve_skills,
    resolve_target,
)
from roadmap_cli.models import Phase, Skill, Track

SMALL = Path(__file__).parent / "data" / "small.yaml"


@pytest.fixture(scope="module")
def track() -> Track:
    return catalog.load_roadmap(SMALL).track("basics")


def make_track(skills: dict[str, str], phases: dict[str, str]) -> Track:
    """A one-off track: skill id -> name, phase id -> title; every skill in every phase."""
    return Track(
        id="t",
        title="T",
        skills=[Skill(id=sid, name=name) for sid, name in skills.items()],
        phases=[Phase(id=pid, title=title, skills=list(skills)) for pid, title in phases.items()],
    )


def suggestions(message: str) -> list[str]:
    found = re.search(r"did you mean (.*)\?$", message)
    return found.group(1).split(", ") if found else []


# --- skills ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python", "python"),
        ("NumPy", "numpy"),
        ("sklearn", "scikit-learn"),
        ("PD", "pandas"),
        ("Scikit Learn", "scikit-learn"),
        ("scikit_learn", "scikit-learn"),
        ("  SCIKIT-learn  ", "scikit-learn"),
        ("javascript", "javascript"),
    ],
)
def test_resolves_by_id_name_or_alias_ignoring_case_and_separators(
    track: Track, query: str, expected: str
) -> None:
    assert resolve_skill(track, query).id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("num", "numpy"), ("tin", "tinyml"), ("sk", "scikit-learn"), ("scikit l", "scikit-learn")],
)
def test_resolves_a_unique_prefix(track: Track, query: str, expected: str) -> None:
    assert resolve_skill(track, query).id == expected


def test_exact_match_beats_a_longer_name_it_prefixes() -> None:
    t = make_track({"python": "Python", "python-advanced": "Python advanced"}, {"p": "P"})
    assert resolve_skill(t, "python").id == "python"
    assert resolve_skill(t, "python adv").id == "python-advanced"


def test_ambiguous_prefix_names_the_candidates(track: Track) -> None:
    with pytest.raises(AmbiguousError) as err:
        resolve_skill(track, "p")
    message = str(err.value)
    assert "python (Python, in 1. Programming)" in message
    assert "pandas (Pandas, in 1. Programming)" in message
    assert "numpy" not in message


def test_unknown_name_suggests_close_matches(track: Track) -> None:
    with pytest.raises(NotFoundError) as err:
        resolve_skill(track, "pandsa")
    assert "pandas" in suggestions(str(err.value))


def test_unknown_name_suggests_at_most_three() -> None:
    t = make_track({f"tool-{c}": f"Tool {c.upper()}" for c in "abcde"}, {"p": "P"})
    with pytest.raises(NotFoundError) as err:
        resolve_skill(t, "tool-z")
    hints = suggestions(str(err.value))
    assert len(hints) == 3
    assert set(hints) <= {f"tool-{c}" for c in "abcde"}


def test_unknown_name_without_anything_close_has_no_hint(track: Track) -> None:
    with pytest.raises(NotFoundError) as err:
        resolve_skill(track, "quantum-basket-weaving")
    assert "did you mean" not in str(err.value)


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_is_a_usage_error(track: Track, query: str) -> None:
    with pytest.raises(UsageError):
        resolve_skill(track, query)


def test_very_long_query_is_not_found_and_quoted_short(track: Track) -> None:
    query = "python" + "x" * MAX_QUERY
    with pytest.raises(NotFoundError) as err:
        resolve_skill(track, query)
    assert len(str(err.value)) < 120


def test_resolve_skills_keeps_order(track: Track) -> None:
    assert [s.id for s in resolve_skills(track, ["numpy", "py", "sklearn"])] == [
        "numpy",
        "python",
        "scikit-learn",
    ]


def test_resolve_skills_fails_as_a_whole_on_one_bad_name(track: Track) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        resolve_skills(track, ["python", "nope", "numpy"])
    with pytest.raises(AmbiguousError):
        resolve_skills(track, ["python", "p"])


# --- phases and targets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1", "programming"),
        ("2", "data"),
        ("data", "data"),
        ("Programming", "programming"),
        ("Edge AI", "edge"),
        ("edge_ai", "edge"),
        ("prog", "programming"),
    ],
)
def test_resolve_phase_by_number_id_or_title(track: Track, query: str, expected: str) -> None:
    assert resolve_phase(track, query).id == expected


def test_resolve_phase_unknown_is_not_found(track: Track) -> None:
    with pytest.raises(NotFoundError):
        resolve_phase(track, "9")


def test_resolve_target_finds_phase_or_skill(track: Track) -> None:
    assert isinstance(resolve_target(track, "2"), Phase)
    assert resolve_target(track, "prog").id == "programming"
    target = resolve_target(track, "sklearn")
    assert isinstance(target, Skill) and target.id == "scikit-learn"


def test_resolve_target_exact_skill_beats_phase_prefix() -> None:
    t = make_track({"python": "Python"}, {"python-basics": "Python basics"})
    target = resolve_target(t, "python")
    assert isinstance(target, Skill) and target.id == "python"


def test_resolve_target_exact_phase_beats_skill_prefix() -> None:
    t = make_track({"data-cleaning": "Data cleaning"}, {"data": "Data"})
    target = resolve_target(t, "data")
    assert isinstance(target, Phase) and target.id == "data"


def test_resolve_target_ambiguous_prefix_lists_phases_and_skills(track: Track) -> None:
    with pytest.raises(AmbiguousError) as err:
        resolve_target(track, "p")
    message = str(err.value)
    assert "phase programming" in message
    assert "python" in message and "pandas" in message


def test_resolve_target_unknown_and_empty(track: Track) -> None:
    with pytest.raises(NotFoundError):
        resolve_target(track, "zzz")
    with pytest.raises(UsageError):
        resolve_target(track, " ")


def test_a_skills_exact_id_beats_a_phase_title() -> None:
    t = make_track({"numpy": "NumPy library", "pandas": "Pandas"}, {"arrays": "numpy"})
    target = resolve_target(t, "numpy")
    assert isinstance(target, Skill) and target.id == "numpy"


def test_a_phases_exact_id_beats_a_skill_name() -> None:
    t = make_track({"numpy": "arrays", "pandas": "Pandas"}, {"arrays": "Array work"})
    target = resolve_target(t, "arrays")
    assert isinstance(target, Phase) and target.id == "arrays"


def test_a_tie_between_a_phase_title_and_a_skill_name_lists_both() -> None:
    t = make_track({"np": "Data", "pandas": "Pandas"}, {"basics": "Data"})
    with pytest.raises(AmbiguousError) as caught:
        resolve_target(t, "data")
    message = str(caught.value)
    assert "2 items: phase basics (Data), skill np (Data, in Data)" in message


def test_show_a_skill_id_that_is_also_a_phase_title(run, tmp_path, small_roadmap_text) -> None:
    text = small_roadmap_text.replace("title: Data\n", "title: numpy\n", 1)
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("--roadmap", str(path), "show", "numpy", "--json")
    assert result.exit_code == 0, result.stderr
    assert '"id": "numpy"' in result.stdout and '"type": "phase"' not in result.stdout


# --- errors.shown ---------------------------------------------------------------------------


def test_shown_quotes_plain_text() -> None:
    assert shown("Scikit-learn é") == "'Scikit-learn é'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x1b[2Jb", "'a\\x1b[2Jb'"),
        ("line\nnext\r", "'line\\nnext\\r'"),
        ("x\u202ey", "'x\\u202ey'"),
        ("a\u2028b", "'a\\u2028b'"),
    ],
)
def test_shown_escapes_control_characters(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_shown_truncates_long_text() -> None:
    quoted = shown("a" * 500)
    assert quoted == "'" + "a" * 59 + "…'"
    assert shown("a" * 60) == "'" + "a" * 60 + "'"


def test_not_found_message_escapes_the_query(track: Track) -> None:
    with pytest.raises(NotFoundError) as err:
        resolve_skill(track, "evil\x1b]0;title\x07\nname")
    message = str(err.value)
    assert "\x1b" not in message and "\n" not in message and "\x07" not in message


def test_an_exact_skill_id_wins_over_another_skills_name() -> None:
    """As for `show`: the id the user typed is that skill, whatever other names fold to."""
    both = make_track({"py": "Python", "pyenv": "Py"}, {"one": "One"})
    assert resolve_skill(both, "py").id == "py"
    assert resolve_skill(both, "PY ").id == "py"
    with pytest.raises(AmbiguousError):
        resolve_skill(both, "p")
