"""The progress file: one JSON document, locked while it changes, replaced atomically.

Readers never lock: `os.replace` makes every reader see either the old or the new file whole.
Writers take an exclusive OS lock on a separate, permanent lock file (never the data file: the
replace swaps its inode, and a lock on the old inode stops excluding anyone), so concurrent
`load -> change -> save` cycles cannot lose each other's updates. The kernel drops the lock when
its holder dies, so a killed process never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_cli.errors import DataError, StoreError, UsageError, shown

if TYPE_CHECKING:
    from pydantic import BaseModel

    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Progress

LOCK_TIMEOUT = 5.0
LOCK_TIMEOUT_MAX = 3600.0
TEMP_PREFIX = ".progress-"
BACKUPS_KEPT = 5
BROKEN_KEPT = 3  # copies of damaged files that `doctor --restore-backup` replaced
# The largest progress or import file read: ten times a history of 100,000 changes.
MAX_BYTES = 256 * 1024 * 1024
# Temporary files of `export -o`: `.<name>.roadmap-export-<random>.tmp`, beside the output.
EXPORT_TEMP = ".roadmap-export-"
STALE_AFTER = 60.0  # seconds: a temporary file this old has lost its writer
# Below this size the history is read whole as fast as its digest is found: none is kept.
DIGEST_MIN_BYTES = 64 * 1024


def _lock_timeout() -> float:
    """`$ROADMAP_LOCK_TIMEOUT` in seconds: a finite number from 0 to LOCK_TIMEOUT_MAX."""
    text = os.environ.get("ROADMAP_LOCK_TIMEOUT", "")
    if not text.strip():
        return LOCK_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= LOCK_TIMEOUT_MAX:  # also false for nan
        raise UsageError(
            f"ROADMAP_LOCK_TIMEOUT={shown(text)} is not a number of seconds "
            f"from 0 to {LOCK_TIMEOUT_MAX:g}"
        )
    return value


class Store:
    def __init__(
        self, path: Path, kind: str = "progress file", cache_dir: Path | None = None
    ) -> None:
        self.path = path
        self.kind = kind  # how messages name the file: the progress file, or one to import
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.parent / "backups"
        self.cache_dir = cache_dir  # where the history's digest is kept; None: nowhere

    # --- reading ----------------------------------------------------------------------------

    def load(self, history: bool = True) -> Progress:
        """The progress on disk; empty progress when there is no file yet.

        `history=False` is for commands that only read the skills' records: the history, most
        of a long-used file, is then neither parsed nor validated, and the result cannot be
        saved.
        """
        from roadmap_cli.models import Progress

        raw = self._read()
        if raw is None:
            return Progress()
        if not history:
            found = self._records_only(raw)
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
        from roadmap_cli.models import Progress

        raw = self._read()
        if raw is None:
            return Progress(), Digest()
        entry = self._digest_entry(raw)
        found = cache.load(entry, Digest.from_json) if entry else None
        records = self._records_only(raw) if found else None
        if found and records:
            return records, found
        progress = self.parse(raw)
        digest = Digest.of(progress.events)
        if entry:
            cache.store(entry, digest.to_json())
        return progress, digest

    def _digest_entry(self, data: bytes) -> Path | None:
        """Where the digest of a file holding `data` is cached; None: it is not kept."""
        from roadmap_cli import cache, digest, models

        if self.cache_dir is None or len(data) < DIGEST_MIN_BYTES:
            return None
        return cache.entry(self.cache_dir, "history", self.path, data, models, digest)

    def _update_digest(
        self, raw: bytes | None, written: bytes, progress: Progress, old: int
    ) -> None:
        """After a save, the digest of the file written: the old file's digest extended by
        the new events when the history was not read, else made from the whole history."""
        from roadmap_cli import cache
        from roadmap_cli.digest import Digest

        entry = self._digest_entry(written)
        if entry is None:
            return
        try:
            if not progress._records_only:
                digest = Digest.of(progress.events)
            else:
                before = self._digest_entry(raw) if raw else None
                digest = cache.load(before, Digest.from_json) if before else None
                if digest is None or not digest.extend(progress.events[old:]):
                    return  # the next `status` reads the history and makes it again
            cache.store(entry, digest.to_json())
        except Exception:  # the change is saved; a digest is only a shortcut
            return

    def _read(self) -> bytes | None:
        """The file's bytes; None when there is no file yet."""
        try:
            return self.read()
        except FileNotFoundError:
            return None

    def read(self) -> bytes:
        """The file's bytes, if it is a regular file of at most MAX_BYTES.

        The limit counts the bytes read, not what `stat` says (a file can grow, and files in
        /proc say 0). Raises FileNotFoundError when there is no file.
        """
        try:
            return read_regular_file(self.path, MAX_BYTES)
        except FileNotFoundError:
            raise
        except _NotRegular as exc:
            raise DataError(f"{self.path}: {self.kind} {exc.args[0]}") from None
        except _TooLarge:
            raise DataError(
                f"{self.path}: {self.kind} is larger than {MAX_BYTES // 2**20} MiB; "
                "refused (left untouched)"
            ) from None
        except OSError as exc:
            raise DataError(f"{self.path}: cannot read {self.kind}: {_reason(exc)}") from None

    def _records_only(self, raw: bytes) -> Progress | None:
        """The records of a file in this version's own layout, or None to take the full path.

        `serialize` writes `{"schema_version":N,"roadmaps":{...},"events":[...]}`. Inside
        JSON strings a quote is escaped, so `,"events":[` can only be that top-level key.
        """
        from pydantic import ValidationError

        from roadmap_cli.models import Progress

        if not _own_layout(raw) or not raw.startswith(_current_header() + b',"roadmaps":'):
            return None
        cut = raw.find(_EVENTS_KEY)
        head = raw if cut < 0 else raw[:cut] + b"}"
        if cut >= 0 and _key_after_an_array(raw, cut + len(_EVENTS_KEY)):
            return None  # a key after the history: maybe a second "roadmaps"
        try:
            found = Progress.model_validate_json(head)
        except ValidationError:
            return None  # the full path explains what is wrong
        if serialize(found) != (head if cut < 0 else head + b"\n"):
            return None  # not as written here (a key given twice?): the full path checks
        found._records_only = cut >= 0  # without a history, nothing was left out
        return found

    def _records_and_last_event(self, raw: bytes) -> Progress | None:
        """The records and the last event (which numbers the next ones), or None.

        Every event `serialize` writes starts with `{"seq":`, which (quotes being escaped in
        strings) can be found nowhere else after the events key.
        """
        from pydantic import ValidationError

        from roadmap_cli.models import Event

        found = self._records_only(raw)
        if found is None or not found._records_only:
            return found
        body = raw.rstrip()
        start = body.rfind(b'{"seq":')
        if start < raw.find(_EVENTS_KEY) or not body.endswith(b"]}"):
            return None
        text = body[start:-2]
        try:
            event = Event.model_validate_json(text)
        except ValidationError:
            return None
        if _dump(event) != text:
            return None  # not as written here (a key given twice?): the full path checks
        found.events.append(event)
        return found

    def parse(self, raw: bytes) -> Progress:
        from pydantic import ValidationError

        from roadmap_cli.models import PROGRESS_SCHEMA_VERSION, Progress

        if _own_layout(raw):
            # The file as this version writes it: validated straight from JSON by
            # pydantic-core, several times faster than json.loads + validate. Anything
            # wrong falls through to the slow path, which explains it. pydantic-core keeps
            # the last of a key given twice; the file is only taken if it is exactly what
            # `serialize` makes of the result, which has each key once.
            try:
                found = Progress.model_validate_json(raw)
            except ValidationError:
                found = None
            if found is not None and serialize(found) == raw:
                return found
        import json  # only here, for files in another layout, and for surrogates below

        try:
            data = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
        except _DuplicateKey as exc:
            raise self._corrupt(f"has the key {exc.args[0]!r} twice in one object") from None
        except UnicodeDecodeError:
            raise self._corrupt("is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise self._corrupt(
                f"is not valid JSON (line {exc.lineno}, column {exc.colno})"
            ) from None
        except RecursionError:
            raise self._corrupt("is nested too deeply to be a progress file") from None
        except ValueError:  # Python's limit on the digits of an integer
            raise self._corrupt("holds a number too long to be read") from None
        if not isinstance(data, dict):
            raise self._corrupt("does not hold a JSON object")
        version = data.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self._corrupt("has no valid schema_version")
        if version > PROGRESS_SCHEMA_VERSION:
            raise DataError(
                f"{self.path}: {self.kind} has schema_version {version}, newer than this "
                f"program knows ({PROGRESS_SCHEMA_VERSION}); upgrade roadmap-tracker"
            )
        try:
            data = migrate(data)
        except (AttributeError, TypeError, KeyError, ValueError):
            raise self._corrupt(f"has a shape schema_version {version} never had") from None
        try:
            return Progress.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "top level"
            raise self._corrupt(f"has a bad value at {where}: {_explain(first)}") from None

    def _corrupt(self, problem: str) -> DataError:
        if self.kind != "progress file":
            return DataError(f"{self.path}: {self.kind} {problem}")
        hint = (
            "'roadmap doctor --restore-backup' puts back the newest backup"
            if self.backups()
            else "no backup exists yet"
        )
        return DataError(f"{self.path}: progress file {problem}; left untouched ({hint})")

    # --- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, history: bool = True) -> Iterator[Progress]:
        """Load under the writers' lock, let the caller change it, save if events were added.

        The caller may change the records and append events; the events already recorded are
        history and stay as they are (the save copies their text rather than re-encoding it).
        With `history=False`, for changes that only append, the progress holds the records
        and only the last event: the history is neither parsed nor validated, as for
        read-only commands, and it is kept byte for byte.
        """
        from roadmap_cli.models import Progress

        with self.locked():
            self.sweep_temp_files()
            raw = self._read()
            progress = None if history or raw is None else self._records_and_last_event(raw)
            if progress is None:
                progress = Progress() if raw is None else self.parse(raw)
            loaded = len(progress.events)
            yield progress
            if len(progress.events) != loaded:
                data = _appended(raw, progress, loaded) if raw else None
                recorded = loaded
                if progress._records_only and loaded:  # events are numbered from 1 on
                    recorded = progress.events[loaded - 1].seq
                written = self.save(progress, previous_events=recorded, data=data)
                self._update_digest(raw, written, progress, loaded)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        timeout = _lock_timeout()  # a bad setting stops before the lock file is made
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"{self.lock_path}: cannot open lock file: {_reason(exc)}") from None
        try:
            _acquire(fd, self.lock_path, timeout)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def save(
        self, progress: Progress, previous_events: int | None = None, data: bytes | None = None
    ) -> bytes:
        """Write atomically (temp file, fsync, rename, fsync), backing up the file replaced.

        Call with the writers' lock held. `data`, when given, is `serialize(progress)` already
        made (see `_appended`). Returns the bytes written. With `previous_events` the
        current file is kept in backups/ (named by that count): linked only once the new
        file is written out, unlinked again if the rename fails, and old backups pruned
        only after the save succeeded, so a failing disk never costs a backup nor leaves
        one that is the live file under another name.
        """
        if data is None:
            if progress._records_only:
                raise RuntimeError("progress loaded without its history cannot be saved whole")
            data = serialize(progress)
        made: list[Path] = []

        def back_up() -> None:
            if previous_events is not None and self.path.exists():
                made.extend(self._backup(previous_events))

        try:
            atomic_write(self.path, data, before_replace=back_up)
        except OSError as exc:
            for backup in made:
                with contextlib.suppress(OSError):
                    backup.unlink()
            raise StoreError(
                f"{self.path}: could not save progress ({_reason(exc)}); nothing was changed"
            ) from None
        if made:
            self._prune()
        return data

    def sweep_temp_files(self) -> None:
        """Remove temporary files of writers that died mid-write (call with the lock held).

        A symlinked progress file is written beside its target, in a folder the lock does
        not guard: there only the stale ones go.
        """
        for stray in self.path.parent.glob(f"{TEMP_PREFIX}*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()
        if self.path.is_symlink():
            sweep_stale(Path(os.path.realpath(self.path)).parent, f"{TEMP_PREFIX}*.tmp")

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
        with self.locked():
            for candidate in self.backups():
                source = Store(candidate, kind="backup")
                try:
                    raw = source.read()
                    restored = source.parse(raw)
                except (OSError, DataError):
                    continue
                break
            else:
                raise DataError(f"{self.backup_dir}: no usable backup to restore")
            current = self._read()  # one that cannot even be read is not replaced
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
            self.save(restored, previous_events=events, data=raw)
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
            atomic_write(kept, current)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: could not restore ({_reason(exc)}); nothing was changed"
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


_TIME_FIELDS = {"at", "started", "finished", "added"}


def _explain(error: Any) -> str:
    """What is wrong with a value: our words for our own rules, pydantic's for the rest."""
    field = error["loc"][-1] if error["loc"] else None
    if field in _TIME_FIELDS and error["type"] in {"greater_than_equal", "less_than"}:
        return "a time before 1970 or after 8999 (UTC)"
    if field in _TIME_FIELDS and error["type"] == "timezone_aware":
        return "a time without its time zone (such as Z or +02:00)"
    if field == "url" and error["type"] in {"string_pattern_mismatch", "string_too_long"}:
        return "not an http(s) link (the only links kept)"
    return str(error["msg"])


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


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects as dicts, refusing a key given twice (json.loads would keep the last)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return found


def _own_layout(raw: bytes) -> bool:
    """Whether `raw` looks as `serialize` writes it: the current version, stated once, whole.

    Such files take the fast paths; anything else is read by json.loads, which explains
    what is wrong (a file cut short, a key given twice).
    """
    header = _current_header()
    return (
        (raw.startswith(header + b",") or raw.startswith(header + b"}"))
        and raw.count(b'"schema_version"') == 1
        and raw.rstrip().endswith(b"}")
    )


def _current_header() -> bytes:
    from roadmap_cli.models import PROGRESS_SCHEMA_VERSION

    return _header(PROGRESS_SCHEMA_VERSION)


def _header(version: int) -> bytes:
    """How every file `serialize` writes begins: `schema_version` first."""
    return b'{"schema_version":%d' % version


def serialize(progress: Progress) -> bytes:
    """Compact JSON, defaults left out, `schema_version` always first."""
    body = _dump(progress)
    head = _header(progress.schema_version)
    return head + (b"}" if body == b"{}" else b"," + body[1:]) + b"\n"


def _dump(model: BaseModel, exclude: set[str] | None = None) -> bytes:
    """One model as compact JSON, defaults left out."""
    from pydantic_core import PydanticSerializationError

    try:
        return model.model_dump_json(exclude_defaults=True, exclude=exclude).encode("utf-8")
    except PydanticSerializationError:
        import json

        # Text that is not valid Unicode (a lone surrogate, from a bad terminal or a file)
        # cannot be UTF-8. It can only be inside a JSON string, where the \udc80-style escape
        # that backslashreplace writes is JSON's own, and loads back as it was.
        doc = model.model_dump(mode="json", exclude_defaults=True, exclude=exclude)
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace")


_EVENTS_KEY = b',"events":['


def _appended(raw: bytes, progress: Progress, previous: int) -> bytes | None:
    """`serialize(progress)`, made by copying the text of the events `raw` already holds.

    Re-encoding a long history costs more than everything else a change does. `progress`
    was parsed from `raw` and has had events appended (never changed: see `transaction`).
    Only for a file in this version's own layout, where `_records_only` explains why the
    key is found safely; None otherwise.
    """
    body = raw.rstrip()
    cut = body.find(_EVENTS_KEY)
    if not previous or cut < 0 or not _own_layout(raw) or not body.endswith(b"]}"):
        return None
    records = _dump(progress, exclude={"schema_version", "events"})
    head = _header(progress.schema_version)
    if records != b"{}":
        head += b"," + records[1:-1]
    added = b",".join(_dump(event) for event in progress.events[previous:])
    return head + body[cut:-2] + b"," + added + b"]}\n"


def _links_become_records(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept a skill's links as bare URLs; schema 2 records when each was added."""

    def upgrade(record: dict[str, Any]) -> None:
        if isinstance(record, dict) and isinstance(record.get("links"), list):
            record["links"] = [
                {"url": link} if isinstance(link, str) else link for link in record["links"]
            ]

    for tracks in (data.get("roadmaps") or {}).values():
        for skills in (tracks or {}).values() if isinstance(tracks, dict) else ():
            for record in (skills or {}).values() if isinstance(skills, dict) else ():
                upgrade(record)
    for event in data.get("events") or ():
        if isinstance(event, dict):
            upgrade(event.get("before"))
    return {**data, "schema_version": 2}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _links_become_records}
"""schema_version N -> function turning a version-N document into version N+1."""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    from roadmap_cli.models import PROGRESS_SCHEMA_VERSION

    while data["schema_version"] < PROGRESS_SCHEMA_VERSION:
        data = MIGRATIONS[data["schema_version"]](data)
    return data


def atomic_write(
    path: Path,
    data: bytes,
    prefix: str = TEMP_PREFIX,
    make_dirs: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace `path` with `data` whole or not at all, even if the process dies midway.

    Only a regular file is replaced. A symlink stays a symlink: the file it points to is
    replaced, beside itself. A device, a FIFO or a terminal (`/dev/null`, `/dev/stdout`)
    cannot be replaced, nor should it be: it is written through. `before_replace` runs once
    the data is safely in the temporary file, just before the rename.
    Only the progress file's writers use TEMP_PREFIX: its strays are swept under the lock.
    """
    import stat
    import tempfile

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file (or a symlink to one still to be made)
    if mode is not None and (not stat.S_ISREG(mode) or _names_a_descriptor(path)):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        # Appending: through /dev/stdout, a file the shell opened with `>>` keeps its text.
        with path.open("ab") as handle:
            handle.write(data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if make_dirs:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)  # noqa: PTH105 - atomic on POSIX and Windows; one patch point
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    _fsync_dir(path.parent)


def _names_a_descriptor(path: Path) -> bool:
    """Whether `path` is, or links through, an open descriptor (`/dev/stdout`, `/dev/fd/N`,
    `/proc/self/fd/N`): the file the shell opened for us, written through even when it is a
    regular file, never replaced."""
    seen = path
    for _ in range(40):  # the kernel's own limit on a chain of links
        if str(seen).startswith(("/proc/", "/dev/fd/", "/dev/std")):
            return True
        try:
            seen = seen.parent / seen.readlink()
        except OSError:
            return False
    return False


def write_export(path: Path, data: bytes) -> None:
    """Write an export to `path` (see `atomic_write`), first sweeping the temporary files
    that earlier exports to this folder left when they were killed."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    sweep_stale(target.parent, f".*{EXPORT_TEMP}*.tmp")
    atomic_write(path, data, prefix=f".{target.name}{EXPORT_TEMP}", make_dirs=False)


def sweep_stale(folder: Path, pattern: str, age: float = STALE_AFTER) -> None:
    """Remove regular files in `folder` matching `pattern` untouched for `age` seconds.

    For temporary files of writers killed mid-write, in folders no lock guards (exports, the
    cache): a live writer's temporary file is seconds old at most. Patterns must name only
    files this program makes (a fixed, unusual infix, a `.tmp` suffix).
    """
    import stat

    now = time.time()
    try:
        strays = list(folder.glob(pattern))
    except OSError:
        return
    for stray in strays:
        with contextlib.suppress(OSError):
            info = stray.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > age:
                stray.unlink()


class _NotRegular(OSError):
    pass


class _TooLarge(OSError):
    pass


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO would wait for a writer), checked on the open
    descriptor, and read to at most `limit + 1` bytes: a device or a file that keeps
    growing never fills the memory.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _NotRegular("is a folder, not a file")
        raise _NotRegular("is not a regular file (a device, a FIFO or a socket)")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _TooLarge(path)
    return data


def _key_after_an_array(raw: bytes, start: int) -> bool:
    """Whether an array in `raw` after `start` is followed by another key (`], "key"`).

    The history as `serialize` writes it has no such place (an array is always the last
    value of its object, and inside a string a quote is escaped), so one found is a key
    after the history: a top-level key given twice, say.
    """
    import re

    return re.compile(rb'\]\s*,\s*"').search(raw, start) is not None


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the rename is already done
    finally:
        os.close(fd)


def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            _try_lock(fd)
            return
        except BlockingIOError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
                raise StoreError(f"{lock_path}: cannot lock: {_reason(exc)}") from None
        if time.monotonic() >= deadline:
            raise StoreError(
                f"{lock_path}: another roadmap process has held the lock for {timeout:g}s; "
                "nothing was changed (try again)"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
