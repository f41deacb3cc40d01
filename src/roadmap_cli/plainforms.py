"""The fields of the progress file's models as Pydantic writes them, for the light forms that
write them without it (`plainchange`, `fastundo`, `historytail`): each model's fields in order
with their defaults, compact JSON, times, and whether an item read is exactly as written.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from roadmap_cli.plaindata import Miss, _moment

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
    if _WHOLE_SECOND_UTC(text):  # the form a change writes (most of a file's): as written
        return value
    offset = value.utcoffset()
    written = value.isoformat()
    if not offset:
        written = written.removesuffix("+00:00") + "Z"
    if written != text or offset is None or offset.seconds % 60 or offset.microseconds:
        raise Miss
    return value


# Digits in the very places `isoformat` writes them: a valid time in this form (`_moment`
# read it) is written back as read.
_WHOLE_SECOND_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").fullmatch


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
