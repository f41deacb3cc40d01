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


def test_a_cached_track_makes_each_skill_on_first_use(roadmap_home: Path) -> None:
    fresh = catalog.load_roadmap(cache=False)  # the bundled roadmap, validated from YAML
    catalog.load_roadmap()  # writes the cache
    cached = catalog.load_roadmap()
    for new, old in zip(cached.tracks, fresh.tracks, strict=True):
        assert "skills" not in new.__dict__  # nothing made yet
        first = old.skills[0]
        assert new.skill_by_id[first.id] == first
        assert new.skill_by_id[first.id] is new.skill_by_id[first.id]
        assert set(new.skill_by_id) == set(old.skill_by_id)
        assert len(new.skill_by_id) == len(old.skills)
        assert first.id in new.skill_by_id
        assert "no-such-skill" not in new.skill_by_id
        with pytest.raises(KeyError):
            new.skill_by_id["no-such-skill"]
        assert new.resources_for(first.id) == old.resources_for(first.id)
        assert new.renames == old.renames
        assert "skills" not in new.__dict__  # still only that one made
        assert new.skills == old.skills  # all of them, in order, equal field for field
        assert all(s is new.skill_by_id[s.id] for s in new.skills)  # and made once each
        assert new == old
        assert [s.model_dump() for s in new.skills] == [s.model_dump() for s in old.skills]
