"""`--on DATE`: changes dated by the learner; history in the order things happened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cli_helpers import error_line, lines, ok, squash
from clock_helpers import NOON, ClockedRun
from shell_helpers import doc, progress_doc

FORMS = "give YYYY-MM-DD, today, yesterday, or 3d for 3 days ago"


@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2026-06-01", "2026-06-01"),
        ("today", "2026-06-15"),
        ("yesterday", "2026-06-14"),
        ("3d", "2026-06-12"),
        (" Yesterday ", "2026-06-14"),
    ],
)
def test_done_on_a_day_sets_finished_and_the_events_on(given: str, day: str) -> None:
    run = ClockedRun()
    ok(run("done", "sql", "--on", given))
    shown = doc(run("show", "sql", "--json"))
    assert shown["finished"][:10] == shown["started"][:10] == day
    event = doc(run("history", "--json"))["events"][-1]
    assert event["on"][:10] == day
    assert event["at"] == "2026-06-15T12:00:00+00:00"  # when it was recorded


@pytest.mark.parametrize("command", ["start", "skip", "note", "log"])
def test_every_dated_command_takes_on(command: str, progress_file: Path) -> None:
    run = ClockedRun()
    extra = {"note": ["a note"], "log": ["30m"]}.get(command, [])
    ok(run(command, "sql", *extra, "--on", "2d"))
    event = progress_doc(progress_file)["events"][-1]
    assert event["on"].startswith("2026-06-13")


def test_start_on_a_day_sets_started(run) -> None:
    run = ClockedRun()
    ok(run("start", "sql", "--on", "2026-05-30"))
    assert doc(run("show", "sql", "--json"))["started"].startswith("2026-05-30")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "tomorrow",
            "--on 'tomorrow' is not a day: " + FORMS,
        ),
        ("2026-06-16", "--on '2026-06-16' is in the future (today is 2026-06-15)"),
        ("2026-02-30", "--on '2026-02-30' is not a day of the calendar"),
        ("1960-01-01", "--on '1960-01-01' is too long ago (the earliest is 1970-01-02)"),
        ("1970-01-01", "--on '1970-01-01' is too long ago (the earliest is 1970-01-02)"),
        ("20619d", "--on '20619d' is too long ago (the earliest is 1970-01-02)"),
        (
            "99999999d",
            "--on '99999999d' is not a day: " + FORMS,
        ),
        (
            "06/01/2026",
            "--on '06/01/2026' is not a day: " + FORMS,
        ),
    ],
)
def test_the_future_and_nonsense_are_refused(given: str, message: str, progress_file) -> None:
    run = ClockedRun()
    ok(run("done", "python"))
    before = progress_file.read_bytes()
    assert error_line(run("done", "sql", "--on", given), code=2) == message
    assert progress_file.read_bytes() == before


def test_history_orders_by_the_day_things_happened_and_shows_it() -> None:
    run = ClockedRun()
    ok(run("done", "python"))
    run.now = NOON + timedelta(hours=1)
    ok(run("done", "sql", "--on", "2026-06-10"))
    ok(run("log", "numpy", "45m", "--on", "2026-06-12"))
    rows = [squash(line) for line in ok(run("history")).splitlines()]
    assert [row.split()[0] for row in rows] == ["2026-06-10", "2026-06-12", "2026-06-15"]
    assert rows[0] == "2026-06-10 done ✓ SQL: todo → done"
    assert rows[1] == "2026-06-12 log ▸ NumPy: todo → in-progress"
    assert rows[2].startswith("2026-06-15 ") and rows[2].endswith("done ✓ Python: todo → done")
    events = doc(run("history", "--json"))["events"]
    assert [e["skill"] for e in events] == ["sql", "numpy", "python"]


def test_json_history_has_id_on_minutes_and_text(run) -> None:
    ok(run("log", "sql", "45m", "--note", "joins"))
    (event,) = doc(run("history", "--json"))["events"]
    assert {"id", "on", "minutes", "text"} <= set(event)
    assert (event["minutes"], event["text"], event["on"]) == (45, "joins", None)
    assert len(event["id"]) == 36


def test_done_on_a_day_without_a_note_still_dates_a_note_given(run) -> None:
    run = ClockedRun()
    ok(run("done", "sql", "--on", "yesterday", "--note", "finished the course"))
    assert lines(ok(run("note", "sql"))) == ["Notes on SQL:", "1. 2026-06-14 finished the course"]
