"""Markdown export: its structure, and that hostile text cannot break the document."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roadmap_cli import catalog
from roadmap_cli import export as exporters
from roadmap_cli.models import Phase, Resource, Skill, Track
from roadmap_cli.records import Note, Progress, SkillProgress

SMALL = Path(__file__).parent / "data" / "small.yaml"
TRACK = catalog.load_roadmap(SMALL).track("basics")
TODAY = date(2024, 3, 5)
NOON = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
LOCAL_DAY = NOON.astimezone().date().isoformat()  # the exporter shows local dates
HOSTILE = "# x\n- [x] fake\n<script>|a|b|](http://evil)"
# 7 skill occurrences (pandas is in two phases) and one phase resource.
TASK_ITEMS = 7
RESOURCE_ITEMS = 1


def to_markdown(track: Track, records: dict[str, SkillProgress], today: date) -> str:
    progress = Progress(roadmaps={"small": dict(records)})
    return exporters.to_markdown(track, progress, "small", today)


def noted(text: str) -> list[Note]:
    return [Note(text=text, at=NOON)]


def parse(text: str):
    return MarkdownIt("commonmark").parse(text)


def flat(tokens):
    for token in tokens:
        yield token
        yield from flat(token.children or [])


def count(tokens, kind: str) -> int:
    return sum(1 for t in flat(tokens) if t.type == kind)


def item_texts(tokens) -> list[str]:
    """The text of every list item's own paragraph, with Markdown escapes resolved."""
    texts = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            inline = tokens[i + 2]
            texts.append("".join(c.content for c in inline.children if c.type != "softbreak"))
    return texts


def test_structure_has_title_overall_and_one_heading_per_phase() -> None:
    out = to_markdown(TRACK, {}, TODAY)
    lines = out.splitlines()
    assert lines[0] == "# Basics: progress"
    assert lines[2].startswith("Overall: 0% of required skills complete (0/4: 0 done, 0 skipped)")
    assert "Exported 2024-03-05." in lines[2]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## 1. Programming (0%)",
        "## 2. Data (0%)",
        r"## Edge AI \(elective\) (0%)",
    ]
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_phase_purpose_is_shown() -> None:
    out = to_markdown(TRACK, {}, TODAY)
    assert "**Goals:** Write code" in out
    assert "**Why:** Data is everything" in out
    assert "**Impact:** Run ML on phones" in out


def test_one_task_item_per_skill_occurrence() -> None:
    tokens = parse(to_markdown(TRACK, {}, TODAY))
    texts = item_texts(tokens)
    tasks = [t for t in texts if t.startswith("[ ] ")]
    assert len(tasks) == TASK_ITEMS
    assert [t for t in tasks if t.startswith("[ ] Pandas")] == ["[ ] Pandas", "[ ] Pandas"]
    assert "[ ] JavaScript (optional)" in tasks
    assert "[ ] TinyML (optional)" in tasks


def test_done_and_skipped_are_checked_with_dates() -> None:
    records = {
        "python": SkillProgress(status="done", started=NOON, finished=NOON),
        "numpy": SkillProgress(status="skipped", finished=NOON),
        "pandas": SkillProgress(status="in-progress", started=NOON),
    }
    out = to_markdown(TRACK, records, TODAY)
    assert f"- [x] Python (done {LOCAL_DAY})" in out
    assert f"- [x] NumPy (skipped {LOCAL_DAY})" in out
    assert out.count(f"- [ ] Pandas (in progress since {LOCAL_DAY})") == 2
    assert "## 1. Programming (66%)" in out
    assert "Overall: 50% of required skills complete (2/4: 1 done, 1 skipped)" in out


def test_note_is_a_nested_item_under_its_skill() -> None:
    records = {"numpy": SkillProgress(notes=[Note(text="see chapter 2", at=NOON)])}
    tokens = parse(to_markdown(TRACK, records, TODAY))
    nested = [t for t in tokens if t.type == "list_item_open" and t.level == 3]
    assert len(nested) == 1
    assert "Note: see chapter 2" in item_texts(tokens)
    out = to_markdown(TRACK, records, TODAY)
    assert "- [ ] NumPy\n  - Note: see chapter 2\n" in out


def test_resources_are_links_with_angle_bracket_urls() -> None:
    out = to_markdown(TRACK, {}, TODAY)
    assert "- [Python docs](<https://docs.python.org/3/>)" in out
    links = [t for t in flat(parse(out)) if t.type == "link_open"]
    assert [t.attrs["href"] for t in links] == ["https://docs.python.org/3/"]


def test_hostile_note_stays_literal_text_in_its_item() -> None:
    records = {
        "python": SkillProgress(status="done", finished=NOON, notes=[Note(text=HOSTILE, at=NOON)])
    }
    tokens = parse(to_markdown(TRACK, records, TODAY))
    assert count(tokens, "heading_open") == 4
    # the note, and the review band of the done skill
    assert count(tokens, "list_item_open") == TASK_ITEMS + RESOURCE_ITEMS + 2
    for kind in ("html_inline", "html_block", "image"):
        assert count(tokens, kind) == 0
    assert count(tokens, "link_open") == RESOURCE_ITEMS
    assert "Note: # x - [x] fake <script>|a|b|](http://evil)" in item_texts(tokens)


def test_hostile_names_titles_and_resources_cannot_add_markup() -> None:
    evil = "<img src=x onerror=alert(1)> ![i](http://x) *em* `code`\n# h\n- [x] y"
    track = Track(
        id="t",
        title="# Title <b>",
        # Built unchecked: a roadmap file cannot hold these line breaks (see `models`).
        skills=[Skill.model_construct(id="a", name=evil), Skill(id="b", name="B")],
        phases=[
            Phase.model_construct(
                id="p",
                number=1,
                title="P\n## injected",
                skills=["a", "b"],
                resources=[
                    Resource(title="[x](http://evil)", url="https://ok.example/a>b(c)", focus="<i>")
                ],
            )
        ],
    )
    tokens = parse(
        to_markdown(track, {"a": SkillProgress(notes=[Note(text=evil, at=NOON)])}, TODAY)
    )
    assert count(tokens, "heading_open") == 2
    assert count(tokens, "list_item_open") == 2 + 1 + 1
    for kind in ("html_inline", "html_block", "image", "em_open", "code_inline"):
        assert count(tokens, kind) == 0
    links = [t for t in flat(tokens) if t.type == "link_open"]
    assert [t.attrs["href"] for t in links] == ["https://ok.example/a%3Eb(c)"]
    texts = item_texts(tokens)
    flattened = evil.replace("\n", " ")
    assert f"[ ] {flattened}" in texts
    assert f"Note: {flattened}" in texts
    assert "[x](http://evil) (<i>)" in texts


def visible(text: str) -> str:
    """The characters a reader must see: no whitespace, no control or format characters."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


@given(st.text(min_size=1))
def test_any_note_keeps_the_document_shape(note: str) -> None:
    records = {
        "python": SkillProgress(status="done", finished=NOON, notes=[Note(text=note, at=NOON)]),
        "pandas": SkillProgress(notes=[Note(text=note, at=NOON)]),
    }
    tokens = parse(to_markdown(TRACK, records, TODAY))
    assert count(tokens, "heading_open") == 4
    # notes: python once, pandas in both of its phases; and python's review band
    assert count(tokens, "list_item_open") == TASK_ITEMS + RESOURCE_ITEMS + 4
    assert count(tokens, "link_open") == RESOURCE_ITEMS
    for kind in ("html_inline", "html_block", "image"):
        assert count(tokens, kind) == 0
    notes = [t for t in item_texts(tokens) if t.startswith("Note:")]
    assert len(notes) == 3
    assert all(visible(t) == "Note:" + visible(note) for t in notes)
