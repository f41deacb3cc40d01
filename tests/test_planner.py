"""What to study next: in-progress first, then to-do in roadmap order, optional ones last."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_cli import catalog
from roadmap_cli.planner import next_skills

SMALL = Path(__file__).parent / "data" / "small.yaml"
REQUIRED = ("python", "pandas", "numpy", "scikit-learn")


@pytest.fixture(scope="module")
def track():
    return catalog.load_roadmap(SMALL).track("basics")


def ids(suggestions) -> list[str]:
    return [s.skill.id for s in suggestions]


def test_fresh_track_suggests_required_skills_in_roadmap_order(track) -> None:
    assert ids(next_skills(track, {}, limit=10)) == list(REQUIRED)


def test_in_progress_skills_come_first_in_roadmap_order(track) -> None:
    statuses = {"scikit-learn": "in-progress", "pandas": "in-progress"}
    got = next_skills(track, statuses, limit=10)
    assert ids(got) == ["pandas", "scikit-learn", "python", "numpy"]
    assert [s.status for s in got] == ["in-progress", "in-progress", "todo", "todo"]


def test_todo_order_runs_across_phases(track) -> None:
    statuses = {"python": "done", "pandas": "skipped", "numpy": "done"}
    assert ids(next_skills(track, statuses, limit=10)) == ["scikit-learn"]


def test_shared_skill_appears_once_with_its_first_phase(track) -> None:
    got = next_skills(track, {}, limit=10)
    assert ids(got).count("pandas") == 1
    pandas = next(s for s in got if s.skill.id == "pandas")
    assert pandas.phase.id == "programming"


def test_optional_and_elective_skills_wait_for_required_ones(track) -> None:
    statuses = dict.fromkeys(("python", "pandas", "numpy"), "done")
    assert ids(next_skills(track, statuses, limit=10)) == ["scikit-learn"]


def test_optional_skills_follow_once_required_are_complete(track) -> None:
    statuses = dict.fromkeys(REQUIRED, "done") | {"numpy": "skipped"}
    got = next_skills(track, statuses, limit=10)
    assert ids(got) == ["javascript", "tinyml"]
    assert all(s.optional for s in got)
    assert [s.phase.id for s in got] == ["programming", "edge"]


def test_include_optional_lists_them_alongside_in_roadmap_order(track) -> None:
    got = next_skills(track, {}, limit=10, include_optional=True)
    assert ids(got) == ["python", "pandas", "numpy", "javascript", "scikit-learn", "tinyml"]
    assert [s.optional for s in got] == [False, False, False, True, False, True]


def test_in_progress_optional_skill_is_still_shown(track) -> None:
    got = next_skills(track, {"tinyml": "in-progress"}, limit=10)
    assert ids(got) == ["tinyml", *REQUIRED]


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_limit_is_respected(track, limit: int) -> None:
    got = next_skills(track, {"numpy": "in-progress"}, limit=limit)
    assert ids(got) == ["numpy", "python", "pandas", "scikit-learn"][:limit]


def test_nothing_suggested_when_everything_is_complete(track) -> None:
    statuses = dict.fromkeys(track.ordered_skill_ids, "done") | {"tinyml": "skipped"}
    assert next_skills(track, statuses, limit=10) == []
    assert next_skills(track, statuses, limit=10, include_optional=True) == []
