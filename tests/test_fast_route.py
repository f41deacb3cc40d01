"""The daily commands' fast route (`fastroute`): the same bytes as the full route, or nothing.

Each case runs the full route first (in-process, `cli.run`: it writes the plain entries the
fast route reads), then the fast route (`fastroute.answer`), and compares stdout, stderr and
the exit code byte for byte, over a matrix of states, colour, width and track choices.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import falls_through, fast_route, full_route, run_importing
from roadmap_cli import paths
from roadmap_cli.modelcore import PROGRESS_SCHEMA_VERSION
from roadmap_cli.styled import Text, render

DATA = Path(__file__).parent / "data"


full, fast = full_route, fast_route


def both(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str, int]:
    """The full route's answer, after checking the fast route gives the same bytes."""
    expected = full(capsys, *args)
    assert expected[2] == 0, expected
    assert fast(capsys, *args) == expected
    return expected


def change(capsys: pytest.CaptureFixture[str], *args: str) -> None:
    assert full(capsys, *args)[2] == 0


# --- the states ------------------------------------------------------------------------------


def empty(capsys: pytest.CaptureFixture[str]) -> None:
    pass


def midway(capsys: pytest.CaptureFixture[str]) -> None:
    change(capsys, "done", "python", "sql")
    change(capsys, "start", "numpy")
    change(capsys, "skip", "git")


def reviews_due(capsys: pytest.CaptureFixture[str]) -> None:
    change(capsys, "done", "python", "--on", "2020-01-05")
    change(capsys, "done", "sql")


def with_goal(capsys: pytest.CaptureFixture[str]) -> None:
    midway(capsys)
    change(capsys, "goal", "2030-06-30")


def annotated(capsys: pytest.CaptureFixture[str]) -> None:
    """Notes, links and a study log: what `show`, `search` and `--json` show of a record; and
    a review card rated once (FSRS's stability and difficulty in `show`)."""
    reviews_due(capsys)
    change(capsys, "review", "python", "--rating", "hard")
    change(capsys, "note", "python", "Read *the* walkthrough", "--link", "https://example.org/nb")
    change(capsys, "log", "numpy", "45m", "--note", "broadcasting exercises")
    change(capsys, "note", "numpy", "--link", "https://example.org/numpy")


STATES = [empty, midway, reviews_due, with_goal, annotated]


def in_matrix(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    state: object,
    colour: str,
    columns: str,
) -> None:
    """One cell of the matrix: the width, the state made, then the colour asked for."""
    monkeypatch.setenv("COLUMNS", columns)
    state(capsys)  # type: ignore[operator]
    if colour != "piped":
        monkeypatch.setenv(colour, "1")


@pytest.mark.parametrize("state", STATES, ids=[s.__name__ for s in STATES])
@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR", "NO_COLOR"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_the_daily_commands_are_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    state: object,
    colour: str,
    columns: str,
) -> None:
    in_matrix(capsys, monkeypatch, state, colour, columns)
    out = both(capsys, "next")[0]
    assert ("\x1b[" in out) == (colour == "FORCE_COLOR")
    both(capsys, "next", "-n", "2")
    both(capsys, "next", "--count=12", "--all")
    both(capsys, "-t", "genai-engineer", "next", "-a")
    dashboard = both(capsys)[0]
    assert ("\x1b[" in dashboard) == (colour == "FORCE_COLOR")
    due = state is reviews_due
    assert ("Reviews: 1 due" in out and "Reviews: 1 due" in dashboard) == due
    assert ("Goal: 2030-06-30" in dashboard) == (state is with_goal)
    both(capsys, "--track", "genai-engineer")
    status = both(capsys, "status")[0]
    assert ("\x1b[" in status) == (colour == "FORCE_COLOR")
    assert ("Goal: 2030-06-30" in status) == (state is with_goal)
    both(capsys, "status", "-t", "genai-engineer")
    both(capsys, "next", "--json")
    both(capsys, "status", "--json", "--track", "genai-engineer")
    listed = both(capsys, "list")[0]
    assert ("\x1b[" in listed) == (colour == "FORCE_COLOR")
    both(capsys, "list", "-t", "genai-engineer")
    both(capsys, "list", "--phase", "2", "--status=todo")
    both(capsys, "list", "-s", "done", "-p3")
    tracks = both(capsys, "tracks")[0]
    assert ("\x1b[" in tracks) == (colour == "FORCE_COLOR")
    both(capsys, "tracks", "--json")
    both(capsys, "-t", "genai-engineer", "tracks")
    both(capsys, "list", "--json", "-s", "done")
    shown = both(capsys, "show", "python")[0]
    assert ("walkthrough" in shown) == (state is annotated)
    both(capsys, "show", "numpy", "--json")
    both(capsys, "show", "3")
    both(capsys, "show", "--phase", "2", "-t", "genai-engineer")
    both(capsys, "show", "genai-engineer")
    found = both(capsys, "search", "exercises")[0]
    assert ("broadcasting" in found) == (state is annotated)
    both(capsys, "search", "--json", "learn")
    reviewed = both(capsys, "review")[0]
    assert ("Python" in reviewed) == due
    both(capsys, "review", "--json", "-t", "genai-engineer")
    exported = both(capsys, "export")[0]
    assert ("walkthrough" in exported) == (state is annotated)
    both(capsys, "export", "--brief", "--track", "genai-engineer")
    both(capsys, "export", "-f", "markdown")
    page = both(capsys, "export", "-f", "html")[0]
    assert page.startswith("<!DOCTYPE html>")
    both(capsys, "export", "--format=svg", "-t", "genai-engineer")
    kept = both(capsys, "export", "-f", "json")[0]  # the file as it is, when it has one
    stored = paths.progress_path()
    assert json.loads(kept)["schema_version"] == PROGRESS_SCHEMA_VERSION
    assert stored.exists() == (state is not empty)
    if stored.exists():
        assert kept.encode() == stored.read_bytes()
    assert ("2030-06-30" in both(capsys, "goal")[0]) == (state is with_goal)
    both(capsys, "goal", "--json", "-t", "genai-engineer")
    both(capsys, "use")
    noted = both(capsys, "note", "python")[0]
    assert ("walkthrough" in noted) == (state is annotated)
    assert str(paths.progress_path()) in both(capsys, "where")[0]
    both(capsys, "where", "--json")


def test_after_each_change_the_fast_route_answers_at_once(
    capsys: pytest.CaptureFixture[str], small_roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries a change keeps are those `next` and the dashboard would have written."""
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    both(capsys, "next")
    both(capsys)
    changes = [
        ["done", "--phase", "1"],
        ["review", "python", "--rating", "good"],
        ["review", "--remove", "python"],
        ["review", "--add", "python"],
        ["start", "--phase", "2"],
        ["reset", "--phase", "1"],
        ["log", "numpy", "30m"],
        ["undo"],
        ["done", "--phase", "2", "--on", "2026-01-03"],
    ]
    for args in changes:
        change(capsys, *args)  # `undo` too (see `undoing`)
        expected = [fast(capsys, "next"), fast(capsys), fast(capsys, "status")]
        assert None not in expected
        for entry in paths.cache_dir().glob("plain-*-*"):
            entry.unlink()
        assert [full(capsys, "next"), full(capsys), full(capsys, "status")] == expected


def test_the_track_is_chosen_as_the_full_route_does(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    midway(capsys)
    default = both(capsys, "next")[0]
    other = both(capsys, "next", "--track", "genai-engineer")[0]
    dashboard = both(capsys)[0]
    assert both(capsys, "-t", "genai-engineer")[0] != dashboard
    status = both(capsys, "status")[0]
    assert both(capsys, "status", "--track=genai-engineer")[0] != status
    assert both(capsys, "-t", "genai-engineer", "status", "-t", "aiml-genai")[0] == status
    assert other != default
    assert both(capsys, "next", "-tgenai-engineer")[0] == other
    assert both(capsys, "next", "--track=genai-engineer")[0] == other
    in_use = both(capsys, "use")[0]
    assert both(capsys, "-t", "genai-engineer", "use")[0] != in_use
    monkeypatch.setenv("ROADMAP_TRACK", "genai-engineer")
    assert both(capsys, "use")[0] != in_use
    assert both(capsys, "next")[0] == other
    assert both(capsys, "next", "-t", "aiml-genai")[0] == default
    assert both(capsys)[0] != dashboard
    monkeypatch.delenv("ROADMAP_TRACK")
    change(capsys, "use", "genai-engineer")
    assert "genai-engineer" in both(capsys, "use")[0]
    assert both(capsys, "next")[0] == other
    assert both(capsys)[0] != dashboard
    assert both(capsys, "-t", "aiml-genai", "next")[0] == default


@pytest.mark.parametrize("how", ["option", "option-after", "environment"])
def test_a_custom_roadmap(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_roadmap: Path,
    how: str,
) -> None:
    if how == "environment":
        monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
        args: list[str] = []
    else:
        args = ["--roadmap", str(small_roadmap)]
    where = (lambda *a: [*args, *a]) if how != "option-after" else (lambda *a: [*a, *args])
    both(capsys, *where("next"))
    change(capsys, *where("done", "--phase", "1"))
    both(capsys, *where("next", "-n", "3"))
    for phase in ("2", "3"):
        full(capsys, *where("done", "--phase", phase))
    monkeypatch.setenv("FORCE_COLOR", "1")
    both(capsys, *where("next"))
    both(capsys, *where("next", "--track", "second"))
    both(capsys, *args)
    both(capsys, *args, "-t", "second")
    both(capsys, *where("status"))
    both(capsys, *where("status", "-t", "second"))
    both(capsys, *where("list"))
    both(capsys, *where("list", "-t", "second", "-s", "todo"))
    both(capsys, *where("tracks"))


def test_markdown_on_a_terminal_is_drawn_by_rich_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_roadmap: Path,
    small_roadmap_text: str,
) -> None:
    """Piped, Markdown reads as plain words on both routes; on a terminal, Rich renders it,
    through the full route's console on both."""
    text = small_roadmap_text.replace("goals: Write code", "goals: Write **good** code")
    small_roadmap.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    assert "Write good code" in both(capsys, "next")[0]
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = both(capsys, "next")[0]
    assert "good" in out and "**" not in out


def test_a_complete_track(
    capsys: pytest.CaptureFixture[str], small_roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    track = json.loads(full(capsys, "show", "basics", "--json")[0])
    skills = [s for p in track["phases"] for s in p.get("skills", [])]
    ids = [s["id"] if isinstance(s, dict) else s for s in skills]
    change(capsys, "done", *dict.fromkeys(ids))
    out = both(capsys, "next")[0]
    assert "complete" in out
    assert "complete" in both(capsys)[0]
    both(capsys, "status")


# --- what falls through ----------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR"])
def test_an_export_to_a_file_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    roadmap_home: Path,
    colour: str,
) -> None:
    """The same file, and the same notice on stderr; what the full route refuses, or fails
    to write, is left to it, nothing written."""
    if colour != "piped":
        monkeypatch.setenv(colour, "1")
    annotated(capsys)
    full(capsys, "next")  # the entries
    target = tmp_path / "progress.md"
    for args in (
        ["export", "-o", str(target)],
        ["export", "--brief", f"--output={target}"],
        ["-t", "genai-engineer", "export", "-o", str(target), "-f", "markdown"],
        ["export", "--format=json", f"-o{target}"],
    ):
        expected = full(capsys, *args)
        assert expected == ("", f"Exported to {target}\n", 0)
        written = target.read_bytes()
        target.unlink()
        assert fast(capsys, *args) == expected
        assert target.read_bytes() == written
    for refused in (roadmap_home / "progress.json", tmp_path, tmp_path / "no" / "such.md"):
        falls_through(capsys, roadmap_home, ["export", "-o", str(refused)])
        assert not (tmp_path / "no").exists()
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    out, heavy = run_importing(args, env)  # the last of them again
    assert {m.split(".")[0] for m in heavy} <= {"fsrs"}  # FSRS weighs the cards
    assert out == "" and target.read_bytes() == written


def test_the_page_and_the_card_show_the_digest_of_the_whole_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`export -f html/svg` draw what `status` shows from the history's digest (the store's
    cache, or the fast route's entry), as they drew it from the whole history read again."""
    from roadmap_cli import catalog, export
    from roadmap_cli.clock import Clock
    from roadmap_cli.store import user_store

    annotated(capsys)
    change(capsys, "done", "numpy", "--on", "2026-01-05")
    change(capsys, "undo")
    change(capsys, "-t", "genai-engineer", "start", "fastapi")
    roadmap, progress = catalog.load_roadmap(None), user_store().load()
    assert len(progress.events) > 5
    for name, track in (("html", roadmap.tracks[0]), ("svg", roadmap.tracks[1])):
        whole = export.EXPORTERS[name](track, progress, roadmap.id, Clock().today())
        assert both(capsys, "-t", track.id, "export", "-f", name)[0] == whole


def test_where_reads_no_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`where` names the roadmap given, even one that is not there (the full route's way); a
    folder given is the full route's error."""
    missing = tmp_path / "missing.yaml"
    assert str(missing) in both(capsys, "--roadmap", str(missing), "where")[0]
    both(capsys, "--roadmap", "relative/./road.yaml", "where", "--json")
    assert fast(capsys, "--roadmap", str(tmp_path), "where") is None
    assert full(capsys, "--roadmap", str(tmp_path), "where")[2] == 2


@pytest.mark.parametrize(
    "args",
    [
        ["next", "--json=1"],
        ["--json"],
        ["next", "--help"],
        ["next", "-h"],
        ["next", "-n", "0"],
        ["next", "-n", "x"],
        ["next", "--count"],
        ["next", "-t", "no-such-track"],
        ["next", "extra"],
        ["next", "--all=1"],
        ["next", "-an", "3"],
        ["next", "--"],
        ["--version", "next"],
        ["--help"],
        ["status", "-n", "3"],
        ["status", "--all"],
        ["-t"],
        ["--roadmap"],
        ["list", "--status", "Done"],
        ["list", "--phase", "no-such-phase"],
        ["list", "--phase"],
        ["list", "-s"],
        ["tracks", "--all"],
        ["show"],
        ["show", "python", "sql"],
        ["show", "no-such-skill"],
        ["show", "python", "--all"],
        ["search"],
        ["search", " "],
        ["search", "x" * 300],
        ["review", "python"],
        ["review", "--rating", "good"],
        ["review", "--retention", "0.8"],
        ["export", "-f", "json", "--brief"],
        ["export", "-f", "markdown-brief"],  # the brief list's name inside, not a format
        ["where", "-t", "genai-engineer"],  # `--track` is the root's only, for these
        ["schema", "--track=genai-engineer"],
        ["doctor", "-tgenai-engineer"],
        ["schema", "--json"],
        ["schema", "extra"],
        ["export", "--format", "Markdown"],
        ["export", "--json"],
        ["use", "-t", "genai-engineer"],
        ["use", "no-such-track"],
        ["use", "aiml-genai", "genai-engineer"],
        ["goal", "2030-01-01", "--clear"],
        ["goal", "2020-01-01"],  # in the past
        ["goal", "next-year"],
        ["note"],
        ["note", "python", "--on", "today"],
        ["note", "python", "--json"],
        ["nope"],
    ],
)
def test_what_the_fast_route_does_not_handle_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, args: list[str]
) -> None:
    midway(capsys)
    full(capsys, "next")  # the entries are there
    falls_through(capsys, roadmap_home, args)


def test_goal_and_use_are_set_as_the_full_route_sets_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """From the same settings file, the same answer and the same file written."""
    from roadmap_cli import prefs

    midway(capsys)
    full(capsys, "next")
    settings = prefs.settings_path()
    for args in (
        ["goal", "2030-06-30"],
        ["goal", "2031-01-01", "-t", "genai-engineer", "--json"],
        ["use", "genai-engineer"],
        ["goal", "--clear"],  # the track now in use
        ["-t", "aiml-genai", "use", "aiml-genai"],
    ):
        before = settings.read_bytes() if settings.exists() else None
        expected = full(capsys, *args)
        written = settings.read_bytes()
        if before is None:
            settings.unlink()
        else:
            settings.write_bytes(before)
        assert fast(capsys, *args) == expected
        assert settings.read_bytes() == written
    assert "aiml-genai" in both(capsys, "use")[0]


def test_review_leaves_its_walk_and_its_retention_to_the_full_route(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal `review` walks through the cards, key by key; `ROADMAP_RETENTION` is
    checked by the full route (a wrong one is an error even for the list)."""
    reviews_due(capsys)
    full(capsys, "next")
    assert fast(capsys, "review") is not None
    monkeypatch.setenv("ROADMAP_RETENTION", "0.8")
    assert fast(capsys, "review") is None
    monkeypatch.delenv("ROADMAP_RETENTION")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert fast(capsys, "review") is None
    assert fast(capsys, "review", "--json") is not None  # never a walk


def test_errors_fall_through_and_stay_the_full_routes(
    capsys: pytest.CaptureFixture[str],
    roadmap_home: Path,
    progress_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    midway(capsys)
    full(capsys, "next")
    progress_file.write_text("{ damaged", encoding="utf-8")
    assert fast(capsys, "next") is None
    assert full(capsys, "next")[2] != 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [", encoding="utf-8")
    assert fast(capsys, "--roadmap", str(broken), "next") is None
    monkeypatch.setenv("ROADMAP_FILE", str(tmp_path / "missing.yaml"))
    assert fast(capsys, "next") is None
    monkeypatch.setenv("ROADMAP_FILE", "")
    assert fast(capsys, "next") is None


def test_without_its_entries_the_fast_route_falls_through(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, small_roadmap: Path
) -> None:
    midway(capsys)
    assert fast(capsys, "--roadmap", str(small_roadmap), "next") is None  # never loaded
    full(capsys, "next")
    for entry in paths.cache_dir().glob("plain-progress-*"):
        entry.unlink()
    assert fast(capsys, "next") is None
    both(capsys, "next")  # the full route wrote it again
    change(capsys, "done", "numpy")  # a change keeps the entry of the file it saves
    assert fast(capsys, "next") is not None
    both(capsys, "next")


AT = "2026-01-01T10:00:00Z"


def _python(doc: Any) -> Any:
    """python's row in a progress entry: status, times, notes, links, study log."""
    return doc["records"]["python"]


def _card(doc: Any) -> Any:
    return doc["cards"]["python"]


def _entry(kind: str) -> Path:
    (found,) = paths.cache_dir().glob(f"plain-{kind}-*")
    return found


def _damage(kind: str, damage: Callable[[Any], object]) -> tuple[Path, bytes, bytes]:
    """Rewrite the entry of `kind` with `damage` done to its document; returns the entry, its
    header line and its body as they were."""
    entry = _entry(kind)
    header, _, body = entry.read_bytes().partition(b"\n")
    doc = json.loads(body)
    damage(doc)
    entry.write_bytes(header + b"\n" + json.dumps(doc).encode())
    return entry, header, body


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: doc["roadmap"]["tracks"][0]["skills"][0].update(name="evil\x1b[2J"),
        lambda doc: doc["roadmap"]["tracks"][0]["phases"][0].update(title=7),
        lambda doc: doc["roadmap"]["tracks"][0]["skills"][0].update(extra=1),
        lambda doc: doc["roadmap"]["tracks"][0].pop("phases"),
        lambda doc: doc.update(format=99),
    ],
)
def test_a_hostile_or_damaged_roadmap_entry_is_a_miss(
    capsys: pytest.CaptureFixture[str], damage: object
) -> None:
    full(capsys, "next")
    entry, header, body = _damage("roadmap", damage)
    assert fast(capsys, "next") is None
    entry.write_bytes(header + b"\n" + body[:-10])  # torn
    assert fast(capsys, "next") is None
    entry.write_bytes(b"another-name.json\n" + body)  # copied from another entry
    assert fast(capsys, "next") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: _python(doc).__setitem__(0, "mastered"),
        lambda doc: doc["records"].update({"a\x07": _python(doc)}),
        lambda doc: _python(doc).__setitem__(1, "2026-01-01T10:00:00"),
        lambda doc: _python(doc).__setitem__(2, "9999-01-01T00:00:00Z"),
        lambda doc: _python(doc).append([]),
        lambda doc: _python(doc)[3].append(["x\x1b[2J", AT]),
        lambda doc: _python(doc)[3].append(["x", None]),
        lambda doc: _python(doc)[3].append(["x", AT, None]),
        lambda doc: _python(doc)[4].append(["javascript:x", AT]),
        lambda doc: _python(doc)[5].append([AT, 0, None]),
        lambda doc: _python(doc).__setitem__(5, {}),
        lambda doc: _card(doc).__setitem__(0, "tomorrow"),
        lambda doc: _card(doc).__setitem__(1, float("nan")),
        lambda doc: _card(doc).__setitem__(2, 11.0),
        lambda doc: _card(doc).__setitem__(3, "mastered"),
        lambda doc: _card(doc).__setitem__(4, True),
        lambda doc: _card(doc).__setitem__(7, "perfect"),
        lambda doc: _card(doc).pop(),
        lambda doc: doc.update(roadmap="another"),
        lambda doc: doc.pop("cards"),
    ],
)
def test_a_hostile_or_damaged_progress_entry_is_a_miss(
    capsys: pytest.CaptureFixture[str], damage: object
) -> None:
    midway(capsys)
    change(capsys, "note", "python", "Read the tutorial")
    change(capsys, "note", "python", "--link", "https://example.org/notebook")
    change(capsys, "log", "python", "30m", "--note", "exercises")
    full(capsys, "next")
    assert fast(capsys, "next") is not None  # the entry as the full route wrote it
    _damage("progress", damage)
    assert fast(capsys, "next") is None


@pytest.mark.parametrize(
    "argv",
    [
        ["next"],
        [],
        ["status"],
        ["next", "--json"],
        ["list"],
        ["list", "--json"],
        ["tracks"],
        ["show", "sql"],
        ["show", "python", "--json"],
        ["search", "learn"],
        ["goal"],
        ["goal", "2031-01-01"],
        ["use"],
        ["use", "aiml-genai"],
        ["note", "sql"],
        ["export", "--brief"],
        ["review"],
        ["where"],
    ],
)
def test_the_fast_route_imports_no_typer_click_pydantic_nor_rich(
    roadmap_home: Path, argv: list[str]
) -> None:
    """Nor Rich, but for the tracks' table, which only Rich draws."""
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home), "FORCE_COLOR": "1"}
    env.pop("ROADMAP_FULL_ROUTE", None)
    for change in (["done", "python", "--on", "2020-01-05"], ["log", "sql", "1h"]):
        command = [sys.executable, "-m", "roadmap_cli", *change]
        subprocess.run(command, env=env, check=True, capture_output=True)  # the entries
    out, heavy = run_importing(argv, env)
    allowed = set()
    if argv == ["tracks"]:
        allowed = {"rich"}  # only Rich draws the tracks' table
    elif "python" in argv or argv == ["review"]:
        allowed = {"fsrs"}  # python was done: FSRS weighs its review card
    assert {m.split(".")[0] for m in heavy} <= allowed
    assert out


def test_a_hostile_or_damaged_digest_entry_is_a_miss(capsys: pytest.CaptureFixture[str]) -> None:
    midway(capsys)
    full(capsys)
    entry = _entry("digest")
    header, _, body = entry.read_bytes().partition(b"\n")
    doc = json.loads(body)
    hostile = [
        json.dumps({**doc, "tracks": [[*doc["tracks"][0][:2], [{**event, **change}]]]}).encode()
        for event in doc["tracks"][0][2][:1]
        for change in ({"skill": "x\x1b[2J"}, {"at": "2026-01-01T00:00:00"}, {"old": "no"})
    ]
    assert len(hostile) == 3
    for bad in (b'{"progress_times": [1e999]}', b"[]", body.replace(b"[", b"{", 1), *hostile):
        entry.write_bytes(header + b"\n" + bad)
        assert fast(capsys) is None
        assert fast(capsys, "status") is None
        assert fast(capsys, "next") is not None  # the digest is not next's


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "120"}])
def test_in_a_terminal_both_routes_write_the_same_bytes(
    capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> None:
    """Through a pseudo-terminal (isatty, the terminal's size): the entry points themselves."""
    from shell_helpers import in_terminal

    midway(capsys)
    full(capsys, "next")
    full(capsys)  # the entries
    before = {"COLUMNS": None, **env}
    for args in (["next"], [], ["status"], ["list"], ["tracks"], ["show", "python"], ["show", "1"]):
        fast_out = in_terminal(*args, **before)
        assert fast_out == in_terminal(*args, **before, ROADMAP_FULL_ROUTE="1")
        assert ("\x1b[" in fast_out) == (not env or "COLUMNS" in env)


def test_the_switch_turns_the_fast_route_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    full(capsys, "next")
    assert fast(capsys, "next") is not None
    monkeypatch.setenv("ROADMAP_FULL_ROUTE", "1")
    assert fast(capsys, "next") is None


# --- the writer: the bytes Rich writes -------------------------------------------------------

STYLES = [
    "bold",
    "dim",
    "green",
    "bold underline",
    "link https://example.org/a blue underline",
    "cyan",
    "bold bright_green",
    "bright_black",
    "reverse",
    "magenta",
    "yellow",
    "red",
    "bold italic",
]


def _random_text(rnd: random.Random) -> Text:
    text = Text(rnd.choice(["", "ab"]), style=rnd.choice(["", "", "bold", "dim"]))
    for _ in range(rnd.randint(0, 6)):
        piece = rnd.choice(["x", "hello ", "\n", "  ", "✓", "word\nnext", " trail   ", "界"])
        if rnd.random() < 0.3:
            inner = Text(piece, style=rnd.choice(STYLES))
            inner.append("z", rnd.choice(STYLES))
            text.append_text(inner)
        else:
            text.append(piece, rnd.choice([*STYLES, ""]))
    if rnd.random() < 0.3:
        text.highlight_regex("l+", "reverse")
    if rnd.random() < 0.3 and len(text) > 2:
        text = text[1 : len(text) - 1]
    return text


def _rich_major() -> int:
    from importlib.metadata import version

    return int(version("rich").split(".")[0])


OLD_RICH = _rich_major() < 15  # checked with 13.7 (the floor) and 15


@pytest.mark.skipif(OLD_RICH, reason="Screen writes as Rich 15 does (13 trimmed line ends)")
def test_the_screen_writes_what_rich_writes() -> None:
    """Rich's bytes, for the styles our views use. (Rich 13, the oldest we support, dropped
    the spaces that end a line, and cut a link's to the width: both routes still write the
    same bytes there, through `Screen`.)"""
    from rich.console import Console

    def same_ids(text: str) -> str:
        return re.sub(r"id=[0-9]+;", "id=;", text)

    rnd = random.Random(15)
    for _ in range(2000):
        text = _random_text(rnd)
        width = rnd.choice([5, 10, 80])
        for colour in (True, False):
            out = io.StringIO()
            console = Console(
                file=out,
                force_terminal=colour,
                color_system="standard" if colour else None,
                width=width,
                highlight=False,
            )
            console.print(text, soft_wrap=True)
            assert same_ids(render(text, colour)) == same_ids(out.getvalue()), repr(text)


def test_columns_are_counted_as_rich_counts_them() -> None:
    from rich.cells import cell_len as theirs

    from roadmap_cli.styled import cell_len, set_cell_size

    latin = [chr(c) for c in range(0x300)] + list("✓»▸·█▓░→•…")
    assert [cell_len(c) for c in latin] == [theirs(c) for c in latin]
    for text in ("Pandas ✓ café", "a\nb\tc", "日本語のテキスト", "x\u0301y"):
        assert cell_len(text) == theirs(text)
        assert cell_len(set_cell_size(text, 5)) == 5


def test_a_link_keeps_one_id_from_run_to_run() -> None:
    text = Text("see ").append("here", "link https://example.org blue underline")
    assert render(text, True) == render(text.copy(), True)
    assert "id=" in render(text, True)


@pytest.mark.parametrize(
    ("argv", "rich"),
    [(["list"], False), (["show", "python"], False), (["history"], False), (["tracks"], True)],
)
def test_the_full_route_imports_rich_only_for_what_only_rich_draws(
    roadmap_home: Path, argv: list[str], rich: bool
) -> None:
    """Every view is written by `styled.Screen`; the tracks' table is Rich's."""
    typer_alone = subprocess.run(
        [sys.executable, "-c", "import sys, typer; print('rich.console' in sys.modules)"],
        check=True,
        capture_output=True,
        text=True,
    )
    if typer_alone.stdout.strip() == "True":
        pytest.skip("this Typer imports Rich itself")
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home), "FORCE_COLOR": "1"}
    command = [sys.executable, "-m", "roadmap_cli", "done", "python"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    out, heavy = run_importing(argv, env)
    assert ("rich.console" in heavy) is rich
    assert "\x1b[" in out  # in colour, as Rich would write it


def test_the_plain_progress_rows_hold_the_models_fields() -> None:
    """A field added to a model of the progress is a field the plain rows must carry."""
    from roadmap_cli import plaindata, plainprogress, records

    light = plainprogress
    models = {
        light.Note: records.Note,
        light.Link: records.Link,
        light.StudySession: records.StudySession,
        light.Card: records.Card,
    }
    for cls, model in models.items():
        assert [name for name, _ in light.ROWS[cls]] == list(model.model_fields)
    record = ["status", "started", "finished", "notes", "links", "log"]
    assert list(records.SkillProgress.model_fields) == record
    assert (plaindata.EARLIEST, plaindata.LATEST) == (records.EARLIEST, records.LATEST)


def test_the_fast_route_knows_which_commands_take_a_track() -> None:
    """`-t` after the command is the command's own option: only where the Typer app has it."""
    import typer.main

    from roadmap_cli import fastargs
    from roadmap_cli.cli import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in fastargs.COMMANDS:
        takes = "--track" in [o for p in commands[name].params for o in p.opts]
        assert takes == (name not in fastargs.WITHOUT_TRACK), name


def test_the_fast_route_knows_the_export_formats() -> None:
    from roadmap_cli import export
    from roadmap_cli.options import ExportFormat

    assert tuple(f.value for f in ExportFormat) == export.FORMATS
