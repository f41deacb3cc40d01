"""`history` and `undo` read a long history from its end; `done` splices it without copies.

The fast routes must say exactly what the full read says: each case runs both and compares.
"""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import changes, fileformat, historytail
from roadmap_cli.records import Progress
from roadmap_cli.store import Store
from test_store import OTHER, RID, TRACK, at


def long_progress(events: int) -> Progress:
    progress = Progress()
    for n in range(events):
        changes.apply(progress, RID, TRACK, [f"s{n % 50}"], ("done", "reset")[n // 50 % 2], at(1))
    return progress


def test_the_splice_copies_the_history_once() -> None:
    progress = long_progress(4000)
    raw = fileformat.serialize(progress)
    loaded = fileformat.records_and_last_event(raw)
    assert loaded is not None
    changes.apply(loaded, RID, TRACK, ["python"], "done", at(2))
    tracemalloc.start()
    try:
        spliced = fileformat.splice(raw, loaded, 1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spliced is not None
    assert raw[raw.find(b',"events":[') : -3] in spliced
    assert peak < 1.3 * len(raw)  # the result only, not copies of the history on the way


# --- the fast routes say exactly what the full read says -------------------------------------


def backdated(p: Progress) -> None:
    changes.apply(p, RID, TRACK, ["python"], "done", at(9))
    changes.apply(p, RID, TRACK, ["sql"], "done", at(10), changes.Details(on=at(2)))
    changes.apply(p, RID, TRACK, ["git"], "start", at(11), changes.Details(on=at(5, 23)))
    changes.apply(p, RID, TRACK, ["numpy"], "start", at(12))


def mixed(p: Progress) -> None:
    changes.apply(p, RID, TRACK, ["python", "sql"], "done", at(1))
    changes.apply(p, "other-roadmap", "t", ["python"], "done", at(2))
    changes.apply(p, RID, OTHER, ["python"], "reset", at(3))  # a skill of this track too
    changes.apply(p, RID, OTHER, ["not-in-this-track"], "start", at(4))
    changes.apply(p, RID, TRACK, ["git"], "note", at(5), changes.Details(note='a "quoted" note'))
    changes.undo(p, at(6))
    changes.apply(p, RID, TRACK, ["numpy"], "start", at(7))


def undo_of_undo(p: Progress) -> None:
    changes.apply(p, RID, TRACK, ["python"], "done", at(1))
    changes.apply(p, RID, TRACK, ["sql"], "done", at(2))
    changes.undo(p, at(3))
    changes.undo(p, at(4))


def all_undone(p: Progress) -> None:
    changes.apply(p, RID, TRACK, ["python"], "done", at(1))
    changes.undo(p, at(2))


def whole_batch(p: Progress) -> None:
    changes.apply(p, RID, TRACK, ["numpy"], "done", at(1))
    changes.apply(p, RID, TRACK, ["python", "sql", "git"], "done", at(2))  # undone whole
    changes.apply(p, RID, TRACK, ["numpy"], "note", at(3), changes.Details(note="x"))
    changes.undo(p, at(4))


STATES: dict[str, Any] = {
    "empty": lambda p: None,
    "one": lambda p: changes.apply(p, RID, TRACK, ["python"], "done", at(1)),
    "long": lambda p: [
        changes.apply(p, RID, TRACK, [f"s{n % 7}"], ("done", "reset")[n // 7 % 2], at(1 + n % 20))
        for n in range(60)
    ],
    "backdated": backdated,
    "mixed": mixed,
    "undo-of-undo": undo_of_undo,
    "all-undone": all_undone,
    "whole-batch": whole_batch,
}
COMMANDS = [
    ("history",),
    ("history", "-n", "2"),
    ("history", "-n", "1000"),
    ("history", "--all"),
    ("history", "--json"),
    ("history", "-n", "3", "--json"),
    ("history", "--since", "2024-03-05"),
    ("history", "--since", "2024-03-05", "-n", "2"),
    ("-t", OTHER, "history", "-n", "3"),
    ("undo",),
]


def full_route(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(historytail, "latest_events", lambda *args: None)
    monkeypatch.setattr(historytail, "records_and_undo_tail", lambda *args: None)


def outcome(run, progress_file: Path, args: tuple[str, ...]) -> tuple:
    """What a run says, and the file it leaves (the new events' ids and times left out)."""
    result = run(*args)
    after = progress_file.read_bytes() if progress_file.exists() else b""
    after = re.sub(rb'"id":"[^"]*",', b"", after)
    after = re.sub(rb'"at":"2026[^"]*"', b"", after)  # an undo's, recorded now
    return result.exit_code, result.stdout, result.stderr, after


def both_routes(run, progress_file: Path, monkeypatch, args: tuple[str, ...]) -> tuple:
    before = progress_file.read_bytes() if progress_file.exists() else None
    fast = outcome(run, progress_file, args)
    if before is not None:
        progress_file.write_bytes(before)
    with monkeypatch.context() as patch:
        full_route(patch)
        full = outcome(run, progress_file, args)
    return fast, full


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("state", STATES)
def test_the_fast_routes_say_what_the_full_read_says(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch, state: str, args: tuple[str, ...]
) -> None:
    progress = Progress()
    STATES[state](progress)
    if progress.events:
        Store(progress_file).save(progress)
    fast, full = both_routes(run, progress_file, monkeypatch, args)
    assert fast == full


def test_the_fast_routes_are_taken(run, progress_file: Path, monkeypatch) -> None:
    progress = Progress()
    mixed(progress)
    Store(progress_file).save(progress)
    taken: list[str] = []
    for name in ("latest_events", "records_and_undo_tail"):
        real = getattr(historytail, name)

        def spy(*args: Any, real: Any = real, name: str = name) -> Any:
            found = real(*args)
            taken.append(f"{name}: {found is not None}")
            return found

        monkeypatch.setattr(historytail, name, spy)
    assert run("history").exit_code == 0
    assert run("undo").exit_code == 0
    assert taken == ["latest_events: True", "records_and_undo_tail: True"]


@pytest.mark.parametrize("args", [("history",), ("history", "-n", "1"), ("undo",)], ids=" ".join)
@pytest.mark.parametrize(
    "damage",
    [
        (b'"action":"start"', b'"action":"stort"'),  # a value no event has
        (b'"skill":"numpy"', b'"skill":"numpy","skill":"numpy"'),  # a key twice
        (b'"skill":"numpy"', b'"skill":"nu\\u006dpy"'),  # an escape serialize never writes
        (b"]}\n", b"],}\n"),  # not JSON
        (b"]}\n", b'],"events":[]}\n'),  # a key after the history
    ],
    ids=["bad-value", "key-twice", "escape", "not-json", "key-after"],
)
def test_a_damaged_tail_is_refused_as_the_full_read_refuses_it(
    run, progress_file: Path, monkeypatch, args: tuple[str, ...], damage: tuple[bytes, bytes]
) -> None:
    progress = Progress()
    mixed(progress)
    Store(progress_file).save(progress)
    raw = progress_file.read_bytes()
    start = raw.rfind(b'{"seq":')
    old, new = damage
    assert old in raw[start:]
    progress_file.write_bytes(raw[:start] + raw[start:].replace(old, new, 1))
    fast, full = both_routes(run, progress_file, monkeypatch, args)
    assert fast == full


# --- the index kept beside the file (see `historycache`): read back, it says what a scan says --


def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every progress file keeps its digest and index, however short (these are)."""
    from roadmap_cli import store as store_module

    monkeypatch.setattr(store_module, "DIGEST_MIN_BYTES", 0)


def full_route_only(patch: pytest.MonkeyPatch) -> None:
    """The full read, and no cache touched (so the fast route's entries stay as they are)."""
    from roadmap_cli import store as store_module

    full_route(patch)
    patch.setattr(store_module, "DIGEST_MIN_BYTES", 2**62)


def blocks(p: Progress) -> None:
    """Several blocks of the index, times out of order across them, many alike, other tracks'
    and other roadmaps' changes between."""
    block = historytail.EventIndex.BLOCK
    for n in range(2 * block + 90):
        skill, when = f"s{n % 9}", at(1 + n // 40)
        if n == 10:
            changes.apply(p, RID, TRACK, ["python"], "done", at(27))  # the latest, in block 0
        elif n == block + 3:
            changes.apply(p, RID, TRACK, ["sql"], "done", at(26), changes.Details(on=at(2)))
        elif n % 5 == 0:
            changes.apply(p, RID, OTHER, ["not-in-this-track"], "start", when)
        elif n % 7 == 0:
            changes.apply(p, "other-roadmap", "t", [skill], "done", when)
        else:
            changes.apply(p, RID, TRACK, [skill], ("done", "reset")[n // 9 % 2], when)
        if n in (block - 1, block + 40):
            changes.undo(p, at(1 + n // 40, 13))


def all_alike(p: Progress) -> None:
    """As the benchmark's history: every change at the same moment."""
    for n in range(3 * historytail.EventIndex.BLOCK + 5):
        changes.apply(p, RID, TRACK, [f"s{n % 7}"], ("done", "reset")[n // 7 % 2], at(1))


def sparse(p: Progress) -> None:
    """The track's few changes, then many of another roadmap's."""
    changes.apply(p, RID, TRACK, ["python"], "done", at(1))
    changes.apply(p, RID, TRACK, ["sql"], "start", at(2))
    for n in range(2 * historytail.EventIndex.BLOCK):
        changes.apply(p, "other-roadmap", "t", [f"s{n % 7}"], "done", at(3))


def out_of_order(p: Progress) -> None:
    """Batches and numbers that do not rise (an edited file): the full read's to say."""
    mixed(p)
    p.events[1].batch, p.events[2].batch = p.events[2].batch, p.events[1].batch
    p.events[3].seq, p.events[4].seq = p.events[4].seq, p.events[3].seq


INDEXED_STATES: dict[str, Any] = {
    "mixed": mixed,
    "undo-of-undo": undo_of_undo,
    "whole-batch": whole_batch,
    "blocks": blocks,
    "all-alike": all_alike,
    "sparse": sparse,
    "out-of-order": out_of_order,
}
INDEXED_COMMANDS = [
    *COMMANDS,
    ("history", "-n", "7"),
    ("history", "--since", "2024-03-09", "-n", "5"),
    ("history", "--since", "2024-03-09", "--json"),
    ("-t", OTHER, "history", "--json"),
]


@pytest.mark.parametrize("args", INDEXED_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("state", INDEXED_STATES)
@pytest.mark.parametrize("cached", [False, True], ids=["counted", "from-the-cache"])
def test_the_index_says_what_the_full_read_says(
    run, progress_file: Path, monkeypatch, state: str, args: tuple[str, ...], cached: bool
) -> None:
    if cached:
        cache_everything(monkeypatch)
    progress = Progress()
    INDEXED_STATES[state](progress)
    Store(progress_file).save(progress)
    assert run("history").exit_code == 0  # a first read: the index made (and kept)
    before = progress_file.read_bytes()
    found: list[bool] = []
    real = historytail.index_of
    monkeypatch.setattr(historytail, "index_of", lambda raw: found.append(True) or real(raw))
    fast = outcome(run, progress_file, args)
    assert not (cached and found)  # read back, not found again
    progress_file.write_bytes(before)
    with monkeypatch.context() as patch:
        full_route_only(patch)
        full = outcome(run, progress_file, args)
    assert fast == full


STEPS = [
    ("history",),
    ("done", "numpy"),
    ("history", "-n", "3"),
    ("undo",),
    ("history", "--json"),
    ("done", "python", "sql"),
    ("undo",),
    ("undo",),  # the batch before: an undo of an undo's neighbour, never of an undo
    ("history", "--since", "2024-03-09"),
    ("note", "git", "a note"),
    ("-t", OTHER, "history", "-n", "4"),
    ("undo",),
    ("history",),
]


@pytest.mark.parametrize("state", ["blocks", "all-alike", "mixed"])
def test_each_change_extends_the_index_the_next_command_reads(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    from clock_helpers import ClockedRun

    cache_everything(monkeypatch)
    run = ClockedRun()
    progress = Progress()
    INDEXED_STATES[state](progress)
    Store(progress_file).save(progress)
    found: list[tuple[str, ...]] = []
    real, real_tail = historytail.index_of, historytail.records_and_undo_tail
    for args in STEPS:
        before = progress_file.read_bytes()
        with monkeypatch.context() as patch:
            full_route_only(patch)
            full = outcome(run, progress_file, args)
        progress_file.write_bytes(before)
        with monkeypatch.context() as patch:

            def spy(raw: bytes, now: tuple[str, ...] = args) -> Any:
                found.append(now)
                return real(raw)

            def tail(raw: bytes, index: Any = None) -> Any:
                found.append(("undo", "with its index" if index else "without"))
                got = real_tail(raw, index)
                assert got is not None  # the fast route, taken
                return got

            patch.setattr(historytail, "index_of", spy)
            patch.setattr(historytail, "records_and_undo_tail", tail)
            assert outcome(run, progress_file, args) == full, args
    # found by its text once; every change after extended it, and each undo read it
    undos = [("undo", "with its index")] * STEPS.count(("undo",))
    assert found == [STEPS[0], *undos]


def test_an_index_of_a_file_changed_since_is_not_read(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_everything(monkeypatch)
    progress = Progress()
    blocks(progress)
    Store(progress_file).save(progress)
    assert run("history").exit_code == 0  # the index of this file, kept
    changes.apply(progress, RID, TRACK, ["git"], "done", at(28))
    progress.events.pop(0)  # not only grown: an event gone from its start too
    Store(progress_file).save(progress)  # by another program: no cache folder
    before = progress_file.read_bytes()
    fast = outcome(run, progress_file, ("history", "-n", "3"))
    progress_file.write_bytes(before)
    with monkeypatch.context() as patch:
        full_route_only(patch)
        assert fast == outcome(run, progress_file, ("history", "-n", "3"))
    assert "Git" in fast[1]


def the_index_entry(progress_file: Path) -> Path:
    (entry,) = (progress_file.parent / "cache").glob("events-*")
    return entry


# Each changes the index's document into something `EventIndex.to_json` never writes.
WRONG_INDEXES = {
    "a key more": lambda doc: doc.update(more=1),
    "a key less": lambda doc: doc.pop("undone"),
    "no events": lambda doc: doc.update(events=0),
    "a count more": lambda doc: doc["counts"][0].__setitem__(3, doc["counts"][0][3] + 1),
    "a count of none": lambda doc: doc["counts"].append([RID, TRACK, "x", 0]),
    "a count as text": lambda doc: doc["counts"][0].__setitem__(3, "1"),
    "a skill twice": lambda doc: doc["counts"].append(list(doc["counts"][0])),
    "a time as a float": lambda doc: doc["maxima"].__setitem__(0, 1.5),
    "a block less": lambda doc: doc["maxima"].pop(),
    "batches out of order": lambda doc: doc["undone"].reverse(),
    "a batch as a flag": lambda doc: doc["undone"].append(True),
    "order as a number": lambda doc: doc.update(ordered=1),
    "a short last": lambda doc: doc["last"].pop(),
}


@pytest.mark.parametrize("how", sorted(WRONG_INDEXES))
def test_an_index_of_the_wrong_shape_is_a_silent_miss(
    run, progress_file: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import json

    cache_everything(monkeypatch)
    progress = Progress()
    blocks(progress)
    Store(progress_file).save(progress)
    expected = run("history", "-n", "4")
    entry = the_index_entry(progress_file)
    good = entry.read_bytes()
    header, body = good.split(b"\n", 1)
    doc = json.loads(body)
    assert len(doc["undone"]) > 1 and len(doc["counts"]) > 1
    WRONG_INDEXES[how](doc)
    entry.write_bytes(header + b"\n" + json.dumps(doc).encode())
    again = run("history", "-n", "4")
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected.stdout, "")
    assert entry.read_bytes() == good  # found again, and kept


def test_the_index_is_data_read_back_as_written() -> None:
    progress = Progress()
    blocks(progress)
    raw = fileformat.serialize(progress)
    index = historytail.index_of(raw)
    assert index is not None and index.ordered and len(index.maxima) >= 2
    again = historytail.EventIndex.from_json(index.to_json())
    assert vars(again) == vars(index)
    grown = historytail.EventIndex.from_json(index.to_json())
    changes.apply(progress, RID, TRACK, ["git"], "done", at(28))
    changes.undo(progress, at(28, 13))
    grown.extend(progress.events[index.events :])
    assert vars(grown) == vars(historytail.index_of(fileformat.serialize(progress)))


@pytest.mark.parametrize("how", ["done", "undo"])
def test_a_change_writes_the_history_without_joining_a_copy(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from roadmap_cli import fsutil

    store = Store(progress_file, cache_dir=progress_file.parent / "cache")
    store.save(long_progress(4000))
    raw = progress_file.read_bytes()
    written: list[tuple[bool, int]] = []
    real = fsutil.atomic_write

    def spy(path: Path, data: Any, *args: Any, **kwargs: Any) -> None:
        parts = [data] if isinstance(data, bytes) else list(data)
        # the history as a view of the file as it was read, not in a new bytes object
        written.extend((isinstance(part, memoryview), len(part)) for part in parts)
        real(path, data, *args, **kwargs)

    monkeypatch.setattr(fsutil, "atomic_write", spy)
    if how == "done":
        with store.transaction(history=False) as progress:
            changes.apply(progress, RID, TRACK, ["python"], "done", at(2))
    else:
        with store.transaction(undo_tail=True) as progress:
            changes.undo(progress, at(2))
    history = raw[raw.find(b',"events":[') : -3]
    assert written and max(size for view, size in written if not view) < len(history) / 10
    assert (True, len(history)) in written
    assert fileformat.parse(progress_file.read_bytes()).events[-1].seq == 4001
