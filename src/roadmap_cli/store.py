"""The progress file: one way in (`load`), one way out (`save`), under the writers' lock.

Readers never lock: the atomic replace makes every reader see the old or the new file whole.
Writers (`transaction`, `replace`, `restore_backup`) hold the lock (`fsutil.lock`) from reading
to saving, so concurrent changes cannot lose each other's updates; every save sweeps the
temporary files of killed writers, keeps the file it replaces in `backups/` and keeps the
history's digest and index up to date (see `historycache`). The format itself is
`fileformat`'s.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_cli import fileformat, fsutil
from roadmap_cli.errors import DataError, StoreError

if TYPE_CHECKING:
    from datetime import date

    from roadmap_cli.digest import Digest
    from roadmap_cli.fileformat import Spliced
    from roadmap_cli.historycache import HistoryCache
    from roadmap_cli.migrations import Renames
    from roadmap_cli.records import Event, Progress

TEMP_PREFIX = ".progress-"
BACKUPS_KEPT = 5
BROKEN_KEPT = 3  # copies of damaged files that `doctor --restore-backup` replaced
# The largest progress or import file read: ten times a history of 100,000 changes.
MAX_BYTES = 256 * 1024 * 1024
# Below this size the history is read whole as fast as its digest is found: none is kept.
DIGEST_MIN_BYTES = 64 * 1024


def read_document(path: Path, kind: str, renames: Renames | None = None) -> tuple[bytes, Progress]:
    """A progress document that is not the user's own file (an import, a backup): its bytes
    and its validated content. Errors name the file as `kind` ("import file"); `renames`: see
    `fileformat.migrate`."""
    try:
        raw = _read_file(path, kind)
    except FileNotFoundError as exc:
        raise DataError(f"{path}: cannot read: {fsutil.reason(exc)}") from None
    try:
        return raw, fileformat.parse(raw, renames)
    except fileformat.FormatError as exc:
        raise DataError(f"{path}: {kind} {exc}") from None


def _read_file(path: Path, kind: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (counted as read, not by `stat`).

    Raises FileNotFoundError when there is none; DataError for anything else.
    """
    try:
        return fsutil.read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise
    except fsutil.NotRegular as exc:
        raise DataError(f"{path}: {kind} {exc.args[0]}") from None
    except fsutil.TooLarge:
        raise DataError(
            f"{path}: {kind} is larger than {MAX_BYTES // 2**20} MiB; refused (left untouched)"
        ) from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read {kind}: {fsutil.reason(exc)}") from None


class Store:
    def __init__(self, path: Path, cache_dir: Path | None = None) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.parent / "backups"
        self.cache_dir = cache_dir  # where the history's digest is kept; None: nowhere
        # Ids skills now `replace`, per track, for a file of a schema that kept tracks apart
        # (see `fileformat.migrate`); set by the session, which knows the roadmap.
        self.renames: Renames = {}
        self._caches: HistoryCache | None = None
        self.lock_wait: float | None = None  # None: as long as `fsutil.lock_timeout` says

    # --- reading ----------------------------------------------------------------------------

    def load(self, history: bool = True) -> Progress:
        """The progress on disk; empty progress when there is no file yet.

        `history=False` is for commands that only read the skills' records: the history, most
        of a long-used file, is then neither parsed nor validated, and the result cannot be
        saved.
        """
        from roadmap_cli.records import Progress

        raw = self._read()
        if raw is None:
            return Progress()
        if not history:
            found = fileformat.records_only(raw)
            if found is not None:
                return found
        return self.parse(raw)

    def digest(self) -> tuple[Progress, Digest]:
        """The records and a digest of the history (what `status` shows), from one read.

        The digest is cached, keyed by the file's bytes, and kept up to date by the changes
        this program makes. Otherwise the history is read whole and validated (so damage is
        reported, not cached), and the digest made again.
        """
        from roadmap_cli import cache
        from roadmap_cli.digest import Digest
        from roadmap_cli.records import Progress

        raw = self._read()
        if raw is None:
            return Progress(), Digest()
        entry = self.caches.entry(raw)
        found = cache.load(entry, Digest.from_json) if entry else None
        records = fileformat.records_only(raw) if found else None
        if found and records:
            return records, found
        progress = self.parse(raw)
        digest = Digest.of(progress.events)
        if entry:
            cache.store(entry, digest.to_json())
        return progress, digest

    def latest_events(
        self, takes: Callable[[str, str, str], bool], since: date | None, limit: int
    ) -> tuple[list[Event], int] | None:
        """`historytail.latest_events` of the file; None: `load` must read it whole."""
        from roadmap_cli import historytail

        raw = self._read()
        if raw is None:
            return None
        return historytail.latest_events(raw, takes, since, limit, self.caches.index(raw))

    @property
    def caches(self) -> HistoryCache:
        """The history's digest and index, cached beside the file (see `historycache`)."""
        from roadmap_cli.historycache import HistoryCache

        if self._caches is None:
            self._caches = HistoryCache(self.cache_dir, self.path, DIGEST_MIN_BYTES)
        return self._caches

    def _read(self) -> bytes | None:
        """The file's bytes, kept as `last_read`; None when there is no file yet."""
        self.last_read: bytes | None = None
        with contextlib.suppress(FileNotFoundError):
            self.last_read = _read_file(self.path, "progress file")
        return self.last_read

    def parse(self, raw: bytes) -> Progress:
        """The progress file's content, validated; what is wrong is said with a way out."""
        try:
            return fileformat.parse(raw, self.renames)
        except fileformat.NewerSchema as exc:
            raise DataError(f"{self.path}: progress file {exc}") from None
        except fileformat.FormatError as exc:
            hint = (
                "'roadmap doctor --restore-backup' puts back the newest backup"
                if self.backups()
                else "no backup exists yet"
            )
            raise DataError(f"{self.path}: progress file {exc}; left untouched ({hint})") from None

    # --- writing: every writer holds the lock from its read to its save -------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[bytes | None]:
        """The lock held, strays swept: the file's bytes (None: no file yet) to change."""
        with fsutil.lock(self.lock_path, self.lock_wait):
            self._sweep_temp_files()
            yield self._read()

    @contextlib.contextmanager
    def transaction(
        self,
        history: bool = True,
        undo_tail: bool = False,
        reader: Callable[[bytes | None], Progress] | None = None,
    ) -> Iterator[Progress]:
        """Load under the writers' lock, let the caller change it, save if events were added.

        The caller may change the records and append events; the events already recorded are
        history and stay as they are (the save copies their text rather than re-encoding it).
        With `history=False`, for changes that only append, the progress holds the records
        and only the last event: the history is neither parsed nor validated, as for
        read-only commands, and it is kept byte for byte. With `undo_tail`, for `undo`, it
        holds the events from the latest batch not undone on (see
        `historytail.records_and_undo_tail`), else the whole history. `reader`, the fast
        route's (see `plainchange`), reads the bytes instead, or raises to change nothing.
        """
        with self._writing() as raw:
            progress = None
            if reader is not None:
                progress = reader(raw)
            elif undo_tail and raw is not None:
                from roadmap_cli import historytail

                # The index only if cached: the search it saves costs less than making it.
                index = self.caches.cached_index(raw)
                progress = historytail.records_and_undo_tail(raw, index)
            elif not history and raw is not None:
                progress = fileformat.records_and_last_event(raw)
            if progress is None:
                from roadmap_cli.records import Progress

                progress = Progress() if raw is None else self.parse(raw)
            loaded = len(progress.events)
            yield progress
            if len(progress.events) != loaded:
                # A history read in part was read so only from a file in its own layout.
                checked = progress._partial_history
                data = fileformat.spliced(raw, progress, loaded, checked) if raw else None
                recorded = loaded
                if progress._partial_history and loaded:  # events are numbered from 1 on
                    recorded = progress.events[loaded - 1].seq
                self.save(progress, raw, previous_events=recorded, data=data, appended=loaded)

    def replace(self, incoming: Progress) -> Progress:
        """Put `incoming` in place of the whole file (an import); returns what it replaced."""
        from roadmap_cli.records import Progress

        with self._writing() as raw:
            current = Progress() if raw is None else self.parse(raw)
            self.save(incoming, raw, previous_events=len(current.events))
        return current

    def save(
        self,
        progress: Progress,
        raw: bytes | None = None,
        previous_events: int | None = None,
        data: bytes | Spliced | None = None,
        appended: int | None = None,
    ) -> None:
        """Write atomically, keep the file replaced in backups/, update the history's digest.

        Call with the writers' lock held; `raw` is the file's bytes as read under it. `data`,
        when given, is `serialize(progress)` already made, whole or spliced. With
        `previous_events` the current file is kept in backups/ (named by that count): linked
        only once the new file is written out, unlinked again if the rename fails, and old
        backups pruned only after the save succeeded, so a failing disk never costs a backup
        nor leaves one that is the live file under another name. `appended`: events before it.
        """
        if data is None:
            if progress._partial_history:
                raise RuntimeError("progress loaded without its history cannot be saved whole")
            data = fileformat.serialize(progress)
        made: list[Path] = []

        def back_up() -> None:
            if previous_events is not None and raw is not None:
                made.extend(self._backup(previous_events))

        try:
            text = data if isinstance(data, bytes) else data.parts()
            fsutil.atomic_write(self.path, text, prefix=TEMP_PREFIX, before_replace=back_up)
        except OSError as exc:
            for backup in made:
                with contextlib.suppress(OSError):
                    backup.unlink()
            raise StoreError(
                f"{self.path}: could not save progress ({fsutil.reason(exc)}); nothing was changed"
            ) from None
        self.last_read = data  # what the file now holds
        if made:
            self._prune()
        self.caches.saved(raw, data, progress, appended)

    def _sweep_temp_files(self) -> None:
        """Remove temporary files of writers that died mid-write (call with the lock held).

        A symlinked progress file is written beside its target, in a folder the lock does
        not guard: there only the stale ones go.
        """
        for stray in self.path.parent.glob(f"{TEMP_PREFIX}*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
        if self.path.is_symlink():
            fsutil.sweep_stale(Path(os.path.realpath(self.path)).parent, f"{TEMP_PREFIX}*.tmp")

    # --- backups ----------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backups, newest first. Names sort by time: progress-<UTC time>-e<events>.json."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("progress-*.json"), reverse=True)

    def _backup(self, events: int) -> list[Path]:
        """Keep the file about to be replaced: a hard link to its inode costs no copy.

        Called just before the rename that gives the live name a new inode. A backup left
        linked to the live inode (by a writer killed between the two) is removed first: it
        is the file being backed up now. Returns the backup made, if any.
        """
        import shutil

        with contextlib.suppress(OSError):
            live = self.path.stat()
            for old in self.backups()[: BACKUPS_KEPT + 1]:
                if os.path.samestat(old.stat(), live):
                    old.unlink()
        target = self.backup_dir / f"progress-{_stamp()}-e{events:09d}.json"
        try:
            self.backup_dir.mkdir(mode=0o700, exist_ok=True)
            try:  # the file itself, not a symlink to it (which `link` would copy)
                os.link(os.path.realpath(self.path), target)
            except FileExistsError:
                return []  # never replace a backup
            except OSError:
                shutil.copy2(self.path, target)
        except OSError:
            return []  # a backup is a bonus; the atomic write still protects the data
        return [target]

    def _prune(self) -> None:
        """Keep the newest few backups, and the one with the longest history, so that a run
        of bad writes (an emptied state saved again and again) cannot rotate the last good
        version out."""

        found = self.backups()
        richest = max(found, key=_backup_events, default=None)
        for old in found[BACKUPS_KEPT:]:
            if old != richest:
                with contextlib.suppress(OSError):
                    old.unlink()

    def restore_backup(self, replace_healthy: bool = False) -> tuple[Path, Path | None]:
        """Put back the newest backup that loads, through `save` like any other change.

        A progress file that loads is only replaced with `replace_healthy` (else
        `HealthyFile` is raised): it then goes to backups/ like any replaced file. One that
        does not load is kept aside as `<name>.broken-<time>` (the newest BROKEN_KEPT such
        copies are kept). Returns (backup used, where the replaced file was kept).
        """
        with self._writing() as current:
            for candidate in self.backups():
                try:
                    raw, restored = read_document(candidate, "backup")
                except DataError:
                    continue
                break
            else:
                raise DataError(f"{self.backup_dir}: no usable backup to restore")
            try:
                events = None if current is None else len(self.parse(current).events)
            except DataError:
                events = None  # damaged: kept aside below, not among the backups
            else:
                if current is not None and not replace_healthy:
                    raise HealthyFile(self.path, candidate)
            kept = None
            if current is not None and events is None:
                kept = self._keep_broken(current)
            self.save(restored, current, previous_events=events, data=raw)
            if events is not None:
                kept = next(iter(self.backups()), None)
            return candidate, kept

    def _keep_broken(self, current: bytes) -> Path:
        """Keep a damaged file's bytes beside it before it is replaced; prune older copies."""
        stamp = _stamp()
        kept = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        number = 1
        while kept.exists():  # never overwrite a file kept earlier
            number += 1
            kept = self.path.with_name(f"{self.path.name}.broken-{stamp}-{number}")
        try:
            fsutil.atomic_write(kept, current, prefix=TEMP_PREFIX)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: could not restore ({fsutil.reason(exc)}); nothing was changed"
            ) from None
        copies = sorted(self.path.parent.glob(f"{self.path.name}.broken-*"), reverse=True)
        for old in copies[BROKEN_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
        return kept


class HealthyFile(StoreError):
    """Restoring a backup would replace a progress file that loads (and undo changes)."""

    def __init__(self, path: Path, backup: Path) -> None:
        super().__init__(
            f"{path}: progress file loads fine; restoring {backup.name} would undo the "
            "changes made since (add --force to restore anyway)"
        )
        self.path, self.backup = path, backup


def user_store() -> Store:
    """The user's own progress file, with the history's digest in the user cache folder."""
    from roadmap_cli import paths

    return Store(paths.progress_path(), cache_dir=paths.cache_dir())


def _stamp() -> str:
    """The time now, UTC, to the microsecond, in a form that sorts as it reads."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _backup_events(path: Path) -> int:
    try:
        return int(path.stem.rsplit("-e", 1)[1])
    except (IndexError, ValueError):
        return -1
