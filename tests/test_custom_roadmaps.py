"""Custom roadmaps: --roadmap and ROADMAP_FILE, progress kept per roadmap, validate."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import lines, ok
from shell_helpers import doc, progress_doc, skill_marks


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
        "unknown key 'goal' (did you mean 'goals'?)\n"
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
