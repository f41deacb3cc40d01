"""`--phase P`: every skill of a phase in one change, one undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import error_line, lines, ok
from shell_helpers import doc, progress_doc

PHASE_1 = ["python", "numpy", "pandas", "matplotlib", "seaborn", "git"]  # 1. Core Programming


def test_done_phase_changes_every_skill_as_one_batch(run, progress_file: Path) -> None:
    out = lines(ok(run("done", "--phase", "1")))
    assert out[:6] == [
        "✓ Python: todo → done",
        "✓ NumPy: todo → done",
        "✓ Pandas: todo → done",
        "✓ Matplotlib: todo → done",
        "✓ Seaborn: todo → done",
        "✓ Git: todo → done",
    ]
    assert "Phase complete: 1. Core Programming. Next: 2. Mathematics for AI/ML." in out
    events = progress_doc(progress_file)["events"]
    assert [e["skill"] for e in events] == PHASE_1
    assert {e["batch"] for e in events} == {1}
    ok(run("undo"))
    assert all(doc(run("show", s, "--json"))["status"] == "todo" for s in PHASE_1)


def test_skills_already_in_the_state_are_left_and_counted(run, progress_file: Path) -> None:
    ok(run("done", "python", "numpy"))
    out = lines(ok(run("done", "--phase", "core-programming")))
    assert out[:4] == [
        "✓ Pandas: todo → done",
        "✓ Matplotlib: todo → done",
        "✓ Seaborn: todo → done",
        "✓ Git: todo → done",
    ]
    assert "Left as they were: 2 already done." in out
    assert len(progress_doc(progress_file)["events"]) == 6


@pytest.mark.parametrize("phase", ["1", "core-programming", "Core Programming"])
def test_a_phase_by_id_number_or_title(run, phase: str) -> None:
    ok(run("skip", "--phase", phase))
    assert {doc(run("show", s, "--json"))["status"] for s in PHASE_1} == {"skipped"}


def test_start_and_reset_a_phase(run) -> None:
    ok(run("done", "python"))
    out = lines(ok(run("start", "--phase", "1")))
    assert "Python: done → in-progress: studying it again; 'roadmap undo' makes it done again" in (
        " ".join(out)
    )
    ok(run("reset", "--phase", "1"))
    assert {doc(run("show", s, "--json"))["status"] for s in PHASE_1} == {"todo"}


def test_skills_and_a_phase_together_or_neither_are_refused(run) -> None:
    assert error_line(run("done", "sql", "--phase", "1"), code=2) == (
        "give skills or --phase, not both"
    )
    assert error_line(run("done"), code=2) == (
        "name at least one skill, or a whole phase with --phase P"
    )


def test_an_unknown_phase_is_one_line(run, progress_file: Path) -> None:
    result = run("done", "--phase", "no-such-phase")
    assert result.exit_code != 0 and result.stderr.startswith("roadmap: error: ")
    assert not progress_file.exists()


def test_a_phase_with_choices_changes_each_of_their_skills(run, progress_file: Path) -> None:
    """A phase that lists "choose 1 of" groups (the GenAI engineer's first): `--phase` takes
    every skill of each group too. It crashed with a traceback (a group is not a skill id)."""
    out = ok(run("-t", "genai-engineer", "done", "--phase", "1"))
    assert "✓ Matplotlib: todo → done" in out and "✓ PyTorch: todo → done" in out
    events = progress_doc(progress_file)["events"]
    assert [e["skill"] for e in events] == [
        "python",
        "numpy",
        "pandas",
        "matplotlib",
        "seaborn",
        "tensorflow",
        "pytorch",
        "huggingface",
        "javascript",
        "cpp",
    ]
    assert {e["batch"] for e in events} == {1}
