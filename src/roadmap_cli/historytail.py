"""Reading a long history from its end (`history`, `undo`), as `fileformat` writes it.

In a file in this version's own layout every event starts with `{"seq":` and keys are found
only as keys (quotes are escaped in strings): the events can be found, counted and indexed by
their text, and only those a command uses validated. Anything that is not exactly as
`serialize` writes it gives None: the caller reads the file whole.

An `EventIndex` says what a scan of the whole history found (how many events each skill has,
the latest time in each block of events, the batches undone): `store` keeps it in the cache
beside the file and extends it with each change, so that a command reads only the history's
end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from roadmap_cli.fileformat import EVENTS_KEY, content_end, one_event, records_and_last

if TYPE_CHECKING:
    from roadmap_cli.records import Event, Progress

EVENT_START = b'{"seq":'
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)

# An event's number, batch, times and ids, as `serialize` writes them (quotes escaped in text).
_EVENT_INDEX = (
    rb'\{"seq":(\d+),(?:"id":"[^"\\]*",)?"batch":(\d+),"at":"([^"\\]*)",(?:"on":"([^"\\]*)",)?'
    rb'("roadmap":"([^"\\]*)","track":"([^"\\]*)","skill":"([^"\\]*)"),'
)


def _micros(when: datetime) -> int:
    """A time as whole microseconds since 1970 (exact, unlike a float's seconds)."""
    return (when - _EPOCH) // _MICROSECOND


def _parse_time(text: bytes) -> datetime | None:
    """A time as `serialize` writes it; None if it is not one with its zone."""
    try:
        when = datetime.fromisoformat(text.decode().replace("Z", "+00:00"))
    except ValueError:
        return None
    return None if when.tzinfo is None else when


class EventIndex:
    """What `history` and `undo` need of a whole history, found once by its text.

    Kept beside the file (see `store`) and extended with each change, so a command reads only
    the end of a long history: how many events each (roadmap, track, skill) has, the latest
    time (`Event.effective`) in each block of BLOCK events, the batches undone, and whether
    the history is in order (numbers rising, batches never going back, so each batch is one
    run of events).
    """

    BLOCK = 256

    def __init__(self) -> None:
        self.events = 0
        self.counts: dict[tuple[str, str, str], int] = {}
        self.maxima: list[int] = []  # per block, the latest time (see `_micros`)
        self.undone: set[int] = set()
        self.ordered = True
        self.last: tuple[int, int] = (0, 0)  # the last event's number and batch

    def add(self, ids: tuple[str, str, str], when: int, seq: int, batch: int) -> None:
        if self.events and (seq <= self.last[0] or batch < self.last[1]):
            self.ordered = False
        self.counts[ids] = self.counts.get(ids, 0) + 1
        block = self.events // self.BLOCK
        if block == len(self.maxima):
            self.maxima.append(when)
        elif when > self.maxima[block]:
            self.maxima[block] = when
        self.events += 1
        self.last = (seq, batch)

    def extend(self, events: Sequence[Event]) -> None:
        """Take in events appended to the history."""
        for event in events:
            ids = (event.roadmap, event.track, event.skill)
            self.add(ids, _micros(event.effective), event.seq, event.batch)
            if event.undoes is not None:
                self.undone.add(event.undoes)

    def taken(self, takes: Callable[[str, str, str], bool]) -> int:
        """How many events `takes` takes (by roadmap, track and skill)."""
        return sum(n for ids, n in self.counts.items() if takes(*ids))

    # --- in the cache (see `store`): JSON, checked whole when read back -------------------

    def to_json(self) -> bytes:
        import json

        doc = {
            "events": self.events,
            "counts": [[*ids, n] for ids, n in self.counts.items()],
            "maxima": self.maxima,
            "undone": sorted(self.undone),
            "ordered": self.ordered,
            "last": list(self.last),
        }
        return json.dumps(doc, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> EventIndex:
        """The index `to_json` wrote; ValueError for anything it would not have written."""
        import json

        def refuse(constant: str) -> None:
            raise ValueError(f"not a number: {constant}")

        doc = json.loads(raw, parse_constant=refuse)
        keys = {"events", "counts", "maxima", "undone", "ordered", "last"}
        if not isinstance(doc, dict) or doc.keys() != keys:
            raise ValueError("not an index")
        index = cls()
        events, counts, maxima, undone = doc["events"], doc["counts"], doc["maxima"], doc["undone"]
        if not (_whole(events) and events > 0 and type(doc["ordered"]) is bool):
            raise ValueError("not a count of events")
        if not (isinstance(counts, list) and isinstance(maxima, list)):
            raise ValueError("not counts and times")
        for row in counts:
            if not (
                isinstance(row, list)
                and len(row) == 4
                and all(type(part) is str for part in row[:3])
                and _whole(row[3])
                and row[3] > 0
            ):
                raise ValueError("not a count of one skill's events")
            index.counts[row[0], row[1], row[2]] = row[3]
        if len(index.counts) != len(counts) or sum(index.counts.values()) != events:
            raise ValueError("counts seen twice, or not adding up")
        if len(maxima) != -(-events // cls.BLOCK) or not all(_whole(m) for m in maxima):
            raise ValueError("not a time for each block")
        if not (isinstance(undone, list) and all(_whole(b) for b in undone)):
            raise ValueError("not batches")
        if undone != sorted(set(undone)):
            raise ValueError("batches out of order")
        last = doc["last"]
        if not (isinstance(last, list) and len(last) == 2 and all(_whole(n) for n in last)):
            raise ValueError("not the last event's number and batch")
        index.events, index.maxima, index.undone = events, maxima, set(undone)
        index.ordered, index.last = doc["ordered"], (last[0], last[1])
        return index


def _whole(value: object) -> bool:
    return type(value) is int and value >= 0


def _ends_a_history(raw: bytes) -> bool:
    return raw.endswith(b"]}", 0, content_end(raw))


def index_of(raw: bytes, validated: bool = False) -> EventIndex | None:
    """The index of the history in `raw`, found by its text (each event's ids and times; none
    but the last validated, as `records_and_last` checks the records); None for the full path.
    `validated`: the fast route's entries say the full route validated these bytes whole, so
    only their layout is checked (without Pydantic).
    """
    import re

    if validated:
        if not _own_history(raw):
            return None
    else:
        found = records_and_last(raw, last_event=False)
        if found is None or not found[0]._partial_history or not _ends_a_history(raw):
            return None
    cut = raw.find(EVENTS_KEY)
    index = EventIndex()
    times: dict[bytes, int] = {}  # a time's text, and the time (changes made together share it)
    names: dict[bytes, tuple[str, str, str]] = {}  # an event's ids, as text, and as names
    for match in re.compile(_EVENT_INDEX).finditer(raw, cut):
        text = match[4] or match[3]
        when = times.get(text)
        if when is None:
            parsed = _parse_time(text)
            if parsed is None:
                return None
            when = times[text] = _micros(parsed)
        ids = names.get(match[5])
        if ids is None:
            ids = names[match[5]] = (match[6].decode(), match[7].decode(), match[8].decode())
        index.add(ids, when, int(match[1]), int(match[2]))
    if index.events != raw.count(EVENT_START, cut):
        return None  # an event this index does not read (an escape in an id?)
    # Every batch some undo reverted (`undoes` is an event's key, and no record's).
    index.undone = {int(n) for n in re.compile(rb'"undoes":(\d+)').findall(raw, cut)}
    return index


def _own_history(raw: bytes) -> bool:
    """Whether valid `raw` is in this version's own layout with a history, and nothing after it
    (what `records_and_last` checks, but the records' validation)."""
    from roadmap_cli.fileformat import key_after_an_array, own_layout

    cut = raw.find(EVENTS_KEY)
    return (
        cut >= 0
        and own_layout(raw)
        and not key_after_an_array(raw, cut + len(EVENTS_KEY))
        and _ends_a_history(raw)
    )


def plain_event(text: bytes) -> Event | None:
    """`text` as one event read as plain data (`plaindata.event_from`), as `one_event` reads it
    with Pydantic: only for a file the full route validated whole (the fast route's entries say
    so); None unless the text is exactly what `serialize` writes of what was read."""
    import json

    from roadmap_cli import plainchange, plaindata

    try:
        data = json.loads(text)
        if type(data) is not dict or not data.keys() <= set(plainchange.EVENT_FIELDS):
            return None
        if plainchange._json(data) != text:
            return None  # not as written here
        # The fields left out are those whose default is None (`records.Event`).
        event = plaindata.event_from({name: data.get(name) for name in plainchange.EVENT_FIELDS})
    except ValueError:  # plaindata.Miss too
        return None
    return event  # type: ignore[return-value]


def plain_history(
    raw: bytes, read: Callable[[bytes], Event | None] = plain_event
) -> list[Event] | None:
    """Every event of the history in `raw`, in order, each read by `read` (`plain_event`: only
    for a file the full route validated whole; or `one_event`, `fastundo.event` (see
    `undoing`), `fastreports.exact_event`); None where the text is not as `serialize` writes it."""
    if not _own_history(raw):
        return None
    events = []
    for span in _event_spans_backwards(raw):
        event = None if span is None else read(raw[span[0] : span[1]])
        if event is None:
            return None
        events.append(event)
    events.reverse()
    return events


def _event_spans_backwards(raw: bytes) -> Iterator[tuple[int, int] | None]:
    """Where each event's text starts and ends, the last first (as `serialize` wrote it,
    unchecked); None, and no more, where the text is not events as it writes them."""
    end = content_end(raw) - 2  # before the `]}` that closes the history and the file
    floor = raw.find(EVENTS_KEY) + len(EVENTS_KEY)
    while end > floor:
        start = raw.rfind(EVENT_START, floor, end)
        if start < 0 or (start > floor and raw[start - 1 : start] != b","):
            yield None
            return
        yield start, end
        end = start - 1


def records_and_undo_tail(
    raw: bytes,
    index: EventIndex | None = None,
    read: Callable[[bytes], Event | None] = one_event,
    records: Callable[[bytes], Progress] | None = None,
) -> Progress | None:
    """The records and the events `changes.undo` needs: the history from the first event of
    the latest batch not undone to the end, marked partial; None for the full path (as
    when there is nothing to undo, which the full path says).

    `index`, the history's (see `index_of`), says which batches are undone and whether each
    is one run of events; without it the whole history's text is searched for both. `read`
    and `records`: how an event's text and the records are read (the fast route's light
    forms, see `fastundo`; `records` then checks the layout); else validated by the models.
    """
    import re

    from roadmap_cli import fileformat

    cut = raw.find(EVENTS_KEY)
    if records is not None and not _ends_a_history(raw):
        return None
    if index is None:
        if records is not None:
            progress: Progress | None = records(raw)
        else:
            found = records_and_last(raw, last_event=False)
            if found is None or not found[0]._partial_history or not _ends_a_history(raw):
                return None
            progress = found[0]
        # Every batch some undo reverted (`undoes` is an event's key, and no record's).
        undone = {int(n) for n in re.compile(rb'"undoes":(\d+)').findall(raw, cut)}
    else:
        progress = (records or fileformat.records_of)(raw) if index.ordered else None
        undone = index.undone
    if progress is None:
        return None
    tail: list[Event] = []
    target, left = None, 0
    for span in _event_spans_backwards(raw):
        event = None if span is None else read(raw[span[0] : span[1]])
        if event is None:
            return None
        if index is not None and target is not None and event.batch != target:
            break  # batches never go back (`ordered`): the target's events are one run
        tail.append(event)
        if target is None and event.action != "undo" and event.batch not in undone:
            target = event.batch
            if index is None:  # its events, wherever they are
                left = raw.count(b'"batch":%d,' % target, cut)
        if index is None and event.batch == target:
            left -= 1
            if left == 0:
                break
    else:
        if index is None or target is None:
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


def on_or_after(when: datetime, since: date | None) -> bool:
    """Whether a change made `when` happened on or after the local day `since` (None: any)."""
    return since is None or when.astimezone().date() >= since


def latest_events(
    raw: bytes,
    takes: Callable[[str, str, str], bool],
    since: date | None,
    limit: int,
    index: EventIndex | None = None,
    read: Callable[[bytes], Event | None] = one_event,
) -> tuple[list[Event], int] | None:
    """The latest `limit` events (by when they happened, then by number) of those `takes`
    takes (by roadmap, track and skill) that happened `on_or_after` `since`, validated,
    and how many there are; None for the full path. `index`: `index_of(raw)`, made here
    when not given; `read`: an event's text as an event (`one_event`, or `plain_event`).

    The events are read from the end; each block of them is read only if the index says
    it may hold one of those shown or counted. Only the events returned are validated (and
    must say what their text said).
    """
    import heapq
    import re

    index = index_of(raw) if index is None and limit >= 1 else index
    if index is None or not index.ordered or limit < 1:
        return None
    floor = None  # before this time no change happened on or after `since`, in any zone
    if since is not None:
        floor = _micros(datetime(since.year, since.month, since.day, tzinfo=timezone.utc))
        floor -= 2 * 86_400 * 1_000_000  # local days begin up to 14 hours earlier
    total = index.taken(takes) if since is None else None
    before = [0] * len(index.maxima)  # the latest time in the blocks before each
    for block in range(1, len(before)):
        before[block] = max(before[block - 1], index.maxima[block - 1])
    pattern = re.compile(_EVENT_INDEX)
    heap: list[tuple[int, int, int, int]] = []  # (time, number, start, end): the latest
    taking: dict[bytes, bool] = {}  # an event's ids, as text, and whether `takes` takes them
    position, taken = index.events, 0
    for span in _event_spans_backwards(raw):
        position -= 1
        match = None if span is None or position < 0 else pattern.match(raw, span[0], span[1])
        if match is None:
            return None
        took = taking.get(match[5])
        if took is None:
            roadmap, track, skill = (part.decode() for part in match.groups()[5:])
            took = taking[match[5]] = takes(roadmap, track, skill)
        if took:
            when = _parse_time(match[4] or match[3])
            if when is None:
                return None
            if on_or_after(when, since):
                taken += 1
                item = (_micros(when), int(match[1]), span[0], span[1])
                if len(heap) < limit:
                    heapq.heappush(heap, item)
                else:
                    heapq.heappushpop(heap, item)
        if taken == total:
            break  # every event taken is found
        if position % EventIndex.BLOCK == 0 and position:
            latest = before[position // EventIndex.BLOCK]  # of every event not yet read
            if floor is not None and latest < floor:
                break  # none on or after `since`: all are counted
            # Numbers rise (`ordered`): an earlier event as late as the earliest one shown
            # sorts before it too. (The count is the index's.)
            if floor is None and len(heap) == limit and latest <= heap[0][0]:
                break
    else:
        if position != 0:
            return None  # not the events the index counted
    shown = []
    for when, seq, start, end in sorted(heap):
        event = read(raw[start:end])
        if event is None or (event.seq, _micros(event.effective)) != (seq, when):
            return None
        found = [e.encode() for e in (event.roadmap, event.track, event.skill)]
        ids = pattern.match(raw, start, end)
        if ids is None or found != [ids[6], ids[7], ids[8]]:
            return None
        shown.append(event)
    return shown, taken if total is None else total
