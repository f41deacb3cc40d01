"""Shared fixtures: every test gets its own data folder through ROADMAP_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import Result

import cli_helpers
from roadmap_cli.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def roadmap_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    for name in ("ROADMAP_TRACK", "ROADMAP_FILE", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("ROADMAP_LOCK_TIMEOUT", "2")
    return home


@pytest.fixture
def progress_file(roadmap_home: Path) -> Path:
    return roadmap_home / "progress.json"


@pytest.fixture
def run():
    """Run the CLI in-process; stdout and stderr are kept apart on the result."""
    runner = cli_helpers.runner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, prog_name="roadmap")

    return invoke


@pytest.fixture
def small_roadmap_text() -> str:
    return (DATA / "small.yaml").read_text(encoding="utf-8")
