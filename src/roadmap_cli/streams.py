"""Output streams as the program finds them: narrow encodings and readers that stop early.

A stream that cannot encode our marks and bars (`PYTHONIOENCODING=cp1252`, a C locale) gets
their ASCII forms, one character for one so columns stay aligned, and any other character it
cannot encode (a name in another script) as `?`: output never ends in a UnicodeEncodeError.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

# Every non-ASCII character our own output uses, and the ASCII character that stands for it.
ASCII_FORMS = {
    "✓": "x",  # done
    "»": ">",  # skipped
    "▸": "*",  # in progress
    "·": ".",  # to do; also a separator
    "█": "#",  # bar: done
    "▓": "=",  # bar: skipped
    "░": "-",  # bar: left
    "→": ">",
    "•": "-",  # a list item
    "…": "~",  # text cut short
}
_TABLE = str.maketrans(ASCII_FORMS)
_OURS = "".join(ASCII_FORMS)


class AsciiStream:
    """A text stream that writes our marks in their ASCII forms (see `ASCII_FORMS`)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text.translate(_TABLE))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self._stream, name)


def encodes_ours(stream: object) -> bool:
    """Whether `stream` can encode every mark and bar character we write."""
    if isinstance(stream, AsciiStream):
        return False
    encoding = getattr(stream, "encoding", None)
    if not encoding:  # a StringIO, say: it holds any text
        return True
    try:
        _OURS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fit() -> None:
    """Make stdout and stderr safe for whatever we write (call once, at the entry point)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or encodes_ours(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        setattr(sys, name, AsciiStream(stream))


def silence_stdout() -> None:
    """The reader of stdout is gone (`roadmap list | head -1`): drop what is still buffered.

    Python flushes stdout once more at exit; pointing the descriptor at the null device lets
    that flush succeed instead of printing a second BrokenPipeError.
    """
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ else -1
    except (OSError, ValueError):
        return
    if fd < 0:
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)
