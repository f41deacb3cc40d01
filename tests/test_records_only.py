"""Read-only commands skip the history; that shortcut never loses or misreads anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_cli.store import Store


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
