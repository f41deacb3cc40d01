"""The plain form of the progress on one roadmap, for the fast route (`fastroute`): each
skill's record whole (status, times, notes, links, study log) and each review card whole, as
`Session.load(history=False)` and `reviews.cards` give them.

The full route keeps it in the cache folder (see `plaincache`) from what it validated with
Pydantic; the fast route reads it back into light objects, checked as the models check them
(types, bounds, links, no control character in any text). Anything else is a miss (see
`plaindata`).
"""

from __future__ import annotations

import json
from datetime import datetime

from roadmap_cli.plaindata import FORMAT, STATUSES, Miss, Plain, _moment, _text

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from typing import Any

    from roadmap_cli.records import Progress


class Record(Plain):
    """A skill's record (see `records.SkillProgress`)."""


class Note(Plain):
    pass


class Link(Plain):
    pass


class StudySession(Plain):
    pass


class Card(Plain):
    """A review card (see `records.Card`)."""


# Each light class's fields in the order of an entry's rows, and how each is checked (see
# `CHECKS`): as `records` has them, with the bounds its models check.
ROWS: dict[type, tuple[tuple[str, str], ...]] = {
    Note: (("text", "text"), ("at", "moment")),
    Link: (("url", "link"), ("added", "moment?")),
    StudySession: (("on", "moment"), ("minutes", "minutes?"), ("note", "text?")),
    Card: (
        ("due", "moment"),
        ("stability", "stability?"),
        ("difficulty", "difficulty?"),
        ("state", "state"),
        ("reps", "count"),
        ("lapses", "count"),
        ("last_review", "moment?"),
        ("last_rating", "rating?"),
    ),
}


class PlainProgress:
    """The progress of one roadmap as `Session.load(history=False)` gives it, and its cards as
    `reviews.cards` gives them."""

    def __init__(self, roadmap_id: str, records: dict[str, Record], cards: dict[str, Card]):
        self.roadmaps = {roadmap_id: records}
        self.reviews = {roadmap_id: cards}

    def skills(self, roadmap_id: str) -> dict[str, Record]:
        return self.roadmaps.setdefault(roadmap_id, {})

    def status_map(self, roadmap_id: str) -> dict[str, str]:
        records = self.roadmaps.get(roadmap_id, {})
        return {sid: rec.status for sid, rec in records.items()}

    def record(self, roadmap_id: str, skill_id: str) -> Record:
        return self.roadmaps.get(roadmap_id, {}).get(skill_id) or BLANK

    def blank_record(self) -> Record:
        return BLANK


BLANK = Record(status="todo", started=None, finished=None, notes=(), links=(), log=())


def _bounded(low: float, high: float, kinds: tuple[type, ...]) -> Any:
    def check(value: Any) -> Any:
        if type(value) not in kinds or not low <= value <= high:  # NaN is in no range
            raise Miss
        return value

    return check


def _one_of(*names: str) -> Any:
    def check(value: Any) -> str:
        if value not in names:
            raise Miss
        return value  # type: ignore[no-any-return]

    return check


def _link(value: Any) -> str:
    from roadmap_cli.texts import is_link

    if not is_link(_text(value)):
        raise Miss
    return value  # type: ignore[no-any-return]


def _required_moment(value: Any) -> datetime:
    found = _moment(value)
    if found is None:
        raise Miss
    return found


# The kinds of value a row holds (see `_checked`), each with its check.
CHECKS = {
    "moment": _required_moment,
    "status": _one_of(*STATUSES),
    "state": _one_of("learning", "review", "relearning"),
    "rating": _one_of("again", "hard", "good", "easy"),
    "link": _link,
    "minutes": _bounded(1, 24 * 60, (int,)),
    "count": _bounded(0, 1_000_000, (int,)),
    "stability": _bounded(0.001, 1_000_000, (int, float)),
    "difficulty": _bounded(1, 10, (int, float)),
}


def progress_from(raw: bytes, roadmap_id: str) -> PlainProgress:
    try:
        data = json.loads(raw)
    except ValueError:
        raise Miss from None
    if type(data) is not dict or data.keys() != {"format", "roadmap", "records", "cards"}:
        raise Miss
    if data["format"] != FORMAT or data["roadmap"] != roadmap_id:
        raise Miss
    records, cards = data["records"], data["cards"]
    if type(records) is not dict or type(cards) is not dict:
        raise Miss
    found = {_text(sid): _record(row) for sid, row in records.items()}
    due = {_text(sid): card_of(row) for sid, row in cards.items()}
    return PlainProgress(roadmap_id, found, due)


def card_of(row: Any) -> Card:
    """`_row(Card, row)`, written out: a done skill has a card, thousands in a long history.
    (`plainchange` reads a card of the file so too, in the same order.)"""
    if type(row) is not list or len(row) != 8:
        raise Miss
    due, stability, difficulty, state, reps, lapses, last_review, last_rating = row
    check = CHECKS
    return Card(
        due=check["moment"](due),
        stability=None if stability is None else check["stability"](stability),
        difficulty=None if difficulty is None else check["difficulty"](difficulty),
        state=check["state"](state),
        reps=check["count"](reps),
        lapses=check["count"](lapses),
        last_review=_moment(last_review),
        last_rating=None if last_rating is None else check["rating"](last_rating),
    )


def _checked(kind: str, value: Any) -> Any:
    if kind[-1] == "?":
        if value is None:
            return None
        kind = kind[:-1]
    return _text(value) if kind == "text" else CHECKS[kind](value)


def _row(cls: type, value: Any) -> Any:
    """A light object of a row: its fields' values in `ROWS` order."""
    fields = ROWS[cls]
    if type(value) is not list or len(value) != len(fields):
        raise Miss
    return cls(**{name: _checked(kind, v) for (name, kind), v in zip(fields, value, strict=True)})


def _record(row: Any) -> Record:
    """A record's row: its status and times, then (when it has any) its notes, links and
    study log; most records have none, and are read the quicker."""
    if type(row) is not list or len(row) not in (3, 6) or row[0] not in STATUSES:
        raise Miss
    lists: list[Any] = [(), (), ()]
    if len(row) == 6:
        for i, (cls, items) in enumerate(zip((Note, Link, StudySession), row[3:], strict=True)):
            if type(items) is not list:
                raise Miss
            lists[i] = [_row(cls, item) for item in items]
    notes, links, log = lists
    started, finished = _moment(row[1]), _moment(row[2])
    return Record(
        status=row[0], started=started, finished=finished, notes=notes, links=links, log=log
    )


def progress_data(progress: Progress, roadmap_id: str) -> bytes:
    """The entry's data: every record and card of the roadmap, as rows (see `ROWS`)."""
    from roadmap_cli import reviews

    records = {sid: _record_row(rec) for sid, rec in progress.roadmaps.get(roadmap_id, {}).items()}
    cards = {sid: _card_row(card) for sid, card in reviews.cards(progress, roadmap_id).items()}
    doc = {"format": FORMAT, "roadmap": roadmap_id, "records": records, "cards": cards}
    return json.dumps(doc).encode()


def _full(item: Any) -> dict[str, Any]:
    """A model's fields as `model_dump(mode="json")` gives them (`plainchange`'s light forms
    give the same)."""
    if hasattr(type(item), "full_data"):
        return item.full_data()  # type: ignore[no-any-return]
    return item.model_dump(mode="json")  # type: ignore[no-any-return]


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _record_row(rec: Any) -> list[Any]:
    row = [rec.status, _when(rec.started), _when(rec.finished)]
    if rec.notes or rec.links or rec.log:
        data = _full(rec)
        for cls, name in ((Note, "notes"), (Link, "links"), (StudySession, "log")):
            row.append([[item[field] for field, _ in ROWS[cls]] for item in data[name]])
    return row


def _card_row(card: Any) -> list[Any]:
    """A card's row (see `ROWS`), its times as `datetime.isoformat` writes them whichever form
    it has: the model's, or `plainchange`'s (its fields as Pydantic writes them)."""
    if hasattr(type(card), "full_data"):  # on the class: a model's own lookup is slow to fail
        data = card.full_data()
        row = [data[name] for name, _ in ROWS[Card]]
        row[0], row[6] = _when(_moment(row[0])), _when(_moment(row[6]))
        return row
    due, last = card.due.isoformat(), _when(card.last_review)
    rated = (card.stability, card.difficulty, card.state, card.reps, card.lapses)
    return [due, *rated, last, card.last_rating]
