"""Commands that read progress: list, show, next, status, history, search, tracks."""

from datetime import date
from typing import Annotated

import typer

from roadmap_cli.cli import (
    JsonOption,
    StatusChoice,
    TrackOption,
    app,
    complete_phase,
    complete_target,
    console,
    open_session,
    print_json,
)


@app.command("list", epilog="Example: roadmap list --phase 3 --status todo")
def list_(
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
    from roadmap_cli import lookup

    session = open_session(track)
    phases = [lookup.resolve_phase(session.track, phase)] if phase else session.track.phases
    records = session.records()
    wanted = status.value if status else None
    if json_:
        from roadmap_cli import views

        print_json(views.track_list(session.roadmap.id, session.track, records, phases, wanted))
        return
    from roadmap_cli import render

    render.track_list(console(), session.track, records, phases, wanted)


@app.command(epilog="Examples: roadmap show pandas; roadmap show 3; roadmap show genai-engineer")
def show(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="A phase, a skill, or a track id.",
            autocompletion=complete_target,
        ),
    ],
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """Show a phase, a skill or a track in full: goals, resources, status, dates, note, links."""
    from roadmap_cli import lookup, render, views
    from roadmap_cli.models import Phase

    session = open_session(track)
    progress = session.load(history=False)
    rid = session.roadmap.id
    whole = session.roadmap.track(target.strip().casefold())
    if whole is not None:
        records = progress.skills(rid, whole.id)
        if json_:
            print_json(views.track_detail(rid, whole, records))
        else:
            render.show_track(console(), whole, records)
        return
    found = lookup.resolve_target(session.track, target)
    records = progress.skills(rid, session.track.id)
    if isinstance(found, Phase):
        if json_:
            print_json({"type": "phase", **views.phase(session.track, found, records)})
        else:
            render.show_phase(console(), session.track, found, records)
        return
    record = progress.record(rid, session.track.id, found.id)
    if json_:
        print_json(views.skill_detail(session.track, found, record))
    else:
        render.show_skill(console(), session.track, found, record)


@app.command("next", epilog="Example: roadmap next -n 3")
def next_(
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", min=1, max=1000, metavar="N", help="How many skills to suggest."
        ),
    ] = 5,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include optional skills and electives.")
    ] = False,
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """Suggest what to study next: skills in progress, then the earliest phase's to-dos."""
    from roadmap_cli import planner
    from roadmap_cli import progress as core

    session = open_session(track)
    statuses = session.load(history=False).status_map(session.roadmap.id, session.track.id)
    picked = planner.next_skills(session.track, statuses, count, include_optional=all_)
    required = core.track_completion(session.track, statuses)
    optional = core.optional_completion(session.track, statuses)
    required_left = required.total - required.complete
    optional_left = optional.total - optional.complete
    if json_:
        from roadmap_cli import views

        print_json(views.suggestions(session.track, picked, required_left, optional_left))
        return
    from roadmap_cli import render

    render.suggestions(console(), session.track, picked, required_left, optional_left)


@app.command(epilog="Example: roadmap status")
def status(track: TrackOption = None, json_: JsonOption = False) -> None:
    """Show completion, recent changes, your streaks, your pace and a projected finish."""
    from roadmap_cli import progress as core
    from roadmap_cli import render

    session = open_session(track)
    progress, digest = session.digest()
    rid, tid = session.roadmap.id, session.track.id
    days = digest.active_days()
    today = render.today()
    recent = digest.recent(rid, tid)
    records = progress.skills(rid, tid)
    statuses = {sid: rec.status for sid, rec in records.items()}
    pace = core.pace(digest, rid, session.track, statuses, today)
    streak, longest = core.current_streak(days, today), core.longest_streak(days)
    if json_:
        from roadmap_cli import views

        print_json(views.status(rid, session.track, records, recent, streak, longest, pace))
        return
    render.status(console(), session.track, records, recent, streak, longest, pace)


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-20") from None


@app.command(epilog="Examples: roadmap history; roadmap history --since 2026-11-01 --limit 50")
def history(
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
    track: TrackOption = None,
    json_: JsonOption = False,
) -> None:
    """A timeline of your changes to the track, oldest first."""
    from roadmap_cli import render

    first_day = _parse_day(since)
    session = open_session(track)
    rid, tid = session.roadmap.id, session.track.id
    events = [
        e
        for e in session.load().events
        if e.roadmap == rid
        and e.track == tid
        and (first_day is None or e.at.astimezone().date() >= first_day)
    ][-limit:]
    if json_:
        from roadmap_cli import views

        print_json(views.history(events, render.today()))
        return
    render.history(console(), session.track, events)


@app.command(epilog="Example: roadmap search transformer")
def search(
    term: Annotated[
        str, typer.Argument(metavar="TERM", help="Text to look for (case-insensitive).")
    ],
    track: TrackOption = None,
) -> None:
    """Search skills, phases, goals, outcomes and resources; matches are highlighted."""
    from roadmap_cli import lookup, render

    session = open_session(track)
    render.search_results(console(), term.strip(), lookup.search(session.track, term))


@app.command(epilog="Example: roadmap tracks")
def tracks(track: TrackOption = None, json_: JsonOption = False) -> None:
    """List the roadmap's tracks with your completion of each."""
    from roadmap_cli import catalog
    from roadmap_cli import progress as core

    session = open_session(None)
    current = catalog.select_track(session.roadmap, track)
    progress = session.store.load(history=False)
    entries = []
    for t in session.roadmap.tracks:
        core.adopt_renames(progress, session.roadmap.id, t)
        statuses = progress.status_map(session.roadmap.id, t.id)
        entries.append((t, core.track_completion(t, statuses)))
    default = session.roadmap.default_track.id
    if json_:
        from roadmap_cli import views

        print_json(views.tracks(entries, current.id, default))
        return
    from roadmap_cli import render

    render.tracks(console(), entries, current.id)
