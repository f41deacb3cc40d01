"""History and pace: the timeline, local days, and the projected finish."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cli_helpers import lines, ok, squash
from roadmap_cli import catalog
from shell_helpers import (
    REQUIRED_AIML,
    STAMP,
    doc,
    history_rows,
    local_noon,
    today,
    write_progress,
)


def test_history_lists_changes_oldest_first(run) -> None:
    ok(run("done", "python"))
    ok(run("start", "sql"))
    ok(run("skip", "git"))
    ok(run("note", "sql", "joins"))
    ok(run("note", "sql", "--link", "https://example.org/sql"))
    assert history_rows(ok(run("history"))) == [
        "done ✓ Python: todo → done",
        "start ▸ SQL: todo → in-progress",
        "skip » Git: todo → skipped",
        "note SQL: note added",  # as `status` says it
        "note SQL: note or links changed",
    ]


def test_an_undo_that_keeps_the_status_says_what_it_did(run) -> None:
    """An undo of a rating leaves the status as it was: the history says the change was
    undone (it said "note or links changed", which no note did)."""
    ok(run("done", "python"))
    ok(run("review", "python", "--rating", "good"))
    ok(run("undo"))
    assert history_rows(ok(run("history")))[-1] == "undo Python: change undone, still done"


def test_history_limit_keeps_the_latest(run) -> None:
    for skill in ("python", "numpy", "pandas", "matplotlib"):
        ok(run("done", skill))
    *rows, tally = ok(run("history", "--limit", "2")).splitlines()
    assert history_rows("\n".join(rows)) == [
        "done ✓ Pandas: todo → done",
        "done ✓ Matplotlib: todo → done",
    ]
    assert tally == "Showing the latest 2 of 4 changes; --all shows them all."
    assert [e["skill"] for e in doc(run("history", "-n", "1", "--json"))["events"]] == [
        "matplotlib"
    ]


def test_history_is_per_track(run) -> None:
    ok(run("done", "python"))
    ok(run("done", "python-basics", "-t", "genai-engineer"))
    assert history_rows(ok(run("history"))) == ["done ✓ Python: todo → done"]
    assert history_rows(ok(run("history", "-t", "genai-engineer"))) == [
        "done ✓ Python: todo → done"
    ]


def test_history_since_keeps_changes_from_that_local_day_on(run, progress_file: Path) -> None:
    write_progress(
        progress_file,
        [
            (local_noon(5), "python", "done"),
            (local_noon(3), "numpy", "done"),
            (local_noon(2), "pandas", "in-progress"),
            (local_noon(0), "git", "skipped"),
        ],
    )
    since = (today() - timedelta(days=3)).isoformat()
    out = ok(run("history", "--since", since))
    assert [line[:10] for line in out.splitlines()] == [
        (today() - timedelta(days=n)).isoformat() for n in (3, 2, 0)
    ]
    assert history_rows(out) == [
        "done ✓ NumPy: todo → done",
        "start ▸ Pandas: todo → in-progress",
        "skip » Git: todo → skipped",
    ]
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert ok(run("history", "--since", tomorrow)) == "No changes in this range.\n"
    assert doc(run("history", "--since", tomorrow, "--json"))["events"] == []


def test_history_since_uses_the_local_day_not_the_utc_one(
    run, progress_file: Path, utc_plus_ten
) -> None:
    utc = timezone.utc
    write_progress(
        progress_file,
        [
            (datetime(2025, 3, 9, 12, 0, tzinfo=utc), "python", "done"),  # local 3-09 22:00
            (datetime(2025, 3, 9, 15, 30, tzinfo=utc), "numpy", "done"),  # local 3-10 01:30
        ],
    )
    out = ok(run("history", "--since", "2025-03-10"))
    assert out.splitlines() == ["2025-03-10 01:30  done  ✓ NumPy: todo → done"]
    events = doc(run("history", "--since", "2025-03-10", "--json"))["events"]
    assert [(e["skill"], e["at"]) for e in events] == [("numpy", "2025-03-09T15:30:00+00:00")]


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-11-31"])
def test_history_bad_since_exits_2(run, value: str) -> None:
    result = run("history", "--since", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"'{value}' is not a date like 2026-11-20" in squash(result.stderr)
    assert "Traceback" not in result.stderr


def test_status_pace_needs_seven_days_of_history(run) -> None:
    ok(run("done", "pandas"))
    out = lines(ok(run("status")))
    assert "Streak: 1 day (longest 1)" in out
    assert "Pace: no projection yet: needs 7 days of history (1 so far)" in out
    pace = doc(run("status", "--json"))["pace"]
    assert pace["per_week"] is None
    assert pace["projected_finish"] is None
    assert pace["reason"] == "needs 7 days of history (1 so far)"
    assert pace["remaining"] == REQUIRED_AIML - 1


def test_status_pace_projects_a_finish_from_the_last_two_weeks(run, progress_file: Path) -> None:
    skills = catalog.load_roadmap().track("aiml-genai").required_skill_ids[:8]
    days_ago = [13, 11, 10, 8, 6, 4, 2, 0]  # 8 completed; the first change 13 days ago
    changes = [(local_noon(n), s, "done") for n, s in zip(days_ago, skills, strict=True)]
    write_progress(progress_file, changes)
    shown = doc(run("status", "--json"))
    remaining = shown["overall"]["total"] - shown["overall"]["complete"]
    assert remaining == REQUIRED_AIML - 8
    finish = today() + timedelta(days=math.ceil(remaining / 4.0 * 7))
    assert shown["pace"] == {
        "per_week": 4.0,
        "window_days": 14,
        "completed": 8,
        "remaining": remaining,
        "projected_finish": finish.isoformat(),
        "reason": None,
        "hours_per_week": 0.0,
    }
    assert shown["streak"] == {"current": 1, "longest": 2}
    out = ok(run("status"))
    assert "Streak: 1 day (longest 2)" in lines(out)
    assert (
        f"Pace: at 4.0 skills/week (last 14 days), {remaining} required skills left: "
        f"about {finish.isoformat()}"
    ) in squash(out)


def test_status_pace_without_recent_completions_has_no_projection(run, progress_file: Path) -> None:
    write_progress(progress_file, [(local_noon(40), "python", "done")])
    shown = doc(run("status", "--json"))
    assert shown["pace"]["per_week"] == 0.0
    assert shown["pace"]["window_days"] == 28
    assert shown["pace"]["projected_finish"] is None
    assert shown["pace"]["reason"] == "nothing completed in the last 28 days"
    assert (
        "Pace: 0.0 skills/week over the last 28 days; no projection: nothing completed in the "
        "last 28 days"
    ) in squash(ok(run("status")))


def test_history_says_how_many_it_shows_of_how_many(run) -> None:
    for skill in ("python", "numpy", "pandas"):
        ok(run("start", skill))
        ok(run("done", skill))
    shown = ok(run("history", "-n", "4"))
    assert len([line for line in shown.splitlines() if re.match(STAMP, line)]) == 4
    assert shown.splitlines()[-1] == "Showing the latest 4 of 6 changes; --all shows them all."
    every = ok(run("history", "--all", "-n", "4"))
    assert len([line for line in every.splitlines() if re.match(STAMP, line)]) == 6
    assert "Showing" not in every
    assert "Showing" not in ok(run("history"))  # all 6 fit the default 20
    found = doc(run("history", "-n", "4", "--json"))
    assert (len(found["events"]), found["total"]) == (4, 6)
