"""Pydantic models: the roadmap (tracks, phases, skills, resources) and the user's progress.

Models read from files forbid unknown keys, so a typo in a roadmap is an error, not a silently
ignored field. Schemas are built on first use (`defer_build`), keeping start-up cheap.
"""

# No `from __future__ import annotations` here: Pydantic would have to evaluate every field's
# annotation from a string when the classes are created, a measurable part of start-up.
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError

    from roadmap_cli.lookup import Index


def _new_list() -> list:
    # Plain Python factories: for a builtin such as `list`, Pydantic's signature check goes
    # through inspect's text-signature parser, which costs ~12 ms at start-up (tokenize).
    return []


def _new_dict() -> dict:
    return {}


ROADMAP_SCHEMA_VERSION = 1
PROGRESS_SCHEMA_VERSION = 2

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
# Text shown in a terminal: no control characters (an ESC in a roadmap file could drive it).
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$"),
]

Status = Literal["todo", "in-progress", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "in-progress", "done", "skipped")
COMPLETE: frozenset[str] = frozenset({"done", "skipped"})


def _invalid(message: str, at: tuple[str | int, ...]) -> "PydanticCustomError":
    """A cross-field error that also says where, below the model, the offending item is.

    Pydantic locates a model validator's error at the model itself; `catalog` appends `at` to
    find the line and the dotted key of the item.
    """
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("roadmap", message.replace("{", "{{").replace("}", "}}"), {"at": at})


# Each class sets its config itself: a shared base class would be one more model for
# Pydantic to build at every start.
STRICT = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # the roadmap, read-only


Url = Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$", max_length=2000)]


class Resource(BaseModel):
    model_config = STRICT

    title: Text
    url: Url | None = None
    focus: Text | None = None


class Section(BaseModel):
    """Free information about a track: the role, responsibilities, a closing workflow."""

    model_config = STRICT

    title: Text
    text: Text | None = None
    items: list[Text] = Field(default_factory=_new_list)
    resources: list[Resource] = Field(default_factory=_new_list)


class Skill(BaseModel):
    model_config = STRICT

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=_new_list)
    description: Text | None = None
    group: Text | None = None
    optional: bool = False
    replaces: list[Id] = Field(
        default_factory=_new_list, description="Ids this skill had before a rename."
    )
    resources: list[Resource] = Field(default_factory=_new_list)


class Phase(BaseModel):
    model_config = STRICT

    id: Id
    number: int | None = None
    title: Text
    tag: Text | None = None
    elective: bool = False
    goals: Text | None = None
    outcome: Text | None = None
    why: Text | None = None
    impact: Text | None = None
    skills: list[Id] = Field(default_factory=_new_list)
    resources: list[Resource] = Field(default_factory=_new_list)

    @property
    def label(self) -> str:
        if self.number is not None:
            return f"{self.number}. {self.title}"
        return f"{self.title} (elective)" if self.elective else self.title

    @property
    def purpose(self) -> str | None:
        """Why the phase matters, in the words the roadmap gives."""
        return self.goals or self.why or self.impact or self.outcome


class Track(BaseModel):
    model_config = STRICT

    id: Id
    title: Text
    description: Text | None = None
    source: Text | None = None
    sections: list[Section] = Field(default_factory=_new_list)
    skills: list[Skill] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> "Track":
        seen: dict[str, str] = {}

        def claim(key: str, owner: str, at: tuple[str | int, ...]) -> None:
            key = key.casefold()
            if key in seen:
                raise _invalid(f"{owner} clashes with {seen[key]}", at)
            seen[key] = owner

        for k, skill in enumerate(self.skills):
            claim(skill.id, f"skill id '{skill.id}'", ("skills", k, "id"))
        for k, skill in enumerate(self.skills):
            for m, alias in enumerate(skill.aliases):
                if alias.casefold() != skill.id:
                    where = ("skills", k, "aliases", m)
                    claim(alias, f"alias '{alias}' of skill '{skill.id}'", where)
        skill_ids = {s.id for s in self.skills}
        phase_ids: set[str] = set()
        for i, phase in enumerate(self.phases):
            if phase.id in phase_ids:
                raise _invalid(f"phase id '{phase.id}' is used twice", ("phases", i, "id"))
            phase_ids.add(phase.id)
            if phase.id in seen:
                clash = f"phase id '{phase.id}' clashes with {seen[phase.id]}"
                raise _invalid(clash, ("phases", i, "id"))
            listed: set[str] = set()
            for j, sid in enumerate(phase.skills):
                where = ("phases", i, "skills", j)
                if sid not in skill_ids:
                    raise _invalid(f"phase '{phase.id}' lists unknown skill '{sid}'", where)
                if sid in listed:
                    raise _invalid(f"phase '{phase.id}' lists skill '{sid}' twice", where)
                listed.add(sid)
        unused = skill_ids - {sid for phase in self.phases for sid in phase.skills}
        if unused:
            first = next(k for k, s in enumerate(self.skills) if s.id in unused)
            skill = self.skills[first].id
            raise _invalid(f"skill '{skill}' is not listed in any phase", ("skills", first))
        return self

    @cached_property
    def skill_by_id(self) -> Mapping[str, Skill]:
        rows = self.__dict__.get(_SKILL_ROWS)
        if rows is not None:  # loaded from the roadmap cache: see `__getstate__`
            return _SkillTable(rows)
        return {s.id: s for s in self.skills}

    @cached_property
    def renames(self) -> list[tuple[str, str]]:
        """(skill id, an id it `replaces`), in roadmap order."""
        return [(s.id, old) for s in self.skills for old in s.replaces]

    @cached_property
    def phase_by_id(self) -> dict[str, Phase]:
        return {p.id: p for p in self.phases}

    @cached_property
    def phases_of(self) -> dict[str, list[Phase]]:
        """For each skill id, the phases that list it, in roadmap order."""
        found: dict[str, list[Phase]] = {s.id: [] for s in self.skills}
        for phase in self.phases:
            for sid in phase.skills:
                found[sid].append(phase)
        return found

    @cached_property
    def ordered_skill_ids(self) -> list[str]:
        """Every skill once, in the order the roadmap first lists it."""
        return list(dict.fromkeys(sid for phase in self.phases for sid in phase.skills))

    @cached_property
    def skill_index(self) -> "Index":
        """Every name each skill answers to, folded (see `lookup`)."""
        from roadmap_cli.lookup import skill_index

        return skill_index(self)

    def resources_for(self, skill_id: str) -> list[Resource]:
        """Where to learn a skill: its own resources, then those of the phases listing it."""
        skill = self.skill_by_id[skill_id]
        return [*skill.resources, *(r for p in self.phases_of[skill_id] for r in p.resources)]

    def warm(self) -> None:
        """Compute the derived indexes now (before caching), not on first use."""
        for name in (
            "skill_by_id",
            "phase_by_id",
            "phases_of",
            "ordered_skill_ids",
            "optional_ids",
            "skill_index",
            "renames",
        ):
            getattr(self, name)
        self.required_skill_ids  # noqa: B018 - a cached property, computed for its side effect

    @cached_property
    def optional_ids(self) -> frozenset[str]:
        """Optional skills, and skills listed only in electives: after the required ones."""
        return frozenset(
            s.id for s in self.skills if s.optional or all(p.elective for p in self.phases_of[s.id])
        )

    def is_optional(self, skill_id: str) -> bool:
        return skill_id in self.optional_ids

    @cached_property
    def required_skill_ids(self) -> list[str]:
        return [sid for sid in self.ordered_skill_ids if not self.is_optional(sid)]

    # --- in the roadmap cache -----------------------------------------------------------------
    # A track is pickled with its skills as rows of field values, and a Skill object is made
    # from its row when first used: at 10,000 skills, making them all would cost more than
    # most commands' own work, and most commands look at a handful. The derived indexes
    # (`warm`) are pickled as they are.

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        attrs = {k: v for k, v in state["__dict__"].items() if k not in ("skills", "skill_by_id")}
        attrs[_SKILL_ROWS] = [
            tuple(skill.__dict__[f] for f in _SKILL_FIELDS) for skill in self.skills
        ]
        return {**state, "__dict__": attrs}

    def __getattr__(self, name: str) -> Any:
        if name == "skills" and _SKILL_ROWS in self.__dict__:
            skills = self.skill_by_id.in_order()  # type: ignore[attr-defined] - a _SkillTable
            self.__dict__["skills"] = skills
            self.__dict__["skill_by_id"] = {s.id: s for s in skills}  # all made: a plain dict
            return skills
        return super().__getattr__(name)  # type: ignore[misc] - Pydantic's, for private attrs

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Track):
            _ = self.skills, other.skills  # both made, so that fields compare with fields
        return super().__eq__(other)


_SKILL_ROWS = "_skill_rows"
_SKILL_FIELDS = tuple(Skill.model_fields)
_set = object.__setattr__


def _skill_from_row(row: tuple[Any, ...]) -> Skill:
    """A Skill from its cached values, validated before they were cached.

    This is what Pydantic's unpickling does (`BaseModel.__setstate__`), without making a
    state dict for each of thousands of skills.
    """
    skill = Skill.__new__(Skill)
    _set(skill, "__dict__", dict(zip(_SKILL_FIELDS, row)))  # noqa: B905 - rows are ours
    _set(skill, "__pydantic_fields_set__", set(_SKILL_FIELDS))
    _set(skill, "__pydantic_extra__", None)
    _set(skill, "__pydantic_private__", None)
    return skill


class _SkillTable(Mapping[str, Skill]):
    """Skills by id for a track from the cache, each made from its row on first use."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = {row[0]: row for row in rows}
        self._made: dict[str, Skill] = {}

    def __getitem__(self, skill_id: str) -> Skill:
        skill = self._made.get(skill_id)
        if skill is None:
            skill = self._made[skill_id] = _skill_from_row(self._rows[skill_id])
        return skill

    def in_order(self) -> list[Skill]:
        """Every skill, in the order of the rows (the roadmap's order)."""
        made = self._made
        for skill_id, row in self._rows.items():
            if skill_id not in made:
                made[skill_id] = _skill_from_row(row)
        return [made[skill_id] for skill_id in self._rows]

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Roadmap(BaseModel):
    model_config = STRICT

    schema_version: Literal[1] = ROADMAP_SCHEMA_VERSION
    id: Id
    title: Text
    tracks: list[Track] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_tracks(self) -> "Roadmap":
        seen: set[str] = set()
        for i, track in enumerate(self.tracks):
            if track.id in seen:
                raise _invalid(f"track id '{track.id}' is used twice", ("tracks", i, "id"))
            seen.add(track.id)
        return self

    @property
    def default_track(self) -> "Track":
        return self.tracks[0]

    def track(self, track_id: str) -> "Track | None":
        return next((t for t in self.tracks if t.id == track_id), None)


# --- progress -------------------------------------------------------------------------------


RECORD = ConfigDict(extra="forbid", defer_build=True)  # the user's progress, changed in place

# Every time in a progress file is a moment in this range, with its zone. Beyond it, turning
# a time into local time or POSIX seconds overflows (year 1 or 9999 shifted by a zone), and
# nothing this program records falls outside it. Checked by pydantic-core, at parse time.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
Moment = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST)]

# The one rule for a link, whatever it comes from (the command line, an imported or hand-made
# file): a web address, nothing a browser or a Markdown reader would run or open locally
# (`javascript:`, `file:`, `data:`), no blanks or control characters.
LINK_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"
LinkUrl = Annotated[str, StringConstraints(pattern=LINK_PATTERN, max_length=2000)]


def is_link(url: str) -> bool:
    """Whether `url` may be attached as a link (the rule `Link.url` applies)."""
    import re

    return len(url) <= 2000 and re.fullmatch(LINK_PATTERN, url) is not None


class Link(BaseModel):
    """Evidence attached to a skill: a project, a certificate, a notebook."""

    model_config = RECORD

    url: LinkUrl
    added: Moment | None = None


class SkillProgress(BaseModel):
    model_config = RECORD

    status: Status = "todo"
    started: Moment | None = None
    finished: Moment | None = None
    note: str | None = None
    links: list[Link] = Field(default_factory=_new_list)

    @classmethod
    def blank(cls) -> "SkillProgress":
        """A skill with no progress: the defaults, so nothing to validate (and no validator
        for Pydantic to build just for that)."""
        return cls.model_construct()

    def is_blank(self) -> bool:
        return self == SkillProgress.blank()


Action = Literal["done", "start", "skip", "reset", "note", "undo"]


class Event(BaseModel):
    """One change to one skill. Changes made by one command share a batch; undo works by batch."""

    model_config = RECORD

    seq: int
    batch: int
    at: Moment
    roadmap: str
    track: str
    skill: str
    action: Action
    old: Status
    new: Status
    before: SkillProgress = Field(description="The skill's record before the change, for undo.")
    undoes: int | None = None


class Progress(BaseModel):
    model_config = RECORD

    schema_version: int = PROGRESS_SCHEMA_VERSION
    # roadmap id -> track id -> skill id -> record
    roadmaps: dict[str, dict[str, dict[str, SkillProgress]]] = Field(default_factory=_new_dict)
    events: list[Event] = Field(default_factory=_new_list)
    # Loaded without (all of) its history: must never be saved whole (see `store`).
    _records_only: bool = PrivateAttr(default=False)

    def skills(self, roadmap_id: str, track_id: str) -> dict[str, SkillProgress]:
        """The track's records, created empty on first use."""
        return self.roadmaps.setdefault(roadmap_id, {}).setdefault(track_id, {})

    def record(self, roadmap_id: str, track_id: str, skill_id: str) -> SkillProgress:
        found = self.roadmaps.get(roadmap_id, {}).get(track_id, {}).get(skill_id)
        return found if found is not None else SkillProgress.blank()

    def status_map(self, roadmap_id: str, track_id: str) -> dict[str, Status]:
        track = self.roadmaps.get(roadmap_id, {}).get(track_id, {})
        return {sid: rec.status for sid, rec in track.items()}
