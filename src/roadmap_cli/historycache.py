"""The caches kept beside a long history: its digest (`digest`) and its index (`historytail`).

Both are entries in the cache folder (see `cache`) under one key made from the progress file's
bytes, so a stale one is a miss. `store` keeps them up to date with each change it saves: a
change appends events, so the old file's digest and index are extended rather than made again,
and the new file's key is made from the old one's hash of the history and the events added.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_cli import fileformat

if TYPE_CHECKING:
    from collections.abc import Callable

    from roadmap_cli.fileformat import Spliced
    from roadmap_cli.historytail import EventIndex
    from roadmap_cli.records import Progress


class HistoryCache:
    """The digest's and the index's entries of one progress file's versions (`source`), in
    `folder` (None: none are kept), for files of at least `min_bytes`."""

    def __init__(self, folder: Path | None, source: Path, min_bytes: int) -> None:
        self.folder, self.source, self.min_bytes = folder, source, min_bytes
        # The entries of the texts last read and written (a hash of a long history costs
        # as much as reading it), each with the hash of its history and that history's size.
        self._entries: list[tuple[bytes | Spliced, Path | None, Any]] = []
        self._index: tuple[bytes, EventIndex] | None = None  # the index last read, of what

    def entry(self, data: bytes | Spliced) -> Path | None:
        """Where the digest of a file holding `data` is cached; None: it is not kept. Its
        index is kept beside it, under the same key (see `index_entry`).

        The key is a hash of `data`, its history first, so that a file spliced from one
        whose key was made here (see `fileformat.spliced`) hashes only the events added.
        """
        size = len(data) if isinstance(data, bytes) else data.size()
        if self.folder is None or size < self.min_bytes:
            return None
        import hashlib

        from roadmap_cli import cache

        lent = None
        for seen, entry, hashed in self._entries:
            if seen is data:
                return entry
            if not isinstance(data, bytes) and seen is data.source:
                lent = hashed
        if isinstance(data, bytes):
            span = fileformat.history_span(data)
            if span is None:  # no history: the bytes as they are, marked so
                key, hashed = hashlib.sha256(data), None
                key.update(b"|whole")
            else:
                with memoryview(data) as view:
                    cut, stop = span
                    hashed = hashlib.sha256(view[cut:stop]), stop - cut
                    key = _key(hashed[0], view[:cut], view[stop:], cut, stop)
        else:
            if lent is not None and lent[1] == len(data.old):
                history = lent[0].copy()
            else:
                history = hashlib.sha256(data.old)
            for part in (b",", data.added):
                history.update(part)
            hashed = history, len(data.old) + 1 + len(data.added)
            cut = len(data.head)
            key = _key(history, data.head, data.tail, cut, cut + hashed[1])
        # By name: the fast route (`fastroute`) keeps these entries without importing the
        # models (nor Pydantic, see `cache.pydantic_stamp`), under the same key.
        modules = ("models", "digest", "historytail")
        entry = cache.entry(self.folder, "history", self.source, key.digest(), *modules)
        self._entries = [*self._entries[-1:], (data, entry, hashed)]
        return entry

    def index(
        self, raw: bytes, find: Callable[[bytes], EventIndex | None] | None = None
    ) -> EventIndex | None:
        """The index of the history in `raw`: cached, else found by its text (and cached);
        None when it cannot be found so (the file is read whole). `find`: how it is found
        (`historytail.index_of`, unless the fast route says otherwise)."""
        from roadmap_cli import cache, historytail

        index = self.cached_index(raw)
        if index is None:
            index = (find or historytail.index_of)(raw)
            entry = self.entry(raw)
            if index is not None and entry is not None:
                cache.store(index_entry(entry), index.to_json())
        if index is not None:
            self._index = (raw, index)
        return index

    def cached_index(self, raw: bytes) -> EventIndex | None:
        """The index of the history in `raw` if it is cached (or was read here)."""
        from roadmap_cli import cache
        from roadmap_cli.historytail import EventIndex

        if self._index is not None and self._index[0] is raw:
            return self._index[1]
        entry = self.entry(raw)
        return cache.load(index_entry(entry), EventIndex.from_json) if entry else None

    def saved(
        self, raw: bytes | None, written: bytes | Spliced, progress: Progress, old: int | None
    ) -> None:
        """After a save, the digest and the index of the file written: the old file's,
        extended by the new events (`old`: how many `progress` held before); the digest made
        from the whole history when it was read. (An undo takes changes out of the digest:
        the next `status` makes it again; meanwhile the file is marked as validated whole if
        the old one was, see `validated`.)"""
        from roadmap_cli import cache

        added, before = None, None
        if raw is not None and old is not None:
            added = progress.events[old:]
            before = self.entry(raw)  # first: its hash is lent to the file written
        entry = self.entry(written)
        if entry is None:
            return
        try:
            index = self.cached_index(raw) if raw is not None and added is not None else None
            if index is not None and added is not None:
                self._index = None  # it is the old file's no more
                index.extend(added)
                cache.store(index_entry(entry), index.to_json())
        except Exception:  # the change is saved; an index is only a shortcut
            pass
        try:
            digest = _digest_after(progress, added, before)
            if digest is not None:
                cache.store(entry, digest.to_json())
            elif added is not None and raw is not None and self.validated(raw):
                # An undo: no digest until the next `status` makes it again, but the file
                # written is still one validated whole: the one read, and changes made here.
                cache.store(valid_entry(entry), VALID)
        except Exception:  # the change is saved; a digest is only a shortcut
            return

    def validated(self, data: bytes | Spliced) -> bool:
        """Whether the file holding `data` was validated whole by the full route: its digest
        is kept (made only from a history read whole, or from such a digest and the changes
        saved since), or it is marked so (a change from such a file that kept no digest)."""
        from roadmap_cli import cache

        entry = self.entry(data)
        if entry is None:
            return False
        return (
            cache.load(entry, bool) is not None
            or cache.load(valid_entry(entry), _is_valid) is not None
        )


VALID = b"validated whole\n"


def _is_valid(data: bytes) -> bool:
    if data != VALID:
        raise ValueError("not a mark this program writes")
    return True


def _digest_after(progress: Progress, added: Any, before: Path | None) -> Any:
    """The digest of the file saved: made from its history, if that was read whole; else the
    one before's, extended by the events `added`; None when none can be kept."""
    from roadmap_cli import cache
    from roadmap_cli.digest import Digest

    if not progress._partial_history:
        return Digest.of(progress.events)
    if added is None or any(e.undoes is not None for e in added):
        return None  # an undo takes changes out: the next `status` reads the history again
    # Its events only carried over (see `Carried`): the same on both routes, and no Pydantic on
    # the fast one (`fastroute`).
    found = cache.load(before, lambda d: Digest.from_json(d, Carried)) if before else None
    return found if found is not None and found.extend(added) else None


class Carried:
    """An event of a digest's entry that a save only carries over to the next entry, as read:
    what `Digest.extend` takes in is the events added. Whoever reads that entry to use it
    checks every event (`Digest.from_json`), so one that is wrong makes it a miss there."""

    def __init__(self, data: Any) -> None:
        from roadmap_cli.plainchange import EVENT_FIELDS

        if type(data) is not dict or list(data) != list(EVENT_FIELDS):
            raise ValueError("not an event as the models write it")
        self.roadmap, self.track = data["roadmap"], data["track"]
        if type(self.roadmap) is not str or type(self.track) is not str:
            raise ValueError("not an event's roadmap and track")
        self.data = data

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        return self.data


def _key(history: Any, head: Any, tail: Any, cut: int, stop: int) -> Any:
    """The hash of a file's text from the hash of its history's (`history`, which it leaves
    as it is): then the rest, and where the history was, so no two texts hash alike."""
    key = history.copy()
    for part in (head, tail, b"|%d|%d" % (cut, stop)):
        key.update(part)
    return key


def index_entry(digest_entry: Path) -> Path:
    """The index's entry beside the digest's (see `cache.entry` for the names)."""
    return digest_entry.with_name("events" + digest_entry.name.removeprefix("history"))


def valid_entry(digest_entry: Path) -> Path:
    """The mark beside the digest's entry that the file was validated whole (`validated`)."""
    return digest_entry.with_name("valid" + digest_entry.name.removeprefix("history"))
