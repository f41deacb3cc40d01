"""Fits the shell: --json, plain output, completion, custom roadmaps, evidence, history and
pace, backup and move, search, where and doctor, through the real CLI."""

from __future__ import annotations

import json
import math
import os
import re
import select
import shlex
import subprocess
import sys
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len

from cli_helpers import lines, ok, squash
from roadmap_cli import catalog

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d"
SKILL = re.compile(r"^\s+(?P<mark>[✓»▸·]) (?P<name>.+?)\s{2,}(?P<id>[a-z0-9-]+)(?:\s{2,}.*)?$")
COMPLETION_KEYS = {"complete", "done", "skipped", "in_progress", "total", "percent"}
SKILL_KEYS = {"id", "name", "optional", "status", "started", "finished", "note", "links"}
PHASE_KEYS = {
    "id",
    "number",
    "title",
    "tag",
    "elective",
    "goals",
    "outcome",
    "why",
    "impact",
    "completion",
    "skills",
    "resources",
}
EVENT_KEYS = {"seq", "at", "roadmap", "track", "skill", "action", "old", "new", "undoes"}
PACE_KEYS = {"per_week", "window_days", "completed", "remaining", "projected_finish", "reason"}
REQUIRED_AIML = 76


# --- helpers --------------------------------------------------------------------------------


def today() -> date:
    return datetime.now().astimezone().date()


def doc(result) -> dict:
    """The one JSON document a --json command prints; json.loads refuses anything extra."""
    return json.loads(ok(result))


def utc_time(value: str) -> datetime:
    """An ISO 8601 time in UTC, as the README promises."""
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(0), value
    return moment


def skill_marks(text: str) -> dict[str, str]:
    """{skill id: mark} of every skill line of `list` (the last one wins for shared skills)."""
    found = (SKILL.match(line) for line in text.splitlines())
    return {m["id"]: m["mark"] for m in found if m}


def history_rows(text: str) -> list[str]:
    """History lines without their local time stamp, whitespace squashed."""
    rows = []
    for line in text.splitlines():
        assert re.match(STAMP, line), line
        rows.append(squash(line[16:]))
    return rows


def backups_of(progress_file: Path) -> list[Path]:
    folder = progress_file.parent / "backups"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def progress_doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def local_noon(days_ago: int) -> datetime:
    day = today() - timedelta(days=days_ago)
    return datetime.combine(day, time(12, 0)).astimezone()


def write_progress(path: Path, changes: list[tuple[datetime, str, str]]) -> None:
    """A hand-made progress file: (when, skill, new status) per change, in the bundled track."""
    actions = {"done": "done", "in-progress": "start", "skipped": "skip"}
    records: dict[str, dict] = {}
    events = []
    for n, (at, skill, new) in enumerate(changes, 1):
        old = records.get(skill, {}).get("status", "todo")
        stamp = at.isoformat()
        record = {"status": new, "started": stamp}
        if new in ("done", "skipped"):
            record["finished"] = stamp
        records[skill] = record
        events.append(
            {
                "seq": n,
                "batch": n,
                "at": stamp,
                "roadmap": "bundled",
                "track": "aiml-genai",
                "skill": skill,
                "action": actions[new],
                "old": old,
                "new": new,
                "before": {},
            }
        )
    data = {"schema_version": 2, "roadmaps": {"bundled": {"aiml-genai": records}}, "events": events}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def cli(*args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    """`python -m roadmap_cli ARGS` as a real process; its stdout is a pipe, not a terminal.

    Keyword arguments set environment variables (None removes one).
    """
    environ = dict(os.environ)
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return subprocess.run(
        [sys.executable, "-m", "roadmap_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=120,
    )


def complete(*words: str, **env: str | None) -> list[str]:
    """What bash Tab completion offers for the last word (use "" for an empty last word)."""
    line = " ".join(shlex.quote(w) if w else "" for w in ("roadmap", *words))
    done = cli(
        _ROADMAP_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words)), **env
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.split()


def in_terminal(*args: str, **env: str | None) -> str:
    """Run the CLI with a pseudo-terminal as stdout; return what it wrote there."""
    pty = pytest.importorskip("pty")
    environ = {**os.environ, "TERM": "xterm-256color"}
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "roadmap_cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=environ,
    )
    os.close(slave)
    chunks = []
    deadline = clock.monotonic() + 120
    try:
        while clock.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8")


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


# --- 1. --json ------------------------------------------------------------------------------


def test_list_json_shape_after_changes(run) -> None:
    ok(run("done", "pandas", "numpy"))
    ok(run("skip", "git"))
    ok(run("start", "sql"))
    ok(run("done", "tool-use"))  # optional
    listed = doc(run("list", "--json"))
    assert {"roadmap", "track", "title", "overall", "optional", "phases"} <= set(listed)
    assert (listed["roadmap"], listed["track"], listed["title"]) == (
        "bundled",
        "aiml-genai",
        "AI/ML and GenAI Roadmap",
    )
    assert listed["overall"] == {
        "complete": 3,
        "done": 2,
        "skipped": 1,
        "in_progress": 1,
        "total": REQUIRED_AIML,
        "percent": 3,
    }
    assert listed["optional"] == {
        "complete": 1,
        "done": 1,
        "skipped": 0,
        "in_progress": 0,
        "total": 15,
        "percent": 6,
    }
    assert len(listed["phases"]) == 21
    first = listed["phases"][0]
    assert set(first) >= PHASE_KEYS
    assert (first["id"], first["number"], first["title"]) == (
        "core-programming",
        1,
        "Core Programming",
    )
    assert first["completion"] == {
        "complete": 3,
        "done": 2,
        "skipped": 1,
        "in_progress": 0,
        "total": 6,
        "percent": 50,
    }
    for phase in listed["phases"]:
        assert set(phase["completion"]) == COMPLETION_KEYS
        for skill in phase["skills"]:
            assert set(skill) >= SKILL_KEYS


def test_list_json_shared_skill_is_done_in_both_phases_with_an_iso_time(run) -> None:
    ok(run("done", "pandas"))
    listed = doc(run("list", "--json"))
    entries = [
        (phase["id"], skill)
        for phase in listed["phases"]
        for skill in phase["skills"]
        if skill["id"] == "pandas"
    ]
    assert [pid for pid, _ in entries] == ["core-programming", "data-handling-preprocessing"]
    for _, skill in entries:
        assert skill["status"] == "done"
        assert skill["optional"] is False
        finished = utc_time(skill["finished"])
        assert finished.astimezone().date() == today()
        assert utc_time(skill["started"]) == finished
        assert (skill["note"], skill["links"]) == (None, [])
    assert listed["overall"]["complete"] == 1  # one skill, counted once overall


def test_list_json_in_progress_has_a_start_and_no_finish(run) -> None:
    ok(run("start", "sql"))
    listed = doc(run("list", "--json", "--phase", "3"))
    sql = next(s for s in listed["phases"][0]["skills"] if s["id"] == "sql")
    assert sql["status"] == "in-progress"
    assert utc_time(sql["started"]).astimezone().date() == today()
    assert sql["finished"] is None


def test_list_json_phase_filter_keeps_one_phase(run) -> None:
    ok(run("done", "pandas"))
    listed = doc(run("list", "--phase", "3", "--json"))
    assert [p["id"] for p in listed["phases"]] == ["data-handling-preprocessing"]
    assert [s["id"] for s in listed["phases"][0]["skills"]] == [
        "pandas",
        "scikit-learn",
        "sql",
        "data-cleaning",
        "feature-engineering",
    ]
    assert listed["phases"][0]["completion"]["complete"] == 1
    assert listed["overall"]["complete"] == 1  # the header still counts the whole track


def test_list_json_status_filter_keeps_matching_skills_and_their_phases(run) -> None:
    ok(run("done", "pandas", "calculus"))
    ok(run("start", "sql"))
    listed = doc(run("list", "--status", "done", "--json"))
    assert [(p["id"], [s["id"] for s in p["skills"]]) for p in listed["phases"]] == [
        ("core-programming", ["pandas"]),
        ("mathematics-for-ai-ml", ["calculus"]),
        ("data-handling-preprocessing", ["pandas"]),
    ]
    in_progress = doc(run("list", "--status", "in-progress", "--json"))
    assert [[s["id"] for s in p["skills"]] for p in in_progress["phases"]] == [["sql"]]
    assert doc(run("list", "--status", "skipped", "--json"))["phases"] == []


def test_show_json_skill_has_status_note_links_and_phases(run) -> None:
    ok(run("done", "pandas", "--note", "chapter 4", "--link", "https://example.com/nb"))
    shown = doc(run("show", "pd", "--json"))
    assert SKILL_KEYS | {"type", "aliases", "description", "group", "phases", "resources"} <= set(
        shown
    )
    assert (shown["type"], shown["id"], shown["name"], shown["status"]) == (
        "skill",
        "pandas",
        "Pandas",
        "done",
    )
    assert shown["note"] == "chapter 4"
    assert [link["url"] for link in shown["links"]] == ["https://example.com/nb"]
    assert utc_time(shown["links"][0]["added"]) == utc_time(shown["finished"])
    assert shown["aliases"] == ["pd"]
    assert shown["phases"] == [
        {"id": "core-programming", "number": 1, "title": "Core Programming"},
        {
            "id": "data-handling-preprocessing",
            "number": 3,
            "title": "Data Handling & Preprocessing",
        },
    ]


def test_show_json_phase(run) -> None:
    ok(run("done", "calculus"))
    shown = doc(run("show", "2", "--json"))
    assert PHASE_KEYS | {"type"} <= set(shown)
    assert (shown["type"], shown["id"], shown["number"]) == ("phase", "mathematics-for-ai-ml", 2)
    assert shown["goals"] == "Understand model math; probability distributions; derivatives"
    assert shown["outcome"] == "Build intuition for optimization and loss functions"
    assert shown["completion"]["complete"] == 1
    assert shown["completion"]["total"] == 4
    assert [s["id"] for s in shown["skills"]] == [
        "linear-algebra",
        "probability",
        "statistics",
        "calculus",
    ]
    assert shown["resources"] == [
        {
            "title": "Essence of Linear Algebra (YouTube)",
            "url": "https://www.youtube.com/watch?v=kjBOesZCoqc",
            "type": None,
            "focus": "Math Intuition",
        }
    ]


def test_show_json_track(run) -> None:
    ok(run("done", "python-basics", "-t", "genai-engineer"))
    shown = doc(run("show", "genai-engineer", "--json"))
    assert (shown["type"], shown["track"], shown["roadmap"]) == (
        "track",
        "genai-engineer",
        "bundled",
    )
    assert shown["title"] == "Generative AI (Gen AI) Engineer Roadmap 2025/26"
    assert shown["overall"]["complete"] == 1
    assert shown["overall"]["total"] == 59
    assert len(shown["phases"]) == 9
    assert shown["phases"][0]["title"] == "Programming Fundamentals"
    assert shown["sections"]
    for section in shown["sections"]:
        assert {"title", "text", "items", "resources"} <= set(section)


def test_next_json(run) -> None:
    ok(run("done", "python", "numpy"))
    ok(run("start", "sql"))
    shown = doc(run("next", "-n", "2", "--json"))
    assert shown["track"] == "aiml-genai"
    assert (shown["required_left"], shown["optional_left"]) == (REQUIRED_AIML - 2, 15)
    assert [s["id"] for s in shown["suggestions"]] == ["sql", "pandas"]
    first = shown["suggestions"][0]
    assert set(first) >= {"id", "name", "status", "optional", "phase", "why", "resources"}
    assert (first["name"], first["status"], first["optional"]) == ("SQL", "in-progress", False)
    assert first["phase"] == {
        "id": "data-handling-preprocessing",
        "number": 3,
        "title": "Data Handling & Preprocessing",
    }
    assert first["why"] == "Extract, clean, transform, and load data"


def test_status_json(run) -> None:
    ok(run("done", "python", "numpy"))
    ok(run("skip", "git"))
    ok(run("start", "sql"))
    shown = doc(run("status", "--json"))
    assert {"roadmap", "track", "title", "overall", "optional"} <= set(shown)
    assert {"counts", "phases", "recent", "streak", "pace"} <= set(shown)
    assert shown["counts"] == {"todo": 87, "in-progress": 1, "done": 2, "skipped": 1}
    assert shown["overall"]["complete"] == 3
    assert shown["phases"][0] == {
        "id": "core-programming",
        "number": 1,
        "title": "Core Programming",
        "completion": {
            "complete": 3,
            "done": 2,
            "skipped": 1,
            "in_progress": 0,
            "total": 6,
            "percent": 50,
        },
    }
    assert [(e["skill"], e["action"], e["old"], e["new"]) for e in shown["recent"]] == [
        ("sql", "start", "todo", "in-progress"),
        ("git", "skip", "todo", "skipped"),
        ("numpy", "done", "todo", "done"),
        ("python", "done", "todo", "done"),
    ]
    for event in shown["recent"]:
        assert set(event) >= EVENT_KEYS
        assert utc_time(event["at"]).astimezone().date() == today()
    assert shown["streak"] == {"current": 1, "longest": 1}
    assert set(shown["pace"]) >= PACE_KEYS


def test_tracks_json(run) -> None:
    ok(run("done", "pandas", "numpy"))
    shown = doc(run("tracks", "--json", "-t", "genai-engineer"))
    assert (shown["default"], shown["current"]) == ("aiml-genai", "genai-engineer")
    assert [(t["id"], t["phases"], t["skills"]) for t in shown["tracks"]] == [
        ("aiml-genai", 21, 91),
        ("genai-engineer", 9, 63),
    ]
    assert shown["tracks"][0]["title"] == "AI/ML and GenAI Roadmap"
    assert shown["tracks"][0]["completion"]["complete"] == 2
    assert shown["tracks"][1]["completion"]["complete"] == 0


def test_history_json(run) -> None:
    ok(run("done", "pandas"))
    ok(run("start", "sql"))
    ok(run("undo"))
    shown = doc(run("history", "--json"))
    assert date.fromisoformat(shown["as_of"]) == today()
    events = shown["events"]
    assert [(e["seq"], e["skill"], e["action"], e["old"], e["new"]) for e in events] == [
        (1, "pandas", "done", "todo", "done"),
        (2, "sql", "start", "todo", "in-progress"),
        (3, "sql", "undo", "in-progress", "todo"),
    ]
    assert [e["undoes"] for e in events] == [None, None, 2]
    for event in events:
        assert set(event) >= EVENT_KEYS
        assert (event["roadmap"], event["track"]) == ("bundled", "aiml-genai")
        utc_time(event["at"])


def test_where_json(run, roadmap_home: Path) -> None:
    shown = doc(run("where", "--json"))
    assert set(shown) >= {"data", "progress", "backups", "lock", "cache", "roadmap"}
    assert shown["data"] == str(roadmap_home)
    assert shown["progress"] == str(roadmap_home / "progress.json")
    assert shown["backups"] == str(roadmap_home / "backups")
    assert shown["lock"] == str(roadmap_home / "progress.json.lock")
    assert shown["cache"] == str(roadmap_home / "cache")
    assert Path(shown["roadmap"]).name == "roadmap.yaml"
    assert Path(shown["roadmap"]).is_file()


def test_json_from_a_real_process_is_one_document(run) -> None:
    ok(run("done", "pandas"))
    done = cli("status", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["overall"]["done"] == 1


def test_json_command_that_fails_prints_nothing_on_stdout(run, tmp_path: Path) -> None:
    result = run("--roadmap", str(tmp_path / "missing.yaml"), "list", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"roadmap: error: {tmp_path / 'missing.yaml'}: roadmap file not found\n"


# --- 2. plain output ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "-t", "genai-engineer"),
        ("status",),
        ("show", "pandas"),
        ("show", "2"),
        ("show", "genai-engineer"),
        ("next",),
        ("history",),
        ("search", "learn"),
        ("tracks",),
    ],
)
def test_piped_output_has_no_escape_codes(run, args: tuple[str, ...]) -> None:
    ok(run("done", "pandas", "--note", "notebook", "--link", "https://example.com/nb"))
    ok(run("start", "sql"))
    ok(run("skip", "git"))
    out = ok(run(*args))
    assert out.strip()
    assert "\x1b" not in out


@pytest.mark.parametrize("no_color", ["1", None])
def test_a_real_pipe_gets_plain_list_within_80_columns(run, no_color: str | None) -> None:
    ok(run("done", "pandas"))
    ok(run("start", "sql"))
    done = cli("list", NO_COLOR=no_color, FORCE_COLOR=None, COLUMNS="80")
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    assert done.stdout.splitlines()[0] == "AI/ML and GenAI Roadmap"
    assert max(cell_len(line) for line in done.stdout.splitlines()) <= 80


@pytest.mark.parametrize("args", [("list",), ("list", "-t", "genai-engineer"), ("status",)])
def test_tables_fit_80_columns(run, args: tuple[str, ...]) -> None:
    ok(run("start", "python"))
    ok(run("start", "python-basics", "-t", "genai-engineer"))
    ok(run("skip", "git"))
    out = ok(run(*args))
    widest = max(out.splitlines(), key=cell_len)
    assert cell_len(widest) <= 80, widest


def test_custom_roadmap_list_fits_80_columns(run, small_roadmap: Path) -> None:
    out = ok(run("--roadmap", str(small_roadmap), "list"))
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_a_terminal_without_no_color_gets_colour(run) -> None:
    # Checks the pseudo-terminal harness of the next test: a terminal does get escape codes.
    ok(run("done", "pandas"))
    out = in_terminal("list", "--phase", "1", NO_COLOR=None, FORCE_COLOR=None)
    assert "\x1b[32m" in out  # green bar
    assert "Core Programming" in out


@pytest.mark.parametrize("args", [("list", "--phase", "1"), ("status",), ("next", "-n", "1")])
def test_a_terminal_with_no_color_gets_no_escape_codes(run, args: tuple[str, ...]) -> None:
    ok(run("done", "pandas"))
    out = in_terminal(*args, NO_COLOR="1", FORCE_COLOR=None)
    assert out.strip()
    assert "\x1b" not in out


# --- 3. completion --------------------------------------------------------------------------


def test_completion_offers_a_skill_by_id_prefix() -> None:
    assert complete("done", "pan") == ["pandas"]


def test_completion_of_an_empty_word_offers_every_skill_of_the_track() -> None:
    offered = complete("start", "")
    skills = catalog.load_roadmap().track("aiml-genai").skills
    assert offered == [s.id for s in skills]


@pytest.mark.parametrize(
    ("typed", "offered"), [("sklearn", "sklearn"), ("skl", "sklearn"), ("scik", "scikit-learn")]
)
def test_completion_offers_an_alias_as_typed_and_the_id_by_prefix(typed: str, offered: str) -> None:
    assert complete("done", typed) == [offered]
    assert ok_run_done(offered)


def ok_run_done(word: str) -> bool:
    """What completion offered is accepted by the command itself."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ROADMAP_HOME": home}
        result = subprocess.run(
            [sys.executable, "-m", "roadmap_cli", "done", word],
            env=env,
            capture_output=True,
            text=True,
        )
    return result.returncode == 0 and "Scikit-learn: todo → done" in result.stdout


def test_completion_of_track_values() -> None:
    assert complete("list", "--track", "gen") == ["genai-engineer"]
    assert complete("list", "--track", "") == ["aiml-genai", "genai-engineer"]


def test_completion_of_phase_values() -> None:
    assert complete("list", "--phase", "ma") == ["mathematics-for-ai-ml", "machine-learning"]


def test_completion_uses_the_track_given_earlier_on_the_line() -> None:
    assert complete("done", "py") == ["python", "pytorch-or-tensorflow"]
    assert complete("done", "--track", "genai-engineer", "py") == ["python-basics", "pytorch"]
    genai_phases = [p.id for p in catalog.load_roadmap().track("genai-engineer").phases]
    assert complete("list", "--track", "genai-engineer", "--phase", "") == genai_phases


def test_completion_uses_the_track_from_the_environment() -> None:
    assert complete("done", "py", ROADMAP_TRACK="genai-engineer") == ["python-basics", "pytorch"]


def test_completion_from_a_custom_roadmap(small_roadmap: Path) -> None:
    expected = ["python", "pandas", "numpy", "scikit-learn", "javascript", "tinyml"]
    assert complete("--roadmap", str(small_roadmap), "done", "") == expected
    assert complete("done", "", ROADMAP_FILE=str(small_roadmap)) == expected
    assert complete("--roadmap", str(small_roadmap), "list", "--track", "s") == ["second"]
    assert complete("--roadmap", str(small_roadmap), "list", "--phase", "") == [
        "programming",
        "data",
        "edge",
    ]


@pytest.mark.parametrize("kind", ["missing", "not yaml", "invalid roadmap"])
def test_completion_with_a_broken_roadmap_offers_nothing_quietly(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "broken.yaml"
    if kind == "not yaml":
        path.write_text("schema_version: 1\ntracks: [\n", encoding="utf-8")
    elif kind == "invalid roadmap":
        path.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    # complete() also checks exit 0 and an empty stderr (no traceback).
    assert complete("done", "pan", ROADMAP_FILE=str(path)) == []
    assert complete("--roadmap", str(path), "done", "pan") == []


def test_completion_with_a_folder_as_roadmap_file_offers_nothing(tmp_path: Path) -> None:
    assert complete("done", "pan", ROADMAP_FILE=str(tmp_path)) == []


def test_completion_never_touches_the_progress_file(progress_file: Path) -> None:
    assert complete("done", "pan") == ["pandas"]
    assert not progress_file.exists()


def test_show_completion_prints_a_bash_script() -> None:
    assert "--show-completion" in cli("--help").stdout
    done = cli("--show-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert (done.returncode, done.stderr) == (0, "")
    assert "_ROADMAP_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _roadmap_completion roadmap" in done.stdout


# --- 4. custom roadmaps ---------------------------------------------------------------------


def test_custom_roadmap_by_option_and_by_environment(run, small_roadmap: Path, monkeypatch) -> None:
    out = ok(run("--roadmap", str(small_roadmap), "list"))
    assert out.splitlines()[0] == "Basics"
    assert list(skill_marks(out)) == [
        "python",
        "pandas",
        "numpy",
        "javascript",
        "scikit-learn",
        "tinyml",
    ]
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    assert ok(run("list")).splitlines()[0] == "Basics"
    assert doc(run("list", "--json"))["roadmap"] == "small"


def test_progress_is_kept_per_roadmap(run, small_roadmap: Path, progress_file: Path) -> None:
    small = ("--roadmap", str(small_roadmap))
    ok(run("done", "pandas"))
    assert skill_marks(ok(run(*small, "list")))["pandas"] == "·"
    assert lines(ok(run(*small, "done", "numpy")))[0] == "✓ NumPy: todo → done"
    assert skill_marks(ok(run("list")))["numpy"] == "·"
    ok(run(*small, "done", "pandas"))
    ok(run("reset", "pandas"))  # in the bundled roadmap only
    bundled = skill_marks(ok(run("list")))
    assert (bundled["pandas"], bundled["numpy"]) == ("·", "·")
    mine = skill_marks(ok(run(*small, "list")))
    assert (mine["pandas"], mine["numpy"], mine["python"]) == ("✓", "✓", "·")
    assert doc(run(*small, "list", "--json"))["overall"]["complete"] == 2
    stored = progress_doc(progress_file)["roadmaps"]
    assert set(stored) == {"bundled", "small"}
    assert set(stored["small"]["basics"]) == {"pandas", "numpy"}
    assert stored["small"]["basics"]["pandas"]["status"] == "done"
    assert "pandas" not in stored["bundled"].get("aiml-genai", {})  # reset in the bundled one


def test_progress_in_a_custom_roadmap_is_kept_per_track(
    run, small_roadmap: Path, progress_file: Path
) -> None:
    small = ("--roadmap", str(small_roadmap))
    ok(run(*small, "done", "pandas", "-t", "second"))
    assert skill_marks(ok(run(*small, "list")))["pandas"] == "·"
    assert skill_marks(ok(run(*small, "list", "-t", "second")))["pandas"] == "✓"
    ok(run("done", "pandas"))
    stored = progress_doc(progress_file)["roadmaps"]
    assert stored["small"]["second"]["pandas"]["status"] == "done"
    assert "basics" not in stored["small"]
    assert stored["bundled"]["aiml-genai"]["pandas"]["status"] == "done"


def test_switching_back_shows_each_roadmap_intact(run, small_roadmap: Path, monkeypatch) -> None:
    ok(run("done", "pandas", "--note", "bundled note"))
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    ok(run("start", "pandas"))
    ok(run("note", "pandas", "small note"))
    shown = doc(run("show", "pandas", "--json"))
    assert (shown["status"], shown["note"]) == ("in-progress", "small note")
    monkeypatch.delenv("ROADMAP_FILE")
    shown = doc(run("show", "pandas", "--json"))
    assert (shown["status"], shown["note"]) == ("done", "bundled note")


def test_validate_a_good_file(run, small_roadmap: Path) -> None:
    result = run("validate", str(small_roadmap))
    assert ok(result) == (f"{small_roadmap}: ok: roadmap 'small', 2 tracks, 4 phases, 7 skills\n")


def test_validate_a_bad_file_names_file_line_and_key(
    run, tmp_path: Path, small_roadmap_text: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(small_roadmap_text.replace("goals: Write code", "goal: Write code"), "utf-8")
    line = small_roadmap_text.splitlines().index("        goals: Write code") + 1
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"roadmap: error: {bad}:{line}: tracks[basics].phases[programming].goal: "
        "unknown field (a typo?)\n"
    )


def test_a_bad_custom_roadmap_stops_every_command(run, tmp_path: Path, progress_file: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    result = run("--roadmap", str(bad), "done", "pandas")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"roadmap: error: {bad}")
    assert not progress_file.exists()


def test_a_missing_roadmap_file_exits_1(run, tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("--roadmap", str(missing), "list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"roadmap: error: {missing}: roadmap file not found\n"
    monkeypatch.setenv("ROADMAP_FILE", str(missing))
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        1,
        f"roadmap: error: {missing}: roadmap file not found\n",
    )


# --- 5. evidence: notes and links -----------------------------------------------------------


def test_note_attaches_a_note_without_changing_the_status(run, progress_file: Path) -> None:
    out = ok(run("note", "sql", "joins and window functions"))
    assert lines(out)[0] == "· SQL: todo (note or links updated)"
    record = progress_doc(progress_file)["roadmaps"]["bundled"]["aiml-genai"]["sql"]
    assert record == {"note": "joins and window functions"}  # status todo: the default
    ok(run("done", "sql"))
    ok(run("note", "sql", "revisited"))
    shown = doc(run("show", "sql", "--json"))
    assert (shown["status"], shown["note"]) == ("done", "revisited")


def test_links_are_repeatable_and_deduplicated(run) -> None:
    a, b, c = (f"https://example.com/{n}" for n in "abc")
    ok(run("done", "pandas", "--link", a, "--link", a, "--link", b))
    ok(run("note", "pandas", "--link", b, "--link", c, "-l", a))
    shown = doc(run("show", "pandas", "--json"))
    assert [link["url"] for link in shown["links"]] == [a, b, c]
    for link in shown["links"]:
        assert utc_time(link["added"]).astimezone().date() == today()
    assert shown["note"] is None
    assert shown["status"] == "done"


def test_note_clear_removes_the_note_and_keeps_links(run) -> None:
    ok(run("note", "sql", "first", "--link", "https://example.com/sql"))
    ok(run("note", "sql", "--clear"))
    shown = doc(run("show", "sql", "--json"))
    assert shown["note"] is None
    assert [link["url"] for link in shown["links"]] == ["https://example.com/sql"]
    assert not any(line.startswith("Note:") for line in lines(ok(run("show", "sql"))))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("note", "sql"), "nothing to attach: give a note, --link URL or --clear"),
        (("note", "sql", "text", "--clear"), "give a note or --clear, not both"),
        (("note", "sql", "  "), "the note is empty (to remove a note: roadmap note SKILL --clear)"),
    ],
)
def test_note_usage_errors_exit_2(run, progress_file: Path, args, message: str) -> None:
    ok(run("done", "pandas"))
    before = progress_file.read_bytes()
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"roadmap: error: {message}\n"
    assert progress_file.read_bytes() == before


@pytest.mark.parametrize("url", ["ftp://example.com/x", "javascript:alert(1)", "example.com"])
@pytest.mark.parametrize("command", [("done", "sql"), ("note", "sql", "a note")])
def test_a_non_http_link_exits_2_and_changes_nothing(
    run, progress_file: Path, url: str, command: tuple[str, ...]
) -> None:
    ok(run("start", "pandas"))
    before = progress_file.read_bytes()
    backups = backups_of(progress_file)
    result = run(*command, "--link", "https://example.com/good", "--link", url)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"roadmap: error: --link '{url}' is not an http(s) URL\n"
    assert progress_file.read_bytes() == before
    assert backups_of(progress_file) == backups
    assert doc(run("show", "sql", "--json"))["status"] == "todo"


def test_show_displays_note_and_links_with_their_day(run) -> None:
    ok(run("done", "sql", "--note", "window functions", "--link", "https://example.com/sql"))
    ok(run("note", "sql", "--link", "https://example.com/cert"))
    out = ok(run("show", "sql")).splitlines()
    assert "Note: window functions" in out
    at = out.index("Links:")
    assert out[at + 1 : at + 3] == [
        f"  • https://example.com/sql (added {today()})",
        f"  • https://example.com/cert (added {today()})",
    ]


def test_markdown_export_lists_note_and_links_under_the_skill(run) -> None:
    ok(run("done", "sql", "--note", "window functions", "--link", "https://example.com/sql"))
    ok(run("note", "sql", "--link", "https://example.com/cert"))
    ok(run("note", "data-cleaning", "plots first"))
    out = ok(run("export")).splitlines()
    at = out.index(f"- [x] SQL (done {today()})")
    while out[at + 1].startswith("  - Learn: "):  # the skill's resources come first
        at += 1
    assert out[at + 1 : at + 4] == [
        "  - Note: window functions",
        "  - Link: <https://example.com/sql>",
        "  - Link: <https://example.com/cert>",
    ]
    at = out.index("- [ ] Data Cleaning")
    while out[at + 1].startswith("  - Learn: "):
        at += 1
    assert out[at + 1] == "  - Note: plots first"


def test_undo_reverts_a_note_change(run) -> None:
    ok(run("note", "sql", "first"))
    ok(run("note", "sql", "second", "--link", "https://example.com/x"))
    out = ok(run("undo")).splitlines()
    assert re.fullmatch(rf"Undid 'note' of SQL \(from {STAMP}\):", out[0])
    assert out[1:] == ["  SQL: note and links restored"]
    shown = doc(run("show", "sql", "--json"))
    assert (shown["note"], shown["links"], shown["status"]) == ("first", [], "todo")
    ok(run("undo"))
    assert doc(run("show", "sql", "--json"))["note"] is None


# --- 6. history and pace --------------------------------------------------------------------


def test_history_lists_changes_oldest_first(run) -> None:
    ok(run("done", "python"))
    ok(run("start", "sql"))
    ok(run("skip", "git"))
    ok(run("note", "sql", "joins"))
    assert history_rows(ok(run("history"))) == [
        "done ✓ Python: todo → done",
        "start ▸ SQL: todo → in-progress",
        "skip » Git: todo → skipped",
        "note SQL: note or links changed",
    ]


def test_history_limit_keeps_the_latest(run) -> None:
    for skill in ("python", "numpy", "pandas", "matplotlib"):
        ok(run("done", skill))
    assert history_rows(ok(run("history", "--limit", "2"))) == [
        "done ✓ Pandas: todo → done",
        "done ✓ Matplotlib: todo → done",
    ]
    assert [e["skill"] for e in doc(run("history", "-n", "1", "--json"))["events"]] == [
        "matplotlib"
    ]


def test_history_is_per_track(run) -> None:
    ok(run("done", "python"))
    ok(run("done", "python-basics", "-t", "genai-engineer"))
    assert history_rows(ok(run("history"))) == ["done ✓ Python: todo → done"]
    assert history_rows(ok(run("history", "-t", "genai-engineer"))) == [
        "done ✓ Python Basics: todo → done"
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
    }
    assert shown["streak"] == {"current": 1, "longest": 2}
    out = ok(run("status"))
    assert "Streak: 1 day (longest 2)" in lines(out)
    assert squash(out).endswith(
        f"Pace: at 4.0 skills/week (last 14 days), {remaining} required skills left: "
        f"about {finish.isoformat()}"
    )


def test_status_pace_without_recent_completions_has_no_projection(run, progress_file: Path) -> None:
    write_progress(progress_file, [(local_noon(40), "python", "done")])
    shown = doc(run("status", "--json"))
    assert shown["pace"]["per_week"] == 0.0
    assert shown["pace"]["window_days"] == 28
    assert shown["pace"]["projected_finish"] is None
    assert shown["pace"]["reason"] == "nothing completed in the last 28 days"
    assert squash(ok(run("status"))).endswith(
        "Pace: 0.0 skills/week over the last 28 days; no projection: nothing completed in the "
        "last 28 days"
    )


# --- 7. backup and move ---------------------------------------------------------------------


def _some_progress(run) -> None:
    ok(run("done", "pandas", "numpy", "--note", "ch. 4 – ünïcode", "--link", "https://e.com/nb"))
    ok(run("skip", "git"))
    ok(run("start", "python-basics", "-t", "genai-engineer"))
    ok(run("undo"))
    ok(run("start", "python-basics", "-t", "genai-engineer"))


def test_export_import_export_is_byte_identical(run, tmp_path: Path, monkeypatch) -> None:
    _some_progress(run)
    exported = tmp_path / "backup.json"
    result = run("export", "--format", "json", "-o", str(exported))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Exported to {exported}\n"
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "new-machine"))
    out = ok(run("import", str(exported)))
    assert out.splitlines()[-1] == f"Imported {exported}."
    again = ok(run("export", "--format", "json"))
    assert again.encode("utf-8") == exported.read_bytes()
    assert doc(run("show", "pandas", "--json"))["note"] == "ch. 4 – ünïcode"
    assert doc(run("status", "--json", "-t", "genai-engineer"))["counts"]["in-progress"] == 1


def test_import_dry_run_prints_the_summary_and_writes_nothing(
    run, tmp_path: Path, monkeypatch
) -> None:
    ok(run("done", "pandas", "numpy"))
    ok(run("skip", "git"))
    exported = tmp_path / "backup.json"
    exported.write_text(ok(run("export", "--format", "json")), encoding="utf-8")
    home = tmp_path / "new-machine"
    monkeypatch.setenv("ROADMAP_HOME", str(home))
    out = ok(run("import", str(exported), "--dry-run"))
    assert out.splitlines() == [
        "bundled/aiml-genai: 3 skills added, 0 changed, 0 removed",
        "History: 0 changes now, 3 after",
        "Dry run: nothing was written.",
    ]
    assert not (home / "progress.json").exists()
    assert not (home / "backups").exists()
    assert doc(run("status", "--json"))["overall"]["complete"] == 0


def test_import_dry_run_over_progress_leaves_it_alone(
    run, tmp_path: Path, progress_file: Path
) -> None:
    ok(run("done", "pandas"))
    exported = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    ok(run("done", "sql"))
    ok(run("start", "numpy"))
    before = progress_file.read_bytes()
    backups = backups_of(progress_file)
    out = ok(run("import", str(exported), "--dry-run"))
    assert out.splitlines() == [
        "bundled/aiml-genai: 0 skills added, 0 changed, 2 removed",
        "History: 3 changes now, 1 after",
        "Dry run: nothing was written.",
    ]
    assert progress_file.read_bytes() == before
    assert backups_of(progress_file) == backups


def test_import_over_progress_keeps_the_previous_file_in_backups(
    run, tmp_path: Path, progress_file: Path
) -> None:
    ok(run("done", "pandas"))
    exported = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    ok(run("done", "sql"))
    previous = progress_file.read_bytes()
    out = ok(run("import", str(exported)))
    assert out.splitlines() == [
        "bundled/aiml-genai: 0 skills added, 0 changed, 1 removed",
        "History: 2 changes now, 1 after",
        f"Imported {exported} (the previous file is in backups/).",
    ]
    assert progress_file.read_bytes() == exported.read_bytes()
    kept = [p.read_bytes() for p in (progress_file.parent / "backups").glob("progress-*.json")]
    assert previous in kept
    assert doc(run("show", "sql", "--json"))["status"] == "todo"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"this is not json", "is not valid JSON (line 1, column 1)"),
        (b'{"name": "my todo list", "items": []}', "has no valid schema_version"),
        (b"[1, 2, 3]", "does not hold a JSON object"),
        (b'{"schema_version": 2, "roadmaps": "yes"}', "has a bad value at roadmaps"),
        (b'{"schema_version": 99}', "newer than this program knows"),
    ],
)
def test_import_of_a_corrupt_or_foreign_file_exits_1_and_changes_nothing(
    run, tmp_path: Path, progress_file: Path, content: bytes, problem: str
) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "sql"))
    before = progress_file.read_bytes()
    backups = backups_of(progress_file)
    foreign = tmp_path / "foreign.json"
    foreign.write_bytes(content)
    result = run("import", str(foreign))
    assert (result.exit_code, result.stdout) == (1, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"roadmap: error: {foreign}: import file ")
    assert problem in result.stderr
    assert progress_file.read_bytes() == before
    assert backups_of(progress_file) == backups


def test_import_of_a_missing_file_exits_1(run, tmp_path: Path, progress_file: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run("import", str(missing))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"roadmap: error: {missing}: cannot read: No such file or directory\n"
    assert not progress_file.exists()


# --- 8. search ------------------------------------------------------------------------------


def hits(out: str) -> list[tuple[str, str]]:
    """(kind, id) of every search hit; wrapped continuation lines are skipped."""
    return re.findall(r"^(skill|phase|resource) +(\S+)", out, re.MULTILINE)


def test_search_finds_a_skill_by_name_and_by_alias(run) -> None:
    assert ok(run("search", "sklearn")) == "skill    scikit-learn  Scikit-learn: sklearn\n"
    assert ("skill", "pandas") in hits(ok(run("search", "PANDAS")))


def test_search_finds_phases_by_goals_and_outcome(run) -> None:
    by_outcome = ok(run("search", "loss functions"))
    assert hits(by_outcome) == [("phase", "mathematics-for-ai-ml"), ("phase", "deep-learning")]
    assert "Build intuition for optimization and loss functions" in squash(by_outcome)
    by_goals = ok(run("search", "version control"))
    assert ("phase", "core-programming") in hits(by_goals)  # Git's description matches too
    assert "Write clean, modular, and testable code; version control" in squash(by_goals)


def test_search_finds_resources_by_title(run) -> None:
    assert ok(run("search", "essence of")) == (
        "resource mathematics-for-ai-ml  Essence of Linear Algebra (YouTube)\n"
    )


def test_search_in_a_custom_roadmap(run, small_roadmap: Path) -> None:
    out = ok(run("--roadmap", str(small_roadmap), "search", "data"))
    assert hits(out) == [("phase", "data")]
    assert ok(run("--roadmap", str(small_roadmap), "search", "python docs")) == (
        "resource programming  Python docs\n"
    )


def test_search_without_a_match_says_so(run) -> None:
    assert ok(run("search", "cobol")) == "Nothing matches 'cobol'.\n"


@pytest.mark.parametrize("term", ["", "   "])
def test_search_for_nothing_exits_2(run, term: str) -> None:
    result = run("search", term)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "roadmap: error: empty search name\n"


# --- 9. where -------------------------------------------------------------------------------


def test_where_prints_every_path(run, roadmap_home: Path) -> None:
    out = ok(run("where")).splitlines()
    assert out[:5] == [
        f"data:     {roadmap_home}",
        f"progress: {roadmap_home / 'progress.json'}",
        f"backups:  {roadmap_home / 'backups'}",
        f"lock:     {roadmap_home / 'progress.json.lock'}",
        f"cache:    {roadmap_home / 'cache'}",
    ]
    assert out[5].startswith("roadmap:  ")
    assert out[5].endswith("roadmap.yaml")
    assert len(out) == 6


def test_where_names_the_custom_roadmap(run, small_roadmap: Path, monkeypatch) -> None:
    assert ok(run("--roadmap", str(small_roadmap), "where")).splitlines()[5] == (
        f"roadmap:  {small_roadmap}"
    )
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    assert doc(run("where", "--json"))["roadmap"] == str(small_roadmap)


def test_where_follows_roadmap_home(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "synced"))
    shown = doc(run("where", "--json"))
    assert shown["progress"] == str(tmp_path / "synced" / "progress.json")
    assert not (tmp_path / "synced").exists()  # where only tells, it creates nothing


# --- 10. doctor -----------------------------------------------------------------------------


def test_doctor_on_a_healthy_store(run, progress_file: Path, roadmap_home: Path) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "numpy"))
    (backup,) = (roadmap_home / "backups").iterdir()
    assert ok(run("doctor")).splitlines() == [
        "roadmap: ok: 2 tracks, 154 skills",
        f"progress: ok: {progress_file} (schema 2, 2 skills with progress, 2 changes)",
        f"backups: 1 in {roadmap_home / 'backups'}, newest {backup.name}",
    ]


def test_doctor_on_a_fresh_store(run, progress_file: Path, roadmap_home: Path) -> None:
    assert ok(run("doctor")).splitlines() == [
        "roadmap: ok: 2 tracks, 154 skills",
        f"progress: ok: {progress_file} (schema 2, 0 skills with progress, 0 changes)",
        f"backups: 0 in {roadmap_home / 'backups'}",
    ]


def test_doctor_lists_orphans_and_a_write_keeps_them(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    data = progress_doc(progress_file)
    orphan = {"status": "done", "finished": "2026-01-05T10:00:00Z", "note": "old skill"}
    data["roadmaps"]["bundled"]["aiml-genai"]["cobol"] = orphan
    data["roadmaps"]["bundled"]["retired-track"] = {"fortran": {"status": "in-progress"}}
    progress_file.write_text(json.dumps(data), encoding="utf-8")
    out = ok(run("doctor")).splitlines()
    assert out[2:4] == [
        "orphans: aiml-genai: progress kept for skills this roadmap no longer has: cobol",
        "orphans: progress kept for unknown track retired-track",
    ]
    ok(run("done", "sql"))
    stored = progress_doc(progress_file)["roadmaps"]["bundled"]
    assert stored["aiml-genai"]["cobol"] == orphan
    assert stored["retired-track"] == {"fortran": {"status": "in-progress"}}
    assert stored["aiml-genai"]["sql"]["status"] == "done"
    assert doc(run("list", "--json"))["overall"]["complete"] == 2  # the orphan is not counted


def test_doctor_reports_a_corrupt_progress_file(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "numpy"))
    progress_file.write_bytes(b"{broken")
    result = run("doctor")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0] == "roadmap: ok: 2 tracks, 154 skills"
    assert out[1] == (
        f"progress: PROBLEM: {progress_file}: progress file is not valid JSON (line 1, column 2); "
        "left untouched ('roadmap doctor --restore-backup' puts back the newest backup)"
    )
    assert out[2].startswith("backups: 1 in ")
    assert progress_file.read_bytes() == b"{broken"


def test_doctor_reports_a_bad_custom_roadmap(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    result = run("--roadmap", str(bad), "doctor")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"roadmap: PROBLEM: {bad}")


def test_doctor_restore_backup_puts_back_the_newest_good_backup(
    run, progress_file: Path, roadmap_home: Path
) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "numpy"))  # keeps the file with pandas done in backups/
    (backup,) = (roadmap_home / "backups").iterdir()
    good = backup.read_bytes()
    progress_file.write_bytes(b"{broken")
    result = run("doctor", "--restore-backup")
    out = ok(result).splitlines()
    assert len(out) == 1
    match = re.fullmatch(
        rf"Restored {re.escape(backup.name)} to {re.escape(str(progress_file))}; "
        rf"the replaced file is kept as (?P<kept>.+)",
        out[0],
    )
    assert match, out[0]
    kept = Path(match["kept"])
    assert kept.parent == roadmap_home
    assert kept.name.startswith("progress.json.broken-")
    assert kept.read_bytes() == b"{broken"
    assert progress_file.read_bytes() == good
    marks = skill_marks(ok(run("list", "--phase", "1")))
    assert (marks["pandas"], marks["numpy"]) == ("✓", "·")
    assert ok(run("doctor")).splitlines()[1].startswith("progress: ok: ")


def test_doctor_restore_backup_without_a_backup_exits_1(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    progress_file.write_bytes(b"{broken")
    result = run("doctor", "--restore-backup")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"roadmap: error: {progress_file.parent / 'backups'}: no usable backup to restore\n"
    )
    assert progress_file.read_bytes() == b"{broken"


def test_import_dry_run_creates_nothing(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("done", "pandas"))
    exported = tmp_path / "all.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    fresh = tmp_path / "fresh-home"
    monkeypatch.setenv("ROADMAP_HOME", str(fresh))
    out = ok(run("import", str(exported), "--dry-run"))
    assert out.splitlines()[-1] == "Dry run: nothing was written."
    assert not fresh.exists()
