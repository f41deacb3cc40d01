"""Output that fits the stream it goes to: any encoding, and a reader that stops early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_cli.streams import ASCII_FORMS


def roadmap(
    *args: str, encoding: str | None = None, home: Path, **extra: str
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ROADMAP_HOME": str(home), **extra}
    env.pop("NO_COLOR", None)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "roadmap_cli", *args], capture_output=True, env=env, timeout=120
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize(
    "command",
    [["list"], ["status"], ["next"], ["show", "python"], ["show", "numpy", "-t", "genai-engineer"]],
)
def test_a_narrow_encoding_gets_ascii_marks(tmp_path: Path, encoding: str, command) -> None:
    """`PYTHONIOENCODING=cp1252 roadmap list > out.txt` ended in a UnicodeEncodeError."""
    assert roadmap("done", "python", "numpy", home=tmp_path).returncode == 0
    assert roadmap("skip", "git", home=tmp_path).returncode == 0
    shown = roadmap(*command, encoding=encoding, home=tmp_path)
    assert shown.returncode == 0, shown.stderr.decode(errors="replace")
    assert shown.stderr == b""
    text = shown.stdout.decode("ascii")  # nothing but ASCII: our marks all have ASCII forms
    if command == ["list"]:
        assert "x Python" in text and "> Git" in text
        assert "#" in text and "=" in text
    wide = roadmap(*command, encoding="utf-8", home=tmp_path).stdout.decode("utf-8")
    expected = wide.translate(str.maketrans(ASCII_FORMS)).encode(encoding, "replace")
    assert shown.stdout == expected  # the same text, each of our marks in its ASCII form


def test_marks_stay_when_the_stream_can_encode_them(tmp_path: Path) -> None:
    shown = roadmap("list", encoding="utf-8", home=tmp_path)
    assert "·" in shown.stdout.decode("utf-8") and "░" in shown.stdout.decode("utf-8")


def test_json_on_a_narrow_stream_stays_exact(tmp_path: Path) -> None:
    """Names outside the encoding are escaped as JSON escapes, not replaced by '?'."""
    custom = tmp_path / "custom.yaml"
    custom.write_text(
        "schema_version: 1\nid: c\ntitle: C\ntracks:\n  - id: t\n    title: T\n"
        "    skills:\n      - id: s\n        name: Café ✓ 機械学習\n"
        "    phases:\n      - id: p\n        number: 1\n        title: P\n        skills: [s]\n",
        encoding="utf-8",
    )
    shown = roadmap("--roadmap", str(custom), "list", "--json", encoding="ascii", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["phases"][0]["skills"][0]["name"] == "Café ✓ 機械学習"
    human = roadmap("--roadmap", str(custom), "list", encoding="ascii", home=tmp_path)
    assert human.returncode == 0 and human.stderr == b""
    assert b"Caf? x ????" in human.stdout


def test_an_error_on_a_narrow_stderr_is_one_line(tmp_path: Path) -> None:
    shown = roadmap("done", "pythön", encoding="ascii", home=tmp_path)
    assert shown.returncode == 1
    assert shown.stderr.decode("ascii").count("\n") == 1
    assert shown.stderr.startswith(b"roadmap: error: ")


def closed_pipe(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    """Run with stdout a pipe whose reader is gone before anything is written (`| head -0`)."""
    read, write = os.pipe()
    os.close(read)
    env = {**os.environ, "ROADMAP_HOME": str(home)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "roadmap_cli", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write)


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`roadmap list | head -1` printed 'roadmap: error: Broken pipe' and exited 1."""
    for command in (["list"], ["status"], ["list", "--json"], ["export"]):
        done = closed_pipe(*command, home=tmp_path)
        assert (done.returncode, done.stderr) == (0, b""), command


def test_a_change_saved_before_the_pipe_closed_is_reported_done(tmp_path: Path) -> None:
    """`roadmap done X | head -1` saved, then exited 1."""
    done = closed_pipe("done", "pandas", home=tmp_path)
    assert (done.returncode, done.stderr) == (0, b"")
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["roadmaps"]["bundled"]["pandas"]["status"] == "done"
