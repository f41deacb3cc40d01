"""The use cases: each opens the roadmap and the progress it needs and returns a typed result.

Commands call exactly one of these and hand its result to `output.emit`. What a run was asked
for beyond its own arguments (another roadmap file, the clock) comes in `Settings`, which the
root command keeps on the Typer context.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli import results
from roadmap_cli.catalog import renames
from roadmap_cli.errors import RoadmapError, UsageError, shown
from roadmap_cli.settings import Settings as Settings  # where the use cases import it from

if TYPE_CHECKING:
    from roadmap_cli.changes import Change
    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Roadmap, Status, Track
    from roadmap_cli.records import Action, Progress, SkillProgress
    from roadmap_cli.store import Store


Reader = Callable[[bytes | None], Any]  # how a change reads the file (see `Store.transaction`)


class Session:
    """The roadmap and track a command works on, and the store of the user's progress.

    Progress comes out of here with renamed skills' records under their new ids, once.
    """

    def __init__(self, roadmap: Roadmap, track: Track, store: Store) -> None:
        self.roadmap, self.track, self.store = roadmap, track, store

    def _adopted(self, progress: Progress) -> Progress:
        from roadmap_cli.changes import adopt_renames

        adopt_renames(progress, self.roadmap)
        return progress

    def load(self, history: bool = True) -> Progress:
        """The progress on disk. Without `history` the change history is not read (see
        `Store.load`)."""
        return self._adopted(self.store.load(history=history))

    def records(self) -> dict[str, SkillProgress]:
        return self.load(history=False).skills(self.roadmap.id)

    def digest(self) -> tuple[Progress, Digest]:
        """The progress as `load` gives it, and a digest of the history (see `Store.digest`)."""
        progress, digest = self.store.digest()
        return self._adopted(progress), digest

    def keep_plain(self, progress: Progress, digest: Digest | None = None, **change: Any) -> None:
        """Keep the fast route's form of the progress just read or saved (see `plaindata`)."""
        from roadmap_cli import plaincache

        plaincache.keep_progress(self.store, self.roadmap, progress, digest, **change)

    @contextlib.contextmanager
    def appending(self, reader: Reader | None = None) -> Iterator[Progress]:
        """`Store.transaction` for a change that only appends to the history, with the progress
        as `load` gives it; once saved, the fast route's entries of the new file are kept."""
        with self.store.transaction(history=False, reader=reader) as progress:
            before, loaded = self.store.last_read, len(progress.events)
            yield self._adopted(progress)
        self.keep_plain(progress, before=before, loaded=loaded)


def load_roadmap(settings: Settings) -> Roadmap:
    from roadmap_cli import catalog

    return catalog.load_roadmap(settings.roadmap_file)


def choose_track(
    settings: Settings, roadmap: Roadmap, track_id: str | None
) -> tuple[Track, results.TrackSource]:
    """The track asked for: the option, else `ROADMAP_TRACK`, else `roadmap use`, else the
    roadmap's first; and where the choice came from."""
    import os

    from roadmap_cli import catalog, prefs

    if track_id or settings.track:
        return catalog.select_track(roadmap, track_id or settings.track), "option"
    if os.environ.get("ROADMAP_TRACK"):
        return catalog.select_track(roadmap, os.environ["ROADMAP_TRACK"]), "environment"
    saved = prefs.chosen_track(roadmap.id)
    if saved is None:
        return roadmap.default_track, "default"
    found = roadmap.track(saved)
    if found is None:
        known = ", ".join(t.id for t in roadmap.tracks)
        raise UsageError(
            f"{prefs.settings_path()}: the track chosen with 'roadmap use', {shown(saved)}, is "
            f"not in this roadmap (tracks: {known}); choose another with 'roadmap use TRACK'"
        )
    return found, "saved"


def open_session(settings: Settings, track_id: str | None) -> Session:
    from roadmap_cli.store import user_store

    roadmap = load_roadmap(settings)
    store = user_store()
    store.renames = renames(roadmap)
    return Session(roadmap, choose_track(settings, roadmap, track_id)[0], store)


# --- reading --------------------------------------------------------------------------------


def track_list(
    settings: Settings, track_id: str | None, phase: str | None, status: Status | None
) -> results.TrackList:
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    return daily.listing(session.roadmap.id, session.track, progress, phase, status)


def show(
    settings: Settings, track_id: str | None, target: str, phase_only: bool = False
) -> results.TrackDetail | results.PhaseDetail | results.SkillDetail:
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    found = (session.roadmap, session.track, progress, target, phase_only)
    return daily.show(*found, settings.clock.now(), settings.clock.today())


def suggest(
    settings: Settings, track_id: str | None, count: int, everything: bool
) -> results.Suggestions:
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    return daily.suggestions(
        session.roadmap.id, session.track, progress, count, everything, settings.clock.today()
    )


def status_report(settings: Settings, track_id: str | None) -> results.StatusReport:
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress, digest = session.digest()
    session.keep_plain(progress, digest)
    today = settings.clock.today()
    return daily.status(session.roadmap.id, session.track, progress, digest, today)


def history(
    settings: Settings, track_id: str | None, since: date | None, limit: int | None
) -> results.HistoryView:
    """`daily.history` of the progress file: the latest `limit` changes (None: all)."""
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    today = settings.clock.today()
    latest, every = session.store.latest_events, lambda: session.load().events
    return daily.history(session.roadmap.id, session.track, since, limit, today, latest, every)


def search(settings: Settings, track_id: str | None, term: str) -> results.SearchResults:
    from roadmap_cli import daily, lookup

    lookup.check_search(term)  # before the files are read: this error first
    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    return daily.search(session.roadmap, session.track, progress.skills(session.roadmap.id), term)


def track_summaries(settings: Settings, track_id: str | None) -> results.TrackSummaries:
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    return daily.tracks(session.roadmap, session.track, progress.status_map(session.roadmap.id))


# --- changing -------------------------------------------------------------------------------


def change(
    settings: Settings,
    action: Action,
    skills: Sequence[str],
    track_id: str | None,
    note: str | None = None,
    links: Sequence[str] = (),
    clear_note: bool = False,
    *,
    on: str | None = None,
    phase: str | None = None,
    duration: str | None = None,
    delete_note: int | None = None,
) -> results.ChangeSummary:
    """Resolve every skill (or the phase's) first, then change them all as one batch under
    the lock."""
    now = settings.clock.now()
    more = (note, links, clear_note, on, duration, delete_note)
    details = change_details(settings, now, *more)
    return change_in(open_session(settings, track_id), action, skills, now, details, phase)


def change_details(
    settings: Settings,
    now: datetime,
    note: str | None = None,
    links: Sequence[str] = (),
    clear_note: bool = False,
    on: str | None = None,
    duration: str | None = None,
    delete_note: int | None = None,
) -> Any:
    """What a change says beyond its action (`changes.Details`), checked: the fast route's
    too."""
    from roadmap_cli import changes, when
    from roadmap_cli.texts import is_link

    if note is not None and not note.strip():
        raise UsageError("the note is empty (to remove notes: roadmap note SKILL --delete N)")
    for url in links:
        if not is_link(url):
            raise UsageError(f"--link {shown(url)} is not an http(s) URL")
    day = None if on is None else when.moment(when.parse_day(on, settings.clock.today()), now)
    minutes = None if duration is None else when.parse_minutes(duration)
    return changes.Details(day, note and note.strip(), links, minutes, delete_note, clear_note)


def change_in(
    session: Session,
    action: Action,
    skills: Sequence[str],
    now: datetime,
    details: Any = None,
    phase: str | None = None,
    reader: Reader | None = None,
    drawn: Callable[[results.ChangeSummary], object] | None = None,
) -> results.ChangeSummary:
    """`change` in an open session. The fast route (`fastroute`) reads the file (`reader`) and
    draws the summary (`drawn`) before the change is saved: a failure there changes nothing."""
    from roadmap_cli import changes, lookup

    track = session.track
    if phase is not None:
        ids = list(lookup.resolve_phase(track, phase).skill_ids)  # choices too
    else:
        ids = [s.id for s in lookup.resolve_skills(track, skills)]
    rid, details = session.roadmap.id, details or changes.Details()
    with session.appending(reader=reader) as progress:
        changed = changes.apply(progress, rid, track.id, ids, action, now, details)
        summary = summarize(track, changed, progress.skills(rid), phase is not None, action)
        if drawn is not None:
            drawn(summary)
    return summary


def summarize(
    track: Track,
    changed: list[Change],
    records: dict[str, SkillProgress],
    whole_phase: bool = False,
    action: str = "",
) -> results.ChangeSummary:
    """What a change did to the track: the phases it touched, those it completed, what next."""
    from roadmap_cli import stats
    from roadmap_cli.modelcore import COMPLETE

    statuses = results.statuses_of(records)
    touched = {p.id for c in changed for p in track.phases_of[c.skill_id]}
    rows = [
        results.phase_row(track, p, records, statuses, with_skills=False)
        for p in track.phases
        if p.id in touched
    ]
    newly = {c.skill_id for c in changed if c.new in COMPLETE and c.old not in COMPLETE}
    completed = [
        row.phase
        for row in rows
        if row.completion.percent == 100 and newly.intersection(row.phase.skill_ids)
    ]
    next_phase = None
    if completed:
        next_phase = next(
            (p for p in track.phases if stats.phase_completion(track, p, statuses).percent < 100),
            None,
        )
    return results.ChangeSummary(track, changed, rows, completed, next_phase, whole_phase, action)


def notes(settings: Settings, track_id: str | None, skill: str) -> results.NoteList:
    """`note SKILL`: the skill's notes, numbered as `--delete` counts them."""
    from roadmap_cli import daily

    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    return daily.notes(session.roadmap.id, session.track, progress, skill)


def undo(settings: Settings) -> results.UndoSummary:
    """`undo` of the user's file (see `undoing.undo_in`, the fast route's too)."""
    from roadmap_cli import undoing
    from roadmap_cli.store import user_store

    store, roadmap = user_store(), None  # undo works even when the roadmap does not load
    with contextlib.suppress(RoadmapError):
        roadmap = load_roadmap(settings)
        store.renames = renames(roadmap)  # an old file's records move as its tracks say
    return undoing.undo_in(store, roadmap, settings.clock.now())


def use(settings: Settings, track_id: str | None) -> results.TrackChoice:
    """Remember the track to work on (`roadmap use TRACK`), or say which is in use and why."""
    return use_in(settings, load_roadmap(settings), track_id)


def use_in(settings: Settings, roadmap: Roadmap, track_id: str | None) -> results.TrackChoice:
    """`use` on the roadmap at hand (the fast route's too)."""
    from roadmap_cli import catalog, prefs

    if track_id is None:
        track, source = choose_track(settings, roadmap, None)
        return results.TrackChoice(track, source, prefs.settings_path(), changed=False)
    track = catalog.select_track(roadmap, track_id)
    prefs.write(prefs.settings_path(), roadmap.id, track.id)
    return results.TrackChoice(track, "saved", prefs.settings_path(), changed=True)


def dashboard(settings: Settings) -> results.Dashboard:
    """`roadmap` alone: the track in use, its completion, the streak, the goal, the reviews
    due and the next skills."""
    from roadmap_cli import daily

    session = open_session(settings, None)
    progress, digest = session.digest()
    session.keep_plain(progress, digest)
    today = settings.clock.today()
    return daily.dashboard(session.roadmap.id, session.track, progress, digest, today)


def goal(
    settings: Settings, track_id: str | None, day: str | None, clear: bool
) -> results.GoalChoice:
    """Set the track's goal (`roadmap goal DATE`), drop it (`--clear`), or say what it is."""
    target = goal_day(settings, day, clear)  # before the files are read: these errors first
    session = open_session(settings, track_id)
    return goal_in(session.roadmap.id, session.track, target, day is not None or clear)


def goal_day(settings: Settings, day: str | None, clear: bool) -> date | None:
    """The goal's day asked for, checked (None: none, or `--clear`)."""
    from roadmap_cli import when

    if day is not None and clear:
        raise UsageError("give a DATE or --clear, not both")
    return None if day is None else when.parse_goal_day(day, settings.clock.today())


def goal_in(rid: str, track: Track, target: date | None, change: bool) -> results.GoalChoice:
    """`goal` on the track at hand (the fast route's too): set `target` (None: drop it) when
    `change`, else say what it is."""
    from roadmap_cli import daily, prefs

    if not change:
        return daily.goal(rid, track)
    prefs.write_goal(prefs.settings_path(), rid, track.id, target)
    return results.GoalChoice(track, target, True, prefs.settings_path())
