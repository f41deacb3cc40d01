"""Evidence: notes and links on skills, shown, exported and undone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_helpers import lines, ok
from shell_helpers import STAMP, backups_of, doc, progress_doc, today, utc_time


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
    while not out[at + 1].startswith("  - ") or out[at + 1].startswith("  - Learn: "):
        at += 1  # the skill's description and resources come first
    assert out[at + 1 : at + 4] == [
        "  - Note: window functions",
        "  - Link: <https://example.com/sql>",
        "  - Link: <https://example.com/cert>",
    ]
    at = out.index("- [ ] Data Cleaning")
    while not out[at + 1].startswith("  - ") or out[at + 1].startswith("  - Learn: "):
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
