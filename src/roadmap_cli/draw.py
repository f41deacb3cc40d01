"""Drawing primitives: marks, the cells of phase and skill rows, labelled fields, resources.

Everything user- or file-supplied goes through `Text`, never through markup strings, so a
note containing `[bold]` or control characters prints as itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli.layout import Bar, Cell, hang, link
from roadmap_cli.stats import local_day
from roadmap_cli.styled import Text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.models import Choice, Phase, Resource, Status
    from roadmap_cli.records import SkillProgress
    from roadmap_cli.results import Overview, PhaseRow, SkillDetail, SkillRow
    from roadmap_cli.stats import Completion

MARKS: dict[str, tuple[str, str]] = {
    "done": ("✓", "green"),
    "skipped": ("»", "cyan"),
    "in-progress": ("▸", "yellow"),
    "todo": ("·", "dim"),
}


def local_date(moment: datetime | None) -> str:
    return local_day(moment).isoformat() if moment else ""


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


def resources(items: Sequence[Resource], width: int, title: str = "Resources") -> Text | None:
    if not items:
        return None
    out = Text(f"{title}:", style="bold")
    for res in items:
        body = Text()
        if res.type:
            body.append(f"[{res.type}] ", style="dim")
        body.append(res.title)
        if res.focus:
            body.append(f" ({res.focus})", style="dim")
        out.append("\n")
        out.append_text(hang(width, "  • ", body, url=res.url))
    return out


def field(label: str, value: str | None, width: int) -> Text | None:
    if not value:
        return None
    return hang(width, Text(f"{label}: ", style="bold"), safe(value))


def described(console: Console, label: str, value: str | None, width: int) -> Any:
    """A field whose text may be Markdown: rendered on a terminal, plain words when piped.

    Text without Markdown keeps the plain layout of `field`.
    """
    from roadmap_cli.prose import is_markdown, plain, rendered

    if not value:
        return None
    if not is_markdown(value):
        return field(label, value, width) if label else hang(width, "", safe(value))
    if not console.is_terminal:
        words = plain(value)
        return field(label, words, width) if label else hang(width, "", safe(words))
    from rich.console import Group

    body = rendered(safe(value))
    return Group(Text(f"{label}:", style="bold"), body) if label else body


def links(record: SkillProgress, width: int) -> Text | None:
    if not record.links:
        return None
    out = Text("Links:", style="bold")
    for item in record.links:
        out.append("\n")
        added = Text(f"(added {local_date(item.added)})", style="dim") if item.added else Text()
        url = safe(item.url)
        line = hang(width, "  • ", Text(), url=url)
        if added.plain:
            line = hang(width, "  • ", Text.assemble(link(url), " ", added))
        out.append_text(line)
    return out


def overall(head: Overview, width: int) -> Text:
    done = head.overall
    line = Text()
    line.append(
        f"{done.percent}% of required skills complete: {done.complete}/{done.total} "
        f"({done.done} done, {done.skipped} skipped, {done.in_progress} in progress)"
    )
    if head.optional.total:
        line.append(f"; optional {head.optional.complete}/{head.optional.total}", style="dim")
    return hang(width, Text("Overall ", style="bold"), line)


def choice_words(choice: Choice) -> str:
    return f"choose {choice.count} of {len(choice.one_of)}"


# The fields of a phase, each labelled as what it is, in the order they are shown.
PHASE_FIELDS = (("Goals", "goals"), ("Why", "why"), ("Impact", "impact"), ("Outcome", "outcome"))


def purpose(phase: Phase) -> tuple[str, str | None]:
    """The first of the phase's goals, why, impact or outcome, with its label."""
    for label, name in PHASE_FIELDS:
        if getattr(phase, name):
            return label, getattr(phase, name)
    return "Why", None


def phase_cells(row: PhaseRow) -> list[Cell | Bar]:
    """A phase's title (and tag, and choices), its completion bar and its percentage."""
    title: Cell = [(row.phase.label, "bold")]
    if row.phase.tag:
        title.append((f"  {row.phase.tag}", "magenta"))
    for choice, _done in row.choices:
        title.append((f"  {choice_words(choice)}", "dim"))
    return [title, Bar(row.completion), [(percent(row.completion), "")]]


def skill_rows(skills: Sequence[SkillRow]) -> list[list[Cell | Bar]]:
    """A phase's skill rows under their groups' sub-headings and their choices' lines: each
    skill's mark and name, its id, and its status with the day it changed."""
    rows: list[list[Cell | Bar]] = []
    add = rows.append  # once per row of `list`: 50,000 in a large roadmap
    group: str | None = None
    choice: Choice | None = None
    for skill, record, optional, offered, extra, ready in skills:
        if skill.group and skill.group != group:
            add([[("  " + skill.group, "bold italic")]])
            choice = None
        group = skill.group
        if offered is not None and offered is not choice:
            add([[(f"  {choice_words(offered)}:", "cyan")]])
        choice = offered
        status = record.status
        symbol, style = MARKS[status]
        indent = "  " if offered is None else "    "
        name: Cell = [(indent, ""), (symbol, style), (" " + skill.name, "")]
        if optional or extra:
            name.append((" (optional)", "dim"))
        if status != "todo":
            add([name, [(skill.id, "dim")], status_detail(record)])
            continue
        if not ready:
            name.append((" (not ready)", "dim"))
        add([name, [(skill.id, "dim")]])  # a skill to do: no status column
    return rows


def section_item(console: Console, item: str, width: int) -> Any:
    """A bullet of a section; Markdown in it rendered as in a description."""
    from roadmap_cli.prose import is_markdown, plain

    if not is_markdown(item):
        return hang(width, "  • ", item)
    if not console.is_terminal:
        return hang(width, "  • ", safe(plain(item)))
    return described(console, "", f"- {item}", width)


def skill_names(rows: Sequence[SkillRow]) -> str:
    """Skills by name, each with its status when it is not to do."""
    return ", ".join(
        row.skill.name + ("" if row.record.status == "todo" else f" ({row.record.status})")
        for row in rows
    )


def choice_line(choice: Choice, found: SkillDetail, width: int) -> Text | None:
    names = ", ".join(found.track.skill_by_id[sid].name for sid in choice.one_of)
    return field("Choice", f"{choice_words(choice)}: {names}", width)
