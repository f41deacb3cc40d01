"""Choosing the track once: `roadmap use`, options before or after the command, precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import ok


def title_of(run, *args: str) -> str:
    return json.loads(ok(run(*args, "list", "--json")))["track"]


def test_the_track_option_works_before_and_after_the_command(run) -> None:
    assert title_of(run, "-t", "genai-engineer") == "genai-engineer"
    assert title_of(run, "--track", "genai-engineer") == "genai-engineer"
    shown = json.loads(ok(run("list", "--json", "-t", "genai-engineer")))
    assert shown["track"] == "genai-engineer"
    assert "Programming Fundamentals" in ok(run("-t", "genai-engineer", "next", "-n", "1"))


def test_the_roadmap_option_works_after_the_command(run, small_roadmap: Path) -> None:
    after = json.loads(ok(run("list", "--json", "--roadmap", str(small_roadmap))))
    before = json.loads(ok(run("--roadmap", str(small_roadmap), "list", "--json")))
    assert after == before and after["roadmap"] == "small"
    assert json.loads(ok(run("list", "--json", f"--roadmap={small_roadmap}")))["roadmap"] == "small"


def test_use_remembers_the_track(run, roadmap_home: Path) -> None:
    assert "Using aiml-genai" in ok(run("use"))
    assert "Now using genai-engineer" in ok(run("use", "genai-engineer"))
    assert title_of(run) == "genai-engineer"
    assert "chosen with 'roadmap use'" in ok(run("use"))
    saved = json.loads((roadmap_home / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"schema_version": 1, "track": {"bundled": "genai-engineer"}}
    assert json.loads(ok(run("tracks", "--json")))["current"] == "genai-engineer"


def test_precedence_option_then_environment_then_use_then_default(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert title_of(run) == "aiml-genai"
    ok(run("use", "genai-engineer"))
    assert title_of(run) == "genai-engineer"
    monkeypatch.setenv("ROADMAP_TRACK", "aiml-genai")
    assert title_of(run) == "aiml-genai"
    assert "from ROADMAP_TRACK" in ok(run("use"))
    assert title_of(run, "-t", "genai-engineer") == "genai-engineer"
    shown = json.loads(ok(run("list", "--json", "-t", "genai-engineer")))
    assert shown["track"] == "genai-engineer"


def test_use_is_kept_per_roadmap(run, small_roadmap: Path) -> None:
    ok(run("use", "genai-engineer"))
    assert title_of(run, "--roadmap", str(small_roadmap)) == "basics"
    ok(run("--roadmap", str(small_roadmap), "use", "second"))
    assert title_of(run, "--roadmap", str(small_roadmap)) == "second"
    assert title_of(run) == "genai-engineer"


def test_use_of_an_unknown_track_changes_nothing(run, roadmap_home: Path) -> None:
    result = run("use", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("roadmap: error: unknown track 'nope'")
    assert not (roadmap_home / "settings.json").exists()


@pytest.mark.parametrize(
    "content",
    [b"{", b'{"schema_version":1,"track":{},"track":{}}', b"[]", b'{"schema_version":1}'],
)
def test_a_broken_settings_file_is_one_line_and_use_replaces_it(
    run, roadmap_home: Path, content: bytes
) -> None:
    roadmap_home.mkdir(parents=True, exist_ok=True)
    (roadmap_home / "settings.json").write_bytes(content)
    result = run("next")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "settings.json: settings file" in result.stderr
    assert title_of(run, "-t", "genai-engineer") == "genai-engineer"  # an option needs no file
    ok(run("use", "genai-engineer"))
    assert title_of(run) == "genai-engineer"


def test_a_saved_track_the_roadmap_no_longer_has_says_what_to_do(run, roadmap_home: Path) -> None:
    roadmap_home.mkdir(parents=True, exist_ok=True)
    doc = {"schema_version": 1, "track": {"bundled": "gone"}}
    (roadmap_home / "settings.json").write_text(json.dumps(doc), encoding="utf-8")
    result = run("next")
    assert result.exit_code == 2
    assert "roadmap use TRACK" in result.stderr
    ok(run("use", "aiml-genai"))
    assert title_of(run) == "aiml-genai"


def test_where_shows_the_settings_file(run, roadmap_home: Path) -> None:
    shown = json.loads(ok(run("where", "--json")))
    assert shown["settings"] == str(roadmap_home / "settings.json")


def test_roadmap_alone_is_a_dashboard(run) -> None:
    ok(run("done", "python", "numpy"))
    ok(run("start", "pandas"))
    shown = ok(run())
    assert shown.splitlines()[0].startswith("AI/ML and GenAI Roadmap")
    assert "2/73" in shown
    assert "Streak: 1 day" in shown
    assert [line.split()[1] for line in shown.splitlines() if line.startswith("  ")] == [
        "Pandas",
        "Matplotlib",
        "Git",  # Seaborn comes after Matplotlib
    ]
