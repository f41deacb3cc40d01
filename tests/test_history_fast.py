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
