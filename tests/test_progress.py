"""Status changes, undo, completion and streaks: the pure core in progress.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_cli import catalog, changes, stats
from roadmap_cli.digest import Digest
from roadmap_cli.records import Link, Note, Progress, SkillProgress

SMALL = Path(__file__).parent / "data" / "small.yaml"
RID, TID = "small", "basics"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
T1 = T0 + timedelta(hours=1)
T2 = T0 + timedelta(hours=2)
T3 = T0 + timedelta(hours=3)


@pytest.fixture(scope="module")
def track():
    return catalog.load_roadmap(SMALL).track(TID)


def do(p: Progress, skills: list[str], action: str, at: datetime = T0, note: str | None = None):
    return changes.apply(p, RID, TID, skills, action, at, changes.Details(note=note))


def records(p: Progress) -> dict[str, SkillProgress]:
    return p.roadmaps.get(RID, {})


def noted(*texts: str, at: datetime = T0) -> list[Note]:
    return [Note(text=text, at=at) for text in texts]


# --- transition -----------------------------------------------------------------------------


def test_done_from_todo_sets_started_and_finished() -> None:
    after = changes.transition(SkillProgress(), "done", T0)
    assert (after.status, after.started, after.finished) == ("done", T0, T0)


def test_done_keeps_earlier_start() -> None:
    started = SkillProgress(status="in-progress", started=T0)
    after = changes.transition(started, "done", T1)
    assert (after.status, after.started, after.finished) == ("done", T0, T1)


def test_start_sets_started_and_clears_finished() -> None:
    done = SkillProgress(status="done", started=T0, finished=T1)
    after = changes.transition(done, "start", T2)
    assert (after.status, after.started, after.finished) == ("in-progress", T0, None)
    fresh = changes.transition(SkillProgress(), "start", T2)
    assert (fresh.status, fresh.started, fresh.finished) == ("in-progress", T2, None)


def test_skip_sets_finished_and_keeps_started() -> None:
    after = changes.transition(SkillProgress(status="in-progress", started=T0), "skip", T1)
    assert (after.status, after.started, after.finished) == ("skipped", T0, T1)


def test_reset_clears_dates_but_keeps_notes() -> None:
    done = SkillProgress(status="done", started=T0, finished=T1, notes=noted("hard"))
    after = changes.transition(done, "reset", T2)
    assert after == SkillProgress(status="todo", notes=noted("hard"))


def test_note_action_adds_a_dated_note_and_changes_nothing_else() -> None:
    done = SkillProgress(status="done", started=T0, finished=T1, notes=noted("first"))
    after = changes.transition(done, "note", T2, changes.Details(note="read chapter 3"))
    assert after == done.model_copy(
        update={"notes": [*noted("first"), *noted("read chapter 3", at=T2)]}
    )


def test_notes_are_removed_only_on_purpose() -> None:
    record = SkillProgress(notes=[*noted("a"), *noted("b", at=T1)])
    after = changes.transition(record, "note", T2, changes.Details(delete_note=1))
    assert after.notes == noted("b", at=T1)
    assert changes.transition(record, "note", T2, changes.Details(clear_notes=True)).notes == []
    with pytest.raises(changes.NoSuchNote):
        changes.transition(record, "note", T2, changes.Details(delete_note=3))


def test_a_day_given_dates_the_change_and_its_note() -> None:
    details = changes.Details(on=T0, note="done last week")
    after = changes.transition(SkillProgress(), "done", T3, details)
    assert (after.started, after.finished, after.notes) == (T0, T0, noted("done last week"))


def test_log_adds_a_session_and_starts_a_skill_still_to_do() -> None:
    details = changes.Details(on=T1, minutes=45, note="chapter 2")
    after = changes.transition(SkillProgress(), "log", T3, details)
    assert (after.status, after.started, after.notes) == ("in-progress", T1, [])
    assert [(s.on, s.minutes, s.note) for s in after.log] == [(T1, 45, "chapter 2")]
    done = SkillProgress(status="done", started=T0, finished=T0)
    assert changes.transition(done, "log", T3, details).status == "done"


def test_transition_does_not_mutate_its_input() -> None:
    before = SkillProgress(status="in-progress", started=T0, notes=noted("x"))
    snapshot = before.model_copy(deep=True)
    changes.transition(before, "done", T1, changes.Details(note="y", links=["https://a.example"]))
    assert before == snapshot


@pytest.mark.parametrize(
    ("record", "action"),
    [
        (SkillProgress(status="done", started=T0, finished=T1), "done"),
        (SkillProgress(status="in-progress", started=T0), "start"),
        (SkillProgress(status="skipped", finished=T0), "skip"),
        (SkillProgress(notes=noted("kept")), "reset"),
    ],
)
def test_same_state_action_returns_an_equal_record(record: SkillProgress, action: str) -> None:
    assert changes.transition(record, action, T3) == record


# --- apply ----------------------------------------------------------------------------------


def test_apply_records_one_batch_per_call() -> None:
    p = Progress()
    do(p, ["python", "numpy"], "done")
    do(p, ["pandas"], "start", T1)
    assert [(e.skill, e.batch) for e in p.events] == [("python", 1), ("numpy", 1), ("pandas", 2)]
    assert [e.seq for e in p.events] == [1, 2, 3]


def test_apply_event_keeps_old_new_and_before() -> None:
    p = Progress()
    do(p, ["python"], "start", T0, "begun")
    first = records(p)["python"]
    do(p, ["python"], "done", T1)
    event = p.events[-1]
    assert (event.action, event.old, event.new, event.at) == ("done", "in-progress", "done", T1)
    assert event.before == first
    assert (event.roadmap, event.track, event.skill) == (RID, TID, "python")


def test_apply_reports_changes_and_skips_events_for_unchanged_skills() -> None:
    p = Progress()
    do(p, ["python"], "done")
    changes = do(p, ["python", "numpy"], "done", T1)
    assert [(c.skill_id, c.old, c.new, c.changed) for c in changes] == [
        ("python", "done", "done", False),
        ("numpy", "todo", "done", True),
    ]
    assert [e.skill for e in p.events if e.batch == 2] == ["numpy"]


def test_apply_with_nothing_to_change_appends_no_event() -> None:
    p = Progress()
    do(p, ["python"], "reset")
    assert p.events == []
    assert records(p) == {}


def test_apply_handles_duplicate_ids_once() -> None:
    p = Progress()
    changes = do(p, ["python", "python"], "done")
    assert len(changes) == 1
    assert len(p.events) == 1


def test_apply_removes_record_when_back_to_blank() -> None:
    p = Progress()
    do(p, ["python"], "done")
    do(p, ["python"], "reset", T1)
    assert "python" not in records(p)
    assert p.events[-1].new == "todo"


def test_reset_keeps_a_record_that_still_has_a_note() -> None:
    p = Progress()
    do(p, ["python"], "done", T0, "notes")
    do(p, ["python"], "reset", T1)
    assert records(p)["python"] == SkillProgress(notes=noted("notes"))


def test_apply_keeps_one_record_per_skill_of_the_roadmap_whatever_the_track() -> None:
    p = Progress()
    changes.apply(p, RID, "second", ["pandas"], "done", T0)
    assert p.status_map(RID) == {"pandas": "done"}
    assert p.status_map("another") == {}
    assert p.events[-1].track == "second"  # where the command was run
    changes.apply(p, RID, TID, ["pandas"], "done", T1)
    assert len(p.events) == 1  # done already, whichever track asks


def test_every_new_event_has_its_own_uuid() -> None:
    import uuid

    p = Progress()
    do(p, ["python", "numpy"], "done")
    changes.undo(p, T1)
    ids = [e.id for e in p.events]
    assert len(set(ids)) == 4
    assert all(str(uuid.UUID(i)) == i for i in ids if i)


# --- undo -----------------------------------------------------------------------------------


def test_undo_reverts_the_whole_latest_batch() -> None:
    p = Progress()
    do(p, ["python"], "done")
    do(p, ["pandas", "numpy"], "start", T1)
    reverted = changes.undo(p, T2)
    assert {e.skill for e in reverted} == {"pandas", "numpy"}
    assert all(e.action == "undo" and e.undoes == 2 for e in reverted)
    assert p.status_map(RID) == {"python": "done"}


def test_undo_restores_dates_and_notes_exactly() -> None:
    p = Progress()
    do(p, ["python"], "start", T0, "chapter 1")
    before = records(p)["python"].model_copy(deep=True)
    do(p, ["python"], "done", T1, "finished it")
    changes.undo(p, T2)
    assert records(p)["python"] == before


def test_undo_of_first_change_removes_the_record() -> None:
    p = Progress()
    do(p, ["python"], "done")
    changes.undo(p, T1)
    assert records(p) == {}


def test_successive_undos_walk_back_through_batches() -> None:
    p = Progress()
    do(p, ["python"], "start", T0)
    do(p, ["python"], "done", T1)
    do(p, ["numpy"], "skip", T2)
    changes.undo(p, T3)
    assert p.status_map(RID) == {"python": "done"}
    changes.undo(p, T3)
    assert p.status_map(RID) == {"python": "in-progress"}
    changes.undo(p, T3)
    assert p.status_map(RID) == {}


def test_undo_is_never_itself_undone() -> None:
    p = Progress()
    do(p, ["python"], "done")
    changes.undo(p, T1)
    with pytest.raises(changes.NothingToUndo):
        changes.undo(p, T2)
    assert records(p) == {}


def test_nothing_to_undo_on_empty_history() -> None:
    with pytest.raises(changes.NothingToUndo):
        changes.undo(Progress(), T0)


def test_after_undo_a_new_change_is_undone_next() -> None:
    p = Progress()
    do(p, ["python"], "done", T0)
    do(p, ["numpy"], "done", T1)
    changes.undo(p, T2)
    do(p, ["pandas"], "start", T3)
    reverted = changes.undo(p, T3)
    assert [e.skill for e in reverted] == ["pandas"]
    assert p.status_map(RID) == {"python": "done"}
    changes.undo(p, T3)
    assert p.status_map(RID) == {}


def test_undo_events_record_what_they_replace() -> None:
    p = Progress()
    do(p, ["python"], "done")
    (event,) = changes.undo(p, T1)
    assert (event.old, event.new, event.before.status) == ("done", "todo", "done")
    assert event.batch == 2


# --- completion -----------------------------------------------------------------------------


def test_done_and_skipped_both_count_as_complete() -> None:
    c = stats.completion(["a", "b", "c", "d"], {"a": "done", "b": "skipped", "c": "in-progress"})
    assert (c.done, c.skipped, c.in_progress, c.complete, c.total) == (1, 1, 1, 2, 4)
    assert stats.is_complete("done") and stats.is_complete("skipped")
    assert not stats.is_complete("in-progress") and not stats.is_complete("todo")


def test_completion_ignores_statuses_of_unlisted_skills() -> None:
    c = stats.completion(["a"], {"a": "done", "gone": "done"})
    assert (c.complete, c.total) == (1, 1)


def test_percent_rounds_down() -> None:
    assert stats.Completion(done=2, total=3).percent == 66
    assert stats.Completion(done=199, total=200).percent == 99
    assert stats.Completion(done=3, total=3).percent == 100


def test_empty_completion_is_full() -> None:
    assert stats.completion([], {}).percent == 100


@pytest.mark.parametrize(("done", "total"), [(29, 50), (29, 100), (57, 100)])
def test_percent_is_exact_for_whole_percentages(done: int, total: int) -> None:
    assert stats.Completion(done=done, total=total).percent == done * 100 // total


def test_phase_completion_counts_only_required_skills(track) -> None:
    phase = track.phase_by_id["programming"]
    c = stats.phase_completion(track, phase, {"python": "done", "javascript": "done"})
    assert (c.complete, c.total) == (1, 3)


def test_phase_with_only_optional_skills_counts_them_all(track) -> None:
    phase = track.phase_by_id["edge"]
    assert stats.counted_skills(track, phase) == ["tinyml"]
    assert stats.phase_completion(track, phase, {"tinyml": "skipped"}).percent == 100


def test_shared_skill_counts_in_every_phase_that_lists_it(track) -> None:
    statuses = {"pandas": "done"}
    assert stats.phase_completion(track, track.phase_by_id["programming"], statuses).complete == 1
    assert stats.phase_completion(track, track.phase_by_id["data"], statuses).complete == 1


def test_track_completion_counts_required_skills_once(track) -> None:
    statuses = {"pandas": "done", "javascript": "done", "tinyml": "done"}
    c = stats.track_completion(track, statuses)
    assert (c.complete, c.total, c.percent) == (1, 4, 25)


def test_optional_completion_counts_optional_and_elective_skills(track) -> None:
    c = stats.optional_completion(track, {"javascript": "done", "python": "done"})
    assert (c.complete, c.total) == (1, 2)


# --- streaks --------------------------------------------------------------------------------


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def test_active_days_counts_study() -> None:
    p = Progress()
    do(p, ["python"], "start", day(0))
    do(p, ["python"], "done", day(1))
    do(p, ["numpy"], "note", day(2), "later")
    do(p, ["numpy"], "skip", day(3))
    assert Digest.of(p.events).active_days(timezone.utc) == {
        d.date() for d in (day(0), day(1), day(2))
    }


def test_active_days_ignore_skips_resets_and_undos() -> None:
    p = Progress()
    do(p, ["python"], "done", day(0))
    do(p, ["python"], "reset", day(1))
    do(p, ["git", "sql"], "skip", day(2))
    do(p, ["numpy"], "done", day(3))
    changes.undo(p, day(4))
    assert Digest.of(p.events).active_days(timezone.utc) == {day(0).date()}


def test_active_days_use_the_local_date() -> None:
    p = Progress()
    late = datetime(2024, 3, 2, 2, 0, tzinfo=timezone.utc)
    do(p, ["python"], "done", late)
    new_york = timezone(timedelta(hours=-5))
    tokyo = timezone(timedelta(hours=9))
    assert Digest.of(p.events).active_days(new_york) == {date(2024, 3, 1)}
    assert Digest.of(p.events).active_days(tokyo) == {date(2024, 3, 2)}


# Days on which each zone's clocks change, some of them at midnight (Santiago, Havana).
CLOCK_CHANGES = {
    "America/New_York": ["2024-03-10", "2024-11-03"],
    "America/Santiago": ["2024-04-07", "2024-09-08"],
    "America/Havana": ["2024-03-10", "2024-11-03"],
    "Australia/Lord_Howe": ["2024-04-07", "2024-10-06"],  # by half an hour
    "Asia/Kathmandu": ["2024-06-01"],  # none: a quarter-hour offset
}


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"no time zone data for {name} here")


def _around(day: str, step_minutes: int = 10) -> list[datetime]:
    """Moments every few minutes from two days before `day` to two days after, in UTC."""
    start = datetime.fromisoformat(day).replace(tzinfo=timezone.utc) - timedelta(days=2)
    return [start + timedelta(minutes=n) for n in range(0, 4 * 24 * 60, step_minutes)]


@pytest.mark.parametrize("zone", sorted(CLOCK_CHANGES))
def test_local_days_agree_with_astimezone_across_clock_changes(zone: str) -> None:
    import random

    tz = _zone(zone)
    for day in CLOCK_CHANGES[zone]:
        moments = _around(day)
        stamps = [m.timestamp() for m in moments]
        expected = [m.astimezone(tz).date() for m in moments]
        assert [stats.LocalDays(tz)(s) for s in stamps] == expected  # each from scratch
        day_of = stats.LocalDays(tz)
        assert [day_of(s) for s in stamps] == expected  # in time order: the fast path
        shuffled = random.Random(day).sample(range(len(moments)), len(moments))
        day_of = stats.LocalDays(tz)
        assert [day_of(stamps[i]) for i in shuffled] == [expected[i] for i in shuffled]
        for when in {m.astimezone(tz).date() for m in moments}:  # where each day begins
            begins = day_of.midnight(when)
            assert datetime.fromtimestamp(begins, tz).date() == when
            assert datetime.fromtimestamp(begins - 1, tz).date() < when


@pytest.mark.parametrize("zone", ["America/Santiago", "Australia/Lord_Howe"])
def test_local_days_follow_the_system_time_zone(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    _zone(zone)
    if not hasattr(time, "tzset"):
        pytest.skip("the time zone cannot be changed in-process here")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for day in CLOCK_CHANGES[zone]:
            moments = _around(day)
            day_of = stats.LocalDays()
            expected = [m.astimezone().date() for m in moments]
            assert [day_of(m.timestamp()) for m in moments] == expected
    finally:
        monkeypatch.undo()
        time.tzset()


def test_local_days_of_naive_and_extreme_moments() -> None:
    day_of = stats.LocalDays(timezone.utc)
    naive = datetime(2024, 3, 1, 12, 0)
    assert day_of(stats.stamp(naive)) == naive.astimezone(timezone.utc).date()
    last = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    assert day_of(stats.stamp(last)) == date(9999, 12, 31)
    assert stats.LocalDays(timezone(timedelta(hours=5)))(stats.stamp(last)) == date(9999, 12, 31)
    first = datetime(1, 1, 1, 1, 0, tzinfo=timezone.utc)
    assert day_of(stats.stamp(first)) == date(1, 1, 1)
    assert stats.stamp(datetime(1, 1, 1, 0, 30)) == stats.stamp(first) - 1800


def test_current_streak_counts_up_to_today() -> None:
    today = date(2024, 3, 10)
    days = {today, today - timedelta(days=1), today - timedelta(days=2), date(2024, 3, 1)}
    assert stats.current_streak(days, today) == 3


def test_current_streak_still_counts_when_today_has_no_progress_yet() -> None:
    today = date(2024, 3, 10)
    days = {today - timedelta(days=1), today - timedelta(days=2)}
    assert stats.current_streak(days, today) == 2


def test_current_streak_is_zero_after_a_gap() -> None:
    today = date(2024, 3, 10)
    assert stats.current_streak({today - timedelta(days=2)}, today) == 0
    assert stats.current_streak(set(), today) == 0


def test_longest_streak_finds_the_longest_run() -> None:
    start = date(2024, 1, 1)
    run_of_two = {start, start + timedelta(days=1)}
    run_of_four = {start + timedelta(days=n) for n in range(10, 14)}
    assert stats.longest_streak(run_of_two | run_of_four | {start + timedelta(days=20)}) == 4
    assert stats.longest_streak(set()) == 0
    assert stats.longest_streak({start}) == 1


def test_longest_streak_crosses_month_and_year_ends() -> None:
    days = {date(2023, 12, 30), date(2023, 12, 31), date(2024, 1, 1)}
    assert stats.longest_streak(days) == 3


# --- the history's digest -------------------------------------------------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["done", "start", "skip", "reset", "note", "undo"]),
        st.lists(st.sampled_from(["python", "numpy", "pandas", "git"]), min_size=1, max_size=3),
        st.sampled_from([(RID, TID), (RID, "other"), ("elsewhere", TID)]),
        st.integers(min_value=-3 * 24, max_value=40 * 24),  # hours from T0: clocks go back too
    ),
    max_size=25,
)


def digest_shape(digest: Digest) -> object:
    return (
        digest.progress_times,
        {rid: (m.first, m.done, m.logs) for rid, m in digest.roadmaps.items()},
        {key: [e.seq for e in t.recent] for key, t in digest.tracks.items()},
    )


@given(steps=STEPS)
def test_a_digest_extended_by_each_change_equals_one_made_from_the_whole_history(
    steps: list[tuple[str, list[str], tuple[str, str], int]],
) -> None:
    p = Progress()
    digest = Digest()
    for action, skills, (rid, tid), hours in steps:
        when = T0 + timedelta(hours=hours)
        before = len(p.events)
        if action == "undo":
            try:
                changes.undo(p, when)
            except changes.NothingToUndo:
                continue
        else:
            details = changes.Details(note="n" if action == "note" else None)
            changes.apply(p, rid, tid, skills, action, when, details)
        extended = digest.extend(p.events[before:])
        assert extended == (action != "undo" or before == len(p.events))
        if not extended:
            digest = Digest.of(p.events)  # as the store does after an undo
        assert digest_shape(digest) == digest_shape(Digest.of(p.events))


def test_the_digest_leaves_undone_changes_out_of_streaks_and_pace() -> None:
    p = Progress()
    do(p, ["python"], "done", day(0))
    do(p, ["numpy"], "done", day(2))
    changes.undo(p, day(3))
    digest = Digest.of(p.events)
    assert digest.active_days(timezone.utc) == {day(0).date()}
    assert digest.roadmaps[RID].done == {"python": day(0).timestamp()}
    assert [e.action for e in digest.recent(RID, TID)] == ["undo", "done", "done"]
    assert digest.recent("nowhere", TID) == []


def test_a_blank_record_is_the_validated_default_and_a_new_one_each_time() -> None:
    blank = SkillProgress.blank()
    assert blank == SkillProgress() and blank.model_dump() == SkillProgress().model_dump()
    blank.links.append(Link(url="https://example.com"))
    assert SkillProgress.blank().links == []
    assert blank.is_blank() is False and SkillProgress.blank().is_blank()
