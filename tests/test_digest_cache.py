"""The history digest's cache entry: data checked whole when read, never code.

Anything in the entry that `Digest.to_json` would not have written is a silent miss: the
history is read whole, the digest made again and the entry rewritten.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import changes
from roadmap_cli.digest import Digest
from roadmap_cli.records import Progress
from roadmap_cli.store import Store
from test_cache import Planted
from test_store import RID, TRACK, at, digest_shape, rich_progress


@pytest.fixture
def cached_store(progress_file: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    from roadmap_cli import store as store_module

    monkeypatch.setattr(store_module, "DIGEST_MIN_BYTES", 0)  # these files are small
    store = Store(progress_file, cache_dir=progress_file.parent / "cache")
    store.save(rich_progress())
    store.digest()  # writes the entry
    return store


def the_entry(store: Store) -> Path:
    assert store.cache_dir is not None
    (entry,) = store.cache_dir.glob("history-*")  # whatever its format, there is one
    return entry


def expected_shape(store: Store) -> object:
    return digest_shape(Digest.of(store.load().events))


def served_whole(store: Store, good: bytes) -> bool:
    """Whether `digest()` served the right digest and wrote the good entry back."""
    records, digest = store.digest()
    entry = the_entry(store)
    return (
        digest_shape(digest) == expected_shape(store)
        and records.roadmaps == store.load().roadmaps
        and entry.read_bytes() == good
    )


def test_the_digest_round_trips_through_its_entry(cached_store: Store) -> None:
    made = Digest.of(cached_store.load().events)
    assert digest_shape(Digest.from_json(made.to_json())) == digest_shape(made)
    _, cached = cached_store.digest()
    assert digest_shape(cached) == digest_shape(made)
    assert Digest.from_json(Digest().to_json()).tracks == {}


def test_a_planted_pickle_runs_nothing(cached_store: Store, tmp_path: Path) -> None:
    entry = the_entry(cached_store)
    good = entry.read_bytes()
    marker = tmp_path / "planted-code-ran"
    hostile = pickle.dumps(Planted(marker))
    entry.write_bytes(hostile)
    earlier = entry.with_suffix(".pickle")  # as an earlier version named it
    earlier.write_bytes(hostile)
    assert served_whole(cached_store, good)
    header = good.split(b"\n", 1)[0] + b"\n"
    entry.write_bytes(header + hostile)
    assert served_whole(cached_store, good)
    assert not marker.exists()
    assert not earlier.exists() or earlier == entry  # swept when the entry was written


def test_a_torn_entry_is_a_silent_miss(cached_store: Store) -> None:
    entry = the_entry(cached_store)
    good = entry.read_bytes()
    for cut in (0, 1, len(good) // 2, len(good) - 1):
        entry.write_bytes(good[:cut])
        assert served_whole(cached_store, good), cut


def _set(items: list[Any], at: int, value: object) -> None:
    items[at] = value


def track(doc: dict[str, Any]) -> list[Any]:
    return doc["tracks"][0]


def event(doc: dict[str, Any]) -> dict[str, Any]:
    return track(doc)[2][0]


def roadmap(doc: dict[str, Any]) -> list[Any]:
    return doc["roadmaps"][0]


# Each changes the entry's document in place into something `Digest.to_json` never writes.
WRONG_SHAPES = {
    "a key more": lambda doc: doc.update(more=1),
    "a key less": lambda doc: doc.pop("tracks"),
    "a time as text": lambda doc: doc["progress_times"].append("soon"),
    "a time as a flag": lambda doc: doc["progress_times"].append(True),
    "times out of order": lambda doc: doc["progress_times"].reverse(),
    "a track as a dict": lambda doc: doc["tracks"].append({"roadmap": RID}),
    "a short track": lambda doc: track(doc).pop(),
    "a track twice": lambda doc: doc["tracks"].append(list(track(doc))),
    "a number as a track id": lambda doc: _set(track(doc), 1, 7),
    "a short roadmap": lambda doc: roadmap(doc).pop(),
    "a roadmap twice": lambda doc: doc["roadmaps"].append(list(roadmap(doc))),
    "first as text": lambda doc: _set(roadmap(doc), 1, "never"),
    "completions as a list": lambda doc: _set(roadmap(doc), 2, {"sql": [1.0]}),
    "a completion as text": lambda doc: _set(roadmap(doc), 2, {"sql": "soon"}),
    "a session of no minutes": lambda doc: _set(roadmap(doc), 3, {"sql": [[1.0, 0]]}),
    "a session without minutes": lambda doc: _set(roadmap(doc), 3, {"sql": [[1.0]]}),
    "too many recent events": lambda doc: track(doc)[2].extend([event(doc)] * 6),
    "an event of another track": lambda doc: event(doc).update(track="other"),
    "an event with a bad action": lambda doc: event(doc).update(action="explode"),
    "an event with a field more": lambda doc: event(doc).update(extra=1),
}


@pytest.mark.parametrize("how", sorted(WRONG_SHAPES))
def test_an_entry_of_the_wrong_shape_is_a_silent_miss(cached_store: Store, how: str) -> None:
    entry = the_entry(cached_store)
    good = entry.read_bytes()
    header, body = good.split(b"\n", 1)
    doc = json.loads(body)
    assert len(doc["progress_times"]) > 1
    WRONG_SHAPES[how](doc)
    bad = json.dumps(doc).encode()
    entry.write_bytes(header + b"\n" + bad)
    assert served_whole(cached_store, good)


@pytest.mark.parametrize(
    "body",
    [
        b"null",
        b"[]",
        b"{}",
        b"NaN",
        b'{"progress_times":[NaN],"roadmaps":[],"tracks":[]}',
        b'{"progress_times":[1.0,1e999],"roadmaps":[],"tracks":[]}',
        b'{"progress_times":[-1e999,1.0],"roadmaps":[],"tracks":[]}',
        b'{"progress_times":[1],"roadmaps":[],"tracks":[]}',
        b'{"progress_times":[],"roadmaps":[["bundled",1e999,{},{}]],"tracks":[]}',
        b'{"progress_times":[],"roadmaps":[["bundled",1.0,{"x":1e999},{}]],"tracks":[]}',
        b'{"progress_times":[],"roadmaps":[["bundled",1.0,{"x":1e308,"y":1e308},{}]],"tracks":[]}',
        b'{"progress_times":[],"roadmaps":[["bundled",1.0,{},{"x":[[1e999,5]]}]],"tracks":[]}',
    ],
)
def test_an_entry_that_is_not_a_digest_is_a_silent_miss(cached_store: Store, body: bytes) -> None:
    entry = the_entry(cached_store)
    good = entry.read_bytes()
    entry.write_bytes(good.split(b"\n", 1)[0] + b"\n" + body)
    assert served_whole(cached_store, good)


def test_an_entry_for_another_file_is_a_silent_miss(
    cached_store: Store, progress_file: Path
) -> None:
    mine = the_entry(cached_store)
    good = mine.read_bytes()
    other = Store(progress_file.with_name("other.json"), cache_dir=cached_store.cache_dir)
    busy = Progress()
    changes.apply(busy, RID, TRACK, ["sql"], "done", at(9))
    other.save(busy)
    other.digest()
    (theirs,) = {*mine.parent.glob("history-*")} - {mine}
    mine.write_bytes(theirs.read_bytes())  # a sound digest, of another file
    _, digest = cached_store.digest()
    assert digest_shape(digest) == expected_shape(cached_store)
    assert mine.read_bytes() == good


def test_a_change_after_a_bad_entry_leaves_the_next_read_whole(cached_store: Store) -> None:
    entry = the_entry(cached_store)
    header = entry.read_bytes().split(b"\n", 1)[0]
    entry.write_bytes(header + b"\n[]")
    with cached_store.transaction(history=False) as progress:
        changes.apply(progress, RID, TRACK, ["sql"], "done", at(8))
    # The bad entry could not be extended: none is written, and the next read makes it whole.
    _, digest = cached_store.digest()
    assert digest_shape(digest) == expected_shape(cached_store)
