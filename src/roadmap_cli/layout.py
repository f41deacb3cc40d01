"""Laying text out in the console's width: columns by hand, wrapping with hanging indents.

The rules every human view follows: names get the room first, bars shrink to BAR_MIN before a
name is cut, ids and URLs are never cut nor split (a URL too long for its line stands alone on
one), and wrapped text keeps its indent. Lines laid out here are printed as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from roadmap_cli.styled import Span, Text, cell_len, set_cell_size

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap_cli.stats import Completion

BAR_WIDTH = 20  # the widest a bar is drawn
BAR_MIN = 10  # the narrowest, before any name is cut


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


Segment = tuple[str, str]  # (text, style)
Cell = list[Segment]


def _width(text: str) -> int:
    """Columns `text` takes."""
    return len(text) if text.isascii() else _wide_width(text)


@lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    """Cached: marks and bars repeat on every row."""
    return cell_len(text)


def _cell_width(cell: Cell) -> int:
    """Columns a cell takes: `_width` inlined, as every cell of a 10,000-row list is measured."""
    width = 0
    for text, _ in cell:
        width += len(text) if text.isascii() else _wide_width(text)
    return width


# Characters one column wide whatever the terminal (Rich measures them so too: a test checks):
# Latin, Greek, Cyrillic, box drawing and shapes, Braille; and the marks of the lists.
_NARROW = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC))
_NARROW_MARKS = "✓»▸·…"


@lru_cache(maxsize=1)
def _narrow() -> frozenset[str]:
    chars = [chr(c) for start, end in _NARROW for c in range(start, end + 1)]
    return frozenset([*chars, *_NARROW_MARKS])


def _cut(cell: Cell, width: int) -> Cell:
    """The cell cut to `width` columns, ending in "…"."""
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


class Bar(NamedTuple):
    """A completion bar cell, drawn as wide as the line allows: BAR_MIN to `widest` columns."""

    done: Completion
    widest: int = BAR_WIDTH


Row = Sequence["Cell | Bar"]


def columns(console: Console, rows: Sequence[Row], gap: int = 2) -> None:
    """Print rows of cells in columns, one line per row, within the console's width.

    Rich's Table measures every cell several times, and each Text costs microseconds: at
    10,000 skills `list` took 3.6 s as a `Table.grid`. Here every cell is measured once and
    every line built once, as plain text with style spans (piped, with none).

    The rules are those of the rest of the output: the first column (names) gets the space
    first; bars (`Bar` cells) shrink to BAR_MIN before a name is cut (with "…"); no other cell
    (the ids the user types, counts, days) is ever cut. Rows with a bar and rows without
    align their later columns apart, so no bar is followed by a gap sized by some id. A row
    still too wide drops its padding, then cuts its own name.
    """
    if not rows:
        return
    width = console.width
    # One pass measures every row and keeps what the layout needs of it: the widest cell of
    # each padded column and each row length's widest last cell, by kind; the rows with a bar.
    shapes = []
    spans: dict[bool, list[int]] = {False: [], True: []}
    firsts = {False: -1, True: -1}  # the widest name by kind; -1: no row of that kind
    lasts: dict[int, int] = {}  # rows without a bar: by length, the widest last cell
    barred = []
    narrow = _narrow().issuperset
    keep = shapes.append
    for row in rows:  # each cell's width (0 for a bar: sized later) and text, as `_shape`
        end = len(row)
        while end > 1 and not row[end - 1]:  # a skill to do has no status column
            end -= 1
        kind = False
        sizes: list[int] = []
        texts: list[str] = []
        for cell in row if end == len(row) else row[:end]:
            if isinstance(cell, Bar):
                kind = True
                sizes.append(0)
                texts.append("")
                continue
            if len(cell) == 1:
                text = cell[0][0]
            elif len(cell) == 3:  # a skill's name: its indent, its mark, its name
                indent, mark, words = cell
                text = indent[0] + mark[0] + words[0]
            else:
                text = "".join([part for part, _ in cell])
            sizes.append(len(text) if text.isascii() or narrow(text) else _cell_width(cell))
            texts.append(text)
        keep((kind, sizes, texts))
        count = len(sizes)
        if count > 2:
            found = spans[kind]
            for i in range(1, count - 1):  # the last cell of a row is never padded
                if i > len(found):
                    found.append(0)
                if sizes[i] > found[i - 1]:
                    found[i - 1] = sizes[i]
        if sizes[0] > firsts[kind]:
            firsts[kind] = sizes[0]
        if kind:
            barred.append((row, sizes))
        elif lasts.get(count, -1) < sizes[-1]:
            lasts[count] = sizes[-1]
    # Rows without a bar take their padded middle cells, their last cell and the gaps.
    fixed = [0]
    for span in spans[False]:
        fixed.append(fixed[-1] + span + gap)
    natural: dict[bool, tuple[int, int]] = {}  # by kind: the widest name, the rest's need
    if firsts[False] >= 0:
        need = max(fixed[n - 2] + last + gap if n > 1 else 0 for n, last in lasts.items())
        natural[False] = (firsts[False], need)
    if barred:
        need = max(_tail(row, sizes, spans[True], BAR_MIN, gap) for row, sizes in barred)
        natural[True] = (firsts[True], need)
    widest = max(first for first, _ in natural.values())
    if all(widest + need <= width for _, need in natural.values()):  # names aligned
        name = dict.fromkeys(natural, widest)
    else:  # each kind of row gives its names what its other cells leave
        name = {k: min(first, max(width - need, NAME_MIN)) for k, (first, need) in natural.items()}
    bars = [c.widest for row, _ in barred for c in row if isinstance(c, Bar)]
    bar = max(bars, default=BAR_MIN)
    for row, sizes in barred:
        bar = max(BAR_MIN, min(bar, width - name[True] - _tail(row, sizes, spans[True], 0, gap)))
    if not console.is_terminal:  # plain text: no spans to keep track of
        plain: list[str] = []
        add = plain.append
        for row, (kind, sizes, texts) in zip(rows, shapes, strict=True):
            if len(sizes) == 2:  # `_plain_line`'s usual case: a name and an id, no status
                size, last = sizes
                if size and last:
                    head = width - last - gap  # min(name[kind], max(..., 2)), inlined:
                    head = head if head > 2 else 2
                    head = head if head < name[kind] else name[kind]
                    if size <= head:
                        left, right = texts
                        add((left + " " * (head - size + gap) + right).rstrip(" "))
                        continue
            add(_plain_line(row, texts, sizes, spans[kind], name[kind], bar, width, gap))
        console.file.write("\n".join(plain) + "\n")
        return
    _write(
        console,
        [
            _line(row[: len(sizes)], sizes, spans[kind], name[kind], bar, width, gap)
            for row, (kind, sizes, _) in zip(rows, shapes, strict=True)
        ],
    )


NAME_MIN = 20  # a name column narrower than this is cut row by row, not for every row


def _tail(row: Row, sizes: list[int], spans: list[int], bar: int, gap: int) -> int:
    """Columns the cells after the first take (bars `bar` wide), gaps included."""
    total = 0
    last = len(sizes) - 1
    for i in range(1, len(sizes)):
        size = min(bar, row[i].widest) if isinstance(row[i], Bar) else sizes[i]  # type: ignore[union-attr]
        total += (max(size, spans[i - 1]) if i < last else size) + gap
    return total


def _plain_line(
    row: Row,
    texts: list[str],
    sizes: list[int],
    spans: list[int],
    name: int,
    bar: int,
    width: int,
    gap: int,
) -> str:
    """`_line` as plain text, without its trailing blanks; the usual row (no bar, nothing
    empty, nothing cut) straight from the cells' texts."""
    last = len(sizes) - 1
    if 0 in sizes or not last:
        return _joined(_line(row[: last + 1], sizes, spans, name, bar, width, gap))
    pads, head = _room(sizes, spans, name, width, gap)
    if head < min(sizes[0], BAR_MIN) or sizes[0] > head:  # broken or cut: as `_line` does
        return _joined(_line(row[: last + 1], sizes, spans, name, bar, width, gap))
    parts = [texts[0], " " * (head - sizes[0] + gap)]
    for i in range(1, last):
        parts += (texts[i], " " * (max(pads[i - 1], sizes[i]) - sizes[i] + gap))
    parts.append(texts[last])
    return "".join(parts).rstrip(" ")


def _room(
    widths: list[int], spans: list[int], name: int, width: int, gap: int
) -> tuple[list[int], int]:
    """The pads after each cell but the last, and the room the name gets: the columns' spans,
    or the cells packed after the name when the spans would be too wide."""
    last = len(widths) - 1
    pads = spans
    rest = widths[last] + gap * last
    for i in range(1, last):
        rest += max(widths[i], spans[i - 1])
    if name + rest > width:  # pack the cells after the name
        pads = widths[1:]
        rest = sum(pads) + gap * last
    return pads, min(name, max(width - rest, 2))


def _joined(line: Cell) -> str:
    return "".join([text for text, _ in line]).rstrip(" ")


def _line(
    row: Row, sizes: list[int], spans: list[int], name: int, bar: int, width: int, gap: int
) -> Cell:
    """One row as segments, padded to the columns; packed when that would be too wide."""
    cells: list[Cell] = row  # type: ignore[assignment]
    widths = sizes
    if 0 in sizes:  # a bar (or an empty cell): drawn `bar` wide
        cells, widths = [], []
        for cell, size in zip(row, sizes, strict=True):
            if isinstance(cell, Bar):
                size = min(bar, cell.widest)
                cell = bar_segments(cell.done, size)
            cells.append(cell)
            widths.append(size)
    last = len(cells) - 1
    if not last:  # a name alone
        return cells[0] if widths[0] <= width else _cut(cells[0], width)
    pads, head = _room(widths, spans, name, width, gap)
    if head < min(widths[0], BAR_MIN):  # no room for the name: break the row
        return _broken(cells, widths, width, gap)
    first = cells[0] if widths[0] <= head else _cut(cells[0], head)
    out: Cell = [*first, (" " * (head - min(widths[0], head) + gap), "")]
    for i in range(1, last):
        out += cells[i]
        out.append((" " * (max(pads[i - 1], widths[i]) - widths[i] + gap), ""))
    out += cells[last]
    return out


def _broken(cells: list[Cell], widths: list[int], width: int, gap: int) -> Cell:
    """A row whose other cells leave its name no room: the name on a line of its own (cut
    to the width if need be), the other cells under it, indented, as many a line as fit."""
    head = cells[0] if widths[0] <= width else _cut(cells[0], width)
    out: Cell = [*head, ("\n    ", "")]
    at = 4
    for cell, size in zip(cells[1:], widths[1:], strict=True):
        if at > 4 and at + gap + size > width:
            out.append(("\n    ", ""))
            at = 4
        elif at > 4:
            out.append((" " * gap, ""))
            at += gap
        out += cell
        at += size
    return out


def _write(console: Console, lines: list[Cell]) -> None:
    """Styled lines on a terminal, as they are: no wrapping, no cropping."""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for line in lines:
        for text, style in line:
            if style:
                spans.append(Span(at, at + len(text), style))
            at += len(text)
            parts.append(text)
        parts.append("\n")
        at += 1
    console.print(Text("".join(parts).rstrip("\n"), spans=spans), soft_wrap=True)


def is_url(word: str) -> bool:
    return "://" in word or word.startswith("mailto:")


def link(url: str) -> Text:
    """A URL in link style: on a terminal it stays a hyperlink whatever the wrapping."""
    return Text(url, style=f"link {url} blue underline")


def wrap(text: Text, first: int, rest: int) -> list[Text]:
    """`text` in lines of at most `first` then `rest` columns, broken at spaces.

    A URL is never broken: one that does not fit goes whole on a line of its own, however
    long. Other words longer than a line are folded. A short last word does not sit alone
    on its line when the line before can give it company.
    """
    lines: list[Text] = []
    for para in text.split("\n", allow_blank=True):
        plain = para.plain
        ranges: list[list[int]] = []  # [start, end, words] of each line
        for match in re.finditer(r"\S+", plain):
            start, end = match.span()
            room = first if not lines and len(ranges) <= 1 else rest
            if ranges and cell_len(plain[ranges[-1][0] : end]) <= room:
                ranges[-1][1:] = [end, ranges[-1][2] + 1]
                continue
            room = first if not lines and not ranges else rest
            while end - start > room and not is_url(match.group()) and room > 0:
                ranges.append([start, start + room, 1])  # a long word, folded
                start += room
                room = rest
            ranges.append([start, end, 1])
        if len(ranges) > 1 and ranges[-1][2] == 1 and ranges[-2][2] > 1:
            space = plain.rfind(" ", ranges[-2][0], ranges[-2][1])
            if cell_len(plain[space + 1 : ranges[-1][1]]) <= rest:  # the widow gets company
                ranges[-2][1:] = [len(plain[:space].rstrip(" ")), ranges[-2][2] - 1]
                ranges[-1][0] = space + 1
        lines.extend(para[a:b] for a, b, _ in ranges)
        if not ranges:
            lines.append(Text())
    return lines


def hang(
    width: int,
    lead: Text | str,
    body: Text | str = "",
    indent: int | None = None,
    url: str | None = None,
) -> Text:
    """`lead` then `body` wrapped to `width`, its later lines `indent` columns in (a hanging
    indent; by default, under the body's start). A `url` ends the text, on its own line when
    it does not fit on the last."""
    lead = Text(lead) if isinstance(lead, str) else lead
    body = Text(body) if isinstance(body, str) else body
    if not body.plain and not url:  # a lone text: wrapped like a body
        lead, body = Text(), lead
    start = cell_len(lead.plain)
    indent = start if indent is None else indent
    rest = max(width - indent, 20)
    lines = wrap(body, max(width - start, 10), rest) if body.plain else []
    if url:
        room = (width - start) if len(lines) <= 1 else rest
        if lines and cell_len(lines[-1].plain) + 1 + cell_len(url) <= room:
            lines[-1] = Text.assemble(lines[-1], " ", link(url))
        else:
            lines.append(link(url))
    out = lead.copy()
    for i, line in enumerate(lines):
        if i:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def show(console: Console, *parts: Any) -> None:
    """Texts laid out here (see `hang`): printed as they are, never re-wrapped nor cut; other
    renderables (Markdown, see `prose`) laid out by Rich."""
    for part in parts:
        if part is not None:
            console.print(part, soft_wrap=isinstance(part, Text))


def show_many(console: Console, lines: list[Text]) -> None:
    """Many laid-out lines at once; piped, as plain text, without Rich's rendering pass."""
    if not console.is_terminal:
        console.file.write("".join(line.plain + "\n" for line in lines))
        return
    console.print(Text("\n").join(lines), soft_wrap=True)
