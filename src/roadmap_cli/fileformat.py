"""The progress file's format: its layout, serialization, the fast partial reads, the splice
that appends events without re-encoding the history, and migrations between schema versions.

`serialize` writes `{"schema_version":N,"roadmaps":{...},"events":[...]}`, compact, defaults
left out. A file in exactly that layout takes the fast paths; anything else is read whole by
`json.loads`, which explains what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from roadmap_cli.records import Progress

_TIME_FIELDS = {"at", "on", "started", "finished", "added", "due", "last_review"}


def explain(error: Any) -> str:
    """What is wrong with a value: our words for our own rules, pydantic's for the rest."""
    field = error["loc"][-1] if error["loc"] else None
    if field in _TIME_FIELDS and error["type"] in {"greater_than_equal", "less_than"}:
        return "a time before 1970 or after 8999 (UTC)"
    if field in _TIME_FIELDS and error["type"] == "timezone_aware":
        return "a time without its time zone (such as Z or +02:00)"
    if field == "url" and error["type"] in {"string_pattern_mismatch", "string_too_long"}:
        return "not an http(s) link (the only links kept)"
    return str(error["msg"])


class DuplicateKey(ValueError):
    pass


def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects as dicts, refusing a key given twice (json.loads would keep the last)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return found


def own_layout(raw: bytes) -> bool:
    """Whether `raw` looks as `serialize` writes it: the current version, stated once, whole.

    Such files take the fast paths; anything else is read by json.loads, which explains
    what is wrong (a file cut short, a key given twice).
    """
    header = current_header()
    return (
        (raw.startswith(header + b",") or raw.startswith(header + b"}"))
        and raw.count(b'"schema_version"') == 1
        and raw.rstrip().endswith(b"}")
    )


def current_header() -> bytes:
    from roadmap_cli.records import PROGRESS_SCHEMA_VERSION

    return _header(PROGRESS_SCHEMA_VERSION)


def _header(version: int) -> bytes:
    """How every file `serialize` writes begins: `schema_version` first."""
    return b'{"schema_version":%d' % version


def serialize(progress: Progress) -> bytes:
    """Compact JSON, defaults left out, `schema_version` always first."""
    body = dump(progress)
    head = _header(progress.schema_version)
    return head + (b"}" if body == b"{}" else b"," + body[1:]) + b"\n"


def dump(model: BaseModel, exclude: set[str] | None = None) -> bytes:
    """One model as compact JSON, defaults left out."""
    from pydantic_core import PydanticSerializationError

    try:
        return model.model_dump_json(exclude_defaults=True, exclude=exclude).encode("utf-8")
    except PydanticSerializationError:
        import json

        # Text that is not valid Unicode (a lone surrogate, from a bad terminal or a file)
        # cannot be UTF-8. It can only be inside a JSON string, where the \udc80-style escape
        # that backslashreplace writes is JSON's own, and loads back as it was.
        doc = model.model_dump(mode="json", exclude_defaults=True, exclude=exclude)
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace")


EVENTS_KEY = b',"events":['


def splice(raw: bytes, progress: Progress, previous: int) -> bytes | None:
    """`serialize(progress)`, made by copying the text of the events `raw` already holds.

    Re-encoding a long history costs more than everything else a change does. `progress`
    was parsed from `raw` and has had events appended (never changed: see `transaction`).
    Only for a file in this version's own layout, where `records_only` explains why the
    key is found safely; None otherwise.
    """
    body = raw.rstrip()
    cut = body.find(EVENTS_KEY)
    if not previous or cut < 0 or not own_layout(raw) or not body.endswith(b"]}"):
        return None
    records = dump(progress, exclude={"schema_version", "events"})
    head = _header(progress.schema_version)
    if records != b"{}":
        head += b"," + records[1:-1]
    added = b",".join(dump(event) for event in progress.events[previous:])
    return head + body[cut:-2] + b"," + added + b"]}\n"


def key_after_an_array(raw: bytes, start: int) -> bool:
    """Whether an array in `raw` after `start` is followed by another key (`], "key"`).

    The history as `serialize` writes it has no such place (an array is always the last
    value of its object, and inside a string a quote is escaped), so one found is a key
    after the history: a top-level key given twice, say.
    """
    import re

    return re.compile(rb'\]\s*,\s*"').search(raw, start) is not None


def _links_become_records(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept a skill's links as bare URLs; schema 2 records when each was added."""

    def upgrade(record: dict[str, Any]) -> None:
        if isinstance(record, dict) and isinstance(record.get("links"), list):
            record["links"] = [
                {"url": link} if isinstance(link, str) else link for link in record["links"]
            ]

    for tracks in (data.get("roadmaps") or {}).values():
        for skills in (tracks or {}).values() if isinstance(tracks, dict) else ():
            for record in (skills or {}).values() if isinstance(skills, dict) else ():
                upgrade(record)
    for event in data.get("events") or ():
        if isinstance(event, dict):
            upgrade(event.get("before"))
    return {**data, "schema_version": 2}


EARLY = "1970-01-01T00:00:00Z"


def _when(value: Any) -> Any:
    """A time as schema 2 wrote it, for comparing; None for anything else (left for the
    validation that follows to explain)."""
    from datetime import datetime

    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))  # 3.10 has no "Z"
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def _latest(values: Any) -> Any:
    """The latest of some schema-2 times, as written; None when none can be read."""
    known = [(_when(v), v) for v in values if _when(v) is not None]
    return max(known, key=lambda pair: pair[0])[1] if known else None


def _record_time(record: dict[str, Any]) -> Any:
    links = record.get("links") if isinstance(record.get("links"), list) else []
    added = [link.get("added") for link in links if isinstance(link, dict)]
    return _latest([record.get("started"), record.get("finished"), *added])


def _dated_note(record: Any, at: Any) -> None:
    """Schema 2's one note becomes schema 3's first dated note."""
    if isinstance(record, dict) and "note" in record:
        text = record.pop("note")
        if text is not None:
            record["notes"] = [{"text": text, "at": at}]


def _one_record_per_skill(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 kept progress per track; schema 3 per skill of a roadmap file, whatever track
    lists it, with dated notes, and a unique id on every event.

    A skill's records in several tracks become one: its status (and start and finish) from
    the record changed most recently, judged by the latest event in that track that changed
    the skill's status, else by the record's own latest time; every note kept, each dated by
    the change that set it; links unioned. The history is kept whole.
    """
    import uuid

    events = [e for e in data.get("events") or () if isinstance(e, dict)]
    # Per (roadmap, track, skill): the latest status change, the note then held and since when.
    changed: dict[tuple[Any, Any, Any], Any] = {}
    notes: dict[tuple[Any, Any, Any], tuple[Any, Any]] = {}
    last: dict[tuple[Any, Any, Any], Any] = {}
    for event in events:
        event.setdefault("id", str(uuid.uuid4()))
        key = (event.get("roadmap"), event.get("track"), event.get("skill"))
        before = event.get("before")
        held = before.get("note") if isinstance(before, dict) else None
        text, since = notes.get(key, (None, None))
        if held != text:  # set by the key's previous change
            text, since = held, last.get(key)
            notes[key] = (text, since)
        fallback = _record_time(before) if isinstance(before, dict) else None
        _dated_note(before, since or fallback or event.get("at"))
        if event.get("old") != event.get("new") and _when(event.get("at")) is not None:
            changed[key] = event.get("at")
        last[key] = event.get("at")
    newest = _latest(last.values()) or EARLY

    if not isinstance(data.get("roadmaps", {}), dict):
        return {**data, "schema_version": 3}  # for the validation that follows to explain
    roadmaps: dict[Any, Any] = {}
    for rid, tracks in data.get("roadmaps", {}).items():
        if not isinstance(tracks, dict):
            roadmaps[rid] = tracks  # for the validation that follows to explain
            continue
        merged: dict[Any, Any] = {}
        ranks: dict[Any, tuple[int, Any]] = {}
        for tid, skills in tracks.items():
            for sid, record in skills.items():
                if not isinstance(record, dict):
                    raise TypeError(record)
                key = (rid, tid, sid)
                text, since = notes.get(key, (None, None))
                held = record.get("note")
                at = (since if held == text else last.get(key)) or _record_time(record)
                _dated_note(record, at or newest)
                when = changed.get(key) or _record_time(record)
                rank = (0, None) if when is None else (1, _when(when))
                if sid not in merged:
                    merged[sid], ranks[sid] = record, rank
                    continue
                kept, other = merged[sid], record
                if rank[0] > ranks[sid][0] or (rank[0] and rank[1] > ranks[sid][1]):
                    kept, other = record, merged[sid]
                    ranks[sid] = rank
                merged[sid] = _joined(kept, other)
        roadmaps[rid] = merged
    return {**data, "roadmaps": roadmaps, "schema_version": 3}


def _joined(kept: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """`kept`'s status, start and finish; the notes and links of both."""
    notes = [*kept.get("notes", ()), *other.get("notes", ())]
    unique = list({(n["text"], n["at"]): n for n in notes}.values())
    links: dict[Any, Any] = {}
    for link in [*kept.get("links", ()), *other.get("links", ())]:
        links.setdefault(link["url"] if isinstance(link, dict) else link, link)
    joined = {k: v for k, v in kept.items() if k not in {"notes", "links"}}
    if unique:
        joined["notes"] = sorted(unique, key=lambda n: _when(n["at"]) or _when(EARLY))
    if links:
        joined["links"] = list(links.values())
    return joined


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _links_become_records,
    2: _one_record_per_skill,
}
"""schema_version N -> function turning a version-N document into version N+1."""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    from roadmap_cli.records import PROGRESS_SCHEMA_VERSION

    while data["schema_version"] < PROGRESS_SCHEMA_VERSION:
        data = MIGRATIONS[data["schema_version"]](data)
    return data


class FormatError(ValueError):
    """What is wrong with a document, in words that follow its name ("... has the key ...")."""


class NewerSchema(FormatError):
    """A document written by a newer version of the program."""


def records_only(raw: bytes) -> Progress | None:
    """The records of a file in this version's own layout, or None to take the full path.

    Inside JSON strings a quote is escaped, so `,"events":[` can only be the top-level key.
    The result is marked `partial_history` when the file has a history, which was left out.
    """
    from pydantic import ValidationError

    from roadmap_cli.records import Progress

    if not own_layout(raw) or not raw.startswith(current_header() + b',"roadmaps":'):
        return None
    cut = raw.find(EVENTS_KEY)
    head = raw if cut < 0 else raw[:cut] + b"}"
    if cut >= 0 and key_after_an_array(raw, cut + len(EVENTS_KEY)):
        return None  # a key after the history: maybe a second "roadmaps"
    try:
        found = Progress.model_validate_json(head)
    except ValidationError:
        return None  # the full path explains what is wrong
    if serialize(found) != (head if cut < 0 else head + b"\n"):
        return None  # not as written here (a key given twice?): the full path checks
    found._partial_history = cut >= 0  # without a history, nothing was left out
    return found


def records_and_last_event(raw: bytes) -> Progress | None:
    """The records and the last event (which numbers the next ones), or None.

    Every event `serialize` writes starts with `{"seq":`, which (quotes being escaped in
    strings) can be found nowhere else after the events key.
    """
    from pydantic import ValidationError

    from roadmap_cli.records import Event

    found = records_only(raw)
    if found is None or not found._partial_history:
        return found
    body = raw.rstrip()
    start = body.rfind(b'{"seq":')
    if start < raw.find(EVENTS_KEY) or not body.endswith(b"]}"):
        return None
    text = body[start:-2]
    try:
        event = Event.model_validate_json(text)
    except ValidationError:
        return None
    if dump(event) != text:
        return None  # not as written here (a key given twice?): the full path checks
    found.events.append(event)
    return found


def parse(raw: bytes) -> Progress:
    """The whole document, validated; `FormatError` says what is wrong with it."""
    from pydantic import ValidationError

    from roadmap_cli.records import PROGRESS_SCHEMA_VERSION, Progress

    if own_layout(raw):
        # The file as this version writes it: validated straight from JSON by
        # pydantic-core, several times faster than json.loads + validate. Anything
        # wrong falls through to the slow path, which explains it. pydantic-core keeps
        # the last of a key given twice; the file is only taken if it is exactly what
        # `serialize` makes of the result, which has each key once.
        try:
            found = Progress.model_validate_json(raw)
        except ValidationError:
            found = None
        if found is not None and serialize(found) == raw:
            return found
    import json  # only here, for files in another layout, and for surrogates below

    try:
        data = json.loads(raw, object_pairs_hook=no_duplicate_keys)
    except DuplicateKey as exc:
        raise FormatError(f"has the key {exc.args[0]!r} twice in one object") from None
    except UnicodeDecodeError:
        raise FormatError("is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise FormatError("is nested too deeply to be a progress file") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise FormatError("holds a number too long to be read") from None
    if not isinstance(data, dict):
        raise FormatError("does not hold a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError("has no valid schema_version")
    if version > PROGRESS_SCHEMA_VERSION:
        raise NewerSchema(
            f"has schema_version {version}, newer than this program knows "
            f"({PROGRESS_SCHEMA_VERSION}); upgrade roadmap-tracker"
        )
    try:
        data = migrate(data)
    except (AttributeError, TypeError, KeyError, ValueError):
        raise FormatError(f"has a shape schema_version {version} never had") from None
    try:
        return Progress.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise FormatError(f"has a bad value at {where}: {explain(first)}") from None
