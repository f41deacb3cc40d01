"""The digest of a history: what `status` needs from it, small enough to cache beside the store.

A storage cache, not domain logic: `store` keeps it up to date with every change, and the
statistics in `stats` are computed from it.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from datetime import date, timezone

from roadmap_cli.stats import LocalDays, stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from roadmap_cli.records import Event

# Actions that are study, for streaks and the activity heatmap: a skip, a reset or an undo
# is not (nor is a change that was undone). Here, not in `stats`: the cached digest is keyed
# by this file, so a change to the list makes it again.
STUDY_ACTIONS = frozenset({"done", "start", "note", "log", "review"})


class TrackDigest:
    """One track's part of a `Digest`: the changes recorded in it."""

    def __init__(self) -> None:
        self.recent: list[Event] = []  # the latest events, undone or not, oldest first


class RoadmapDigest:
    """One roadmap's part of a `Digest`, per skill: progress is the skill's, whatever track
    a change was recorded in, so each track's pace filters these by the skills it lists."""

    def __init__(self) -> None:
        self.first: float | None = None  # the first change not undone
        self.done: dict[str, float] = {}  # skill id -> when it last became done
        self.logs: dict[str, list[tuple[float, int]]] = {}  # skill id -> (when, minutes)


class Digest:
    """What `status` needs from a history: streaks, pace, activity and the latest changes.

    Small enough to cache beside a long history (see `store`), and extended by new events
    without reading the history again. Times are POSIX seconds of when each change happened
    (`Event.effective`: the day the learner gave, else when it was recorded); changes whose
    batch was undone count for neither streaks, pace nor activity.
    """

    RECENT = 5

    def __init__(self) -> None:
        self.progress_times: list[float] = []  # when study happened, in any track, sorted
        self.roadmaps: dict[str, RoadmapDigest] = {}
        self.tracks: dict[tuple[str, str], TrackDigest] = {}

    @classmethod
    def of(cls, events: Sequence[Event]) -> Digest:
        undone = {e.undoes for e in events if e.undoes is not None}
        digest = cls()
        for event in events:
            digest._add(event, counted=event.batch not in undone)
        digest.progress_times.sort()
        for mine in digest.roadmaps.values():
            for logs in mine.logs.values():
                logs.sort()
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
        if not counted or event.action == "undo":
            return
        when = stamp(event.effective)
        add = list.append if ordered else bisect.insort  # `of` sorts once at the end
        if event.action in STUDY_ACTIONS:
            add(self.progress_times, when)
        mine = self.roadmaps.setdefault(event.roadmap, RoadmapDigest())
        mine.first = when if mine.first is None else min(mine.first, when)
        if event.new == "done" and event.old != "done":
            mine.done[event.skill] = max(when, mine.done.get(event.skill, when))
        if event.action == "log" and event.minutes:
            add(mine.logs.setdefault(event.skill, []), (when, event.minutes))

    # --- in the history cache (see `store`): JSON, checked whole when read back -----------

    def to_json(self) -> bytes:
        import json

        roadmaps = [
            [rid, m.first, m.done, {sid: [list(x) for x in logs] for sid, logs in m.logs.items()}]
            for rid, m in self.roadmaps.items()
        ]
        tracks = [
            [rid, tid, [e.model_dump(mode="json") for e in t.recent]]
            for (rid, tid), t in self.tracks.items()
        ]
        doc = {"progress_times": self.progress_times, "roadmaps": roadmaps, "tracks": tracks}
        return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode()

    @classmethod
    def from_json(cls, raw: bytes, event: Callable[[Any], Event] | None = None) -> Digest:
        """The digest `to_json` wrote; ValueError for anything it would not have written.
        `event` reads each event (by default, as the model; see `plaindata` for the other)."""
        import json

        def refuse(constant: str) -> None:
            raise ValueError(f"not a number: {constant}")

        doc = json.loads(raw, parse_constant=refuse)
        if not isinstance(doc, dict) or doc.keys() != {"progress_times", "roadmaps", "tracks"}:
            raise ValueError("not a digest")
        digest = cls()
        digest.progress_times = cls._times(doc["progress_times"])
        if not (isinstance(doc["roadmaps"], list) and isinstance(doc["tracks"], list)):
            raise ValueError("not a list of roadmaps and tracks")
        for row in doc["roadmaps"]:
            if not (isinstance(row, list) and len(row) == 4):
                raise ValueError("not a roadmap")
            rid, first, done, logs = row
            if not isinstance(rid, str) or rid in digest.roadmaps:
                raise ValueError("not a roadmap's id, or one seen twice")
            if first is not None and not cls._is_time(first):
                raise ValueError("not a time")
            if not (isinstance(done, dict) and isinstance(logs, dict)):
                raise ValueError("not skills")
            mine = digest.roadmaps[rid] = RoadmapDigest()
            mine.first = first
            mine.done = cls._last_times(done)
            mine.logs = {sid: cls._logs(sessions) for sid, sessions in logs.items()}
        if doc["tracks"] and event is None:
            from roadmap_cli.records import Event

            event = Event.model_validate
        for row in doc["tracks"]:
            if not (isinstance(row, list) and len(row) == 3):
                raise ValueError("not a track")
            rid, tid, recent = row
            if not (isinstance(rid, str) and isinstance(tid, str)) or (rid, tid) in digest.tracks:
                raise ValueError("not a track's name, or one seen twice")
            if not isinstance(recent, list) or len(recent) > cls.RECENT:
                raise ValueError("not a list of at most RECENT events")
            track = digest.tracks[rid, tid] = TrackDigest()
            track.recent = [event(found) for found in recent]  # type: ignore[misc]
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

    @classmethod
    def _last_times(cls, found: dict[str, object]) -> dict[str, float]:
        """Cached times by skill, checked: finite floats. (Read on every `status` of a long
        history: one pass at C speed where one check a skill would cost milliseconds.)"""
        import math

        values = found.values()
        if not {type(v) for v in values} <= {float} or not math.isfinite(sum(values)):  # type: ignore[arg-type]
            raise ValueError("not times by skill")  # (a sum too large to be finite is too)
        return found  # type: ignore[return-value]

    @classmethod
    def _logs(cls, values: object) -> list[tuple[float, int]]:
        """Cached study sessions, checked: (time, minutes) pairs in order, minutes in range."""
        if not isinstance(values, list) or not all(
            isinstance(v, list)
            and len(v) == 2
            and cls._is_time(v[0])
            and type(v[1]) is int
            and 1 <= v[1] <= 24 * 60
            for v in values
        ):
            raise ValueError("not a list of study sessions")
        sessions = [(v[0], v[1]) for v in values]
        if sessions != sorted(sessions):
            raise ValueError("study sessions out of order")
        return sessions

    def active_days(self, tz: timezone | None = None) -> set[date]:
        """Local days with study (see `STUDY_ACTIONS`), undone changes left out."""
        day_of = LocalDays(tz)
        return {day_of(when) for when in self.progress_times}

    def activity(self, tz: timezone | None = None) -> Counter[date]:
        """How many study changes each local day holds: the days `active_days` gives."""
        day_of = LocalDays(tz)
        return Counter(day_of(when) for when in self.progress_times)

    def minutes(self, tz: timezone | None = None) -> Counter[date]:
        """The minutes of study logged on each local day, in every roadmap and track."""
        day_of = LocalDays(tz)
        found: Counter[date] = Counter()
        for mine in self.roadmaps.values():
            for sessions in mine.logs.values():
                for when, length in sessions:
                    found[day_of(when)] += length
        return found

    def roadmap(self, roadmap_id: str) -> RoadmapDigest | None:
        return self.roadmaps.get(roadmap_id)

    def recent(self, roadmap_id: str, track_id: str) -> list[Event]:
        """The track's latest changes, newest first."""
        found = self.tracks.get((roadmap_id, track_id))
        return list(reversed(found.recent)) if found else []
