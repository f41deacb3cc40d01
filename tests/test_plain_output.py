"""Plain output: no escape codes when piped or with NO_COLOR, within 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from cli_helpers import ok
from shell_helpers import cli, in_terminal


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "-t", "genai-engineer"),
        ("status",),
        ("show", "pandas"),
        ("show", "2"),
        ("show", "genai-engineer"),
        ("next",),
        ("history",),
        ("search", "learn"),
        ("tracks",),
    ],
)
def test_piped_output_has_no_escape_codes(run, args: tuple[str, ...]) -> None:
    ok(run("done", "pandas", "--note", "notebook", "--link", "https://example.com/nb"))
    ok(run("start", "sql"))
    ok(run("skip", "git"))
    out = ok(run(*args))
    assert out.strip()
    assert "\x1b" not in out


@pytest.mark.parametrize("no_color", ["1", None])
def test_a_real_pipe_gets_plain_list_within_80_columns(run, no_color: str | None) -> None:
    ok(run("done", "pandas"))
    ok(run("start", "sql"))
    done = cli("list", NO_COLOR=no_color, FORCE_COLOR=None, COLUMNS="80")
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    assert done.stdout.splitlines()[0] == "AI/ML and GenAI Roadmap"
    assert max(cell_len(line) for line in done.stdout.splitlines()) <= 80


@pytest.mark.parametrize("args", [("list",), ("list", "-t", "genai-engineer"), ("status",)])
def test_tables_fit_80_columns(run, args: tuple[str, ...]) -> None:
    ok(run("start", "python"))
    ok(run("start", "python-basics", "-t", "genai-engineer"))
    ok(run("skip", "git"))
    out = ok(run(*args))
    widest = max(out.splitlines(), key=cell_len)
    assert cell_len(widest) <= 80, widest


def test_custom_roadmap_list_fits_80_columns(run, small_roadmap: Path) -> None:
    out = ok(run("--roadmap", str(small_roadmap), "list"))
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_a_terminal_without_no_color_gets_colour(run) -> None:
    # Checks the pseudo-terminal harness of the next test: a terminal does get escape codes.
    ok(run("done", "pandas"))
    out = in_terminal("list", "--phase", "1", NO_COLOR=None, FORCE_COLOR=None)
    assert "\x1b[32m" in out  # green bar
    assert "Core Programming" in out


@pytest.mark.parametrize("args", [("list", "--phase", "1"), ("status",), ("next", "-n", "1")])
def test_a_terminal_with_no_color_gets_no_escape_codes(run, args: tuple[str, ...]) -> None:
    ok(run("done", "pandas"))
    out = in_terminal(*args, NO_COLOR="1", FORCE_COLOR=None)
    assert out.strip()
    assert "\x1b" not in out
