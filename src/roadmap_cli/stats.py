"""Statistics of progress: completion, streaks and pace. Pure: no I/O, no clock of its own."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from roadmap_cli.models import COMPLETE, Status

if TYPE_CHECKING:
    from roadmap_cli.models import Choice, Phase, Track

# Actions that count as working on the roadmap, for streaks and pace.
PROGRESS_ACTIONS = frozenset({"done", "start", "skip"})


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
    required = [sid for sid in phase.required_ids if not track.is_optional(sid)]
    if required or _counted_choices(track, phase):
        return required
    return list(phase.skill_ids)


def _counted_choices(track: Track, phase: Phase) -> list[Choice]:
    if phase.elective:
        return []
    return [c for c in phase.choices if not all(track.is_optional(s) for s in c.one_of)]


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
    return completion((s for s in track.ordered_skill_ids if track.is_optional(s)), statuses)


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
    """Skills completed per week lately and, from that, when the required ones will be done."""

    per_week: float | None
    window_days: int
    completed: int
    remaining: int
    finish: date | None
    why_not: NoProjection | None  # why there is no projection, when there is none


class TrackHistory(Protocol):
    """What pace needs of a track's history (a `digest.TrackDigest`)."""

    first: float | None  # when the first change not undone was made
    completions: list[float]  # when skills became complete, sorted


def pace(
    mine: TrackHistory | None,
    track: Track,
    statuses: dict[str, Status],
    today: date,
    tz: timezone | None = None,
) -> Pace:
    """Pace over the last four weeks (or since the first change, when that is more recent)."""
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
    completed = len(mine.completions) - bisect.bisect_left(mine.completions, since)
    per_week = completed / (window / 7)
    if left == 0:
        return Pace(per_week, window, completed, 0, None, "all-complete")
    if completed == 0:
        return Pace(0.0, window, 0, left, None, "none-completed")
    finish = today + timedelta(days=math.ceil(left / per_week * 7))
    return Pace(per_week, window, completed, left, finish, None)
