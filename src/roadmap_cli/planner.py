"""What to study next. Pure: takes the track and the statuses, returns suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from roadmap_cli.models import Choice, Phase, Skill, Status, Track


class Suggestion(NamedTuple):
    skill: Skill
    phase: Phase
    status: Status
    optional: bool
    ready: bool = True  # every prerequisite complete
    choice: Choice | None = None  # the choice of the phase that offers the skill


def next_skills(
    track: Track, statuses: dict[str, Status], limit: int, include_optional: bool = False
) -> list[Suggestion]:
    """Skills in progress first, then to-do skills in roadmap order.

    Optional skills, electives and the skills of a choice already met wait until every
    required skill and choice is complete, and a skill whose prerequisites are not complete
    is not suggested; `include_optional` (`next --all`) asks for all of them alongside.
    """
    from roadmap_cli import stats

    order = track.ordered_skill_ids
    extra = stats.extras(track, statuses)
    required_left = any(
        statuses.get(sid, "todo") in ("todo", "in-progress") for sid in track.required_skill_ids
    ) or not all(stats.choice_met(c, statuses) for c in track.required_choices)
    with_optional = include_optional or not required_left

    def optional(sid: str) -> bool:
        return track.is_optional(sid) or sid in extra

    def suggestion(sid: str, ready: bool) -> Suggestion:
        phase = track.phases_of[sid][0]
        choice = next((c for c in phase.choices if sid in c.one_of), None)
        return Suggestion(
            track.skill_by_id[sid], phase, statuses.get(sid, "todo"), optional(sid), ready, choice
        )

    picked: list[Suggestion] = []
    waiting: list[Suggestion] = []  # not ready: offered only when nothing else is left
    for wanted in ("in-progress", "todo"):
        for sid in order:
            if len(picked) >= limit:
                return picked
            if statuses.get(sid, "todo") != wanted:
                continue
            if wanted == "todo" and optional(sid) and not with_optional:
                continue
            ready = stats.ready(track, sid, statuses)
            if wanted == "todo" and not ready and not include_optional:
                waiting.append(suggestion(sid, ready))
                continue
            picked.append(suggestion(sid, ready))
    # Prerequisites that wait (optional skills left for later) never hide the work left.
    return picked or waiting[:limit]
