"""Tab completion over the bash protocol: skills, phases, tracks, custom roadmaps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_cli import catalog
from shell_helpers import cli, complete


def test_completion_offers_a_skill_by_id_prefix() -> None:
    assert complete("done", "pan") == ["pandas"]


def test_completion_of_an_empty_word_offers_every_skill_of_the_track() -> None:
    offered = complete("start", "")
    skills = catalog.load_roadmap().track("aiml-genai").skills
    assert offered == [s.id for s in skills]


@pytest.mark.parametrize(
    ("typed", "offered"), [("sklearn", "sklearn"), ("skl", "sklearn"), ("scik", "scikit-learn")]
)
def test_completion_offers_an_alias_as_typed_and_the_id_by_prefix(typed: str, offered: str) -> None:
    assert complete("done", typed) == [offered]
    assert ok_run_done(offered)


def ok_run_done(word: str) -> bool:
    """What completion offered is accepted by the command itself."""
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ROADMAP_HOME": home}
        result = subprocess.run(
            [sys.executable, "-m", "roadmap_cli", "done", word],
            env=env,
            capture_output=True,
            text=True,
        )
    return result.returncode == 0 and "Scikit-learn: todo → done" in result.stdout


def test_completion_of_track_values() -> None:
    assert complete("list", "--track", "gen") == ["genai-engineer"]
    assert complete("list", "--track", "") == ["aiml-genai", "genai-engineer"]


def test_completion_of_phase_values() -> None:
    assert complete("list", "--phase", "ma") == ["mathematics-for-ai-ml", "machine-learning"]


def test_completion_uses_the_track_given_earlier_on_the_line() -> None:
    assert complete("done", "py") == ["python", "pytorch"]
    assert complete("done", "--track", "genai-engineer", "py") == ["python", "pytorch"]
    genai_phases = [p.id for p in catalog.load_roadmap().track("genai-engineer").phases]
    assert complete("list", "--track", "genai-engineer", "--phase", "") == genai_phases


def test_completion_uses_the_track_from_the_environment() -> None:
    assert complete("done", "py", ROADMAP_TRACK="genai-engineer") == ["python", "pytorch"]


def test_completion_from_a_custom_roadmap(small_roadmap: Path) -> None:
    expected = ["python", "pandas", "numpy", "scikit-learn", "javascript", "tinyml"]
    assert complete("--roadmap", str(small_roadmap), "done", "") == expected
    assert complete("done", "", ROADMAP_FILE=str(small_roadmap)) == expected
    assert complete("--roadmap", str(small_roadmap), "list", "--track", "s") == ["second"]
    assert complete("--roadmap", str(small_roadmap), "list", "--phase", "") == [
        "programming",
        "data",
        "edge",
    ]


@pytest.mark.parametrize("kind", ["missing", "not yaml", "invalid roadmap"])
def test_completion_with_a_broken_roadmap_offers_nothing_quietly(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "broken.yaml"
    if kind == "not yaml":
        path.write_text("schema_version: 1\ntracks: [\n", encoding="utf-8")
    elif kind == "invalid roadmap":
        path.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    # complete() also checks exit 0 and an empty stderr (no traceback).
    assert complete("done", "pan", ROADMAP_FILE=str(path)) == []
    assert complete("--roadmap", str(path), "done", "pan") == []


def test_completion_with_a_folder_as_roadmap_file_offers_nothing(tmp_path: Path) -> None:
    assert complete("done", "pan", ROADMAP_FILE=str(tmp_path)) == []


def test_completion_never_touches_the_progress_file(progress_file: Path) -> None:
    assert complete("done", "pan") == ["pandas"]
    assert not progress_file.exists()


def test_show_completion_prints_a_bash_script() -> None:
    assert "--show-completion" in cli("--help").stdout
    done = cli("--show-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert (done.returncode, done.stderr) == (0, "")
    assert "_ROADMAP_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _roadmap_completion roadmap" in done.stdout
