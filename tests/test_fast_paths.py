"""White-box tests of the fast paths: what the store reads, encodes and caches, by patching
its internals (the behaviour tests are in test_store.py and test_hostile_progress.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import changes
from roadmap_cli.fileformat import serialize
from roadmap_cli.records import Progress
from roadmap_cli.store import Store
from test_store import RID, TRACK, at, rich_progress


@pytest.mark.parametrize(
    "change",
    [
        lambda p: changes.apply(p, RID, TRACK, ["sql"], "done", at(7)),
        lambda p: changes.apply(
            p, RID, TRACK, ["python"], "note", at(7), changes.Details(note="bad \udc80 text")
        ),
        lambda p: changes.apply(p, "other", "t", ["a", "b"], "start", at(7)),
        lambda p: changes.undo(p, at(7)),
    ],
    ids=["done", "surrogate-note", "new-roadmap", "undo"],
)
def test_a_change_copies_the_history_text_and_writes_what_serialize_would(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch, change: Any
) -> None:
    from roadmap_cli import fileformat

    store = Store(progress_file)
    original = rich_progress()
    store.save(original)
    history = progress_file.read_bytes().split(b',"events":[')[1][:-3]

    encoded: list[int] = []

    def counted(progress: Progress) -> bytes:
        encoded.append(len(progress.events))
        return serialize(progress)

    monkeypatch.setattr(fileformat, "serialize", counted)
    with store.transaction() as progress:
        change(progress)
    monkeypatch.undo()
    # Once, when the file was read (checked to be exactly what serialize writes, so that no
    # key is given twice); never again for the save.
    assert encoded == [len(original.events)]
    written = progress_file.read_bytes()
    assert history in written
    assert written == serialize(store.load())
    assert store.load().events[: len(original.events)] == original.events


def test_an_appending_change_reads_only_the_last_event(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_cli import records

    store = Store(progress_file)
    original = rich_progress()
    store.save(original)
    full = store.load()
    validated: list[bytes] = []
    real = records.Event.model_validate_json

    def counting(data: bytes, **kwargs: Any) -> records.Event:
        validated.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(records.Event, "model_validate_json", counting)
    with store.transaction(history=False) as progress:
        assert progress.roadmaps == full.roadmaps
        assert progress.events == full.events[-1:]
        assert len(validated) == 1
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(7))
    monkeypatch.undo()
    after = store.load()
    assert after.events[:-1] == original.events
    assert (after.events[-1].seq, after.events[-1].batch) == (9, 7)  # numbered after the last
    assert progress_file.read_bytes() == serialize(after)
    (backup,) = store.backups()
    assert backup.name.endswith(f"-e{len(original.events):09d}.json")  # counts the whole file


def test_records_only_load_matches_the_full_load(run, progress_file: Path) -> None:
    run("done", "pandas", "--note", 'tricky ,"events":[ note')
    run("start", "sql")
    store = Store(progress_file)
    full, light = store.load(), store.load(history=False)
    assert light.roadmaps == full.roadmaps
    assert light.events == [] and len(full.events) == 2
    assert 'tricky ,"events":[ note' in run("show", "pandas").stdout


def test_a_records_only_progress_cannot_be_saved(progress_file: Path, run) -> None:
    run("done", "pandas")
    store = Store(progress_file)
    before = progress_file.read_bytes()
    with pytest.raises(RuntimeError, match="without its history"):
        store.save(store.load(history=False))
    assert progress_file.read_bytes() == before


def damage_event(progress_file: Path, index: int) -> bytes:
    doc = json.loads(progress_file.read_bytes())
    doc["events"][index]["action"] = "exploded"
    raw = json.dumps(doc, separators=(",", ":")).encode()
    progress_file.write_bytes(raw)
    return raw


def test_damage_in_the_last_event_stops_a_write(run, progress_file: Path) -> None:
    """A change reads the last event (it numbers the next ones), so its damage is reported."""
    run("done", "pandas")
    run("start", "sql")
    raw = damage_event(progress_file, -1)
    assert run("list").exit_code == 0  # the records alone are sound
    result = run("done", "git")
    assert result.exit_code == 1
    assert "events.1.action" in result.stderr
    assert progress_file.read_bytes() == raw


def test_damage_further_back_is_never_lost_nor_mended(run, progress_file: Path) -> None:
    """A change copies the older history byte for byte, unread: damaged, it stays as it was
    (or the change is refused), and `status`, which reads the history, names it."""
    run("done", "pandas")
    run("start", "sql")
    raw = damage_event(progress_file, 0)
    damaged = raw[raw.index(b'"events":[') : raw.index(b'{"seq":2')]
    changed = run("done", "git").exit_code == 0
    assert damaged in progress_file.read_bytes() if changed else progress_file.read_bytes() == raw
    result = run("status")
    assert result.exit_code == 1
    assert "events.0.action" in result.stderr


def test_files_in_another_layout_take_the_full_path(run, progress_file: Path) -> None:
    run("done", "pandas")
    doc = json.loads(progress_file.read_bytes())
    progress_file.write_text(json.dumps(doc, indent=2))  # hand-edited, pretty-printed
    store = Store(progress_file)
    assert store.load(history=False).events == store.load().events != []
