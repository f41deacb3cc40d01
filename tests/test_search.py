"""Search: skills, phases and resources, highlighted; empty terms refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_helpers import ok, squash


def hits(out: str) -> list[tuple[str, str]]:
    """(kind, id) of every search hit; wrapped continuation lines are skipped."""
    return re.findall(r"^(skill|phase|resource) +(\S+)", out, re.MULTILINE)


def test_search_finds_a_skill_by_name_and_by_alias(run) -> None:
    assert squash(ok(run("search", "sklearn"))) == (
        "In aiml-genai (in use) skill scikit-learn Scikit-learn: sklearn "
        "(todo, phase 3. Data Handling & Preprocessing)"
    )
    assert ("skill", "pandas") in hits(ok(run("search", "PANDAS")))


def test_search_finds_phases_by_goals_and_outcome(run) -> None:
    by_outcome = ok(run("search", "loss functions"))
    in_use = by_outcome.split("In genai-engineer")[0]  # every track is searched, this one first
    assert hits(in_use) == [("phase", "mathematics-for-ai-ml"), ("phase", "deep-learning")]
    assert "Build intuition for optimization and loss functions" in squash(by_outcome)
    by_goals = ok(run("search", "version control"))
    assert ("phase", "core-programming") in hits(by_goals)  # Git's description matches too
    assert "Write clean, modular, and testable code; version control" in squash(by_goals)


def test_search_finds_resources_by_title(run) -> None:
    assert squash(ok(run("search", "khan academy - linear", "-t", "genai-engineer"))) == (
        "In genai-engineer (in use) resource mathematics-for-generative-ai "
        "Khan Academy - Linear Algebra (phase 2. Mathematics for Generative AI)"
    )


def test_search_in_a_custom_roadmap(run, small_roadmap: Path) -> None:
    out = ok(run("--roadmap", str(small_roadmap), "search", "data"))
    assert hits(out) == [("phase", "data")]
    assert squash(ok(run("--roadmap", str(small_roadmap), "search", "python docs"))) == (
        "In basics (in use) resource programming Python docs (phase 1. Programming)"
    )


def test_search_without_a_match_says_so(run) -> None:
    assert ok(run("search", "cobol")) == "Nothing matches 'cobol' in any track.\n"


@pytest.mark.parametrize("term", ["", "   "])
def test_search_for_nothing_exits_2(run, term: str) -> None:
    result = run("search", term)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "roadmap: error: empty search name\n"
