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
from datetime import datetime, timezone

from roadmap_cli.modelcore import EventCore
from roadmap_cli.plaindata import STATUSES, Miss, _moment

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from typing import Any

# Each model's fields in order, with their defaults, as `model_dump(mode="json")` writes them
# (tests check these against `records`): the digest keeps events in that form.
RECORD_FIELDS = {"status": "todo", "started": None, "finished": None}
RECORD_LISTS = ("notes", "links", "log")
TIMES = ("started", "finished")
NOTE_FIELDS = {"text": None, "at": None}
LINK_FIELDS = {"url": None, "added": None}
SESSION_FIELDS = {"on": None, "minutes": None, "note": None}
CARD_FIELDS = {
    "due": None,
    "stability": None,
    "difficulty": None,
    "state": "learning",
    "reps": 0,
    "lapses": 0,
    "last_review": None,
    "last_rating": None,
}
EVENT_FIELDS = (
    "seq",
    "id",
    "batch",
    "at",
    "on",
    "roadmap",
    "track",
    "skill",
    "action",
    "old",
    "new",
    "before",
    "undoes",
    "minutes",
    "text",
    "card",
)
REQUIRED = frozenset({"seq", "batch", "at", "roadmap", "track", "skill", "action"})
REQUIRED |= {"old", "new", "before"}


def _json(value: Any) -> bytes:
    """Compact JSON as `fileformat.dump` writes it (Pydantic's text, or its fallback's)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: as `fileformat.dump`'s fallback writes it
        return text.encode("utf-8", "backslashreplace")


def moment_text(value: datetime) -> str:
    """A time as Pydantic writes it, for the times a change makes: whole seconds in UTC."""
    if value.tzinfo is not timezone.utc or value.microsecond:
        raise Miss
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def exact_moment(text: Any) -> datetime | None:
    """A time read, only if Pydantic writes it back as the very text read (`isoformat`, UTC
    as "Z"): a file edited by hand may hold others ("10:00:00.5Z"), which it rewrites."""
    value = _moment(text)
    if value is None:
        return None
    offset = value.utcoffset()
    written = value.isoformat()
    if not offset:
        written = written.removesuffix("+00:00") + "Z"
    if written != text or offset is None or offset.seconds % 60 or offset.microseconds:
        raise Miss
    return value


def _exact(fields: dict[str, Any], data: Any, times: tuple[str, ...] = ()) -> Any:
    """`data`, one of a model's items, only if it is as `model_dump_json(exclude_defaults=True)`
    writes it: its fields in the model's order, none at its default, its times exact."""
    if type(data) is not dict or list(data) != [name for name in fields if name in data]:
        raise Miss
    if any(value == fields[name] for name, value in data.items()):
        raise Miss
    for name in times:
        exact_moment(data.get(name))
    return data


def _full(fields: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """`data` (defaults left out) with every field, in the model's order."""
    if not data.keys() <= fields.keys():
        raise Miss
    return {name: data.get(name, default) for name, default in fields.items()}


RECORD_DEFAULTS = {**RECORD_FIELDS, "notes": [], "links": [], "log": []}
# Each list's items: the model's fields (and defaults), and its times.
ITEMS = {"notes": (NOTE_FIELDS, ("at",)), "links": (LINK_FIELDS, ("added",))}
ITEMS["log"] = (SESSION_FIELDS, ("on",))


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
    """A review card (see `records.Card`): as the file has it, or made by a change."""

    def __init__(self, due: datetime, last_review: datetime | None = None, **rest: Any) -> None:
        if rest:
            raise Miss  # only `reviews.new_card`'s cards are made here
        self.due, self.last_review = due, last_review
        self._data: dict[str, Any] | None = None

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
        card = cls(due)
        card._data = data
        return card

    def model_copy(self, deep: bool = False) -> Card:
        copy = Card(self.due, self.last_review)
        copy._data = None if self._data is None else json.loads(_json(self._data))
        return copy

    def dump_data(self) -> dict[str, Any]:
        if self._data is not None:
            return self._data
        data = {"due": moment_text(self.due)}
        if self.last_review is not None:
            data["last_review"] = moment_text(self.last_review)
        return data

    def full_data(self) -> dict[str, Any]:
        return _full(CARD_FIELDS, self.dump_data())


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

    def new_card(self, **fields: Any) -> Card:
        return Card(**fields)

    def plain_json(self, exclude: set[str] | None = None) -> bytes:
        """The records and cards, as `fileformat.spliced` asks for them."""
        if exclude != {"schema_version", "events"}:
            raise Miss
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
        return _json(data)


def _each(make: Any, found: Any) -> dict[str, Any]:
    if type(found) is not dict:
        raise Miss
    return {sid: make(value) for sid, value in found.items()}


def read(raw: bytes) -> ChangeProgress:
    """The progress a change works on, from a file the full route validated (see the module's
    note); Miss when the file is not as this module can write it back."""
    from roadmap_cli import fileformat

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
    return ChangeProgress(head, Last(last["seq"], last["batch"]))
