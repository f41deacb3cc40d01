"""Helpers for the tests that run the CLI as a shell would (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import json
import os
import re
import select
import shlex
import subprocess
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from cli_helpers import ok, squash

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d"
SKILL = re.compile(r"^\s+(?P<mark>[✓»▸·]) (?P<name>.+?)\s{2,}(?P<id>[a-z0-9-]+)(?:\s{2,}.*)?$")
COMPLETION_KEYS = {"complete", "done", "skipped", "in_progress", "total", "percent"}
SKILL_KEYS = {
    "id",
    "name",
    "optional",
    "status",
    "started",
    "finished",
    "notes",
    "links",
    "log",
    "minutes",
}
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
EVENT_KEYS = {
    *("seq", "id", "at", "on", "roadmap", "track", "skill", "action", "old", "new", "undoes"),
    *("minutes", "text"),
}
PACE_KEYS = {"per_week", "window_days", "completed", "remaining", "projected_finish", "reason"}
REQUIRED_AIML = 73  # choices count once


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
