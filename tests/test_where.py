"""where: every path in use, following ROADMAP_HOME and --roadmap."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import ok
from shell_helpers import doc


def test_where_prints_every_path(run, roadmap_home: Path) -> None:
    out = ok(run("where")).splitlines()
    assert out[:6] == [
        f"data:     {roadmap_home}",
        f"progress: {roadmap_home / 'progress.json'}",
        f"backups:  {roadmap_home / 'backups'}",
        f"lock:     {roadmap_home / 'progress.json.lock'}",
        f"settings: {roadmap_home / 'settings.json'}",
        f"cache:    {roadmap_home / 'cache'}",
    ]
    assert out[6].startswith("roadmap:  ")
    assert out[6].endswith("roadmap.yaml")
    assert len(out) == 7


def test_where_names_the_custom_roadmap(run, small_roadmap: Path, monkeypatch) -> None:
    assert ok(run("--roadmap", str(small_roadmap), "where")).splitlines()[6] == (
        f"roadmap:  {small_roadmap}"
    )
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    assert doc(run("where", "--json"))["roadmap"] == str(small_roadmap)


def test_where_follows_roadmap_home(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ROADMAP_HOME", str(tmp_path / "synced"))
    shown = doc(run("where", "--json"))
    assert shown["progress"] == str(tmp_path / "synced" / "progress.json")
    assert not (tmp_path / "synced").exists()  # where only tells, it creates nothing
