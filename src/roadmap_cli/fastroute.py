"""The fast route of the commands run most: `next`, `status`, the dashboard, `list`, `show`,
`search`, `history`, `tracks`, `review` (the list), `export`, `goal` and `use` (shown or
set), `note SKILL`, `where` (some of these in `fastreports`), `schema`, `doctor` and
`validate` (`fastfiles`), and the changes `done`, `start`, `skip`, `reset`, `log`, `note` and
`review` (a rating, `--add`, `--remove`; see `plainchange`) and `undo` (`fastundo`), without
Typer or Pydantic, and without Rich but for what only Rich draws (the tracks' table, Markdown
on a terminal). `import` too (`fastfiles`), without Typer or Rich: the file given is not
known to be valid, so Pydantic reads it (and the progress, which it joins).

Called by `__main__` before the full route (`cli.run`). It parses the command line as Click
would for the forms it knows (`fastargs`), loads the roadmap and the progress from the plain-data
entries the full route keeps (`plaincache`, `plaindata`, `plainprogress`), and then does what
the full route does, with the same code: `daily`'s report on the light objects, `render`'s
view on `styled.Screen`.
Its output is held until the end and written at once, so anything it does not handle (another
option, `--help`, any error, an entry missing or stale) falls through to the full route
having written nothing; errors and their messages stay the full route's. A change
(`session.change_in`) is drawn before it is saved, so it too either writes nothing or is made
and answered here, never twice. `ROADMAP_FULL_ROUTE=1` turns this route off (the tests
compare both).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from roadmap_cli.plaindata import PlainRoadmap
    from roadmap_cli.store import Store


def answer(args: list[str]) -> int | None:
    """Answer the command exactly as the full route would and return the exit code; or
    return None, having written nothing, to leave it to the full route."""
    if os.environ.get("ROADMAP_FULL_ROUTE"):
        return None
    try:
        text = _answer(args)
    except Exception:  # whatever this route did not foresee, the full route answers
        return None
    if text is None:
        return None
    from roadmap_cli.streams import fit, silence_stdout

    fit()
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # as the full route: the reader stopped early, not an error
        silence_stdout()
    return 0


def _answer(args: list[str]) -> str | None:
    if os.name == "nt":  # Rich's legacy Windows console: the full route's
        return None
    from roadmap_cli.fastargs import COMMANDS, parse

    parsed = parse(args)
    if parsed is None:
        return None
    command, root, options = parsed
    if command not in COMMANDS and command != "":
        return None
    asked = _change_asked(command, options)
    count = 5
    if "count" in options:
        value = options["count"]
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 1000):
            return None
        count = int(value)
    from pathlib import Path

    given = root.get("roadmap")
    if given is None:
        if "ROADMAP_FILE" in os.environ and not os.environ["ROADMAP_FILE"]:
            return None
        given = os.environ.get("ROADMAP_FILE")
    if given is not None and (not given or Path(given).is_dir()):
        return None
    roadmap_file = Path(given) if given is not None else None
    from roadmap_cli import fastfiles, fastreports
    from roadmap_cli.settings import Settings

    settings = Settings(roadmap_file=roadmap_file, track=root.get("track"))
    if command == "where":  # reads no file
        return _written(fastreports.where(settings), "json" in options)
    if command in fastfiles.COMMANDS:
        return fastfiles.answer(command, options, settings, _entry, _written)
    found = _entry(roadmap_file)
    if found is None:
        return None
    if command == "undo":  # the roadmap only names the skills: no track is chosen
        from roadmap_cli import fastundo

        return fastundo.undo(found, _written)
    from roadmap_cli import session
    from roadmap_cli.store import user_store

    track = session.choose_track(settings, found, options.get("track"))[0]  # type: ignore[arg-type]
    store = user_store()
    if asked:
        return _change(settings, found, track, store, *asked)
    if asked is None:
        return None  # a change this route does not make, or an error
    raw = store._read()  # the store's own read: the same checks, the same errors
    if command == "history":  # the history's own entries, not the records'
        view = fastreports.history(settings, found, track, store, raw, options)
        return None if view is None else _written(view, "json" in options)
    progress = _progress(store, raw, found)
    if progress is None:
        return None
    if command not in ("status", ""):
        return _report(command, options, count, settings, found, track, progress, store, raw)
    digest = fastreports.digest(store, raw)
    if digest is None:
        return None
    from roadmap_cli import daily

    report = daily.status if command == "status" else daily.dashboard
    today = settings.clock.today()
    result = report(found.id, track, progress, digest, today)  # type: ignore[arg-type]
    return _written(result, "json" in options)


def _report(
    command: str,
    options: dict[str, str],
    count: int,
    settings: Any,
    roadmap: PlainRoadmap,
    track: Any,
    progress: Any,
    store: Store,
    raw: bytes | None,
) -> str | None:
    """The reports made of the roadmap and the records (and cards), and for the page and the
    card the history's digest."""
    from roadmap_cli import daily, fastreports, session
    from roadmap_cli.fastargs import ARGUMENT

    json, now, today = "json" in options, settings.clock.now(), settings.clock.today()
    if command == "next":
        everything = "all" in options
        return _written(
            daily.suggestions(roadmap.id, track, progress, count, everything, today), json
        )
    if command == "list":
        found = fastreports.listed(roadmap, track, progress, options)
        return None if found is None else _written(found, "json" in options)
    if command in ARGUMENT:
        if "argument" not in options:
            return None  # the full route's error
        target = options["argument"]
        if command == "note":
            return _written(daily.notes(roadmap.id, track, progress, target), False)
        if command == "search":
            return _written(daily.search(roadmap, track, progress.skills(roadmap.id), target), json)
        shown = (roadmap, track, progress, target, "phase_only" in options, now, today)
        return _written(daily.show(*shown), json)  # type: ignore[arg-type]
    if command == "review":
        if "ROADMAP_RETENTION" in os.environ:
            return None  # the full route checks it
        if not json and sys.stdin.isatty() and sys.stdout.isatty():
            return None  # a walk through the cards, key by key
        from roadmap_cli import reviewing

        return _written(reviewing.due(roadmap, track, progress, now, today), json)  # type: ignore[arg-type]
    if command == "export":
        found = fastreports.exported(roadmap, track, progress, options, today, store, raw)
        return None if found is None else _written(found, False)
    if command == "goal":
        day, clear = options.get("argument"), "clear" in options
        target = session.goal_day(settings, day, clear)
        return _written(session.goal_in(roadmap.id, track, target, day is not None or clear), json)
    if command == "use":
        return _written(session.use_in(settings, roadmap, options.get("argument")), False)  # type: ignore[arg-type]
    tracks = daily.tracks(roadmap, track, progress.status_map(roadmap.id))  # `tracks`
    return _written(tracks, json)


# The largest roadmap file this route answers for. Reading its entry and checking it in Python
# costs more per skill than Pydantic's compiled validation, which is slower to start; up to
# here this route is the faster. Measured with a 50,000-skill roadmap (3.2 MiB): `list` 437-478
# ms here against 505-549 on the full route, `export` 329-344 against 390-430, `done` 310-324
# against 356-384; with 10,000 skills (640 KiB) and 5,000 records, `done` 228-246 against
# 295-346. Beyond, not measured: the full route's. The bundled roadmap is 141 KiB.
MAX_ROADMAP_BYTES = 4 * 1024 * 1024


def _small_roadmap(path: Path | None) -> bool:
    """Whether a command on this roadmap is this route's: a first look, by the roadmap
    file's size (`MAX_ROADMAP_BYTES`), before its entry is read."""
    from roadmap_cli import paths

    try:
        size = (path or paths.bundled_roadmap_path()).stat().st_size
    except OSError:
        return False  # the full route says what is wrong
    return size <= MAX_ROADMAP_BYTES


def _change_asked(
    command: str, options: dict[str, str]
) -> tuple[str, list[str], dict[str, Any]] | bool | None:
    """The change asked for: its action, the skills, what it says beyond them (see
    `session.change_details`); False for a report; None for a change left to the full route."""
    from roadmap_cli.fastargs import CHANGES, SKILLS

    if command == "review":
        return _review_asked(options)
    if command not in (*CHANGES, "log", "note"):
        return False
    more: dict[str, Any] = {"note": options.get("note"), "on": options.get("on")}
    more["links"] = options["link"].split("\0") if "link" in options else ()
    if command in CHANGES:
        if (SKILLS in options) == ("phase" in options):
            return None  # the full route's error: skills or `--phase`, one of them
        if "phase" in options:
            return command, [], {**more, "phase": options["phase"]}
        return command, options[SKILLS].split("\0"), more
    if "argument" not in options:
        return None  # the full route's error
    skill, second = options["argument"], options.get("argument2")
    if command == "log":
        return "log", [skill], {**more, "duration": second}
    delete, clear = options.get("delete"), "clear" in options
    if delete is not None or clear:  # one of a note, `--delete N` or `--clear`
        if second is not None or (delete is not None and clear):
            return None  # the full route's error
        if delete is not None and not (delete.isascii() and delete.isdigit() and len(delete) < 10):
            return None  # Click's to read, or refuse
        if delete is not None and int(delete) < 1:
            return None
        number = None if delete is None else int(delete)
        return "note", [skill], {**more, "delete_note": number, "clear_note": clear}
    if second is None and not more["links"]:
        return None if more["on"] else False  # `note SKILL` lists the notes: a report
    return "note", [skill], {**more, "note": second}


def _review_asked(options: dict[str, str]) -> tuple[str, list[str], dict[str, Any]] | bool | None:
    """A review's change asked for (as `_change_asked`): a rating of one skill, or cards added
    or removed; False for the list of what is due."""
    from roadmap_cli.fastargs import SKILLS

    skills = options[SKILLS].split("\0") if SKILLS in options else []
    rating, relearn = options.get("rating"), "relearn" in options
    add, remove = "add" in options, "remove" in options
    if not (skills or rating or relearn or add or remove):
        return False
    if "ROADMAP_RETENTION" in os.environ:
        return None  # the full route checks it
    if add or remove:  # as the full route: `--json` says nothing of these
        if add == remove or not skills or rating or relearn:
            return None  # the full route's error (or its way)
        return "review", skills, {"add": add}
    if len(skills) != 1 or rating not in ("again", "hard", "good", "easy"):
        return None  # a walk through the cards, or an error
    if relearn and rating != "again":
        return None
    return "review", skills, {"rating": rating, "relearn": relearn, "json": "json" in options}


def _change(
    settings: Any,
    roadmap: PlainRoadmap,
    track: Any,
    store: Store,
    action: str,
    skills: list[str],
    more: dict[str, Any],
) -> str:
    """`session.change_in` on the light progress (`plainchange`), for a file whose plain
    entries say the full route validated it: anything else raises before a byte is written.
    `more`: what the change says beyond its skills (`session.change_details`)."""
    from roadmap_cli import plainchange, reviewing, reviews, session

    def reader(raw: bytes | None) -> Any:
        # Read under the lock: the very bytes the change is made to. The history's own
        # caches (its digest and index, see `historycache`) are then kept by `Store.save`
        # as on the full route, without Pydantic.
        if raw is None:
            raise plainchange.Miss
        if not _validated(store, raw, roadmap):
            raise plainchange.Miss  # not validated whole by the full route, or not this file
        return plainchange.read(raw)

    store.lock_wait = 0  # a writer at work: the full route waits for it, once
    text: list[str] = []
    now = settings.clock.now()
    where = session.Session(roadmap, track, store)  # type: ignore[arg-type]
    read: list[bytes] = []
    hooks = {
        "reader": lambda raw: read.append(raw) or reader(raw),
        "drawn": lambda summary: text.append(_written(summary, more.get("json", False))),
    }
    try:
        if action != "review":
            phase = more.pop("phase", None)
            details = session.change_details(settings, now, **more)
            session.change_in(where, action, skills, now, details, phase, **hooks)  # type: ignore[arg-type]
        elif "add" in more:
            reviewing.change_cards_in(where, skills, more["add"], now, **hooks)  # type: ignore[arg-type]
        else:
            rated = (more["rating"], more["relearn"], reviews.DEFAULT_RETENTION, now)
            reviewing.rate_in(where, skills[0], *rated, settings.clock.today(), **hooks)  # type: ignore[arg-type]
    except Exception:
        if read and text and getattr(store, "last_read", None) is not read[0]:
            return text[0]  # saved (`Store.save` keeps what it wrote): never made twice
        raise
    return text[0]


def _entry(
    path: Path | None, kind: str = "plain-roadmap", parse: Callable[[bytes], Any] | None = None
) -> Any:
    """The roadmap from its plain entry (or what `parse` reads of its entry of `kind`), if
    this route answers for it (`_small_roadmap`); None when there is none that is valid."""
    return _read_entry(path, kind, parse) if _small_roadmap(path) else None


def _read_entry(path: Path | None, kind: str, parse: Callable[[bytes], Any] | None) -> Any:
    from roadmap_cli import cache, catalog, fsutil, paths, plaincache, plaindata

    source = path or paths.bundled_roadmap_path()
    raw = fsutil.read_regular_file(source, catalog.MAX_ROADMAP_BYTES)
    entry = plaincache.entry(paths.cache_dir(), kind, source, raw)
    return cache.load(entry, parse or plaindata.roadmap_from)


def _progress(store: Store, raw: bytes | None, roadmap: PlainRoadmap) -> Any:
    """The progress from its plain entry (empty when there is no file); None when there is
    no entry that is valid."""
    from roadmap_cli import cache, plaincache, plainprogress

    if raw is None:
        return plainprogress.PlainProgress(roadmap.id, {}, {})
    assert store.cache_dir is not None
    adoption = plaincache.adoption(roadmap)
    entry = plaincache.entry(store.cache_dir, "plain-progress", store.path, raw, adoption)
    return cache.load(entry, lambda data: plainprogress.progress_from(data, roadmap.id))


def _validated(store: Store, raw: bytes, roadmap: PlainRoadmap) -> bool:
    """Whether the entries of these very bytes are there, as the full route keeps them for a
    file it validated: the progress's (the records) and the digest's (the history). Each is
    whole and its own, its data unread: a change reads the file itself, and the digest is
    read where it is extended (`plaincache.keep_progress`)."""
    from roadmap_cli import plaincache

    adoption = plaincache.adoption(roadmap)
    return plaincache.kept(store, "plain-progress", raw, adoption) and plaincache.kept(
        store, "plain-digest", raw
    )


def _written(result: object, json: bool) -> str:
    """The result's `--json` document or human view, as the full route writes it (see
    `output.emit`)."""
    import io

    if json:
        from roadmap_cli.output import json_text

        return json_text(result, sys.stdout)

    from roadmap_cli import reports
    from roadmap_cli.styled import Screen

    screen = Screen(sys.stdout, rich=_Held)
    screen.file = io.StringIO()
    drawn = reports.RENDERERS.get(type(result))  # a file command's: no view's modules imported
    if drawn is None:
        from roadmap_cli.render import draw as drawn
    drawn(screen, result)  # type: ignore[operator]
    return screen.file.getvalue()


class _Held:
    """What only Rich draws (the tracks' table, Markdown on a terminal): drawn by the full
    route's console on stdout (`output.console`), its output held in `file` with the rest of
    the view, so that the view is written at once or not at all."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def print(self, part: object, soft_wrap: bool = False) -> None:
        from roadmap_cli.output import console
        from roadmap_cli.streams import encodes_ours

        if not encodes_ours(sys.stdout):  # Rich draws for the stream `fit` makes of it
            raise LookupError("left to the full route")

        out = console()
        with out.capture() as captured:
            out.print(part, soft_wrap=soft_wrap)
        self.file.write(captured.get())
