"""The SVG card (`export --format svg`): valid standalone XML, nothing external, escaped,
the figures `status` shows, and a real browser drawing it."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cli_helpers import ok
from roadmap_cli import catalog, export_svg
from roadmap_cli.records import Progress
from share_helpers import (
    ROADMAP,
    SMALL,
    TODAY,
    TRACK,
    background,
    console_messages,
    pixel_variety,
    progress_with_history,
    screenshot,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def card() -> str:
    progress = progress_with_history(TRACK, ROADMAP.id, TODAY)
    return export_svg.to_svg(TRACK, progress, ROADMAP.id, TODAY)


def test_the_card_is_standalone_svg_with_its_size(card: str) -> None:
    root = ET.fromstring(card)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("480", "200")
    assert root.get("viewBox") == "0 0 480 200"
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None


def test_the_card_has_no_script_and_no_external_reference(card: str) -> None:
    root = ET.fromstring(card)
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "style", "rect", "text", "tspan", "g"}, tags
    for el in root.iter():
        for name, value in el.attrib.items():
            assert not name.endswith("href"), (el.tag, name)
            assert not name.startswith("on"), (el.tag, name)
            assert "url(" not in value and "http" not in value, (el.tag, name)
    style = root.find(f"{SVG}style").text
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "sans-serif" in style and "prefers-color-scheme: dark" in style
    assert "<script" not in card.lower() and "javascript" not in card.lower()


def test_a_bar_per_phase_and_the_figures_status_shows(run) -> None:
    ok(run("done", "python", "numpy", "linear-algebra"))
    ok(run("skip", "git"))
    status = json.loads(ok(run("status", "--json")))
    root = ET.fromstring(ok(run("export", "--format", "svg")))
    groups = root.findall(f"{SVG}g")
    assert [g.find(f"{SVG}title").text for g in groups] == [
        f"{p['number']}. {p['title']}: {p['completion']['percent']}% complete"
        if p["number"] is not None
        else f"{p['title']} (elective): {p['completion']['percent']}% complete"
        for p in status["phases"]
    ]
    text = " ".join("".join(el.itertext()) for el in root.findall(f"{SVG}text"))
    overall = status["overall"]
    assert f"{overall['percent']}%" in text
    assert f"{overall['complete']} of {overall['total']} required skills" in text
    assert f"Streak {status['streak']['current']} day" in text
    assert f"longest {status['streak']['longest']}" in text


def test_names_are_escaped_and_a_long_title_is_cut(tmp_path: Path) -> None:
    hostile = '</text><script>alert(1)</script> & "Co" ' + "x" * 60
    text = SMALL.read_text(encoding="utf-8").replace("title: Basics", f"title: '{hostile}'")
    text = text.replace("title: Programming", "title: '<b>Programming</b> & more'")
    source = tmp_path / "hostile.yaml"
    source.write_text(text, encoding="utf-8")
    track = catalog.load_roadmap(source, cache=False).track("basics")
    out = export_svg.to_svg(track, Progress(), "small", TODAY)
    root = ET.fromstring(out)  # still well-formed XML
    assert not [el for el in root.iter() if el.tag.removeprefix(SVG) == "script"]
    (title, *_) = [el for el in root.iter(f"{SVG}text") if el.get("class") == "title"]
    assert title.text.startswith("</text><script>") and title.text.endswith("…")
    assert len(title.text) == export_svg.TITLE_CHARS
    assert root.find(f"{SVG}title").text.startswith(hostile)  # whole, for screen readers
    assert root.find(f"{SVG}g/{SVG}title").text == "1. <b>Programming</b> & more: 0% complete"


@pytest.mark.parametrize("phases", [1, 9, 21, 250])
def test_the_phase_bars_fit_the_card_whatever_their_number(phases: int) -> None:
    track = TRACK.model_copy(update={"phases": [TRACK.phases[0]] * phases})
    root = ET.fromstring(export_svg.to_svg(track, Progress(), ROADMAP.id, TODAY))
    bars = [g.findall(f"{SVG}rect")[0] for g in root.findall(f"{SVG}g")]
    assert len(bars) == phases
    edges = [(float(b.get("x")), float(b.get("x")) + float(b.get("width"))) for b in bars]
    assert all(right > left for left, right in edges)
    assert edges[0][0] >= 24 and edges[-1][1] <= 456 + 0.01
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(edges))  # no overlap


def test_export_svg_to_a_file(run, tmp_path: Path) -> None:
    target = tmp_path / "progress.svg"
    result = run("export", "--format", "svg", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    ET.parse(target)
    assert target.read_text(encoding="utf-8") == ok(run("export", "--format", "svg"))


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_browser_draws_the_card_without_console_errors(card, tmp_path: Path, scheme) -> None:
    source = tmp_path / "card.svg"
    source.write_text(card, encoding="utf-8")
    png = tmp_path / "card.png"
    log = screenshot(source, png, (480, 200), scheme)
    assert console_messages(log) == []
    assert (background(png) > 700) if scheme == "light" else (background(png) < 120)
    colours, ink = pixel_variety(png)
    assert colours > 20 and ink > 0.05, (colours, ink)
