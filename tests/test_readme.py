"""The README stays true: its Quick start is what CI runs, its command table is the CLI's."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert commands[0].endswith("roadmap next")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_command_table_matches_the_cli() -> None:
    documented = set(re.findall(r"^\| `roadmap ([a-z]+)", README, re.M))
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert documented == registered


def test_custom_roadmap_example_is_valid(tmp_path: Path, run) -> None:
    section = README.split("## Your own roadmap", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "mine.yaml"
    path.write_text(example, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert "ok: roadmap 'my-mlops', 1 track, 2 phases, 4 skills" in result.stdout
