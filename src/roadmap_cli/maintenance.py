"""The use cases about files: export, import, validate, where and doctor. Each returns a result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli import fileresults
from roadmap_cli.catalog import renames
from roadmap_cli.errors import DataError, RoadmapError, UsageError, printable

if TYPE_CHECKING:
    from collections.abc import Callable

    from roadmap_cli.changes import ImportChange
    from roadmap_cli.migrations import Renames
    from roadmap_cli.models import Roadmap, Status
    from roadmap_cli.records import Progress, SkillProgress
    from roadmap_cli.settings import Settings
    from roadmap_cli.store import Store


def export(
    settings: Settings,
    track_id: str | None,
    format_name: str,
    output: Path | None,
    brief: bool = False,
) -> fileresults.Exported:
    """The track (Markdown, an HTML page, an SVG card) or everything (JSON), written to
    `output` when one is given. `brief`: the compact Markdown list."""
    from functools import partial

    from roadmap_cli import export as exporters
    from roadmap_cli.session import open_session

    if brief:
        if format_name != "markdown":
            raise UsageError("--brief applies to the Markdown export only")
        format_name = "markdown-brief"
    session = open_session(settings, track_id)
    if output is not None:
        check_output(output, session.store.path)
    exporter = exporters.EXPORTERS[format_name]
    if format_name in exporters.WITH_DIGEST:
        progress, digest = session.digest()
        session.keep_plain(progress, digest)
        exporter = partial(exporter, digest=digest)
    else:
        progress = session.load(history=format_name in exporters.WITH_HISTORY)
        session.keep_plain(progress)
    text = exporter(session.track, progress, session.roadmap.id, settings.clock.today())
    return exported(text, output)


def check_output(output: Path, progress_file: Path) -> None:
    """An export never goes over the progress file."""
    if output.resolve() == progress_file.resolve():
        shown_path = printable(str(output))
        raise UsageError(f"{shown_path} is your progress file; choose another output file")


def exported(text: str, output: Path | None) -> fileresults.Exported:
    """The export, written to `output` when one is given (the fast route's way too)."""
    if output is not None:
        from roadmap_cli.fsutil import write_export

        try:
            write_export(output, text.encode("utf-8"))
        except OSError as exc:
            raise RoadmapError(
                f"{printable(str(output))}: cannot write export: {exc.strerror or exc}"
            ) from None
    return fileresults.Exported(text, output)


def import_file(
    settings: Settings,
    source: Path,
    dry_run: bool,
    moves: Renames | None = None,
    drawn: Callable[[fileresults.ImportPlan], object] | None = None,
    store: Store | None = None,
) -> fileresults.ImportPlan:
    """Make the progress an exported file's, as one change that `undo` reverts whole.

    The records become the file's; its history joins ours (events we hold already, known
    by their id, are not added twice), then one batch of "import" events records each
    skill changed. The file replaced is kept in backups/ as for every change. `moves`: the
    renamed skills of the roadmap in use (`renames`), when at hand (the fast route's, from
    their entry). `drawn` (the fast route's, with its `store`) gets the plan before it is
    saved: all that can fail precedes the save.
    """
    from roadmap_cli import catalog, changes
    from roadmap_cli.store import read_document, user_store

    # For a file of an older schema; a dry run writes nothing, not even the roadmap's cache.
    if moves is None:
        moves = renames(catalog.load_roadmap(settings.roadmap_file, cache=not dry_run))
    _, incoming = read_document(source, "import file", moves)
    store = store or user_store()
    store.renames = moves
    if dry_run:  # reads only: no lock, nothing created
        current = store.load()
        found = changes.import_changes(current, incoming)
        now = len(current.events)  # then the events joined, and one "import" event per skill
        after = now + len(changes.new_events(current, incoming)) + len(found)
        return _plan(source, found, now, after, dry_run=True)
    with store.transaction() as progress:
        now = len(progress.events)
        changes.adopt_history(progress, incoming)
        made = changes.replace_records(progress, incoming, settings.clock.now())
        plan = _plan(source, made, now, len(progress.events), dry_run=False)
        if drawn is not None:
            drawn(plan)
    return plan


def _plan(
    source: Path, found: list[ImportChange], now: int, after: int, dry_run: bool
) -> fileresults.ImportPlan:
    """What the import changes (`changes.import_changes`): each skill whose record or review
    card it replaces, and the history's length before and after."""
    diffs = [
        fileresults.SkillDiff(rid, sid, _status(old), _status(new), old != new, card != was)
        for rid, sid, old, new, was, card in found
    ]
    return fileresults.ImportPlan(source, diffs, now, after, dry_run)


def _status(record: SkillProgress) -> Status | None:
    return None if record.is_blank() else record.status


def validate(path: Path) -> fileresults.Validated:
    from roadmap_cli import catalog

    try:
        roadmap = catalog.load_roadmap(path, cache=False)
    except catalog.InvalidRoadmap as exc:
        exc.lines = [printable(line) for line in exc.problems]  # every one, not the first only
        raise
    return validated(path, roadmap)


def validated(path: Path, roadmap: Roadmap) -> fileresults.Validated:
    """What `validate` says of a valid roadmap (the fast route's too, from its entry)."""
    return fileresults.Validated(
        path,
        roadmap.id,
        len(roadmap.tracks),
        sum(len(t.phases) for t in roadmap.tracks),
        sum(len(t.skills) for t in roadmap.tracks),
    )


JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def schema() -> fileresults.Exported:
    """The JSON Schema of the roadmap format, generated from the models; kept in the cache
    folder for the fast route (`schema_entry`)."""
    import json

    from roadmap_cli import cache
    from roadmap_cli.models import Roadmap

    doc = {"$schema": JSON_SCHEMA, **Roadmap.model_json_schema()}
    cache.store(schema_entry(), json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return schema_text(doc)


def schema_entry() -> Path:
    """Where the schema is kept: its key changes with the models' source, the program's and
    Pydantic's versions (see `cache.entry`)."""
    from roadmap_cli import cache, paths

    here = Path(__file__)
    return cache.entry(
        paths.cache_dir(), "schema", here, b"", "maintenance", "models", "modelcore", "texts"
    )


def schema_document(data: bytes) -> dict[str, object]:
    """The schema kept (`cache.load`'s parse): a JSON object that says it is one; else raises."""
    import json

    doc = json.loads(data)
    if type(doc) is not dict or doc.get("$schema") != JSON_SCHEMA:
        raise ValueError("not a schema kept here")
    return doc


def schema_text(doc: dict[str, object]) -> fileresults.Exported:
    """The schema as `roadmap schema` prints it (JSON's escapes: no control character)."""
    import json

    return fileresults.Exported(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", None)


def where(settings: Settings) -> fileresults.Places:
    from roadmap_cli import paths, prefs
    from roadmap_cli.store import user_store

    store = user_store()
    return fileresults.Places(
        {
            "data": paths.data_dir(),
            "progress": store.path,
            "backups": store.backup_dir,
            "lock": store.lock_path,
            "settings": prefs.settings_path(),
            "cache": paths.cache_dir(),
            "roadmap": settings.roadmap_file or paths.bundled_roadmap_path(),
        }
    )


def restore_backup(replace_healthy: bool) -> fileresults.Restored:
    """Put back the newest backup that loads. A progress file that loads is replaced only with
    `replace_healthy`; otherwise `store.HealthyFile` says which backup would be used."""
    from roadmap_cli.store import user_store

    store = user_store()
    used, kept = store.restore_backup(replace_healthy=replace_healthy)
    return fileresults.Restored(store.path, used, kept)


def doctor(settings: Settings) -> fileresults.DoctorReport:
    """Check the roadmap and the progress file; list orphaned progress, strays and backups."""
    from roadmap_cli.session import load_roadmap
    from roadmap_cli.store import user_store

    store = user_store()
    roadmap = progress = None
    roadmap_error = progress_error = None
    try:
        roadmap = load_roadmap(settings)
        store.renames = renames(roadmap)
    except DataError as exc:
        roadmap_error = str(exc)
    try:
        progress = store.load()
    except DataError as exc:
        progress_error = str(exc)
    return doctor_in(store, roadmap, roadmap_error, progress, progress_error)


def doctor_in(
    store: Store,
    roadmap: Roadmap | None,
    roadmap_error: str | None,
    progress: Progress | None,
    progress_error: str | None,
    events: int | None = None,
) -> fileresults.DoctorReport:
    """`doctor`'s report of the roadmap and the progress as read (None: read with the error
    given), orphans, strays and backups. `events`: how long the history is, when `progress`
    holds only its end (the fast route's)."""
    from roadmap_cli.changes import adopt_renames, orphans
    from roadmap_cli.store import TEMP_PREFIX

    lost: dict[str, list[str]] = {}
    unknown: list[str] = []
    if progress is not None and roadmap is not None:
        adopt_renames(progress, roadmap)
        found = orphans(progress, roadmap)
        if found:
            lost[roadmap.id] = found
    if progress is not None and events is None:
        events = len(progress.events)
    return fileresults.DoctorReport(
        roadmap_tracks=len(roadmap.tracks) if roadmap else None,
        roadmap_skills=sum(len(t.skills) for t in roadmap.tracks) if roadmap else None,
        roadmap_error=roadmap_error,
        progress_path=store.path,
        progress_schema=progress.schema_version if progress else None,
        progress_skills=(
            sum(len(records) for records in progress.roadmaps.values()) if progress else None
        ),
        progress_events=events,
        progress_error=progress_error,
        orphans=lost,
        unknown_tracks=unknown,
        strays=sorted(p.name for p in store.path.parent.glob(f"{TEMP_PREFIX}*.tmp")),
        backup_dir=store.backup_dir,
        backups=store.backups(),
    )
