"""Plain-data forms of the validated roadmap and progress, for the fast route (`fastroute`).

The full route keeps them in the cache folder (see `plaincache`) from what it validated with
Pydantic; the fast route reads them back into light classes that take their
methods from `modelcore`, so the core works on them as on the models. An entry is JSON whose
loading runs no code; it is keyed by the bytes of its source (the roadmap file; the progress
file and the roadmap's entry) and by the program, and checked when read: every field there
with the type it has in the models, no control character in any text. Anything else is a miss:
the full route answers and writes the entry again.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from roadmap_cli.modelcore import EventCore, PhaseCore, RoadmapCore, TrackCore

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from roadmap_cli.migrations import Renames
    from roadmap_cli.models import Roadmap

FORMAT = 2
# The times a progress file may hold (`records.EARLIEST`, `records.LATEST`).
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
STATUSES = frozenset({"todo", "in-progress", "done", "skipped"})


class Miss(ValueError):
    """An entry that is not what the full route writes."""


class Plain:
    """A light object: the fields of its model as attributes (see `FIELDS`)."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


class Resource(Plain):
    pass


class Section(Plain):
    pass


class Skill(Plain):
    pass


class Choice(Plain):
    pass


class Phase(PhaseCore, Plain):
    pass


class Track(TrackCore, Plain):
    pass


class PlainRoadmap(RoadmapCore, Plain):
    pass


# Each light class's fields and their kinds: "text" (one or more lines), "text?" (or null),
# "int?", "bool", "ints" (whole numbers), a class (a mapping), or a list of one of these.
FIELDS: dict[type, dict[str, Any]] = {
    Resource: {"title": "text", "url": "text?", "type": "text?", "focus": "text?"},
    Section: {
        "title": "text",
        "at": "text",
        "text": "text?",
        "items": ["text"],
        "resources": [Resource],
    },
    Skill: {
        "id": "text",
        "name": "text",
        "aliases": ["text"],
        "description": "text?",
        "group": "text?",
        "optional": "bool",
        "replaces": ["text"],
        "after": ["text"],
        "resources": [Resource],
    },
    Choice: {"one_of": ["text"], "count": "int"},
    Phase: {
        "id": "text",
        "number": "int?",
        "title": "text",
        "tag": "text?",
        "elective": "bool",
        "goals": "text?",
        "outcome": "text?",
        "why": "text?",
        "impact": "text?",
        "tools": ["text"],
        "skills": ["entry"],
        "resources": [Resource],
    },
    Track: {
        "id": "text",
        "title": "text",
        "description": "text?",
        "source": "text?",
        "sections": [Section],
        "skills": [Skill],
        "phases": [Phase],
    },
    PlainRoadmap: {"schema_version": "int", "id": "text", "title": "text", "tracks": [Track]},
}


def _text(value: Any) -> str:
    # Control characters never reach the terminal: a line break is the only one a text has.
    if type(value) is not str or not value.replace("\n", "").isprintable():
        raise Miss
    return value


def _value(kind: Any, value: Any) -> Any:
    return _check(kind)(value)


def _check(kind: Any) -> Callable[[Any], Any]:
    """The check of a kind of field (see `FIELDS`): the value, checked (and converted: a
    mapping to its light object), or Miss."""
    if isinstance(kind, list):
        if kind == ["text"]:
            return _texts
        each = _check(kind[0])
        return lambda value: [each(item) for item in _list(value)]
    if isinstance(kind, type):
        return lambda value: _object(kind, value)
    return _CHECKS[kind]


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Miss
    return value


def _texts(value: Any) -> list[str]:
    """A list of texts, checked at once (a large roadmap's ids and aliases)."""
    if type(value) is not list:
        raise Miss
    try:
        joined = "".join(value)  # a TypeError for anything but texts
    except TypeError:
        raise Miss from None
    if not joined.replace("\n", "").isprintable():
        raise Miss
    return value


def _typed(*types: type, none: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if type(value) not in types and not (none and value is None):
            raise Miss
        return value

    return check


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "text?": lambda value: None if value is None else _text(value),
    "bool": _typed(bool),
    "int": _typed(int),
    "int?": _typed(int, none=True),
    "entry": lambda value: _text(value) if type(value) is str else _object(Choice, value),
}
_CHECKERS: dict[type, list[tuple[str, Callable[[Any], Any] | None]]] = {}


def _object(cls: type, value: Any) -> Any:
    """The light object of a mapping of exactly its fields, each checked; the mapping (made by
    `json.loads` for this alone) becomes the object's own, its fields converted in place."""
    fields = FIELDS[cls]
    if type(value) is not dict or value.keys() != fields.keys():
        raise Miss
    checks = _CHECKERS.get(cls)
    if checks is None:  # "text", the most frequent, is checked here (None)
        checks = [(name, None if kind == "text" else _check(kind)) for name, kind in fields.items()]
        _CHECKERS[cls] = checks
    for name, check in checks:
        found = value[name]
        if check is None:
            if type(found) is not str or not found.replace("\n", "").isprintable():
                raise Miss
        else:
            value[name] = check(found)
    made = cls.__new__(cls)
    made.__dict__ = value
    return made


def roadmap_from(raw: bytes) -> PlainRoadmap:
    """The light roadmap of an entry's data; Miss when it is not of the right shape."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise Miss from None
    if type(data) is not dict or data.get("format") != FORMAT:
        raise Miss
    return _object(PlainRoadmap, data.get("roadmap"))


def roadmap_data(roadmap: Roadmap) -> bytes:
    """The entry's data for a validated roadmap: every field, defaults included."""
    return json.dumps({"format": FORMAT, "roadmap": roadmap.model_dump(mode="json")}).encode()


def renames_data(renames: Renames) -> bytes:
    """The data of a validated roadmap's second entry: its renamed skills alone
    (`catalog.renames`), all that `import` takes of the roadmap."""
    return json.dumps({"format": FORMAT, "renames": renames}).encode()


def renames_from(raw: bytes) -> Renames:
    """The renamed skills of an entry's data (roadmap -> track -> old id -> new id); Miss
    when it is not of that shape."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise Miss from None
    if type(data) is not dict or data.keys() != {"format", "renames"}:
        raise Miss
    found = data["renames"]
    if data["format"] != FORMAT or type(found) is not dict or len(found) != 1:
        raise Miss
    for tracks in _texts_to(dict, found):
        for moves in _texts_to(dict, tracks):
            _texts_to(str, moves)
    return found


def _texts_to(kind: type, value: Any) -> list[Any]:
    """The values of a mapping of texts to values of `kind` (each a text too, for `str`)."""
    if type(value) is not dict:
        raise Miss
    values = list(value.values())
    for item in values:
        if type(item) is not kind:
            raise Miss
    _texts(list(value) + values if kind is str else list(value))
    return values


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str:
        raise Miss
    try:  # Pydantic writes UTC as "Z", which Python 3.10 does not read
        found = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] == "Z" else value)
    except ValueError:
        raise Miss from None
    if found.tzinfo is None or not EARLIEST <= found < LATEST:
        raise Miss
    return found


class Event(EventCore, Plain):
    """A change, as the views of the latest changes read it (see `records.Event`)."""

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        """The event as its entry holds it: what `Digest.to_json` writes of it."""
        return self.data


# The fields of an event as `records.Event` writes them, and how each is checked here: the
# ones the views show by type, the others (the records and card before it) as mappings.
EVENT_FIELDS = {
    "seq": "int",
    "id": "text?",
    "batch": "int",
    "at": "moment",
    "on": "moment?",
    "roadmap": "text",
    "track": "text",
    "skill": "text",
    "action": "text",
    "old": "status",
    "new": "status",
    "before": "mapping",
    "undoes": "int?",
    "minutes": "int?",
    "text": "text?",
    "card": "mapping?",
}


def event_from(value: Any) -> Event:
    """An event of a digest's entry; Miss (a ValueError for `Digest.from_json`) otherwise."""
    if type(value) is not dict or value.keys() != EVENT_FIELDS.keys():
        raise Miss
    fields = {}
    for name, kind in EVENT_FIELDS.items():
        found = value[name]
        if kind.endswith("?") and found is None:
            fields[name] = None
        elif kind.startswith("moment"):
            fields[name] = _moment(found)
            if fields[name] is None:
                raise Miss
        elif kind == "status":
            if found not in STATUSES:
                raise Miss
            fields[name] = found
        elif kind.startswith("mapping"):
            if type(found) is not dict:
                raise Miss
            fields[name] = found
        else:
            fields[name] = _value(kind.rstrip("?"), found)
    return Event(**fields, data=value)
