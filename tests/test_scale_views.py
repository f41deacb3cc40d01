"""`list` and `export` on a large roadmap of every shape, pinned byte for byte (issue 15).

The hot paths of these two commands (`results.phase_row`, `stats`, `draw.skill_rows`,
`layout.columns`, `export.to_markdown`) are tuned for 50,000 skills; this roadmap gives them
every kind of row they meet: groups, choices (met and not), optional skills, electives,
prerequisites (ready and not), a skill in two phases, names wide (CJK, emoji) and too long
for 80 columns, every status. The snapshots in tests/snapshots/scale-*.txt were written
before the tuning (ROADMAP_UPDATE_SNAPSHOTS=1 rewrites them; review the diff).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cli_helpers import ok

SNAPSHOTS = Path(__file__).parent / "snapshots"
PHASES = 40
DAY = re.compile(r"\d{4}-\d\d-\d\d")
WIDE = ("学习路径", "🚀 Rockets", "Ünïcödé", "数据")


def skill_name(p: int, k: int) -> str:
    if (p + k) % 11 == 0:
        return f"{WIDE[(p + k) % len(WIDE)]} skill {p}-{k}"
    if (p * 7 + k) % 13 == 0:
        return f"A skill whose name is far too long to fit in eighty columns {p}-{k}"
    return f"Skill {p}-{k}"


def shaped_roadmap() -> str:
    """About 500 skills in 40 phases, every shape a phase row or a skill row takes."""
    skills: list[str] = []
    phases: list[str] = []
    for p in range(PHASES):
        ids = [f"s{p:02d}-{k:02d}" for k in range(12)]
        for k, sid in enumerate(ids):
            lines = [f"      - id: {sid}", f"        name: {skill_name(p, k)}"]
            if p % 3 == 0 and k >= 4:
                lines.append(f"        group: Group {k // 4} of phase {p}")
            if k % 5 == 4:
                lines.append("        optional: true")
            if p and k % 4 == 1:
                lines.append(f"        after: [s{p - 1:02d}-{k:02d}]")
            if k == 0:
                lines.append(f"        aliases: [alias-{p}]")
            skills.extend(lines)
        entries = list(ids)
        if p % 4 == 1:  # a choice of three, in the middle of the phase
            count = 1 + p % 2
            entries[5:8] = [f"{{one_of: [{', '.join(ids[5:8])}], count: {count}}}"]
        if p % 7 == 6:  # a skill of the phase before, listed here too
            entries.append(f"s{p - 1:02d}-02")
        lines = [f"      - id: phase-{p:02d}", f"        title: Phase {p} of the big one"]
        if p % 9 == 8:
            lines.append("        elective: true")
        else:
            lines.append(f"        number: {p + 1}")
        if p % 5 == 2:
            lines.append(f"        tag: Tag {p}")
        lines += [f"        goals: Learn phase {p}", f"        skills: [{', '.join(entries)}]"]
        phases.extend(lines)
    head = ["schema_version: 1", "id: shaped", "title: Shaped roadmap", "tracks:"]
    head += ["  - id: shaped", "    title: Shaped track", "    skills:"]
    return "\n".join([*head, *skills, "    phases:", *phases]) + "\n"


@pytest.fixture
def shaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    path = tmp_path / "shaped.yaml"
    path.write_text(shaped_roadmap(), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_FILE", str(path))
    done = [f"s{p:02d}-{k:02d}" for p in range(0, PHASES, 2) for k in range(0, 12, 3)]
    ok(run("done", *done))
    ok(run("done", "s01-05", "s05-05", "s05-06", "s09-06", "s02-02"))  # choices met, or half
    ok(run("skip", *(f"s{p:02d}-{k:02d}" for p in range(1, PHASES, 3) for k in (2, 10))))
    ok(run("start", *(f"s{p:02d}-11" for p in range(0, PHASES, 5))))
    ok(run("done", *(f"s{p:02d}-{k:02d}" for p in (3, 17) for k in range(12))))  # whole


CASES = {
    "list-80": ({"COLUMNS": "80"}, ("list",)),
    "list-120-colour": ({"COLUMNS": "120", "FORCE_COLOR": "1"}, ("list",)),
    "list-80-colour": ({"COLUMNS": "80", "FORCE_COLOR": "1"}, ("list",)),
    "list-todo-80": ({"COLUMNS": "80"}, ("list", "--status", "todo")),
    "export": ({}, ("export",)),
}


@pytest.mark.usefixtures("shaped")
@pytest.mark.parametrize("case", CASES)
def test_list_and_export_of_a_shaped_roadmap_are_as_pinned(
    run, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    env, args = CASES[case]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = DAY.sub("YYYY-MM-DD", ok(run(*args)))
    path = SNAPSHOTS / f"scale-{case}.txt"
    if os.environ.get("ROADMAP_UPDATE_SNAPSHOTS"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_the_index_of_skills_the_reference_check_keeps_is_the_tracks_own(tmp_path: Path) -> None:
    # `Track._check_references` hands its index on as `skill_by_id`: every skill, in file
    # order, each the track's own object; read from the file and from its cache entry alike.
    from roadmap_cli import catalog

    path = tmp_path / "shaped.yaml"
    path.write_text(shaped_roadmap(), encoding="utf-8")
    for _ in ("the file", "the cache entry"):
        track = catalog.load_roadmap(path).default_track
        assert list(track.skill_by_id) == [s.id for s in track.skills]
        assert all(track.skill_by_id[s.id] is s for s in track.skills)
