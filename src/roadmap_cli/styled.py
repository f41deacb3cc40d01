"""Styled text without Rich: `Text` (plain text and style spans) and `Screen`, which writes it.

Every human view builds `Text` (see `layout`, `draw`) and is written by `Screen`, on both
routes (the fast route, `fastroute`, imports no Rich): the same bytes Rich writes for the
styles we use (attributes, the named colours, links) and the same choice of colour and width
(NO_COLOR, FORCE_COLOR, TTY_COMPATIBLE, TERM=dumb, isatty, COLUMNS, the terminal's size).
Links get a deterministic id (Rich's is random). What only Rich draws (the tracks' table,
Markdown on a terminal) `Screen` hands to a Rich console, which prints our `Text` as its own
(`__rich__`); so a command imports Rich only when its view needs it.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from itertools import pairwise

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any

Span = namedtuple("Span", "start end style")  # as Rich's

# Characters Rich drops from any text it is given (bell, backspace, vertical tab, form feed, CR).
_STRIP = dict.fromkeys((7, 8, 11, 12, 13))
# One column each, as Rich counts them: Latin and our marks (see `streams.ASCII_FORMS`).
_MARKS = frozenset("✓»▸·█▓░→•…")


def _clean(text: str) -> str:
    return text if text.isprintable() else text.translate(_STRIP)


def _latin(text: str) -> bool:
    """Whether Rich's table is not needed for `text`: Latin characters and our marks."""
    return text.isascii() or all(c < "\u0300" or c in _MARKS for c in text)


def _zero(c: str) -> bool:
    return c < " " or "\x7f" <= c < "\xa0"  # control characters take no column


def cell_len(text: str) -> int:
    """Columns `text` takes on a terminal, as Rich counts them."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _latin(text):
        return sum(0 if _zero(c) else 1 for c in text)
    from rich.cells import cell_len as wide  # CJK, emoji, combining marks: Rich's table

    return wide(text)


def set_cell_size(text: str, size: int) -> str:
    """`text` cut (or padded) to `size` columns."""
    if _latin(text) and not any(_zero(c) for c in text):
        return text[:size].ljust(size)
    from rich.cells import set_cell_size as wide

    return wide(text, size)


class Text:
    """Plain text with style spans: the subset of `rich.text.Text` our views use."""

    __slots__ = ("_parts", "_plain", "spans", "style")

    def __init__(self, text: str = "", style: str = "", spans: list[Span] | None = None) -> None:
        self._plain = _clean(text)
        self._parts: list[str] | None = None
        self.style = style
        self.spans: list[Span] = spans if spans is not None else []

    @property
    def plain(self) -> str:
        if self._parts is not None:
            self._plain += "".join(self._parts)
            self._parts = None
        return self._plain

    def __len__(self) -> int:
        return len(self.plain)

    def __add__(self, other: str | Text) -> Text:
        return self.copy().append(other)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"<text {self.plain!r} {self.spans!r}>"

    @property
    def cell_len(self) -> int:
        return cell_len(self.plain)

    @classmethod
    def assemble(cls, *parts: str | Text | tuple[str, str]) -> Text:
        out = cls()
        for part in parts:
            if isinstance(part, tuple):
                out.append(*part)
            else:
                out.append(part)
        return out

    def append(self, text: str | Text, style: str = "") -> Text:
        if isinstance(text, Text):
            return self.append_text(text)
        text = _clean(text)
        if text:
            at = len(self)
            self._add(text)
            if style:
                self.spans.append(Span(at, at + len(text), style))
        return self

    def append_text(self, text: Text) -> Text:
        at = len(self)
        plain = text.plain
        if text.style:
            self.spans.append(Span(at, at + len(plain), text.style))
        self._add(plain)
        self.spans.extend(Span(at + start, at + end, style) for start, end, style in text.spans)
        return self

    def _add(self, text: str) -> None:
        if self._parts is None:
            self._parts = [text]
        else:
            self._parts.append(text)

    def rstrip(self) -> None:
        plain = self.plain.rstrip()
        if len(plain) < len(self._plain):
            self._plain = plain
            end = len(plain)
            self.spans = [Span(a, min(b, end), style) for a, b, style in self.spans if a < end]

    def copy(self) -> Text:
        return Text(self.plain, self.style, list(self.spans))

    def join(self, lines: Iterable[Text]) -> Text:
        out = Text()
        for i, line in enumerate(lines):
            if i and self.plain:
                out.append_text(self)
            out.append_text(line)
        return out

    def __getitem__(self, where: slice) -> Text:
        start, stop, _ = where.indices(len(self))
        return self._piece(start, stop)

    def _piece(self, start: int, stop: int) -> Text:
        spans = [
            Span(max(a, start) - start, min(b, stop) - start, style)
            for a, b, style in self.spans
            if a < stop and b > start
        ]
        return Text(self.plain[start:stop], self.style, spans)

    def split(self, separator: str = "\n", allow_blank: bool = False) -> list[Text]:
        plain = self.plain
        if separator not in plain:
            return [self.copy()]
        lines, start = [], 0
        for match in re.finditer(re.escape(separator), plain):
            lines.append(self._piece(start, match.start()))
            start = match.end()
        lines.append(self._piece(start, len(plain)))
        if not allow_blank and plain.endswith(separator):
            lines.pop()
        return lines

    def highlight_regex(self, pattern: str | re.Pattern[str], style: str) -> int:
        count = 0
        for match in re.finditer(pattern, self.plain):
            start, end = match.span()
            if end > start:
                self.spans.append(Span(start, end, style))
            count += 1
        return count

    def __rich__(self) -> Any:
        """The same text as Rich's `Text`, for a Rich console."""
        from rich.text import Span as RichSpan
        from rich.text import Text as RichText

        spans = [RichSpan(*span) for span in self.spans]
        return RichText(self.plain, style=self.style, spans=spans)


# --- Writing: as a Rich console would, for the styles we use --------------------------------

_SGR = {
    "bold": 1,
    "dim": 2,
    "italic": 3,
    "underline": 4,
    "blink": 5,
    "reverse": 7,
    "strike": 9,
}
_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_COLOURS = {name: 30 + i for i, name in enumerate(_NAMES)}
_COLOURS.update({f"bright_{name}": 90 + i for i, name in enumerate(_NAMES)})


class UnknownStyle(Exception):
    """A style word `Screen` does not write: the view must go to Rich (see `Screen.print`)."""


def _style(style: str) -> tuple[int, int | None, str | None]:
    """A style as (attribute bits, colour code, link)."""
    bits, colour, link = 0, None, None
    words = style.split()
    i = 0
    while i < len(words):
        word = words[i]
        if word == "link" and i + 1 < len(words):
            link = words[i + 1]
            i += 2
            continue
        if word in _SGR:
            bits |= 1 << _SGR[word]
        elif word in _COLOURS:
            colour = _COLOURS[word]
        else:
            raise UnknownStyle(word)
        i += 1
    return bits, colour, link


def _link_id(url: str) -> str:
    import zlib

    return str(zlib.crc32(url.encode()))


def _codes(bits: int, colour: int | None) -> str:
    codes = [str(n) for n in sorted(_SGR.values()) if bits & (1 << n)]
    if colour is not None:
        codes.append(str(colour))
    return ";".join(codes)


def render(text: Text, colour: bool) -> str:
    """`text` as Rich prints it unwrapped (`soft_wrap`): a line at each line break, and the
    escape codes of its styles when `colour`."""
    if not colour:
        return text.plain + "\n"
    lines = text.split("\n", allow_blank=True)
    out = []
    for line in lines:
        out.append(_line(line))
    return "\n".join(out) + "\n"


def _line(line: Text) -> str:
    plain = line.plain
    spans = ([(0, len(plain), line.style)] if line.style else []) + line.spans
    if not spans:
        return plain
    marks = [(0, False, -1)]
    marks += [(start, False, i) for i, (start, _, _) in enumerate(spans)]
    marks += [(end, True, i) for i, (_, end, _) in enumerate(spans)]
    marks.append((len(plain), True, -1))
    marks.sort(key=lambda m: (m[0], m[1]))
    parsed = [_style(style) for _, _, style in spans]
    stack: list[int] = []
    out = []
    for (offset, leaving, index), (following, _, _) in pairwise(marks):
        if index >= 0:
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
        if following <= offset:
            continue
        piece = plain[offset:following]
        bits, hue, link = 0, None, None
        for i in sorted(stack):
            more, their_hue, their_link = parsed[i]
            bits |= more
            hue = their_hue if their_hue is not None else hue
            link = their_link or link
        codes = _codes(bits, hue)
        if codes:
            piece = f"\x1b[{codes}m{piece}\x1b[0m"
        if link:
            piece = f"\x1b]8;id={_link_id(link)};{link}\x1b\\{piece}\x1b]8;;\x1b\\"
        out.append(piece)
    return "".join(out)


def is_terminal(stream: Any, environ: Mapping[str, str]) -> bool:
    """Whether `stream` takes escape codes, as Rich decides it."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if environ.get("FORCE_COLOR") is not None:
        return environ["FORCE_COLOR"] != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:
        return False


def _number(environ: Mapping[str, str], name: str) -> int | None:
    value = environ.get(name)
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def screen_width(terminal: bool, environ: Mapping[str, str]) -> int:
    """The width Rich gives a console: COLUMNS (with LINES, whatever else), 80 on a dumb
    terminal, else COLUMNS, else the size of the first of stdin, stdout, stderr that is a
    terminal, else 80."""
    columns = _number(environ, "COLUMNS")
    if columns is not None and _number(environ, "LINES") is not None:
        return columns
    if terminal and environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    if columns is not None:
        return columns
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd)[0] or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80


class Screen:
    """stdout for the views drawn without Rich: what `render` needs of a console.

    With NO_COLOR set, no escape codes at all (not even bold), as `output.console`.
    """

    def __init__(
        self,
        stream: Any,
        environ: Mapping[str, str] | None = None,
        rich: Callable[[Any], Any] | None = None,
    ) -> None:
        environ = os.environ if environ is None else environ
        self.file = stream
        self.is_terminal = is_terminal(stream, environ)
        self.width = screen_width(self.is_terminal, environ)
        dumb = environ.get("TERM", "").lower() in ("dumb", "unknown")
        plain = bool(environ.get("NO_COLOR")) or not self.is_terminal or dumb
        self.color_system = None if plain else "standard"
        # What prints anything but `Text` (Markdown, say): a Rich console on `stream`. The
        # fast route has none: it never imports Rich, and leaves such views to the full route.
        self.rich = rich

    def print(self, part: Any, soft_wrap: bool = False) -> None:
        if isinstance(part, Text):
            try:
                self.file.write(render(part, self.color_system is not None))
                return
            except UnknownStyle:
                if self.rich is None:
                    raise
        elif self.rich is None:
            raise UnknownStyle(type(part).__name__)
        self.rich(self.file).print(part, soft_wrap=soft_wrap)
