"""Pure domain logic: status changes, undo, completion and streaks. No I/O.

Every change appends events to the progress history; the store relies on that to know whether
there is anything to write, and history, streaks and undo are built on it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from roadmap_cli.errors import RoadmapError
from roadmap_cli.models import COMPLETE, Action, Event, Link, Progress, SkillProgress, Status

if TYPE_CHECKING:
    from roadmap_cli.models import Phase, Track

TARGET_STATUS: dict[str, Status] = {
    "done": "done",
    "start": "in-progress",
    "skip": "skipped",
    "reset": "todo",
}
# Actions that count as working on the roadmap, for streaks and pace.
PROGRESS_ACTIONS = frozenset({"done", "start", "skip"})


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class Change(NamedTuple):
    skill_id: str
    old: Status
    new: Status
    changed: bool


def transition(
    before: SkillProgress,
    action: Action,
    now: datetime,
    note: str | None = None,
    links: Sequence[str] = (),
) -> SkillProgress:
    """The record after `action`; the same record when the action changes nothing.

    `note` replaces the note (an empty string removes it); `links` are added once each.
    """
    after = before.model_copy(deep=True)
    if action == "done":
        if before.status != "done":
            after.status, after.finished = "done", now
            after.started = before.started or now
    elif action == "start":
        if before.status != "in-progress":
            after.status, after.started, after.finished = "in-progress", before.started or now, None
    elif action == "skip":
        if before.status != "skipped":
            after.status, after.finished = "skipped", now
    elif action == "reset":
        after.status, after.started, after.finished = "todo", None, None
    if note is not None:
        after.note = note or None
    known = {link.url for link in after.links}
    for url in dict.fromkeys(links):
        if url not in known:
            after.links.append(Link(url=url, added=now))
    return after


def next_batch(progress: Progress) -> int:
    return progress.events[-1].batch + 1 if progress.events else 1


def _record_event(
    progress: Progress,
    *,
    batch: int,
    at: datetime,
    roadmap_id: str,
    track_id: str,
    skill_id: str,
    action: Action,
    before: SkillProgress,
    after: SkillProgress,
    undoes: int | None = None,
) -> None:
    records = progress.skills(roadmap_id, track_id)
    if after.is_blank():
        records.pop(skill_id, None)
    else:
        records[skill_id] = after
    seq = progress.events[-1].seq + 1 if progress.events else 1
    progress.events.append(
        Event(
            seq=seq,
            batch=batch,
            at=at,
            roadmap=roadmap_id,
            track=track_id,
            skill=skill_id,
            action=action,
            old=before.status,
            new=after.status,
            before=before,
            undoes=undoes,
        )
    )


def apply(
    progress: Progress,
    roadmap_id: str,
    track_id: str,
    skill_ids: Sequence[str],
    action: Action,
    now: datetime,
    note: str | None = None,
    links: Sequence[str] = (),
) -> list[Change]:
    """Apply one command's action to several skills as one batch (one undo step)."""
    batch = next_batch(progress)
    changes = []
    for skill_id in dict.fromkeys(skill_ids):
        before = progress.record(roadmap_id, track_id, skill_id)
        after = transition(before, action, now, note, links)
        changed = after != before
        if changed:
            _record_event(
                progress,
                batch=batch,
                at=now,
                roadmap_id=roadmap_id,
                track_id=track_id,
                skill_id=skill_id,
                action=action,
                before=before,
                after=after,
            )
        changes.append(Change(skill_id, before.status, after.status, changed))
    return changes


class NothingToUndo(RoadmapError):
    pass


def undo(progress: Progress, now: datetime) -> list[Event]:
    """Revert the most recent batch not yet undone; return the undo events recorded."""
    undone = {e.undoes for e in progress.events if e.undoes is not None}
    target = next(
        (
            e.batch
            for e in reversed(progress.events)
            if e.action != "undo" and e.batch not in undone
        ),
        None,
    )
    if target is None:
        raise NothingToUndo("nothing to undo")
    reverted = [e for e in progress.events if e.batch == target]
    batch = next_batch(progress)
    start = len(progress.events)
    for event in reversed(reverted):
        current = progress.record(event.roadmap, event.track, event.skill)
        _record_event(
            progress,
            batch=batch,
            at=now,
            roadmap_id=event.roadmap,
            track_id=event.track,
            skill_id=event.skill,
            action="undo",
            before=current,
            after=event.before.model_copy(deep=True),  # history must never share a record
            undoes=target,
        )
    return progress.events[start:]


def adopt_renames(progress: Progress, roadmap_id: str, track: Track) -> None:
    """Progress recorded under an id that a skill now `replaces` carries over to that skill."""
    records = progress.roadmaps.get(roadmap_id, {}).get(track.id)
    if not records:
        return
    for skill_id, old in track.renames:
        if old in records and skill_id not in records and old not in track.skill_by_id:
            records[skill_id] = records.pop(old)


def orphans(progress: Progress, roadmap_id: str, track: Track) -> list[str]:
    """Skill ids with progress that the track no longer has (kept, never dropped)."""
    records = progress.roadmaps.get(roadmap_id, {}).get(track.id, {})
    return sorted(sid for sid in records if sid not in track.skill_by_id)


def import_summary(current: Progress, incoming: Progress) -> list[str]:
    """What replacing `current` by `incoming` changes, one line per track, then history."""
    lines = []
    keys = {
        (rid, tid)
        for doc in (current, incoming)
        for rid, tracks in doc.roadmaps.items()
        for tid in tracks
    }
    for rid, tid in sorted(keys):
        old = current.roadmaps.get(rid, {}).get(tid, {})
        new = incoming.roadmaps.get(rid, {}).get(tid, {})
        added = sum(1 for sid in new if sid not in old)
        changed = sum(1 for sid in new if sid in old and new[sid] != old[sid])
        removed = sum(1 for sid in old if sid not in new)
        if added or changed or removed:
            lines.append(f"{rid}/{tid}: {added} skills added, {changed} changed, {removed} removed")
    if not lines:
        lines.append("Progress records: no change")
    lines.append(f"History: {len(current.events)} changes now, {len(incoming.events)} after")
    return lines


# --- completion -----------------------------------------------------------------------------


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
    """The skills a phase's completion counts: its required ones, or all when none is required."""
    required = [sid for sid in phase.skills if not track.is_optional(sid)]
    return required or list(phase.skills)


def phase_completion(track: Track, phase: Phase, statuses: dict[str, Status]) -> Completion:
    return completion(counted_skills(track, phase), statuses)


def track_completion(track: Track, statuses: dict[str, Status]) -> Completion:
    """Completion of the track's required skills (optional ones and electives are extra)."""
    return completion(track.required_skill_ids or track.ordered_skill_ids, statuses)


def optional_completion(track: Track, statuses: dict[str, Status]) -> Completion:
    return completion((s for s in track.ordered_skill_ids if track.is_optional(s)), statuses)


def is_complete(status: Status) -> bool:
    return status in COMPLETE


# --- streaks --------------------------------------------------------------------------------


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


class TrackDigest:
    """One track's part of a `Digest`."""

    def __init__(self) -> None:
        self.first: float | None = None  # the first change not undone
        self.completions: list[float] = []  # when skills became done or skipped, sorted
        self.recent: list[Event] = []  # the latest events, undone or not, oldest first


class Digest:
    """What `status` needs from a history: streaks, pace and the latest changes.

    Small enough to cache beside a long history (see `store`), and extended by new events
    without reading the history again. Times are POSIX seconds; changes whose batch was
    undone count for neither streaks nor pace.
    """

    RECENT = 5

    def __init__(self) -> None:
        self.progress_times: list[float] = []  # when progress was made, in any track, sorted
        self.tracks: dict[tuple[str, str], TrackDigest] = {}

    @classmethod
    def of(cls, events: Sequence[Event]) -> Digest:
        undone = {e.undoes for e in events if e.undoes is not None}
        digest = cls()
        for event in events:
            digest._add(event, counted=event.batch not in undone)
        digest.progress_times.sort()
        for track in digest.tracks.values():
            track.completions.sort()
        return digest

    def extend(self, events: Sequence[Event]) -> bool:
        """Take in events appended to the history; False (unchanged) for an undo."""
        if any(e.undoes is not None for e in events):
            return False  # an undo takes earlier changes out: build the digest again
        for event in events:
            self._add(event, counted=True, ordered=False)
        return True

    def _add(self, event: Event, counted: bool, ordered: bool = True) -> None:
        track = self.tracks.setdefault((event.roadmap, event.track), TrackDigest())
        track.recent.append(event)
        del track.recent[: -self.RECENT]
        if not counted:
            return
        when = stamp(event.at)
        add = list.append if ordered else bisect.insort  # `of` sorts once at the end
        if event.action in PROGRESS_ACTIONS:
            add(self.progress_times, when)
        track.first = when if track.first is None else min(track.first, when)
        if event.action != "undo" and event.new in COMPLETE and event.old not in COMPLETE:
            add(track.completions, when)

    # --- in the history cache (see `store`): JSON, checked whole when read back -----------

    def to_json(self) -> bytes:
        import json

        tracks = [
            [rid, tid, t.first, t.completions, [e.model_dump(mode="json") for e in t.recent]]
            for (rid, tid), t in self.tracks.items()
        ]
        doc = {"progress_times": self.progress_times, "tracks": tracks}
        return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Digest:
        """The digest `to_json` wrote; ValueError for anything it would not have written."""
        import json

        def refuse(constant: str) -> None:
            raise ValueError(f"not a number: {constant}")

        doc = json.loads(raw, parse_constant=refuse)
        if not isinstance(doc, dict) or doc.keys() != {"progress_times", "tracks"}:
            raise ValueError("not a digest")
        digest = cls()
        digest.progress_times = cls._times(doc["progress_times"])
        if not isinstance(doc["tracks"], list):
            raise ValueError("not a list of tracks")
        for row in doc["tracks"]:
            if not (isinstance(row, list) and len(row) == 5):
                raise ValueError("not a track")
            rid, tid, first, completions, recent = row
            if not (isinstance(rid, str) and isinstance(tid, str)) or (rid, tid) in digest.tracks:
                raise ValueError("not a track's name, or one seen twice")
            if first is not None and not cls._is_time(first):
                raise ValueError("not a time")
            if not isinstance(recent, list) or len(recent) > cls.RECENT:
                raise ValueError("not a list of at most RECENT events")
            track = digest.tracks[rid, tid] = TrackDigest()
            track.first, track.completions = first, cls._times(completions)
            track.recent = [Event.model_validate(event) for event in recent]
            if any((e.roadmap, e.track) != (rid, tid) for e in track.recent):
                raise ValueError("an event of another track")
        return digest

    @staticmethod
    def _is_time(value: object) -> bool:
        import math

        return type(value) is float and math.isfinite(value)

    @classmethod
    def _times(cls, values: object) -> list[float]:
        """Cached POSIX times, checked: finite floats in order (`extend` bisects them)."""
        if not (isinstance(values, list) and {type(v) for v in values} <= {float}):
            raise ValueError("not a list of times")
        # In order and no NaN (`from_json` refuses it), so only the ends can be infinite.
        if values != sorted(values) or not all(cls._is_time(v) for v in values[:1] + values[-1:]):
            raise ValueError("times out of order, or infinite")
        return values

    def active_days(self, tz: timezone | None = None) -> set[date]:
        """Local days with progress (starting, finishing or skipping), undone changes left out."""
        day_of = LocalDays(tz)
        return {day_of(when) for when in self.progress_times}

    def recent(self, roadmap_id: str, track_id: str) -> list[Event]:
        """The track's latest changes, newest first."""
        found = self.tracks.get((roadmap_id, track_id))
        return list(reversed(found.recent)) if found else []


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


class Pace(NamedTuple):
    """Skills completed per week lately and, from that, when the required ones will be done."""

    per_week: float | None
    window_days: int
    completed: int
    remaining: int
    finish: date | None
    reason: str | None  # why there is no projection, when there is none


def pace(
    digest: Digest,
    roadmap_id: str,
    track: Track,
    statuses: dict[str, Status],
    today: date,
    tz: timezone | None = None,
) -> Pace:
    """Pace over the last four weeks (or since the first change, when that is more recent)."""
    import math

    remaining = track_completion(track, statuses)
    left = remaining.total - remaining.complete
    mine = digest.tracks.get((roadmap_id, track.id))
    if mine is None or mine.first is None:
        return Pace(None, 0, 0, left, None, "no changes recorded yet")
    day_of = LocalDays(tz)
    span = (today - day_of(mine.first)).days + 1
    if span < MIN_HISTORY_DAYS:
        reason = f"needs {MIN_HISTORY_DAYS} days of history ({span} so far)"
        return Pace(None, span, 0, left, None, reason)
    window = min(PACE_WINDOW_DAYS, span)
    since = day_of.midnight(today - timedelta(days=window - 1))
    completed = len(mine.completions) - bisect.bisect_left(mine.completions, since)
    per_week = completed / (window / 7)
    if left == 0:
        return Pace(per_week, window, completed, 0, None, "every required skill is complete")
    if completed == 0:
        return Pace(0.0, window, 0, left, None, f"nothing completed in the last {window} days")
    finish = today + timedelta(days=math.ceil(left / per_week * 7))
    return Pace(per_week, window, completed, left, finish, None)
