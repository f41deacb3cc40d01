"""Every bundled skill is teachable: a description and typed resources, with clean links."""

from __future__ import annotations

import json
import re

import pytest

from cli_helpers import ok
from roadmap_cli import catalog

ROADMAP = catalog.load_roadmap(cache=False)
SKILLS = [(track.id, skill) for track in ROADMAP.tracks for skill in track.skills]


def test_both_tracks_are_covered() -> None:
    assert {track for track, _ in SKILLS} == {"aiml-genai", "genai-engineer"}
    assert len(SKILLS) >= 150


@pytest.mark.parametrize(("track", "skill"), SKILLS, ids=[f"{t}:{s.id}" for t, s in SKILLS])
def test_every_skill_has_a_description_and_an_official_source(track: str, skill) -> None:
    assert skill.description and len(skill.description) >= 40
    assert len(skill.resources) >= 2
    assert any(res.type in ("official", "docs") for res in skill.resources)
    urls = [res.url for res in skill.resources]
    assert all(urls), "every resource of a skill is a link"
    assert len(set(urls)) == len(urls), "no URL twice within a skill"
    for url in urls:
        assert url.startswith("https://"), url
        assert not re.search(r"[?&]utm_", url), url


def test_next_shows_the_skills_own_resources_before_its_phases(run) -> None:
    shown = json.loads(ok(run("next", "-n", "1", "--json")))["suggestions"][0]
    skill = ROADMAP.default_track.skill_by_id[shown["id"]]
    own = [res.url for res in skill.resources]
    assert [res["url"] for res in shown["resources"]][: len(own)] == own
    assert f"Learn: {skill.resources[0].title} {own[0]}" in " ".join(
        ok(run("next", "-n", "1")).split()
    )


def test_show_and_the_markdown_export_carry_a_skills_resources(run) -> None:
    skill = ROADMAP.default_track.skill_by_id["numpy"]
    shown = json.loads(ok(run("show", "numpy", "--json")))
    assert [r["url"] for r in shown["resources"]][:2] == [r.url for r in skill.resources[:2]]
    assert shown["description"] == skill.description
    exported = ok(run("export"))
    assert f"  - Learn: [{skill.resources[0].title}](<{skill.resources[0].url}>)" in exported
