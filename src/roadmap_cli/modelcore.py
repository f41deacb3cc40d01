"""What the roadmap's and events' classes do, apart from what they hold: one implementation
for two forms.

`models` and `records` validate files into Pydantic models; the fast route (`fastroute`) loads
the validated roadmap and events from plain-data cache entries into the light classes of
`plaindata`, without Pydantic. Both forms take their methods (phases of a skill, required
skills, choices, when an event happened) from the same mixins, so the core (`planner`,
`stats`, `results`) and the views work on either.
"""

from __future__ import annotations

from functools import cached_property
from itertools import chain
from operator import attrgetter

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

    # Choices, resources and skills are `models`' classes or `plaindata`'s (Any here: `models`
    # imports this module).
    from roadmap_cli.names import Index

COMPLETE: frozenset[str] = frozenset({"done", "skipped"})
PROGRESS_SCHEMA_VERSION = 3  # of the progress file this program writes (`records.Progress`)


_SKILL_IDS = attrgetter("skill_ids")


_SKILL_IDS = attrgetter("skill_ids")


class PhaseCore:
    """A phase's methods (see `models.Phase`)."""

    @cached_property
    def skill_ids(self) -> list[str]:
        """Every skill the phase lists, choices included, in order."""
        return [sid for e in self.skills for sid in ([e] if isinstance(e, str) else e.one_of)]

    @cached_property
    def required_ids(self) -> list[str]:
        """The skills listed on their own (not in a choice)."""
        return [e for e in self.skills if isinstance(e, str)]

    @cached_property
    def choices(self) -> list[Any]:
        return [e for e in self.skills if not isinstance(e, str)]

    @property
    def label(self) -> str:
        if self.number is not None:
            return f"{self.number}. {self.title}"
        return f"{self.title} (elective)" if self.elective else self.title

    @property
    def purpose(self) -> str | None:
        """Why the phase matters, in the words the roadmap gives."""
        return self.goals or self.why or self.impact or self.outcome


class TrackCore:
    """A track's methods (see `models.Track`)."""

    @cached_property
    def skill_by_id(self) -> dict[str, Any]:
        return {s.id: s for s in self.skills}

    @cached_property
    def renames(self) -> list[tuple[str, str]]:
        """(skill id, an id it `replaces`), in roadmap order."""
        return [(s.id, old) for s in self.skills if s.replaces for old in s.replaces]

    @cached_property
    def phase_by_id(self) -> dict[str, PhaseCore]:
        return {p.id: p for p in self.phases}

    @cached_property
    def phases_of(self) -> dict[str, list[PhaseCore]]:
        """For each skill id, the phases that list it, in roadmap order."""
        found: dict[str, list[PhaseCore]] = {s.id: [] for s in self.skills}
        for phase in self.phases:
            for sid in phase.skill_ids:
                found[sid].append(phase)
        return found

    @cached_property
    def ordered_skill_ids(self) -> list[str]:
        """Every skill once, in the order the roadmap first lists it."""
        return list(dict.fromkeys(chain.from_iterable(map(_SKILL_IDS, self.phases))))

    @cached_property
    def skill_index(self) -> Index:
        """Every name each skill answers to, folded (see `lookup`)."""
        from roadmap_cli.names import Index

        return Index((s.id, [s.id, s.name, *s.aliases]) for s in self.skills)

    def resources_for(self, skill_id: str) -> list[Any]:
        """Where to learn a skill: its own resources, then those of the phases listing it."""
        skill = self.skill_by_id[skill_id]
        return [*skill.resources, *(r for p in self.phases_of[skill_id] for r in p.resources)]

    @cached_property
    def optional_ids(self) -> frozenset[str]:
        """Optional skills, and skills listed only in electives: after the required ones."""
        required = set(chain.from_iterable(p.skill_ids for p in self.phases if not p.elective))
        return frozenset(s.id for s in self.skills if s.optional or s.id not in required)

    def is_optional(self, skill_id: str) -> bool:
        return skill_id in self.optional_ids

    @cached_property
    def choice_ids(self) -> frozenset[str]:
        """Skills a required phase offers only in choices: required as part of a choice."""
        offered = {
            sid for p in self.phases if not p.elective for c in p.choices for sid in c.one_of
        }
        if not offered:  # no choice: the skills of 50,000 need not be gathered (issue 15)
            return frozenset()
        plain = set(chain.from_iterable(p.required_ids for p in self.phases if not p.elective))
        return frozenset(offered - plain - self.optional_ids)

    @cached_property
    def required_choices(self) -> list[Any]:
        """The choices of the required phases, each once, in roadmap order; a choice offering
        a skill required on its own elsewhere is met by it, so it adds nothing to count."""
        if not any(p.choices for p in self.phases):
            return []
        plain = set(chain.from_iterable(p.required_ids for p in self.phases if not p.elective))
        found = {
            (tuple(c.one_of), c.count): c
            for p in self.phases
            if not p.elective
            for c in p.choices
            if plain.isdisjoint(c.one_of)
        }
        return list(found.values())

    @cached_property
    def required_skill_ids(self) -> list[str]:
        """Skills each required on its own (not optional, not only offered in a choice)."""
        skip = self.optional_ids | self.choice_ids
        return [sid for sid in self.ordered_skill_ids if sid not in skip]

    @cached_property
    def choices_of(self) -> dict[str, list[Any]]:
        """For each skill id offered in a required phase's choice, those choices."""
        found: dict[str, list[Any]] = {}
        for choice in self.required_choices:
            for sid in choice.one_of:
                found.setdefault(sid, []).append(choice)
        return found

    @cached_property
    def unlocks(self) -> dict[str, list[str]]:
        """For each skill id, the skills that come after it, in file order."""
        found: dict[str, list[str]] = {}
        for skill in self.skills:
            for sid in skill.after:
                found.setdefault(sid, []).append(skill.id)
        return found


class RoadmapCore:
    """A roadmap's methods (see `models.Roadmap`)."""

    @property
    def default_track(self) -> TrackCore:
        return self.tracks[0]

    def track(self, track_id: str) -> TrackCore | None:
        return next((t for t in self.tracks if t.id == track_id), None)


class EventCore:
    """An event's methods (see `records.Event`)."""

    @property
    def effective(self) -> datetime:
        """When the change happened: the day the learner gave, or when it was recorded."""
        return self.on if self.on is not None else self.at  # type: ignore[attr-defined]
