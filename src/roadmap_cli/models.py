"""Pydantic models: the roadmap (tracks, phases, skills, resources) and the user's progress.

Models read from files forbid unknown keys, so a typo in a roadmap is an error, not a silently
ignored field. Schemas are built on first use (`defer_build`), keeping start-up cheap.
"""

# No `from __future__ import annotations` here: Pydantic would have to evaluate every field's
# annotation from a string when the classes are created, a measurable part of start-up.
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from roadmap_cli.modelcore import COMPLETE as COMPLETE  # where the core imports it from
from roadmap_cli.modelcore import PhaseCore, RoadmapCore, TrackCore
from roadmap_cli.texts import invalid, link_or_address, multi_line, one_line


def new_list() -> list:
    # Plain Python factories: for a builtin such as `list`, Pydantic's signature check goes
    # through inspect's text-signature parser, which costs ~12 ms at start-up (tokenize).
    return []


def new_dict() -> dict:
    return {}


ROADMAP_SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]


_TEXT = StringConstraints(strip_whitespace=True, min_length=1)
# Text shown in a terminal, one line (names, titles) or several (descriptions, goals).
Line = Annotated[str, _TEXT, AfterValidator(one_line)]
Text = Annotated[str, _TEXT, AfterValidator(multi_line)]

Status = Literal["todo", "in-progress", "done", "skipped"]


# Each class sets its config itself: a shared base class would be one more model for
# Pydantic to build at every start.
# The roadmap, read-only. Reading its cached JSON, Pydantic would by default look every string
# up in a cache of strings met before: a loss when nearly all are distinct (50,000 ids and
# names: ~35 ms, a fifth of the reading); the keys, few and repeated, stay cached.
STRICT = ConfigDict(extra="forbid", frozen=True, defer_build=True, cache_strings="keys")


Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(link_or_address)]


ResourceType = Literal[
    "official", "docs", "course", "book", "video", "article", "paper", "repo", "tool"
]


class Resource(BaseModel):
    """Where to learn: a link, its kind, and what to look at in it."""

    model_config = STRICT

    title: Line
    url: Url | None = Field(default=None, description="https://, http:// or mailto: link.")
    type: ResourceType | None = Field(default=None, description="Shown as a short label.")
    focus: Text | None = Field(default=None, description="What to look at in it.")


class Section(BaseModel):
    """Free information about a track: the role, responsibilities, a closing workflow."""

    model_config = STRICT

    title: Line
    at: Literal["start", "end"] = Field(
        default="start",
        description="Where the section is shown: before the phases (start) or after (end).",
    )
    text: Text | None = Field(default=None, description="Markdown.")
    items: list[Text] = Field(default_factory=new_list, description="Markdown, one per bullet.")
    resources: list[Resource] = Field(default_factory=new_list)


class Skill(BaseModel):
    """One thing to learn, tracked as todo, in-progress, done or skipped."""

    model_config = STRICT

    # Its lists are tuples defaulting to (): a default factory is a call from Pydantic's core
    # into Python for each of them on every skill, ~35 ms of loading 50,000 skills (issue 15);
    # an empty tuple is shared as it is, and a frozen skill's lists never change anyway.
    id: Id = Field(description="Lowercase letters and digits joined by '-'; unique in a track.")
    name: Line
    aliases: tuple[Line, ...] = Field(default=(), description="Other names that find the skill.")
    description: Text | None = Field(default=None, description="Markdown.")
    group: Line | None = Field(
        default=None, description="A sub-heading of the phase the skill is shown under."
    )
    optional: bool = False
    replaces: tuple[Id, ...] = Field(default=(), description="Ids this skill had before a rename.")
    after: tuple[Id, ...] = Field(
        default=(),
        description="Ids of the skills to complete first (prerequisites).",
    )
    resources: tuple[Resource, ...] = ()


class Choice(BaseModel):
    """An entry of a phase's skills: completing `count` of `one_of` completes the entry."""

    model_config = STRICT

    one_of: list[Id] = Field(min_length=2, description="The skills to choose from.")
    count: int = Field(default=1, ge=1, description="How many of them to complete.")

    @model_validator(mode="after")
    def _check_count(self) -> "Choice":
        if self.count >= len(self.one_of):
            size = len(self.one_of)
            message = (
                f"count {self.count} leaves no choice among {size} skills (use 1 to {size - 1})"
            )
            raise invalid(message, ("count",))
        return self


# The tags of the two kinds of entry: `catalog` drops them from an error's location.
SKILL_TAG, CHOICE_TAG = "<skill>", "<choice>"


def _entry_tag(value: Any) -> str:
    # One call per entry of every phase (50,000 in a large roadmap): kept to one test.
    return CHOICE_TAG if isinstance(value, (dict, Choice)) else SKILL_TAG


Entry = Annotated[
    Union[Annotated[Id, Tag(SKILL_TAG)], Annotated[Choice, Tag(CHOICE_TAG)]],  # noqa: UP007
    Discriminator(_entry_tag),
]


class Phase(PhaseCore, BaseModel):
    """A step of a track: its skills in order, with what it is for."""

    model_config = STRICT

    id: Id = Field(description="Unique among the track's phases (a skill may share it).")
    number: int | None = None
    title: Line
    tag: Line | None = None
    elective: bool = Field(default=False, description="Its skills are optional.")
    goals: Text | None = Field(default=None, description="Markdown.")
    outcome: Text | None = Field(default=None, description="Markdown.")
    why: Text | None = Field(default=None, description="Markdown.")
    impact: Text | None = Field(default=None, description="Markdown.")
    tools: list[Line] = Field(default_factory=new_list, description="The tools a phase uses.")
    skills: list[Entry] = Field(
        default_factory=new_list,
        description="Skill ids, or choices: {one_of: [ids], count: N} (count defaults to 1).",
    )
    resources: list[Resource] = Field(default_factory=new_list)


_ID, _NAME, _SKILL_IDS = attrgetter("id"), attrgetter("name"), attrgetter("skill_ids")


class Track(TrackCore, BaseModel):
    """A learning path: its skills, the phases that order them, and free sections."""

    model_config = STRICT

    id: Id
    title: Line
    description: Text | None = Field(default=None, description="Markdown.")
    source: Line | None = None
    sections: list[Section] = Field(default_factory=new_list)
    skills: list[Skill] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> "Track":
        # The usual case, a valid track (every cache hit), checked with set operations over
        # the attributes fetched once (50,000 skills: each pass is milliseconds); the walk in
        # `references` finds and words every problem only when there is one.
        skills, phases = self.skills, self.phases
        by_id = dict(zip(map(_ID, skills), skills, strict=True))
        skill_ids = by_id.keys()
        named = [s for s in skills if s.aliases]
        names = [a.casefold() for s in named for a in s.aliases if a.casefold() != s.id]
        aliases = set(names)
        listed = list(map(_SKILL_IDS, phases))
        after = [s for s in skills if s.after]
        if (
            len(skill_ids) == len(skills)
            and len(aliases) == len(names)
            and aliases.isdisjoint(skill_ids)
            and len(set(map(str.casefold, map(_NAME, skills)))) == len(skills)
            and len(set(map(_ID, phases))) == len(phases)
            and all(
                p.skills and len(set(ids)) == len(ids)
                for ids, p in zip(listed, phases, strict=True)
            )
            and skill_ids == set(chain.from_iterable(listed))
            and all(skill_ids >= set(s.after) and s.id not in s.after for s in after)
        ):
            if after:
                from roadmap_cli.references import cycles
            if not after or not cycles(skills):
                # Valid: the index the core looks skills up in is this one (see
                # `TrackCore.skill_by_id`), not built again from 50,000 skills.
                self.__dict__["skill_by_id"] = by_id
                return self
        from roadmap_cli.references import problems

        found = problems(self)
        if found:
            (message, at), *more = found
            raise invalid(message, at, more)
        return self


class Roadmap(RoadmapCore, BaseModel):
    """A roadmap file for `roadmap` (see `roadmap schema` and the README)."""

    model_config = STRICT

    schema_version: Literal[1] = ROADMAP_SCHEMA_VERSION
    id: Id
    title: Line
    tracks: list[Track] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_tracks(self) -> "Roadmap":
        seen: set[str] = set()
        for i, track in enumerate(self.tracks):
            if track.id in seen:
                raise invalid(f"track id '{track.id}' is used twice", ("tracks", i, "id"))
            seen.add(track.id)
        return self
