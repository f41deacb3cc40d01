"""`--help` reads like a well-kept CLI's on every Typer we support: no type names, `SKILL...`."""

from __future__ import annotations

import re

import pytest
import typer

from cli_helpers import ok
from roadmap_cli.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TYPE_NAMES = re.compile(r"<(bool|str|int|path|file|list\[[^]]*\])>|list\[str\]|\{[A-Z]+\}")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_no_types(run, command: str) -> None:
    shown = ok(run(command, "--help"))
    assert shown.startswith(f"Usage: roadmap {command} [OPTIONS]")
    assert not TYPE_NAMES.search(shown), shown
    for flag in ("--help", "--json", "--dry-run", "--clear", "--all"):
        for line in shown.splitlines():
            if re.match(rf"\s+(-\w, )?{flag}\b", line):
                assert re.match(rf"\s+(-\w, )?{flag}\s{{2,}}[A-Z]", line), line


def test_lists_of_skills_read_as_skill_dots(run) -> None:
    shown = ok(run("done", "--help"))
    assert shown.splitlines()[0] == "Usage: roadmap done [OPTIONS] [SKILL...]"  # or --phase
    assert re.search(r"^\s+SKILL\.\.\.\s+Skills by id", shown, re.M)


def test_optional_arguments_in_brackets(run) -> None:
    assert ok(run("note", "--help")).splitlines()[0] == "Usage: roadmap note [OPTIONS] SKILL [TEXT]"


def test_the_root_help_lists_the_commands(run) -> None:
    shown = ok(run("--help"))
    assert not TYPE_NAMES.search(shown)
    assert re.search(r"^\s+done\s+Mark skills as done", shown, re.M)
