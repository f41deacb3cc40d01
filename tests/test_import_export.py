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


def test_export_then_import_elsewhere_brings_records_and_history(
    run, tmp_path: Path, monkeypatch
) -> None:
    import json

    _some_progress(run)
    exported = tmp_path / "backup.json"
    result = run("export", "--format", "json", "-o", str(exported))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Exported to {exported}\n"
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "new-machine"))
    out = ok(run("import", str(exported)))
    assert out.splitlines()[-1] == f"Imported {exported}."
    before, after = (
        json.loads(exported.read_bytes()),
        json.loads(ok(run("export", "--format", "json"))),
    )
    assert after["roadmaps"] == before["roadmaps"]
    # the history imported, then the import itself: one change per skill, one batch
    assert after["events"][: len(before["events"])] == before["events"]
    added = after["events"][len(before["events"]) :]
    assert {e["action"] for e in added} == {"import"} and len({e["batch"] for e in added}) == 1
    assert [n["text"] for n in doc(run("show", "pandas", "--json"))["notes"]] == ["ch. 4 – ünïcode"]
    assert doc(run("status", "--json", "-t", "genai-engineer"))["counts"]["in-progress"] == 1
    # importing the same file again adds nothing: its events are known by their ids
    again = ok(run("import", str(exported)))
    assert again.splitlines()[0] == "Progress records: no change"


def test_import_dry_run_names_the_skills_and_writes_nothing(
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
        "bundled/git: no record → skipped",
        "bundled/numpy: no record → done",
        "bundled/pandas: no record → done",
        "Skills: 3 added, 0 changed, 0 removed",
        "History: 0 changes now, 6 after",
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
    ok(run("start", "numpy", "pandas"))
    before = progress_file.read_bytes()
    backups = backups_of(progress_file)
    out = ok(run("import", str(exported), "--dry-run"))
    assert out.splitlines() == [
        "bundled/numpy: in-progress → no record",
        "bundled/pandas: in-progress → done",
        "bundled/sql: done → no record",
        "Skills: 0 added, 1 changed, 2 removed",
        "History: 4 changes now, 7 after",
        "Dry run: nothing was written.",
    ]
    assert progress_file.read_bytes() == before
    assert backups_of(progress_file) == backups


def test_import_is_one_change_that_undo_reverts_whole(
    run, tmp_path: Path, progress_file: Path
) -> None:
    ok(run("done", "pandas"))
    exported = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    ok(run("done", "sql"))
    ok(run("note", "pandas", "kept?"))
    previous = progress_file.read_bytes()
    out = ok(run("import", str(exported)))
    assert out.splitlines() == [
        "bundled/pandas: done (notes, links or log)",
        "bundled/sql: done → no record",
        "Skills: 0 added, 1 changed, 1 removed",
        "History: 3 changes now, 5 after",
        f"Imported {exported} (the previous file is in backups/).",
    ]
    kept = [p.read_bytes() for p in (progress_file.parent / "backups").glob("progress-*.json")]
    assert previous in kept
    assert doc(run("show", "sql", "--json"))["status"] == "todo"
    assert doc(run("show", "pandas", "--json"))["notes"] == []
    history = doc(run("history", "--json"))["events"]
    assert [e["action"] for e in history[-2:]] == ["import", "import"]
    undone = ok(run("undo"))
    assert undone.splitlines()[0].startswith("Undid 'import' of ")
    assert doc(run("show", "sql", "--json"))["status"] == "done"
    assert [n["text"] for n in doc(run("show", "pandas", "--json"))["notes"]] == ["kept?"]


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


def test_an_import_plan_counts_one_change_in_the_singular(run, tmp_path: Path) -> None:
    ok(run("done", "python"))
    exported = tmp_path / "backup.json"
    exported.write_text(ok(run("export", "--format", "json")), encoding="utf-8")
    assert "History: 1 change now, 1 after" in ok(run("import", str(exported), "--dry-run"))


def test_an_import_that_changes_only_a_review_card_says_so_and_counts_it(
    run, tmp_path: Path
) -> None:
    """Reproduced: after a rating, importing the export made before it rolled the card back and
    recorded one change, while its plan said "Progress records: no change" and "History: 2
    changes now, 2 after"; `history` then called the change "note or links changed", and its
    undo "notes, links and log restored"."""
    ok(run("done", "pandas"))
    exported = tmp_path / "before-the-review.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    before_the_review = doc(run("review", "--json"))["reviews"]
    ok(run("review", "pandas", "--rating", "good"))
    assert doc(run("review", "--json"))["reviews"] != before_the_review
    plan = [
        "bundled/pandas: done (review card)",
        "Skills: 0 added, 1 changed, 0 removed",
        "History: 2 changes now, 3 after",
    ]
    assert ok(run("import", str(exported), "--dry-run")).splitlines()[:-1] == plan
    assert ok(run("import", str(exported))).splitlines()[:-1] == plan
    events = doc(run("history", "--json"))["events"]
    assert [e["action"] for e in events] == ["done", "review", "import"]
    assert ok(run("history")).splitlines()[-1].endswith("  Pandas: imported, still done")
    assert doc(run("review", "--json"))["reviews"] == before_the_review  # the card rolled back
    undone = ok(run("undo")).splitlines()
    assert undone[1:] == ["  pandas: as before the import, still done"]  # not "notes, links…"
    assert doc(run("review", "--json"))["reviews"] != before_the_review  # the rated card again


def test_an_import_plan_tells_notes_from_a_card_when_both_change(run, tmp_path: Path) -> None:
    ok(run("done", "pandas"))
    exported = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(exported)).exit_code == 0
    ok(run("review", "pandas", "--rating", "hard"))
    ok(run("note", "pandas", "a note the export lacks"))
    out = ok(run("import", str(exported), "--dry-run")).splitlines()
    assert out[0] == "bundled/pandas: done (notes, links or log; review card)"
    assert out[2] == "History: 3 changes now, 4 after"
