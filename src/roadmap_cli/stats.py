"""Statistics of progress: completion, streaks, pace, goals. Pure: no I/O, no clock of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from roadmap_cli.modelcore import COMPLETE

if TYPE_CHECKING:
    from roadmap_cli.models import Choice, Phase, Status, Track


class Completion(NamedTuple):
    done: int = 0
    skipped: int = 0
    in_progress: int = 0
    total: int = 0

    @property
    def complete(self) -> int:
        return self.done + self.skipped

    @property
    def percent(self) -> int:
        """Rounded down, so 100% means everything, not 99.5% of it."""
        return self.complete * 100 // self.total if self.total else 100


def completion(skill_ids: Iterable[str], statuses: dict[str, Status]) -> Completion:
    counts = {"done": 0, "skipped": 0, "in-progress": 0}
    total = 0
    for sid in skill_ids:
        total += 1
        status = statuses.get(sid, "todo")
        if status in counts:
            counts[status] += 1
    return Completion(counts["done"], counts["skipped"], counts["in-progress"], total)


def counted_skills(track: Track, phase: Phase) -> list[str]:
    """The skills a phase's completion counts on their own: its required ones outside choices,
    or all when the phase requires nothing (choices are counted by `choice_completion`)."""
    optional = track.optional_ids  # once, not once a skill: 50,000 in a large roadmap
    required = [sid for sid in phase.required_ids if sid not in optional]
    if required or _counted_choices(track, phase):
        return required
    return list(phase.skill_ids)


def _counted_choices(track: Track, phase: Phase) -> list[Choice]:
    if phase.elective:
        return []
    optional = track.optional_ids
    return [c for c in phase.choices if not optional.issuperset(c.one_of)]


def choice_completion(choice: Choice, statuses: dict[str, Status]) -> Completion:
    """A choice counts `count`: done skills first, then skipped ones, up to the count."""
    found = completion(choice.one_of, statuses)
    done = min(found.done, choice.count)
    skipped = min(found.skipped, choice.count - done)
    in_progress = min(found.in_progress, choice.count - done - skipped)
    return Completion(done, skipped, in_progress, choice.count)


def choice_met(choice: Choice, statuses: dict[str, Status]) -> bool:
    return sum(statuses.get(sid, "todo") in COMPLETE for sid in choice.one_of) >= choice.count


def extras(track: Track, statuses: dict[str, Status]) -> frozenset[str]:
    """Skills offered only in choices that are all met: optional suggestions from now on."""
    return frozenset(
        sid
        for sid in track.choice_ids
        if statuses.get(sid, "todo") not in COMPLETE
        and all(choice_met(c, statuses) for c in track.choices_of.get(sid, ()))
    )


def ready(track: Track, skill_id: str, statuses: dict[str, Status]) -> bool:
    """Whether every prerequisite of the skill is complete."""
    after = track.skill_by_id[skill_id].after
    return all(statuses.get(sid, "todo") in COMPLETE for sid in after)


def _plus(total: Completion, more: Iterable[Completion]) -> Completion:
    for c in more:
        total = Completion(
            total.done + c.done,
            total.skipped + c.skipped,
            total.in_progress + c.in_progress,
            total.total + c.total,
        )
    return total


def phase_completion(track: Track, phase: Phase, statuses: dict[str, Status]) -> Completion:
    own = completion(counted_skills(track, phase), statuses)
    choices = _counted_choices(track, phase)
    return _plus(own, (choice_completion(c, statuses) for c in choices))


def track_completion(track: Track, statuses: dict[str, Status]) -> Completion:
    """Completion of the track's required skills and choices (optional ones and electives are
    extra); a choice counts once however many phases offer it."""
    choices = track.required_choices
    if not track.required_skill_ids and not choices:
        return completion(track.ordered_skill_ids, statuses)
    own = completion(track.required_skill_ids, statuses)
    return _plus(own, (choice_completion(c, statuses) for c in choices))


def optional_completion(track: Track, statuses: dict[str, Status]) -> Completion:
    optional = track.optional_ids
    return completion([s for s in track.ordered_skill_ids if s in optional], statuses)


def is_complete(status: Status) -> bool:
    return status in COMPLETE


# --- days and streaks ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def local_day(moment: datetime) -> date:
    """The local calendar day of one moment; cached: lists repeat a batch's time on many rows."""
    return moment.astimezone().date()


class LocalDays:
    """The local calendar day of POSIX times met in time order, such as a history's events.

    Finding the local date of a time asks the C library for the offset every time, about a
    microsecond: most of `status` on a long history. Here each day's bounds are found once,
    and a time inside the last day found costs two comparisons. (Exact wherever the local
    date never goes back, which is everywhere clocks are set back within a day.)
    """

    def __init__(self, tz: timezone | None = None) -> None:
        self.tz = tz
        self.day = date.min
        self.start = self.end = 0.0

    def __call__(self, stamp: float) -> date:
        if self.start <= stamp < self.end:
            return self.day
        try:
            day = datetime.fromtimestamp(stamp, self.tz).date()
        except (OverflowError, ValueError, OSError):  # beyond the local calendar's ends
            return datetime.fromtimestamp(stamp, timezone.utc).date()
        try:
            start, end = self.midnight(day), self.midnight(day + timedelta(days=1))
        except (OverflowError, ValueError, OSError):
            return day
        if start <= stamp < end:
            self.day, self.start, self.end = day, start, end
        return day

    def midnight(self, day: date) -> float:
        """The POSIX time a local day begins (naive local time is placed by the C library)."""
        return datetime.combine(day, time(), tzinfo=self.tz).timestamp()


def stamp(moment: datetime) -> float:
    """POSIX seconds; a time without a zone counts as local time, as `astimezone` has it."""
    try:
        return moment.timestamp()
    except (OverflowError, ValueError, OSError):  # a local time beyond the C library's range
        return moment.replace(tzinfo=timezone.utc).timestamp()


def current_streak(days: set[date], today: date) -> int:
    """Consecutive days with progress up to today (or yesterday: today is not over yet)."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def longest_streak(days: set[date]) -> int:
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


# --- pace -----------------------------------------------------------------------------------

PACE_WINDOW_DAYS = 28
MIN_HISTORY_DAYS = 7


NoProjection = Literal["no-history", "short-history", "all-complete", "none-completed"]


class Pace(NamedTuple):
    """Skills done per week lately and, from that, when the required ones will be complete."""

    per_week: float | None
    window_days: int
    completed: int  # skills done (not skipped) in the window, each once
    remaining: int
    finish: date | None
    why_not: NoProjection | None  # why there is no projection, when there is none
    hours_per_week: float | None = None  # study logged in the window (`roadmap log`)


class RoadmapHistory(Protocol):
    """What pace needs of a roadmap's history (a `digest.RoadmapDigest`)."""

    first: float | None  # when the first change not undone was made
    done: dict[str, float]  # skill id -> when it was last marked done
    logs: dict[str, list[tuple[float, int]]]  # skill id -> (when, minutes) of study sessions


def pace(
    mine: RoadmapHistory | None,
    track: Track,
    statuses: dict[str, Status],
    today: date,
    tz: timezone | None = None,
) -> Pace:
    """Pace over the last four weeks (or since the first change, when that is more recent).

    Counts the skills the track lists, whichever track each change was recorded in.
    """
    import math

    remaining = track_completion(track, statuses)
    left = remaining.total - remaining.complete
    if mine is None or mine.first is None:
        return Pace(None, 0, 0, left, None, "no-history")
    day_of = LocalDays(tz)
    span = (today - day_of(mine.first)).days + 1
    if span < MIN_HISTORY_DAYS:
        return Pace(None, span, 0, left, None, "short-history")
    window = min(PACE_WINDOW_DAYS, span)
    since = day_of.midnight(today - timedelta(days=window - 1))
    listed = track.skill_by_id
    completed = sum(1 for sid, when in mine.done.items() if when >= since and sid in listed)
    minutes = sum(
        length
        for sid, sessions in mine.logs.items()
        if sid in listed
        for when, length in sessions
        if when >= since
    )
    weeks = window / 7
    per_week, hours = completed / weeks, minutes / 60 / weeks
    if left == 0:
        return Pace(per_week, window, completed, 0, None, "all-complete", hours)
    if completed == 0:
        return Pace(0.0, window, 0, left, None, "none-completed", hours)
    finish = today + timedelta(days=math.ceil(left * window / completed))
    return Pace(per_week, window, completed, left, finish, None, hours)


# --- goals ----------------------------------------------------------------------------------


class Goal(NamedTuple):
    """A target day for the track's required skills, against the pace held.

    `behind` is how many required skills would still be left on the goal day if the pace of
    the last weeks held: the remaining ones less those that pace completes in the days until
    then (0: on track). None where there is no pace yet (a week of history is needed).
    """

    day: date
    days_left: int  # from today to the goal day; 0 or less: the day has come
    remaining: int
    required_per_week: float | None  # None: no days left
    per_week: float | None
    behind: int | None

    @property
    def on_track(self) -> bool | None:
        return None if self.behind is None else self.behind == 0


def goal(day: date, held: Pace, today: date) -> Goal:
    """How the held pace compares with the pace `day` needs. Exact: counted in whole skills
    (the window's completions times the days left, over the window's days), never in floats,
    so "on track" agrees with the projected finish: on track when it falls on the day or before."""
    days_left = (day - today).days
    left = held.remaining
    if left == 0:
        return Goal(day, days_left, 0, 0.0, held.per_week, 0)
    if days_left <= 0:
        return Goal(day, days_left, left, None, held.per_week, left)
    required = left / (days_left / 7)
    if held.per_week is None:
        return Goal(day, days_left, left, required, None, None)
    done_by_then = held.completed * days_left // held.window_days if held.window_days else 0
    return Goal(day, days_left, left, required, held.per_week, max(0, left - done_by_then))
