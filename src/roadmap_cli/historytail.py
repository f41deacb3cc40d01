"""Reading a long history from its end (`history`, `undo`), as `fileformat` writes it.

In a file in this version's own layout every event starts with `{"seq":` and keys are found
only as keys (quotes are escaped in strings): the events can be found, counted and indexed by
their text, and only those a command uses validated. Anything that is not exactly as
`serialize` writes it gives None: the caller reads the file whole.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli.fileformat import EVENTS_KEY, content_end, one_event, records_and_last

if TYPE_CHECKING:
    from roadmap_cli.records import Event, Progress

_EVENT_START = b'{"seq":'


def _event_texts_backwards(raw: bytes) -> Any:
    """The text of each event, the last first (each as `serialize` wrote it, unchecked)."""
    end = content_end(raw) - 2  # before the `]}` that closes the history and the file
    floor = raw.find(EVENTS_KEY) + len(EVENTS_KEY)
    while end > floor:
        start = raw.rfind(_EVENT_START, floor, end)
        if start < 0 or (start > floor and raw[start - 1 : start] != b","):
            yield None  # not events as `serialize` writes them
            return
        yield raw[start:end]
        end = start - 1


def _ends_a_history(raw: bytes) -> bool:
    return raw.endswith(b"]}", 0, content_end(raw))


def records_and_undo_tail(raw: bytes) -> Progress | None:
    """The records and the events `changes.undo` needs: the history from the first event of
    the latest batch not undone to the end, marked partial; None for the full path (as
    when there is nothing to undo, which the full path says)."""
    import re

    found = records_and_last(raw, last_event=False)
    if found is None or not found[0]._partial_history or not _ends_a_history(raw):
        return None
    progress = found[0]
    cut = raw.find(EVENTS_KEY)
    # Every batch some undo reverted, from the whole history (`undoes` is an event's key).
    undone = {int(n) for n in re.compile(rb'"undoes":(\d+)').findall(raw, cut)}
    tail: list[Event] = []
    target, left = None, 0
    for text in _event_texts_backwards(raw):
        event = None if text is None else one_event(text)
        if event is None:
            return None
        tail.append(event)
        if target is None and event.action != "undo" and event.batch not in undone:
            target = event.batch
            left = raw.count(b'"batch":%d,' % target, cut)  # its events, wherever they are
        if target is not None and event.batch == target:
            left -= 1
            if left == 0:
                break
    else:
        return None
    tail.reverse()
    seqs = [e.seq for e in tail]
    in_tail = {e.batch for e in tail}
    # Exactly what `changes.undo` finds in the whole history: consecutive events, and each
    # batch here that is undone undone by an event here too.
    if seqs != list(range(seqs[0], seqs[0] + len(seqs))) or (undone & in_tail) - {
        e.undoes for e in tail
    }:
        return None
    progress.events = tail
    return progress


_EVENT_INDEX = (
    rb'\{"seq":(\d+),(?:"id":"[^"\\]*",)?"batch":\d+,"at":"([^"\\]*)",(?:"on":"([^"\\]*)",)?'
    rb'("roadmap":"([^"\\]*)","track":"([^"\\]*)","skill":"([^"\\]*)"),'
)


def on_or_after(when: datetime, since: date | None) -> bool:
    """Whether a change made `when` happened on or after the local day `since` (None: any)."""
    return since is None or when.astimezone().date() >= since


def latest_events(
    raw: bytes, takes: Callable[[str, str, str], bool], since: date | None, limit: int
) -> tuple[list[Event], int] | None:
    """The latest `limit` events (by when they happened, then by number) of those `takes`
    takes (by roadmap, track and skill) that happened `on_or_after` `since`, validated,
    and how many there are; None for the full path.

    Each event's ids and time are read from its text; only the events returned are
    validated (and must say the same).
    """
    import heapq
    import re

    found = records_and_last(raw, last_event=False)
    if found is None or not found[0]._partial_history or limit < 1 or not _ends_a_history(raw):
        return None
    cut = raw.find(EVENTS_KEY)
    end = content_end(raw) - 2
    starts = raw.count(_EVENT_START, cut)
    indexed = taken = 0
    heap: list[tuple[datetime, int, int]] = []
    taking: dict[bytes, bool] = {}  # an event's ids, as text, and whether `takes` takes them
    parse = datetime.fromisoformat
    for match in re.compile(_EVENT_INDEX).finditer(raw, cut):
        indexed += 1
        ids = match[4]
        took = taking.get(ids)
        if took is None:
            roadmap, track, skill = (part.decode() for part in match.groups()[4:])
            took = taking[ids] = takes(roadmap, track, skill)
        if not took:
            continue
        try:
            when = parse((match[3] or match[2]).decode().replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            return None
        if since is None or on_or_after(when, since):
            taken += 1
            item = (when, int(match[1]), match.start())
            if len(heap) < limit:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
    if indexed != starts:
        return None  # an event this index does not read (an escape in an id?)
    shown = []
    for when, seq, start in sorted(heap):
        stop = raw.find(b"," + _EVENT_START, start)
        event = one_event(raw[start : end if stop < 0 else stop])
        if event is None or (event.seq, event.effective) != (seq, when):
            return None
        ids = re.compile(_EVENT_INDEX).match(raw, start)
        if ids is None or [e.encode() for e in (event.roadmap, event.track, event.skill)] != [
            ids[5],
            ids[6],
            ids[7],
        ]:
            return None
        shown.append(event)
    return shown, taken
