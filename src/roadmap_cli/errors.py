"""The errors the core raises. `cli.py` turns each into one line on stderr and its exit code."""

from __future__ import annotations

_MAX_SHOWN = 60
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}


class RoadmapError(Exception):
    """An expected failure: shown to the user as one line, never as a traceback.

    The message is made printable here, once, so that whatever it quotes (a key from a file,
    a library's multi-line reason) it is one inert line wherever it is shown.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))
        # Every line to print, one error each; most errors have one (see `validate`).
        self.lines: list[str] = [str(self)]


class UsageError(RoadmapError):
    """The command line asks for something that cannot be done (exit 2, like Typer's own)."""

    exit_code = 2


class NotFoundError(RoadmapError):
    """A skill, phase or track that the roadmap does not have."""


class AmbiguousError(RoadmapError):
    """A name or prefix that matches several items."""


class DataError(RoadmapError):
    """A roadmap or progress file that cannot be read or does not validate."""


class StoreError(RoadmapError):
    """The progress file could not be written or locked; nothing was changed."""


def printable(text: str, keep: str = "") -> str:
    """`text` with control characters escaped (but those in `keep`), so it stays inert.

    With nothing kept a message also stays one line. Covers C0/C1 controls, format
    characters such as bidi overrides, line and paragraph separators and lone surrogates.
    """
    if text.isprintable():  # none of those characters: the usual case, checked at C speed
        return text
    import unicodedata

    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _HIDDEN and ch not in keep
        else ch
        for ch in text
    )


def shown(text: str, limit: int = _MAX_SHOWN) -> str:
    """Quote user input for an error message: control characters escaped, long text cut.

    Messages must stay on one line and never let a hostile argument drive the terminal.
    """
    if len(text) > limit:
        return f"'{printable(text[: limit - 1])}…'"
    return f"'{printable(text)}'"
