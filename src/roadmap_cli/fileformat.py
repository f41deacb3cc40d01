"""The progress file's format: its layout, serialization, the fast partial reads, the splice
that appends events without re-encoding the history, and migrations between schema versions.

`serialize` writes `{"schema_version":N,"roadmaps":{...},"events":[...]}`, compact, defaults
left out. A file in exactly that layout takes the fast paths; anything else is read whole by
`json.loads`, which explains what is wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from roadmap_cli.migrations import MIGRATIONS, Renames

if TYPE_CHECKING:
    from pydantic import BaseModel

    from roadmap_cli.records import Event, Progress

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
        and raw.endswith(b"}", 0, content_end(raw))
    )


def content_end(raw: bytes) -> int:
    """Where `raw` ends once trailing whitespace is left out (without copying it, which
    `rstrip` does: a long history is most of the memory a command uses)."""
    end = len(raw)
    while end and raw[end - 1] in b" \t\n\r\x0b\x0c":  # what bytes.rstrip strips
        end -= 1
    return end


def current_header() -> bytes:
    from roadmap_cli.modelcore import PROGRESS_SCHEMA_VERSION

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
    plain = getattr(model, "plain_json", None)
    if plain is not None:  # the fast route's light objects (see `plainchange`)
        return plain(exclude)  # type: ignore[no-any-return]
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


class Spliced(NamedTuple):
    """A file's text in parts, as `spliced` makes it: `head`, then the history's text (the
    text of `source`'s history, `old`, then a comma and the events `added`), then `tail`."""

    source: bytes
    head: bytes
    old: memoryview
    added: bytes
    tail: bytes

    def parts(self) -> tuple[bytes | memoryview, ...]:
        return self.head, self.old, b",", self.added, self.tail

    def size(self) -> int:
        return sum(len(part) for part in self.parts())


def spliced(raw: bytes, progress: Progress, previous: int, checked: bool = False) -> Spliced | None:
    """`serialize(progress)` in parts, the history's text copied as `raw` holds it.

    Re-encoding a long history costs more than everything else a change does. `progress`
    was parsed from `raw` and has had events appended (never changed: see `transaction`).
    Only for a file in this version's own layout (`checked`: the caller knows it is), where
    `records_only` explains why the key is found safely; None otherwise.
    """
    span = history_span(raw)
    if not previous or span is None or not (checked or own_layout(raw)):
        return None
    records = dump(progress, exclude={"schema_version", "events"})
    head = _header(progress.schema_version)
    if records != b"{}":
        head += b"," + records[1:-1]
    added = b",".join(dump(event) for event in progress.events[previous:])
    # A view of `raw`: the history is copied once, where it is written.
    return Spliced(raw, head, memoryview(raw)[span[0] : span[1]], added, b"]}\n")


def splice(raw: bytes, progress: Progress, previous: int) -> bytes | None:
    """`spliced`, joined: no copy of the history but the result."""
    found = spliced(raw, progress, previous)
    return None if found is None else b"".join(found.parts())


def history_span(raw: bytes) -> tuple[int, int] | None:
    """Where the text of the history begins and ends (`,"events":[` to the last event's end)
    in a file that ends with it, as `serialize` writes it; None when it does not."""
    end = content_end(raw)
    cut = raw.find(EVENTS_KEY)
    if cut < 0 or end - 2 < cut + len(EVENTS_KEY) or not raw.endswith(b"]}", 0, end):
        return None
    return cut, end - 2


def key_after_an_array(raw: bytes, start: int) -> bool:
    """Whether an array in `raw` after `start` is followed by a key (`], "key"`) that no
    history as `serialize` writes it has there.

    In such a history (where inside a string a quote is escaped) the only arrays followed
    by a key are a record's lists, in an event's `before`: its notes, then its links, then
    its log, each a list of objects whose last key is `at`, `url` or `added` (never an
    event's last key). Any other is a key after the history: a top-level key given twice,
    say, or a key after it that only looks like a record's list.
    """
    import re  # its cache keeps the patterns compiled

    record_list = re.compile(rb'"(?:at|url|added)":"[^"\\]*"\}\],"(links|log)":\[\{"')
    for found in re.compile(rb'\]\s*,\s*"').finditer(raw, start):
        value = raw.rfind(b'":"', start, found.start())
        key = raw.rfind(b'"', start, value) if value >= 0 else -1
        listed = record_list.match(raw, key) if key >= 0 else None
        # the record's list, ending at this very `],"`
        if listed is None or listed.end() != found.end() + len(listed[1]) + len(b'":[{"'):
            return True
    return False


def _last_event_text(raw: bytes) -> bytes | None:
    """The text of the last event of a history as `serialize` writes it (each event starts
    with `{"seq":`, found nowhere else after the events key); None if there is none."""
    end = content_end(raw)
    start = raw.rfind(b'{"seq":', 0, end)
    if start < raw.find(EVENTS_KEY) or not raw.endswith(b"]}", 0, end):
        return None
    return raw[start : end - 2]


def migrate(data: dict[str, Any], renames: Renames | None = None) -> dict[str, Any]:
    """`data` in this version's schema; `renames` (see `migrations`) moves records kept under
    an id a skill now replaces, within their track, where an older schema kept tracks apart."""
    from roadmap_cli.records import PROGRESS_SCHEMA_VERSION

    while data["schema_version"] < PROGRESS_SCHEMA_VERSION:
        data = MIGRATIONS[data["schema_version"]](data, renames or {})
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
    found = records_and_last(raw, last_event=False)
    return None if found is None else found[0]


def records_and_last_event(raw: bytes) -> Progress | None:
    """The records and the last event (which numbers the next ones), or None."""
    found = records_and_last(raw, last_event=True)
    if found is None:
        return None
    progress, last = found
    if last is not None:
        progress.events.append(last)
    return progress


def records_and_last(raw: bytes, last_event: bool) -> tuple[Progress, Event | None] | None:
    """The records, and with `last_event` the history's last event (None: no history), or
    None for the full path. Text after the history would be in that last event: a change,
    which writes after it, reads it; a command that only reads the records does not."""
    if not own_layout(raw):
        return None
    cut = raw.find(EVENTS_KEY)
    last = None
    if cut >= 0:
        if key_after_an_array(raw, cut + len(EVENTS_KEY)):
            return None  # a key after the history: maybe a second "roadmaps"
        text = _last_event_text(raw) if last_event else None
        last = None if text is None else one_event(text)
        if last_event and last is None:
            return None  # not one event at the end: something after the history?
    found = records_of(raw)
    return None if found is None else (found, last)


def records_of(raw: bytes) -> Progress | None:
    """The records of a file that begins as `serialize` writes it, validated; None for the
    full path. Only the text before the history is read: whether the whole file is in this
    version's own layout is for the caller to know (see `records_and_last`)."""
    from pydantic import ValidationError

    from roadmap_cli.records import Progress

    if not raw.startswith(current_header() + b',"roadmaps":'):
        return None
    cut = raw.find(EVENTS_KEY)
    head = raw if cut < 0 else raw[:cut] + b"}"
    try:
        found = Progress.model_validate_json(head)
    except ValidationError:
        return None  # the full path explains what is wrong
    if serialize(found) != (head if cut < 0 else head + b"\n"):
        return None  # not as written here (a key given twice?): the full path checks
    found._partial_history = cut >= 0  # without a history, nothing was left out
    return found


def one_event(text: bytes) -> Event | None:
    """`text` as one event, if it is exactly one as `serialize` writes it (every event it
    writes starts with `{"seq":`, which, quotes being escaped in strings, is found nowhere
    else after the events key)."""
    from pydantic import ValidationError

    from roadmap_cli.records import Event

    try:
        event = Event.model_validate_json(text)
    except ValidationError:
        return None
    if dump(event) != text:
        return None  # not as written here (a key given twice?): the full path checks
    return event


def parse(raw: bytes, renames: Renames | None = None) -> Progress:
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
        data = migrate(data, renames)
    except (AttributeError, TypeError, KeyError, ValueError):
        raise FormatError(f"has a shape schema_version {version} never had") from None
    try:
        return Progress.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise FormatError(f"has a bad value at {where}: {explain(first)}") from None
