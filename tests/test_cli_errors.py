"""Every way a command can fail: the exit code, one clean line on stderr, and no harm on disk.

Our own errors are exactly one line starting with "roadmap: error:" (exit 1 for user and data
errors, 2 for usage errors); Typer's usage errors exit 2. Nothing ever shows a traceback, and a
failed command leaves the progress file byte for byte as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import Result

from cli_helpers import runner
from roadmap_cli.cli import app

ESC = "\x1b[31m"
TRACKS = "aiml-genai, genai-engineer"
UNKNOWN_TRACK = f"unknown track 'nope' (tracks: {TRACKS})"


def run_tty(*args: str) -> Result:
    """Like the `run` fixture, but output keeps colour codes, as on a terminal.

    Without a terminal, click strips ANSI codes from what it echoes, which would hide a raw
    escape sequence that a user's terminal would obey.
    """
    return runner().invoke(app, list(args), prog_name="roadmap", color=True)


def no_traceback(result: Result, code: int) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stdout + result.stderr


def error_line(result: Result, code: int) -> str:
    """The one error line (without the prefix), after checking everything around it."""
    no_traceback(result, code)
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("roadmap: error: ")
    assert "\x1b" not in result.stderr
    return result.stderr.removeprefix("roadmap: error: ").rstrip("\n")


def write(path: Path, text: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


@pytest.fixture
def before(run, progress_file: Path) -> bytes:
    """Some real progress on disk; the bytes every failing command must leave alone."""
    assert run("done", "pandas", "numpy", "--note", "chapter 4").exit_code == 0
    assert run("start", "sql").exit_code == 0
    return progress_file.read_bytes()


# --- skills that do not resolve -------------------------------------------------------------


@pytest.mark.parametrize("command", ["done", "start", "skip", "reset"])
def test_unknown_skill_suggests_the_close_one(run, progress_file, before, command) -> None:
    message = error_line(run(command, "pandaz"), 1)
    assert message == "no skill matches 'pandaz'; did you mean pandas?"
    assert progress_file.read_bytes() == before


def test_unknown_skill_suggests_at_most_three(run) -> None:
    message = error_line(run("done", "gtp"), 1)
    assert message == "no skill matches 'gtp'; did you mean gpt, git, gcp?"


def test_unknown_skill_with_nothing_close_has_no_hint(run) -> None:
    assert error_line(run("done", "zzqqxx"), 1) == "no skill matches 'zzqqxx'"


def test_show_unknown_target_suggests_skills(run) -> None:
    message = error_line(run("show", "pandaz"), 1)
    assert message == "no phase or skill matches 'pandaz'; did you mean pandas?"


def test_ambiguous_prefix_lists_the_candidate_ids(run, progress_file, before) -> None:
    message = error_line(run("done", "pyt"), 1)
    assert message == (
        "'pyt' matches 2 skills: python (Python, in 1. Core Programming), "
        "pytorch (PyTorch, in 5. Deep Learning); type more of the name"
    )
    assert progress_file.read_bytes() == before


def test_ambiguous_prefix_lists_every_candidate(run) -> None:
    message = error_line(run("start", "re"), 1)
    assert message.startswith("'re' matches 5 skills: ")
    for sid in (
        "regression",
        "reinforcement-learning",
        "reward-models",
        "resume-projects",
        "responsible-ai",
    ):
        assert f"{sid} (" in message


def test_ambiguous_show_target_lists_ids(run) -> None:
    assert error_line(run("show", "open"), 1) == (
        "'open' matches 2 items: skill openai-api (OpenAI, in 9. Prompt Engineering), "
        "skill open-source (Open Source, in 15. Internship/Project Phase)"
    )


def test_ambiguous_phase_lists_phases(run) -> None:
    message = error_line(run("list", "--phase", "ma"), 1)
    assert message.startswith("'ma' matches 2 phases: mathematics-for-ai-ml (2. Mathematics")
    assert "machine-learning (4. Machine Learning)" in message


def test_unknown_phase_is_an_error(run) -> None:
    assert error_line(run("list", "--phase", "quantum"), 1).startswith("no phase matches 'quantum'")


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_skill_name_is_a_usage_error(run, progress_file, before, name) -> None:
    assert error_line(run("done", "numpy", name), 2) == "empty skill name"
    assert progress_file.read_bytes() == before


@pytest.mark.parametrize("args", [("show", ""), ("list", "--phase", " ")])
def test_empty_target_or_phase_is_a_usage_error(run, args) -> None:
    assert error_line(run(*args), 2).startswith("empty ")


def test_one_bad_skill_among_good_ones_changes_nothing(run, progress_file, before) -> None:
    result = run("done", "python", "git", "pandaz", "calculus")
    assert error_line(result, 1) == "no skill matches 'pandaz'; did you mean pandas?"
    assert progress_file.read_bytes() == before


def test_one_bad_skill_on_a_fresh_start_creates_no_file(run, progress_file: Path) -> None:
    error_line(run("done", "python", "pandaz"), 1)
    assert not progress_file.exists()


# --- tracks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [("list",), ("done", "sql"), ("next",), ("status",), ("export",), ("tracks",)]
)
def test_unknown_track_option(run, progress_file, before, args) -> None:
    assert error_line(run(*args, "--track", "nope"), 1) == UNKNOWN_TRACK
    assert progress_file.read_bytes() == before


def test_unknown_track_from_the_environment(run, monkeypatch, progress_file, before) -> None:
    monkeypatch.setenv("ROADMAP_TRACK", "nope")
    assert error_line(run("done", "sql"), 1) == UNKNOWN_TRACK
    assert progress_file.read_bytes() == before


# --- usage errors Typer reports -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--status", "bogus"),
        ("list", "-s", "finished"),
        ("next", "-n", "0"),
        ("next", "-n", "many"),
        ("done", "pandas", "--bogus"),
        ("frobnicate",),
        ("export", "--format", "pdf"),
    ],
)
def test_usage_errors_exit_2_without_traceback(run, progress_file, before, args) -> None:
    result = run(*args)
    no_traceback(result, 2)
    assert result.stdout == ""
    assert "Usage: roadmap" in result.stderr
    assert progress_file.read_bytes() == before


def test_unknown_status_value_names_the_option(run) -> None:
    result = run("list", "--status", "bogus")
    no_traceback(result, 2)
    assert "'--status'" in result.stderr
    assert "bogus" in result.stderr


# --- a progress file that cannot be used ----------------------------------------------------

EVERY_COMMAND = [
    ("list",),
    ("show", "pandas"),
    ("done", "sql"),
    ("start", "sql"),
    ("skip", "sql"),
    ("reset", "pandas"),
    ("undo",),
    ("next",),
    ("status",),
    ("export",),
    ("tracks",),
]


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_invalid_json_is_named_and_left_untouched(run, progress_file: Path, args) -> None:
    raw = write(progress_file, '{"schema_version": 2, "roadmaps": {\n')
    message = error_line(run(*args), 1)
    assert message.startswith(f"{progress_file}: progress file is not valid JSON (line 2, ")
    assert "left untouched" in message
    assert progress_file.read_bytes() == raw


def test_non_utf8_progress_file_is_a_clean_error(run, progress_file: Path) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(b'{"schema_version": 2, "x": "\xff\xfe"}')
    message = error_line(run("done", "sql"), 1)
    assert message.startswith(f"{progress_file}: progress file ")
    assert progress_file.read_bytes() == b'{"schema_version": 2, "x": "\xff\xfe"}'


@pytest.mark.parametrize("args", [("list",), ("done", "sql"), ("undo",), ("status",)])
def test_future_schema_version_is_refused(run, progress_file: Path, args) -> None:
    raw = write(progress_file, '{"schema_version": 99, "roadmaps": {}}\n')
    message = error_line(run(*args), 1)
    assert message == (
        f"{progress_file}: progress file has schema_version 99, newer than this program "
        "knows (3); upgrade roadmap-tracker"
    )
    assert progress_file.read_bytes() == raw


def test_future_schema_version_written_compactly_is_refused(run, progress_file: Path) -> None:
    raw = write(progress_file, '{"schema_version":20,"roadmaps":{}}\n')
    assert "newer than this program" in error_line(run("done", "sql"), 1)
    assert progress_file.read_bytes() == raw


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "does not hold a JSON object"),
        ('"progress"', "does not hold a JSON object"),
        ('{"roadmaps": {}}', "has no valid schema_version"),
        ('{"schema_version": "2"}', "has no valid schema_version"),
        ('{"schema_version": 0}', "has no valid schema_version"),
        ('{"schema_version": 2, "roadmaps": []}', "has a bad value at roadmaps"),
        ('{"schema_version": 2, "events": {"a": 1}}', "has a bad value at events"),
        ('{"schema_version": 2, "events": [{"seq": 1}]}', "has a bad value at events.0"),
        (
            '{"schema_version": 2, "roadmaps": {"bundled": {"aiml-genai": '
            '{"pandas": {"status": "finished"}}}}}',
            "has a bad value at roadmaps.bundled.pandas.status",
        ),
        ('{"schema_version": 2, "surprise": true}', "has a bad value at surprise"),
    ],
)
def test_wrong_shape_is_named_and_left_untouched(run, progress_file: Path, text, problem) -> None:
    raw = write(progress_file, text)
    for args in (("list",), ("done", "sql")):
        message = error_line(run(*args), 1)
        assert message.startswith(f"{progress_file}: progress file {problem}")
    assert progress_file.read_bytes() == raw


def test_wrong_shape_in_an_old_schema_file_is_a_clean_error(run, progress_file: Path) -> None:
    raw = write(progress_file, '{"schema_version": 1, "roadmaps": [1]}')
    assert error_line(run("list"), 1).startswith(f"{progress_file}: progress file ")
    assert progress_file.read_bytes() == raw


def test_deeply_nested_progress_file_is_a_clean_error(run, progress_file: Path) -> None:
    raw = write(progress_file, '{"schema_version": 2, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert error_line(run("list"), 1).startswith(f"{progress_file}: progress file ")
    assert progress_file.read_bytes() == raw


@pytest.mark.parametrize("compact", [True, False])
def test_a_number_of_thousands_of_digits_is_a_clean_error(
    run, progress_file: Path, compact: bool
) -> None:
    space = "" if compact else " "
    raw = write(progress_file, f'{{"schema_version":{space}2,"n":{"1" * 5000}}}')
    line = error_line(run("list"), 1)
    # Our words, not Python's hint (`use sys.set_int_max_str_digits()`).
    assert line == (
        f"{progress_file}: progress file holds a number too long to be read; "
        "left untouched (no backup exists yet)"
    )
    assert progress_file.read_bytes() == raw


def test_progress_path_that_is_a_folder_is_a_clean_error(run, progress_file: Path) -> None:
    progress_file.mkdir(parents=True)
    for args in (("list",), ("done", "sql")):
        assert error_line(run(*args), 1).startswith(f"{progress_file}: ")
    assert progress_file.is_dir()


def test_read_only_progress_folder(run, roadmap_home: Path, progress_file, before) -> None:
    roadmap_home.chmod(0o500)
    try:
        if os.access(roadmap_home, os.W_OK):
            pytest.skip("chmod does not stop this user (root?) from writing")
        message = error_line(run("done", "calculus"), 1)
        assert message.startswith(f"{progress_file}: ")
        assert "nothing was changed" in message
        assert progress_file.read_bytes() == before
        assert run("list").exit_code == 0  # reading still works
    finally:
        roadmap_home.chmod(0o700)


# --- hostile input --------------------------------------------------------------------------


def test_very_long_skill_name_is_cut_short_in_the_error(run, progress_file, before) -> None:
    message = error_line(run("done", "a" * 5000), 1)
    assert message.startswith("no skill matches 'aaaa")
    assert len(message) < 200
    assert progress_file.read_bytes() == before


def test_very_long_track_name_is_cut_short_in_the_error(run) -> None:
    message = error_line(run("list", "--track", "t" * 100_000), 1)
    assert message.startswith("unknown track 'tttt")
    assert len(message) < 200


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("done", f"{ESC}pandas"), r"no skill matches '\x1b[31mpandas'; did you mean pandas?"),
        (("done", "pan\ndas"), r"no skill matches 'pan\ndas'; did you mean pandas?"),
        (("show", f"x{ESC}\r\n"), r"no phase or skill matches 'x\x1b[31m\r\n'"),
        (("list", "--track", ESC), r"unknown track '\x1b[31m' (tracks: " + TRACKS + ")"),
        (("list", "--phase", f"2{ESC}"), r"no phase matches '2\x1b[31m'"),
    ],
)
def test_control_characters_are_escaped_in_errors(run, progress_file, before, args, expected):
    assert error_line(run_tty(*args), 1) == expected
    assert progress_file.read_bytes() == before


def test_note_with_control_characters_is_stored_as_given(run, progress_file: Path) -> None:
    note = f"red {ESC}text\x1b[0m\nsecond line"
    result = run_tty("done", "calculus", "--note", note)
    no_traceback(result, 0)
    assert result.stderr == ""
    doc = json.loads(progress_file.read_text(encoding="utf-8"))
    assert doc["roadmaps"]["bundled"]["calculus"]["notes"][0]["text"] == note


def test_note_with_control_characters_stays_one_line_in_the_export(run) -> None:
    run("done", "calculus", "--note", f"red {ESC}text\nsecond line")
    out = run_tty("export").stdout
    assert "\x1b" not in out
    assert r"  - Note: red \[31mtext second line" in out.splitlines()


def test_show_does_not_send_a_notes_escape_codes_to_the_terminal(run) -> None:
    run("done", "calculus", "--note", f"red {ESC}text")
    result = run_tty("show", "calculus")
    no_traceback(result, 0)
    assert "\x1b" not in result.stdout


def test_very_long_note_is_stored_whole(run, progress_file: Path) -> None:
    note = "n" * 100_000
    assert run("done", "calculus", "--note", note).exit_code == 0
    doc = json.loads(progress_file.read_text(encoding="utf-8"))
    assert doc["roadmaps"]["bundled"]["calculus"]["notes"][0]["text"] == note


@pytest.mark.parametrize("note", ["", "   ", "\n\t"])
def test_blank_note_is_refused(run, progress_file, before, note) -> None:
    message = error_line(run("done", "calculus", "--note", note), 2)
    assert message == "the note is empty (to remove notes: roadmap note SKILL --delete N)"
    assert progress_file.read_bytes() == before


# --- export ---------------------------------------------------------------------------------


def test_export_into_a_missing_folder_is_an_error(run, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "deeper" / "out.md"
    message = error_line(run("export", "-o", str(target)), 1)
    assert str(target) in message
    assert not target.parent.parent.exists()


def test_export_under_a_regular_file_is_a_one_line_error(run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = blocker / "out.md"
    assert error_line(run("export", "-o", str(target)), 1).startswith(
        f"{target}: cannot write export: "
    )
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_export_error_escapes_control_characters_in_the_path(run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    error_line(run_tty("export", "-o", str(blocker / f"{ESC}out.md")), 1)


def test_export_onto_a_folder_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path))
    no_traceback(result, 2)
    assert result.stdout == ""
