"""The validated-roadmap cache: used when fresh, rebuilt when the file changes or is damaged.

The cache folder may be synced or shared, so its entries are treated as hostile: nothing read
from there may run code, and anything the program would not have written is a silent miss.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roadmap_cli import catalog


@pytest.fixture
def roadmap_file(tmp_path: Path, small_roadmap_text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(small_roadmap_text, encoding="utf-8")
    return path


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("roadmap-*.json"))


def test_first_load_writes_the_cache_and_the_second_parses_no_yaml(
    roadmap_file: Path, roadmap_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)

    def no_parsing(*args: object) -> None:
        raise AssertionError("YAML parsed despite a fresh cache")

    monkeypatch.setattr(catalog, "parse_yaml", no_parsing)
    again = catalog.load_roadmap(roadmap_file)
    assert again == first
    assert again.track("basics").phases_of["pandas"][1].id == "data"  # indexes came along
    assert cache_files(roadmap_home) == [entry]


def test_cache_is_rebuilt_when_the_file_changes(roadmap_file: Path, roadmap_home: Path) -> None:
    catalog.load_roadmap(roadmap_file)
    (old,) = cache_files(roadmap_home)
    text = roadmap_file.read_text(encoding="utf-8").replace("title: Basics", "title: Renamed")
    roadmap_file.write_text(text, encoding="utf-8")
    assert catalog.load_roadmap(roadmap_file).track("basics").title == "Renamed"
    (new,) = cache_files(roadmap_home)
    assert new != old  # the stale entry is gone, the fresh one written


def test_an_invalid_edit_is_reported_not_served_from_cache(roadmap_file: Path) -> None:
    catalog.load_roadmap(roadmap_file)
    roadmap_file.write_text(roadmap_file.read_text("utf-8").replace("title: Data", "title: ''"))
    with pytest.raises(catalog.DataError, match=r"phases\[data\]\.title"):
        catalog.load_roadmap(roadmap_file)


@pytest.mark.parametrize("damage", [b"", b"not json", b"\x80\x05garbage"])
def test_a_damaged_cache_is_rebuilt_silently(
    roadmap_file: Path, roadmap_home: Path, damage: bytes
) -> None:
    expected = catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    entry.write_bytes(damage)
    assert catalog.load_roadmap(roadmap_file) == expected
    assert entry.read_bytes() != damage


def test_two_roadmaps_keep_their_own_cache_entries(roadmap_file: Path, roadmap_home: Path) -> None:
    catalog.load_roadmap(roadmap_file)
    catalog.load_roadmap()  # the bundled one
    assert len(cache_files(roadmap_home)) == 2
    catalog.load_roadmap(roadmap_file)
    assert len(cache_files(roadmap_home)) == 2


def test_validate_leaves_no_cache(roadmap_file: Path, roadmap_home: Path) -> None:
    catalog.load_roadmap(roadmap_file, cache=False)
    assert cache_files(roadmap_home) == []


class Planted:
    """Unpickling this creates `marker`: what a hostile pickle could do, made harmless."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def test_a_planted_pickle_in_the_cache_runs_nothing(run, roadmap_home: Path) -> None:
    expected = run("list")
    assert expected.exit_code == 0
    marker = roadmap_home.parent / "planted-code-ran"
    hostile = pickle.dumps(Planted(marker))
    folder = roadmap_home / "cache"
    names = [p.name for p in folder.iterdir()]
    assert names  # the bundled roadmap's entry, at least
    for name in names:  # every entry, under its own name and as an earlier version's pickle
        (folder / name).write_bytes(hostile)
        (folder / (name.rsplit(".", 1)[0] + ".pickle")).write_bytes(hostile)
    for args in (["list"], ["status"], ["next"], ["show", "pandas"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert not marker.exists(), args
    assert run("list").stdout == expected.stdout
    assert not list(folder.glob("*.pickle"))  # swept when the entry was written again


def test_tab_completion_runs_no_planted_pickle(roadmap_home: Path) -> None:
    """Completion runs in a real shell process on every Tab press: the case to guard most."""
    env = {
        **os.environ,
        "_ROADMAP_COMPLETE": "complete_bash",
        "COMP_WORDS": "roadmap done pan",
        "COMP_CWORD": "2",
    }

    def complete() -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "roadmap_cli"]
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)

    first = complete()
    assert first.returncode == 0 and "pandas" in first.stdout.split(), first.stderr
    marker = roadmap_home.parent / "planted-code-ran"
    for entry in (roadmap_home / "cache").glob("roadmap-*"):
        entry.write_bytes(pickle.dumps(Planted(marker)))
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(Planted(marker)))
    again = complete()
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")
    assert not marker.exists()


def test_a_planted_entry_is_read_as_data_only(
    roadmap_file: Path, roadmap_home: Path, tmp_path: Path
) -> None:
    expected = catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    marker = tmp_path / "planted-code-ran"
    header = entry.read_bytes().split(b"\n", 1)[0] + b"\n"
    entry.write_bytes(header + pickle.dumps(Planted(marker)))
    assert catalog.load_roadmap(roadmap_file) == expected
    assert not marker.exists()


def rebuilt(entry: Path, good: bytes, roadmap_file: Path) -> bool:
    """Whether loading `roadmap_file` with `entry` holding something else served the file."""
    expected = catalog.load_roadmap(roadmap_file, cache=False)
    return catalog.load_roadmap(roadmap_file) == expected and entry.read_bytes() == good


def test_a_torn_entry_is_a_silent_miss(roadmap_file: Path, roadmap_home: Path) -> None:
    catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    good = entry.read_bytes()
    for cut in (1, len(good) // 2, len(good) - 1):
        entry.write_bytes(good[:cut])
        assert rebuilt(entry, good, roadmap_file), cut


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"{}",
        b'{"id": 1}',
        b"null",
        b'"roadmap"',
        b"NaN",
    ],
)
def test_an_entry_of_the_wrong_shape_is_a_silent_miss(
    roadmap_file: Path, roadmap_home: Path, body: bytes
) -> None:
    catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    good = entry.read_bytes()
    header = good.split(b"\n", 1)[0] + b"\n"
    entry.write_bytes(header + body)
    assert rebuilt(entry, good, roadmap_file)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"skills":["pandas","scikit-learn"]', b'"skills":["pandas","nope"]'),  # references
        (b'"title":"Basics"', b'"title":"Basics\\u001b[2J"'),  # a terminal control
        (b'"id":"basics"', b'"id":"basics","extra":1'),  # a field the models do not know
    ],
)
def test_an_entry_the_models_refuse_is_a_silent_miss(
    roadmap_file: Path, roadmap_home: Path, old: bytes, new: bytes
) -> None:
    """A cache hit is validated as the file is, the track's cross-references included."""
    catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    good = entry.read_bytes()
    assert good.count(old) == 1
    entry.write_bytes(good.replace(old, new))
    assert rebuilt(entry, good, roadmap_file)


def test_an_entry_for_another_file_is_a_silent_miss(roadmap_file: Path, roadmap_home: Path) -> None:
    catalog.load_roadmap(roadmap_file)
    (mine,) = cache_files(roadmap_home)
    catalog.load_roadmap()  # the bundled roadmap: a valid entry, for another file
    (bundled,) = set(cache_files(roadmap_home)) - {mine}
    good = mine.read_bytes()
    mine.write_bytes(bundled.read_bytes())
    assert rebuilt(mine, good, roadmap_file)
    mine.write_bytes(good.split(b"\n", 1)[1])  # the right data without its header
    assert rebuilt(mine, good, roadmap_file)


def test_stale_temporary_files_are_swept_when_an_entry_is_written(
    roadmap_file: Path, roadmap_home: Path
) -> None:
    folder = roadmap_home / "cache"
    folder.mkdir(parents=True)
    killed = folder / ".cache-killed.tmp"  # left by a run killed while writing, long ago
    writing = folder / ".cache-writing.tmp"  # another run's, being written now
    for temp in (killed, writing):
        temp.write_bytes(b"half an entry")
    hour_ago = time.time() - 3600
    os.utime(killed, (hour_ago, hour_ago))
    catalog.load_roadmap(roadmap_file)
    assert not killed.exists()
    assert writing.exists()
    assert len(cache_files(roadmap_home)) == 1


def test_a_cached_track_is_complete_and_dumps_as_the_validated_one(roadmap_home: Path) -> None:
    fresh = catalog.load_roadmap(cache=False)  # the bundled roadmap, validated from YAML
    catalog.load_roadmap()  # writes the cache
    cached = catalog.load_roadmap()
    assert cached.model_dump() == fresh.model_dump()
    assert cached.model_dump_json() == fresh.model_dump_json()
    for new, old in zip(cached.tracks, fresh.tracks, strict=True):
        assert new.model_dump()["skills"] == old.model_dump()["skills"] != []
        assert new == old
        first = old.skills[0].id
        assert new.skill_by_id[first] == old.skill_by_id[first]
        assert new.resources_for(first) == old.resources_for(first)
        assert new.renames == old.renames
        assert new.skill_index.keys == old.skill_index.keys


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_entry_that_is_not_a_regular_file_is_a_silent_miss(
    roadmap_file: Path, roadmap_home: Path
) -> None:
    """A FIFO planted as the entry would make every command wait for a writer."""
    catalog.load_roadmap(roadmap_file)
    (entry,) = cache_files(roadmap_home)
    good = entry.read_bytes()
    entry.unlink()
    os.mkfifo(entry)
    assert rebuilt(entry, good, roadmap_file)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert rebuilt(entry, good, roadmap_file)
    assert not entry.is_symlink()
