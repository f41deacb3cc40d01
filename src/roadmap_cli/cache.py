"""Entries in the user cache folder: data derived from a file, named by a hash of its source.

An entry is only ever a shortcut. One that is missing, stale, torn or foreign is rebuilt
without a word, and one that cannot be written is skipped until the next run.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")


def entry(folder: Path, kind: str, source: Path, data: bytes, *modules: ModuleType) -> Path:
    """The entry for `data` read from `source`: `<kind>-<source tag>-<key>.pickle`.

    The key changes with `data`, the program's version, the source code of `modules` (whose
    objects the entry holds) and the Python and Pydantic versions. Each source file keeps
    its own entry; `store` replaces the older one.
    """
    import hashlib
    import sys

    import pydantic

    from roadmap_cli import __version__

    tag = hashlib.blake2b(str(source.resolve()).encode(), digest_size=6).hexdigest()
    code = "|".join(
        f"{stat.st_mtime_ns}:{stat.st_size}"
        for stat in (Path(str(module.__file__)).stat() for module in modules)
    )
    salt = f"{__version__}|{code}|{pydantic.VERSION}|{sys.version_info[:2]}"
    key = hashlib.sha256(salt.encode() + b"\0")
    key.update(data)  # not concatenated: a long history would be copied first
    return folder / f"{kind}-{tag}-{key.hexdigest()[:32]}.pickle"


def load(path: Path, kind: type[T]) -> T | None:
    """The entry's object if it is there, whole and a `kind`; None otherwise."""
    import pickle

    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
    except Exception:  # missing, torn or foreign: only a cache, rebuilt by the caller
        return None
    return found if isinstance(found, kind) else None


def store(path: Path, value: object) -> None:
    """Write the entry atomically, replacing the source's older entries."""
    import contextlib
    import os
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.pickle"):
            with contextlib.suppress(OSError):
                stale.unlink()
        fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
    except OSError:
        pass  # no cache this time; the next run tries again
