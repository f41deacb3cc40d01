"""The progress store: round trips, migration, damaged files, backups, temp files, faults.

Every failure must leave the progress file byte for byte as it was, say so in one line on
stderr, and leave no temporary file behind. Fixture files live in tests/data/progress/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import error_line
from roadmap_cli import changes
from roadmap_cli.changes import Details
from roadmap_cli.digest import Digest
from roadmap_cli.errors import DataError
from roadmap_cli.fileformat import MIGRATIONS, serialize
from roadmap_cli.records import PROGRESS_SCHEMA_VERSION, Link, Progress
from roadmap_cli.store import BACKUPS_KEPT, TEMP_PREFIX, Store

FIXTURES = Path(__file__).parent / "data" / "progress"
V1 = FIXTURES / "v1.json"
RID, TRACK, OTHER = "bundled", "aiml-genai", "genai-engineer"

# Each damaged fixture and what the one error line must say about it.
BAD_FILES = {
    "corrupt.json": "is not valid JSON (line 5, column 22)",
    "truncated.json": "is not valid JSON (line 1, column 1780)",
    "future.json": "has schema_version 99, newer than this program knows (3); "
    "upgrade roadmap-tracker",
    "wrong-shape.json": "has a bad value at roadmaps.bundled.pandas.status: "
    "Input should be 'todo', 'in-progress', 'done' or 'skipped'",
}


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 3, day, hour, 0, tzinfo=timezone.utc)


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{TEMP_PREFIX}*.tmp"))


def backup_names(home: Path) -> list[str]:
    return [p.name for p in Store(home / "progress.json").backups()]


def install(fixture: str, progress_file: Path) -> bytes:
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / fixture, progress_file)
    return progress_file.read_bytes()


def rich_progress() -> Progress:
    """Progress using every field: two tracks, notes, links, a multi-skill batch and an undo."""
    progress = Progress()
    changes.apply(
        progress, RID, TRACK, ["python"], "start", at(1), Details(note="Café ☕ — “quotes”")
    )
    changes.apply(
        progress, RID, TRACK, ["python"], "done", at(2), Details(links=["https://x.dev/a?b=1"])
    )
    changes.apply(progress, RID, TRACK, ["numpy", "pandas"], "done", at(3))
    changes.undo(progress, at(4))
    changes.apply(
        progress, RID, TRACK, ["git"], "skip", at(5), Details(note="line one\nline two\t\x1b")
    )
    changes.apply(progress, RID, OTHER, ["python-basics"], "start", at(6))
    return progress


# --- round trip -------------------------------------------------------------------------------


def test_save_then_load_gives_back_the_same_progress(progress_file: Path) -> None:
    original = rich_progress()
    store = Store(progress_file)
    store.save(original)
    loaded = store.load()
    assert loaded == original
    assert progress_file.read_bytes() == serialize(original)
    assert progress_file.read_bytes().startswith(b'{"schema_version":3,')
    # Saving what was loaded changes nothing: the format is canonical.
    store.save(loaded)
    assert progress_file.read_bytes() == serialize(original)


def test_round_trip_keeps_every_record_and_event(progress_file: Path) -> None:
    store = Store(progress_file)
    store.save(rich_progress())
    loaded = store.load()
    # numpy and pandas undone; python-basics, of another track, beside them
    assert set(loaded.roadmaps[RID]) == {"python", "git", "python-basics"}
    assert [n.text for n in loaded.record(RID, "python").notes] == ["Café ☕ — “quotes”"]
    assert loaded.record(RID, "python").links == [Link(url="https://x.dev/a?b=1", added=at(2))]
    assert [n.text for n in loaded.record(RID, "git").notes] == ["line one\nline two\t\x1b"]
    assert loaded.record(RID, "python-basics").status == "in-progress"
    assert [(e.seq, e.batch, e.skill, e.action) for e in loaded.events] == [
        (1, 1, "python", "start"),
        (2, 2, "python", "done"),
        (3, 3, "numpy", "done"),
        (4, 3, "pandas", "done"),
        (5, 4, "pandas", "undo"),
        (6, 4, "numpy", "undo"),
        (7, 5, "git", "skip"),
        (8, 6, "python-basics", "start"),
    ]
    assert [e.undoes for e in loaded.events if e.action == "undo"] == [3, 3]


def test_a_change_to_a_file_in_an_older_layout_rewrites_it_whole(progress_file: Path) -> None:
    install("v1.json", progress_file)
    store = Store(progress_file)
    with store.transaction() as progress:
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(7))
    assert progress_file.read_bytes() == serialize(progress)
    assert progress_file.read_bytes().startswith(b'{"schema_version":3,')


def test_an_appending_change_keeps_a_damaged_history_as_it_is(progress_file: Path) -> None:
    store = Store(progress_file)
    store.save(rich_progress())
    damaged = progress_file.read_bytes().replace(b'"action":"skip"', b'"action":"explode"', 1)
    progress_file.write_bytes(damaged)
    with store.transaction(history=False) as progress:
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(7))
    written = progress_file.read_bytes()
    assert damaged[: damaged.index(b',"events":[')] != written[: written.index(b',"events":[')]
    assert damaged.rstrip()[damaged.index(b',"events":[') : -2] in written  # history kept
    with pytest.raises(DataError, match=r"events\.6\.action"):  # and still reported
        store.load()


@pytest.mark.parametrize(
    "layout",
    ["no history", "pretty", "last event reordered"],
)
def test_an_appending_change_to_other_layouts_reads_the_whole_file(
    progress_file: Path, layout: str
) -> None:
    store = Store(progress_file)
    if layout == "no history":
        original = Progress()
        changes.apply(original, RID, TRACK, ["python"], "start", at(1))
        original.events.clear()
        raw = serialize(original)
    else:
        original = rich_progress()
        doc = json.loads(serialize(original))
        if layout == "pretty":
            raw = json.dumps(doc, indent=2).encode()
        else:
            doc["events"][-1] = dict(reversed(doc["events"][-1].items()))
            raw = json.dumps(doc, separators=(",", ":")).encode()
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    progress_file.write_bytes(raw)
    with store.transaction(history=False) as progress:
        assert progress.events == original.events
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(7))
    after = store.load()
    assert after.events[:-1] == original.events
    assert after.events[-1].skill == "sql"
    assert json.loads(progress_file.read_bytes()) == json.loads(serialize(after))


# --- the history's digest, cached for `status` ------------------------------------------------


def digest_shape(digest: Any) -> object:
    roadmaps = {rid: (m.first, m.done, m.logs) for rid, m in digest.roadmaps.items()}
    # events compared without their ids: each `rich_progress()` draws new ones
    recent = {k: [e.model_dump(exclude={"id"}) for e in t.recent] for k, t in digest.tracks.items()}
    return digest.progress_times, roadmaps, recent


@pytest.fixture
def cached_store(progress_file: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    from roadmap_cli import store as store_module

    monkeypatch.setattr(store_module, "DIGEST_MIN_BYTES", 0)  # these files are small
    store = Store(progress_file, cache_dir=progress_file.parent / "cache")
    store.save(rich_progress())
    return store


def test_a_short_history_keeps_no_digest(progress_file: Path) -> None:
    store = Store(progress_file, cache_dir=progress_file.parent / "cache")
    store.save(rich_progress())
    _, digest = store.digest()
    with store.transaction(history=False) as progress:
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(8))
    assert not (progress_file.parent / "cache").exists()
    assert digest_shape(digest) == digest_shape(Digest.of(rich_progress().events))


def no_history_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Store, raw: bytes) -> Progress:
        raise AssertionError("the whole history was read")

    monkeypatch.setattr(Store, "parse", refuse)


def test_the_digest_is_cached_and_kept_up_to_date_by_appending_changes(
    cached_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for entry in (cached_store.path.parent / "cache").glob("history-*.json"):
        entry.unlink()  # the save made one: start from none
    records, digest = cached_store.digest()  # a miss: made from the whole history
    assert digest_shape(digest) == digest_shape(Digest.of(rich_progress().events))
    assert records == cached_store.load()
    no_history_reading(monkeypatch)
    records, again = cached_store.digest()
    assert digest_shape(again) == digest_shape(digest)
    assert records.roadmaps == rich_progress().roadmaps
    with cached_store.transaction(history=False) as progress:
        changes.apply(progress, RID, TRACK, ["sql", "git"], "done", at(8))
    records, after = cached_store.digest()  # extended by the save, not made again
    monkeypatch.undo()
    assert digest_shape(after) == digest_shape(Digest.of(cached_store.load().events))
    assert records.record(RID, "sql").status == "done"
    assert len(list((cached_store.path.parent / "cache").glob("history-*.json"))) == 1


def test_an_undo_makes_the_digest_again(
    cached_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_store.digest()
    with cached_store.transaction() as progress:
        changes.undo(progress, at(8))
    no_history_reading(monkeypatch)
    _, digest = cached_store.digest()
    monkeypatch.undo()
    assert digest_shape(digest) == digest_shape(Digest.of(cached_store.load().events))


def test_a_file_changed_by_hand_is_read_whole_and_its_damage_reported(
    cached_store: Store,
) -> None:
    cached_store.digest()
    raw = cached_store.path.read_bytes()
    cached_store.path.write_bytes(raw.replace(b'"action":"skip"', b'"action":"explode"', 1))
    with pytest.raises(DataError, match=r"events\.6\.action"):
        cached_store.digest()


def test_without_a_cache_folder_the_digest_is_made_each_time(progress_file: Path) -> None:
    store = Store(progress_file)
    store.save(rich_progress())
    records, digest = store.digest()
    assert digest_shape(digest) == digest_shape(Digest.of(rich_progress().events))
    without_ids = {"events": {"__all__": {"id"}}}
    assert records.model_dump(exclude=without_ids) == rich_progress().model_dump(
        exclude=without_ids
    )
    assert Store(progress_file.parent / "none.json").digest()[0] == Progress()


def test_pretty_printed_file_reads_the_same_as_the_compact_one(tmp_path: Path) -> None:
    original = rich_progress()
    compact = serialize(original)
    pretty = json.dumps(json.loads(compact), indent=2, ensure_ascii=True).encode()
    store = Store(tmp_path / "progress.json")
    assert store.parse(pretty) == store.parse(compact) == original


def test_missing_file_loads_as_empty_progress(progress_file: Path) -> None:
    assert not progress_file.exists()
    assert Store(progress_file).load() == Progress()
    assert not progress_file.exists()


def test_empty_progress_serializes_to_just_the_version() -> None:
    assert serialize(Progress()) == b'{"schema_version":3}\n'


def test_a_write_that_changes_nothing_does_not_touch_the_file(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    before = progress_file.read_bytes()
    inode = progress_file.stat().st_ino
    ok(run("done", "pandas"))
    ok(run("reset", "numpy"))
    assert progress_file.read_bytes() == before
    assert progress_file.stat().st_ino == inode  # not even rewritten with the same bytes
    assert backup_names(progress_file.parent) == []


# --- migration --------------------------------------------------------------------------------


def _links_as_objects(record: dict[str, Any]) -> dict[str, Any]:
    if "links" in record:
        return {**record, "links": [{"url": url} for url in record["links"]]}
    return record


def expected_from_v1() -> dict[str, Any]:
    """The v1 fixture as schema 2 should hold it, written out independently of the store."""
    raw = json.loads(V1.read_text(encoding="utf-8"))
    roadmaps = {
        rid: {
            tid: {sid: _links_as_objects(rec) for sid, rec in skills.items()}
            for tid, skills in tracks.items()
        }
        for rid, tracks in raw["roadmaps"].items()
    }
    events = [{**e, "before": _links_as_objects(e["before"])} for e in raw["events"]]
    return {"roadmaps": roadmaps, "events": events}


def test_every_older_schema_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(1, PROGRESS_SCHEMA_VERSION))


def test_v1_file_migrates_keeping_every_record_note_link_and_event() -> None:
    raw = json.loads(V1.read_text(encoding="utf-8"))
    step = MIGRATIONS[1](raw, {})
    assert step["schema_version"] == 2
    assert {"roadmaps": step["roadmaps"], "events": step["events"]} == expected_from_v1()
    progress = Store(V1).load()  # then on to schema 3 (see test_migration_v3)
    assert progress.schema_version == 3
    # Spot checks, stated by hand.
    python = progress.record(RID, "python")
    assert python.status == "done"
    assert [n.text for n in python.notes] == ["Finished the official tutorial — chapters 1–9"]
    assert python.links == [
        Link(url="https://github.com/learner/py-exercises"),
        Link(url="https://docs.python.org/3/tutorial/"),
    ]
    assert python.links[0].added is None
    assert progress.record(RID, "python-basics").links == [
        Link(url="https://example.com/certificates/python-basics.pdf")
    ]
    assert [n.text for n in progress.record(RID, "git").notes] == ["Already use it daily"]
    assert len(progress.roadmaps[RID]) == 5
    assert [e.seq for e in progress.events] == list(range(1, 14))
    assert progress.events[4].before.links == [Link(url="https://github.com/learner/py-exercises")]
    assert all(e.id for e in progress.events)
    assert [e.undoes for e in progress.events if e.action == "undo"] == [8, 8]


def test_reading_a_v1_file_never_rewrites_it(run, progress_file: Path) -> None:
    original = install("v1.json", progress_file)
    listing = ok(run("list")).stdout
    # python: done in both tracks of the v1 file (genai-engineer's as python-basics, which
    # `python` now replaces): one record, the later finish
    assert "done 2024-02-01" in listing
    report = ok(run("doctor")).stdout
    assert f"progress: ok: {progress_file} (schema 3, 4 skills with progress, 13 changes)" in (
        report.splitlines()
    )
    assert progress_file.read_bytes() == original
    assert backup_names(progress_file.parent) == []


def test_a_cli_write_stores_a_v1_file_as_schema_3(run, progress_file: Path) -> None:
    original = install("v1.json", progress_file)
    ok(run("done", "sql"))
    raw = progress_file.read_bytes()
    assert raw.startswith(b'{"schema_version":3,')
    on_disk = json.loads(raw)
    expected = expected_from_v1()
    records = on_disk["roadmaps"][RID]
    # Python Basics is now the skill 'python' (it `replaces` python-basics): its record moved.
    renamed = {"python-basics": "python"}
    kept = {
        renamed.get(sid, sid) for skills in expected["roadmaps"][RID].values() for sid in skills
    }
    assert set(records) == {"sql"} | kept
    assert records["sql"]["status"] == "done"
    for event in on_disk["events"][:13]:
        event.pop("id")
        event.pop("before")
    assert on_disk["events"][:13] == [
        {k: v for k, v in e.items() if k != "before"} for e in expected["events"]
    ]
    assert [e["skill"] for e in on_disk["events"][13:]] == ["sql"]
    assert on_disk["events"][13]["seq"] == 14
    assert on_disk["events"][13]["batch"] == 12
    # The v1 file itself is the first backup, untouched.
    [backup] = Store(progress_file).backups()
    assert backup.read_bytes() == original
    assert backup.name.endswith("-e000000013.json")


# --- damaged files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(BAD_FILES))
def test_a_damaged_file_stops_a_read_command_with_one_line(
    run, progress_file: Path, fixture: str
) -> None:
    original = install(fixture, progress_file)
    message = error_line(run("list"))
    assert message.startswith(f"{progress_file}: progress file {BAD_FILES[fixture]}")
    assert progress_file.read_bytes() == original


@pytest.mark.parametrize("fixture", sorted(BAD_FILES))
@pytest.mark.parametrize("command", [("done", "pandas"), ("reset", "python"), ("undo",)])
def test_a_damaged_file_is_never_overwritten(
    run, progress_file: Path, fixture: str, command: tuple[str, ...]
) -> None:
    original = install(fixture, progress_file)
    message = error_line(run(*command))
    assert message.startswith(f"{progress_file}: progress file {BAD_FILES[fixture]}")
    assert progress_file.read_bytes() == original
    # No backup, no temp file, nothing else beside it.
    assert {p.name for p in progress_file.parent.iterdir()} <= {
        "cache",
        "progress.json",
        "progress.json.lock",
    }


@pytest.mark.parametrize("fixture", ["corrupt.json", "truncated.json", "wrong-shape.json"])
def test_damage_message_points_at_restore_only_when_a_backup_exists(
    run, progress_file: Path, fixture: str
) -> None:
    install(fixture, progress_file)
    assert error_line(run("done", "pandas")).endswith("; left untouched (no backup exists yet)")
    progress_file.unlink()
    ok(run("done", "python"))
    ok(run("done", "numpy"))  # backs up the first state
    install(fixture, progress_file)
    assert error_line(run("done", "pandas")).endswith(
        "; left untouched ('roadmap doctor --restore-backup' puts back the newest backup)"
    )


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"\xc3\x28 not utf-8 \x80", "is not UTF-8 text"),
        (b'{"schema_version":1,"n":' + b"7" * 5000 + b"}", "holds a number too long to be read"),
        (b"", "is not valid JSON (line 1, column 1)"),
        (b"[1, 2]", "does not hold a JSON object"),
        (b'{"roadmaps": {}}', "has no valid schema_version"),
        (b'{"schema_version": "2"}', "has no valid schema_version"),
        (b'{"schema_version": true}', "has no valid schema_version"),
        (b'{"schema_version": 0}', "has no valid schema_version"),
        (b'{"schema_version": 1, "events": 7}', "has a shape schema_version 1 never had"),
        (b'{"schema_version": 2, "events": {"count": 2}}', "has a bad value at events: "),
        (b"[" * 100_000, "is nested too deeply to be a progress file"),
    ],
)
def test_each_kind_of_damage_is_named(tmp_path: Path, raw: bytes, problem: str) -> None:
    path = tmp_path / "progress.json"
    with pytest.raises(DataError) as caught:
        Store(path).parse(raw)
    message = str(caught.value)
    assert message.startswith(f"{path}: progress file {problem}")
    assert "\n" not in message


@pytest.mark.parametrize("fixture", sorted(BAD_FILES))
def test_doctor_reports_a_damaged_file_as_a_problem(run, progress_file: Path, fixture: str) -> None:
    original = install(fixture, progress_file)
    result = run("doctor")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("roadmap: ok: ")
    assert lines[1].startswith(f"progress: PROBLEM: {progress_file}: progress file ")
    assert BAD_FILES[fixture] in lines[1]
    assert not any(line.startswith("orphans:") for line in lines)
    assert progress_file.read_bytes() == original


def three_writes(run, progress_file: Path) -> bytes:
    """Four changes; returns the state after the third (what the newest backup holds)."""
    ok(run("done", "python"))
    ok(run("start", "numpy"))
    ok(run("note", "numpy", "broadcasting", "--link", "https://numpy.org/doc/"))
    second = progress_file.read_bytes()
    ok(run("skip", "git"))
    return second


@pytest.mark.parametrize("fixture", sorted(BAD_FILES))
def test_restore_backup_puts_back_the_newest_good_backup(
    run, progress_file: Path, fixture: str
) -> None:
    second = three_writes(run, progress_file)
    broken = install(fixture, progress_file)
    result = ok(run("doctor", "--restore-backup"))
    assert progress_file.read_bytes() == second
    [kept] = progress_file.parent.glob("progress.json.broken-*")
    assert kept.read_bytes() == broken
    newest = Store(progress_file).backups()[0]
    assert result.stdout == (
        f"Restored {newest.name} to {progress_file}; the replaced file is kept as {kept}\n"
    )
    # Everything works again, from the restored state.
    ok(run("list"))
    ok(run("done", "pandas"))
    progress = Store(progress_file).load()
    assert progress.status_map(RID) == {
        "python": "done",
        "numpy": "in-progress",
        "pandas": "done",
    }
    assert temp_files(progress_file.parent) == []


def test_restore_skips_backups_that_do_not_load(run, progress_file: Path) -> None:
    ok(run("done", "python"))
    first = progress_file.read_bytes()
    ok(run("done", "numpy"))
    ok(run("done", "pandas"))
    newest = Store(progress_file).backups()[0]
    newest.unlink()  # a backup is a hard link: unlink first, never write through it
    newest.write_bytes(b'{"schema_version":2,"roadmaps":')
    install("corrupt.json", progress_file)
    ok(run("doctor", "--restore-backup"))
    assert progress_file.read_bytes() == first


def test_restore_without_a_usable_backup_changes_nothing(run, progress_file: Path) -> None:
    original = install("corrupt.json", progress_file)
    message = error_line(run("doctor", "--restore-backup"))
    assert message == f"{progress_file.parent / 'backups'}: no usable backup to restore"
    assert progress_file.read_bytes() == original
    assert list(progress_file.parent.glob("progress.json.broken-*")) == []


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """`datetime.now()` stuck on one instant, for code that imports datetime when it runs."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Frozen:  # type: ignore[override]
            return cls(2025, 6, 1, 12, 0, 0, tzinfo=tz)

    monkeypatch.setattr(dt, "datetime", Frozen)


def test_two_restores_in_one_second_keep_both_replaced_files(
    run, progress_file: Path, frozen_clock: None
) -> None:
    three_writes(run, progress_file)
    broken = install("future.json", progress_file)
    ok(run("doctor", "--restore-backup"))
    again = install("corrupt.json", progress_file)
    ok(run("doctor", "--restore-backup"))
    kept = sorted(p.read_bytes() for p in progress_file.parent.glob("progress.json.broken-*"))
    assert kept == sorted([broken, again])


# --- backups ----------------------------------------------------------------------------------

SKILLS = ["python", "numpy", "pandas", "matplotlib", "seaborn", "git", "linear-algebra"]
MORE = ["probability", "statistics", "calculus", "sql", "regression", "classification"]
MORE += ["clustering", "xgboost", "lightgbm", "docker"]


def test_each_write_adds_one_backup_of_the_file_it_replaces(run, progress_file: Path) -> None:
    home = progress_file.parent
    ok(run("done", SKILLS[0]))
    assert backup_names(home) == []  # nothing to back up before the first write
    for count, skill in enumerate(SKILLS[1:], start=1):
        before = progress_file.read_bytes()
        ok(run("done", skill))
        names = backup_names(home)
        assert len(names) == min(count, BACKUPS_KEPT)
        newest = home / "backups" / names[0]
        assert newest.read_bytes() == before
        assert newest.name.endswith(f"-e{count:09d}.json")
    # Only the newest BACKUPS_KEPT are kept (the newest is also the richest here).
    assert [n.rsplit("-e", 1)[1] for n in backup_names(home)] == [
        f"{n:09d}.json" for n in range(len(SKILLS) - 1, len(SKILLS) - 1 - BACKUPS_KEPT, -1)
    ]
    # Reads and no-op writes add none.
    ok(run("list"))
    ok(run("done", SKILLS[0]))
    assert len(backup_names(home)) == BACKUPS_KEPT


def test_the_backup_with_the_longest_history_survives_a_run_of_writes(
    run, progress_file: Path, tmp_path: Path
) -> None:
    home = progress_file.parent
    ok(run("done", "python"))
    ok(run("done", "numpy", "pandas"))
    old_export = tmp_path / "old-export.json"
    ok(run("export", "--format", "json", "-o", str(old_export)))  # 3 events of history
    for skill in MORE:
        ok(run("done", skill))
    rich = progress_file.read_bytes()
    events = len(Store(progress_file).load().events)
    assert events == 3 + len(MORE)
    # The old export comes back (a mistake), then a run of resets: short histories, each
    # backed up, until the newest BACKUPS_KEPT backups are all poorer than the lost file.
    ok(run("import", str(old_export)))  # the rich file goes to backups/
    progress_file.write_bytes(old_export.read_bytes())  # then copied back by hand
    for verb, skill in [
        ("reset", "python"),
        ("reset", "numpy"),
        ("reset", "pandas"),
        ("done", "python"),
        ("reset", "python"),
        ("done", "numpy"),
        ("reset", "numpy"),
    ]:
        ok(run(verb, skill))
    names = backup_names(home)
    assert len(names) == BACKUPS_KEPT + 1
    richest = [n for n in names if n.endswith(f"-e{events:09d}.json")]
    assert len(richest) == 1
    assert richest[0] == names[-1]  # the oldest kept, but kept
    assert (home / "backups" / richest[0]).read_bytes() == rich
    assert all(int(n.rsplit("-e", 1)[1].removesuffix(".json")) < events for n in names[:-1])


def test_writes_leave_no_temporary_files(run, progress_file: Path) -> None:
    for skill in SKILLS:
        ok(run("start", skill))
        ok(run("done", skill, "--note", f"notes on {skill}"))
    ok(run("undo"))
    ok(run("reset", *SKILLS[:3]))
    assert sorted(p.name for p in progress_file.parent.iterdir()) == [
        "backups",
        "cache",
        "progress.json",
        "progress.json.lock",
    ]
    assert temp_files(progress_file.parent) == []


def test_a_write_sweeps_temporary_files_of_interrupted_writers(run, progress_file: Path) -> None:
    home = progress_file.parent
    ok(run("done", "python"))
    strays = [f"{TEMP_PREFIX}a1b2c3.tmp", f"{TEMP_PREFIX}zz_9.tmp"]
    for name in strays:
        (home / name).write_bytes(b'{"schema_version":2,"roadm')
    unrelated = [f"{TEMP_PREFIX}keep.txt", "notes.tmp", ".other-x.tmp"]
    for name in unrelated:
        (home / name).write_text("mine", encoding="utf-8")
    before = progress_file.read_bytes()
    ok(run("list"))  # readers never lock, so they never sweep
    assert temp_files(home) == strays
    report = ok(run("doctor")).stdout.splitlines()
    assert f"temporary files left by interrupted writes: {', '.join(strays)}" in report
    assert progress_file.read_bytes() == before
    ok(run("done", "numpy"))
    assert temp_files(home) == []
    for name in unrelated:
        assert (home / name).read_text(encoding="utf-8") == "mine"
    assert Store(progress_file).load().status_map(RID) == {
        "python": "done",
        "numpy": "done",
    }


# --- orphans ----------------------------------------------------------------------------------

ORPHANS = {
    "schema_version": 3,
    "roadmaps": {
        RID: {
            "python": {"status": "done", "finished": "2024-01-10T18:30:00Z"},
            "old-skill": {
                "status": "in-progress",
                "started": "2023-11-01T08:00:00Z",
                "notes": [{"text": "renamed away", "at": "2023-11-01T08:00:00Z"}],
                "links": [{"url": "https://example.com/old"}],
            },
        }
    },
}


def test_orphaned_records_survive_writes_and_doctor_lists_them(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps(ORPHANS), encoding="utf-8")
    ok(run("list"))
    ok(run("done", "pandas"))
    ok(run("start", "numpy"))
    ok(run("undo"))
    ok(run("reset", "python"))
    on_disk = json.loads(progress_file.read_bytes())
    records = on_disk["roadmaps"][RID]
    assert records["old-skill"] == ORPHANS["roadmaps"][RID]["old-skill"]
    assert set(records) == {"old-skill", "pandas"}
    result = ok(run("doctor"))
    lines = result.stdout.splitlines()
    assert (
        "orphans: bundled: progress kept for skills this roadmap no longer has: old-skill" in lines
    )


# --- faults while writing ---------------------------------------------------------------------

ERRNOS = [errno.ENOSPC, errno.EACCES]


class _FailingWrites:
    """A real file whose writes put half the data on disk, then fail like a full disk."""

    def __init__(self, handle: Any, err: int) -> None:
        self._handle, self._err = handle, err

    def __enter__(self) -> _FailingWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(self._err, os.strerror(self._err))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def inject(monkeypatch: pytest.MonkeyPatch, where: str, err: int, target: Path) -> None:
    """Make one step of saving `target` fail with `err`; every other file works as usual."""
    failure = OSError(err, os.strerror(err))
    ours: set[int] = set()
    real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen
    real_replace, real_fsync = os.replace, os.fsync

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if where == "mkstemp" and kwargs.get("prefix") == TEMP_PREFIX:
            raise failure
        fd, name = real_mkstemp(*args, **kwargs)
        if kwargs.get("prefix") == TEMP_PREFIX:
            ours.add(fd)
        return fd, name

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        return _FailingWrites(handle, err) if where == "write" and fd in ours else handle

    def fsync(fd: int) -> None:
        if where == "fsync" and fd in ours:
            raise failure
        real_fsync(fd)

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if where == "replace" and Path(dst) == target:
            raise failure
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)


WHERE = ["mkstemp", "write", "fsync", "replace"]


@pytest.mark.parametrize("err", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("where", WHERE)
def test_a_failed_save_changes_nothing_and_says_so(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch, where: str, err: int
) -> None:
    ok(run("done", "python"))
    ok(run("start", "numpy"))
    before = progress_file.read_bytes()
    with monkeypatch.context() as patch:
        inject(patch, where, err, progress_file)
        message = error_line(run("done", "pandas"))
    assert message == (
        f"{progress_file}: could not save progress ({os.strerror(err)}); nothing was changed"
    )
    assert progress_file.read_bytes() == before
    assert temp_files(progress_file.parent) == []
    # The lock was released and the store still works.
    ok(run("done", "pandas"))
    assert Store(progress_file).load().status_map(RID) == {
        "python": "done",
        "numpy": "in-progress",
        "pandas": "done",
    }


@pytest.mark.parametrize("where", WHERE)
def test_a_failed_first_save_creates_no_file(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    ok(run("list"))  # the roadmap cache is built, outside the fault
    with monkeypatch.context() as patch:
        inject(patch, where, errno.ENOSPC, progress_file)
        message = error_line(run("done", "pandas"))
    assert "could not save progress (No space left on device)" in message
    assert not progress_file.exists()
    assert temp_files(progress_file.parent) == []


def test_save_failure_in_the_store_api_raises_store_error(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_cli.errors import StoreError

    store = Store(progress_file)
    store.save(rich_progress())
    before = progress_file.read_bytes()
    inject(monkeypatch, "fsync", errno.EIO, progress_file)
    failure = r"could not save progress \(Input/output error\)"
    with pytest.raises(StoreError, match=failure), store.transaction() as progress:
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(9))
    assert progress_file.read_bytes() == before
    assert temp_files(progress_file.parent) == []


# --- a folder that cannot be written ----------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    mode = folder.stat().st_mode
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("chmod does not stop this user (root?) from writing")
        yield
    finally:
        folder.chmod(mode)


def test_read_only_folder_fails_cleanly(run, progress_file: Path) -> None:
    ok(run("done", "python"))
    before = progress_file.read_bytes()
    with read_only(progress_file.parent):
        message = error_line(run("done", "pandas"))
        assert message == (
            f"{progress_file}: could not save progress (Permission denied); nothing was changed"
        )
        ok(run("list"))  # reading still works
    assert progress_file.read_bytes() == before
    assert temp_files(progress_file.parent) == []


def test_read_only_folder_without_lock_file_fails_cleanly(run, progress_file: Path) -> None:
    ok(run("done", "python"))
    before = progress_file.read_bytes()
    (progress_file.parent / "progress.json.lock").unlink()
    with read_only(progress_file.parent):
        message = error_line(run("done", "pandas"))
        assert message == f"{progress_file}.lock: cannot open lock file: Permission denied"
    assert progress_file.read_bytes() == before


# --- regressions -------------------------------------------------------------------------------


def test_a_repeated_schema_version_key_cannot_sneak_past_the_check(
    run, progress_file: Path
) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(b'{"schema_version":2,"schema_version":99}\n')
    message = error_line(run("list"))
    assert "has the key 'schema_version' twice in one object" in message


def test_a_file_that_loads_can_be_saved_again(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    doc = b'{"schema_version":2,"roadmaps":{"bundled":{"aiml-genai":{"numpy":{"status":"done","note":"\\ud800"}}}}}\n'  # noqa: E501
    progress_file.write_bytes(doc)
    result = run("done", "pandas")
    if result.exit_code == 0:
        return  # saved: fine
    error_line(result)  # refused in one line: fine too
    assert progress_file.read_bytes() == doc


def test_a_huge_number_is_reported_as_damage(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    original = b'{"schema_version":1,"n":' + b"7" * 5000 + b"}"
    progress_file.write_bytes(original)
    message = error_line(run("list"))
    assert message.startswith(f"{progress_file}: progress file holds a number too long to be read")
    assert "set_int_max_str_digits" not in message
    error_line(run("done", "pandas"))
    assert progress_file.read_bytes() == original


STRANGE_KEY = b'{"schema_version":2,"roadmaps":{"bundled\\n\\u001b[2J":5}}'


def test_a_bad_value_under_a_strange_key_is_one_inert_cli_line(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(STRANGE_KEY)
    message = error_line(run("list"))
    assert "\x1b" not in message
    assert message.startswith(f"{progress_file}: progress file has a bad value at roadmaps.")
    assert progress_file.read_bytes() == STRANGE_KEY


def test_the_store_error_itself_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        Store(tmp_path / "progress.json").parse(STRANGE_KEY)
    message = str(caught.value)
    assert message.splitlines() == [message]
    assert "\x1b" not in message


def test_doctor_problem_line_stays_one_line(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(STRANGE_KEY)
    result = run("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("progress: PROBLEM: ")
    assert lines[2].startswith("backups: ")
