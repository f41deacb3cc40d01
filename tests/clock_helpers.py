"""Runs of the CLI at a time the test chooses, through the injected clock (`Settings.clock`)."""

from __future__ import annotations

from datetime import datetime, timezone

import cli_helpers
from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.session import Settings

NOON = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)  # a Monday


class ClockedRun:
    """`run(*args)` as the `run` fixture, at `self.now` (set it between runs)."""

    def __init__(self, now: datetime = NOON) -> None:
        self.now = now
        self.runner = cli_helpers.runner()

    def __call__(self, *args: str, input: str | None = None):
        settings = Settings(clock=Clock(lambda: self.now))
        return self.runner.invoke(app, list(args), input=input, obj=settings, prog_name="roadmap")
