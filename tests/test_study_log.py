"""`roadmap log`: dated study sessions, kept in the record and in the history."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cli_helpers import error_line, lines, ok
from clock_helpers import NOON, ClockedRun
from shell_helpers import doc, progress_doc


@pytest.mark.parametrize(
    ("given", "minutes"),
    [("45m", 45), ("1h30", 90), ("1h30m", 90), ("2h", 120), ("90", 90), ("1H05M", 65)],
)
def test_durations_in_every_form(run, given: str, minutes: int) -> None:
    ok(run("log", "sql", given))
    shown = doc(run("show", "sql", "--json"))
    assert [s["minutes"] for s in shown["log"]] == [minutes]
    assert shown["minutes"] == minutes


@pytest.mark.parametrize("given", ["abc", "1h75", "0", "0m", "25h", "1.5h", "h", "1d"])
def test_a_bad_duration_is_one_line_and_changes_nothing(run, progress_file: Path, given) -> None:
    ok(run("done", "python"))
    before = progress_file.read_bytes()
    message = error_line(run("log", "sql", given), code=2)
    assert message.startswith(f"'{given}'")
    assert "duration" in message or "from 1 minute to 24 hours" in message
    assert progress_file.read_bytes() == before


def test_logging_a_skill_still_to_do_starts_it_and_says_so(run, progress_file: Path) -> None:
    out = ok(run("log", "sql", "45m", "--note", "joins"))
    assert lines(out)[0] == "▸ SQL: todo → in-progress (study logged: now in progress)"
    record = progress_doc(progress_file)["roadmaps"]["bundled"]["sql"]
    assert record["status"] == "in-progress"
    assert [(s["minutes"], s["note"]) for s in record["log"]] == [(45, "joins")]
    event = progress_doc(progress_file)["events"][-1]
    assert (event["action"], event["minutes"], event["text"]) == ("log", 45, "joins")


def test_logging_a_done_skill_keeps_it_done(run) -> None:
    ok(run("done", "sql"))
    out = ok(run("log", "sql", "30m"))
    assert lines(out)[0] == "✓ SQL: done (study logged)"


def test_a_session_without_a_length_is_still_a_session(run) -> None:
    ok(run("log", "sql"))
    shown = doc(run("show", "sql", "--json"))
    assert [s["minutes"] for s in shown["log"]] == [None]


def test_show_says_the_time_logged_and_the_notes() -> None:
    run = ClockedRun()
    ok(run("log", "sql", "45m", "--on", "2026-06-10"))
    run.now = NOON + timedelta(days=1)
    ok(run("log", "sql", "1h30"))
    ok(run("note", "sql", "window functions"))
    shown = lines(ok(run("show", "sql")))
    assert "Studied: 2h15m in 2 sessions (latest 2026-06-16)" in shown
    assert "Notes:" in shown
    assert "1. 2026-06-16 window functions" in shown


def test_log_on_a_day_dates_the_session_and_the_start() -> None:
    run = ClockedRun()
    ok(run("log", "sql", "1h", "--on", "yesterday"))
    shown = doc(run("show", "sql", "--json"))
    assert shown["log"][0]["on"].startswith("2026-06-14")
    assert shown["started"].startswith("2026-06-14")


def test_undo_takes_the_session_back(run) -> None:
    ok(run("log", "sql", "45m"))
    ok(run("undo"))
    shown = doc(run("show", "sql", "--json"))
    assert (shown["status"], shown["log"]) == ("todo", [])
