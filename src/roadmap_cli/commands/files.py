"""Commands about files: export, import, validate, where, doctor."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from roadmap_cli.cli import (
    ExportFormat,
    JsonOption,
    TrackOption,
    app,
    console,
    open_session,
    print_json,
    roadmap_file,
)
from roadmap_cli.errors import RoadmapError, UsageError, printable


@app.command(
    epilog="Examples: roadmap export > progress.md; roadmap export -o progress.md; "
    "roadmap export --format json -o backup.json"
)
def export(
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown: the track as task lists; json: everything, for 'roadmap import'.",
        ),
    ] = ExportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of stdout.",
            dir_okay=False,
        ),
    ] = None,
    track: TrackOption = None,
) -> None:
    """Export your progress: Markdown for a README or a gist, JSON to back up or move."""
    from roadmap_cli import export as exporters
    from roadmap_cli import render

    session = open_session(track)
    if output is not None and output.resolve() == session.store.path.resolve():
        shown_path = printable(str(output))
        raise UsageError(f"{shown_path} is your progress file; choose another output file")
    exporter = exporters.EXPORTERS[format_.value]
    progress = session.load(history=format_ is ExportFormat.json)  # JSON carries the history
    text = exporter(session.track, progress, session.roadmap.id, render.today())
    if output is None:
        sys.stdout.write(text)
        return
    from roadmap_cli.store import write_export

    try:
        write_export(output, text.encode("utf-8"))
    except OSError as exc:
        raise RoadmapError(
            f"{printable(str(output))}: cannot write export: {exc.strerror or exc}"
        ) from None
    typer.echo(f"Exported to {printable(str(output))}", err=True)


@app.command("import", epilog="Examples: roadmap import backup.json --dry-run")
def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A file written by 'roadmap export --format json'."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Replace your progress with an exported JSON file (the current one is backed up)."""
    from roadmap_cli import progress as core
    from roadmap_cli import render
    from roadmap_cli.store import Store, user_store

    source = Store(file, kind="import file")
    try:
        raw = source.read()
    except OSError as exc:
        raise RoadmapError(f"{file}: cannot read: {exc.strerror or exc}") from None
    incoming = source.parse(raw)
    store = user_store()
    out = console()
    if dry_run:  # reads only: no lock, nothing created
        for line in core.import_summary(store.load(), incoming):
            render.say(out, line)
        render.say(out, "Dry run: nothing was written.")
        return
    with store.locked():
        current = store.load()
        for line in core.import_summary(current, incoming):
            render.say(out, line)
        store.save(incoming, previous_events=len(current.events))
    kept = " (the previous file is in backups/)" if current.events else ""
    render.say(out, f"Imported {file}{kept}.")


@app.command(epilog="Example: roadmap validate my-roadmap.yaml")
def validate(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="A roadmap YAML file.", dir_okay=False)
    ],
) -> None:
    """Check a roadmap file: YAML, schema, ids and references. Errors name file, line, key."""
    from roadmap_cli import catalog, render

    roadmap = catalog.load_roadmap(path, cache=False)
    phases = sum(len(t.phases) for t in roadmap.tracks)
    skills = sum(len(t.skills) for t in roadmap.tracks)
    render.say(
        console(),
        f"{path}: ok: roadmap '{roadmap.id}', {len(roadmap.tracks)} tracks, "
        f"{phases} phases, {skills} skills",
    )


@app.command(epilog="Example: roadmap where")
def where(json_: JsonOption = False) -> None:
    """Print the paths in use: progress file, backups, lock, cache and roadmap."""
    from roadmap_cli import paths, render
    from roadmap_cli.store import user_store

    store = user_store()
    places = {
        "data": paths.data_dir(),
        "progress": store.path,
        "backups": store.backup_dir,
        "lock": store.lock_path,
        "cache": paths.cache_dir(),
        "roadmap": roadmap_file.get() or paths.bundled_roadmap_path(),
    }
    if json_:
        print_json({name: str(path) for name, path in places.items()})
        return
    out = console()
    for name, path in places.items():
        render.say(out, f"{name + ':':<10}{path}")


@app.command(epilog="Examples: roadmap doctor; roadmap doctor --restore-backup")
def doctor(
    restore_backup: Annotated[
        bool,
        typer.Option(
            "--restore-backup",
            help="Put back the newest backup that loads (the current file is kept aside).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="With --restore-backup: replace a progress file that loads without asking.",
        ),
    ] = False,
) -> None:
    """Check the roadmap and progress files, list backups and orphaned progress."""
    from roadmap_cli import catalog, render
    from roadmap_cli import progress as core
    from roadmap_cli.errors import DataError
    from roadmap_cli.store import TEMP_PREFIX, HealthyFile, user_store

    store = user_store()
    out = console()
    if restore_backup:
        try:
            used, kept = store.restore_backup(replace_healthy=force)
        except HealthyFile as healthy:
            # A file that loads is replaced only when the user says so: on a terminal, asked;
            # elsewhere (a script, a pipe) only with --force.
            if not (sys.stdin.isatty() and sys.stderr.isatty()):
                raise
            question = (
                f"{store.path} loads fine; restoring {healthy.backup.name} undoes the changes "
                "made since. Restore it?"
            )
            if not typer.confirm(question, default=False, err=True):
                render.say(out, "Nothing was changed.")
                raise typer.Exit(1) from None
            used, kept = store.restore_backup(replace_healthy=True)
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
