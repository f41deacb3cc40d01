"""Notes are dated entries: added, listed, removed only on purpose, each change undoable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cli_helpers import error_line, lines, ok
from clock_helpers import NOON, ClockedRun
from shell_helpers import doc, progress_doc


def test_a_note_is_added_never_replacing_one() -> None:
    run = ClockedRun()
    ok(run("note", "cnns", "Working through CS231n assignment 1"))
    run.now = NOON + timedelta(days=2)
    ok(run("note", "cnns", "Also did assignment 2"))
    shown = doc(run("show", "cnns", "--json"))
    assert shown["notes"] == [
        {"text": "Working through CS231n assignment 1", "at": "2026-06-15T12:00:00+00:00"},
        {"text": "Also did assignment 2", "at": "2026-06-17T12:00:00+00:00"},
    ]


def test_note_alone_lists_the_notes_numbered_with_their_days() -> None:
    run = ClockedRun()
    ok(run("note", "cnns", "first"))
    ok(run("note", "cnns", "second", "--on", "2026-06-01"))
    assert lines(ok(run("note", "cnns"))) == [
        "Notes on CNNs:",
        "1. 2026-06-15 first",
        "2. 2026-06-01 second",
    ]


def test_note_alone_on_a_skill_without_notes_says_so(run, progress_file: Path) -> None:
    assert lines(ok(run("note", "cnns"))) == ["No notes on CNNs."]
    assert not progress_file.exists()


def test_delete_removes_one_note_and_undo_puts_it_back(run, progress_file: Path) -> None:
    ok(run("note", "sql", "first"))
    ok(run("note", "sql", "second"))
    ok(run("note", "sql", "--delete", "1"))
    assert [n["text"] for n in doc(run("show", "sql", "--json"))["notes"]] == ["second"]
    assert progress_doc(progress_file)["events"][-1]["action"] == "note"
    ok(run("undo"))
    assert [n["text"] for n in doc(run("show", "sql", "--json"))["notes"]] == ["first", "second"]


def test_clear_removes_every_note_and_keeps_links(run) -> None:
    ok(run("note", "sql", "first", "--link", "https://example.com/sql"))
    ok(run("note", "sql", "second"))
    ok(run("note", "sql", "--clear"))
    shown = doc(run("show", "sql", "--json"))
    assert shown["notes"] == []
    assert [link["url"] for link in shown["links"]] == ["https://example.com/sql"]


def test_a_note_event_holds_its_text(run, progress_file: Path) -> None:
    ok(run("note", "sql", "joins"))
    event = progress_doc(progress_file)["events"][-1]
    assert (event["action"], event["text"]) == ("note", "joins")


def test_deleting_a_note_that_is_not_there_is_one_line(run, progress_file: Path) -> None:
    ok(run("note", "sql", "only"))
    before = progress_file.read_bytes()
    assert error_line(run("note", "sql", "--delete", "2")) == (
        "there is no note 2 (1 note; 'roadmap note SKILL' lists them)"
    )
    assert progress_file.read_bytes() == before


def test_note_options_that_exclude_each_other(run) -> None:
    for args in (("text", "--clear"), ("text", "--delete", "1"), ("--clear", "--delete", "1")):
        assert error_line(run("note", "sql", *args), code=2) == (
            "give one of a note, --delete N or --clear"
        )
