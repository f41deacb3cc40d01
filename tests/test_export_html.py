"""The HTML page (`export --format html`): its structure as a parser sees it, escaping, the
figures `status` shows, contrast, and a real browser drawing it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli_helpers import ok
from roadmap_cli import catalog, changes, export_html
from roadmap_cli.cli import app
from roadmap_cli.clock import Clock
from roadmap_cli.records import Progress
from roadmap_cli.session import Settings
from share_helpers import (
    GOOD_LINK,
    ROADMAP,
    SMALL,
    TODAY,
    TRACK,
    at,
    background,
    chromium,
    console_messages,
    pixel_variety,
    progress_with_history,
    screenshot,
)


class Page(HTMLParser):
    """Every start tag (with its attributes and the open sections), and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.phases: list[dict] = []  # each phase section: its heading and its skills
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag in ("meta", "rect", "br"):
            return
        self.open.append((tag, found))
        if tag == "section" and "phase" in (found.get("class") or "").split():
            self.phases.append({"heading": "", "skills": []})
        elif tag == "li" and found.get("class") == "skill" and self.phases:
            self.phases[-1]["skills"].append({"status": found.get("data-status"), "text": ""})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        names = [t for t, _ in self.open]
        if self.phases and "h3" in names:
            self.phases[-1]["heading"] += data
        if self.phases and "li" in names and self.phases[-1]["skills"]:
            self.phases[-1]["skills"][-1]["text"] += data

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def page(progress: Progress, today: date = TODAY, track=TRACK) -> str:
    return export_html.to_html(track, progress, ROADMAP.id, today)


@pytest.fixture(scope="module")
def busy() -> tuple[Progress, str]:
    progress = progress_with_history(TRACK, ROADMAP.id, TODAY)
    return progress, page(progress)


def test_one_h1_a_section_per_phase_and_a_list_item_per_skill_with_its_state(busy) -> None:
    progress, text = busy
    parsed = Page(text)
    assert len(parsed.all("h1")) == 1
    assert text.count("<h1>") == 1 and f"<h1>{TRACK.title}</h1>" in text
    assert [p["heading"] for p in parsed.phases] == [p.label for p in TRACK.phases]
    records = progress.skills(ROADMAP.id)
    states = {"done": "done", "skipped": "skipped", "in-progress": "in progress", "todo": "to do"}
    seen = set()
    for phase, shown in zip(TRACK.phases, parsed.phases, strict=True):
        assert len(shown["skills"]) == len(phase.skill_ids)
        for sid, item in zip(phase.skill_ids, shown["skills"], strict=True):
            status = records[sid].status if sid in records else "todo"
            assert item["status"] == status
            assert TRACK.skill_by_id[sid].name in item["text"]
            assert states[status] in item["text"]
            seen.add(status)
    assert seen == {"done", "skipped", "todo"}  # the history has each of them
    ids = [attrs["id"] for _, attrs in parsed.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    for _, attrs in parsed.tags:  # every label an element points to is there
        assert set((attrs.get("aria-labelledby") or "").split()) <= set(ids)
    headings = [tag for tag, _ in parsed.tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings[:3] == ["h1", "h2", "h2"] and set(headings[3:]) == {"h3"}


def test_a_hostile_note_is_text_and_only_http_and_mailto_links_are_emitted(busy) -> None:
    _, text = busy
    parsed = Page(text)
    assert "<script>alert(1)</script> & \"quotes\" 'too' " in parsed.data  # shown as text
    assert "\x01" not in text  # not even XML allows it
    assert "<script" not in text.lower()
    assert "javascript" not in text.lower()
    assert "data:x" not in text
    hrefs = [attrs["href"] for attrs in parsed.all("a")]
    assert hrefs == [GOOD_LINK, "mailto:me@example.com"]
    assert all(re.match(r"(https?://|mailto:)", href or "") for href in hrefs)


def test_names_from_a_roadmap_file_are_escaped(tmp_path: Path) -> None:
    hostile = '<img src=x onerror="alert(1)"> & Co'
    text = SMALL.read_text(encoding="utf-8").replace("title: Basics", f"title: '{hostile}'")
    text = text.replace("name: NumPy", f"name: '{hostile}'").replace(
        "title: Programming", f"title: '{hostile}'"
    )
    source = tmp_path / "hostile.yaml"
    source.write_text(text, encoding="utf-8")
    track = catalog.load_roadmap(source, cache=False).track("basics")
    out = export_html.to_html(track, Progress(), "small", TODAY)
    parsed = Page(out)
    assert not parsed.all("img")
    assert all("onerror" not in attrs for _, attrs in parsed.tags)
    assert parsed.phases[0]["heading"] == f"1. {hostile}"
    assert any(hostile in item["text"] for item in parsed.phases[0]["skills"])
    assert parsed.all("title") and hostile in "".join(parsed.data)


def test_the_page_is_self_contained(busy) -> None:
    _, text = busy
    parsed = Page(text)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert not parsed.all(tag), tag
    assert all("src" not in attrs for _, attrs in parsed.tags)
    assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    style = text[text.index("<style>") : text.index("</style>")]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "prefers-color-scheme: dark" in style and "@media print" in style
    assert [a.get("name") for a in parsed.all("meta")].count("viewport") == 1


def test_the_heatmap_shades_each_of_the_last_26_weeks_days_by_its_changes() -> None:
    monday = date(2026, 11, 23)
    progress = Progress()
    ids = list(TRACK.ordered_skill_ids)
    changes.apply(progress, ROADMAP.id, TRACK.id, ids[:3], "start", at(monday))  # 3 changes
    changes.apply(progress, ROADMAP.id, TRACK.id, ids[3:4], "done", at(TODAY))
    changes.apply(progress, ROADMAP.id, TRACK.id, ids[4:5], "done", at(date(2026, 1, 5)))
    parsed = Page(page(progress))
    (svg,) = parsed.all("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "heatmap-title heatmap-desc"
    assert svg["viewbox"] == f"0 0 {svg['width']} {svg['height']}"
    cells = parsed.all("rect")
    assert len(cells) == 25 * 7 + 1  # 25 whole weeks, and this week's Monday: today
    levels = [c["class"] for c in cells]
    assert levels[-1] == "l1" and levels[-8] == "l2"  # today 1 change, last Monday 3
    assert levels.count("l0") == len(cells) - 2  # January is too long ago
    assert "4 changes on 2 days in the last 26 weeks" in "".join(parsed.data)
    assert [export_html.level(n) for n in (0, 1, 2, 3, 4, 6, 7, 50)] == [0, 1, 2, 2, 3, 3, 4, 4]


def test_the_heatmap_s_days_are_local_days(utc_plus_ten) -> None:
    progress = Progress()
    late = datetime(2026, 11, 29, 20, tzinfo=timezone.utc)  # Monday 06:00 in UTC+10
    changes.apply(progress, ROADMAP.id, TRACK.id, ["python"], "done", late)
    cells = Page(page(progress)).all("rect")
    assert [c["class"] for c in cells[-2:]] == ["l0", "l1"]  # Sunday none, Monday one


def test_the_figures_are_those_status_shows(run, tmp_path: Path) -> None:
    for skills in (["python", "numpy"], ["pandas"]):
        ok(run("done", *skills))
    status = json.loads(ok(run("status", "--json")))
    out = tmp_path / "report.html"
    assert run("export", "--format", "html", "-o", str(out)).exit_code == 0
    text = " ".join(Page(out.read_text(encoding="utf-8")).data)
    overall = status["overall"]
    assert f"{overall['percent']}%" in text
    assert f"{overall['complete']} of {overall['total']} required skills" in text
    day = "day" if status["streak"]["current"] == 1 else "days"
    assert f"{status['streak']['current']} {day}" in text
    assert f"longest {status['streak']['longest']}" in text


def test_export_html_to_stdout_and_to_a_file(run, tmp_path: Path) -> None:
    out = ok(run("export", "--format", "html"))
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    target = tmp_path / "me.html"
    result = run("export", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == out


def test_the_track_s_last_change_and_the_export_day_are_in_the_footer() -> None:
    progress = Progress()
    changes.apply(progress, ROADMAP.id, TRACK.id, ["python"], "done", at(date(2026, 11, 2)))
    text = " ".join(Page(page(progress)).data)
    assert "Exported 2026-11-30 (last change 2026-11-02)" in text


# --- contrast --------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def schemes(text: str) -> dict[str, dict[str, str]]:
    """The colours each scheme sets: light (the base), dark, and print (over light)."""
    style = text[text.index("<style>") : text.index("</style>")]
    blocks = {
        "light": style[: style.index("@media (prefers-color-scheme: dark)")],
        "dark": style[style.index("@media (prefers-color-scheme: dark)") : style.index("* {")],
        "print": style[style.index("@media print") :],
    }
    found = {k: dict(re.findall(r"--([a-z0-9-]+): (#[0-9a-f]{6});", v)) for k, v in blocks.items()}
    found["print"] = {**found["light"], **found["print"]}
    return found


def test_every_text_colour_has_a_contrast_of_at_least_4_5_to_1(busy) -> None:
    text = busy[1]
    found = schemes(text)
    texts = ["fg", "muted", "link", "done", "in-progress", "skipped", "todo"]
    for scheme, colours in found.items():
        assert set(texts) | {"bg", "surface"} <= set(colours), scheme
        for name in texts:
            for ground in ("bg", "surface"):
                ratio = contrast(colours[name], colours[ground])
                assert ratio >= 4.5, (scheme, name, ground, round(ratio, 2))
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


# --- a real browser --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_browser_draws_the_page_without_console_errors(busy, tmp_path: Path, scheme) -> None:
    source = tmp_path / "report.html"
    source.write_text(busy[1], encoding="utf-8")
    png = tmp_path / "report.png"
    log = screenshot(source, png, (800, 1000), scheme)
    assert console_messages(log) == []
    assert (background(png) > 700) if scheme == "light" else (background(png) < 120)
    colours, ink = pixel_variety(png)
    assert colours > 50 and ink > 0.05, (colours, ink)


def test_a_missing_browser_skips_but_fails_where_ci_requires_it(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ROADMAP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        chromium(search=str(tmp_path))
    monkeypatch.setenv("ROADMAP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="ROADMAP_REQUIRE_BROWSER=1"):
        chromium(search=str(tmp_path))


@pytest.mark.slow
def test_the_browser_checks_can_fail(tmp_path: Path) -> None:
    """A page with a script error is caught; a blank page is seen as blank."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>")
    log = screenshot(broken, tmp_path / "broken.png", (300, 200))
    assert any("Uncaught Error: boom" in line for line in console_messages(log))
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>")
    screenshot(blank, tmp_path / "blank.png", (300, 200))
    assert pixel_variety(tmp_path / "blank.png") == (1, 0.0)


def test_the_clock_of_a_run_is_the_export_day(tmp_path: Path) -> None:
    """`export` dates the page with the run's clock, as every use case does."""
    from cli_helpers import runner

    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)
    result = runner().invoke(
        app, ["export", "--format", "html"], obj=Settings(clock=Clock(lambda: now))
    )
    assert result.exit_code == 0, result.stderr
    assert f"Exported {now.astimezone().date().isoformat()}" in result.stdout
