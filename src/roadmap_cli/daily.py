"""The reports on a roadmap and progress at hand: `next`, `status`, the dashboard, `list`,
`show`, `search`, `tracks`, `history`, a skill's notes, the goal.

`session` opens the roadmap and the progress (the models) and calls these; so does the fast
route (`fastroute`), with their plain forms (`plaindata`): one implementation for both.
"""

from __future__ import annotations

from roadmap_cli import results

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Roadmap, Status, Track
    from roadmap_cli.records import Event, Progress, SkillProgress

    Takes = Callable[[str, str, str], bool]  # by roadmap, track and skill


def suggestions(
    rid: str, track: Track, progress: Progress, count: int, everything: bool, today: date
) -> results.Suggestions:
    """What to study next (`roadmap next`)."""
    from roadmap_cli import planner, reviews, stats

    statuses = progress.status_map(rid)
    picked = planner.next_skills(track, statuses, count, include_optional=everything)
    required = stats.track_completion(track, statuses)
    optional = stats.optional_completion(track, statuses)
    return results.Suggestions(
        track,
        picked,
        required.total - required.complete,
        optional.total - optional.complete,
        {item.skill.id: track.resources_for(item.skill.id) for item in picked},
        reviews.due_count(progress, rid, today),
    )


def dashboard(
    rid: str, track: Track, progress: Progress, digest: Digest, today: date
) -> results.Dashboard:
    """`roadmap` alone: the track in use, its completion, the streak, the goal, the reviews
    due and the next skills."""
    from roadmap_cli import planner, prefs, reviews, stats

    statuses = progress.status_map(rid)
    days = digest.active_days()
    goal_day = prefs.goal(rid, track.id)
    held = stats.pace(digest.roadmap(rid), track, statuses, today) if goal_day else None
    return results.Dashboard(
        head=results.overview(rid, track, statuses),
        streak=stats.current_streak(days, today),
        longest=stats.longest_streak(days),
        picked=planner.next_skills(track, statuses, 3),
        goal=stats.goal(goal_day, held, today) if goal_day and held else None,
        reviews=reviews.due_count(progress, rid, today),
    )


def status(
    rid: str, track: Track, progress: Progress, digest: Digest, today: date
) -> results.StatusReport:
    """`roadmap status`: completion, recent changes, streaks, pace, goal, activity, reviews."""
    from roadmap_cli import prefs, reviews

    records = progress.skills(rid)
    goal_day = prefs.goal(rid, track.id)
    report = results.status(rid, track, records, digest, today, goal_day)
    return report._replace(reviews=reviews.due_count(progress, rid, today))


def listing(
    rid: str, track: Track, progress: Progress, phase: str | None, status: Status | None
) -> results.TrackList:
    """`roadmap list`: every phase of the track (or the one named) and its skills (or those
    with `status`)."""
    from roadmap_cli import lookup

    phases = [lookup.resolve_phase(track, phase)] if phase else track.phases
    records, blank = progress.skills(rid), progress.blank_record()
    return results.track_list(rid, track, records, phases, status, blank)


def tracks(roadmap: Roadmap, current: Track, statuses: dict[str, Status]) -> results.TrackSummaries:
    """`roadmap tracks`: each track of the roadmap and its completion."""
    from roadmap_cli import stats

    entries = [(track, stats.track_completion(track, statuses)) for track in roadmap.tracks]
    return results.TrackSummaries(entries, current.id, roadmap.default_track.id)


def show(
    roadmap: Roadmap,
    track: Track,
    progress: Progress,
    target: str,
    phase_only: bool,
    now: datetime,
    today: date,
) -> results.TrackDetail | results.PhaseDetail | results.SkillDetail:
    """`roadmap show`: a whole track (by its id), else a phase or a skill of `track` (a phase
    only with `phase_only`)."""
    from roadmap_cli import lookup, reviews
    from roadmap_cli.modelcore import PhaseCore

    rid = roadmap.id
    records, blank = progress.skills(rid), progress.blank_record()
    whole = None if phase_only else roadmap.track(target.strip().casefold())
    if whole is not None:
        return results.track_detail(rid, whole, records, blank)
    if phase_only:
        found = lookup.resolve_phase(track, target)
    else:
        found = lookup.resolve_target(track, target)
    if isinstance(found, PhaseCore):
        row = results.phase_row(track, found, records, results.statuses_of(records), blank=blank)
        return results.PhaseDetail(track, row)
    same = [p for p in track.phases if p.id == found.id]  # phases have ids of their own
    review = reviews.standing(progress, rid, found.id, now, today)
    detail = results.skill_detail(track, found.id, records, same, blank)
    return detail._replace(review=review)


def search(
    roadmap: Roadmap, current: Track, records: dict[str, SkillProgress], term: str
) -> results.SearchResults:
    """`roadmap search`: every track of the roadmap, the one in use first: the roadmap's
    texts, and the learner's notes, links and study-log notes of the skills each track lists."""
    from roadmap_cli import lookup

    lookup.check_search(term)
    hits: list[lookup.Hit] = []
    searched: set[str] = set()
    for track in [current, *(t for t in roadmap.tracks if t.id != current.id)]:
        hits += lookup.search(track, term, records, searched)
    return results.SearchResults(term.strip(), hits, current.id)


def notes(rid: str, track: Track, progress: Progress, skill: str) -> results.NoteList:
    """`note SKILL`: the skill's notes, numbered as `--delete` counts them."""
    from roadmap_cli import lookup

    found = lookup.resolve_skill(track, skill)
    return results.NoteList(found, list(progress.record(rid, found.id).notes))


def goal(rid: str, track: Track) -> results.GoalChoice:
    """`goal` alone: the track's goal, if one is set."""
    from roadmap_cli import prefs

    return results.GoalChoice(track, prefs.goal(rid, track.id), False, prefs.settings_path())


def history(
    rid: str,
    track: Track,
    since: date | None,
    limit: int | None,
    today: date,
    latest: Callable[[Takes, date | None, int], tuple[list[Event], int] | None],
    every: Callable[[], list[Event]],
) -> results.HistoryView:
    """`roadmap history`: the changes to the track's skills (made in any track) and those made
    in the track, since a day, in the order they happened (`Event.effective`): the latest
    `limit` of them (None: all). `latest` finds those from the history's end when it can
    (`historytail.latest_events`, else None); `every` gives the whole history."""
    from roadmap_cli.historytail import on_or_after

    def takes(roadmap: str, track_id: str, skill: str) -> bool:
        return roadmap == rid and (track_id == track.id or skill in track.skill_by_id)

    if limit:  # the latest few of a long history: read from its end when the file allows
        found = latest(takes, since, limit)
        if found is not None:
            return results.HistoryView(track, found[0], today, found[1])
    events = [e for e in every() if takes(e.roadmap, e.track, e.skill)]
    events = [e for e in events if on_or_after(e.effective, since)]
    events.sort(key=lambda e: (e.effective, e.seq))
    shown = events if limit is None else events[-limit:]
    return results.HistoryView(track, shown, today, len(events))
