"""The use cases: each opens the roadmap and the progress it needs and returns a typed result.

Commands call exactly one of these and hand its result to `output.emit`. What a run was asked
for beyond its own arguments (another roadmap file, the clock) comes in `Settings`, which the
root command keeps on the Typer context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli import results
from roadmap_cli.clock import Clock
from roadmap_cli.errors import RoadmapError, UsageError, shown

if TYPE_CHECKING:
    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Action, Progress, Roadmap, SkillProgress, Status, Track
    from roadmap_cli.store import Store


@dataclass
class Settings:
    """What the whole run was asked for: kept on the Typer context (`ctx.obj`)."""

    roadmap_file: Path | None = None  # None: the bundled roadmap
    clock: Clock = field(default_factory=Clock)


class Session:
    """The roadmap and track a command works on, and the store of the user's progress."""

    def __init__(self, roadmap: Roadmap, track: Track, store: Store) -> None:
        self.roadmap, self.track, self.store = roadmap, track, store

    def load(self, history: bool = True) -> Progress:
        """The progress on disk, with renamed skills' records under their new ids.

        Without `history` the change history is not read (see `Store.load`).
        """
        from roadmap_cli.changes import adopt_renames

        progress = self.store.load(history=history)
        adopt_renames(progress, self.roadmap.id, self.track)
        return progress

    def records(self) -> dict[str, SkillProgress]:
        return self.load(history=False).skills(self.roadmap.id, self.track.id)

    def digest(self) -> tuple[Progress, Digest]:
        """The progress as `load` gives it, and a digest of the history (see `Store.digest`)."""
        from roadmap_cli.changes import adopt_renames

        progress, digest = self.store.digest()
        adopt_renames(progress, self.roadmap.id, self.track)
        return progress, digest


def load_roadmap(settings: Settings) -> Roadmap:
    from roadmap_cli import catalog

    return catalog.load_roadmap(settings.roadmap_file)


def open_session(settings: Settings, track_id: str | None) -> Session:
    from roadmap_cli import catalog
    from roadmap_cli.store import user_store

    roadmap = load_roadmap(settings)
    return Session(roadmap, catalog.select_track(roadmap, track_id), user_store())


# --- reading --------------------------------------------------------------------------------


def track_list(
    settings: Settings, track_id: str | None, phase: str | None, status: Status | None
) -> results.TrackList:
    from roadmap_cli import lookup

    session = open_session(settings, track_id)
    phases = [lookup.resolve_phase(session.track, phase)] if phase else session.track.phases
    return results.track_list(session.roadmap.id, session.track, session.records(), phases, status)


def show(
    settings: Settings, track_id: str | None, target: str
) -> results.TrackDetail | results.PhaseDetail | results.SkillDetail:
    """A whole track (by its id), else a phase or a skill of the track in use."""
    from roadmap_cli import lookup
    from roadmap_cli.models import Phase

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    rid = session.roadmap.id
    whole = session.roadmap.track(target.strip().casefold())
    if whole is not None:
        return results.track_detail(rid, whole, progress.skills(rid, whole.id))
    track = session.track
    found = lookup.resolve_target(track, target)
    records = progress.skills(rid, track.id)
    if isinstance(found, Phase):
        statuses = results.statuses_of(records)
        return results.PhaseDetail(track, results.phase_row(track, found, records, statuses))
    row = results.skill_row(track, found.id, progress.record(rid, track.id, found.id))
    return results.SkillDetail(
        track, row, list(track.phases_of[found.id]), track.resources_for(found.id)
    )


def suggest(
    settings: Settings, track_id: str | None, count: int, everything: bool
) -> results.Suggestions:
    from roadmap_cli import planner, stats

    session = open_session(settings, track_id)
    track = session.track
    statuses = session.load(history=False).status_map(session.roadmap.id, track.id)
    picked = planner.next_skills(track, statuses, count, include_optional=everything)
    required = stats.track_completion(track, statuses)
    optional = stats.optional_completion(track, statuses)
    return results.Suggestions(
        track,
        picked,
        required.total - required.complete,
        optional.total - optional.complete,
        {item.skill.id: track.resources_for(item.skill.id) for item in picked},
    )


def status_report(settings: Settings, track_id: str | None) -> results.StatusReport:
    session = open_session(settings, track_id)
    progress, digest = session.digest()
    rid, track = session.roadmap.id, session.track
    records = progress.skills(rid, track.id)
    return results.status(rid, track, records, digest, settings.clock.today())


def history(
    settings: Settings, track_id: str | None, since: date | None, limit: int
) -> results.HistoryView:
    session = open_session(settings, track_id)
    rid, tid = session.roadmap.id, session.track.id
    events = [
        e
        for e in session.load().events
        if e.roadmap == rid
        and e.track == tid
        and (since is None or e.at.astimezone().date() >= since)
    ][-limit:]
    return results.HistoryView(session.track, events, settings.clock.today())


def search(settings: Settings, track_id: str | None, term: str) -> results.SearchResults:
    from roadmap_cli import lookup

    session = open_session(settings, track_id)
    return results.SearchResults(term.strip(), lookup.search(session.track, term))


def track_summaries(settings: Settings, track_id: str | None) -> results.TrackSummaries:
    from roadmap_cli import catalog, stats
    from roadmap_cli.changes import adopt_renames

    session = open_session(settings, None)
    roadmap = session.roadmap
    current = catalog.select_track(roadmap, track_id)
    progress = session.store.load(history=False)
    entries = []
    for track in roadmap.tracks:
        adopt_renames(progress, roadmap.id, track)
        statuses = progress.status_map(roadmap.id, track.id)
        entries.append((track, stats.track_completion(track, statuses)))
    return results.TrackSummaries(entries, current.id, roadmap.default_track.id)


# --- changing -------------------------------------------------------------------------------

_URL = r"^https?://[^\s\x00-\x1f\x7f]+$"  # compiled on first use: most runs have no link


def change(
    settings: Settings,
    action: Action,
    skills: Sequence[str],
    track_id: str | None,
    note: str | None = None,
    links: Sequence[str] = (),
    clear_note: bool = False,
) -> results.ChangeSummary:
    """Resolve every skill first, then change them all as one batch under the lock."""
    from roadmap_cli import changes, lookup

    if note is not None and not note.strip():
        raise UsageError("the note is empty (to remove a note: roadmap note SKILL --clear)")
    for url in links:
        if not re.match(_URL, url):
            raise UsageError(f"--link {shown(url)} is not an http(s) URL")
    session = open_session(settings, track_id)
    track = session.track
    chosen = lookup.resolve_skills(track, skills)
    rid, tid = session.roadmap.id, track.id
    with session.store.transaction(history=False) as progress:  # these changes only append
        changes.adopt_renames(progress, rid, track)
        ids = [s.id for s in chosen]
        text = "" if clear_note else note and note.strip()  # "" removes the note
        changed = changes.apply(progress, rid, tid, ids, action, settings.clock.now(), text, links)
        records = progress.skills(rid, tid)
    statuses = results.statuses_of(records)
    touched = {p.id for c in changed for p in track.phases_of[c.skill_id]}
    rows = [
        results.phase_row(track, p, records, statuses, with_skills=False)
        for p in track.phases
        if p.id in touched
    ]
    return results.ChangeSummary(track, changed, rows)


def undo(settings: Settings) -> results.UndoSummary:
    from roadmap_cli import changes
    from roadmap_cli.store import user_store

    with user_store().transaction() as progress:
        reverted = changes.undo(progress, settings.clock.now())
        original = next(e for e in progress.events if e.batch == reverted[0].undoes)
    try:  # only to name the skills: undo works even when the roadmap does not load
        roadmap = load_roadmap(settings)
        track = roadmap.track(original.track) if roadmap.id == original.roadmap else None
    except RoadmapError:
        track = None
    return results.UndoSummary(track, reverted, original)
