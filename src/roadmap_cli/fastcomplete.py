"""Tab completion's fast route: a shell's request answered from the word list, without Typer.

A shell asks by running `roadmap` with `_ROADMAP_COMPLETE` set (Click's protocol: the words in
`COMP_WORDS` and `COMP_CWORD` for bash, in `_TYPER_COMPLETE_ARGS` for zsh and fish). Answered
by Typer, every key press pays for importing Typer, Pydantic and Rich; answered here (called by
`__main__` first), it pays for Python's start and one JSON read.

This route answers only what it answers exactly as the full route would (the tests run both
over a matrix and compare the bytes): a skill, phase, track or target value on a command line
made of known commands, options and values, with the words that `completion` computes for the
full route too. What it does of Typer's own is the protocol: reading the request, parsing the
line as Click does, and writing the reply in each shell's format. Anything else falls through
to Typer: an option name, an unknown or eager option (`--help`), `--`, a broken roadmap or
settings file, an unknown track, help texts that Rich would change or wrap (zsh and fish show
them).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from typing import Any

    from roadmap_cli.completion import Pair

SHELLS = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}
FISH_ACTIONS = ("get-args", "is-args")


def answer() -> int | None:
    """Answer the shell's completion request exactly as the full route would, and return the
    exit code; or return None, having written nothing, to leave the request to the full route.
    """
    try:
        found = _answer(os.environ)
    except Exception:  # whatever this route did not foresee, the full route answers
        return None
    if found is None:
        return None
    text, code = found
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()
    return code


def _answer(environ: Any) -> tuple[str, int] | None:
    shell = SHELLS.get(environ.get("_ROADMAP_COMPLETE", ""))
    if shell is None:
        return None
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "") if shell == "fish" else None
    if shell == "fish" and action not in FISH_ACTIONS:
        return None
    if not _utf8(sys.stdout):
        return None
    split = _words(shell, environ)
    if split is None:
        return None
    args, incomplete = split
    if incomplete.startswith("-") or incomplete == "=":
        return None  # option names: the full route's
    roadmap_file = _roadmap_word(args)
    if roadmap_file is None:
        if "ROADMAP_FILE" in environ and not environ["ROADMAP_FILE"]:
            return None
        roadmap_file = environ.get("ROADMAP_FILE") or None
    elif not roadmap_file:
        return None
    from roadmap_cli import completion

    wanted = completion.key(roadmap_file)
    words = completion.load(wanted) if wanted is not None else None
    if words is None:
        return None
    parsed = _parse(words["grammar"], args)
    if parsed is None:
        return None
    kind, root, command = parsed
    if "roadmap" in root and root["roadmap"] != roadmap_file:
        return None
    track_id = command.get("track") or root.get("track") or environ.get("ROADMAP_TRACK")
    if not track_id:
        track_id = words["default"]
    if track_id not in [t for t, _ in words["tracks"]]:
        return None  # none chosen that loads, or a name to fold: the full route decides
    found = completion.offers(kind, words, track_id, incomplete)
    # Typer keeps only the values that start with the word as typed.
    found = [(value, text) for value, text in found if value.startswith(incomplete)]
    return _format(shell, action, found, environ)


def _utf8(stream: Any) -> bool:
    import codecs

    encoding = getattr(stream, "encoding", None)
    try:
        return bool(encoding) and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _words(shell: str, environ: Any) -> tuple[list[str], str] | None:
    """The complete words after `roadmap`, and the word being completed, as Typer finds them."""
    if shell == "bash":
        line, index = environ.get("COMP_WORDS"), environ.get("COMP_CWORD")
        if line is None or index is None or not (index.isascii() and index.isdigit()):
            return None
        cword = int(index)
        if cword < 1:
            return None
        words = _split(line)
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    args = _split(line)[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _split(line: str) -> list[str]:
    """Words as Click splits them: like `shlex.split`, keeping an unfinished last word."""
    import shlex

    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        out.extend(lex)
    except ValueError:
        out.append(lex.token)
    return out


def _roadmap_word(args: list[str]) -> str | None:
    """The value of the last `--roadmap` on the line (the app takes it anywhere)."""
    found = None
    for i, word in enumerate(args):
        if word == "--roadmap":
            found = args[i + 1] if i + 1 < len(args) else ""
        elif word.startswith("--roadmap="):
            found = word.partition("=")[2]
    return found


def _parse(
    grammar: dict[str, Any], args: list[str]
) -> tuple[str, dict[str, str], dict[str, str]] | None:
    """The completion kind of the next word and the values given at the root and in the
    command; None unless the words are all known options, their values and arguments."""
    level, command = grammar["root"], None
    values: dict[str, str] = {}
    root = values
    given = 0  # arguments given to the command
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("-"):
            name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
            spec = level["options"].get(name)
            if spec is None:
                return None  # unknown, eager, `--`, or short options run together
            param, takes_value, kind = spec
            if not takes_value:
                if equals:
                    return None
                values[param] = "1"
            elif equals:
                if not value:
                    return None
                values[param] = value
            elif i + 1 == len(args):  # the word being completed is this option's value
                return (kind, root, values) if kind else None
            else:
                value = args[i + 1]
                if not value or value.startswith("-"):
                    return None
                values[param] = value
                i += 1
        elif command is None:
            level = grammar["commands"].get(word)
            if level is None:
                return None
            command, values = word, {}
        else:
            if not word:
                return None
            arguments = level["arguments"]
            target = _argument(arguments, given)
            if target is None:
                return None
            values[target[0]] = word
            given += 1
        i += 1
    if command is None:
        return None  # a command name: the full route's
    target = _argument(level["arguments"], given)
    if target is None or target[2] is None:
        return None
    return target[2], root, values


def _argument(arguments: list[list[Any]], given: int) -> list[Any] | None:
    """The argument the next word fills, as Click assigns them: one word each, or all the rest
    to the one that takes many (only when it is the command's only argument)."""
    if any(nargs != 1 for _, nargs, _ in arguments):
        return arguments[0] if len(arguments) == 1 and arguments[0][1] == -1 else None
    return arguments[given] if given < len(arguments) else None


def _format(
    shell: str, action: str | None, found: list[Pair], environ: Any
) -> tuple[str, int] | None:
    """The reply Typer writes for this shell (its `format_completion` and `complete`)."""
    if shell == "bash":
        return "\n".join(value for value, _ in found) + "\n", 0
    if shell == "fish" and action == "is-args":
        return "", 0 if found else 1
    width = _rich_width(environ)
    if shell == "zsh":
        if not found:
            return "_files\n", 0
        items = []
        for value, text in found:
            if not text:
                items.append(f'"{_zsh_escape(value)}"')
                continue
            shown = _zsh_escape(text)
            if not _plain(shown, width):
                return None
            items.append(f'"{_zsh_escape(value)}":"{shown}"')
        return "_arguments '*: :((" + "\n".join(items) + "))'\n", 0
    lines = []
    for value, text in found:
        if text and not _plain(text, width):
            return None
        lines.append(f"{value}\t{text}" if text else value)
    return "\n".join(lines) + "\n", 0


def _zsh_escape(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def _plain(text: str, width: int | None) -> bool:
    """Whether Rich, which Typer passes help texts through, would print `text` unchanged: no
    markup or emoji code, no escape, nothing to trim, no wrapping at the console's width."""
    if width is None or not text.isprintable() or text != text.strip():
        return False
    if any(c in text for c in "[]:\\"):
        return False
    cells = len(text) if text.isascii() else 2 * len(text)  # a character is at most 2 wide
    return cells <= width


def _rich_width(environ: Any) -> int | None:
    """The width of the console Typer renders help texts with (None: not known here)."""
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None  # Rich's choice depends on more than the width
    given = environ.get("TERMINAL_WIDTH")
    if given:
        return int(given) if given.isdigit() else None
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return width or 80
