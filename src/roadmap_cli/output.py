"""Where results go: `emit` draws one for people (`styled.Screen`) or as JSON, on stdout."""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from roadmap_cli.styled import Screen


def emit(result: object, json: bool = False) -> None:
    """Write `result` as its `--json` document or as the human view of it."""
    if json:
        sys.stdout.write(json_text(result, sys.stdout))
        return
    from roadmap_cli.render import draw

    draw(screen(), result)


def json_text(result: object, stream: object) -> str:
    """`result`'s `--json` document, as written on `stream` (the fast route's way too)."""
    from roadmap_cli.jsonview import document, dumps
    from roadmap_cli.streams import encodes_ours

    # A stream that cannot encode every character gets JSON's own escapes, never a '?'.
    return dumps(document(result), ascii_only=not encodes_ours(stream))


def screen() -> Screen:
    """Results on stdout, written without Rich (see `styled`): the fast route's way too. What
    only Rich draws (a table, Markdown) goes to `console`."""
    from roadmap_cli.styled import Screen

    return Screen(sys.stdout, rich=console)


def console(file: Any = None) -> Console:
    """Results on stdout (or `file`). With NO_COLOR set, no escape codes at all (not even
    bold)."""
    import os

    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    out = Console(file=file, highlight=False, color_system=None if plain else "auto")
    out.on_broken_pipe = _reader_gone  # type: ignore[method-assign] - Rich's would exit 1
    return out


def _reader_gone() -> None:
    raise BrokenPipeError  # handled once, by the error boundary (`cli`)
