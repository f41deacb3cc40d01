"""Commands that read progress: list, show, next, status, history, search, tracks."""

from datetime import date
from typing import Annotated

import typer

from roadmap_cli.commands import Group, settings
from roadmap_cli.options import (
    JsonOption,
    StatusChoice,
    TrackOption,
    complete_phase,
    complete_target,
)

group = Group()


@group.command("list", epilog="Example: roadmap list --phase 3 --status todo")
def list_(
    ctx: typer.Context,
    phase: Annotated[
        str | None,
        typer.Option(
            "--phase",
            "-p",
            metavar="PHASE",
            help="Only this phase (number, id or name).",
            autocompletion=complete_phase,
        ),
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option("--status", "-s", help="Only skills with this status.")
    ] = None,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """List every phase with its completion, and each skill with its status."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    wanted = status.value if status else None
    emit(session.track_list(settings(ctx), track, phase, wanted), json=json_)  # type: ignore[arg-type]


@group.command(
    epilog="Examples: roadmap show pandas; roadmap show 3; roadmap show genai-engineer; "
    "roadmap show --phase vector-databases"
)
def show(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="A phase, a skill, or a track id.",
            autocompletion=complete_target,
        ),
    ],
    phase: Annotated[
        bool,
        typer.Option("--phase", "-p", help="TARGET is a phase (where a skill has the same name)."),
    ] = False,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """Show a phase, a skill or a track in full: goals, resources, status, dates, note, links."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.show(settings(ctx), track, target, phase_only=phase), json=json_)


@group.command("next", epilog="Example: roadmap next -n 3")
def next_(
    ctx: typer.Context,
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", min=1, max=1000, metavar="N", help="How many skills to suggest."
        ),
    ] = 5,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Include optional skills, electives and skills not ready yet."
        ),
    ] = False,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """Suggest what to study next: skills in progress, then the earliest phase's to-dos."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.suggest(settings(ctx), track, count, all_), json=json_)


@group.command(epilog="Example: roadmap status")
def status(ctx: typer.Context, track: TrackOption = None, json_: JsonOption = False) -> None:
    """Show completion, recent changes, your streaks, your pace and a projected finish."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.status_report(settings(ctx), track), json=json_)


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-20") from None


@group.command(epilog="Examples: roadmap history; roadmap history --since 2026-11-01 --limit 50")
def history(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only changes on or after this day (YYYY-MM-DD, local)."
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=1, metavar="N", help="Show at most this many (the latest)."
        ),
    ] = 20,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Show every change.")] = False,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """A timeline of your changes to the track, oldest first."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    since_day, limit_or_all = _parse_day(since), None if all_ else limit
    emit(session.history(settings(ctx), track, since_day, limit_or_all), json=json_)


@group.command(epilog="Example: roadmap search transformer")
def search(
    ctx: typer.Context,
    term: Annotated[
        str, typer.Argument(metavar="TERM", help="Text to look for (case-insensitive).")
    ],
    track: TrackOption = None,
) -> None:
    """Search skills, phases, goals, outcomes and resources; matches are highlighted."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.search(settings(ctx), track, term))


@group.command(epilog="Example: roadmap tracks")
def tracks(ctx: typer.Context, track: TrackOption = None, json_: JsonOption = False) -> None:
    """List the roadmap's tracks with your completion of each."""
    from roadmap_cli import session
    from roadmap_cli.output import emit

    emit(session.track_summaries(settings(ctx), track), json=json_)
