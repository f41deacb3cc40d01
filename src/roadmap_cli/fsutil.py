"""Filesystem helpers: atomic writes, reading a regular file within a limit, sweeping the
temporary files of killed writers, and the writers' lock."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from roadmap_cli.errors import StoreError, UsageError, shown

LOCK_TIMEOUT = 5.0
LOCK_TIMEOUT_MAX = 3600.0
STALE_AFTER = 60.0  # seconds: a temporary file this old has lost its writer
# Temporary files of `export -o`: `.<name>.roadmap-export-<random>.tmp`, beside the output.
EXPORT_TEMP = ".roadmap-export-"


def lock_timeout() -> float:
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


def atomic_write(
    path: Path,
    data: bytes | Sequence[bytes | memoryview],
    prefix: str = ".tmp-",
    make_dirs: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace `path` with `data` whole or not at all, even if the process dies midway.

    Only a regular file is replaced. A symlink stays a symlink: the file it points to is
    replaced, beside itself. A device, a FIFO or a terminal (`/dev/null`, `/dev/stdout`)
    cannot be replaced, nor should it be: it is written through. `before_replace` runs once
    the data is safely in the temporary file, just before the rename. `data` may come in
    parts, written one after the other (no copy of a long text joined first).
    Only the progress file's writers use TEMP_PREFIX: its strays are swept under the lock.
    """
    import stat
    import tempfile

    parts = (data,) if isinstance(data, bytes) else data
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file (or a symlink to one still to be made)
    if mode is not None and (not stat.S_ISREG(mode) or _names_a_descriptor(path)):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        # Appending: through /dev/stdout, a file the shell opened with `>>` keeps its text.
        with path.open("ab") as handle:
            for part in parts:
                handle.write(part)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if make_dirs:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
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


class NotRegular(OSError):
    pass


class TooLarge(OSError):
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
            raise NotRegular("is a folder, not a file")
        raise NotRegular("is not a regular file (a device, a FIFO or a socket)")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path)
    return data


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


@contextlib.contextmanager
def lock(lock_path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on `lock_path` (made if missing, never deleted).

    Writers lock a separate, permanent file, never the data file: a replace swaps the data
    file's inode, and a lock on the old inode stops excluding anyone. The kernel drops the
    lock when its holder dies, so a killed process never leaves a stale lock behind. `wait`:
    at most this long, whatever the setting (which is still checked).
    """
    timeout = lock_timeout()  # a bad setting stops before the lock file is made
    timeout = timeout if wait is None else min(wait, timeout)
    try:
        lock_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{lock_path}: cannot open lock file: {reason(exc)}") from None
    try:
        _acquire(fd, lock_path, timeout)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


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
                raise StoreError(f"{lock_path}: cannot lock: {reason(exc)}") from None
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


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
