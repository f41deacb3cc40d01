"""Commands about files: export, doctor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from roadmap_cli.cli import (
    ExportFormat,
    TrackOption,
    app,
    console,
    open_session,
    roadmap_file,
)
from roadmap_cli.errors import RoadmapError, UsageError


@app.command(epilog="Examples: roadmap export > progress.md; roadmap export -o progress.md")
def export(
    format_: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False
        ),
    ] = None,
    track: TrackOption = None,
) -> None:
    """Export your progress (Markdown task lists, ready for a README or a gist)."""
    from roadmap_cli import export as exporters
    from roadmap_cli import render

    session = open_session(track)
    if output is not None and output.resolve() == session.store.path.resolve():
        raise UsageError(f"{output} is your progress file; choose another output file")
    records = session.records()
    text = exporters.EXPORTERS[format_.value](session.track, records, render.today())
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RoadmapError(f"{output}: cannot write export: {exc.strerror or exc}") from None
    typer.echo(f"Exported {session.track.id} to {output}", err=True)


@app.command(epilog="Examples: roadmap doctor; roadmap doctor --restore-backup")
def doctor(
    restore_backup: Annotated[
        bool,
        typer.Option(
            "--restore-backup",
            help="Put back the newest backup that loads (the current file is kept aside).",
        ),
    ] = False,
) -> None:
    """Check the roadmap and progress files, list backups and orphaned progress."""
    from roadmap_cli import catalog, paths, render
    from roadmap_cli import progress as core
    from roadmap_cli.errors import DataError
    from roadmap_cli.store import TEMP_PREFIX, Store

    store = Store(paths.progress_path())
    out = console()
    if restore_backup:
        used, kept = store.restore_backup()
        aside = f"; the replaced file is kept as {kept}" if kept else ""
        render.say(out, f"Restored {used.name} to {store.path}{aside}")
        return
    problems = 0
    roadmap = None
    try:
        roadmap = catalog.load_roadmap(roadmap_file.get())
        skills = sum(len(t.skills) for t in roadmap.tracks)
        render.say(out, f"roadmap: ok: {len(roadmap.tracks)} tracks, {skills} skills")
    except DataError as exc:
        problems += 1
        render.say(out, f"roadmap: PROBLEM: {exc}")
    try:
        progress = store.load()
        tracked = sum(len(s) for t in progress.roadmaps.values() for s in t.values())
        render.say(
            out,
            f"progress: ok: {store.path} (schema {progress.schema_version}, "
            f"{tracked} skills with progress, {len(progress.events)} changes)",
        )
    except DataError as exc:
        problems += 1
        progress = None
        render.say(out, f"progress: PROBLEM: {exc}")
    if progress is not None and roadmap is not None:
        for track in roadmap.tracks:
            core.adopt_renames(progress, roadmap.id, track)
            lost = core.orphans(progress, roadmap.id, track)
            if lost:
                render.say(
                    out,
                    f"orphans: {track.id}: progress kept for skills this roadmap no longer "
                    f"has: {', '.join(lost)}",
                )
        known = {t.id for t in roadmap.tracks}
        for track_id in sorted(set(progress.roadmaps.get(roadmap.id, {})) - known):
            render.say(out, f"orphans: progress kept for unknown track {track_id}")
    strays = sorted(p.name for p in store.path.parent.glob(f"{TEMP_PREFIX}*.tmp"))
    if strays:
        render.say(out, f"temporary files left by interrupted writes: {', '.join(strays)}")
    backups = store.backups()
    newest = f", newest {backups[0].name}" if backups else ""
    render.say(out, f"backups: {len(backups)} in {store.backup_dir}{newest}")
    if problems:
        raise typer.Exit(1)
