"""The roadmap format's keys for real roadmaps: one_of, after, tools, section `at`, and phase
ids in their own namespace. Valid files load; invalid ones name file, line, key and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_cli import catalog
from roadmap_cli.errors import DataError

BASE = """\
schema_version: 1
id: keys
title: Keys
tracks:
  - id: t
    title: T
    sections:
      - title: Intro
        text: Hello
      - title: Closing note
        at: end
        text: Bye
    skills:
      - id: python
        name: Python
      - id: pytorch
        name: PyTorch
        after: [python]
      - id: tensorflow
        name: TensorFlow
        after: [python]
      - id: jax
        name: JAX
      - id: vector-databases
        name: Vector databases
        after: [pytorch]
    phases:
      - id: basics
        title: Basics
        tools: [Jupyter, VS Code]
        skills: [python]
      - id: frameworks
        title: Frameworks
        skills:
          - one_of: [pytorch, tensorflow, jax]
      - id: vector-databases
        title: Vector databases
        skills: [vector-databases]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 0) -> int:
    found = [n for n, row in enumerate(text.splitlines(), 1) if needle in row]
    return found[nth]


def refused(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        catalog.load_roadmap(path, cache=False)
    message = str(caught.value)
    prefix = f"{path}:"
    assert message.startswith(prefix)
    return message[len(prefix) :]


def test_the_new_keys_load(tmp_path: Path) -> None:
    track = catalog.load_roadmap(write(tmp_path, BASE), cache=False).tracks[0]
    frameworks = track.phase_by_id["frameworks"]
    assert frameworks.skill_ids == ["pytorch", "tensorflow", "jax"]
    assert frameworks.choices[0].one_of == ["pytorch", "tensorflow", "jax"]
    assert frameworks.choices[0].count == 1
    assert list(track.skill_by_id["pytorch"].after) == ["python"]
    assert track.unlocks["python"] == ["pytorch", "tensorflow"]
    assert track.phase_by_id["basics"].tools == ["Jupyter", "VS Code"]
    assert [s.at for s in track.sections] == ["start", "end"]
    # a phase may share its id with a skill
    assert track.phase_by_id["vector-databases"].skill_ids == ["vector-databases"]
    assert set(track.choice_ids) == {"pytorch", "tensorflow", "jax"}
    assert track.required_skill_ids == ["python", "vector-databases"]


def test_a_choice_with_a_count_loads(tmp_path: Path) -> None:
    text = BASE.replace(
        "- one_of: [pytorch, tensorflow, jax]", "- {one_of: [pytorch, tensorflow, jax], count: 2}"
    )
    track = catalog.load_roadmap(write(tmp_path, text), cache=False).tracks[0]
    assert track.phase_by_id["frameworks"].choices[0].count == 2


def test_the_keys_survive_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    first = catalog.load_roadmap(path)
    again = catalog.load_roadmap(path)  # from the cache entry
    assert again == first
    assert again.tracks[0].phase_by_id["frameworks"].choices[0].one_of[2] == "jax"


CHOICE = "- one_of: [pytorch, tensorflow, jax]"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            CHOICE,
            "- {one_of: [pytorch, tensorflow, jax], count: 3}",
            "count: 3",
            "tracks[t].phases[frameworks].skills[0].count: "
            "count 3 leaves no choice among 3 skills (use 1 to 2)",
        ),
        (
            CHOICE,
            "- {one_of: [pytorch, tensorflow, jax], count: 0}",
            "count: 0",
            "tracks[t].phases[frameworks].skills[0].count: should be at least 1",
        ),
        (
            CHOICE,
            "- one_of: [pytorch, tensorflow, torch]",
            "one_of:",
            "tracks[t].phases[frameworks].skills[0].one_of[2]: "
            "phase 'frameworks' lists unknown skill 'torch'",
        ),
        (
            CHOICE,
            "- one_of: [pytorch, tensorflow, pytorch]\n          - jax",
            "one_of:",
            "tracks[t].phases[frameworks].skills[0].one_of[2]: "
            "phase 'frameworks' lists skill 'pytorch' twice",
        ),
        (
            CHOICE,
            "- one_of: [pytorch]\n          - tensorflow\n          - jax",
            "one_of:",
            "tracks[t].phases[frameworks].skills[0].one_of: needs at least 2 items",
        ),
        (
            CHOICE,
            "- {one_of: [pytorch, tensorflow, jax], pick: 1}",
            "pick: 1",
            "tracks[t].phases[frameworks].skills[0].pick: unknown key 'pick'",
        ),
        (
            "after: [pytorch]",
            "after: [pytorch2]",
            "after: [pytorch2]",
            "tracks[t].skills[vector-databases].after[0]: "
            "skill 'vector-databases' comes after unknown skill 'pytorch2'",
        ),
        (
            "after: [pytorch]",
            "after: [vector-databases]",
            "after: [vector-databases]",
            "tracks[t].skills[vector-databases].after[0]: "
            "skill 'vector-databases' comes after itself",
        ),
        (
            "name: Python\n",
            "name: Python\n        after: [vector-databases]\n",
            "after: [vector-databases]",
            "tracks[t].skills[python].after[0]: prerequisites form a cycle: "
            "python -> vector-databases -> pytorch -> python",
        ),
        (
            "at: end",
            "at: middle",
            "at: middle",
            "tracks[t].sections[1].at: should be 'start' or 'end'",
        ),
        (
            "tools: [Jupyter, VS Code]",
            "tools: Jupyter",
            "tools: Jupyter",
            "tracks[t].phases[basics].tools: should be a list",
        ),
    ],
)
def test_invalid_keys_name_file_line_and_key(
    run, tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    assert refused(tmp_path, text).startswith(f"{line_of(text, needle)}: {message}")
    # through the CLI: `validate` says exactly that first (then any other problem), exit 1
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 1
    first = f"roadmap: error: {path}:{line_of(text, needle)}: {message}"
    assert result.stderr.splitlines()[0] == first


def test_a_phase_id_may_equal_a_skill_id_but_not_another_phase_id(tmp_path: Path) -> None:
    text = BASE.replace("- id: frameworks", "- id: basics")
    assert refused(tmp_path, text).startswith(
        f"{line_of(text, '- id: basics', 1)}: tracks[t].phases[basics].id: "
        "phase id 'basics' is used twice"
    )


def test_the_cache_key_covers_every_module_that_checks_a_roadmap(tmp_path, monkeypatch) -> None:
    """A change to the models or to the reference checks must make every entry a miss."""
    from roadmap_cli import cache, models, references

    seen: list[tuple] = []
    real = cache.entry

    def spy(*args):
        seen.append(args[4:])
        return real(*args)

    monkeypatch.setattr(cache, "entry", spy)
    catalog.load_roadmap(write(tmp_path, BASE))
    assert seen == [(models, references)]
    path = write(tmp_path, BASE)
    key = real(tmp_path, "roadmap", path, b"x", models, references)
    stat = Path(references.__file__).stat()
    import os

    try:
        os.utime(references.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert real(tmp_path, "roadmap", path, b"x", models, references) != key
    finally:
        os.utime(references.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_choice_met_by_a_skill_required_elsewhere_adds_nothing_to_the_track(tmp_path) -> None:
    from roadmap_cli import stats

    text = BASE.replace("skills: [python]\n", "skills: [python, pytorch]\n", 1)
    track = catalog.load_roadmap(write(tmp_path, text), cache=False).tracks[0]
    assert track.required_choices == []
    assert stats.track_completion(track, {}).total == 3  # python, pytorch, vector-databases
    frameworks = track.phase_by_id["frameworks"]
    assert stats.phase_completion(track, frameworks, {"pytorch": "done"}).percent == 100
