"""Entries in the user cache folder: data derived from a file, named by a hash of its source.

An entry is only ever a shortcut, and the folder may be shared or synced, so an entry is data
(JSON, checked by its reader) whose loading cannot run code. One that is missing, stale, torn,
foreign or of the wrong shape is a miss, rebuilt without a word; one that cannot be written
is skipped until the next run.
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # no `typing` at run time: Tab completion reads entries too
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import TypeVar

    T = TypeVar("T")

SUFFIX = ".json"
TEMP_PREFIX, TEMP_SUFFIX = ".cache-", ".tmp"
# A temporary file this old was left by a killed run (a write takes milliseconds).
STALE_TEMP_SECONDS = 10 * 60
# Larger than any entry a valid source makes (a roadmap is at most 16 MiB of YAML): read no more.
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def entry(folder: Path, kind: str, source: Path, data: bytes, *modules: ModuleType | str) -> Path:
    """The entry for `data` read from `source`: `<kind>-<source tag>-<key>.json`.

    The key changes with `data`, the program's version, the source files of `modules` (the
    models that read the entry; a module of this package may be given by its name, so that
    it need not be imported) and the Python and Pydantic versions. Each source file keeps
    its own entry; `store` replaces the older one. The name is also written inside the entry
    (see `store`), so an entry copied or renamed from another is a miss.
    """
    import hashlib
    import sys

    from roadmap_cli import __version__

    here = Path(__file__).parent
    tag = hashlib.blake2b(str(source.resolve()).encode(), digest_size=6).hexdigest()
    files = [
        here / f"{module}.py" if isinstance(module, str) else Path(str(module.__file__))
        for module in modules
    ]
    code = "|".join(f"{stat.st_mtime_ns}:{stat.st_size}" for stat in map(Path.stat, files))
    salt = f"{__version__}|{code}|{pydantic_stamp()}|{sys.version_info[:2]}"
    key = hashlib.sha256(salt.encode() + b"\0")
    key.update(data)  # not concatenated: a long history would be copied first
    return folder / f"{kind}-{tag}-{key.hexdigest()[:32]}{SUFFIX}"


def pydantic_stamp() -> str:
    """Pydantic's installed version, found without importing it (which costs more than most
    commands' own work): its `version.py` (which holds VERSION), found as an import finds it,
    by its time and a hash of its text. A new install is a new stamp, so every entry misses
    once (rebuilt without a word)."""
    import hashlib
    import importlib.util

    try:
        spec = importlib.util.find_spec("pydantic")
        if spec is None or spec.origin is None:
            return "none"
        version = Path(spec.origin).with_name("version.py")
        stat, text = version.stat(), version.read_bytes()
    except (ImportError, ValueError, OSError):
        return "none"
    return f"{stat.st_mtime_ns}:{hashlib.blake2b(text, digest_size=8).hexdigest()}"


def load(path: Path, parse: Callable[[bytes], T]) -> T | None:
    """`parse` of the entry's data if the entry is there, whole and its own; None otherwise.

    `parse` checks the data completely (a Pydantic model's `model_validate_json`, say) and
    raises on anything it would not have written.
    """
    from roadmap_cli.fsutil import read_regular_file

    try:  # a FIFO or a device planted as the entry is refused, without waiting on it
        raw = read_regular_file(path, MAX_ENTRY_BYTES)
    except OSError:  # missing, not a regular file, too large: not an entry we wrote
        return None
    header = _header(path)
    if not raw.startswith(header):
        return None
    try:
        return parse(raw[len(header) :])
    except Exception:  # torn, foreign or tampered: only a cache, rebuilt by the caller
        return None


def store(path: Path, data: bytes) -> None:
    """Write the entry atomically; remove the source's older entries and any litter."""
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep(path)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_header(path))
                handle.write(data)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # no cache this time; the next run tries again


def _header(path: Path) -> bytes:
    """The first line of an entry: its own name, which holds the key."""
    return path.name.encode() + b"\n"


def _sweep(path: Path) -> None:
    """Remove the older entries of `path`'s source, the pickles of earlier versions (never
    read, and unsafe to read) and temporary files left by killed runs."""
    import contextlib

    from roadmap_cli.fsutil import sweep_stale

    folder = path.parent
    older = folder.glob(path.name.rsplit("-", 1)[0] + "-*" + SUFFIX)
    for found in [*older, *folder.glob("*-*-*.pickle")]:
        with contextlib.suppress(OSError):
            found.unlink()
    sweep_stale(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX, age=STALE_TEMP_SECONDS)
