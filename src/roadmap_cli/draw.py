"""Drawing primitives: marks, bars, columns and labelled fields, as Rich text.

Everything user- or file-supplied goes through `Text`, never through markup strings, so a
note containing `[bold]` or control characters prints as itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from roadmap_cli.stats import local_day

if TYPE_CHECKING:
    from roadmap_cli.models import Resource, SkillProgress, Status
    from roadmap_cli.results import Overview, PhaseRow, SkillRow
    from roadmap_cli.stats import Completion

MARKS: dict[str, tuple[str, str]] = {
    "done": ("✓", "green"),
    "skipped": ("»", "cyan"),
    "in-progress": ("▸", "yellow"),
    "todo": ("·", "dim"),
}
BAR_WIDTH = 20


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


def field(label: str, value: str | None) -> Text | None:
    if not value:
        return None
    out = Text(f"{label}: ", style="bold")
    out.append(safe(value))
    return out


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


def overall(head: Overview) -> Text:
    done = head.overall
    line = Text("Overall ", style="bold")
    line.append(
        f"{done.percent}% of required skills complete: {done.complete}/{done.total} "
        f"({done.done} done, {done.skipped} skipped, {done.in_progress} in progress)"
    )
    if head.optional.total:
        line.append(f"; optional {head.optional.complete}/{head.optional.total}", style="dim")
    return line


def phase_cells(row: PhaseRow) -> list[Cell]:
    """A phase's title (and tag), its completion bar and its percentage."""
    title: Cell = [(row.phase.label, "bold")]
    if row.phase.tag:
        title.append((f"  {row.phase.tag}", "magenta"))
    return [title, bar_segments(row.completion), [(percent(row.completion), "")]]


def skill_cells(row: SkillRow) -> list[Cell]:
    """A skill's mark and name, its id, and its status with the day it changed."""
    symbol, style = MARKS[row.record.status]
    name: Cell = [("  ", ""), (symbol, style), (" " + row.skill.name, "")]
    if row.optional:
        name.append((" (optional)", "dim"))
    return [name, [(row.skill.id, "dim")], status_detail(row.record)]
