"""The fast route's entries in the cache folder: where each is kept, keyed by what it depends
on, and kept by the full route (the plain forms themselves are `plaindata`'s).

The roadmap's entry is keyed by the roadmap file's bytes; the progress's by the progress
file's bytes and what the adoption of renamed skills takes of the roadmap; the history's
digest by the progress file's bytes. Every key also changes with the program: its version,
the source files of the modules that make an entry (`SOURCES`) and Python's version. The full
route keeps them where it reads or saves those files; a change keeps those of the file it
saved (the digest of the file before, extended by the new events); an undo, those the full
route would keep reading the file it saved (see `undoing`).
"""

from __future__ import annotations

from roadmap_cli import plaindata

TYPE_CHECKING = False  # `typing` itself takes a few milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from roadmap_cli.digest import Digest
    from roadmap_cli.fileformat import Spliced
    from roadmap_cli.records import Progress

# The modules whose code decides what an entry holds: a change to any is a new key.
SOURCES = (
    "plaincache",
    "plaindata",
    "plainprogress",
    "modelcore",
    "models",
    "records",
    "references",
    "texts",
    "changes",
    "digest",
)


def entry(folder: Path, kind: str, source: Path, *data: bytes | Spliced) -> Path:
    """The entry of `data` (the source's bytes, and what else the entry depends on) in the
    cache folder, named as `cache.entry` names its own: the key changes with the program's
    version, the source files of the modules that make an entry (`SOURCES`) and Python's
    version."""
    return entries(folder, (kind,), source, *data)[0]


def entries(
    folder: Path, kinds: tuple[str, ...], source: Path, *data: bytes | Spliced
) -> list[Path]:
    """The entries of each kind of `data` (see `entry`), its key made once."""
    import hashlib
    import sys
    from pathlib import Path

    from roadmap_cli import __version__, cache

    here = Path(__file__).parent
    tag = hashlib.blake2b(str(source.resolve()).encode(), digest_size=6).hexdigest()
    code = "|".join(
        f"{stat.st_mtime_ns}:{stat.st_size}"
        for stat in ((here / f"{name}.py").stat() for name in SOURCES)
    )
    salt = f"{plaindata.FORMAT}|{__version__}|{code}|{sys.version_info[:2]}"
    key = hashlib.sha256(salt.encode() + b"\0")
    for part in data:
        inner = hashlib.sha256()
        # A file just written may be a splice of the one read (see `fileformat.Spliced`):
        # hashed piece by piece, as the joined bytes would be.
        for piece in part.parts() if hasattr(part, "parts") else (part,):
            inner.update(piece)
        key.update(inner.digest())
    return [folder / f"{kind}-{tag}-{key.hexdigest()[:32]}{cache.SUFFIX}" for kind in kinds]


def adoption(roadmap: Any) -> bytes:
    """What `changes.adopt_renames` takes of the roadmap: a progress entry is keyed by it.
    Made once for the roadmap at hand (a change reads its entry, then keeps the next)."""
    if _adoption and _adoption[0][0] is roadmap:
        return _adoption[0][1]
    known = sorted({sid for track in roadmap.tracks for sid in track.skill_by_id})
    renames = [track.renames for track in roadmap.tracks]
    import json

    found = json.dumps([roadmap.id, known, renames]).encode()
    _adoption[:] = [(roadmap, found)]
    return found


_adoption: list[tuple[Any, bytes]] = []  # the last roadmap's


def keep(path: Path, data: Callable[[], bytes]) -> None:
    """Write the entry `path` unless it is there (`data` makes its content)."""
    from roadmap_cli import cache

    if not path.is_file():
        cache.store(path, data())


def keep_progress(
    store: Any,
    roadmap: Any,
    progress: Progress,
    digest: Digest | None = None,
    before: bytes | None = None,
    loaded: int | None = None,
) -> None:
    """Keep the plain form of the progress `store` last read or saved (`Store.last_read`),
    and of its history's `digest`. After a change (`loaded`: the events before it; `before`:
    the file's bytes then), the digest kept for the file before, extended by the new events.
    """
    raw, folder = getattr(store, "last_read", None), store.cache_dir
    if raw is None or folder is None:
        return
    try:
        _keep_progress(store, roadmap, progress, digest, before, loaded)
    except Exception:  # the command's work is done; an entry is only a shortcut
        return


def _keep_progress(
    store: Any,
    roadmap: Any,
    progress: Progress,
    digest: Digest | None,
    before: bytes | None,
    loaded: int | None,
) -> None:
    raw, folder = store.last_read, store.cache_dir
    path = entry(folder, "plain-progress", store.path, raw, adoption(roadmap))
    from roadmap_cli import plainprogress

    keep(path, lambda: plainprogress.progress_data(progress, roadmap.id))
    if loaded is not None:
        from roadmap_cli.digest import Digest

        digest = Digest() if before is None else load_digest(store, before)
        if digest is None or not digest.extend(progress.events[loaded:]):
            return  # undo events (`undoing` keeps an undo's own): the next `status` makes it
    if digest is not None:
        keep(entry(folder, "plain-digest", store.path, raw), digest.to_json)


def kept(store: Any, kind: str, raw: bytes, *data: bytes) -> bool:
    """Whether the entry of `kind` for these very bytes (and `data`) is there, whole and its
    own, its data unread: what the full route keeps of a file it validated says so."""
    from roadmap_cli import cache

    if store.cache_dir is None:
        return False
    return cache.load(entry(store.cache_dir, kind, store.path, raw, *data), bool) is not None


def validated(store: Any, raw: bytes) -> bool:
    """Whether the entries kept beside the file say that the full route validated these very
    bytes whole: a long history's digest or its mark (`historycache`), under the key its index
    is kept by (one hash of the file for all), else the plain digest (`plaincache`). Each is
    kept only for a history validated whole, or made of such a history and changes."""
    if store.cache_dir is None:
        return False
    if store.caches.entry(raw) is not None:
        return store.caches.validated(raw)
    return kept(store, "plain-digest", raw)


def load_digest(store: Any, raw: bytes) -> Digest | None:
    """The digest kept for the progress file holding `raw`, its events in plain form."""
    from roadmap_cli import cache
    from roadmap_cli.digest import Digest

    path = entry(store.cache_dir, "plain-digest", store.path, raw)
    return cache.load(path, lambda data: Digest.from_json(data, event=plaindata.event_from))
