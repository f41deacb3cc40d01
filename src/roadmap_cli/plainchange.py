"""The light progress a change works on, on the fast route (`fastroute`): a file's records,
review cards and last event read without Pydantic, and written back as Pydantic writes them.

Only for a file the full route has validated, byte for byte (the fast route checks that its
plain entries are there, see `plaincache`), in this version's own layout (`fileformat`). The
records and cards are then read by `json.loads` and written back by `json.dumps`, which gives
the very text read (checked: anything else is a `Miss`), and only if Pydantic too writes them
back as read (`_exact`: times in its form, fields in order, none at its default), so only what
a change makes anew is written here: a record's status and times, a new review card, the
event. `changes.apply` (and `changes.undo`, see `fastundo`) works on it as on
`records.Progress`; `Store.transaction` splices it as it splices that one (`fileformat.dump`
takes `plain_json`). A time this module cannot write as Pydantic does (anything but a whole
second in UTC, as `clock.utcnow` gives) is a `Miss`: nothing is written, and the full route
makes the change.
"""

from __future__ import annotations

import json
from datetime import datetime

from roadmap_cli.modelcore import PROGRESS_SCHEMA_VERSION, EventCore
from roadmap_cli.plaindata import EARLIEST, LATEST, STATUSES, Miss, _moment
from roadmap_cli.plainforms import (  # also read as plainchange's
    CARD_FIELDS,
    EVENT_FIELDS,
    ITEMS,
    LINK_FIELDS,
    NOTE_FIELDS,
    RECORD_DEFAULTS,
    RECORD_FIELDS,
    RECORD_LISTS,
    REQUIRED,
    SESSION_FIELDS,
    TIMES,
    _exact,
    _full,
    _json,
    exact_moment,
    moment_text,
)

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from typing import Any


class Record:
    """A skill's record (see `records.SkillProgress`): its lists kept as the file has them,
    its times as read (and written back as read) or as a change set them. Only a record
    that Pydantic writes back as read is read (`_exact`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        if type(data) is not dict or not data.keys() <= {*RECORD_FIELDS, *RECORD_LISTS}:
            raise Miss
        _exact(RECORD_DEFAULTS, data)
        self.status = data.get("status", "todo")
        if self.status not in STATUSES:
            raise Miss
        self.started = exact_moment(data.get("started"))
        self.finished = exact_moment(data.get("finished"))
        self.notes: list[Any] = data.get("notes", [])
        self.links: list[Any] = data.get("links", [])
        self.log: list[Any] = data.get("log", [])
        for name, (fields, times) in ITEMS.items():
            items = getattr(self, name)
            if type(items) is not list:
                raise Miss
            for item in items:
                _exact(fields, item, times)
        # The times as read, written back as read while they are still the ones read.
        self._read = {name: (getattr(self, name), data.get(name)) for name in TIMES}

    @classmethod
    def blank(cls) -> Record:
        return cls({})

    def model_copy(self, deep: bool = False) -> Record:
        copy = Record.__new__(Record)
        copy.__dict__.update(self.__dict__)
        copy.notes, copy.links, copy.log = (json.loads(_json(x)) for x in self._lists())
        return copy

    def _lists(self) -> tuple[list[Any], list[Any], list[Any]]:
        return self.notes, self.links, self.log

    def _key(self) -> tuple[Any, ...]:
        return (self.status, self.started, self.finished, *self._lists())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # as a model's: changed in place

    def is_blank(self) -> bool:
        return self == Record.blank()

    def new_entry(self, kind: str, **fields: Any) -> dict[str, Any]:
        """A new item of one of the lists, as `model_dump_json(exclude_defaults=True)` writes
        it: the model's fields in order, those None left out (None is each one's default)."""
        order = {"notes": NOTE_FIELDS, "links": LINK_FIELDS, "log": SESSION_FIELDS}[kind]
        if not fields.keys() <= order.keys():
            raise Miss
        found = ((name, fields.get(name)) for name in order)
        return {
            k: moment_text(v) if isinstance(v, datetime) else v for k, v in found if v is not None
        }

    def link_urls(self) -> set[str]:
        return {link["url"] for link in self.links}

    def _time(self, name: str) -> str | None:
        value = getattr(self, name)
        if value is None:
            return None
        read, text = self._read[name]
        return text if value is read else moment_text(value)

    def dump_data(self) -> dict[str, Any]:
        """As `model_dump_json(exclude_defaults=True)` writes it."""
        data: dict[str, Any] = {}
        if self.status != "todo":
            data["status"] = self.status
        for name in TIMES:
            text = self._time(name)
            if text is not None:
                data[name] = text
        for name, items in zip(RECORD_LISTS, self._lists(), strict=True):
            if items:
                data[name] = items
        return data

    def full_data(self) -> dict[str, Any]:
        """As `model_dump(mode="json")` writes it."""
        return {
            "status": self.status,
            "started": self._time("started"),
            "finished": self._time("finished"),
            "notes": [_full(NOTE_FIELDS, n) for n in self.notes],
            "links": [_full(LINK_FIELDS, x) for x in self.links],
            "log": [_full(SESSION_FIELDS, s) for s in self.log],
        }


class Card:
    """A review card (see `records.Card`): as the file has it, its fields read from it only
    when a rating asks for them; or made by a change (`reviews.new_card`, `reviews.rate`),
    checked as the model checks it."""

    def __init__(self, due: datetime, last_review: datetime | None = None, **rated: Any) -> None:
        self.due, self.last_review = due, last_review
        self._data: dict[str, Any] | None = None
        if rated:
            if not rated.keys() <= RATED:
                raise Miss
            made = {name: rated.get(name, CARD_FIELDS[name]) for name in RATED}
            for name, value in made.items():
                if value is not None:
                    _card_check(name, value)
            self.__dict__.update(made)
            if not (EARLIEST <= due < LATEST):
                raise Miss

    def __getattr__(self, name: str) -> Any:
        """A rated field of a card read from the file, read (and checked) when first asked."""
        data = self.__dict__.get("_data")
        if name not in RATED or data is None:
            raise AttributeError(name)
        from roadmap_cli.plainprogress import card_of

        read = card_of([data.get(field, CARD_FIELDS[field]) for field in CARD_FIELDS])
        for field in RATED:
            self.__dict__[field] = getattr(read, field)
        return self.__dict__[name]

    @classmethod
    def read(cls, data: Any) -> Card:
        """A card as the file has it, only if Pydantic writes it back as read: its times
        exact, its floats floats (an int is written "3.0"), which `json.dumps` writes as
        Pydantic does in their bounds, and its counts ints."""
        _exact(CARD_FIELDS, data, ("due", "last_review"))
        due = _moment(data.get("due"))
        if due is None:
            raise Miss
        for name, kind in (("stability", float), ("difficulty", float), ("reps", int)):
            if name in data and type(data[name]) is not kind:
                raise Miss
        if "lapses" in data and type(data["lapses"]) is not int:
            raise Miss
        card = cls(due, _moment(data.get("last_review")))
        card._data = data
        return card

    def model_copy(self, deep: bool = False) -> Card:
        copy = Card.__new__(Card)
        copy.__dict__.update(self.__dict__)
        copy._data = None if self._data is None else json.loads(_json(self._data))
        return copy

    def dump_data(self) -> dict[str, Any]:
        """As `model_dump_json(exclude_defaults=True)` writes it."""
        if self._data is not None:
            return self._data
        data: dict[str, Any] = {"due": moment_text(self.due)}
        for name in RATED:
            value = self.__dict__.get(name, CARD_FIELDS[name])
            if value != CARD_FIELDS[name]:
                data[name] = _float(value) if type(value) is float else value
        if self.last_review is not None:
            data["last_review"] = moment_text(self.last_review)
        return {name: data[name] for name in CARD_FIELDS if name in data}

    def full_data(self) -> dict[str, Any]:
        return _full(CARD_FIELDS, self.dump_data())


RATED = frozenset(CARD_FIELDS) - {"due", "last_review"}  # what a rating sets beside the times


def _card_check(name: str, value: Any) -> None:
    """A rated field made by a change, checked as `records.Card` checks it."""
    from roadmap_cli.plainprogress import CHECKS

    if name in ("stability", "difficulty") and type(value) is not float:
        raise Miss  # a float field: an int would be written without its ".0"
    kind = {"last_rating": "rating", "reps": "count", "lapses": "count"}.get(name, name)
    CHECKS[kind](value)


def _float(value: float) -> float:
    """A float `json.dumps` writes as Pydantic does: finite, and not so small or large that
    either writes it with an exponent (Python as 1e-05, Pydantic as 0.00001); else Miss."""
    if value != value or not (value == 0 or 1e-4 <= abs(value) < 1e16):
        raise Miss
    return value


class Event(EventCore):
    """An event a change records (see `records.Event`)."""

    def __init__(self, **fields: Any) -> None:
        if fields.keys() - set(EVENT_FIELDS):
            raise Miss
        for name in EVENT_FIELDS:
            setattr(self, name, fields.get(name))

    def _value(self, name: str, full: bool) -> Any:
        value = getattr(self, name)
        if isinstance(value, datetime):
            return moment_text(value)
        if isinstance(value, Record | Card):
            return value.full_data() if full else value.dump_data()
        return value

    def dump_data(self) -> dict[str, Any]:
        found = {name: self._value(name, False) for name in EVENT_FIELDS}
        return {k: v for k, v in found.items() if k in REQUIRED or v is not None}

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """As `records.Event.model_dump(mode="json")` (what the digest's entry keeps)."""
        if mode != "json":
            raise Miss
        return {name: self._value(name, True) for name in EVENT_FIELDS}

    def plain_json(self, exclude: set[str] | None = None) -> bytes:
        if exclude:
            raise Miss
        return _json(self.dump_data())


class Last:
    """The file's last event: what numbers the next ones."""

    def __init__(self, seq: int, batch: int) -> None:
        self.seq, self.batch = seq, batch


class ChangeProgress:
    """The progress a change works on (see `records.Progress`): the records and cards of
    every roadmap, and the history's last event only (so it is spliced, never written whole)."""

    def __init__(self, head: dict[str, Any], last: Last) -> None:
        self.schema_version = head["schema_version"]
        roadmaps, reviews = head.get("roadmaps", {}), head.get("reviews", {})
        if type(roadmaps) is not dict or type(reviews) is not dict:
            raise Miss
        self.roadmaps = {rid: _each(Record, found) for rid, found in roadmaps.items()}
        self.reviews = {rid: _each(Card.read, found) for rid, found in reviews.items()}
        self.events: list[Any] = [last]
        self._partial_history = True

    def skills(self, roadmap_id: str) -> dict[str, Record]:
        return self.roadmaps.setdefault(roadmap_id, {})

    def record(self, roadmap_id: str, skill_id: str) -> Record:
        found = self.roadmaps.get(roadmap_id, {}).get(skill_id)
        return found if found is not None else Record.blank()

    def status_map(self, roadmap_id: str) -> dict[str, str]:
        return {sid: rec.status for sid, rec in self.roadmaps.get(roadmap_id, {}).items()}

    def new_event(self, **fields: Any) -> Event:
        return Event(**fields)

    def new_card(self, checked: bool = False, **fields: Any) -> Card:
        return Card(**fields)  # its rated fields checked in any case

    def plain_json(self, exclude: set[str] | None = None) -> bytes:
        """The records and cards, as `fileformat.spliced` asks for them."""
        if exclude != {"schema_version", "events"}:
            raise Miss
        return _json(self._data())

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.roadmaps:
            data["roadmaps"] = {
                rid: {sid: rec.dump_data() for sid, rec in found.items()}
                for rid, found in self.roadmaps.items()
            }
        if self.reviews:
            data["reviews"] = {
                rid: {sid: card.dump_data() for sid, card in found.items()}
                for rid, found in self.reviews.items()
            }
        return data


class WholeProgress(ChangeProgress):
    """The progress with every event of its history (`export -f json`: see
    `fastreports.whole`), written whole as `fileformat.serialize` writes it. Each event holds
    the text it was read from (`written`), checked to be the very text it writes."""

    def __init__(self, head: dict[str, Any], events: list[Event]) -> None:
        super().__init__(head, Last(0, 0))
        self.events = events
        self._partial_history = False

    def plain_json(self, exclude: set[str] | None = None) -> bytes:
        """Everything but `schema_version` (`fileformat.serialize` writes it first)."""
        if exclude is not None or self.schema_version != PROGRESS_SCHEMA_VERSION:
            raise Miss  # a default left out only where it is the default
        head = _json(self._data())
        if not self.events:
            return head
        # Each event's text as read: it is the one it writes (`fastreports.exact_event`).
        events = b",".join(event.written for event in self.events)
        return (head[:-1] + b"," if head != b"{}" else b"{") + b'"events":[' + events + b"]}"


def _each(make: Any, found: Any) -> dict[str, Any]:
    if type(found) is not dict:
        raise Miss
    return {sid: make(value) for sid, value in found.items()}


def read(raw: bytes | None, events: list[Event] | None = None) -> ChangeProgress:
    """The progress a change works on, from a file the full route validated (see the module's
    note); Miss when the file is not as this module can write it back. With `events`, its
    whole history read (each checked by the caller), the progress as the export writes it;
    None for no file."""
    from roadmap_cli import fileformat

    if raw is None:
        if events != []:
            raise Miss
        return WholeProgress({"schema_version": PROGRESS_SCHEMA_VERSION}, [])

    if not fileformat.own_layout(raw) or not raw.startswith(
        fileformat.current_header() + b',"roadmaps":'
    ):
        raise Miss
    cut = raw.find(fileformat.EVENTS_KEY)
    if cut < 0 or fileformat.key_after_an_array(raw, cut + len(fileformat.EVENTS_KEY)):
        raise Miss  # no history (written whole: the full route's), or a key after it
    text = fileformat._last_event_text(raw)
    if text is None:
        raise Miss
    head_text = raw[:cut] + b"}"
    head, last = json.loads(head_text), json.loads(text)
    if _json(head) != head_text or _json(last) != text:
        raise Miss  # not the very text `json.dumps` writes back
    if type(head) is not dict or not head.keys() <= {"schema_version", "roadmaps", "reviews"}:
        raise Miss
    if type(last) is not dict or type(last.get("seq")) is not int:
        raise Miss
    if type(last.get("batch")) is not int:
        raise Miss
    if events is not None:
        return WholeProgress(head, events)
    return ChangeProgress(head, Last(last["seq"], last["batch"]))
