"""doctor: checks, orphans, a corrupt file, and restoring a backup."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_helpers import ok
from shell_helpers import doc, progress_doc, skill_marks


def test_doctor_on_a_healthy_store(run, progress_file: Path, roadmap_home: Path) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "numpy"))
    (backup,) = (roadmap_home / "backups").iterdir()
    assert ok(run("doctor")).splitlines() == [
        "roadmap: ok: 2 tracks, 155 skills",
        f"progress: ok: {progress_file} (schema 3, 2 skills with progress, 2 changes)",
        f"backups: 1 in {roadmap_home / 'backups'}, newest {backup.name}",
    ]


def test_doctor_counts_one_skill_and_one_change_in_the_singular(
    run, progress_file: Path, roadmap_home: Path
) -> None:
    ok(run("done", "pandas"))
    assert f"progress: ok: {progress_file} (schema 3, 1 skill with progress, 1 change)" in (
        ok(run("doctor")).splitlines()
    )


def test_doctor_on_a_fresh_store(run, progress_file: Path, roadmap_home: Path) -> None:
    assert ok(run("doctor")).splitlines() == [
        "roadmap: ok: 2 tracks, 155 skills",
        f"progress: ok: {progress_file} (schema 3, 0 skills with progress, 0 changes)",
        f"backups: 0 in {roadmap_home / 'backups'}",
    ]


def test_doctor_lists_orphans_and_a_write_keeps_them(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    data = progress_doc(progress_file)
    orphan = {
        "status": "done",
        "finished": "2026-01-05T10:00:00Z",
        "notes": [{"text": "old skill", "at": "2026-01-05T10:00:00Z"}],
    }
    data["roadmaps"]["bundled"]["cobol"] = orphan
    data["roadmaps"]["bundled"]["fortran"] = {"status": "in-progress"}
    progress_file.write_text(json.dumps(data), encoding="utf-8")
    out = ok(run("doctor")).splitlines()
    assert out[2] == (
        "orphans: bundled: progress kept for skills this roadmap no longer has: cobol, fortran"
    )
    ok(run("done", "sql"))
    stored = progress_doc(progress_file)["roadmaps"]["bundled"]
    assert stored["cobol"] == orphan
    assert stored["fortran"] == {"status": "in-progress"}
    assert stored["sql"]["status"] == "done"
    assert doc(run("list", "--json"))["overall"]["complete"] == 2  # the orphan is not counted


def test_doctor_reports_a_corrupt_progress_file(run, progress_file: Path) -> None:
    ok(run("done", "pandas"))
    ok(run("done", "numpy"))
    progress_file.write_bytes(b"{broken")
    result = run("doctor")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0] == "roadmap: ok: 2 tracks, 155 skills"
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
