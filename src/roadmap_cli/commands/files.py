"""Commands about files: export, import, validate, where, doctor."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from roadmap_cli.commands import Group, settings
from roadmap_cli.options import ExportFormat, JsonOption, TrackOption

group = Group()


@group.command(
    epilog="Examples: roadmap export > progress.md; roadmap export -o progress.md; "
    "roadmap export --format json -o backup.json; roadmap export --format svg -o progress.svg"
)
def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown: the whole track, with task lists (--brief: the lists only); "
            "json: everything, for 'roadmap import'; "
            "html: a page to share or print; svg: a card for a README.",
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
    brief: Annotated[
        bool,
        typer.Option("--brief", help="Markdown: the compact task list, without descriptions."),
    ] = False,
    track: TrackOption = None,
) -> None:
    """Export your progress: Markdown or an SVG card for a README, HTML to share, JSON to keep."""
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    emit(maintenance.export(settings(ctx), track, format_.value, output, brief))


@group.command("import", epilog="Examples: roadmap import backup.json --dry-run")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A file written by 'roadmap export --format json'."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Replace your progress with an exported JSON file (the current one is backed up)."""
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    emit(maintenance.import_file(settings(ctx), file, dry_run))


@group.command(epilog="Example: roadmap validate my-roadmap.yaml")
def validate(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="A roadmap YAML file.", dir_okay=False)
    ],
) -> None:
    """Check a roadmap file: YAML, schema, ids and references. Errors name file, line, key."""
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    emit(maintenance.validate(path))


@group.command(
    epilog="Example: roadmap schema > roadmap.schema.json, then the first line of your roadmap: "
    "# yaml-language-server: $schema=roadmap.schema.json"
)
def schema() -> None:
    """Print the JSON Schema of the roadmap format, for editors to check and complete roadmaps."""
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    emit(maintenance.schema())


@group.command(epilog="Example: roadmap where")
def where(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Print the paths in use: progress file, backups, lock, cache and roadmap."""
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    emit(maintenance.where(settings(ctx)), json=json_)


@group.command(epilog="Examples: roadmap doctor; roadmap doctor --restore-backup")
def doctor(
    ctx: typer.Context,
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
    from roadmap_cli import maintenance
    from roadmap_cli.output import emit

    if restore_backup:
        from roadmap_cli.store import HealthyFile

        try:
            emit(maintenance.restore_backup(replace_healthy=force))
        except HealthyFile as healthy:
            # A file that loads is replaced only when the user says so: on a terminal, asked;
            # elsewhere (a script, a pipe) only with --force.
            if not (sys.stdin.isatty() and sys.stderr.isatty()):
                raise
            question = (
                f"{healthy.path} loads fine; restoring {healthy.backup.name} undoes the changes "
                "made since. Restore it?"
            )
            if not typer.confirm(question, default=False, err=True):
                typer.echo("Nothing was changed.", err=True)
                raise typer.Exit(1) from None
            emit(maintenance.restore_backup(replace_healthy=True))
        return
    report = maintenance.doctor(settings(ctx))
    emit(report)
    if report.problems:
        raise typer.Exit(1)
