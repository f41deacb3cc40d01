"""The digest of a history: what `status` needs from it, small enough to cache beside the store.

A storage cache, not domain logic: `store` keeps it up to date with every change, and the
statistics in `stats` are computed from it.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from datetime import date, timezone

from roadmap_cli.models import COMPLETE
from roadmap_cli.records import Event
from roadmap_cli.stats import PROGRESS_ACTIONS, LocalDays, stamp


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

    def activity(self, tz: timezone | None = None) -> Counter[date]:
        """How many changes with progress each local day holds: the days `active_days` gives."""
        day_of = LocalDays(tz)
        return Counter(day_of(when) for when in self.progress_times)

    def recent(self, roadmap_id: str, track_id: str) -> list[Event]:
        """The track's latest changes, newest first."""
        found = self.tracks.get((roadmap_id, track_id))
        return list(reversed(found.recent)) if found else []
