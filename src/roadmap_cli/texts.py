"""The rules for text and links from files: what a terminal shows as text, what a link is;
and how a count is said (`counted`).

`catalog` applies them to every scalar of a roadmap file (with the line), the models to
every roadmap and progress built any other way, and the CLI to what it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError


# What may not appear in any text of a roadmap: C0 controls but tab and line feed, DEL, C1
# controls, bidi marks, embeddings, overrides and isolates, line and paragraph separators,
# the BOM and other invisible format characters. (The zero-width joiners U+200C and U+200D
# are kept: emoji and several scripts need them.) `catalog` checks every scalar against it.
CONTROLS = (
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u180e\\u200b\\u200e\\u200f\\u2028-\\u202e"
    "\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff]"
)


def inert(text: str, breaks: bool) -> str:
    """`text` if a terminal shows it as text: no controls, no bidi overrides (see `catalog`).

    `catalog` refuses these characters in any scalar of a roadmap file, with the line; this
    is the same rule for a roadmap built any other way. Tabs and line feeds are allowed only
    in text meant to span lines (`breaks`).
    """
    if text.isprintable():  # the usual case, at C speed
        return text
    import re

    found = re.search(CONTROLS if breaks else CONTROLS[:-1] + "\t\n]", text)
    if found is not None:
        char = found.group()
        what = "a line break or tab" if char in "\t\n" else f"control character U+{ord(char):04X}"
        raise invalid(f"{what} in the text", ())
    return text


def one_line(text: str) -> str:
    # `inert`'s usual case first, here: once per name of a roadmap (50,000 in a large one).
    return text if text.isprintable() else inert(text, breaks=False)


def multi_line(text: str) -> str:
    return text if text.isprintable() else inert(text, breaks=True)


def link_or_address(url: str) -> str:
    if not url.startswith(("https://", "http://", "mailto:")) or len(url.split()) != 1:
        raise invalid("a link must start with https://, http:// or mailto: and hold no spaces", ())
    if url in ("https://", "http://", "mailto:"):
        raise invalid("a link needs more than its scheme", ())
    return inert(url, breaks=False)


def invalid(
    message: str, at: tuple[str | int, ...], more: list[tuple[str, tuple[str | int, ...]]] = ()
) -> PydanticCustomError:
    """A cross-field error that also says where, below the model, the offending item is.

    Pydantic locates a model validator's error at the model itself; `catalog` appends `at` to
    find the line and the dotted key of the item. `more` holds further (message, at) problems
    the same check found, so that `validate` reports them all.
    """
    from pydantic_core import PydanticCustomError

    text = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError("roadmap", text, {"at": at, "more": list(more)})


# The one rule for a link, whatever it comes from (the command line, an imported or hand-made
# file): a web address, nothing a browser or a Markdown reader would run or open locally
# (`javascript:`, `file:`, `data:`), no blanks or control characters.
LINK_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"


def is_link(url: str) -> bool:
    """Whether `url` may be attached as a link (the rule `Link.url` applies)."""
    import re

    return len(url) <= 2000 and re.fullmatch(LINK_PATTERN, url) is not None


def counted(number: int, noun: str) -> str:
    """A count and its noun, as the views say it: "1 skill", "2 skills", "0 changes"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
