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
    from datetime import datetime

    from roadmap_cli.changes import Change
    from roadmap_cli.digest import Digest
    from roadmap_cli.lookup import Hit
    from roadmap_cli.models import Choice, Phase, Resource, Skill, Status, Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.records import Event, Progress, SkillProgress
    from roadmap_cli.stats import Completion, Pace

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


class Suggestions(NamedTuple):
    """`next`."""

    track: Track
    picked: list[Suggestion]
    required_left: int
    optional_left: int
    resources: dict[str, list[Resource]]  # by skill id: where to learn each suggestion


class StatusReport(NamedTuple):
    """`status`."""

    head: Overview
    counts: dict[Status, int]
    phases: list[PhaseRow]
    recent: list[Event]
    streak: int
    longest: int
    pace: Pace


class Showcase(NamedTuple):
    """`export --format html/svg`: the status, every phase with its skills, the activity."""

    status: StatusReport
    phases: list[PhaseRow]
    activity: dict[date, int]  # local day -> changes with progress, in any track (as streaks)
    today: date
    updated: datetime | None  # the track's latest change


class HistoryView(NamedTuple):
    """`history`: the latest changes asked for, and how many there are in the range."""

    track: Track
    events: list[Event]
    as_of: date
    total: int


class SearchResults(NamedTuple):
    term: str
    hits: list[Hit]


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


class UndoSummary(NamedTuple):
    track: Track | None  # None: the change was to a track or roadmap not loaded
    reverted: list[Event]
    original: Event


class Exported(NamedTuple):
    """`export`: the document, and where it was written (None: to stdout)."""

    text: str
    path: Path | None


class TrackDiff(NamedTuple):
    roadmap_id: str
    track_id: str
    added: int
    changed: int
    removed: int


class ImportPlan(NamedTuple):
    """What `import` changes (or, dry, would change)."""

    source: Path
    diffs: list[TrackDiff]
    events_now: int
    events_after: int
    dry_run: bool


class Validated(NamedTuple):
    path: Path
    roadmap_id: str
    tracks: int
    phases: int
    skills: int


class Places(NamedTuple):
    """`where`: every path in use, by name."""

    paths: dict[str, Path]


class Restored(NamedTuple):
    path: Path
    used: Path
    kept: Path | None


class DoctorReport(NamedTuple):
    """`doctor`: each check's facts; a failed check has its error instead."""

    roadmap_tracks: int | None
    roadmap_skills: int | None
    roadmap_error: str | None
    progress_path: Path
    progress_schema: int | None
    progress_skills: int | None
    progress_events: int | None
    progress_error: str | None
    orphans: dict[str, list[str]]  # track id -> skill ids kept without a skill
    unknown_tracks: list[str]
    strays: list[str]
    backup_dir: Path
    backups: list[Path]

    @property
    def problems(self) -> int:
        return (self.roadmap_error is not None) + (self.progress_error is not None)


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


def skill_detail(
    track: Track, skill_id: str, records: dict[str, SkillProgress], phases: Sequence[Phase] = ()
) -> SkillDetail:
    """`show SKILL`: its row, phases, resources, prerequisites, what it unlocks, its choices."""
    from roadmap_cli.records import SkillProgress

    blank = SkillProgress.blank()
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
) -> PhaseRow:
    done = stats.phase_completion(track, phase, statuses)
    choices = [(c, stats.choice_completion(c, statuses)) for c in phase.choices]
    if not with_skills:
        return PhaseRow(phase, done, (), choices)
    from roadmap_cli.records import SkillProgress

    blank = SkillProgress.blank()
    offered = {sid: c for c in phase.choices for sid in c.one_of}
    rows = []
    for sid in phase.skill_ids:
        record = records.get(sid, blank)
        if status_filter is None or record.status == status_filter:
            rows.append(skill_row(track, sid, record, statuses, offered.get(sid)))
    return PhaseRow(phase, done, rows, choices)


def track_list(
    roadmap_id: str,
    track: Track,
    records: dict[str, SkillProgress],
    phases: Sequence[Phase],
    status_filter: Status | None,
) -> TrackList:
    statuses = statuses_of(records)
    rows = [phase_row(track, p, records, statuses, status_filter=status_filter) for p in phases]
    if status_filter:
        rows = [row for row in rows if row.skills]
    return TrackList(overview(roadmap_id, track, statuses), rows, status_filter)


def track_detail(roadmap_id: str, track: Track, records: dict[str, SkillProgress]) -> TrackDetail:
    statuses = statuses_of(records)
    rows = [phase_row(track, p, records, statuses) for p in track.phases]
    return TrackDetail(overview(roadmap_id, track, statuses), rows)


def counts(track: Track, statuses: dict[str, Status]) -> dict[Status, int]:
    """How many of the track's skills have each status."""
    found = dict.fromkeys(STATUS_ORDER, 0)
    for sid in track.ordered_skill_ids:
        found[statuses.get(sid, "todo")] += 1
    return found


def status(
    roadmap_id: str, track: Track, records: dict[str, SkillProgress], digest: Digest, today: date
) -> StatusReport:
    """What `status` shows: completions, counts, the latest changes, streaks and pace."""
    days = digest.active_days()
    statuses = statuses_of(records)
    return StatusReport(
        head=overview(roadmap_id, track, statuses),
        counts=counts(track, statuses),
        phases=[phase_row(track, p, records, statuses, with_skills=False) for p in track.phases],
        recent=digest.recent(roadmap_id, track.id),
        streak=stats.current_streak(days, today),
        longest=stats.longest_streak(days),
        pace=stats.pace(digest.tracks.get((roadmap_id, track.id)), track, statuses, today),
    )


def showcase(roadmap_id: str, track: Track, progress: Progress, today: date) -> Showcase:
    """The status as `status` computes it, from the whole history, with every skill's row."""
    from roadmap_cli.digest import Digest

    digest = Digest.of(progress.events)
    records = progress.skills(roadmap_id, track.id)
    statuses = statuses_of(records)
    recent = digest.recent(roadmap_id, track.id)
    return Showcase(
        status=status(roadmap_id, track, records, digest, today),
        phases=[phase_row(track, p, records, statuses) for p in track.phases],
        activity=dict(digest.activity()),
        today=today,
        updated=recent[0].at if recent else None,
    )
