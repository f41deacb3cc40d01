"""Commands that read progress: list, show, next, status, tracks."""

from __future__ import annotations

from typing import Annotated

import typer

from roadmap_cli.cli import (
    StatusChoice,
    TrackOption,
    app,
    console,
    open_session,
)


@app.command("list", epilog="Example: roadmap list --phase 3 --status todo")
def list_(
    phase: Annotated[
        str | None, typer.Option("--phase", "-p", help="Only this phase (number, id or name).")
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option("--status", "-s", help="Only skills with this status.")
    ] = None,
    track: TrackOption = None,
) -> None:
    """List every phase with its completion, and each skill with its status."""
    from roadmap_cli import lookup, render

    session = open_session(track)
    phases = [lookup.resolve_phase(session.track, phase)] if phase else session.track.phases
    records = session.records()
    render.track_list(console(), session.track, records, phases, status.value if status else None)


@app.command(epilog="Examples: roadmap show pandas; roadmap show 3; roadmap show genai-engineer")
def show(
    target: Annotated[str, typer.Argument(help="A phase, a skill, or a track id.")],
    track: TrackOption = None,
) -> None:
    """Show a phase, a skill or a track in full: goals, resources, status, dates and note."""
    from roadmap_cli import lookup, render
    from roadmap_cli.models import Phase

    session = open_session(track)
    progress = session.load()
    whole = session.roadmap.track(target.strip().casefold())
    if whole is not None:
        render.show_track(console(), whole, progress.skills(session.roadmap.id, whole.id))
        return
    found = lookup.resolve_target(session.track, target)
    records = progress.skills(session.roadmap.id, session.track.id)
    if isinstance(found, Phase):
        render.show_phase(console(), session.track, found, records)
    else:
        record = progress.record(session.roadmap.id, session.track.id, found.id)
        render.show_skill(console(), session.track, found, record)


@app.command("next", epilog="Example: roadmap next -n 3")
def next_(
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=1000, help="How many skills to suggest.")
    ] = 5,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include optional skills and electives.")
    ] = False,
    track: TrackOption = None,
) -> None:
    """Suggest what to study next: skills in progress, then the earliest phase's to-dos."""
    from roadmap_cli import planner, render
    from roadmap_cli import progress as core

    session = open_session(track)
    statuses = session.load().status_map(session.roadmap.id, session.track.id)
    picked = planner.next_skills(session.track, statuses, count, include_optional=all_)
    optional = core.optional_completion(session.track, statuses)
    render.suggestions(
        console(), session.track, picked, optional.total - optional.complete, include_optional=all_
    )


@app.command(epilog="Example: roadmap status")
def status(track: TrackOption = None) -> None:
    """Show overall and per-phase completion, recent changes and your streak."""
    from roadmap_cli import progress as core
    from roadmap_cli import render

    session = open_session(track)
    progress = session.load()
    days = core.active_days(progress.events)
    mine = [
        e
        for e in progress.events
        if e.roadmap == session.roadmap.id and e.track == session.track.id
    ]
    render.status(
        console(),
        session.track,
        progress.skills(session.roadmap.id, session.track.id),
        list(reversed(mine[-5:])),
        core.current_streak(days, render.today()),
        core.longest_streak(days),
    )


@app.command(epilog="Example: roadmap tracks")
def tracks(track: TrackOption = None) -> None:
    """List the roadmap's tracks with your completion of each."""
    from roadmap_cli import catalog, render
    from roadmap_cli import progress as core

    session = open_session(None)
    current = catalog.select_track(session.roadmap, track)
    progress = session.store.load()
    entries = [
        (t, core.track_completion(t, progress.status_map(session.roadmap.id, t.id)))
        for t in session.roadmap.tracks
    ]
    render.tracks(console(), entries, current.id)
