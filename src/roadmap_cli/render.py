"""The human rendering of each result (see `results`): the only module that words them.

`draw(console, result)` picks the renderer by the result's type. Everything user- or
file-supplied goes through `Text` (see `draw`), never through markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from roadmap_cli import reports
from roadmap_cli import results as r
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
from roadmap_cli.jsonview import no_projection
from roadmap_cli.layout import Bar, Cell, columns, hang, show, show_many

if TYPE_CHECKING:
    from roadmap_cli.models import Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.records import Event
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
        field("Note", record.note, width),
        links(record, width),
        field("Phase" if len(found.phases) == 1 else "Phases", labels, width),
        *(choice_line(c, found, width) for c in found.choices),
        field("Needs", skill_names(found.needs), width),
        field("Unlocks", skill_names(found.unlocks), width),
        described(console, *why, width),
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


def change_summary(console: Console, found: r.ChangeSummary) -> None:
    for change in found.changes:
        skill = found.track.skill_by_id[change.skill_id]
        line = Text(f"{skill.name}: ")
        if change.changed and change.old != change.new:
            line.append(f"{change.old} → {change.new}")
            if change.new == "in-progress" and change.old in ("done", "skipped"):
                line.append(f": studying it again; 'roadmap undo' makes it {change.old} again")
        elif change.changed:
            line.append(f"{change.new} (note or links updated)")
        else:
            line.append(f"already {change.new}", style="dim")
        show(console, hang(console.width, Text.assemble(mark(change.new), " "), line))
    if found.phases:
        columns(console, [phase_cells(row) for row in found.phases])
    for phase in found.completed:
        after = f" Next: {found.next_phase.label}." if found.next_phase else " Nothing is left."
        show(console, hang(console.width, Text(f"Phase complete: {phase.label}.{after}", "green")))


def _skill_name(track: Track | None, event: Event) -> str:
    skill = track.skill_by_id.get(event.skill) if track else None
    return skill.name if skill else safe(event.skill)


def undo_summary(console: Console, found: r.UndoSummary) -> None:
    """What undo reverted; skills by name when they belong to the track in use."""
    names = ", ".join(_skill_name(found.track, e) for e in reversed(found.reverted))
    when = found.original.at.astimezone().strftime("%Y-%m-%d %H:%M")
    width = console.width
    show(console, hang(width, "", f"Undid '{found.original.action}' of {names} (from {when}):"))
    for event in reversed(found.reverted):
        name = _skill_name(found.track, event)
        if event.old == event.new:
            show(console, hang(width, "  ", f"{name}: note and links restored"))
        else:
            show(console, hang(width, "  ", f"{name}: {event.old} → {event.new}"))


def suggestions(console: Console, found: r.Suggestions) -> None:
    """The suggestions by phase: the phase, why it matters and its resources once, then its
    skills, each with its own resources."""
    track, width = found.track, console.width
    if not found.picked:
        show(
            console,
            hang(width, Text(f"Everything in {track.title} is complete. Well done!", "green")),
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
    tail = [Text("Recent changes:", style="bold")]
    if found.recent:
        for event in found.recent:
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            name = _skill_name(track, event)
            what = f"{name}: {event.old} → {event.new} ({event.action})"
            tail.append(hang(width, f"  {when}  ", what))
    else:
        tail.append(
            hang(width, "  ", "none yet: mark a skill with 'roadmap start' or 'roadmap done'")
        )
    days = "day" if found.streak == 1 else "days"
    tail.append(Text(f"Streak: {found.streak} {days} (longest {found.longest})", style="bold"))
    tail.append(pace_line(found.pace, width))
    show(console, *tail)


def pace_line(pace: Pace, width: int) -> Text:
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
    return hang(width, Text("Pace: ", style="bold"), line)


def history(console: Console, found: r.HistoryView) -> None:
    """One line per change; a change too long for the line wraps under its description."""
    if not found.events:
        show(console, Text("No changes in this range.", style="dim"))
        return
    width = console.width
    action = max(len(event.action) for event in found.events)
    lines = []
    for event in found.events:
        name = _skill_name(found.track, event)
        when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        lead = Text(when, style="dim")
        lead.append(f"  {event.action:<{action}}  ")
        if event.old == event.new:
            what = Text(f"  {name}: note or links changed")
        else:
            what = Text.assemble(mark(event.new), f" {name}: {event.old} → {event.new}")
        if len(lead) + what.cell_len <= width:  # most do: no wrapping to work out
            lines.append(lead + what)
        else:
            lines.append(hang(width, lead, what))
    if found.total > len(found.events):
        hidden = f"Showing the latest {len(found.events)} of {found.total} changes; "
        lines.append(hang(width, Text(hidden + "--all shows them all.", style="dim")))
    show_many(console, lines)


def search_results(console: Console, found: r.SearchResults) -> None:
    """Every occurrence of the term is highlighted; a long match wraps under its text."""
    term, width = found.term, console.width
    if not found.hits:
        show(console, hang(width, Text(f"Nothing matches {term!r}.", style="dim")))
        return
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    for kind, ident, label, text in found.hits:
        line = Text(f"{kind:<8} ", style="dim")
        line.append(ident, style="bold")
        line.append("  ")
        body = Text(label if text in label else f"{label}: {text}")
        body.highlight_regex(pattern, style="reverse")
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
    hint = "'roadmap next' says where to learn them; 'roadmap --help' lists every command."
    show(console, hang(width, Text(hint, style="dim")))


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
