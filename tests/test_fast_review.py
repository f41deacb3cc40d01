"""A review's changes on the fast route (`fastroute`, `plainchange`): a rating, `--add` and
`--remove` give the same output and the same files as the full route, or nothing at all.

As in `test_fast_done`: each case builds a state with the full route, makes the change with
the full route in one copy of the data folder and with the fast route in the other, at one
time, and compares stdout, stderr, the exit code and every file written; `undo` afterwards
must do the same in both.
"""

from __future__ import annotations

import json
import math
import os
import random
from datetime import timedelta
from pathlib import Path

import pytest

from cli_helpers import falls_through, run_importing
from roadmap_cli import plainchange
from roadmap_cli.records import Card
from test_fast_done import NOW, coloured, compare, fast, fixed_clock, full, snapshot, state

__all__ = ["fixed_clock"]  # every run's clock at NOW (autouse)

REVIEWED = (
    ["done", "python", "--on", "2020-01-05"],
    ["done", "sql"],
    ["skip", "git"],
    ["review", "python", "--rating", "hard"],
)

CASES = [
    ["review", "python", "--rating", "good"],  # a card rated before, rated again
    ["review", "sql", "-r", "easy"],  # a card's first rating
    ["review", "python", "-r", "again", "--relearn"],  # forgotten: back in progress
    ["review", "sql", "--relearn", "--rating=again"],  # a skill never rated, forgotten
    ["review", "sql", "--rating=hard", "--json"],
    ["review", "py", "-r", "good"],  # by prefix, as the full route resolves it
    ["review", "python", "-r", "good", "-t", "genai-engineer"],  # by id in another track
    ["review", "--remove", "python", "sql"],
    ["review", "--remove", "numpy"],  # no card: nothing changes, nothing is written
    ["review", "--add", "git", "python"],  # python has one already
    ["review", "--add", "git", "--json"],  # `--json` says nothing of these, on both routes
]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_a_review_is_the_same_on_both_routes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
) -> None:
    state(capsys, *REVIEWED)
    compare(capsys, monkeypatch, tmp_path, *args)


@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR", "NO_COLOR"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_colour_and_width(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    colour: str,
    columns: str,
) -> None:
    coloured(monkeypatch, colour, columns)
    state(capsys, *REVIEWED)
    out = compare(capsys, monkeypatch, tmp_path, "review", "python", "-r", "easy")[0]
    assert out.startswith("Python: easy. Next review ")
    compare(capsys, monkeypatch, tmp_path / "add", "review", "--add", "git")
    compare(capsys, monkeypatch, tmp_path / "json", "review", "sql", "-r", "good", "--json")


def test_ratings_one_after_another_stay_on_the_fast_route(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path
) -> None:
    """Each fast rating keeps the entries the next change needs, and the full route reads
    the cards it wrote."""
    state(capsys, *REVIEWED, ["status"])
    for rating in ("good", "again", "easy", "hard"):
        assert fast(capsys, "review", "python", "--rating", rating) is not None
    assert fast(capsys, "review", "--add", "git") is not None
    card = json.loads((roadmap_home / "progress.json").read_bytes())["reviews"]["bundled"]
    assert card["python"]["reps"] == 5 and card["python"]["last_rating"] == "hard"
    assert card["python"]["lapses"] == 1
    assert "git" in card
    out, _, code = full(capsys, "show", "python", "--json")
    assert code == 0 and json.loads(out)["review"]["reviews"] == 5
    assert full(capsys, "doctor")[2] == 0


FALL_THROUGH = [
    ["review", "numpy", "--rating", "good"],  # not in review: the full route's error
    ["review", "python"],  # a walk on a terminal, else an error
    ["review", "python", "sql", "-r", "good"],  # one at a time
    ["review", "python", "-r", "Good"],
    ["review", "python", "-r", "good", "--relearn"],  # --relearn goes with again
    ["review", "-r", "good"],
    ["review", "--relearn"],
    ["review", "--add"],
    ["review", "--add", "git", "--remove"],
    ["review", "--add", "numpy"],  # todo: the full route's error
    ["review", "--add", "git", "-r", "good"],
    ["review", "--remove", "sql", "--relearn"],
    ["review", "python", "-r", "good", "--retention", "0.8"],
    ["review", "python", "-r", "good", "--help"],
]


@pytest.mark.parametrize("args", FALL_THROUGH, ids=" ".join)
def test_what_it_does_not_take_falls_through_having_written_nothing(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, args: list[str]
) -> None:
    state(capsys, *REVIEWED, ["status"])
    falls_through(capsys, roadmap_home, args)


def test_a_retention_of_the_environment_is_the_full_routes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, roadmap_home: Path
) -> None:
    state(capsys, *REVIEWED, ["status"])
    before = snapshot(roadmap_home)
    monkeypatch.setenv("ROADMAP_RETENTION", "0.8")
    assert fast(capsys, "review", "python", "-r", "good") is None
    assert fast(capsys, "review", "--add", "git") is None
    assert snapshot(roadmap_home) == before


def test_a_card_read_from_the_file_is_checked_when_rated(
    capsys: pytest.CaptureFixture[str], roadmap_home: Path, progress_file: Path
) -> None:
    """A card's figures are read only when a rating asks for them, with the models' bounds:
    a card out of bounds (one the full route refuses) is a miss, nothing written."""
    state(capsys, *REVIEWED, ["status"])
    raw = progress_file.read_bytes()
    card = plainchange.read(raw).reviews["bundled"]["python"]
    assert card.state == "review" and card.reps == 1 and card.last_rating == "hard"
    assert isinstance(card.stability, float) and card.last_review == NOW
    bad = plainchange.Card.read({**card.dump_data(), "difficulty": 11.5})
    with pytest.raises(plainchange.Miss):
        bad.difficulty  # noqa: B018  # read when asked for
    assert plainchange.Card.read({**card.dump_data(), "reps": -1}).due == card.due


def test_figures_it_cannot_write_as_pydantic_does_are_a_miss() -> None:
    """Only what `json.dumps` writes as Pydantic does is written here: a float with neither
    an exponent in either nor an int in its place; and a card out of the models' bounds."""
    made = {"state": "review", "reps": 1, "last_rating": "good", "difficulty": 5.0}
    plainchange.Card(NOW, NOW, stability=2.5, **made).dump_data()
    for stability in (0.00002, 1e20, math.inf, math.nan):
        with pytest.raises(plainchange.Miss):
            plainchange.Card(NOW, NOW, stability=stability, **made).dump_data()
    with pytest.raises(plainchange.Miss):
        plainchange.Card(NOW, NOW, stability=3, **made)  # an int
    with pytest.raises(plainchange.Miss):
        plainchange.Card(NOW, NOW, stability=2.5, **{**made, "difficulty": 10.5})
    with pytest.raises(plainchange.Miss):
        plainchange.Card(NOW, NOW, stability=2.5, **{**made, "state": "new"})
    with pytest.raises(plainchange.Miss):
        plainchange.Card(NOW, NOW, stability=2.5, colour="red")


def test_a_made_card_is_written_as_the_model_writes_it() -> None:
    """Floats over the whole range a card holds, and the fields left at their defaults: the
    light card's text is the model's, with the Pydantic installed."""
    rng = random.Random(15)
    for _ in range(3000):
        fields = {
            "stability": rng.uniform(0.001, 10.0) * 10 ** rng.randint(0, 5),
            "difficulty": round(rng.uniform(1, 10), rng.randint(0, 17)),
            "state": rng.choice(["learning", "review", "relearning"]),
            "reps": rng.randint(0, 50),
            "lapses": rng.randint(0, 3),
            "last_rating": rng.choice([None, "again", "hard", "good", "easy"]),
        }
        due = NOW + timedelta(days=rng.randint(0, 3650))
        light = plainchange.Card(due, NOW, **fields)
        model = Card(due=due, last_review=NOW, **fields)
        assert (
            plainchange._json(light.dump_data())
            == model.model_dump_json(exclude_defaults=True).encode()
        )


def test_the_process_imports_no_typer_click_nor_pydantic(roadmap_home: Path) -> None:
    """Nor Rich; FSRS schedules the card."""
    env = {**os.environ, "ROADMAP_HOME": str(roadmap_home)}
    env.pop("ROADMAP_FULL_ROUTE", None)
    for args in (["done", "python", "sql"], ["status"]):
        run_importing(args, env)  # the entries
    for args in (["review", "python", "-r", "good"], ["review", "--remove", "sql"]):
        out, heavy = run_importing(args, env)
        assert {m.split(".")[0] for m in heavy} <= {"fsrs"}
        assert "Python" in out or "SQL" in out
