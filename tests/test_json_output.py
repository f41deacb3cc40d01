"""The --json documents: one document, in the shapes the README gives."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cli_helpers import ok
from shell_helpers import (
    COMPLETION_KEYS,
    EVENT_KEYS,
    PACE_KEYS,
    PHASE_KEYS,
    REQUIRED_AIML,
    SKILL_KEYS,
    cli,
    doc,
    today,
    utc_time,
)


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
        "percent": 4,
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
        assert (skill["notes"], skill["links"], skill["log"]) == ([], [], [])
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
    assert [n["text"] for n in shown["notes"]] == ["chapter 4"]
    assert utc_time(shown["notes"][0]["at"]) == utc_time(shown["finished"])
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
    assert shown["resources"] == []  # the Recommendations are a section of the track


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
    assert shown["overall"]["total"] == 55
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
    assert shown["counts"] == {"todo": 88, "in-progress": 1, "done": 2, "skipped": 1}
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
        "choices": [],
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
        ("aiml-genai", 21, 92),
        ("genai-engineer", 9, 63),
    ]
    assert shown["tracks"][0]["title"] == "AI/ML and GenAI Roadmap"
    assert shown["tracks"][0]["completion"]["complete"] == 2
    assert shown["tracks"][1]["completion"]["complete"] == 2  # the same pandas and numpy


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
