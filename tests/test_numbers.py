"""Honest numbers: study-day streaks, done pace, hours, goals, the heatmap, and search over
the learner's own texts. Times through the injected clock (`Settings.clock`), never patched."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli_helpers import error_line, lines, ok, runner, squash
from roadmap_cli import catalog, heatmap, lookup, stats
from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.digest import Digest
from roadmap_cli.records import Event, Link, Note, Progress, SkillProgress, StudySession
from roadmap_cli.session import Settings
from roadmap_cli.store import Store

RID, AIML, GENAI = "bundled", "aiml-genai", "genai-engineer"
TODAY = date(2026, 6, 17)  # a Wednesday


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0)).astimezone()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


class History:
    """Events made by hand, as any version of the commands records them."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.records: dict[str, SkillProgress] = {}  # shared by every track

    def add(
        self,
        days_ago: int,
        action: str,
        skill: str,
        new: str | None = None,
        track: str = AIML,
        batch: int | None = None,
        **fields: Any,
    ) -> History:
        record = self.records.setdefault(skill, SkillProgress())
        old = record.status
        new = new or {"done": "done", "start": "in-progress", "skip": "skipped"}.get(action, old)
        if action == "log" and old == "todo":
            new = "in-progress"
        if action == "reset":
            new = "todo"
        seq = len(self.events) + 1
        self.events.append(
            Event(
                seq=seq,
                batch=batch or seq,
                at=noon(ago(days_ago)),
                roadmap=RID,
                track=track,
                skill=skill,
                action=action,
                old=old,
                new=new,
                before=record.model_copy(deep=True),
                **fields,
            )
        )
        record.status = new  # type: ignore[assignment]
        when = noon(ago(days_ago))
        if action == "log":
            entry = StudySession(on=when, minutes=fields.get("minutes"), note=fields.get("text"))
            record.log.append(entry)
        if action == "note":
            record.notes.append(Note(text=fields["text"], at=when))
        return self

    def undo_last(self, days_ago: int) -> History:
        last = self.events[-1]
        seq = len(self.events) + 1
        self.events.append(
            last.model_copy(
                update={
                    "seq": seq,
                    "batch": seq,
                    "at": noon(ago(days_ago)),
                    "action": "undo",
                    "old": last.new,
                    "new": last.old,
                    "undoes": last.batch,
                }
            )
        )
        self.records[last.skill] = last.before.model_copy()
        return self

    def digest(self) -> Digest:
        return Digest.of(self.events)

    def save(self, path: Path) -> None:
        Store(path).save(Progress(roadmaps={RID: self.records}, events=self.events))


def at_today(*args: str, env: dict[str, str | None] | None = None):
    now = noon(TODAY).astimezone(timezone.utc)
    return runner().invoke(
        app, list(args), obj=Settings(clock=Clock(lambda: now)), prog_name="roadmap", env=env
    )


def doc(result) -> dict[str, Any]:
    return json.loads(ok(result))


@pytest.fixture
def aiml():
    return catalog.load_roadmap().track(AIML)


# --- streaks: days with study -----------------------------------------------------------------


def test_a_start_then_a_note_each_day_is_a_streak(aiml) -> None:
    """The issue's case: `start lstm` on day 1 and a note on each of the next five days."""
    h = History().add(5, "start", "lstm")
    for n in range(4, -1, -1):
        h.add(n, "note", "lstm", text=f"day {5 - n}")
    days = h.digest().active_days()
    assert stats.current_streak(days, TODAY) == 6
    assert stats.longest_streak(days) == 6


def test_logs_reviews_and_dones_are_study(aiml) -> None:
    h = History().add(3, "log", "numpy", minutes=45).add(2, "review", "numpy")
    h.add(1, "done", "numpy").add(0, "log", "pandas", minutes=30)
    assert h.digest().active_days() == {ago(n) for n in range(4)}


def test_skips_resets_and_undone_changes_are_not_study() -> None:
    h = History().add(3, "skip", "python").add(3, "skip", "numpy").add(3, "skip", "pandas")
    h.add(2, "done", "git").add(1, "reset", "git")
    h.add(0, "log", "sql", minutes=30).undo_last(0)
    assert h.digest().active_days() == {ago(2)}
    assert stats.current_streak(h.digest().active_days(), TODAY) == 0


def test_a_backdated_change_counts_on_its_day() -> None:
    """Logged today for yesterday (`--on`): the streak does not break."""
    h = History().add(2, "log", "numpy", minutes=20)
    h.add(0, "log", "numpy", minutes=20, on=noon(ago(1)))
    h.add(0, "note", "numpy", text="today")
    days = h.digest().active_days()
    assert days == {ago(2), ago(1), ago(0)}
    assert stats.current_streak(days, TODAY) == 3


# --- pace: done skills per week, hours from the log ------------------------------------------


def test_pace_counts_done_skills_not_skips(aiml) -> None:
    """The issue's case: twelve skips on day 1, one skill done a week later."""
    h = History()
    for skill in aiml.required_skill_ids[:12]:
        h.add(7, "skip", skill)
    h.add(0, "done", aiml.required_skill_ids[12])
    statuses = {s: r.status for s, r in h.records.items()}
    pace = stats.pace(h.digest().roadmap(RID), aiml, statuses, TODAY)
    assert (pace.completed, pace.window_days) == (1, 8)
    assert pace.per_week == pytest.approx(7 / 8)
    left = stats.track_completion(aiml, {}).total - 13
    assert pace.remaining == left
    assert pace.finish == TODAY + timedelta(days=left * 8)  # one per 8 days


def test_a_skill_done_twice_counts_once_and_a_done_skill_reset_counts() -> None:
    h = History().add(10, "done", "numpy").add(9, "reset", "numpy").add(8, "done", "numpy")
    h.add(8, "done", "pandas").add(7, "reset", "pandas")
    track = catalog.load_roadmap().track(AIML)
    pace = stats.pace(h.digest().roadmap(RID), track, {"numpy": "done"}, TODAY)
    assert pace.completed == 2  # numpy once, and pandas, done in the window though reset since


def test_a_tracks_pace_counts_its_skills_done_in_any_track() -> None:
    roadmap = catalog.load_roadmap()
    aiml, genai = roadmap.track(AIML), roadmap.track(GENAI)
    shared = next(s for s in aiml.required_skill_ids if s in genai.skill_by_id)
    aiml_only = next(s for s in aiml.required_skill_ids if s not in genai.skill_by_id)
    h = History().add(20, "start", shared, track=AIML)
    h.add(3, "done", shared, track=GENAI).add(2, "done", aiml_only, track=AIML)
    mine = h.digest().roadmap(RID)
    assert stats.pace(mine, aiml, {}, TODAY).completed == 2
    assert stats.pace(mine, genai, {}, TODAY).completed == 1


def test_hours_per_week_come_from_the_log_over_the_same_weeks(aiml) -> None:
    h = History().add(40, "log", "numpy", minutes=600)  # before the window: left out
    h.add(10, "log", "numpy", minutes=60).add(3, "log", "pandas", minutes=90)
    h.add(2, "log", "cnns", minutes=30).undo_last(2)  # undone: left out
    pace = stats.pace(h.digest().roadmap(RID), aiml, {}, TODAY)
    assert pace.window_days == 28
    assert pace.hours_per_week == pytest.approx(2.5 / 4)
    assert pace.completed == 0


def test_status_json_pace_counts_done_only_and_gains_hours(progress_file: Path, aiml) -> None:
    h = History()
    for skill in aiml.required_skill_ids[:12]:
        h.add(7, "skip", skill)
    h.add(0, "done", aiml.required_skill_ids[12]).add(0, "log", "numpy", minutes=120)
    h.save(progress_file)
    pace = doc(at_today("status", "--json"))["pace"]
    assert pace["completed"] == 1
    assert pace["per_week"] == 0.88
    assert pace["hours_per_week"] == 1.75  # 2 hours over 8 days


# --- goals ------------------------------------------------------------------------------------


def pace_of(completed: int, window: int, left: int) -> stats.Pace:
    per_week = completed / (window / 7)
    return stats.Pace(per_week, window, completed, left, None, None)


def test_a_goal_compares_the_pace_needed_with_the_pace_held() -> None:
    held = pace_of(completed=8, window=28, left=20)  # 2 a week
    ahead = stats.goal(TODAY + timedelta(weeks=10), held, TODAY)
    assert (ahead.required_per_week, ahead.behind, ahead.on_track) == (2.0, 0, True)
    short = stats.goal(TODAY + timedelta(weeks=7), held, TODAY)  # 14 done by then: 6 left
    assert (short.required_per_week, short.behind, short.on_track) == (20 / 7, 6, False)


def test_a_goal_without_a_pace_yet_says_only_what_is_needed() -> None:
    held = stats.Pace(None, 3, 0, 14, None, "short-history")
    found = stats.goal(TODAY + timedelta(weeks=7), held, TODAY)
    assert (found.required_per_week, found.per_week, found.behind, found.on_track) == (
        2.0,
        None,
        None,
        None,
    )


def test_a_goal_day_that_has_come_leaves_everything_left_behind() -> None:
    held = pace_of(completed=8, window=28, left=5)
    for day in (TODAY, TODAY - timedelta(days=3)):
        found = stats.goal(day, held, TODAY)
        assert (found.required_per_week, found.behind, found.on_track) == (None, 5, False)
    done = stats.goal(TODAY, pace_of(8, 28, 0), TODAY)
    assert (done.behind, done.on_track) == (0, True)


@given(
    completed=st.integers(1, 60),
    window=st.integers(7, 28),
    left=st.integers(1, 200),
    days=st.integers(1, 2000),
)
def test_on_track_exactly_when_the_projection_falls_on_the_goal_day_or_before(
    completed: int, window: int, left: int, days: int
) -> None:
    import math

    finish = TODAY + timedelta(days=math.ceil(left * window / completed))  # as `stats.pace`
    found = stats.goal(TODAY + timedelta(days=days), pace_of(completed, window, left), TODAY)
    assert found.on_track == (finish <= TODAY + timedelta(days=days))


def test_goal_sets_shows_and_clears_the_tracks_day(roadmap_home: Path) -> None:
    assert (
        ok(at_today("goal")) == "No goal for aiml-genai; set one with 'roadmap goal YYYY-MM-DD'.\n"
    )
    assert ok(at_today("goal", "2026-12-31")) == (
        "Goal set for aiml-genai: every required skill done by 2026-12-31\n"
    )
    ok(at_today("goal", "2027-03-01", "-t", GENAI))
    saved = json.loads((roadmap_home / "settings.json").read_text(encoding="utf-8"))
    assert saved == {
        "schema_version": 1,
        "track": {},
        "goal": {RID: {AIML: "2026-12-31", GENAI: "2027-03-01"}},
    }
    assert lines(ok(at_today("goal")))[0] == (
        "Goal for aiml-genai: every required skill done by 2026-12-31"
    )
    assert doc(at_today("goal", "--json")) == {"track": AIML, "goal": "2026-12-31"}
    assert ok(at_today("goal", "--clear")) == "Goal for aiml-genai cleared.\n"
    assert doc(at_today("goal", "--json")) == {"track": AIML, "goal": None}
    assert doc(at_today("goal", "-t", GENAI, "--json"))["goal"] == "2027-03-01"
    ok(at_today("use", GENAI))  # the track choice keeps the goals, and the goals the choice
    saved = json.loads((roadmap_home / "settings.json").read_text(encoding="utf-8"))
    assert saved["track"] == {RID: GENAI} and saved["goal"] == {RID: {GENAI: "2027-03-01"}}


@pytest.mark.parametrize(
    ("given_day", "message"),
    [
        ("2026-06-16", "2026-06-16 is in the past; a goal is today (2026-06-17) or later"),
        ("soon", "'soon' is not a day like 2026-12-31"),
        ("2026-6-30", "'2026-6-30' is not a day like 2026-12-31"),
        ("2026-02-30", "'2026-02-30' is not a day of the calendar"),
    ],
)
def test_goal_refuses_past_days_and_nonsense_in_one_line(
    roadmap_home: Path, given_day: str, message: str
) -> None:
    assert error_line(at_today("goal", given_day), 2) == message
    assert not (roadmap_home / "settings.json").exists()


def test_goal_today_is_allowed_and_date_with_clear_is_refused(roadmap_home: Path) -> None:
    ok(at_today("goal", TODAY.isoformat()))
    assert error_line(at_today("goal", "2027-01-01", "--clear"), 2) == (
        "give a DATE or --clear, not both"
    )
    assert doc(at_today("goal", "--json"))["goal"] == TODAY.isoformat()


def test_a_settings_file_with_a_bad_goal_is_reported(roadmap_home: Path) -> None:
    roadmap_home.mkdir(parents=True, exist_ok=True)
    bad = {"schema_version": 1, "track": {}, "goal": {RID: {AIML: "someday"}}}
    (roadmap_home / "settings.json").write_text(json.dumps(bad), encoding="utf-8")
    assert "settings file has an unknown shape" in error_line(at_today("status"))


def goal_history(aiml) -> History:
    """Eight required skills done in the last 28 days: two a week."""
    h = History().add(27, "start", aiml.required_skill_ids[0])
    for n, skill in enumerate(aiml.required_skill_ids[:8]):
        h.add(26 - 3 * n, "done", skill)
    return h


def test_status_says_the_pace_needed_the_pace_held_and_how_far_behind(
    progress_file: Path, aiml
) -> None:
    goal_history(aiml).save(progress_file)
    left = stats.track_completion(aiml, {}).total - 8  # 65 of the bundled track
    ok(at_today("goal", (TODAY + timedelta(weeks=20)).isoformat()))  # 40 done by then
    shown = doc(at_today("status", "--json"))
    assert shown["goal"] == {
        "date": "2026-11-04",
        "required_per_week": pytest.approx(left / 20, abs=0.01),
        "per_week": 2.0,
        "on_track": False,
        "behind": left - 40,
    }
    assert (
        f"Goal: 2026-11-04 (140 days): needs {left / 20:.1f} skills/week, you hold 2.0: "
        f"behind by {left - 40} skills at this pace"
    ) in squash(ok(at_today("status")))
    assert left <= 68
    ok(at_today("goal", (TODAY + timedelta(weeks=34)).isoformat()))  # 68 by then
    shown = doc(at_today("status", "--json"))["goal"]
    assert (shown["on_track"], shown["behind"]) == (True, 0)
    assert "you hold 2.0: on track" in squash(ok(at_today("status")))


def test_status_goal_is_null_without_a_goal(progress_file: Path, aiml) -> None:
    goal_history(aiml).save(progress_file)
    assert doc(at_today("status", "--json"))["goal"] is None
    assert "Goal:" not in ok(at_today("status"))


def test_the_dashboard_shows_the_goal_line(progress_file: Path, aiml) -> None:
    goal_history(aiml).save(progress_file)
    assert "Goal:" not in ok(at_today())
    ok(at_today("goal", (TODAY + timedelta(weeks=20)).isoformat()))
    left = stats.track_completion(aiml, {}).total - 8
    assert (
        f"Goal: 2026-11-04 (140 days): needs {left / 20:.1f} skills/week, you hold 2.0: "
        f"behind by {left - 40}"
    ) in squash(ok(at_today()))


# --- the heatmap ------------------------------------------------------------------------------


def test_the_heatmap_days_run_from_a_monday_26_weeks_back_to_today() -> None:
    found = heatmap.days(Counter(), Counter(), TODAY)
    assert found[0].day == date(2025, 12, 22) and found[0].day.weekday() == 0
    assert found[-1].day == TODAY
    assert len(found) == 25 * 7 + 3  # this week: Monday to Wednesday


def test_a_day_is_shaded_by_minutes_else_by_study_changes() -> None:
    shade = heatmap.DayActivity
    assert [shade(TODAY, m, 9).level for m in (0, 1, 29, 30, 59, 60, 119, 120)][1:] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]
    assert [shade(TODAY, 0, e).level for e in (0, 1, 2, 3, 4, 5, 50)] == [0, 1, 2, 3, 3, 4, 4]
    assert shade(TODAY, 1, 50).level == 1  # minutes, when logged, decide


def test_status_json_lists_the_heatmaps_days(progress_file: Path) -> None:
    h = History().add(1, "log", "numpy", minutes=45).add(1, "note", "numpy", text="x")
    h.add(1, "log", "numpy", minutes=30, on=noon(ago(2))).add(0, "skip", "git")
    h.save(progress_file)
    activity = doc(at_today("status", "--json"))["activity"]
    assert len(activity) == 178
    assert activity[0] == {"day": "2025-12-22", "minutes": 0, "events": 0}
    by_day = {a["day"]: (a["minutes"], a["events"]) for a in activity}
    assert by_day[ago(1).isoformat()] == (45, 2)
    assert by_day[ago(2).isoformat()] == (30, 1)
    assert by_day[TODAY.isoformat()] == (0, 0)  # a skip is not study


HEATMAP = """\
Activity, last 26 weeks:
      Jan     Feb     Mar       Apr     May       Jun
Mon . . . . . . . . . . . . . . . . . . . . . . . . . .
    . . . . . . . . . . . . . . . . . . . . . . . . . #
Wed . . . . . . . . . . . . . . . . . . . . . . . . . -
    . . . . . . . . . . . . . . . . . . . . . . . . .
Fri . . . . . . . . . . . . . . . . . . . . . . . . .
    . . . . . . . . . . . . . . . . . . . . . . . . .
    . . . . . . . . . . . . . . . . . . . . . . . . .
    less . - + * # more
"""


def test_the_heatmap_in_plain_characters_within_80_columns(progress_file: Path) -> None:
    h = History().add(1, "log", "numpy", minutes=150).add(0, "note", "numpy", text="x")
    h.save(progress_file)
    out = ok(at_today("status", env={"COLUMNS": "80"}))
    assert out[out.index("Activity") :] == HEATMAP
    assert all(len(line) <= 80 for line in out.splitlines())


def test_the_heatmap_in_colour_draws_blocks_in_shades() -> None:

    from roadmap_cli.drawstats import heatmap_lines

    found = heatmap.days(Counter({TODAY: 150}), Counter({TODAY: 1}), TODAY)
    coloured = heatmap_lines(found, plain=False)
    cells = {
        (line.plain[span.start : span.end], str(span.style))
        for line in coloured
        for span in line.spans
    }
    assert {("·", "bright_black"), ("█", "bold bright_green")} <= cells  # a day, and the key
    assert len({cell for cell in cells if cell[0] in "·░▓█"}) == 5  # five shades, all apart
    plain = "\n".join(line.plain for line in heatmap_lines(found, plain=True))
    assert plain.isascii() and "#" in plain
    assert plain.splitlines()[-1] == "    less . - + * # more"


def test_status_draws_the_heatmap_in_colour_on_a_terminal_and_plain_with_no_color(
    progress_file: Path,
) -> None:
    History().add(0, "log", "numpy", minutes=150).save(progress_file)
    terminal = at_today("status", env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert "\x1b[" in ok(terminal) and "█" in ok(terminal)
    plain = ok(at_today("status", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}))
    assert "\x1b[" not in plain and "█" not in plain
    assert "    less . - + * # more" in plain.splitlines()


# --- recent changes without churn -------------------------------------------------------------


def test_status_recent_changes_say_what_happened(progress_file: Path) -> None:
    h = History().add(3, "start", "numpy").add(2, "note", "numpy", text="broadcasting")
    h.add(1, "log", "numpy", minutes=45).add(1, "log", "pandas", minutes=90)
    h.add(0, "review", "numpy")
    h.save(progress_file)
    out = ok(at_today("status"))
    recent = out[out.index("Recent changes:") : out.index("Streak:")]
    assert [re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d ", "", line) for line in lines(recent)[1:]] == [
        "NumPy: reviewed",
        "Pandas: 1h30 logged (todo → in-progress)",
        "NumPy: 45m logged",
        "NumPy: note added",
        "NumPy: todo → in-progress",
    ]
    assert "in-progress → in-progress" not in out


# --- search -----------------------------------------------------------------------------------


def search_history() -> History:
    h = History()
    h.records["cnns"] = SkillProgress(
        status="in-progress",
        notes=[Note(text="Working through CS231n assignment 1", at=noon(ago(3)))],
        links=[Link(url="https://github.com/me/cs231n-notebooks")],
    )
    h.add(1, "log", "transformers", minutes=60, text="Read the Hugging-Face course, chapter 2")
    h.add(1, "log", "numpy", minutes=30, text="stride tricks").undo_last(1)
    return h


def test_search_finds_notes_links_and_study_log_notes(progress_file: Path) -> None:
    search_history().save(progress_file)
    found = doc(at_today("search", "cs231n", "--json"))["hits"]
    mine = [h for h in found if h["kind"] not in ("skill", "phase", "resource")]
    assert [(h["kind"], h["id"], h["track"], h["status"]) for h in mine] == [
        ("note", "cnns", AIML, "in-progress"),
        ("link", "cnns", AIML, "in-progress"),
    ]
    assert mine[0]["text"] == "Working through CS231n assignment 1"
    assert mine[0]["phase"] == "5. Deep Learning"
    logged = doc(at_today("search", "chapter 2", "--json"))["hits"]
    assert {(h["kind"], h["id"]) for h in logged} == {("log", "transformers")}
    assert doc(at_today("search", "stride tricks", "--json"))["hits"] == []  # undone


def test_search_matches_the_words_of_a_term_across_spaces_and_hyphens(
    progress_file: Path,
) -> None:
    search_history().save(progress_file)
    for term in ("hugging face", "Hugging-Face", "hugging_face"):
        hits = doc(at_today("search", term, "--json"))["hits"]
        assert ("log", "transformers") in {(h["kind"], h["id"]) for h in hits}, term
        assert ("skill", "huggingface") in {(h["kind"], h["id"]) for h in hits}, term
    pattern = lookup.search_pattern("hugging face")
    assert all(pattern.search(t) for t in ("Hugging Face", "hugging-face", "HuggingFace"))
    assert not pattern.search("hugging the face")


def test_search_covers_every_track_and_says_which(progress_file: Path) -> None:
    found = doc(at_today("search", "python basics", "--json"))
    assert found["current"] == AIML
    assert {h["track"] for h in found["hits"]} == {GENAI}  # a skill aiml-genai does not list
    out = ok(at_today("search", "python basics"))
    assert lines(out)[0] == "In genai-engineer"
    tracks = [line for line in lines(ok(at_today("search", "numpy"))) if line.startswith("In ")]
    assert tracks == ["In aiml-genai (in use)", "In genai-engineer"]


def test_search_hits_say_status_and_phase(progress_file: Path) -> None:
    search_history().save(progress_file)
    out = squash(ok(at_today("search", "cs231n")))
    assert "note cnns CNNs: Working through CS231n assignment 1 (in-progress, phase 5." in out
    assert "(in-progress, phase 5. Deep Learning)" in out


def test_the_heatmaps_facts_are_pure() -> None:
    """`heatmap` computes; only the renderers draw (it imports neither Rich nor an edge)."""
    import ast

    tree = ast.parse(Path(heatmap.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "datetime", "typing", "collections"}, imported


def test_status_says_when_the_goal_day_has_come_or_the_pace_is_not_known(
    progress_file: Path, aiml
) -> None:
    History().add(2, "done", aiml.required_skill_ids[0]).save(progress_file)
    left = stats.track_completion(aiml, {}).total - 1
    ok(at_today("goal", TODAY.isoformat()))
    assert (
        f"Goal: {TODAY} has come with {left} required skills left; set another with "
        "'roadmap goal DATE'"
    ) in squash(ok(at_today("status")))
    ok(at_today("goal", "2026-07-29"))  # six weeks
    shown = doc(at_today("status", "--json"))["goal"]
    assert shown == {
        "date": "2026-07-29",
        "required_per_week": pytest.approx(left / 6, abs=0.01),
        "per_week": None,
        "on_track": None,
        "behind": None,
    }
    assert (
        f"Goal: 2026-07-29 (42 days): needs {left / 6:.1f} skills/week; your pace is not known yet "
        "(it needs a week of history)"
    ) in squash(ok(at_today()))


def test_a_goal_line_counts_one_day_and_one_skill_in_the_singular() -> None:
    from roadmap_cli.drawstats import goal_line

    tomorrow = date(2026, 6, 2)
    behind = goal_line(stats.Goal(tomorrow, 1, 2, 14.0, 7.0, 1), 120).plain
    assert "(1 day): needs 14.0 skills/week" in behind and "behind by 1 skill at" in behind
    passed = goal_line(stats.Goal(tomorrow, 0, 1, None, None, None), 120).plain
    assert "has come with 1 required skill left" in passed
