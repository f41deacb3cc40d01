"""`history` and `undo` read a long history from its end; `done` splices it without copies.

The fast routes must say exactly what the full read says: each case runs both and compares.
"""

from __future__ import annotations

import tracemalloc

from roadmap_cli import changes, fileformat
from roadmap_cli.records import Progress
from test_store import RID, TRACK, at


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
