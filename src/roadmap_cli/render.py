"""Rich tables and panels: the only module that draws to the terminal.

Everything user- or file-supplied goes through `Text`, never through markup strings, so a
note containing `[bold]` or control characters prints as itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.text import Text

from roadmap_cli import progress as core

if TYPE_CHECKING:
    from roadmap_cli.models import Event, Phase, Resource, Skill, SkillProgress, Status, Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.progress import Change, Completion, Pace

MARKS: dict[str, tuple[str, str]] = {
    "done": ("✓", "green"),
    "skipped": ("»", "cyan"),
    "in-progress": ("▸", "yellow"),
    "todo": ("·", "dim"),
}
BAR_WIDTH = 20


def local_date(moment: datetime | None) -> str:
    return core.local_day(moment).isoformat() if moment else ""


def safe(text: str) -> str:
    """Text from the progress file or the command line, its control characters escaped.

    Rich passes ESC and friends through to the terminal; a note must never drive it. Line
    breaks stay (a note may have several lines).
    """
    from roadmap_cli.errors import printable

    return printable(text, keep="\n")


def say(console: Console, text: str) -> None:
    """One line of plain text, printed as itself (no markup), never wrapped nor split."""
    from roadmap_cli.errors import printable

    console.print(Text(printable(text)), soft_wrap=True)


def mark(status: Status) -> Text:
    symbol, style = MARKS[status]
    return Text(symbol, style=style)


def bar_segments(done: Completion, width: int = BAR_WIDTH) -> list[tuple[str, str]]:
    """A bar that still reads without colour: done, then skipped, then what is left."""
    total = max(done.total, 1)
    full = round(done.complete / total * width)
    skipped = min(full, round(done.skipped / total * width))
    return [
        ("█" * (full - skipped), "green"),
        ("▓" * skipped, "cyan"),
        ("░" * (width - full), "dim"),
    ]


def percent(done: Completion) -> str:
    return f"{done.percent:>3}%  {done.complete}/{done.total}"


def status_detail(record: SkillProgress) -> Cell:
    """A skill's status and the day it changed; nothing for a skill to do."""
    if record.status == "done":
        return [(f"done {local_date(record.finished)}", "green")]
    if record.status == "skipped":
        return [(f"skipped {local_date(record.finished)}", "cyan")]
    if record.status == "in-progress":
        return [(f"started {local_date(record.started)}", "yellow")]
    return []


def _overall(track: Track, statuses: dict[str, Status]) -> Text:
    done = core.track_completion(track, statuses)
    line = Text("Overall ", style="bold")
    line.append(
        f"{done.percent}% of required skills complete: {done.complete}/{done.total} "
        f"({done.done} done, {done.skipped} skipped, {done.in_progress} in progress)"
    )
    extra = core.optional_completion(track, statuses)
    if extra.total:
        line.append(f"; optional {extra.complete}/{extra.total}", style="dim")
    return line


Segment = tuple[str, str]  # (text, style)
Cell = list[Segment]


def _width(text: str) -> int:
    """Columns `text` takes."""
    return len(text) if text.isascii() else _wide_width(text)


@lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    """Cached: marks and bars repeat on every row."""
    from rich.cells import cell_len

    return cell_len(text)


def _cell_width(cell: Cell) -> int:
    """Columns a cell takes: `_width` inlined, as every cell of a 10,000-row list is measured."""
    width = 0
    for text, _ in cell:
        width += len(text) if text.isascii() else _wide_width(text)
    return width


def _cut(cell: Cell, width: int) -> Cell:
    """The cell cut to `width` columns, ending in "…"."""
    from rich.cells import set_cell_size

    out: Cell = []
    room = width - 1
    for text, style in cell:
        size = _width(text)
        if size > room:
            out.append((set_cell_size(text, room), style))
            break
        out.append((text, style))
        room -= size
    out.append(("…", ""))
    return out


def columns(console: Console, rows: Sequence[Sequence[Cell]], gap: int = 2) -> None:
    """Print rows of cells in columns, one line per row, nothing wrapped.

    Rich's Table measures every cell several times, and each Text costs microseconds: at
    10,000 skills that took seconds. Here every cell is measured once and every line built
    once, as plain text with style spans; the first column gives way (cut with "…") so that
    a line fits the console. When the output is not a terminal the text is written as is.
    """
    from rich.text import Span

    if not rows:
        return
    styled = console.is_terminal  # styles are for terminals only: no spans otherwise
    sizes = [[_cell_width(cell) for cell in row] for row in rows]
    count = max(len(row) for row in rows)
    widths = [max((row[i] for row in sizes if i < len(row)), default=0) for i in range(count)]
    widths[0] = max(min(widths[0], console.width - sum(widths[1:]) - gap * (count - 1)), 12)
    if not styled:  # the same lines, as plain text: no spans to keep track of
        fill = [" " * n for n in range(max(widths) + gap + 1)]
        lines = []
        for row, row_sizes in zip(rows, sizes, strict=True):
            last = len(row) - 1
            texts: list[str] = []
            for i, cell in enumerate(row):
                size = row_sizes[i]
                if size > widths[i] and (i == 0 or i < last):
                    cell, size = _cut(cell, widths[i]), widths[i]
                texts += [text for text, _ in cell]
                if i < last:
                    texts.append(fill[widths[i] - size + gap])
            lines.append("".join(texts).rstrip(" "))
        console.file.write("\n".join(lines) + "\n")
        return
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for row, row_sizes in zip(rows, sizes, strict=True):
        last = len(row) - 1
        for i, (cell, size) in enumerate(zip(row, row_sizes, strict=True)):
            if size > widths[i] and (i == 0 or i < last):
                cell, size = _cut(cell, widths[i]), widths[i]
            for text, style in cell:
                if style:
                    spans.append(Span(at, at + len(text), style))
                at += len(text)
                parts.append(text)
            if i < last:
                filler = " " * (widths[i] - size + gap)
                parts.append(filler)
                at += len(filler)
        parts.append("\n")
        at += 1
    console.print(Text("".join(parts).rstrip("\n"), spans=spans), soft_wrap=True)


def _mark_cell(track: Track, skill: Skill, status: Status) -> Cell:
    symbol, style = MARKS[status]
    cell: Cell = [("  ", ""), (symbol, style), (" " + skill.name, "")]
    if track.is_optional(skill.id):
        cell.append((" (optional)", "dim"))
    return cell


def phase_row(track: Track, phase: Phase, statuses: dict[str, Status]) -> list[Cell]:
    """A phase's title (and tag), its completion bar and its percentage."""
    done = core.phase_completion(track, phase, statuses)
    title: Cell = [(phase.label, "bold")]
    if phase.tag:
        title.append((f"  {phase.tag}", "magenta"))
    return [title, bar_segments(done), [(percent(done), "")]]


def skill_row(track: Track, skill_id: str, record: SkillProgress) -> list[Cell]:
    """A skill's mark and name, its id, and its status with the day it changed."""
    return [
        _mark_cell(track, track.skill_by_id[skill_id], record.status),
        [(skill_id, "dim")],
        status_detail(record),
    ]


def track_list(
    console: Console,
    track: Track,
    records: dict[str, SkillProgress],
    phases: Sequence[Phase],
    status_filter: Status | None,
) -> None:
    statuses = {sid: rec.status for sid, rec in records.items()}
    blank = _blank_record()
    console.print(Text(track.title, style="bold underline"))
    rows: list[list[Cell]] = []
    for phase in phases:
        skills = []
        for sid in phase.skills:
            record = records.get(sid, blank)
            if status_filter and record.status != status_filter:
                continue
            skills.append(skill_row(track, sid, record))
        if status_filter and not skills:
            continue
        rows.append(phase_row(track, phase, statuses))
        rows.extend(skills)
    if rows:
        columns(console, rows)
    else:
        console.print(Text(f"No {status_filter} skills here.", style="dim"))
    console.print(_overall(track, statuses))


def _blank_record() -> SkillProgress:
    from roadmap_cli.models import SkillProgress

    return SkillProgress.blank()


def resources(items: Sequence[Resource], title: str = "Resources") -> Text | None:
    if not items:
        return None
    out = Text(f"{title}:", style="bold")
    for res in items:
        out.append("\n  • ")
        if res.type:
            out.append(f"[{res.type}] ", style="dim")
        out.append(res.title)
        if res.focus:
            out.append(f" ({res.focus})", style="dim")
        if res.url:
            out.append(" ")
            out.append(res.url, style=f"link {res.url} blue underline")
    return out


def _field(label: str, value: str | None) -> Text | None:
    if not value:
        return None
    out = Text(f"{label}: ", style="bold")
    out.append(safe(value))
    return out


def show_phase(
    console: Console, track: Track, phase: Phase, records: dict[str, SkillProgress]
) -> None:
    statuses = {sid: rec.status for sid, rec in records.items()}
    columns(console, [phase_row(track, phase, statuses)])
    for part in (
        _field("Goals", phase.goals),
        _field("Why", phase.why),
        _field("Impact", phase.impact),
        _field("Outcome", phase.outcome),
    ):
        if part is not None:
            console.print(part)
    console.print(Text("Skills:", style="bold"))
    blank = _blank_record()
    columns(console, [skill_row(track, sid, records.get(sid, blank)) for sid in phase.skills])
    found = resources(phase.resources)
    if found is not None:
        console.print(found)


def show_skill(console: Console, track: Track, skill: Skill, record: SkillProgress) -> None:
    head = Text(skill.name, style="bold")
    head.append(f"  {skill.id}", style="dim")
    if track.is_optional(skill.id):
        head.append("  optional", style="magenta")
    status = Text("Status: ", style="bold")
    status.append_text(mark(record.status))
    status.append(f" {record.status}")
    if record.started:
        status.append(f" · started {local_date(record.started)}")
    if record.finished:
        status.append(f" · {record.status if record.status != 'todo' else 'finished'} ")
        status.append(local_date(record.finished))
    phases = ", ".join(p.label for p in track.phases_of[skill.id])
    parts = [
        head,
        _field("Aliases", ", ".join(skill.aliases)),
        _field("About", skill.description),
        _field("Group", skill.group),
        status,
        _field("Note", record.note),
        links(record),
        _field("Phase" if len(track.phases_of[skill.id]) == 1 else "Phases", phases),
        _field("Why", next((p.purpose for p in track.phases_of[skill.id] if p.purpose), None)),
        resources(track.resources_for(skill.id)),
    ]
    console.print(Group(*(p for p in parts if p is not None)))


def links(record: SkillProgress) -> Text | None:
    if not record.links:
        return None
    out = Text("Links:", style="bold")
    for link in record.links:
        out.append("\n  • ")
        out.append(safe(link.url), style=f"link {safe(link.url)} blue underline")
        if link.added:
            out.append(f" (added {local_date(link.added)})", style="dim")
    return out


def show_track(console: Console, track: Track, records: dict[str, SkillProgress]) -> None:
    statuses = {sid: rec.status for sid, rec in records.items()}
    parts: list[Text | None] = [
        Text(track.title, style="bold underline"),
        _field("Id", track.id),
        Text(track.description) if track.description else None,
        _field("Source", track.source),
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
    columns(console, [phase_row(track, phase, statuses) for phase in track.phases])
    console.print(_overall(track, statuses))


def changes(
    console: Console,
    track: Track,
    changed: Sequence[Change],
    statuses: dict[str, Status],
) -> None:
    for change in changed:
        skill = track.skill_by_id[change.skill_id]
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
    touched = {p.id for c in changed for p in track.phases_of[c.skill_id]}
    rows = [phase_row(track, p, statuses) for p in track.phases if p.id in touched]
    if rows:
        columns(console, rows)


def undone(
    console: Console, track: Track | None, reverted: Sequence[Event], original: Event
) -> None:
    """What undo reverted; skills by name when they belong to the track in use."""

    def name(event: Event) -> str:
        skill = track.skill_by_id.get(event.skill) if track else None
        return skill.name if skill else safe(event.skill)

    names = ", ".join(name(e) for e in reversed(reverted))
    when = original.at.astimezone().strftime("%Y-%m-%d %H:%M")
    console.print(Text(f"Undid '{original.action}' of {names} (from {when}):"))
    for event in reversed(reverted):
        if event.old == event.new:
            console.print(Text(f"  {name(event)}: note and links restored"))
        else:
            console.print(Text(f"  {name(event)}: {event.old} → {event.new}"))


def suggestions(
    console: Console,
    track: Track,
    picked: Sequence[Suggestion],
    required_left: int,
    optional_left: int,
) -> None:
    if not picked:
        console.print(Text(f"Everything in {track.title} is complete. Well done!", "green"))
        return
    if not required_left:
        console.print(
            Text(
                f"Every required skill in {track.title} is complete. "
                f"Optional skills and electives left: {optional_left}.",
                style="green",
            )
        )
    blocks: list[Text] = []
    for number, item in enumerate(picked, 1):
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
        learn = track.resources_for(item.skill.id)
        if learn:
            for res in learn[:2]:
                line = Text("   Learn: ")
                line.append(res.title)
                if res.url:
                    line.append(" ")
                    line.append(res.url, style=f"link {res.url} blue underline")
                lines.append(line)
        else:
            lines.append(Text("   Learn: no resource listed for this phase", style="dim"))
        blocks.extend(lines)
    console.print(Group(*blocks))


def status(
    console: Console,
    track: Track,
    records: dict[str, SkillProgress],
    recent: Sequence[Event],
    streak: int,
    longest: int,
    pace: Pace,
) -> None:
    statuses = {sid: rec.status for sid, rec in records.items()}
    console.print(Text(track.title, style="bold underline"))
    overall = core.track_completion(track, statuses)
    columns(
        console,
        [[[("Overall", "bold")], bar_segments(overall, 30), [(percent(overall), "")]]],
    )
    counts = dict.fromkeys(MARKS, 0)
    for sid in track.ordered_skill_ids:
        counts[statuses.get(sid, "todo")] += 1
    line = Text()
    for name, count in counts.items():
        line.append_text(mark(name))  # type: ignore[arg-type]
        line.append(f" {name} {count}   ")
    console.print(line)
    columns(console, [phase_row(track, phase, statuses) for phase in track.phases])
    tail = Text("Recent changes:", style="bold")  # the rest in one print
    if recent:
        for event in recent:
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            skill = track.skill_by_id.get(event.skill)
            name = skill.name if skill else safe(event.skill)
            tail.append(f"\n  {when}  {name}: {event.old} → {event.new} ({event.action})")
    else:
        tail.append("\n  none yet: mark a skill with 'roadmap start' or 'roadmap done'")
    days = "day" if streak == 1 else "days"
    tail.append(f"\nStreak: {streak} {days} (longest {longest})\n", style="bold")
    tail.append_text(pace_line(pace))
    console.print(tail)


def pace_line(pace: Pace) -> Text:
    line = Text("Pace: ", style="bold")
    if pace.per_week is None:
        line.append(f"no projection yet: {pace.reason}")
    elif pace.finish is None:
        line.append(f"{pace.per_week:.1f} skills/week over the last {pace.window_days} days; ")
        line.append(f"no projection: {pace.reason}")
    else:
        line.append(
            f"at {pace.per_week:.1f} skills/week (last {pace.window_days} days), "
            f"{pace.remaining} required skills left: about {pace.finish.isoformat()}"
        )
    return line


def history(console: Console, track: Track, events: Sequence[Event]) -> None:
    if not events:
        console.print(Text("No changes in this range.", style="dim"))
        return
    rows = []
    for event in events:
        skill = track.skill_by_id.get(event.skill)
        name = skill.name if skill else safe(event.skill)
        symbol, style = MARKS[event.new]
        what: Cell = [(symbol, style), (f" {name}: {event.old} → {event.new}", "")]
        if event.old == event.new:
            what = [(f"  {name}: note or links changed", "")]
        when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        rows.append([[(when, "dim")], [(event.action, "")], what])
    columns(console, rows)


def search_results(console: Console, term: str, hits: Sequence[tuple[str, str, str, str]]) -> None:
    """Hits are (kind, id, label, matched text); every occurrence of `term` is highlighted."""
    if not hits:
        console.print(Text(f"Nothing matches {term!r}.", style="dim"))
        return
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    for kind, ident, label, text in hits:
        line = Text(f"{kind:<8} ", style="dim")
        line.append(ident, style="bold")
        line.append("  ")
        body = Text(label if text in label else f"{label}: {text}")
        body.highlight_regex(pattern, style="reverse")
        line.append_text(body)
        console.print(line)


def tracks(console: Console, entries: Sequence[tuple[Track, Completion]], current_id: str) -> None:
    """The tracks as a table; `*` marks the one in use."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("")
    table.add_column("track")
    table.add_column("title")
    table.add_column("phases", justify="right")
    table.add_column("skills", justify="right")
    table.add_column("complete", no_wrap=True)
    for track, done in entries:
        table.add_row(
            "*" if track.id == current_id else "",
            track.id,
            track.title,
            str(len(track.phases)),
            str(len(track.skills)),
            Text.assemble(f"{done.percent}% ", (f"{done.complete}/{done.total}", "dim")),
        )
    console.print(table)


def today() -> date:
    return datetime.now().astimezone().date()
