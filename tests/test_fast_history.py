"""`history` on the fast route (`fastroute`): the same bytes as the full route, or nothing.

Each case runs the full route first (in-process, `cli.run`), then the fast route, and compares
stdout, stderr and the exit code byte for byte. The fast route reads the history's events as
plain data only for a file whose every byte the full route validated (its entries say so);
anything else falls through, having written nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cli_helpers import run_importing
from roadmap_cli import changes, fastreports, historytail, paths
from roadmap_cli.records import Progress
from roadmap_cli.store import Store
from test_fast_route import (
    both,
    change,
    empty,
    falls_through,
    fast,
    full,
    in_matrix,
    midway,
    reviews_due,
)

# --- the states ------------------------------------------------------------------------------


def studied(capsys: pytest.CaptureFixture[str]) -> None:
    """Reviews, a study log, notes, a backdated change, and changes in another track."""
    reviews_due(capsys)
    change(capsys, "review", "python", "--rating", "good")
    change(capsys, "review", "--remove", "python")
    change(capsys, "review", "--add", "python")
    change(capsys, "log", "numpy", "1h30m")
    change(capsys, "log", "numpy", "45m")
    change(capsys, "note", "sql", 'a "quoted" note')
    change(capsys, "-t", "genai-engineer", "start", "huggingface")
    change(capsys, "done", "statistics", "--on", "2021-03-04")


def undone(capsys: pytest.CaptureFixture[str]) -> None:
    """An undo in the history, the last change; then `status`."""
    midway(capsys)
    change(capsys, "undo")
    change(capsys, "done", "calculus")
    change(capsys, "undo")
    change(capsys, "status")


SKILLS = ["python", "numpy", "pandas", "git", "sql", "calculus", "statistics"]


def long_history(capsys: pytest.CaptureFixture[str], events: int = 3000) -> None:
    """A history of a few thousand events over two years, in both tracks, with undos; kept
    by the store (a file over `store.DIGEST_MIN_BYTES`), then validated whole by `status`."""
    progress = Progress()
    start = datetime(2024, 1, 1, 9, tzinfo=timezone.utc)
    for n in range(events):
        when = start + timedelta(hours=5 * n)
        if n % 97 == 96:
            changes.undo(progress, when)
            continue
        track = "genai-engineer" if n % 11 == 0 else "aiml-genai"
        action = ("done", "start", "skip", "reset")[n * 7 % 4]
        on = when - timedelta(days=3) if n % 13 == 0 else None
        skill = SKILLS[n % len(SKILLS)]
        changes.apply(progress, "bundled", track, [skill], action, when, changes.Details(on=on))
    Store(paths.progress_path()).save(progress)
    change(capsys, "status")


STATES = [empty, midway, studied, undone, long_history]
ASKED = [
    ["history"],
    ["history", "-n", "2"],
    ["history", "--limit=1"],
    ["history", "-n3", "--json"],
    ["history", "--since", "2021-03-04"],
    ["history", "--since=2025-01-01", "-n", "40"],
    ["history", "--since", "2099-01-01"],
    ["-t", "genai-engineer", "history"],
    ["history", "--track", "genai-engineer", "--json", "--limit", "5"],
    ["history", "-n", "1000"],
    ["history", "--all"],
    ["history", "-a", "--json", "--since", "2021-03-04"],
    ["-t", "genai-engineer", "history", "--all", "-n", "3"],
]


@pytest.mark.parametrize("state", STATES, ids=[s.__name__ for s in STATES])
@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR", "NO_COLOR"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_history_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    state: object,
    colour: str,
    columns: str,
) -> None:
    in_matrix(capsys, monkeypatch, state, colour, columns)
    shown = [both(capsys, *args)[0] for args in ASKED]
    assert ("\x1b[" in shown[0]) == (colour == "FORCE_COLOR")
    assert ("No changes in this range." in shown[0]) == (state is empty)
    if state is long_history:
        assert "Showing the latest 20 of " in shown[0]
        assert json.loads(shown[3])["total"] > 2000
        assert shown[9].count("\n") == 1001  # the latest 1000, and how many are left out
        assert shown[10].count("\n") > 2000 and "Showing the latest" not in shown[10]
    if state is studied:
        assert "Python: reviewed: good" in shown[0] and "NumPy: studied" in shown[0]


def test_in_another_time_zone_the_days_are_the_same(
    capsys: pytest.CaptureFixture[str], utc_plus_ten: None
) -> None:
    long_history(capsys, 600)
    for day in ("2024-02-01", "2024-02-02", "2024-03-15"):
        both(capsys, "history", "--since", day)
        both(capsys, "history", "--since", day, "--json", "-n", "300")


def test_times_in_any_zone_and_to_the_microsecond_read_alike(
    capsys: pytest.CaptureFixture[str], utc_plus_ten: None
) -> None:
    """Times as another program (or an import) may leave them: an offset, microseconds."""
    progress = Progress()
    zones = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((2, 0), (-9, -30), (0, 0))]
    for n in range(40):
        when = datetime(2024, 5, 1 + n % 20, 23, 59, 59, n * 1001, tzinfo=zones[n % 3])
        on = when - timedelta(days=1) if n % 4 == 0 else None
        skill = SKILLS[n % len(SKILLS)]
        changes.apply(
            progress, "bundled", "aiml-genai", [skill], "start", when, changes.Details(on=on)
        )
    Store(paths.progress_path()).save(progress)
    assert b".003003+02:00" in paths.progress_path().read_bytes()
    change(capsys, "status")
    for day in ("2024-05-02", "2024-05-10"):
        both(capsys, "history", "--since", day, "-n", "50")
        both(capsys, "history", "--since", day, "--json")
    both(capsys, "history", "-n", "7", "--json")


def test_the_fast_route_makes_the_index_of_a_long_history_as_the_full_route_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without the index's entry (`historycache`), the fast route finds it (the records not
    validated again: the entries say they were) and keeps it; the full route then reads it."""
    long_history(capsys)
    assert not list(paths.cache_dir().glob("events-*"))
    first = fast(capsys, "history", "-n", "7")
    assert first is not None
    (entry,) = paths.cache_dir().glob("events-*")
    assert full(capsys, "history", "-n", "7") == first
    store = Store(paths.progress_path(), paths.cache_dir())
    raw = paths.progress_path().read_bytes()
    kept = store.caches.cached_index(raw)
    assert kept is not None and kept.to_json() == historytail.index_of(raw).to_json()
    assert entry.exists()


def test_after_each_change_history_answers_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    """The entries a change keeps (on either route) are enough: no `status` in between."""
    midway(capsys)
    both(capsys, "history")
    for args in (["done", "pandas"], ["-t", "genai-engineer", "reset", "python"]):
        change(capsys, *args)
        both(capsys, "history")
    assert fast(capsys, "done", "calculus") is not None  # a change on the fast route
    both(capsys, "history", "--json")


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--all=1"],
        ["history", "-ax"],
        ["history", "--help"],
        ["history", "-n", "0"],
        ["history", "-n", "x"],
        ["history", "-n", "+3"],
        ["history", "--limit", "12345678901"],
        ["history", "--limit"],
        ["history", "--since", "yesterday"],
        ["history", "--since", "2026-13-01"],
        ["history", "--since"],
        ["history", "--json=1"],
        ["history", "python"],
        ["history", "-t", "no-such-track"],
    ],
)
def test_what_the_fast_history_does_not_handle_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, args: list[str]
) -> None:
    midway(capsys)
    both(capsys, "history")  # the entries are there
    falls_through(capsys, roadmap_home, args)


def test_the_whole_of_a_long_history_is_the_full_routes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--all` reads every event as plain data only up to `ALL_MAX_HISTORY_BYTES`: beyond it
    Pydantic's validation is the faster; the latest few are still read from the end here."""
    long_history(capsys)
    size = paths.progress_path().stat().st_size
    monkeypatch.setattr(fastreports, "ALL_MAX_HISTORY_BYTES", size)
    both(capsys, "history", "--all")
    monkeypatch.setattr(fastreports, "ALL_MAX_HISTORY_BYTES", size - 1)
    assert fast(capsys, "history", "--all") is None
    both(capsys, "history", "-n", "500")


def test_after_an_undo_history_falls_through_until_the_history_is_validated_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An undo keeps the digest's entry of the file it writes (`undoing`): without it,
    `history` is the full route's until a report reads the history whole again."""
    midway(capsys)
    change(capsys, "undo")
    both(capsys, "history")
    both(capsys, "history", "--all")
    for entry in paths.cache_dir().glob("plain-digest-*"):
        entry.unlink()
    assert fast(capsys, "history") is None
    assert fast(capsys, "history", "--all") is None
    full(capsys, "next")  # the records' entry only: not the history's
    assert fast(capsys, "history") is None
    full(capsys)  # the dashboard reads the history's digest, and keeps its entry
    both(capsys, "history")


def test_after_an_undo_a_long_history_is_still_known_validated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Past `store.DIGEST_MIN_BYTES` an undo keeps no digest, but marks the file it writes as
    validated whole when the file it read was (the rest is its own events); so does a change
    from a file so marked. A file never validated whole gets no mark."""
    long_history(capsys)
    change(capsys, "undo")
    assert len(list(paths.cache_dir().glob("valid-*"))) == 1
    both(capsys, "history")  # at once: `both` fails if the fast route leaves it
    change(capsys, "done", "numpy")  # from a marked file: marked in turn
    both(capsys, "history", "-n", "5")
    change(capsys, "undo")
    both(capsys, "history", "--json")
    (mark,) = paths.cache_dir().glob("valid-*")
    mark.write_bytes(mark.read_bytes().replace(b"validated", b"forged"))
    assert fast(capsys, "history") is None  # not the mark this program writes
    for entry in [*paths.cache_dir().glob("history-*"), *paths.cache_dir().glob("valid-*")]:
        entry.unlink()
    change(capsys, "undo")  # from a file not known to be validated: no mark
    assert not list(paths.cache_dir().glob("valid-*"))
    assert fast(capsys, "history") is None
    full(capsys, "status")  # validated whole again
    both(capsys, "history")


def test_without_the_digests_entry_history_falls_through(
    capsys: pytest.CaptureFixture[str],
) -> None:
    midway(capsys)
    both(capsys, "history")
    _without_its_entry_history_falls_through(capsys, "plain-digest-*")
    both(capsys, "history")


def _without_its_entry_history_falls_through(
    capsys: pytest.CaptureFixture[str], pattern: str
) -> None:
    """The entry of `pattern` copied from another entry, then gone: `history` falls through,
    `next` does not; then `status` validates the history whole again."""
    (entry,) = paths.cache_dir().glob(pattern)
    body = entry.read_bytes().partition(b"\n")[2]
    entry.write_bytes(b"another-name.json\n" + body)  # copied from another entry
    assert fast(capsys, "history") is None
    entry.unlink()
    assert fast(capsys, "history") is None
    assert fast(capsys, "next") is not None  # the records' entry is still there
    full(capsys, "status")  # validated whole again: the entry kept


def test_a_long_history_is_taken_on_its_own_digests_entry(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """Past `store.DIGEST_MIN_BYTES`, the entry `historycache` keeps (one hash of the file for
    it and the index): without it, or with it for other bytes, the full route answers."""
    long_history(capsys)
    both(capsys, "history")
    _without_its_entry_history_falls_through(capsys, "history-*")
    both(capsys, "history", "-n", "50")
    raw = progress_file.read_bytes()
    progress_file.write_bytes(_events_replaced(raw, b'"action":"start"', b'"action":"explode"'))
    full(capsys, "next")  # the records' entry of these bytes
    falls_through(capsys, roadmap_home, ["history", "-n", "3000"])


def test_a_history_in_another_layout_is_read_whole_by_the_full_route(
    capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    """Valid, but not as this version writes it: validated whole, and still the full route's."""
    midway(capsys)
    progress_file.write_text(json.dumps(json.loads(progress_file.read_bytes()), indent=2))
    full(capsys, "status")  # validated whole: both entries kept
    assert fast(capsys, "next") is not None
    assert fast(capsys, "history") is None
    assert full(capsys, "history")[2] == 0


def _events_replaced(raw: bytes, old: bytes, new: bytes) -> bytes:
    cut = raw.index(b',"events":[')
    assert old in raw[cut:]
    return raw[:cut] + raw[cut:].replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "refused"),
    [
        (b'"action":"start"', b'"action":"explode"', True),  # no action, yet plain text
        (b'"new":"done"', b'"new":"mastered"', True),
        (b'"at":"', b'"at":"1969', True),
        (b'"seq":1,', b'"seq":1,"seq":1,', True),  # a key given twice
        (b'"old":"todo"', b'"old":"todo","extra":1', True),
        (b'"skill":"numpy"', b'"skill":"numpy\\u001b[2J"', False),  # shown escaped
        (b'"batch":', b'"batch":-', False),
        (b'"roadmap":"bundled"', b'"roadmap": "bundled"', False),  # not as written here
    ],
)
@pytest.mark.parametrize("entries", ["stale", "records-only"])
def test_a_hostile_progress_file_falls_through(
    capsys: pytest.CaptureFixture[str],
    roadmap_home: Path,
    progress_file: Path,
    old: bytes,
    new: bytes,
    refused: bool,
    entries: str,
) -> None:
    """An event changed behind the program's back (one the full route refuses, or not), with
    the entries of the file before it (stale), or with the records' entry of these very bytes
    (kept by `next`, which reads only the records): only the digest's entry says the events
    were validated."""
    midway(capsys)
    both(capsys, "history")
    progress_file.write_bytes(_events_replaced(progress_file.read_bytes(), old, new))
    if entries == "records-only":
        assert full(capsys, "next")[2] == 0
        assert fast(capsys, "next") is not None
    falls_through(capsys, roadmap_home, ["history"])
    falls_through(capsys, roadmap_home, ["history", "-n", "1"])
    falls_through(capsys, roadmap_home, ["history", "--all"])
    out, err, code = full(capsys, "history")
    assert (code, out == "", err.startswith("roadmap: error: ")) == (
        (1, True, True) if refused else (0, False, False)
    )


@pytest.mark.parametrize(
    "argv", [["history"], ["history", "-n", "3", "--json"], ["history", "--all"]]
)
def test_the_fast_history_imports_no_typer_click_pydantic_nor_rich(
    roadmap_home: Path, argv: list[str]
) -> None:
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home), "FORCE_COLOR": "1"}
    env.pop("ROADMAP_FULL_ROUTE", None)
    for made in (["done", "python", "--on", "2020-01-05"], ["log", "sql", "1h"]):
        command = [sys.executable, "-m", "roadmap_cli", *made]
        subprocess.run(command, env=env, check=True, capture_output=True)  # the entries
    out, heavy = run_importing(argv, env)
    assert heavy == []
    assert "Python" in out or '"python"' in out
