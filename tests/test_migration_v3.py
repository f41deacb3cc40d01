"""Schema 3: progress per skill of a roadmap file, migrated from a real schema-2 file.

tests/data/progress-v2.json was written by the schema-2 code (see make_progress_v2.py): two
tracks sharing skill ids, notes, links and an undo.
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cli_helpers import ok
from roadmap_cli import fileformat
from roadmap_cli.records import PROGRESS_SCHEMA_VERSION
from shell_helpers import backups_of, doc, progress_doc

V2 = Path(__file__).parent / "data" / "progress-v2.json"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def migrated() -> dict:
    return json.loads(fileformat.serialize(fileformat.parse(V2.read_bytes())))


def test_the_schema_is_3_and_migrates_from_2() -> None:
    assert PROGRESS_SCHEMA_VERSION == 3
    assert set(fileformat.MIGRATIONS) == {1, 2}
    assert json.loads(V2.read_bytes())["schema_version"] == 2


def test_records_of_one_skill_in_two_tracks_become_one_the_latest_change_winning() -> None:
    records = migrated()["roadmaps"]["bundled"]
    # numpy: done in aiml-genai on 03-04, started again in genai-engineer on 03-05
    assert (records["numpy"]["status"], records["numpy"]["started"]) == (
        "in-progress",
        "2026-03-05T09:00:00Z",
    )
    # pandas: done in aiml-genai on 03-04, skipped in genai-engineer on 03-07
    assert records["pandas"]["status"] == "skipped"
    # cnns: done in genai-engineer (03-08); only a note in aiml-genai later (03-12), which
    # changes no status: the done stands
    assert records["cnns"]["status"] == "done"
    # linear-algebra: started in aiml-genai (03-13), done in genai-engineer (03-14)
    assert records["linear-algebra"]["status"] == "done"
    # rnns: done then undone in genai-engineer, started in aiml-genai
    assert records["rnns"] == {"status": "in-progress", "started": "2026-03-11T09:00:00Z"}
    assert records["python"]["status"] == "done"
    assert set(records) == {"numpy", "pandas", "cnns", "linear-algebra", "rnns", "python"}


def test_notes_of_both_tracks_are_kept_dated_by_the_change_that_set_them() -> None:
    records = migrated()["roadmaps"]["bundled"]
    assert records["numpy"]["notes"] == [
        {"text": "chapter 2 of the book", "at": "2026-03-03T10:00:00Z"},
        {"text": "broadcasting again", "at": "2026-03-06T10:00:00Z"},
    ]
    assert records["cnns"]["notes"] == [
        {"text": "CS231n assignment 1", "at": "2026-03-08T09:00:00Z"},  # set by `done --note`
        {"text": "also did assignment 2", "at": "2026-03-12T10:00:00Z"},
    ]


def test_links_are_unioned() -> None:
    records = migrated()["roadmaps"]["bundled"]
    assert sorted(link["url"] for link in records["numpy"]["links"]) == [
        "https://example.org/nb",
        "https://github.com/me/numpy-drills",
    ]


def test_the_history_is_kept_whole_and_every_event_gets_a_uuid() -> None:
    old = json.loads(V2.read_bytes())["events"]
    new = migrated()["events"]
    assert len(new) == len(old) == 15
    for before, after in zip(old, new, strict=True):
        made = after.pop("id")
        assert str(uuid.UUID(made)) == made and uuid.UUID(made).version == 4
        before.pop("before"), after.pop("before")
        assert before == after
    assert len({e["id"] for e in migrated()["events"]}) == 15
    # the undo still reverts the batch it reverted
    assert [e["undoes"] for e in new if e["action"] == "undo"] == [8]


def test_notes_in_the_history_become_dated_notes_too() -> None:
    events = migrated()["events"]
    # the `done` of numpy in aiml-genai found the note added the day before
    done = next(e for e in events if e["action"] == "done" and e["skill"] == "numpy")
    assert done["before"]["notes"] == [
        {"text": "chapter 2 of the book", "at": "2026-03-03T10:00:00Z"}
    ]


def test_the_cli_reads_an_old_file_without_touching_it_and_backs_it_up_on_change(
    run, progress_file: Path
) -> None:
    progress_file.parent.mkdir(parents=True)
    shutil.copyfile(V2, progress_file)
    shown = doc(run("show", "numpy", "--json"))
    assert (shown["status"], [n["text"] for n in shown["notes"]]) == (
        "in-progress",
        ["chapter 2 of the book", "broadcasting again"],
    )
    assert progress_file.read_bytes() == V2.read_bytes()  # reading changes nothing
    ok(run("done", "numpy"))
    assert progress_file.read_bytes().startswith(b'{"schema_version":3,"roadmaps":')
    (backup,) = backups_of(progress_file)
    assert backup.read_bytes() == V2.read_bytes()
    data = progress_doc(progress_file)
    assert len(data["events"]) == 16 and data["events"][-1]["seq"] == 16


def test_tracks_show_each_tracks_completion_from_the_same_records(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    shutil.copyfile(V2, progress_file)
    entries = {t["id"]: t["completion"] for t in doc(run("tracks", "--json"))["tracks"]}
    # python, pandas, cnns, linear-algebra done or skipped (rnns, numpy in progress): both
    # tracks list all four (genai-engineer's Python, once python-basics, is now `python`)
    assert entries["aiml-genai"]["complete"] == 4
    assert entries["genai-engineer"]["complete"] == 4
    assert entries["genai-engineer"]["in_progress"] == 2  # numpy, rnns


def test_the_fast_partial_reads_work_on_the_new_layout(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    shutil.copyfile(V2, progress_file)
    assert fileformat.records_only(V2.read_bytes()) is None  # another layout: read whole
    ok(run("log", "numpy", "45m", "--note", "broadcasting"))
    raw = progress_file.read_bytes()
    records = fileformat.records_only(raw)
    assert records is not None and records.record("bundled", "numpy").log[0].minutes == 45
    last = fileformat.records_and_last_event(raw)
    assert last is not None and [e.action for e in last.events] == ["log"]
    events = raw.split(b',"events":[', 1)[1]
    assert events.startswith(b'{"seq":') and events.count(b'{"seq":') == 16


def test_a_record_with_notes_links_and_log_keeps_the_fast_paths(run, progress_file: Path) -> None:
    """In schema 3 a record's arrays follow each other (`],"links"`): still the own layout."""
    ok(run("note", "sql", "joins", "--link", "https://example.com/sql"))
    ok(run("log", "sql", "30m"))
    ok(run("done", "sql"))  # its `before` holds notes, links and a log
    raw = progress_file.read_bytes()
    assert b'],"links":[{' in raw and b'],"log":[{' in raw
    assert fileformat.records_and_last_event(raw) is not None


@pytest.mark.parametrize("key", ["log", "links", "roadmaps", "events"])
def test_a_key_after_the_history_stops_a_change(run, progress_file: Path, key: str) -> None:
    ok(run("done", "pandas"))
    ok(run("start", "sql"))
    raw = progress_file.read_bytes()
    last = raw[raw.rfind(b'{"seq":') : -3]
    assert raw.endswith(b"}]}\n")
    hostile = raw[:-2] + b',"' + key.encode() + b'":[{"url":"https://x.org"},' + last + b"]}\n"
    progress_file.write_bytes(hostile)
    assert fileformat.records_and_last_event(hostile) is None
    result = run("done", "git")
    assert result.exit_code == 1 and result.stderr.startswith("roadmap: error: ")
    assert progress_file.read_bytes() == hostile
