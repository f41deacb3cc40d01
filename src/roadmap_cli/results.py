"""The typed results the use cases return, and the pure functions that compute their figures.

Each result is drawn twice, by `render` (for people) and by `jsonview` (for `--json`), and
neither computes a figure of its own: completions, counts and the rows shown are all here.
Results hold facts; the words are the renderers'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from roadmap_cli import stats

if TYPE_CHECKING:
    from roadmap_cli.changes import Change
    from roadmap_cli.digest import Digest
    from roadmap_cli.heatmap import DayActivity
    from roadmap_cli.lookup import Hit
    from roadmap_cli.models import Choice, Phase, Resource, Skill, Status, Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.records import Card, Event, Note, SkillProgress
    from roadmap_cli.reviews import Count, Standing
    from roadmap_cli.stats import Completion, Goal, Pace

STATUS_ORDER: tuple[Status, ...] = ("todo", "in-progress", "done", "skipped")


class SkillRow(NamedTuple):
    skill: Skill
    record: SkillProgress
    optional: bool
    choice: Choice | None = None  # the choice that offers it, in the phase shown
    extra: bool = False  # offered by a choice already met: an optional suggestion now
    ready: bool = True  # every prerequisite complete


class PhaseRow(NamedTuple):
    """A phase, its completion and the skills shown under it (none where only the bar is)."""

    phase: Phase
    completion: Completion
    skills: Sequence[SkillRow] = ()
    choices: Sequence[tuple[Choice, Completion]] = ()


class Overview(NamedTuple):
    """A track's header: its completion, required and optional."""

    roadmap_id: str
    track: Track
    overall: Completion
    optional: Completion


class TrackList(NamedTuple):
    """`list`: phases with their skills, filtered by status."""

    head: Overview
    phases: list[PhaseRow]
    status_filter: Status | None


class TrackDetail(NamedTuple):
    """`show TRACK`: the track's text and every phase's completion."""

    head: Overview
    phases: list[PhaseRow]


class PhaseDetail(NamedTuple):
    """`show PHASE`."""

    track: Track
    row: PhaseRow


class SkillDetail(NamedTuple):
    """`show SKILL`."""

    track: Track
    row: SkillRow
    phases: list[Phase]
    resources: list[Resource]
    needs: Sequence[SkillRow] = ()  # its prerequisites
    unlocks: Sequence[SkillRow] = ()  # the skills that come after it
    choices: Sequence[Choice] = ()  # the choices that offer it
    also: Sequence[Phase] = ()  # a phase with the same id or name, shown on request
    review: Standing | None = None  # the skill's review card, if it has one


TrackSource = Literal["option", "environment", "saved", "default"]


class TrackChoice(NamedTuple):
    """`use`: the track in use, where that choice comes from, and the settings file."""

    track: Track
    source: TrackSource
    settings_path: Path
    changed: bool


class Dashboard(NamedTuple):
    """`roadmap` alone."""

    head: Overview
    streak: int
    longest: int
    picked: list[Suggestion]
    goal: Goal | None = None
    reviews: Count | None = None


class Suggestions(NamedTuple):
    """`next`."""

    track: Track
    picked: list[Suggestion]
    required_left: int
    optional_left: int
    resources: dict[str, list[Resource]]  # by skill id: where to learn each suggestion
    reviews: Count | None = None


class StatusReport(NamedTuple):
    """`status`."""

    head: Overview
    counts: dict[Status, int]
    phases: list[PhaseRow]
    recent: list[Event]
    streak: int
    longest: int
    pace: Pace
    goal: Goal | None = None
    activity: Sequence[DayActivity] = ()  # the heatmap's days, oldest first
    reviews: Count | None = None


class HistoryView(NamedTuple):
    """`history`: the latest changes asked for, and how many there are in the range."""

    track: Track
    events: list[Event]
    as_of: date
    total: int


class SearchResults(NamedTuple):
    """`search`: the hits in every track, the track in use first."""

    term: str
    hits: list[Hit]
    current: str  # the track in use


class GoalChoice(NamedTuple):
    """`goal`: the track's target day (None: none), and whether this run changed it."""

    track: Track
    day: date | None
    changed: bool
    settings_path: Path


class TrackSummaries(NamedTuple):
    """`tracks`: each track with its completion."""

    entries: list[tuple[Track, Completion]]
    current: str
    default: str


class ChangeSummary(NamedTuple):
    """What `done`, `start`, `skip`, `reset` or `note` changed, and the phases they touched."""

    track: Track
    changes: list[Change]
    phases: list[PhaseRow]
    completed: Sequence[Phase] = ()  # phases this change completed
    next_phase: Phase | None = None  # the first phase still to complete, when one was
    whole_phase: bool = False  # `--phase`: skills already in the state are counted, not listed
    action: str = ""


class NoteList(NamedTuple):
    """`note SKILL`: the skill's dated notes, oldest first."""

    skill: Skill
    notes: list[Note]


class UndoSummary(NamedTuple):
    track: Track | None  # None: the change was to a track or roadmap not loaded
    reverted: list[Event]
    original: Event


# --- figures --------------------------------------------------------------------------------


def statuses_of(records: dict[str, SkillProgress]) -> dict[str, Status]:
    return {sid: rec.status for sid, rec in records.items()}


def overview(roadmap_id: str, track: Track, statuses: dict[str, Status]) -> Overview:
    return Overview(
        roadmap_id,
        track,
        stats.track_completion(track, statuses),
        stats.optional_completion(track, statuses),
    )


def skill_row(
    track: Track,
    skill_id: str,
    record: SkillProgress,
    statuses: dict[str, Status] | None = None,
    choice: Choice | None = None,
) -> SkillRow:
    """A skill's row; with `statuses`, whether it is ready and whether its choice is met."""
    optional = track.is_optional(skill_id)
    if statuses is None:
        return SkillRow(track.skill_by_id[skill_id], record, optional, choice)
    extra = (
        choice is not None
        and record.status not in ("done", "skipped")
        and stats.choice_met(choice, statuses)
    )
    ready = stats.ready(track, skill_id, statuses)
    return SkillRow(track.skill_by_id[skill_id], record, optional, choice, extra, ready)


def blank_record() -> SkillProgress:
    """The record of a skill with none (the model's: the fast route gives its own light one)."""
    from roadmap_cli.records import SkillProgress

    return SkillProgress.blank()


def skill_detail(
    track: Track,
    skill_id: str,
    records: dict[str, SkillProgress],
    phases: Sequence[Phase] = (),
    blank: SkillProgress | None = None,
) -> SkillDetail:
    """`show SKILL`: its row, phases, resources, prerequisites, what it unlocks, its choices."""
    blank = blank_record() if blank is None else blank
    statuses = statuses_of(records)
    offered = [c for p in track.phases_of[skill_id] for c in p.choices if skill_id in c.one_of]

    def row(sid: str) -> SkillRow:
        return skill_row(track, sid, records.get(sid, blank), statuses)

    return SkillDetail(
        track,
        skill_row(
            track, skill_id, records.get(skill_id, blank), statuses, next(iter(offered), None)
        ),
        list(track.phases_of[skill_id]),
        track.resources_for(skill_id),
        [row(sid) for sid in track.skill_by_id[skill_id].after],
        [row(sid) for sid in track.unlocks.get(skill_id, ())],
        offered,
        list(phases),
    )


def phase_row(
    track: Track,
    phase: Phase,
    records: dict[str, SkillProgress],
    statuses: dict[str, Status],
    with_skills: bool = True,
    status_filter: Status | None = None,
    blank: SkillProgress | None = None,  # the record of a skill with none, made once
) -> PhaseRow:
    done = stats.phase_completion(track, phase, statuses)
    choices = [(c, stats.choice_completion(c, statuses)) for c in phase.choices]
    if not with_skills:
        return PhaseRow(phase, done, (), choices)
    blank = blank_record() if blank is None else blank
    offered = {sid: c for c in phase.choices for sid in c.one_of}
    rows, by_id, optional, new = [], track.skill_by_id, track.optional_ids, tuple.__new__
    for sid in phase.skill_ids:  # thousands in a phase: `skill_row`'s usual case is inlined
        record = records.get(sid, blank)
        if status_filter is None or record.status == status_filter:
            skill = by_id[sid]
            if skill.after or sid in offered:
                rows.append(skill_row(track, sid, record, statuses, offered.get(sid)))
            else:  # neither in a choice nor after another skill: SkillRow(...), at C speed
                rows.append(new(SkillRow, (skill, record, sid in optional, None, False, True)))
    return PhaseRow(phase, done, rows, choices)


def track_list(
    roadmap_id: str,
    track: Track,
    records: dict[str, SkillProgress],
    phases: Sequence[Phase],
    status_filter: Status | None,
    blank: SkillProgress | None = None,  # the record of a skill with none
) -> TrackList:
    statuses, blank = statuses_of(records), blank_record() if blank is None else blank
    rows = [phase_row(track, p, records, statuses, True, status_filter, blank) for p in phases]
    if status_filter:
        rows = [row for row in rows if row.skills]
    return TrackList(overview(roadmap_id, track, statuses), rows, status_filter)


def track_detail(
    roadmap_id: str, track: Track, records: dict[str, SkillProgress], blank: SkillProgress
) -> TrackDetail:
    statuses = statuses_of(records)
    rows = [phase_row(track, p, records, statuses, blank=blank) for p in track.phases]
    return TrackDetail(overview(roadmap_id, track, statuses), rows)


def counts(track: Track, statuses: dict[str, Status]) -> dict[Status, int]:
    """How many of the track's skills have each status."""
    found = dict.fromkeys(STATUS_ORDER, 0)
    for sid in track.ordered_skill_ids:
        found[statuses.get(sid, "todo")] += 1
    return found


def status(
    roadmap_id: str,
    track: Track,
    records: dict[str, SkillProgress],
    digest: Digest,
    today: date,
    goal_day: date | None = None,
) -> StatusReport:
    """What `status` shows: completions, counts, the latest changes, streaks, pace, the goal
    and the activity heatmap."""
    from roadmap_cli import heatmap

    activity = digest.activity()
    days = set(activity)
    statuses = statuses_of(records)
    pace = stats.pace(digest.roadmap(roadmap_id), track, statuses, today)
    return StatusReport(
        head=overview(roadmap_id, track, statuses),
        counts=counts(track, statuses),
        phases=[phase_row(track, p, records, statuses, with_skills=False) for p in track.phases],
        recent=digest.recent(roadmap_id, track.id),
        streak=stats.current_streak(days, today),
        longest=stats.longest_streak(days),
        pace=pace,
        goal=stats.goal(goal_day, pace, today) if goal_day else None,
        activity=heatmap.days(digest.minutes(), activity, today),
    )


# --- spaced review (see `reviews`, `reviewing`) ---------------------------------------------


class ReviewItem(NamedTuple):
    """One card: the skill (None: no track of the roadmap has it now), where it stands."""

    skill_id: str
    skill: Skill | None
    phase: Phase | None
    card: Card
    retention: float  # estimated now
    due: date  # local day
    resources: list[Resource]  # where to learn it again


class ReviewList(NamedTuple):
    """`review` without a rating: what is due (and overdue), most forgotten first."""

    items: list[ReviewItem]
    today: date
    count: Count
    cards: int  # every card of the roadmap


class Reviewed(NamedTuple):
    """One rating given: the card before and after, and whether the skill went back to study."""

    item: ReviewItem  # after the rating
    rating: str
    before: Card
    relearn: bool
    today: date


class ReviewCards(NamedTuple):
    """`review --add/--remove`: each skill and whether its card changed."""

    added: bool
    skills: list[tuple[Skill, bool]]
