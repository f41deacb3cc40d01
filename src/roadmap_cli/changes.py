"""Status changes and undo: pure functions on progress that append to its history. No I/O.

Every change appends events to the progress history; the store relies on that to know whether
there is anything to write, and history, streaks and undo are built on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from roadmap_cli import reviews
from roadmap_cli.errors import RoadmapError
from roadmap_cli.models import Status
from roadmap_cli.records import Action, Card, Event, Link, Progress, SkillProgress

if TYPE_CHECKING:
    from roadmap_cli.models import Roadmap, Track


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
    text: str | None = None,
    card: Card | None = None,
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
            text=text,
            card=card,
        )
    )


def record(
    progress: Progress,
    batch: int,
    at: datetime,
    where: tuple[str, str, str],
    action: Action,
    text: str | None = None,
    card: Card | None = None,
    after: SkillProgress | None = None,
) -> None:
    """Record a change another module made (a review: `card` is the card before). `where`:
    roadmap, track and skill ids; `after`: the skill's new record (None: unchanged)."""
    rid, tid, sid = where
    current = progress.record(rid, tid, sid)
    _record_event(
        progress,
        batch=batch,
        at=at,
        roadmap_id=rid,
        track_id=tid,
        skill_id=sid,
        action=action,
        before=current.model_copy(deep=True),  # history must never share a record
        after=current if after is None else after,
        text=text,
        card=card,
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
            card = reviews.on_change(progress, roadmap_id, skill_id, before, after, now)
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
                card=card,
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
        if reviews.touches_card(event):
            reviews.restore(progress, event.roadmap, event.skill, event.card)
    return progress.events[start:]


def adopt_renames(progress: Progress, roadmap: Roadmap) -> None:
    """Progress recorded under an id that a skill now `replaces` carries over to that skill,
    in every track of the roadmap."""
    for track in roadmap.tracks:
        records = progress.roadmaps.get(roadmap.id, {}).get(track.id)
        if not records:
            continue
        for skill_id, old in track.renames:
            if old in records and skill_id not in records and old not in track.skill_by_id:
                records[skill_id] = records.pop(old)


def orphans(progress: Progress, roadmap_id: str, track: Track) -> list[str]:
    """Skill ids with progress that the track no longer has (kept, never dropped)."""
    records = progress.roadmaps.get(roadmap_id, {}).get(track.id, {})
    return sorted(sid for sid in records if sid not in track.skill_by_id)
