"""The fast route's commands about files (see `fastroute`): `schema` and `validate` from the
entries the full route keeps (the schema it generated; a roadmap it validated, by its bytes),
`doctor` for files the full route validated; `import`, and `validate` of a roadmap without an
entry, without Typer or Rich (Pydantic reads the file given, as on the full route). Each
answers as the full route does, through the same functions of `maintenance`, or returns None
(or raises), having written nothing, to leave it to the full route.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from roadmap_cli.migrations import Renames
    from roadmap_cli.plaindata import PlainRoadmap
    from roadmap_cli.store import Store

COMMANDS = ("schema", "validate", "doctor", "import")


def answer(
    command: str,
    options: dict[str, str],
    settings: Any,
    entry: Callable[..., Any],
    written: Callable[[Any, bool], str],
) -> str | None:
    """The command's output (`written`: how a result is drawn); `entry`: a roadmap file's
    plain entry (or another kind of its entries, read by its parser), if the fast route
    answers for it."""
    from pathlib import Path

    from roadmap_cli import cache, maintenance

    if command == "schema":  # as the full route generated it from the models, kept
        doc = cache.load(maintenance.schema_entry(), maintenance.schema_document)
        return None if doc is None else written(maintenance.schema_text(doc), False)
    if command == "validate":
        if "argument" not in options:
            return None  # the full route's error
        path = Path(options["argument"])
        valid = entry(path)  # valid, as the full route found it: its entry says so
        if valid is None:  # checked here as there, without Typer or Rich; a problem: there
            return written(maintenance.validate(path), False)
        return written(maintenance.validated(path, valid), False)  # type: ignore[arg-type]
    if command == "import":  # the file given, and the progress, read by the models
        from roadmap_cli import plaindata

        moves = entry(settings.roadmap_file, "plain-renames", plaindata.renames_from)
        if moves is None or "argument" not in options:
            return None  # no entry of the roadmap's renamed skills; or the full route's error
        given = Path(options["argument"])
        return _imported(written, settings, given, "dry_run" in options, moves)
    roadmap = entry(settings.roadmap_file)
    if roadmap is None:
        return None
    from roadmap_cli.store import user_store

    store = user_store()  # `doctor`: the roadmap and the progress checked, no track chosen
    report = doctor(roadmap, store, store._read())
    return None if report is None else written(report, False)


def doctor(roadmap: PlainRoadmap, store: Store, raw: bytes | None) -> Any:
    """`maintenance.doctor`'s report, for files the full route validated (their entries say
    so): the roadmap from its entry, the records from the file (`plainchange.read`), the
    history counted, not read. None where it has a problem to say: the full route says it."""
    from roadmap_cli import historytail, maintenance, plaincache, plainchange
    from roadmap_cli.fileformat import EVENTS_KEY

    if raw is None:
        progress, events = plainchange.read(None, []), 0
    else:
        adoption = plaincache.adoption(roadmap)
        if not plaincache.kept(store, "plain-progress", raw, adoption):
            return None
        if not plaincache.validated(store, raw):
            return None
        progress = plainchange.read(raw)
        # Each event begins so, and nothing else in the history does (a quote in a text is
        # escaped): a file in this version's own layout (`plainchange.read` checked it).
        events = raw.count(historytail.EVENT_START, raw.find(EVENTS_KEY))
    report = maintenance.doctor_in(store, roadmap, None, progress, None, events)  # type: ignore[arg-type]
    return None if report.problems else report


def _imported(
    written: Callable[[Any, bool], str],
    settings: Any,
    source: Path,
    dry_run: bool,
    moves: Renames,
) -> str:
    """`maintenance.import_file`, the roadmap's renamed skills from their entry, the plan
    drawn before the import is saved: anything that fails before raises, having written
    nothing; once saved, it is answered here, never imported twice."""
    from roadmap_cli import maintenance
    from roadmap_cli.store import user_store

    store = user_store()
    store.lock_wait = 0  # a writer at work: the full route waits for it, once
    text: list[str] = []
    read: list[Any] = []

    def drawn(plan: Any) -> None:
        read.append(store.last_read)  # the bytes the import is made to, under the lock
        text.append(written(plan, False))

    try:
        plan = maintenance.import_file(settings, source, dry_run, moves, drawn, store)
    except Exception:
        if text and store.last_read is not read[0]:
            return text[0]  # saved (`Store.save` keeps what it wrote): never imported twice
        raise
    return text[0] if text else written(plan, False)
