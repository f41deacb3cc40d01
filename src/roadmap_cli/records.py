"""Pydantic models of the user's progress: each skill's record and the history of changes.

Read from a file someone else may have written: unknown keys are refused, every time is a
bounded moment with its zone. Schemas are built on first use (`defer_build`).
"""

# No `from __future__ import annotations`: see models.py.
from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from roadmap_cli.modelcore import PROGRESS_SCHEMA_VERSION, EventCore
from roadmap_cli.models import Status, new_dict, new_list
from roadmap_cli.texts import LINK_PATTERN

RECORD = ConfigDict(extra="forbid", defer_build=True)  # the user's progress, changed in place

# Every time in a progress file is a moment in this range, with its zone. Beyond it, turning
# a time into local time or POSIX seconds overflows (year 1 or 9999 shifted by a zone), and
# nothing this program records falls outside it. Checked by pydantic-core, at parse time.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
Moment = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST)]

LinkUrl = Annotated[str, StringConstraints(pattern=LINK_PATTERN, max_length=2000)]


class Link(BaseModel):
    """Evidence attached to a skill: a project, a certificate, a notebook."""

    model_config = RECORD

    url: LinkUrl
    added: Moment | None = None


# A study session's length, in whole minutes (a day at most).
Minutes = Annotated[int, Field(ge=1, le=24 * 60)]


class Note(BaseModel):
    """A dated note on a skill; notes are added one by one, never replaced."""

    model_config = RECORD

    text: str
    at: Moment  # the day the learner gave (`--on`), else when it was added


class StudySession(BaseModel):
    """A study session (`roadmap log`): when, how long if said, and what was done."""

    model_config = RECORD

    on: Moment
    minutes: Minutes | None = None
    note: str | None = None


class SkillProgress(BaseModel):
    """One skill's progress within one roadmap file, whatever track lists it."""

    model_config = RECORD

    status: Status = "todo"
    started: Moment | None = None
    finished: Moment | None = None
    notes: list[Note] = Field(default_factory=new_list)
    links: list[Link] = Field(default_factory=new_list)
    log: list[StudySession] = Field(default_factory=new_list)

    @classmethod
    def blank(cls) -> "SkillProgress":
        """A skill with no progress: the defaults, so nothing to validate (and no validator
        for Pydantic to build just for that)."""
        return cls.model_construct()

    def is_blank(self) -> bool:
        return self == SkillProgress.blank()

    def new_entry(self, kind: str, **fields: Any) -> Note | Link | StudySession:
        """A new item of one of the record's lists (`notes`, `links`, `log`): made here as a
        model; `plainchange`'s light record makes its own."""
        made = {"notes": Note, "links": Link, "log": StudySession}[kind]
        return made(**fields)

    def link_urls(self) -> set[str]:
        return {link.url for link in self.links}


# --- spaced review (see `reviews`): the scheduler's state of one skill, and nothing more ------

CardState = Literal["learning", "review", "relearning"]  # FSRS's states, by name
Rating = Literal["again", "hard", "good", "easy"]  # FSRS's ratings, in order
RATINGS: tuple[Rating, ...] = ("again", "hard", "good", "easy")

# FSRS keeps stability in days (at least 0.001) and difficulty between 1 and 10. Anything
# beyond these bounds was not written by the scheduler; NaN and infinities never are.
Stability = Annotated[float, Field(ge=0.001, le=1_000_000, allow_inf_nan=False)]
Difficulty = Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class Card(BaseModel):
    """A done skill's review card: what the FSRS scheduler needs, kept small.

    A card made when a skill is done has no stability yet ("learning"): its first rating
    gives it one. `last_review` is when the skill was last seen (done, or last reviewed).
    """

    model_config = RECORD

    due: Moment
    stability: Stability | None = None
    difficulty: Difficulty | None = None
    state: CardState = "learning"
    reps: Count = 0  # ratings given
    lapses: Count = 0  # "again" after the skill had been remembered
    last_review: Moment | None = None
    last_rating: Rating | None = None


Action = Literal["done", "start", "skip", "reset", "note", "log", "review", "import", "undo"]


class Event(EventCore, BaseModel):
    """One change to one skill. Changes made by one command share a batch; undo works by batch."""

    model_config = RECORD

    seq: int
    # Globally unique (a UUID, as text), so that two machines' histories can be merged.
    id: str | None = Field(default=None, max_length=64)
    batch: int
    at: Moment  # when the change was recorded
    on: Moment | None = None  # when it happened, if the learner said (`--on`); else `at`
    roadmap: str
    track: str
    skill: str
    action: Action
    old: Status
    new: Status
    before: SkillProgress = Field(description="The skill's record before the change, for undo.")
    undoes: int | None = None
    minutes: Minutes | None = None  # the length of a study session (action "log")
    text: str | None = None  # the note added (action "note"), or a study session's note
    # The review card before the change (action "review": a rating, or `review --add/--remove`;
    # "done": the card it made): undo puts it back. None: there was none.
    card: Card | None = None


class Progress(BaseModel):
    model_config = RECORD

    schema_version: int = PROGRESS_SCHEMA_VERSION
    # roadmap id -> skill id -> record: a skill done in one track is done in every track
    # of that roadmap listing its id
    roadmaps: dict[str, dict[str, SkillProgress]] = Field(default_factory=new_dict)
    # roadmap id -> skill id -> review card. Before `events`, which `fileformat` keeps last.
    reviews: dict[str, dict[str, Card]] = Field(default_factory=new_dict)
    events: list[Event] = Field(default_factory=new_list)
    # Loaded without (all of) its history: must never be saved whole (see `store`).
    _partial_history: bool = PrivateAttr(default=False)

    def skills(self, roadmap_id: str) -> dict[str, SkillProgress]:
        """The roadmap's records (every track's), created empty on first use."""
        return self.roadmaps.setdefault(roadmap_id, {})

    def record(self, roadmap_id: str, skill_id: str) -> SkillProgress:
        found = self.roadmaps.get(roadmap_id, {}).get(skill_id)
        return found if found is not None else SkillProgress.blank()

    def blank_record(self) -> SkillProgress:
        """The record of a skill with none (`PlainProgress` has a light one)."""
        return SkillProgress.blank()

    def status_map(self, roadmap_id: str) -> dict[str, Status]:
        records = self.roadmaps.get(roadmap_id, {})
        return {sid: rec.status for sid, rec in records.items()}

    # What `changes` and `reviews` make, by the kind of progress they change (the fast
    # route's light one, `plainchange.ChangeProgress`, makes light ones).
    def new_event(self, **fields: Any) -> Event:
        return Event(**fields)

    def new_card(self, checked: bool = False, **fields: Any) -> Card:
        """A card of `fields`, validated when `checked` (FSRS's figures), else known good
        values (`reviews.new_card`'s): no validator built."""
        return Card(**fields) if checked else Card.model_construct(**fields)
