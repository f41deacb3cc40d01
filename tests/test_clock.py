"""One clock, injected: a run given its own `Settings.clock` records and reports that time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from cli_helpers import ok, runner
from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.session import Settings


def at(moment: datetime):
    def invoke(*args: str):
        settings = Settings(clock=Clock(now=lambda: moment))
        return runner().invoke(app, list(args), prog_name="roadmap", obj=settings)

    return invoke


def test_changes_are_recorded_at_the_clocks_time() -> None:
    then = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    ok(at(then)("done", "python"))
    shown = json.loads(ok(at(then)("show", "python", "--json")))
    assert shown["finished"] == then.isoformat()


def test_streaks_and_pace_count_from_the_clocks_day() -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    for day, skill in enumerate(["python", "numpy", "pandas", "matplotlib"]):
        ok(at(start + timedelta(days=day))("done", skill))
    later = start + timedelta(days=3)
    status = json.loads(ok(at(later)("status", "--json")))
    assert status["streak"] == {"current": 4, "longest": 4}
    assert status["pace"]["projected_finish"] is None  # 4 days of history: not yet 7
    far = json.loads(ok(at(start + timedelta(days=20))("status", "--json")))
    assert far["streak"]["current"] == 0
    assert far["pace"]["completed"] == 4
