"""`roadmap undo` on the fast route (`fastroute`): `undoing.undo_in`, the full route's own
undo, on the light progress (`plainchange`), the events it reverts read as plain data from the
history's end (`historytail.records_and_undo_tail`).

Only for a file the full route validated whole, as its entries say (`plaincache.validated`,
as for `history`: the digest's entry, or a long history's mark, each kept by an undo too,
see `undoing`; the progress's entry says so of the records alone), and only where
everything the undo writes is written as Pydantic writes it (`plainchange`'s records and cards
refuse anything else). The summary is drawn before the undo is saved: anything this
route does not take (nothing to undo, an entry missing, a time it cannot write) raises before
a byte is written, and the full route answers; once saved, it is answered here, never undone
twice.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from roadmap_cli.plainchange import Event
    from roadmap_cli.plaindata import PlainRoadmap


def undo(roadmap: PlainRoadmap, written: Callable[[Any, bool], str]) -> str:
    """The output of `roadmap undo` (`written`: how a result is drawn, see `fastroute`) on
    the user's file, `roadmap` naming the skills; raises, having written nothing, for
    anything the full route must do."""
    from roadmap_cli import historytail, plaincache, plainchange, session, undoing
    from roadmap_cli.store import user_store

    store = user_store()
    if not store.path.exists():
        raise plainchange.Miss  # nothing to undo: the full route says so (no lock taken here)
    store.lock_wait = 0  # a writer at work: the full route waits for it, once
    read: list[bytes | None] = []

    def reader(raw: bytes | None) -> Any:
        # Read under the lock: the very bytes the undo is made to. The history's own caches
        # (its index, the mark that it was validated) are then kept by `Store.save` as on the
        # full route.
        read.append(raw)
        if raw is None or not plaincache.validated(store, raw):
            raise plainchange.Miss  # nothing to undo, or not known to be valid: the full route's
        index = store.caches.cached_index(raw)  # as the full route: only if it is kept
        progress = historytail.records_and_undo_tail(raw, index, event, plainchange.read)
        if progress is None:
            raise plainchange.Miss
        return progress

    text: list[str] = []
    now = session.Settings().clock.now()
    try:
        drawn = lambda summary: text.append(written(summary, False))  # noqa: E731
        undoing.undo_in(store, roadmap, now, reader, drawn, event)  # type: ignore[arg-type]
    except Exception:
        if read and text and getattr(store, "last_read", None) is not read[0]:
            return text[0]  # saved (`Store.save` keeps what it wrote): never undone twice
        raise
    return text[0]


def event(text: bytes) -> Event | None:
    """An event of a validated history as `changes.undo` reads it, its record and card
    before as `plainchange`'s light forms (which refuse what Pydantic would write otherwise);
    None unless `text` is exactly what `json.dumps` writes of it."""
    import json

    from roadmap_cli import plainchange
    from roadmap_cli.plaindata import STATUSES, _moment

    data = json.loads(text)
    if type(data) is not dict or plainchange._json(data) != text:
        return None
    if not data.keys() <= set(plainchange.EVENT_FIELDS) or not data.keys() >= plainchange.REQUIRED:
        return None
    numbers = (data["seq"], data["batch"], data.get("undoes", 0), data.get("minutes", 0))
    names = (data["roadmap"], data["track"], data["skill"], data["action"])
    if any(type(n) is not int for n in numbers) or any(type(n) is not str for n in names):
        return None
    if data["old"] not in STATUSES or data["new"] not in STATUSES:
        return None
    at, on = _moment(data["at"]), _moment(data.get("on"))
    card = data.get("card")
    before = plainchange.Record(data["before"])
    card = None if card is None else plainchange.Card.read(card)
    return plainchange.Event(**{**data, "at": at, "on": on, "before": before, "card": card})
