"""Progress is kept per skill of a roadmap file: one record, whatever track lists the skill."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import ok
from shell_helpers import doc, progress_doc

RENAMED = """\
schema_version: 1
id: renamed
title: A roadmap whose skill changed its id
tracks:
  - id: first
    title: First
    skills:
      - id: python-basics
        name: Python basics
        replaces: [python]
    phases:
      - id: one
        number: 1
        title: One
        skills: [python-basics]
  - id: second
    title: Second
    skills:
      - id: python-basics
        name: Python basics
    phases:
      - id: two
        number: 1
        title: Two
        skills: [python-basics]
"""


def test_a_renamed_skills_progress_carries_over_in_every_track(
    run, tmp_path: Path, progress_file: Path
) -> None:
    roadmap = tmp_path / "renamed.yaml"
    roadmap.write_text(RENAMED, encoding="utf-8")
    progress_file.parent.mkdir(parents=True)
    record = {"status": "done", "finished": "2026-01-05T10:00:00Z"}
    doc_v3 = {"schema_version": 3, "roadmaps": {"renamed": {"python": record}}}
    progress_file.write_text(json.dumps(doc_v3), encoding="utf-8")
    for track in ("first", "second"):
        shown = doc(run("--roadmap", str(roadmap), "show", "python-basics", "-t", track, "--json"))
        assert shown["status"] == "done", track
    ok(run("--roadmap", str(roadmap), "note", "python-basics", "kept", "-t", "second"))
    records = progress_doc(progress_file)["roadmaps"]["renamed"]
    assert set(records) == {"python-basics"}
    assert records["python-basics"]["status"] == "done"


STILL_USED = RENAMED.replace(
    """      - id: python-basics
        name: Python basics
    phases:
      - id: two
        number: 1
        title: Two
        skills: [python-basics]""",
    """      - id: python
        name: Python
    phases:
      - id: two
        number: 1
        title: Two
        skills: [python]""",
)


def test_an_old_id_still_listed_by_another_track_keeps_its_record(
    run, tmp_path: Path, progress_file: Path
) -> None:
    assert STILL_USED != RENAMED
    roadmap = tmp_path / "still-used.yaml"
    roadmap.write_text(STILL_USED, encoding="utf-8")
    ok(run("--roadmap", str(roadmap), "done", "python", "-t", "second"))
    shown = doc(run("--roadmap", str(roadmap), "show", "python-basics", "-t", "first", "--json"))
    assert shown["status"] == "todo"  # `python` is still a skill of `second`: not taken over
    assert progress_doc(progress_file)["roadmaps"]["renamed"]["python"]["status"] == "done"


def test_events_keep_the_track_the_command_ran_in(run, progress_file: Path) -> None:
    ok(run("done", "pandas", "-t", "genai-engineer"))
    ok(run("start", "sql"))
    events = progress_doc(progress_file)["events"]
    assert [(e["skill"], e["track"]) for e in events] == [
        ("pandas", "genai-engineer"),
        ("sql", "aiml-genai"),
    ]
    # the change made in the other track is in this track's history: the skill is listed here
    assert [e["skill"] for e in doc(run("history", "--json"))["events"]] == ["pandas", "sql"]
    assert doc(run("show", "pandas", "--json"))["status"] == "done"
