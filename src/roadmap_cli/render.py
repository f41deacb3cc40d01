"""The human rendering of each result (see `results`): the only module that words them.

`draw(console, result)` picks the renderer by the result's type. Everything user- or
file-supplied goes through `Text` (see `draw`), never through markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from roadmap_cli import results as r
from roadmap_cli import review_views
from roadmap_cli.changeview import change_summary, history, skill_name, undo_summary
from roadmap_cli.draw import (
    MARKS,
    PHASE_FIELDS,
    choice_line,
    choice_words,
    described,
    field,
    links,
    local_date,
    mark,
    overall,
    percent,
    phase_cells,
    purpose,
    resources,
    safe,
    say,
    section_item,
    skill_names,
    skill_rows,
)
from roadmap_cli.drawstats import goal_choice, goal_line, happened, heatmap_lines
from roadmap_cli.layout import Bar, Cell, columns, hang, show, show_many
from roadmap_cli.studyview import note_list, notes, study_time
from roadmap_cli.styled import Text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.models import Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.stats import Pace


def track_list(console: Console, found: r.TrackList) -> None:
    width = console.width
    show(console, hang(width, Text(found.head.track.title, style="bold underline")))
    rows: list[list[Cell | Bar]] = []
    for phase in found.phases:
        rows.append(phase_cells(phase))
        rows.extend(skill_rows(phase.skills))
    if rows:
        columns(console, rows)
    else:
        show(console, Text(f"No {found.status_filter} skills here.", style="dim"))
    show(console, overall(found.head, width))


def phase_detail(console: Console, found: r.PhaseDetail) -> None:
    phase, width = found.row.phase, console.width
    columns(console, [phase_cells(found.row)])
    show(
        console,
        *(described(console, label, getattr(phase, name), width) for label, name in PHASE_FIELDS),
        field("Tools", ", ".join(phase.tools), width),
        Text("Skills:", style="bold"),
    )
    if found.row.skills:
        columns(console, skill_rows(found.row.skills))
    show(console, resources(phase.resources, width))


def skill_detail(console: Console, found: r.SkillDetail) -> None:
    skill, record, width = found.row.skill, found.row.record, console.width
    head = Text(skill.name, style="bold")
    head.append(f"  {skill.id}", style="dim")
    if found.row.optional:
        head.append("  optional", style="magenta")
    status = Text("Status: ", style="bold")
    status.append_text(mark(record.status))
    status.append(f" {record.status}")
    if record.started:
        status.append(f" · started {local_date(record.started)}")
    if record.finished:
        status.append(f" · {record.status if record.status != 'todo' else 'finished'} ")
        status.append(local_date(record.finished))
    labels = ", ".join(p.label for p in found.phases)
    why = next((purpose(p) for p in found.phases if p.purpose), ("Why", None))
    show(
        console,
        hang(width, Text(), head, indent=2),
        field("Aliases", ", ".join(skill.aliases), width),
        described(console, "About", skill.description, width),
        field("Group", skill.group, width),
        hang(width, Text(), status, indent=2),
        study_time(record, width),
        notes(record.notes, width),
        links(record, width),
        field("Phase" if len(found.phases) == 1 else "Phases", labels, width),
        *(choice_line(c, found, width) for c in found.choices),
        field("Needs", skill_names(found.needs), width),
        field("Unlocks", skill_names(found.unlocks), width),
        described(console, *why, width),
        review_views.standing_line(found.review, width),
        resources(found.resources, width),
        *(
            hang(width, Text(f"Also a phase: roadmap show --phase {p.id}", style="dim"))
            for p in found.also
        ),
    )


def track_detail(console: Console, found: r.TrackDetail) -> None:
    track, width = found.head.track, console.width
    parts: list[Any] = [
        hang(width, Text(track.title, style="bold underline")),
        field("Id", track.id, width),
        described(console, "", track.description, width),
        field("Source", track.source, width),
    ]
    parts.extend(_sections(console, track, "start", width))
    parts.append(Text("Phases:", style="bold"))
    show(console, *parts)
    columns(console, [phase_cells(row) for row in found.phases])
    show(console, *_sections(console, track, "end", width), overall(found.head, width))


def _sections(console: Console, track: Track, at: str, width: int) -> list[Any]:
    parts: list[Text | None] = []
    for section in track.sections:
        if section.at != at:
            continue
        parts.append(hang(width, Text(section.title, style="bold")))
        parts.append(described(console, "", section.text, width))
        parts.extend(section_item(console, item, width) for item in section.items)
        parts.append(resources(section.resources, width, "Links"))
    return parts


def suggestions(console: Console, found: r.Suggestions) -> None:
    """The suggestions by phase: the phase, why it matters and its resources once, then its
    skills, each with its own resources."""
    track, width = found.track, console.width
    if not found.picked:
        show(
            console,
            hang(width, Text(f"Everything in {track.title} is complete. Well done!", "green")),
            review_views.count_line(found.reviews),
        )
        return
    if not found.required_left:
        show(
            console,
            hang(
                width,
                "",
                Text(
                    f"Every required skill in {track.title} is complete. "
                    f"Optional skills and electives left: {found.optional_left}.",
                    style="green",
                ),
            ),
        )
    groups: dict[str, list[Suggestion]] = {}  # in the order of each phase's first pick
    for item in found.picked:
        groups.setdefault(item.phase.id, []).append(item)
    number = 0
    for picked in groups.values():
        phase = picked[0].phase
        show(
            console,
            hang(width, Text("Phase: ", style="bold"), Text(phase.label, style="bold")),
            described(console, *purpose(phase), width),
            field("Tools", ", ".join(phase.tools), width),
            resources(phase.resources, width, "Resources"),
        )
        for item in picked:
            number += 1
            head = Text(f"{number}. ", style="bold")
            head.append(item.skill.name, style="bold")
            head.append(f"  {item.skill.id}", style="dim")
            if item.status == "in-progress":
                head.append("  in progress", style="yellow")
            if item.optional:
                head.append("  optional", style="magenta")
            if item.choice is not None:
                head.append(f"  {choice_words(item.choice)}", style="cyan")
            if not item.ready:
                head.append("  not ready", style="red")
            lines = [hang(width, "", head, indent=3)]
            own = item.skill.resources[:2]
            for res in own:
                lines.append(hang(width, "   Learn: ", res.title, url=res.url))
            if not own and not phase.resources:
                lines.append(Text("   Learn: no resource listed for this phase", style="dim"))
            show(console, *lines)
    show(console, review_views.count_line(found.reviews))


def status_report(console: Console, found: r.StatusReport) -> None:
    track, width = found.head.track, console.width
    show(console, hang(width, Text(track.title, style="bold underline")))
    done = found.head.overall
    columns(console, [[[("Overall", "bold")], Bar(done, 30), [(percent(done), "")]]])
    line = Text()
    for name in MARKS:
        if line.plain:
            line.append("   ")
        line.append_text(mark(name))  # type: ignore[arg-type]
        line.append(f" {name} {found.counts[name]}")  # type: ignore[index]
    show(console, hang(width, "", line))
    columns(console, [phase_cells(row) for row in found.phases])
    show(console, review_views.count_line(found.reviews, always=True))
    tail = [Text("Recent changes:", style="bold")]
    if found.recent:
        for event in found.recent:
            when = event.effective.astimezone().strftime("%Y-%m-%d %H:%M")
            what = f"{skill_name(track, event)}: {happened(event)}"
            tail.append(hang(width, f"  {when}  ", what))
    else:
        tail.append(
            hang(width, "  ", "none yet: mark a skill with 'roadmap start' or 'roadmap done'")
        )
    days = "day" if found.streak == 1 else "days"
    tail.append(Text(f"Streak: {found.streak} {days} (longest {found.longest})", style="bold"))
    tail.append(pace_line(found.pace, width))
    if found.goal:
        tail.append(goal_line(found.goal, width))
    show(console, *tail)
    if found.activity:
        show(console, Text("Activity, last 26 weeks:", style="bold"))
        show_many(console, heatmap_lines(found.activity, plain=console.color_system is None))


def pace_line(pace: Pace, width: int) -> Text:
    from roadmap_cli.jsonview import no_projection

    line = Text()
    if pace.per_week is None:
        line.append(f"no projection yet: {no_projection(pace)}")
    elif pace.finish is None:
        line.append(f"{pace.per_week:.1f} skills/week over the last {pace.window_days} days; ")
        line.append(f"no projection: {no_projection(pace)}")
    else:
        line.append(
            f"at {pace.per_week:.1f} skills/week (last {pace.window_days} days), "
            f"{pace.remaining} required skills left: about {pace.finish.isoformat()}"
        )
    if pace.hours_per_week:
        line.append(f"; {pace.hours_per_week:.1f} hours/week logged")
    return hang(width, Text("Pace: ", style="bold"), line)


def search_results(console: Console, found: r.SearchResults) -> None:
    """The hits by track, the track in use first; every match highlighted; under each hit
    its status and phase. A long match wraps under its text."""
    from roadmap_cli.lookup import search_pattern

    term, width = found.term, console.width
    if not found.hits:
        show(console, hang(width, Text(f"Nothing matches {safe(term)!r} in any track.", "dim")))
        return
    pattern = search_pattern(term)
    track = None
    for hit in found.hits:
        if hit.track != track:
            track = hit.track
            head = Text(f"In {track}", style="bold underline")
            if track == found.current:
                head.append(" (in use)", style="dim")
            show(console, hang(width, head))
        line = Text(f"{hit.kind:<8} ", style="dim")
        line.append(hit.id, style="bold")
        line.append("  ")
        text = safe(hit.text)
        body = Text(
            hit.label
            if hit.kind in ("skill", "phase", "resource") and text in hit.label
            else f"{hit.label}: {text}"
        )
        body.highlight_regex(pattern, style="reverse")
        phase = hit.phase if hit.kind != "phase" else None  # a phase's hit names it already
        where = [part for part in (hit.status, phase and f"phase {phase}") if part]
        if where:
            body.append(f"  ({', '.join(where)})", style="dim")
        show(console, hang(width, line, body, indent=11))


def track_summaries(console: Console, found: r.TrackSummaries) -> None:
    """The tracks as a table; `*` marks the one in use. Ids are typed: never cut."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("track", no_wrap=True, min_width=max(len(t.id) for t, _ in found.entries))
    table.add_column("title", ratio=1)
    table.add_column("phases", justify="right", no_wrap=True)
    table.add_column("skills", justify="right", no_wrap=True)
    table.add_column("complete", no_wrap=True)
    for track, done in found.entries:
        table.add_row(
            "*" if track.id == found.current else "",
            track.id,
            track.title,
            str(len(track.phases)),
            str(len(track.skills)),
            Text.assemble(f"{done.percent}% ", (f"{done.complete}/{done.total}", "dim")),
        )
    console.print(table)


def track_choice(console: Console, found: r.TrackChoice) -> None:
    because = {
        "option": "chosen with --track",
        "environment": "from ROADMAP_TRACK",
        "saved": f"chosen with 'roadmap use', kept in {found.settings_path}",
        "default": "the roadmap's first; choose another with 'roadmap use TRACK'",
    }[found.source]
    verb = "Now using" if found.changed else "Using"
    say(console, f"{verb} {found.track.id} ({found.track.title}): {because}")


def dashboard(console: Console, found: r.Dashboard) -> None:
    track, width = found.head.track, console.width
    head = Text(track.title, style="bold underline")
    head.append(f"  {track.id}", style="dim")
    show(console, hang(width, head))
    done = found.head.overall
    columns(console, [[[("Overall", "bold")], Bar(done, 30), [(percent(done), "")]]])
    days = "day" if found.streak == 1 else "days"
    console.print(Text(f"Streak: {found.streak} {days} (longest {found.longest})"))
    if found.goal:
        show(console, goal_line(found.goal, width))
    if found.picked:
        console.print(Text("Next:", style="bold"))
        rows = []
        for item in found.picked:
            symbol, style = MARKS[item.status]
            name: Cell = [("  ", ""), (symbol, style), (" " + item.skill.name, "")]
            rows.append([name, [(item.skill.id, "dim")], [(item.phase.label, "dim")]])
        columns(console, rows)
    else:
        console.print(Text(f"Everything in {track.title} is complete. Well done!", "green"))
    show(console, review_views.count_line(found.reviews))
    hint = "'roadmap next' says where to learn them; 'roadmap --help' lists every command."
    show(console, hang(width, Text(hint, style="dim")))


RENDERERS: dict[type, Callable[[Console, Any], None]] = {
    r.TrackList: track_list,
    r.PhaseDetail: phase_detail,
    r.SkillDetail: skill_detail,
    r.TrackDetail: track_detail,
    r.ChangeSummary: change_summary,
    r.NoteList: note_list,
    r.UndoSummary: undo_summary,
    r.Suggestions: suggestions,
    r.StatusReport: status_report,
    r.HistoryView: history,
    r.SearchResults: search_results,
    r.TrackSummaries: track_summaries,
    r.TrackChoice: track_choice,
    r.Dashboard: dashboard,
    r.GoalChoice: goal_choice,
    r.ReviewList: review_views.review_list,
    r.Reviewed: review_views.reviewed,
    r.ReviewCards: review_views.review_cards,
}


def draw(console: Console, result: object) -> None:
    renderer = RENDERERS.get(type(result))
    if renderer is None:  # a file command's (`reports`): imported only by a run that made one
        from roadmap_cli import reports

        renderer = reports.RENDERERS[type(result)]
    renderer(console, result)
