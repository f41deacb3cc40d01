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

if TYPE_CHECKING:
    # Not imported at run time: `apply` also works on the light progress of the fast route
    # (`plainchange`), which makes its own events and cards (`Progress.new_event`).
    from roadmap_cli.models import Roadmap, Status
    from roadmap_cli.records import Action, Card, Event, Progress, SkillProgress

    # (roadmap, skill, record before, record after, card before, card after)
    ImportChange = tuple[str, str, SkillProgress, SkillProgress, Card | None, Card | None]


class Change(NamedTuple):
    skill_id: str
    old: Status
    new: Status
    changed: bool


class Details(NamedTuple):
    """What a change says beyond its action: the day, a note, links, a study session's length."""

    on: datetime | None = None  # the day the learner gave (`--on`); None: now
    note: str | None = None  # a note to add (a study session's note, for "log")
    links: Sequence[str] = ()
    minutes: int | None = None  # a study session's length (action "log")
    delete_note: int | None = None  # the note to remove, counted from 1
    clear_notes: bool = False


class NoSuchNote(RoadmapError):
    pass


def transition(
    before: SkillProgress, action: Action, now: datetime, details: Details = Details()
) -> SkillProgress:
    """The record after `action`; the same record when the action changes nothing.

    Times are the day the learner gave (`details.on`), else `now`. Notes are added, and
    removed only on purpose; links are added once each.
    """
    when = details.on or now
    after = before.model_copy(deep=True)
    if action == "done":
        if before.status != "done":
            after.status, after.finished = "done", when
            after.started = before.started or when
    elif action == "start":
        if before.status != "in-progress":
            after.status, after.started, after.finished = (
                "in-progress",
                before.started or when,
                None,
            )
    elif action == "skip":
        if before.status != "skipped":
            after.status, after.finished = "skipped", when
    elif action == "reset":
        after.status, after.started, after.finished = "todo", None, None
    elif action == "log":
        after.log.append(
            after.new_entry("log", on=when, minutes=details.minutes, note=details.note)
        )
        if before.status == "todo":
            after.status, after.started = "in-progress", when
    if details.clear_notes:
        after.notes = []
    if details.delete_note is not None:
        if not 1 <= details.delete_note <= len(after.notes):
            held = len(after.notes)
            raise NoSuchNote(
                f"there is no note {details.delete_note} "
                f"({held} note{'' if held == 1 else 's'}; 'roadmap note SKILL' lists them)"
            )
        del after.notes[details.delete_note - 1]
    if details.note is not None and action != "log":
        after.notes.append(after.new_entry("notes", text=details.note, at=when))
    if details.links:
        known = after.link_urls()
        for url in dict.fromkeys(details.links):
            if url not in known:
                after.links.append(after.new_entry("links", url=url, added=now))
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
    details: Details = Details(),
    card: Card | None = None,
) -> None:
    import uuid

    records = progress.skills(roadmap_id)
    if after.is_blank():
        records.pop(skill_id, None)
    else:
        records[skill_id] = after
    seq = progress.events[-1].seq + 1 if progress.events else 1
    progress.events.append(
        progress.new_event(
            seq=seq,
            id=str(uuid.uuid4()),
            batch=batch,
            at=at,
            on=details.on,
            roadmap=roadmap_id,
            track=track_id,
            skill=skill_id,
            action=action,
            old=before.status,
            new=after.status,
            before=before,
            undoes=undoes,
            minutes=details.minutes,
            text=details.note,
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
    current = progress.record(rid, sid)
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
        details=Details(note=text),
        card=card,
    )


def apply(
    progress: Progress,
    roadmap_id: str,
    track_id: str,
    skill_ids: Sequence[str],
    action: Action,
    now: datetime,
    details: Details = Details(),
) -> list[Change]:
    """Apply one command's action to several skills as one batch (one undo step)."""
    batch = next_batch(progress)
    changes = []
    for skill_id in dict.fromkeys(skill_ids):
        before = progress.record(roadmap_id, skill_id)
        after = transition(before, action, now, details)
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
                details=details,
                card=card,
            )
        changes.append(Change(skill_id, before.status, after.status, changed))
    return changes


def import_changes(progress: Progress, incoming: Progress) -> list[ImportChange]:
    """Each skill whose record or review card an import of `incoming` replaces, in order:
    (roadmap, skill, record before, record after, card before, card after). Reads only."""
    from roadmap_cli.records import SkillProgress

    blank = SkillProgress.blank()
    roadmap_ids = _roadmap_ids(progress, incoming)
    cards_before = {rid: reviews.cards(progress, rid) for rid in roadmap_ids}
    cards_after = {rid: reviews.cards(incoming, rid) for rid in roadmap_ids}
    keys = {
        (rid, sid)
        for doc in (progress, incoming)
        for rid, recs in doc.roadmaps.items()
        for sid in recs
    }
    keys |= {
        (rid, sid) for cards in (cards_before, cards_after) for rid in cards for sid in cards[rid]
    }
    found = []
    for rid, sid in sorted(keys):
        before = progress.record(rid, sid)
        after = incoming.roadmaps.get(rid, {}).get(sid, blank)
        card_before, card_after = cards_before[rid].get(sid), cards_after[rid].get(sid)
        if after != before or card_after != card_before:
            found.append((rid, sid, before, after, card_before, card_after))
    return found


def _roadmap_ids(progress: Progress, incoming: Progress) -> set[str]:
    """The roadmaps that either holds records or cards of."""
    return {*progress.roadmaps, *progress.reviews, *incoming.roadmaps, *incoming.reviews}


def replace_records(
    progress: Progress, incoming: Progress, now: datetime, track_id: str = ""
) -> list[ImportChange]:
    """Make `progress`'s records and review cards `incoming`'s (an import), as one batch of
    "import" events that undo reverts whole (each holds the record and the card before).
    Returns the `import_changes` made: one "import" event recorded for each."""
    changed = import_changes(progress, incoming)
    batch = next_batch(progress)
    for rid, sid, before, after, card_before, _ in changed:
        _record_event(
            progress,
            batch=batch,
            at=now,
            roadmap_id=rid,
            track_id=track_id,
            skill_id=sid,
            action="import",
            before=before,
            after=after.model_copy(deep=True),
            card=card_before,
        )
    # The cards as the file has them, stored or to be backfilled.
    for rid in _roadmap_ids(progress, incoming):
        if rid in incoming.reviews:
            progress.reviews[rid] = {s: c.model_copy() for s, c in incoming.reviews[rid].items()}
        else:
            progress.reviews.pop(rid, None)
    return changed


def new_events(progress: Progress, incoming: Progress) -> list[Event]:
    """`incoming`'s events that `progress` does not hold (known by their id)."""
    known = {e.id for e in progress.events if e.id is not None}
    return [e for e in incoming.events if e.id is None or e.id not in known]


def adopt_history(progress: Progress, incoming: Progress) -> None:
    """Append `incoming`'s events that `progress` lacks, numbered after its own (batches and
    what undo events undo numbered alike), so the history of both is kept."""
    seq = progress.events[-1].seq if progress.events else 0
    batches: dict[int, int] = {}
    first = next_batch(progress)
    for event in new_events(progress, incoming):
        batch = batches.setdefault(event.batch, first + len(batches))
        seq += 1
        undoes = None if event.undoes is None else batches.get(event.undoes)
        copy = event.model_copy(update={"seq": seq, "batch": batch, "undoes": undoes}, deep=True)
        progress.events.append(copy)


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
        current = progress.record(event.roadmap, event.skill)
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
    """Progress recorded under an id that a skill now `replaces` carries over to that skill."""
    records = progress.roadmaps.get(roadmap.id)
    if not records:
        return
    known = {sid for track in roadmap.tracks for sid in track.skill_by_id}
    for track in roadmap.tracks:
        for skill_id, old in track.renames:
            if old in records and skill_id not in records and old not in known:
                records[skill_id] = records.pop(old)


def orphans(progress: Progress, roadmap: Roadmap) -> list[str]:
    """Skill ids with progress that no track of the roadmap has (kept, never dropped)."""
    known = {sid for track in roadmap.tracks for sid in track.skill_by_id}
    return sorted(sid for sid in progress.roadmaps.get(roadmap.id, {}) if sid not in known)
