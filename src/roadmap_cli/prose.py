"""Markdown descriptions for the terminal: rendered by Rich there, plain readable text when
piped (no `**`, lists as lines, links as `text (url)`). Imported only where text is shown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

# What makes a text Markdown rather than plain words: emphasis, code, links, headings,
# quotes, lists. Plain text keeps the quick path (and its exact layout).
_MARKDOWN = re.compile(r"\*\*|__|`|\]\(|^\s{0,3}(?:#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s)|\*\S", re.M)


def is_markdown(text: str) -> bool:
    return _MARKDOWN.search(text) is not None


def plain(text: str) -> str:
    """Markdown as readable plain text (CommonMark, parsed by markdown-it)."""
    from markdown_it import MarkdownIt

    lines: list[str] = []
    lists: list[list[int | None]] = []  # per open list: its next number (None: bullets)
    marker = ""
    for token in MarkdownIt("commonmark").parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                lines.append("")
        elif kind == "list_item_open":
            number = lists[-1][0]
            marker = "- " if number is None else f"{number}. "
            if number is not None:
                lists[-1][0] = number + 1
        elif kind in ("inline", "fence", "code_block"):
            indent = "  " * max(len(lists) - 1, 0)
            if kind == "inline":
                body = _inline(token.children or [])
            else:
                body = "\n".join("    " + row for row in token.content.rstrip("\n").split("\n"))
            rows = body.split("\n")
            lead = indent + (marker or ("  " if lists else ""))
            lines.append(lead + rows[0])
            hang = " " * len(lead)
            lines.extend(hang + row for row in rows[1:])
            marker = ""
        elif kind in ("paragraph_close", "heading_close", "blockquote_close") and not lists:
            lines.append("")
        elif kind == "hr":
            lines.extend(["---", ""])
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def _inline(children: list) -> str:
    parts: list[str] = []
    href: str | None = None
    start = 0
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link_open":
            href, start = child.attrGet("href"), len(parts)
        elif kind == "link_close":
            label = "".join(parts[start:])
            if href and href != label:
                parts.append(f" ({href})")
            href = None
        elif kind == "image":
            parts.append(child.content or "")
    return "".join(parts)


def rendered(text: str) -> RenderableType:
    """The text for a terminal: Markdown rendered by Rich (code styled, a link's address
    printed after its words: a file's link never becomes a terminal hyperlink)."""
    from rich.markdown import Markdown

    return Markdown(text, hyperlinks=False)
