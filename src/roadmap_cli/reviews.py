"""Spaced review of done skills: each skill's card, when it is due, and FSRS to schedule it.

Pure: takes progress and times, returns cards and figures. The `fsrs` library is imported only
by the functions that schedule or estimate retention (`rate`, `retention`), never at start-up.

Cards are kept per roadmap (`Progress.reviews`). A roadmap with no entry there yet (a file
written before reviews existed) has the cards `backfill` gives it: one per done skill, as if
each had been made when the skill was done. The first change that touches a card stores them
(`stored`), so the cards read and the cards changed are always the same.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    import fsrs

    from roadmap_cli.records import Card, Event, Progress, Rating, SkillProgress

# A skill just done is first reviewed this many days later (FSRS then takes over).
FIRST_REVIEW_DAYS = 3
DEFAULT_RETENTION = 0.9  # the chance of recalling a skill when it comes due (`--retention`)
# Retention now at or above this is "strong"; below, "fading" (until the card is due).
STRONG = 0.95
MAX_STABILITY = 1_000_000.0  # the bound `records.Stability` enforces

Band = Literal["strong", "fading", "due"]


def new_card(seen: datetime, progress: Progress | None = None) -> Card:
    """The card of a skill done (or added to review) at `seen`: due a few days later. Made
    by `progress` when given (the fast route's light progress makes light cards)."""
    fields = {"due": seen + timedelta(days=FIRST_REVIEW_DAYS), "last_review": seen}
    if progress is not None:
        return progress.new_card(**fields)
    # Built without validation (the values are known good), so `done` builds no validator.
    from roadmap_cli.records import Card

    return Card.model_construct(**fields)


def backfill(progress: Progress, roadmap_id: str) -> dict[str, Card]:
    """A card for each done skill of the roadmap, as if made when the skill was done."""
    records = progress.roadmaps.get(roadmap_id, {})
    return {
        skill_id: new_card(record.finished, progress)
        for skill_id, record in records.items()
        if record.status == "done" and record.finished is not None
    }


def cards(progress: Progress, roadmap_id: str) -> dict[str, Card]:
    """The roadmap's cards, stored or (for a file from before reviews) backfilled. Read only."""
    found = progress.reviews.get(roadmap_id)
    return found if found is not None else backfill(progress, roadmap_id)


def stored(progress: Progress, roadmap_id: str) -> dict[str, Card]:
    """The roadmap's cards, kept in `progress` from now on: for a change to make."""
    found = progress.reviews.get(roadmap_id)
    if found is None:
        found = progress.reviews[roadmap_id] = backfill(progress, roadmap_id)
    return found


def on_change(
    progress: Progress,
    roadmap_id: str,
    skill_id: str,
    before: SkillProgress,
    after: SkillProgress,
    now: datetime,
) -> Card | None:
    """The hook of a status change (call it before the record changes): a skill that becomes
    done gets a card, due a few days after it was finished. Returns the card before, for the
    event (see `touches_card`)."""
    if after.status != "done" or before.status == "done":
        return None
    found = stored(progress, roadmap_id)
    previous = found.get(skill_id)
    if previous is None:
        found[skill_id] = new_card(after.finished or now, progress)
        return None
    return previous.model_copy(deep=True)  # history must never share a card


def touches_card(event: Event) -> bool:
    """Whether `event.card` is the card before it (None: there was none), for undo."""
    if event.action in ("review", "import"):
        return True
    return event.action == "done" and event.old != "done"


def restore(progress: Progress, roadmap_id: str, skill_id: str, card: Card | None) -> None:
    """Put back a skill's card as it was (None: it had none). For undo."""
    if card is None and roadmap_id not in progress.reviews:
        return  # backfilled cards follow the records, which undo restores
    found = stored(progress, roadmap_id)
    if card is None:
        found.pop(skill_id, None)
    else:
        found[skill_id] = card.model_copy(deep=True)  # history must never share a card


# --- when ------------------------------------------------------------------------------------


def due_day(card: Card) -> date:
    """The local day the card is due."""
    return card.due.astimezone().date()


def is_due(card: Card, today: date) -> bool:
    return due_day(card) <= today


class Count(NamedTuple):
    due: int  # due today or earlier
    overdue: int  # of those, due before today
    next_due: date | None  # the first day after today with a review due


def count(found: dict[str, Card], today: date) -> Count:
    days = [due_day(card) for card in found.values()]
    later = [day for day in days if day > today]
    return Count(
        sum(1 for day in days if day <= today),
        sum(1 for day in days if day < today),
        min(later) if later else None,
    )


def due_count(progress: Progress, roadmap_id: str, today: date) -> Count:
    """How many reviews are due: the one line of `next`, `status` and the dashboard."""
    return count(cards(progress, roadmap_id), today)


class Standing(NamedTuple):
    """Where one skill's review stands (`show SKILL`)."""

    card: Card
    retention: float  # estimated now
    due: date  # local day
    is_due: bool


def standing(
    progress: Progress, roadmap_id: str, skill_id: str, now: datetime, today: date
) -> Standing | None:
    """The skill's card and where it stands; None: it has no card."""
    card = cards(progress, roadmap_id).get(skill_id)
    if card is None:
        return None
    due = due_day(card)
    return Standing(card, retention(card, now), due, due <= today)


# --- scheduling: FSRS --------------------------------------------------------------------------


def scheduler(desired_retention: float = DEFAULT_RETENTION) -> fsrs.Scheduler:
    """FSRS set up for skills, not flash cards: no same-day (re)learning steps, so every
    interval is in days; no fuzzing, so the same ratings always give the same days."""
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)  # FSRS takes UTC times only


def _theirs(card: Card, ours: fsrs.Scheduler) -> fsrs.Card:
    """The card as FSRS takes it. A card never rated yet is taken as learned well ("good")
    when the skill was last seen (done): its first rating then tells how well it was kept,
    and retention can be estimated before any rating."""
    from fsrs import Card as FsrsCard
    from fsrs import Rating as FsrsRating
    from fsrs import State

    state = State[card.state.capitalize()]
    theirs = FsrsCard(
        card_id=1,  # unused; given, so that FSRS does not make one (and sleep a millisecond)
        state=state,
        step=None if state == State.Review else 0,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )
    if theirs.stability is None and theirs.last_review is not None:
        theirs = ours.review_card(theirs, FsrsRating.Good, theirs.last_review)[0]
    return theirs


def rate(
    card: Card,
    rating: Rating,
    now: datetime,
    desired_retention: float = DEFAULT_RETENTION,
    progress: Progress | None = None,
) -> Card:
    """The card after the learner rated how well they remembered the skill at `now`. Made by
    `progress` when given (as `new_card`)."""
    from functools import partial

    from fsrs import Rating as FsrsRating
    from fsrs import State

    from roadmap_cli.plaindata import LATEST

    ours = scheduler(desired_retention)
    theirs = _theirs(card, ours)
    remembered = theirs.state == State.Review
    reviewed, _ = ours.review_card(theirs, FsrsRating[rating.capitalize()], _utc(now))
    assert reviewed.stability is not None and reviewed.difficulty is not None
    if progress is not None:
        make = partial(progress.new_card, checked=True)
    else:
        from roadmap_cli.records import Card as make  # type: ignore[assignment]
    return make(
        due=min(reviewed.due, LATEST - timedelta(days=1)),
        stability=min(reviewed.stability, MAX_STABILITY),
        difficulty=reviewed.difficulty,
        state=reviewed.state.name.lower(),  # type: ignore[arg-type]
        reps=card.reps + 1,
        lapses=card.lapses + (rating == "again" and remembered),
        last_review=_utc(now),
        last_rating=rating,
    )


def retention(card: Card, now: datetime) -> float:
    """The estimated chance of recalling the skill at `now` (FSRS's retrievability)."""
    ours = scheduler()
    return float(ours.get_card_retrievability(_theirs(card, ours), _utc(now)))


def band(card: Card, now: datetime, today: date) -> Band:
    """A word for where the skill stands: due, or strong or fading before then."""
    if is_due(card, today):
        return "due"
    return "strong" if retention(card, now) >= STRONG else "fading"
