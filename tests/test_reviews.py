"""Spaced review of done skills, driven through the injected clock (`Settings.clock`)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cli_helpers import error_line, lines, ok, runner
from roadmap_cli import reviews
from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.fileformat import parse, serialize
from roadmap_cli.records import Card
from roadmap_cli.session import Settings

T0 = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
RID = "bundled"


def at(moment: datetime, *args: str, input: str | None = None):
    settings = Settings(clock=Clock(now=lambda: moment))
    return runner().invoke(app, list(args), prog_name="roadmap", obj=settings, input=input)


def day(moment: datetime) -> str:
    return moment.astimezone().date().isoformat()


def cards_on_disk(progress_file: Path) -> dict[str, dict]:
    return json.loads(progress_file.read_bytes()).get("reviews", {}).get(RID, {})


def rated(moment: datetime, skill: str, rating: str, *more: str) -> dict:
    return json.loads(ok(at(moment, "review", skill, "--rating", rating, "--json", *more)))


def interval(card: dict, moment: datetime) -> float:
    return (datetime.fromisoformat(card["due"]) - moment).total_seconds() / 86400


# --- due ---------------------------------------------------------------------------------------


def test_a_skill_done_30_days_ago_with_no_review_is_due() -> None:
    ok(at(T0, "done", "python"))
    assert json.loads(ok(at(T0 + timedelta(days=1), "review", "--json")))["due"] == []
    later = T0 + timedelta(days=30)
    found = json.loads(ok(at(later, "review", "--json")))
    assert [item["id"] for item in found["due"]] == ["python"]
    item = found["due"][0]
    assert item["last_seen"] == T0.isoformat()
    assert 0 < item["retention"] < 0.9  # a month without review: much is forgotten
    assert found["reviews"] == {"due": 1, "overdue": 1, "next_due": None}


def test_a_new_card_is_first_due_a_few_days_after_the_skill_was_done() -> None:
    ok(at(T0, "done", "python"))
    first = T0 + timedelta(days=reviews.FIRST_REVIEW_DAYS)
    shown = json.loads(ok(at(T0, "show", "python", "--json")))["review"]
    assert shown["due"] == day(first)
    assert shown["reviews"] == 0 and shown["last_rating"] is None
    assert json.loads(ok(at(first, "review", "--json")))["reviews"]["due"] == 1


def test_most_forgotten_comes_first() -> None:
    ok(at(T0, "done", "python"))
    ok(at(T0 + timedelta(days=20), "done", "numpy"))
    found = json.loads(ok(at(T0 + timedelta(days=40), "review", "--json")))
    assert [item["id"] for item in found["due"]] == ["python", "numpy"]
    assert found["due"][0]["retention"] < found["due"][1]["retention"]


def test_skipped_skills_get_no_card_unless_added(progress_file: Path) -> None:
    ok(at(T0, "skip", "git"))
    assert "git" not in cards_on_disk(progress_file)
    later = T0 + timedelta(days=10)
    assert lines(ok(at(later, "review", "--add", "git"))) == ["Git: in review"]
    assert lines(ok(at(later, "review", "--add", "git"))) == ["Git: already in review"]
    assert json.loads(ok(at(later, "review", "--json")))["due"][0]["id"] == "git"  # known since T0
    assert lines(ok(at(later, "review", "--remove", "git"))) == ["Git: out of review"]
    assert "git" not in cards_on_disk(progress_file)
    assert lines(ok(at(later, "review", "--remove", "git"))) == ["Git: not in review"]


def test_a_todo_skill_cannot_be_added_and_nothing_changes(progress_file: Path) -> None:
    ok(at(T0, "done", "python"))
    before = progress_file.read_bytes()
    result = at(T0, "review", "--add", "sql")
    assert error_line(result, 2) == "SQL is todo: only a skill you have studied can be reviewed"
    assert progress_file.read_bytes() == before


def test_rating_a_skill_not_in_review_is_an_error(progress_file: Path) -> None:
    ok(at(T0, "skip", "git"))
    before = progress_file.read_bytes()
    result = at(T0, "review", "git", "--rating", "good")
    assert error_line(result, 2) == (
        "Git is not in review (only done skills are); to review it anyway: roadmap review --add git"
    )
    assert progress_file.read_bytes() == before


# --- scheduling ----------------------------------------------------------------------------------


def test_good_moves_the_due_day_into_the_future_and_raises_stability() -> None:
    ok(at(T0, "done", "python"))
    first_at = T0 + timedelta(days=30)
    first = rated(first_at, "python", "good")
    assert first["due"] > day(first_at)
    assert first["before"]["stability"] is None and first["card"]["stability"] > 0
    second_at = datetime.fromisoformat(first["card"]["due"])
    second = rated(second_at, "python", "good")
    assert second["card"]["stability"] > first["card"]["stability"]
    assert interval(second["card"], second_at) > interval(first["card"], first_at)
    assert second["card"]["reps"] == 2 and second["card"]["last_rating"] == "good"
    assert json.loads(ok(at(second_at, "review", "--json")))["due"] == []


def test_again_shortens_the_next_interval() -> None:
    ok(at(T0, "done", "python"))
    first_at = T0 + timedelta(days=5)
    first = rated(first_at, "python", "good")
    again_at = datetime.fromisoformat(first["card"]["due"])
    again = rated(again_at, "python", "again")
    assert interval(again["card"], again_at) < interval(first["card"], first_at)
    assert again["card"]["stability"] < first["card"]["stability"]
    assert again["card"]["lapses"] == 1
    assert again["relearn"] is False  # without --relearn, still done
    assert json.loads(ok(at(again_at, "show", "python", "--json")))["status"] == "done"


def test_again_with_relearn_puts_the_skill_back_in_progress_and_undo_reverts_both(
    progress_file: Path,
) -> None:
    ok(at(T0, "done", "python"))
    moment = T0 + timedelta(days=9)
    before = progress_file.read_bytes()
    out = lines(ok(at(moment, "review", "python", "--rating", "again", "--relearn")))
    assert out[1] == "Python is back in progress; 'roadmap undo' takes back both."
    assert json.loads(ok(at(moment, "show", "python", "--json")))["status"] == "in-progress"
    ok(at(moment, "undo"))
    after = parse(progress_file.read_bytes())
    assert after.reviews == parse(before).reviews
    assert after.roadmaps == parse(before).roadmaps


def test_relearn_goes_with_again_only() -> None:
    ok(at(T0, "done", "python"))
    result = at(T0, "review", "python", "--rating", "good", "--relearn")
    assert error_line(result, 2) == "--relearn goes with --rating again"


def test_a_higher_desired_retention_reviews_sooner() -> None:
    ok(at(T0, "done", "python", "numpy"))
    moment = T0 + timedelta(days=5)
    low = rated(moment, "python", "good", "--retention", "0.8")
    high = rated(moment, "numpy", "good", "--retention", "0.97")
    assert interval(high["card"], moment) < interval(low["card"], moment)
    result = at(moment, "review", "python", "--rating", "good", "--retention", "1.5")
    assert result.exit_code == 2


# --- undo, history -------------------------------------------------------------------------------


def test_undo_restores_the_card_exactly(progress_file: Path) -> None:
    ok(at(T0, "done", "python"))
    rated(T0 + timedelta(days=4), "python", "good")
    before = cards_on_disk(progress_file)
    rated(T0 + timedelta(days=20), "python", "hard")
    assert cards_on_disk(progress_file) != before
    assert "review" in ok(at(T0 + timedelta(days=20), "undo"))
    assert cards_on_disk(progress_file) == before
    assert (
        Card.model_validate(before["python"])
        == parse(progress_file.read_bytes()).reviews[RID]["python"]
    )


def test_undo_of_done_takes_the_card_away_and_of_remove_puts_it_back(progress_file: Path) -> None:
    ok(at(T0, "done", "python"))
    card = cards_on_disk(progress_file)["python"]
    ok(at(T0, "review", "--remove", "python"))
    assert "python" not in cards_on_disk(progress_file)
    ok(at(T0, "undo"))
    assert cards_on_disk(progress_file)["python"] == card
    ok(at(T0, "undo"))
    assert "python" not in cards_on_disk(progress_file)


def test_a_rating_is_an_event_in_the_history(progress_file: Path) -> None:
    ok(at(T0, "done", "python"))
    rated(T0 + timedelta(days=4), "python", "easy")
    event = json.loads(progress_file.read_bytes())["events"][-1]
    assert (event["action"], event["text"], event["skill"]) == ("review", "easy", "python")
    assert event["card"]["due"] == (T0 + timedelta(days=3)).isoformat().replace("+00:00", "Z")
    history = ok(at(T0 + timedelta(days=4), "history"))
    assert "review Python: reviewed: easy" in lines(history)[-1]


def test_a_day_with_a_review_counts_for_the_streak() -> None:
    ok(at(T0, "done", "python"))
    rated(T0 + timedelta(days=1), "python", "good")
    status = json.loads(ok(at(T0 + timedelta(days=1), "status", "--json")))
    assert status["streak"]["current"] == 2


# --- what other commands say ---------------------------------------------------------------------


def test_status_json_counts_reviews() -> None:
    ok(at(T0, "done", "python"))
    ok(at(T0 + timedelta(days=10), "done", "numpy"))
    status = json.loads(ok(at(T0 + timedelta(days=11), "status", "--json")))
    assert status["reviews"] == {
        "due": 1,
        "overdue": 1,
        "next_due": day(T0 + timedelta(days=13)),
    }


def test_next_status_and_the_dashboard_say_how_many_are_due_in_one_line() -> None:
    ok(at(T0, "done", "python", "numpy"))
    soon = T0 + timedelta(days=1)
    assert not any(line.startswith("Reviews:") for line in lines(ok(at(soon, "next"))))
    assert "Reviews: none due; the next on " + day(T0 + timedelta(days=3)) in lines(
        ok(at(soon, "status"))
    )
    later = T0 + timedelta(days=5)
    line = "Reviews: 2 due, 2 overdue: roadmap review"
    for command in (["next"], ["status"], []):
        assert lines(ok(at(later, *command))).count(line) == 1, command


def test_show_gives_the_review_state() -> None:
    ok(at(T0, "done", "python"))
    rated(T0 + timedelta(days=4), "python", "good")
    moment = T0 + timedelta(days=5)
    shown = json.loads(ok(at(moment, "show", "python", "--json")))["review"]
    assert shown["reviews"] == 1 and shown["last_rating"] == "good"
    assert 0.9 < shown["retention"] <= 1
    line = next(x for x in lines(ok(at(moment, "show", "python"))) if x.startswith("Review:"))
    assert line.endswith("· 1 review · last rated good")
    assert json.loads(ok(at(moment, "show", "sql", "--json")))["review"] is None


def test_markdown_export_marks_each_done_skills_band() -> None:
    ok(at(T0, "done", "python"))
    ok(at(T0 + timedelta(days=1), "done", "numpy"))
    rated(T0 + timedelta(days=2), "numpy", "easy")
    out = ok(at(T0 + timedelta(days=3), "export")).splitlines()

    def band(name: str) -> str:
        at_line = next(i for i, x in enumerate(out) if x.startswith(f"- [x] {name} "))
        block = []  # the skill's lines, up to the next skill
        for x in out[at_line + 1 :]:
            if x.startswith("- ["):
                break
            block.append(x)
        return next((x for x in block if x.startswith("  - Review")), "")

    assert band("Python") == "  - Review: due"
    assert band("NumPy") == "  - Review: strong"


def test_listing_without_a_terminal_lists_only() -> None:
    ok(at(T0, "done", "python"))
    out = lines(ok(at(T0 + timedelta(days=30), "review")))
    assert out[0] == "1 to review, most forgotten first:"
    assert out[1] == "skill, phase retention last seen due"
    assert out[2].startswith("Python · 1. Core Programming ")
    assert out[2].endswith(f"% {day(T0)} 27 days overdue")
    result = at(T0, "review", "python")
    assert error_line(result, 2) == (
        "say how well you remember it: roadmap review python --rating good"
    )


def test_nothing_to_review_says_so() -> None:
    assert lines(ok(at(T0, "review"))) == [
        "Nothing in review yet: skills enter review when you mark them done."
    ]
    ok(at(T0, "done", "python"))
    assert lines(ok(at(T0, "review"))) == [
        f"Nothing to review today; the next review is on {day(T0 + timedelta(days=3))}."
    ]


# --- the walk on a terminal ----------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from roadmap_cli.commands import review

    monkeypatch.setattr(review, "_interactive", lambda: True)


def test_the_walk_takes_one_key_per_skill(terminal, progress_file: Path) -> None:
    ok(at(T0, "done", "python"))
    ok(at(T0 + timedelta(days=1), "done", "numpy"))
    moment = T0 + timedelta(days=30)
    out = ok(at(moment, "review", input="x3q"))  # x: not a key, asked again
    assert out.count("How well do you remember it?") == 2
    assert "About: A general-purpose programming language" in " ".join(out.split())
    assert "Python: good. Next review " in out
    assert "Reviewed 1 of 2. 'roadmap undo' takes back the last one." in out
    assert cards_on_disk(progress_file)["python"]["last_rating"] == "good"
    assert "last_rating" not in cards_on_disk(progress_file)["numpy"]


def test_again_in_the_walk_asks_whether_to_study_it_again(terminal) -> None:
    ok(at(T0, "done", "python", "numpy"))
    moment = T0 + timedelta(days=30)
    out = ok(at(moment, "review", input="ay\na\n\n"))
    assert out.count("Put ") == 2
    statuses = {
        skill: json.loads(ok(at(moment, "show", skill, "--json")))["status"]
        for skill in ("python", "numpy")
    }
    assert sorted(statuses.values()) == ["done", "in-progress"]


def test_review_skill_on_a_terminal_rates_that_one_even_before_it_is_due(terminal) -> None:
    ok(at(T0, "done", "python"))
    out = ok(at(T0 + timedelta(days=1), "review", "py", input="e"))
    assert "Python: easy. Next review " in out


# --- the progress file ------------------------------------------------------------------------


MAIN_FILE = (
    '{"schema_version":2,"roadmaps":{"bundled":{"aiml-genai":{'
    '"python":{"status":"done","started":"2026-01-10T09:00:00Z","finished":"2026-01-10T09:00:00Z"},'
    '"git":{"status":"skipped","finished":"2026-01-11T09:00:00Z"}}}},'
    '"events":[{"seq":1,"batch":1,"at":"2026-01-10T09:00:00Z","roadmap":"bundled",'
    '"track":"aiml-genai","skill":"python","action":"done","old":"todo","new":"done",'
    '"before":{}},{"seq":2,"batch":2,"at":"2026-01-11T09:00:00Z","roadmap":"bundled",'
    '"track":"aiml-genai","skill":"git","action":"skip","old":"todo","new":"skipped",'
    '"before":{}}]}\n'
)


def test_a_file_written_before_reviews_loads_gets_cards_saves_and_reloads_exactly(
    progress_file: Path,
) -> None:
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(MAIN_FILE, encoding="utf-8")
    assert parse(MAIN_FILE.encode()).reviews == {}  # schema 2, migrated: no card stored
    moment = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)
    found = json.loads(ok(at(moment, "review", "--json")))
    assert [item["id"] for item in found["due"]] == ["python"]  # done: a card; skipped: none
    assert found["due"][0]["card"]["due"] == "2026-01-13T09:00:00+00:00"
    rated(moment, "python", "good")
    raw = progress_file.read_bytes()
    assert raw.startswith(b'{"schema_version":3,')
    saved = parse(raw)
    assert set(saved.reviews[RID]) == {"python"}
    assert serialize(saved) == raw  # reloads exactly
    assert len(saved.events) == 3
    ok(at(moment, "undo"))
    assert parse(progress_file.read_bytes()).reviews[RID]["python"] == reviews.new_card(
        datetime(2026, 1, 10, 9, tzinfo=timezone.utc)
    )


def test_export_import_round_trip_keeps_every_card_exactly(
    tmp_path: Path, progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(at(T0, "done", "python", "numpy"))
    rated(T0 + timedelta(days=4), "python", "good")
    rated(T0 + timedelta(days=6), "numpy", "again")
    exported = tmp_path / "out.json"
    assert at(T0, "export", "--format", "json", "-o", str(exported)).exit_code == 0
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "elsewhere"))
    ok(at(T0, "import", str(exported)))
    again = ok(at(T0, "export", "--format", "json"))
    first, second = json.loads(exported.read_text(encoding="utf-8")), json.loads(again)
    assert second["roadmaps"] == first["roadmaps"]
    assert second["reviews"] == first["reviews"]  # every card, exactly
    moved, original = parse(again.encode()), parse(exported.read_bytes())
    assert moved.reviews == parse(progress_file.read_bytes()).reviews
    kept = [(e.id, e.card) for e in original.events]
    assert [(e.id, e.card) for e in moved.events[: len(kept)]] == kept  # the history joins
    assert {e.action for e in moved.events[len(kept) :]} == {"import"}  # one change, undoable
    ok(at(T0, "undo"))
    undone = json.loads(ok(at(T0, "export", "--format", "json")))
    assert not any(undone.get("reviews", {}).values())  # no card left: none was here before


@pytest.mark.parametrize(
    ("card", "where"),
    [
        ({"due": "2026-01-13T09:00:00Z", "stability": -1.0}, "stability"),
        ({"due": "2026-01-13T09:00:00Z", "difficulty": 11.0}, "difficulty"),
        ({"due": "9999-01-13T09:00:00Z"}, "due"),
        ({"due": "2026-01-13T09:00:00"}, "due"),
        ({"due": "2026-01-13T09:00:00Z", "state": "forgotten"}, "state"),
        ({"due": "2026-01-13T09:00:00Z", "reps": -1}, "reps"),
        ({"due": "2026-01-13T09:00:00Z", "extra": 1}, "extra"),
    ],
)
def test_a_bad_card_is_one_line_and_the_file_is_left_untouched(
    progress_file: Path, card: dict, where: str
) -> None:
    doc = json.loads(MAIN_FILE)
    doc["reviews"] = {RID: {"python": card}}
    raw = json.dumps(doc).encode()
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(raw)
    message = error_line(at(T0, "review", "python", "--rating", "good"))
    assert message.startswith(f"{progress_file}: progress file has a bad value at reviews.")
    assert f".python.{where}" in message
    assert progress_file.read_bytes() == raw


def test_a_card_due_beyond_the_bounds_is_said_in_our_words(progress_file: Path) -> None:
    doc = json.loads(MAIN_FILE)
    doc["reviews"] = {RID: {"python": {"due": "9999-01-13T09:00:00Z"}}}
    progress_file.parent.mkdir(parents=True)
    progress_file.write_text(json.dumps(doc), encoding="utf-8")
    assert error_line(at(T0, "review")).endswith(
        "reviews.bundled.python.due: a time before 1970 or after 8999 (UTC); left untouched "
        "(no backup exists yet)"
    )


def test_nan_stability_is_refused() -> None:
    with pytest.raises(ValueError):
        Card.model_validate_json('{"due":"2026-01-13T09:00:00Z","stability":NaN}')


# --- the scheduler itself ------------------------------------------------------------------------


def test_the_scheduler_has_no_same_day_steps_and_no_fuzz() -> None:
    scheduler = reviews.scheduler(0.9)
    assert scheduler.learning_steps == () and scheduler.relearning_steps == ()
    assert scheduler.enable_fuzzing is False
    card = reviews.new_card(T0)
    moment = T0 + timedelta(days=3)
    results = {rating: reviews.rate(card, rating, moment) for rating in ("again", "good")}
    assert results["again"].due >= moment + timedelta(days=1)  # whole days, even for again
    assert reviews.rate(card, "good", moment) == results["good"]  # deterministic


def test_counts_are_by_local_day() -> None:
    today = date(2026, 3, 10)
    cards = {
        "a": Card(due=datetime(2026, 3, 8, 12, tzinfo=timezone.utc)),
        "b": Card(due=datetime(2026, 3, 10, 12, tzinfo=timezone.utc)),
        "c": Card(due=datetime(2026, 3, 15, 12, tzinfo=timezone.utc)),
    }
    assert reviews.count(cards, today) == (2, 1, date(2026, 3, 15))


def test_reading_commands_do_not_import_the_scheduler(tmp_path: Path) -> None:
    """`next` and `status` count due reviews from the stored due days: FSRS stays unloaded."""
    code = (
        "import sys\n"
        "from roadmap_cli.cli import run\n"
        "for args in (['done', 'python'], ['next'], ['status']):\n"
        "    try:\n"
        "        run(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('fsrs' in sys.modules)\n"
    )
    env = {"ROADMAP_HOME": str(tmp_path / "h"), "PATH": "/usr/bin:/bin", "COLUMNS": "80"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "False"


def test_the_walk_stops_at_the_end_of_input_keeping_what_was_rated(
    terminal, progress_file: Path
) -> None:
    ok(at(T0, "done", "python", "numpy"))
    out = ok(at(T0 + timedelta(days=30), "review", input="2"))
    assert "Reviewed 1 of 2." in out
    assert len([c for c in cards_on_disk(progress_file).values() if "last_rating" in c]) == 1


def test_the_walk_ends_cleanly_when_the_relearn_question_gets_no_answer(
    terminal, progress_file: Path
) -> None:
    """The end of input at "Put it back in progress?": newer Click aborts the question (the
    walk stops, that rating not given), older Click's test runner answers the default (no).
    Either way: no error, and the skill is not put back in progress."""
    ok(at(T0, "done", "python"))
    moment = T0 + timedelta(days=30)
    out = ok(at(moment, "review", input="1"))
    assert "Reviewed 0 of 1." in out or "Reviewed 1 of 1." in out
    assert json.loads(ok(at(moment, "show", "python", "--json")))["status"] == "done"


def test_a_file_with_cards_keeps_the_fast_paths(progress_file: Path) -> None:
    """Cards sit before the history, so reading the records and appending events still
    skip the history (see `fileformat`)."""
    from roadmap_cli import fileformat

    ok(at(T0, "done", "python"))
    rated(T0 + timedelta(days=4), "python", "good")
    raw = progress_file.read_bytes()
    assert raw.index(b'"reviews"') < raw.index(b'"events"')
    records = fileformat.records_only(raw)
    assert records is not None and records.reviews == parse(raw).reviews
    last = fileformat.records_and_last_event(raw)
    assert last is not None and last.events[0].card is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rating", "good"], "--rating rates one skill: roadmap review SKILL --rating good"),
        (["python", "numpy", "--rating", "good"], "rate one skill at a time"),
        (["--add", "--remove", "python"], "give --add or --remove, not both"),
        (["--add"], "--add and --remove take skills, and no --rating"),
    ],
)
def test_review_usage_errors_change_nothing(progress_file: Path, args, message: str) -> None:
    ok(at(T0, "done", "python", "numpy"))
    before = progress_file.read_bytes()
    assert error_line(at(T0, "review", *args), 2).startswith(message)
    assert progress_file.read_bytes() == before
