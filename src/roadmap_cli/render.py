"""The human rendering of each result (see `results`): the only module that words them.

`draw(console, result)` picks the renderer by the result's type. Everything user- or
file-supplied goes through `Text` (see `draw`), never through markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.text import Text

from roadmap_cli import reports
from roadmap_cli import results as r
from roadmap_cli.draw import (
    MARKS,
    Cell,
    bar_segments,
    columns,
    field,
    links,
    local_date,
    mark,
    overall,
    percent,
    phase_cells,
    resources,
    safe,
    say,
    skill_cells,
)
from roadmap_cli.jsonview import no_projection

if TYPE_CHECKING:
    from roadmap_cli.models import Event, Track
    from roadmap_cli.stats import Pace


def track_list(console: Console, found: r.TrackList) -> None:
    console.print(Text(found.head.track.title, style="bold underline"))
    rows: list[list[Cell]] = []
    for phase in found.phases:
        rows.append(phase_cells(phase))
        rows.extend(skill_cells(skill) for skill in phase.skills)
    if rows:
        columns(console, rows)
    else:
        console.print(Text(f"No {found.status_filter} skills here.", style="dim"))
    console.print(overall(found.head))


def phase_detail(console: Console, found: r.PhaseDetail) -> None:
    phase = found.row.phase
    columns(console, [phase_cells(found.row)])
    for part in (
        field("Goals", phase.goals),
        field("Why", phase.why),
        field("Impact", phase.impact),
        field("Outcome", phase.outcome),
    ):
        if part is not None:
            console.print(part)
    console.print(Text("Skills:", style="bold"))
    if found.row.skills:
        columns(console, [skill_cells(skill) for skill in found.row.skills])
    listed = resources(phase.resources)
    if listed is not None:
        console.print(listed)


def skill_detail(console: Console, found: r.SkillDetail) -> None:
    skill, record = found.row.skill, found.row.record
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
    parts = [
        head,
        field("Aliases", ", ".join(skill.aliases)),
        field("About", skill.description),
        field("Group", skill.group),
        status,
        field("Note", record.note),
        links(record),
        field("Phase" if len(found.phases) == 1 else "Phases", labels),
        field("Why", next((p.purpose for p in found.phases if p.purpose), None)),
        resources(found.resources),
    ]
    console.print(Group(*(p for p in parts if p is not None)))


def track_detail(console: Console, found: r.TrackDetail) -> None:
    track = found.head.track
    parts: list[Text | None] = [
        Text(track.title, style="bold underline"),
        field("Id", track.id),
        Text(track.description) if track.description else None,
        field("Source", track.source),
    ]
    for section in track.sections:
        block = Text(section.title, style="bold")
        if section.text:
            block.append("\n" + section.text)
        for item in section.items:
            block.append("\n  • " + item)
        parts.append(block)
        parts.append(resources(section.resources, "Links"))
    parts.append(Text("Phases:", style="bold"))
    console.print(Group(*(p for p in parts if p is not None)))
    columns(console, [phase_cells(row) for row in found.phases])
    console.print(overall(found.head))


def change_summary(console: Console, found: r.ChangeSummary) -> None:
    for change in found.changes:
        skill = found.track.skill_by_id[change.skill_id]
        line = Text()
        line.append_text(mark(change.new))
        line.append(f" {skill.name}: ")
        if change.changed and change.old != change.new:
            line.append(f"{change.old} → {change.new}")
        elif change.changed:
            line.append(f"{change.new} (note or links updated)")
        else:
            line.append(f"already {change.new}", style="dim")
        console.print(line)
    if found.phases:
        columns(console, [phase_cells(row) for row in found.phases])


def _skill_name(track: Track | None, event: Event) -> str:
    skill = track.skill_by_id.get(event.skill) if track else None
    return skill.name if skill else safe(event.skill)


def undo_summary(console: Console, found: r.UndoSummary) -> None:
    """What undo reverted; skills by name when they belong to the track in use."""
    names = ", ".join(_skill_name(found.track, e) for e in reversed(found.reverted))
    when = found.original.at.astimezone().strftime("%Y-%m-%d %H:%M")
    console.print(Text(f"Undid '{found.original.action}' of {names} (from {when}):"))
    for event in reversed(found.reverted):
        name = _skill_name(found.track, event)
        if event.old == event.new:
            console.print(Text(f"  {name}: note and links restored"))
        else:
            console.print(Text(f"  {name}: {event.old} → {event.new}"))


def suggestions(console: Console, found: r.Suggestions) -> None:
    track = found.track
    if not found.picked:
        console.print(Text(f"Everything in {track.title} is complete. Well done!", "green"))
        return
    if not found.required_left:
        console.print(
            Text(
                f"Every required skill in {track.title} is complete. "
                f"Optional skills and electives left: {found.optional_left}.",
                style="green",
            )
        )
    blocks: list[Text] = []
    for number, item in enumerate(found.picked, 1):
        head = Text(f"{number}. ", style="bold")
        head.append(item.skill.name, style="bold")
        head.append(f"  {item.skill.id}", style="dim")
        if item.status == "in-progress":
            head.append("  in progress", style="yellow")
        if item.optional:
            head.append("  optional", style="magenta")
        lines = [head, Text(f"   Phase: {item.phase.label}")]
        if item.phase.purpose:
            lines.append(Text(f"   Why: {item.phase.purpose}"))
        learn = found.resources[item.skill.id]
        for res in learn[:2]:
            line = Text("   Learn: ")
            line.append(res.title)
            if res.url:
                line.append(" ")
                line.append(res.url, style=f"link {res.url} blue underline")
            lines.append(line)
        if not learn:
            lines.append(Text("   Learn: no resource listed for this phase", style="dim"))
        blocks.extend(lines)
    console.print(Group(*blocks))


def status_report(console: Console, found: r.StatusReport) -> None:
    track = found.head.track
    console.print(Text(track.title, style="bold underline"))
    done = found.head.overall
    columns(console, [[[("Overall", "bold")], bar_segments(done, 30), [(percent(done), "")]]])
    line = Text()
    for name in MARKS:
        line.append_text(mark(name))  # type: ignore[arg-type]
        line.append(f" {name} {found.counts[name]}   ")  # type: ignore[index]
    console.print(line)
    columns(console, [phase_cells(row) for row in found.phases])
    tail = Text("Recent changes:", style="bold")  # the rest in one print
    if found.recent:
        for event in found.recent:
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            name = _skill_name(track, event)
            tail.append(f"\n  {when}  {name}: {event.old} → {event.new} ({event.action})")
    else:
        tail.append("\n  none yet: mark a skill with 'roadmap start' or 'roadmap done'")
    days = "day" if found.streak == 1 else "days"
    tail.append(f"\nStreak: {found.streak} {days} (longest {found.longest})\n", style="bold")
    tail.append_text(pace_line(found.pace))
    console.print(tail)


def pace_line(pace: Pace) -> Text:
    line = Text("Pace: ", style="bold")
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
    return line


def history(console: Console, found: r.HistoryView) -> None:
    if not found.events:
        console.print(Text("No changes in this range.", style="dim"))
        return
    rows = []
    for event in found.events:
        name = _skill_name(found.track, event)
        symbol, style = MARKS[event.new]
        what: Cell = [(symbol, style), (f" {name}: {event.old} → {event.new}", "")]
        if event.old == event.new:
            what = [(f"  {name}: note or links changed", "")]
        when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        rows.append([[(when, "dim")], [(event.action, "")], what])
    columns(console, rows)


def search_results(console: Console, found: r.SearchResults) -> None:
    """Every occurrence of the term is highlighted."""
    term = found.term
    if not found.hits:
        console.print(Text(f"Nothing matches {term!r}.", style="dim"))
        return
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    for kind, ident, label, text in found.hits:
        line = Text(f"{kind:<8} ", style="dim")
        line.append(ident, style="bold")
        line.append("  ")
        body = Text(label if text in label else f"{label}: {text}")
        body.highlight_regex(pattern, style="reverse")
        line.append_text(body)
        console.print(line)


def track_summaries(console: Console, found: r.TrackSummaries) -> None:
    """The tracks as a table; `*` marks the one in use."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("")
    table.add_column("track")
    table.add_column("title")
    table.add_column("phases", justify="right")
    table.add_column("skills", justify="right")
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
    track = found.head.track
    head = Text(track.title, style="bold underline")
    head.append(f"  {track.id}", style="dim")
    console.print(head)
    done = found.head.overall
    columns(console, [[[("Overall", "bold")], bar_segments(done, 30), [(percent(done), "")]]])
    days = "day" if found.streak == 1 else "days"
    console.print(Text(f"Streak: {found.streak} {days} (longest {found.longest})"))
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
    console.print(
        Text(
            "'roadmap next' says where to learn them; 'roadmap --help' lists every command.", "dim"
        )
    )


RENDERERS: dict[type, Callable[[Console, Any], None]] = {
    r.TrackList: track_list,
    r.PhaseDetail: phase_detail,
    r.SkillDetail: skill_detail,
    r.TrackDetail: track_detail,
    r.ChangeSummary: change_summary,
    r.UndoSummary: undo_summary,
    r.Suggestions: suggestions,
    r.StatusReport: status_report,
    r.HistoryView: history,
    r.SearchResults: search_results,
    r.TrackSummaries: track_summaries,
    r.Exported: reports.exported,
    r.ImportPlan: reports.import_plan,
    r.Validated: reports.validated,
    r.Places: reports.places,
    r.Restored: reports.restored,
    r.DoctorReport: reports.doctor_report,
    r.TrackChoice: track_choice,
    r.Dashboard: dashboard,
}


def draw(console: Console, result: object) -> None:
    RENDERERS[type(result)](console, result)
