"""The validated-roadmap cache: used when fresh, rebuilt when the file changes or is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_cli import catalog


@pytest.fixture
def roadmap_file(tmp_path: Path, small_roadmap_text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(small_roadmap_text, encoding="utf-8")
    return path


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("roadmap-*.pickle"))


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


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
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
