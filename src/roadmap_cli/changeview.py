"""The human rendering of changes: what a command changed, what undo reverted, the history.

For `render`, which maps each result type to its drawing; everything from files goes through
`Text`, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_cli import review_views
from roadmap_cli.draw import mark, phase_cells, safe
from roadmap_cli.layout import columns, hang, show, show_many
from roadmap_cli.studyview import duration
from roadmap_cli.styled import Text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli import results as r
    from roadmap_cli.models import Track
    from roadmap_cli.records import Event


def change_summary(console: Console, found: r.ChangeSummary) -> None:
    left: dict[str, int] = {}
    for change in found.changes:
        if found.whole_phase and not change.changed:
            left[change.new] = left.get(change.new, 0) + 1
            continue
        skill = found.track.skill_by_id[change.skill_id]
        line = Text(f"{skill.name}: ")
        if change.changed and change.old != change.new:
            line.append(f"{change.old} → {change.new}")
            if change.new == "in-progress" and change.old in ("done", "skipped"):
                line.append(f": studying it again; 'roadmap undo' makes it {change.old} again")
            elif found.action == "log":
                line.append(" (study logged: now in progress)")
        elif change.changed and found.action == "log":
            line.append(f"{change.new} (study logged)")
        elif change.changed:
            line.append(f"{change.new} (note or links updated)")
        else:
            line.append(f"already {change.new}", style="dim")
        show(console, hang(console.width, Text.assemble(mark(change.new), " "), line))
    if left:
        counted = ", ".join(f"{n} already {status}" for status, n in left.items())
        show(console, hang(console.width, Text(f"Left as they were: {counted}.", style="dim")))
    if found.phases:
        columns(console, [phase_cells(row) for row in found.phases])
    for phase in found.completed:
        after = f" Next: {found.next_phase.label}." if found.next_phase else " Nothing is left."
        show(console, hang(console.width, Text(f"Phase complete: {phase.label}.{after}", "green")))


def skill_name(track: Track | None, event: Event) -> str:
    skill = track.skill_by_id.get(event.skill) if track else None
    return skill.name if skill else safe(event.skill)


def undo_summary(console: Console, found: r.UndoSummary) -> None:
    """What undo reverted; skills by name when they belong to the track in use."""
    names = ", ".join(skill_name(found.track, e) for e in reversed(found.reverted))
    when = found.original.at.astimezone().strftime("%Y-%m-%d %H:%M")
    width = console.width
    show(console, hang(width, "", f"Undid '{found.original.action}' of {names} (from {when}):"))
    for event in reversed(found.reverted):
        name = skill_name(found.track, event)
        if found.original.action == "review" and event.old == event.new:
            show(console, hang(width, "  ", f"{name}: review card restored"))
        elif found.original.action == "import" and event.old == event.new:  # or its card
            show(console, hang(width, "  ", f"{name}: as before the import, still {event.new}"))
        elif event.old == event.new:
            show(console, hang(width, "  ", f"{name}: notes, links and log restored"))
        else:
            show(console, hang(width, "  ", f"{name}: {event.old} → {event.new}"))


def history(console: Console, found: r.HistoryView) -> None:
    """One line per change; a change too long for the line wraps under its description."""
    if not found.events:
        show(console, Text("No changes in this range.", style="dim"))
        return
    width = console.width
    action = max(len(event.action) for event in found.events)
    lines = []
    for event in found.events:
        name = skill_name(found.track, event)
        # The day the learner gave has no time of its own: the day alone, aligned.
        when = (
            event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            if event.on is None
            else event.on.astimezone().strftime("%Y-%m-%d") + "      "
        )
        lead = Text(when, style="dim")
        lead.append(f"  {event.action:<{action}}  ")
        if event.action == "review" and event.old == event.new:
            what = Text(f"  {name}: {review_views.event_text(event)}")
        elif event.action == "log" and event.old == event.new:
            spent = f" {duration(event.minutes)}" if event.minutes else ""
            what = Text(f"  {name}: studied{spent}")
        elif event.action == "undo" and event.old == event.new:  # a rating, a note undone
            what = Text(f"  {name}: change undone, still {event.new}")
        elif event.action == "import" and event.old == event.new:  # notes, a review card
            what = Text(f"  {name}: imported, still {event.new}")
        elif event.action == "note" and event.old == event.new and event.text:
            what = Text(f"  {name}: note added")
        elif event.old == event.new:
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
