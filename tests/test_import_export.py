"""Backup and move: export, import, dry runs, and what they never touch."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import ok
from shell_helpers import backups_of, doc


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
