"""What to study next. Pure: takes the track and the statuses, returns suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from roadmap_cli.models import Phase, Skill, Status, Track


class Suggestion(NamedTuple):
    skill: Skill
    phase: Phase
    status: Status
    optional: bool


def next_skills(
    track: Track, statuses: dict[str, Status], limit: int, include_optional: bool = False
) -> list[Suggestion]:
    """Skills in progress first, then to-do skills in roadmap order.

    Optional skills and electives wait until every required skill is complete, unless
    `include_optional` asks for them alongside.
    """
    order = track.ordered_skill_ids
    required_left = any(
        statuses.get(sid, "todo") in ("todo", "in-progress") for sid in track.required_skill_ids
    )
    with_optional = include_optional or not required_left

    def suggestion(sid: str) -> Suggestion:
        return Suggestion(
            track.skill_by_id[sid],
            track.phases_of[sid][0],
            statuses.get(sid, "todo"),
            track.is_optional(sid),
        )

    picked: list[Suggestion] = []
    for wanted in ("in-progress", "todo"):
        for sid in order:
            if len(picked) >= limit:
                return picked
            if statuses.get(sid, "todo") != wanted:
                continue
            if wanted == "todo" and track.is_optional(sid) and not with_optional:
                continue
            picked.append(suggestion(sid))
    return picked
