"""`undo` of the progress file, on both routes, and the fast route's entries of the file saved.

A change keeps the entries of the file it saves from those of the file before (the digest
extended by its events, see `plaincache`). An undo takes changes out of the history: for a
short history (for which `historycache` keeps nothing) it keeps them as the full route keeps
them reading the new file afresh, the progress's (the records, adopted, see
`changes.adopt_renames`) and the digest made again from every event, each read by the route's
own reader of one event's text (the model's, or the fast route's, `fastundo.event`). That read
costs the undo about 1.5 ms at 20 KiB, 5 ms at 64 KiB (fast route), and spares the next
command the full route (about 100 ms). A long history keeps only its mark that it was
validated whole (`historycache`); the commands after the undo keep its entries again.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any

    from roadmap_cli import results
    from roadmap_cli.digest import Digest
    from roadmap_cli.fileformat import Spliced
    from roadmap_cli.models import Roadmap
    from roadmap_cli.records import Event, Progress
    from roadmap_cli.store import Store


def undo_in(
    store: Store,
    roadmap: Roadmap | None,
    now: datetime,
    reader: Callable[[bytes | None], Any] | None = None,
    drawn: Callable[[results.UndoSummary], object] | None = None,
    event: Callable[[bytes], Event | None] | None = None,
) -> results.UndoSummary:
    """`undo` of the store's file; `roadmap` (None: not loaded) only names the skills. All
    that can fail, the fast route's `reader` and `drawn` (see `fastundo`) too, precedes the
    save. Once saved, the entries of the file written are kept (`keep_entries`; `event`: how
    the route reads one event's text, None for the model)."""
    from roadmap_cli import changes, results

    with store.transaction(undo_tail=True, reader=reader) as progress:
        reverted = changes.undo(progress, now)
        original = next(e for e in progress.events if e.batch == reverted[0].undoes)
        named = roadmap is not None and roadmap.id == original.roadmap
        track = roadmap.track(original.track) if named else None
        summary = results.UndoSummary(track, reverted, original)
        if drawn is not None:
            drawn(summary)
    keep_entries(store, roadmap, progress, event)
    return summary


def keep_entries(
    store: Store,
    roadmap: Roadmap | None,
    progress: Progress,
    event: Callable[[bytes], Event | None] | None = None,
) -> None:
    """After an undo of a short history is saved (`store.last_read`: what was written), the
    fast route's entries of the new file: the progress's where the roadmap is at hand, and
    the digest's. Never fails the undo: an entry is only a shortcut."""
    written = getattr(store, "last_read", None)
    if written is None or store.cache_dir is None:
        return
    try:
        _keep_entries(store, roadmap, progress, event, written)
    except Exception:  # the undo is saved; whatever is not kept is made by the next command
        return


def _keep_entries(
    store: Store,
    roadmap: Roadmap | None,
    progress: Progress,
    event: Callable[[bytes], Event | None] | None,
    written: bytes | Spliced,
) -> None:
    from roadmap_cli import plaincache

    if store.caches.entry(written) is not None:
        # A long history: `Store.save` kept its mark (`historycache`), and the progress's
        # entry is left to the next command. Its key hashes the whole file: 27 ms at 100,000
        # events (27.5 MiB), which took `undo` past its target (1.5x the floor).
        return
    digest = history_digest(written, event)
    if roadmap is not None:
        from roadmap_cli.changes import adopt_renames

        adopt_renames(progress, roadmap)  # as `Session.load` gives it: the file is saved
        plaincache.keep_progress(store, roadmap, progress, digest)
    elif digest is not None:
        assert store.cache_dir is not None
        path = plaincache.entry(store.cache_dir, "plain-digest", store.path, written)
        plaincache.keep(path, digest.to_json)


def history_digest(
    written: bytes | Spliced, event: Callable[[bytes], Event | None] | None = None
) -> Digest | None:
    """The digest of the whole history in `written`, every event read by `event` (None: the
    model, `fileformat.one_event`); None where one is not exactly as `serialize` writes it."""
    from roadmap_cli import historytail
    from roadmap_cli.digest import Digest
    from roadmap_cli.fileformat import one_event

    raw = written if isinstance(written, bytes) else b"".join(written.parts())
    events = historytail.plain_history(raw, event or one_event)
    return None if events is None else Digest.of(events)
