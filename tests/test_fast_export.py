"""`export -f json` on the fast route: the progress file written out as `serialize` writes it,
from the records and every event read as plain data, only where that is the very text
Pydantic writes of what it reads; anything else is the full route's."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cli_helpers import falls_through, fast_route, files, full_route, run_importing
from roadmap_cli import paths
from test_shared_progress import RENAMED

fast, full = fast_route, full_route


def made(capsys: pytest.CaptureFixture[str], *changes: list[str]) -> bytes:
    for args in changes:
        assert full(capsys, *args)[2] == 0
    return paths.progress_path().read_bytes()


def annotated(capsys: pytest.CaptureFixture[str]) -> bytes:
    """Records, notes, links, a study log, a rated card, an undo: every kind of event."""
    return made(
        capsys,
        ["done", "python", "--on", "2020-01-05"],
        ["start", "numpy", "sql"],
        ["review", "python", "--rating", "hard"],
        ["note", "python", "Läs *the* walkthrough ✓", "--link", "https://example.org/nb"],
        ["log", "numpy", "45m", "--note", 'broadcasting "exercises"\\n'],
        ["skip", "git"],
        ["undo"],
        ["-t", "genai-engineer", "done", "--phase", "1"],
    )


def test_the_export_is_the_file_the_full_route_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, roadmap_home: Path
) -> None:
    annotated(capsys)
    full(capsys, "status")  # the entries
    expected = full(capsys, "export", "-f", "json")
    assert expected[0].encode() == paths.progress_path().read_bytes()
    assert fast(capsys, "export", "-f", "json") == expected
    target = tmp_path / "backup.json"
    assert fast(capsys, "export", "--format", "json", "-o", str(target))[2] == 0
    assert target.read_text(encoding="utf-8") == expected[0]
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    out, heavy = run_importing(["export", "-f", "json"], env)
    assert heavy == [] and out + "\n" == expected[0]


def test_a_long_history_and_one_not_known_valid_are_the_full_routes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, roadmap_home: Path
) -> None:
    from roadmap_cli import fastreports

    raw = annotated(capsys)
    full(capsys, "status")
    assert fast(capsys, "export", "-f", "json") is not None
    limit = fastreports.JSON_MAX_HISTORY_BYTES
    monkeypatch.setattr(fastreports, "JSON_MAX_HISTORY_BYTES", len(raw) - 1)
    falls_through(capsys, roadmap_home, ["export", "-f", "json"])
    monkeypatch.setattr(fastreports, "JSON_MAX_HISTORY_BYTES", limit)
    assert fast(capsys, "export", "-f", "json") is not None
    paths.progress_path().write_bytes(raw.replace(b'"skip"', b'"start"', 1))  # not validated
    falls_through(capsys, roadmap_home, ["export", "-f", "json"])


# Each a valid file as edited by hand, or written by another program: Pydantic writes most
# back otherwise than it reads them (True), and the export must be its text.
EDITS = {
    "a time with a fraction": (rb'("at":"[0-9T:-]+)Z"', rb'\1.5Z"', True),
    "a time with an offset": (rb'("at":"[0-9T:-]+)Z"', rb'\1+00:00"', True),
    "a time in another zone": (rb'("at":"[0-9T:-]+)Z"', rb'\1+02:00"', False),
    "a record's time in another zone": (rb'("started":"[0-9T:-]+)Z"', rb'\1+02:00"', False),
    "fields out of order": (rb'\{"seq":(\d+),"id":("[^"]+")', rb'{"id":\2,"seq":\1', True),
    "a default written": (rb'"before":\{\}', rb'"before":{"status":"todo"}', True),
    "a null written": (rb'("action":"[a-z]+")', rb'\1,"undoes":null', True),
    "a whole float": (rb'"difficulty":[0-9.]+', rb'"difficulty":5', True),
    "an escaped letter": (rb'"skill":"python"', rb'"skill":"pyth\\u006fn"', True),
    "a record's default": (rb'("sql":\{"status":"in-progress")', rb'\1,"notes":[]', True),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS)
def test_a_file_not_as_written_here_is_exported_as_the_full_route_exports_it(
    capsys: pytest.CaptureFixture[str], edit: tuple[bytes, bytes, bool]
) -> None:
    pattern, replacement, rewritten = edit
    raw = annotated(capsys)
    edited, count = re.subn(pattern, replacement, raw, count=1)
    assert count == 1 and edited != raw
    paths.progress_path().write_bytes(edited)
    full(capsys, "status")  # the entries of the file as edited: it is valid
    expected = full(capsys, "export", "-f", "json")
    assert expected[2] == 0
    assert (expected[0].encode() != edited) == rewritten
    assert fast(capsys, "export", "-f", "json") in (None, expected)


def test_progress_under_a_skills_old_id_is_exported_under_its_new_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The export is the progress as `load` gives it: a record kept under an id that a skill
    now `replaces` is written under that skill's id, on both routes alike."""
    old = tmp_path / "old.yaml"
    old.write_text(RENAMED.replace("python-basics", "python").replace("replaces: [python]", ""))
    new = tmp_path / "new.yaml"
    new.write_text(RENAMED)
    made(capsys, ["--roadmap", str(old), "done", "python"])
    full(capsys, "--roadmap", str(new), "status")  # the entries, the file unchanged
    expected = full(capsys, "--roadmap", str(new), "export", "-f", "json")
    assert '"python-basics":{"status":"done"' in expected[0]
    assert '"python":' not in expected[0].split('"reviews"')[0]  # cards keep their ids
    assert fast(capsys, "--roadmap", str(new), "export", "-f", "json") == expected


def test_an_export_without_a_progress_file_is_the_empty_progress(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = full(capsys, "export", "-f", "json")
    assert json.loads(expected[0]) == {"schema_version": 3}
    assert fast(capsys, "export", "-f", "json") == expected
    assert not paths.progress_path().exists()


def test_the_schema_is_printed_from_the_entry_the_full_route_keeps(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path
) -> None:
    """`schema` on the fast route prints the schema that the full route generated from the
    models and kept (keyed by their source and Pydantic's version): the same bytes; an entry
    missing, tampered with or not a schema is a miss, left to the full route."""
    from roadmap_cli import cache, maintenance

    assert fast(capsys, "schema") is None  # nothing kept yet
    expected = full(capsys, "schema")
    assert json.loads(expected[0])["title"] == "Roadmap"
    assert fast(capsys, "schema") == expected
    for root in (["-t", "genai-engineer"], ["--roadmap", str(roadmap_home / "none.yaml")]):
        assert fast(capsys, *root, "schema") == full(capsys, *root, "schema")
    entry = maintenance.schema_entry()
    assert entry.is_file()
    header = entry.read_bytes().split(b"\n", 1)[0] + b"\n"
    for forged in (b"[]", b'{"title": "Roadmap"}', b"{", b'{"$schema": 1}'):
        entry.write_bytes(header + forged)
        assert cache.load(entry, maintenance.schema_document) is None
        falls_through(capsys, roadmap_home, ["schema"])
    entry.write_bytes(
        header + b'{"$schema":"https://json-schema.org/draft/2020-12/schema","t":"\\u001b[2J"}'
    )
    out = fast(capsys, "schema")
    assert out is not None and "\x1b" not in out[0]  # JSON's own escape, never the character
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    full(capsys, "schema")
    text, heavy = run_importing(["schema"], env)
    assert heavy == [] and text + "\n" == expected[0]


def test_doctor_says_what_the_full_route_says_of_files_it_checked(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, tmp_path: Path
) -> None:
    """`doctor` from the entries: the same report (counts, orphans, strays, backups) for files
    the full route validated; a problem, a file not known to be valid, `--restore-backup`:
    the full route's."""

    def same(*args: str) -> str:
        expected = full(capsys, *args)
        assert fast(capsys, *args) == expected
        return expected[0]

    assert "0 changes" in same("doctor")  # no progress file yet
    raw = annotated(capsys)
    full(capsys, "status")  # the entries
    events = len(json.loads(raw)["events"])
    report = same("doctor")
    assert f"{events} changes" in report and "backups: " in report
    (roadmap_home / ".progress-x.tmp").write_text("")  # left by a killed write
    assert ".progress-x.tmp" in same("-t", "genai-engineer", "doctor")
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(RENAMED)
    full(capsys, "--roadmap", str(renamed), "status")
    assert "orphans: renamed" not in same("--roadmap", str(renamed), "doctor")
    assert "orphans: bundled" not in same("--roadmap", str(renamed), "doctor")
    other = tmp_path / "other.yaml"
    other.write_text(RENAMED.replace("id: renamed", "id: bundled"))
    full(capsys, "--roadmap", str(other), "status")
    assert "orphans: bundled" in same("--roadmap", str(other), "doctor")
    for args in (["doctor", "--restore-backup"], ["doctor", "--force"], ["doctor", "x"]):
        falls_through(capsys, roadmap_home, args)
    paths.progress_path().write_bytes(raw.replace(b'"skip"', b'"start"', 1))  # not known
    falls_through(capsys, roadmap_home, ["doctor"])
    paths.progress_path().write_bytes(b"{")  # a problem: the full route says it
    falls_through(capsys, roadmap_home, ["doctor"])
    assert full(capsys, "doctor")[2] == 1


def test_validate_says_ok_of_a_roadmap_the_full_route_validated(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """`validate PATH`: from the entry the full route kept of those very bytes (it loaded
    them), else read by the models without Typer or Rich; the same line either way. One that
    is not valid, and a folder, are the full route's, which says why."""
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(RENAMED)
    expected = full(capsys, "validate", str(renamed))
    assert expected == (f"{renamed}: ok: roadmap 'renamed', 2 tracks, 2 phases, 2 skills\n", "", 0)
    before = files(roadmap_home)
    assert fast(capsys, "validate", str(renamed)) == expected  # not seen: read here
    assert files(roadmap_home) == before  # `validate` keeps no entry, here as there
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    out, heavy = run_importing(["validate", str(renamed)], env)
    assert {m.split(".")[0] for m in heavy} <= {"pydantic", "pydantic_core", "yaml"}
    assert out + "\n" == expected[0]
    full(capsys, "--roadmap", str(renamed), "status")  # loaded: its entry kept
    out, heavy = run_importing(["validate", str(renamed)], env)
    assert heavy == [] and out + "\n" == expected[0]
    assert fast(capsys, "validate", str(renamed)) == expected
    monkeypatch.chdir(tmp_path)
    assert fast(capsys, "validate", "./renamed.yaml") == full(capsys, "validate", "./renamed.yaml")
    bundled = str(paths.bundled_roadmap_path())
    full(capsys, "status")
    assert fast(capsys, "validate", bundled) == full(capsys, "validate", bundled)
    renamed.write_text(RENAMED.replace("title: One", "title: Uno"))  # changed since
    assert fast(capsys, "validate", str(renamed)) == full(capsys, "validate", str(renamed))
    renamed.write_text(RENAMED.replace("[python-basics]", "[python-basics, nope]", 1))
    falls_through(capsys, roadmap_home, ["validate", str(renamed)])
    assert full(capsys, "validate", str(renamed))[2] != 0
    for args in (["validate", str(tmp_path)], ["validate"], ["validate", bundled, bundled]):
        falls_through(capsys, roadmap_home, args)


def test_an_import_dry_run_says_what_the_full_route_says(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, tmp_path: Path
) -> None:
    """`import --dry-run` without Typer or Rich (Pydantic reads the file given): the same plan,
    nothing written; a file that does not load is the full route's, which says why."""
    mine = tmp_path / "mine.json"
    raw = annotated(capsys)
    mine.write_bytes(raw)
    full(capsys, "status")  # the entries
    assert "no change" in full(capsys, "import", str(mine), "--dry-run")[0]
    other = tmp_path / "other.json"
    assert full(capsys, "reset", "python")[2] == 0
    other.write_bytes(paths.progress_path().read_bytes())
    paths.progress_path().write_bytes(raw)
    full(capsys, "status")  # the entries
    before = files(roadmap_home)
    for args in (
        ["import", str(mine), "--dry-run"],
        ["import", "--dry-run", str(other)],
        ["-t", "genai-engineer", "import", str(other), "--dry-run"],
    ):
        expected = full(capsys, *args)
        assert expected[2] == 0 and "Dry run: nothing was written." in expected[0]
        assert fast(capsys, *args) == expected
    assert "bundled/python: done → " in expected[0]  # reset in the file imported
    assert files(roadmap_home) == before
    broken = tmp_path / "broken.json"
    broken.write_bytes(raw[:-5])
    for args in (
        ["import", str(broken), "--dry-run"],
        ["import", str(broken)],
        ["import", str(tmp_path / "none.json"), "--dry-run"],
        ["import", "--dry-run"],
        ["import", str(other), "--dry-run", "-t", "genai-engineer"],
    ):
        falls_through(capsys, roadmap_home, args)
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    out, heavy = run_importing(["import", str(other), "--dry-run"], env)
    assert {m.split(".")[0] for m in heavy} <= {"pydantic", "pydantic_core"}
    assert out + "\n" == expected[0]


def test_the_commands_about_files_import_no_view_they_do_not_draw(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, tmp_path: Path
) -> None:
    """`schema`, `doctor`, `validate` and `import` say a few plain lines (`reports`): on the
    fast route they import neither the views of the reports (`render`, `results`) nor their
    use cases (`session`), each a few milliseconds of start-up."""
    mine = tmp_path / "mine.json"
    mine.write_bytes(annotated(capsys))
    written = tmp_path / "written.yaml"
    written.write_bytes(paths.bundled_roadmap_path().read_bytes())
    full(capsys, "schema")  # the entries
    full(capsys, "status")
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    views = ("roadmap_cli.render", "roadmap_cli.results", "roadmap_cli.session")
    for args in (
        ["schema"],
        ["doctor"],
        ["validate", str(written)],
        ["import", str(mine), "--dry-run"],
        ["import", str(mine)],
    ):
        expected = full(capsys, *args) if args[-1] != str(mine) else None
        out, imported = run_importing(args, env, also=views)
        assert "typer" not in imported and not set(views) & set(imported), (args, imported)
        assert expected is None or out + "\n" == expected[0]
    assert out.splitlines()[-1] == f"Imported {mine} (the previous file is in backups/)."


def test_an_import_on_the_fast_route_moves_records_as_the_roadmap_renames_them(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, tmp_path: Path
) -> None:
    """`import` takes the roadmap's renamed skills from their own entry (`plain-renames`, kept
    beside the roadmap's): a file of schema 2 with a record under an old id has it moved to
    the skill that replaces it, as on the full route; an entry missing or of another shape
    leaves it to the full route."""
    new = tmp_path / "new.yaml"
    new.write_text(RENAMED)
    exported = tmp_path / "exported.json"  # of schema 2: progress per track, under old ids
    record = {
        "status": "done",
        "started": "2026-03-02T09:00:00Z",
        "finished": "2026-03-04T11:00:00Z",
    }
    v2 = {"schema_version": 2, "roadmaps": {"renamed": {"first": {"python": record}}}}
    exported.write_text(json.dumps(v2))
    args = ["--roadmap", str(new), "import", str(exported)]
    falls_through(capsys, roadmap_home, [*args, "--dry-run"])  # no entries yet
    full(capsys, "--roadmap", str(new), "status")  # its entries
    (entry,) = paths.cache_dir().glob("plain-renames-*")
    expected = full(capsys, *args, "--dry-run")
    assert expected[0].splitlines()[0] == "renamed/python-basics: no record → done"
    assert fast(capsys, *args, "--dry-run") == expected
    out = fast(capsys, *args)
    assert out is not None and out[0].splitlines()[0] == expected[0].splitlines()[0]
    records = json.loads(full(capsys, "--roadmap", str(new), "export", "-f", "json")[0])
    assert records["roadmaps"]["renamed"]["python-basics"]["status"] == "done"
    header = entry.read_bytes().split(b"\n", 1)[0] + b"\n"
    for forged in (
        b'{"format": 2, "renames": {}}',
        b'{"format": 2, "renames": {"renamed": {"first": {"python": 1}}}}',
        b'{"format": 2, "renames": {"renamed": {"first": {"py\\u001bthon": "x"}}}}',
        b'{"format": 2, "renames": {"renamed": []}}',
        b'{"format": 1, "renames": {"renamed": {}}}',
        b'{"format": 2, "renames": {"renamed": {}}, "more": 1}',
    ):
        entry.write_bytes(header + forged)
        falls_through(capsys, roadmap_home, [*args, "--dry-run"])
