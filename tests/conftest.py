"""Shared fixtures: every test gets its own data folder through ROADMAP_HOME."""

from __future__ import annotations

import os
import time as clock
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import Result

import cli_helpers
from roadmap_cli.cli import app

# No per-example deadline: a loaded 2-core machine (CI, the benchmark, other work) makes any
# timing flaky, and speed is measured by benchmarks/bench.py, not by tests.
settings.register_profile("roadmap", deadline=None)
settings.load_profile("roadmap")

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


@pytest.fixture
def small_roadmap(tmp_path: Path, small_roadmap_text: str) -> Path:
    path = tmp_path / "roadmaps" / "small.yaml"
    path.parent.mkdir()
    path.write_text(small_roadmap_text, encoding="utf-8")
    return path


@pytest.fixture
def utc_plus_ten():
    """The local time zone is UTC+10 for the test (POSIX TZ string: no tz database needed)."""
    if not hasattr(clock, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "XYZ-10"
    clock.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        clock.tzset()


@pytest.fixture
def rm(run):
    """`run` on the roadmap that uses every key of the format (tests/data/format.yaml)."""
    path = str(DATA / "format.yaml")

    def invoke(*args: str):
        return run("--roadmap", path, *args)

    return invoke
