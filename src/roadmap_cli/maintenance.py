"""The use cases about files: export, import, validate, where and doctor. Each returns a result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli import results
from roadmap_cli.errors import DataError, RoadmapError, UsageError, printable
from roadmap_cli.session import Settings, load_roadmap, open_session

if TYPE_CHECKING:
    from roadmap_cli.records import Progress


def export(
    settings: Settings,
    track_id: str | None,
    format_name: str,
    output: Path | None,
    brief: bool = False,
) -> results.Exported:
    """The track (Markdown, an HTML page, an SVG card) or everything (JSON), written to
    `output` when one is given. `brief`: the compact Markdown list."""
    from roadmap_cli import export as exporters

    if brief:
        if format_name != "markdown":
            raise UsageError("--brief applies to the Markdown export only")
        format_name = "markdown-brief"
    session = open_session(settings, track_id)
    if output is not None and output.resolve() == session.store.path.resolve():
        shown_path = printable(str(output))
        raise UsageError(f"{shown_path} is your progress file; choose another output file")
    exporter = exporters.EXPORTERS[format_name]
    progress = session.load(history=format_name in exporters.WITH_HISTORY)
    text = exporter(session.track, progress, session.roadmap.id, settings.clock.today())
    if output is not None:
        from roadmap_cli.fsutil import write_export

        try:
            write_export(output, text.encode("utf-8"))
        except OSError as exc:
            raise RoadmapError(
                f"{printable(str(output))}: cannot write export: {exc.strerror or exc}"
            ) from None
    return results.Exported(text, output)


def import_file(settings: Settings, source: Path, dry_run: bool) -> results.ImportPlan:
    """Replace the progress with an exported file's; the current file is backed up first."""
    from roadmap_cli.store import read_document, user_store

    _, incoming = read_document(source, "import file")
    store = user_store()
    if dry_run:  # reads only: no lock, nothing created
        return _plan(source, store.load(), incoming, dry_run=True)
    current = store.replace(incoming)
    return _plan(source, current, incoming, dry_run=False)


def _plan(source: Path, current: Progress, incoming: Progress, dry_run: bool) -> results.ImportPlan:
    diffs = []
    keys = {
        (rid, tid)
        for doc in (current, incoming)
        for rid, tracks in doc.roadmaps.items()
        for tid in tracks
    }
    for rid, tid in sorted(keys):
        old = current.roadmaps.get(rid, {}).get(tid, {})
        new = incoming.roadmaps.get(rid, {}).get(tid, {})
        added = sum(1 for sid in new if sid not in old)
        changed = sum(1 for sid in new if sid in old and new[sid] != old[sid])
        removed = sum(1 for sid in old if sid not in new)
        if added or changed or removed:
            diffs.append(results.TrackDiff(rid, tid, added, changed, removed))
    return results.ImportPlan(source, diffs, len(current.events), len(incoming.events), dry_run)


def validate(path: Path) -> results.Validated:
    from roadmap_cli import catalog

    try:
        roadmap = catalog.load_roadmap(path, cache=False)
    except catalog.InvalidRoadmap as exc:
        exc.lines = [printable(line) for line in exc.problems]  # every one, not the first only
        raise
    return results.Validated(
        path,
        roadmap.id,
        len(roadmap.tracks),
        sum(len(t.phases) for t in roadmap.tracks),
        sum(len(t.skills) for t in roadmap.tracks),
    )


def schema() -> results.Exported:
    """The JSON Schema of the roadmap format, generated from the models."""
    import json

    from roadmap_cli.models import Roadmap

    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Roadmap.model_json_schema(),
    }
    return results.Exported(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", None)


def where(settings: Settings) -> results.Places:
    from roadmap_cli import paths, prefs
    from roadmap_cli.store import user_store

    store = user_store()
    return results.Places(
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


def restore_backup(replace_healthy: bool) -> results.Restored:
    """Put back the newest backup that loads. A progress file that loads is replaced only with
    `replace_healthy`; otherwise `store.HealthyFile` says which backup would be used."""
    from roadmap_cli.store import user_store

    store = user_store()
    used, kept = store.restore_backup(replace_healthy=replace_healthy)
    return results.Restored(store.path, used, kept)


def doctor(settings: Settings) -> results.DoctorReport:
    """Check the roadmap and the progress file; list orphaned progress, strays and backups."""
    from roadmap_cli.changes import adopt_renames, orphans
    from roadmap_cli.store import TEMP_PREFIX, user_store

    store = user_store()
    roadmap = progress = None
    roadmap_error = progress_error = None
    try:
        roadmap = load_roadmap(settings)
    except DataError as exc:
        roadmap_error = str(exc)
    try:
        progress = store.load()
    except DataError as exc:
        progress_error = str(exc)
    lost: dict[str, list[str]] = {}
    unknown: list[str] = []
    if progress is not None and roadmap is not None:
        adopt_renames(progress, roadmap)
        for track in roadmap.tracks:
            found = orphans(progress, roadmap.id, track)
            if found:
                lost[track.id] = found
        known = {t.id for t in roadmap.tracks}
        unknown = sorted(set(progress.roadmaps.get(roadmap.id, {})) - known)
    return results.DoctorReport(
        roadmap_tracks=len(roadmap.tracks) if roadmap else None,
        roadmap_skills=sum(len(t.skills) for t in roadmap.tracks) if roadmap else None,
        roadmap_error=roadmap_error,
        progress_path=store.path,
        progress_schema=progress.schema_version if progress else None,
        progress_skills=(
            sum(len(s) for t in progress.roadmaps.values() for s in t.values())
            if progress
            else None
        ),
        progress_events=len(progress.events) if progress else None,
        progress_error=progress_error,
        orphans=lost,
        unknown_tracks=unknown,
        strays=sorted(p.name for p in store.path.parent.glob(f"{TEMP_PREFIX}*.tmp")),
        backup_dir=store.backup_dir,
        backups=store.backups(),
    )
