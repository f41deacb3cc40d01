"""The fast route's reports that take more than a call of `daily` (see `fastroute`): `list`'s
options checked, `export` (Markdown and the card and page from the records and the history's
digest, JSON from every event read as plain data), `history` from the events read as plain
data, `where`; and the history's digest from its entry. Each report returns the result the
full route would draw, or None (or raises) to leave the command to the full route.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

    from roadmap_cli.digest import Digest
    from roadmap_cli.plaindata import PlainRoadmap
    from roadmap_cli.store import Store

# The largest history `history --all` reads here as plain data: each event is read and checked
# in Python, which beyond this costs more than the full route's compiled validation. Measured
# against the full route: 5,000 events (1.4 MiB) 260 ms against 294; 9,000 (2.5 MiB) 484
# against 430.
ALL_MAX_HISTORY_BYTES = 1536 * 1024
# The largest history `export -f json` writes out here: each event is read and checked, and
# written only if it is the very text read. Measured against the full route: 1,000 events
# (277 KiB) 93 ms against 154; 3,000 (837 KiB) 183 against 174.
JSON_MAX_HISTORY_BYTES = 512 * 1024


def listed(roadmap: PlainRoadmap, track: Any, progress: Any, options: dict[str, str]) -> Any:
    from roadmap_cli import daily, plainprogress

    status = options.get("status")
    if status is not None and status not in plainprogress.STATUSES:
        return None  # the full route's error
    return daily.listing(roadmap.id, track, progress, options.get("phase"), status)  # type: ignore[arg-type]


def exported(
    roadmap: PlainRoadmap,
    track: Any,
    progress: Any,
    options: dict[str, str],
    today: date,
    store: Store,
    raw: bytes | None,
) -> Any:
    """`export` as `maintenance.export` makes it, on stdout or to a file: Markdown, whole or
    brief, from the records; the page and the card, with the history's digest; JSON, the
    progress with its whole history (`whole`)."""
    from functools import partial
    from pathlib import Path

    from roadmap_cli import export, maintenance

    name = options.get("format", "markdown")
    if name == "markdown":
        name = "markdown-brief" if "brief" in options else name
    elif name not in export.FORMATS or "brief" in options:
        return None  # the full route's error
    output = options.get("output")
    path = None if output is None else Path(output)
    if path is not None:
        if not output or path.is_dir():
            return None  # the full route's error
        maintenance.check_output(path, store.path)
    exporter = export.EXPORTERS[name]
    if name in export.WITH_HISTORY:
        progress = whole(roadmap, store, raw)
    elif name in export.WITH_DIGEST:
        found = digest(store, raw)
        if found is None:
            return None
        exporter = partial(exporter, digest=found)
    text = exporter(track, progress, roadmap.id, today)
    return maintenance.exported(text, path)  # an error: the full route tries, and says it


def history(
    settings: Any,
    roadmap: PlainRoadmap,
    track: Any,
    store: Store,
    raw: bytes | None,
    options: dict[str, str],
) -> Any:
    """`daily.history` from the events read as plain data (`historytail`): only for a file
    the full route validated whole, as a digest's entry of these very bytes says (the
    progress's entry says so of the records alone). The latest few are read from the
    history's end; `--all` reads every event, in a history of up to ALL_MAX_HISTORY_BYTES."""
    from datetime import date

    from roadmap_cli import daily, historytail, plaincache, plaindata

    everything = "all" in options
    limit = options.get("limit", "20")
    if not (limit.isascii() and limit.isdigit() and len(limit) <= 9 and int(limit) >= 1):
        return None  # Click's to read, or refuse
    since = options.get("since")
    day = None if since is None else date.fromisoformat(since)  # an error: the full route's

    def latest(takes: Any, since: date | None, limit: int) -> Any:
        if raw is None:
            return None  # no history: `every` is the empty one
        if not plaincache.validated(store, raw):
            return None  # not known to be validated: the full route reads it
        index = store.caches.index(raw, lambda raw: historytail.index_of(raw, validated=True))
        read = historytail.plain_event
        return historytail.latest_events(raw, takes, since, limit, index, read)

    def every() -> list[Any]:
        if raw is None:
            return []
        if (
            not everything
            or len(raw) > ALL_MAX_HISTORY_BYTES
            or not plaincache.validated(store, raw)
        ):
            raise plaindata.Miss  # the whole history of a long one: the full route's
        events = historytail.plain_history(raw)
        if events is None:
            raise plaindata.Miss
        return events

    today = settings.clock.today()
    shown = None if everything else int(limit)
    return daily.history(roadmap.id, track, day, shown, today, latest, every)


def whole(roadmap: PlainRoadmap, store: Store, raw: bytes | None) -> Any:
    """The progress with its whole history, as `Session.load` gives it, from the records and
    every event read as plain data (`plainchange.read`): only for a file the full route
    validated whole, of up to JSON_MAX_HISTORY_BYTES, and written here exactly as Pydantic
    writes it (each event checked to be: `exact_event`)."""
    from roadmap_cli import changes, historytail, plaincache, plainchange, plaindata

    if raw is None:
        return plainchange.read(None, [])
    if len(raw) > JSON_MAX_HISTORY_BYTES or not plaincache.validated(store, raw):
        raise plaindata.Miss  # a long history, or one not known to be valid: the full route's
    events = historytail.plain_history(raw, exact_event)
    if events is None:
        raise plaindata.Miss
    progress = plainchange.read(raw, events)
    changes.adopt_renames(progress, roadmap)  # type: ignore[arg-type]  # as `Session.load`
    return progress


def exact_event(text: bytes) -> Any:
    """An event read as `fastundo.event` reads it, only if it is written back as the very
    text read (its fields in order, none at its default, its times exact); else None."""
    from roadmap_cli import fastundo

    event = fastundo.event(text)
    if event is None or event.plain_json() != text:
        return None
    if type(event.id) not in (str, type(None)) or type(event.text) not in (str, type(None)):
        return None
    event.written = text
    return event


def digest(store: Store, raw: bytes | None) -> Digest | None:
    """The history's digest from its plain entry (empty when there is no file); None when
    there is none that is valid."""
    from roadmap_cli import plaincache
    from roadmap_cli.digest import Digest

    return Digest() if raw is None else plaincache.load_digest(store, raw)


def where(settings: Any) -> Any:
    """`where`: the paths in use; no file is read."""
    from roadmap_cli import maintenance

    return maintenance.where(settings)
