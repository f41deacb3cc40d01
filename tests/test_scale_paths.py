"""The quick paths taken for large roadmaps give exactly what the general ones give.

`layout.columns` writes piped output straight from each cell's text, and the terminal's
from the styled segments; the Markdown export escapes a name only when it holds markup. Each
quick path is checked against its general one, over wide characters, marks that combine,
choices, groups, bars and narrow widths.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from cli_helpers import ok
from roadmap_cli import export, layout
from roadmap_cli.stats import Completion

# Ascii, marks, wide (CJK, full-width, emoji), a combining accent, and markup characters.
PIECES = ["a", "Skill", " ", "-", "·", "✓", "数据", "ｆｗ", "🤖", "e\u0301", "*", "[x]", "(", "…"]
text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
style = st.sampled_from(["", "dim", "bold", "green"])
cell = st.lists(st.tuples(text, style), min_size=1, max_size=4)
completion = st.builds(
    Completion, st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), st.integers(0, 20)
)
skill_row = st.tuples(cell, cell, st.one_of(st.just([]), cell)).map(list)
phase_row = st.tuples(cell, st.builds(layout.Bar, completion), cell).map(list)
heading = st.tuples(cell).map(list)
rows = st.lists(st.one_of(skill_row, skill_row, phase_row, heading), min_size=1, max_size=12)


def drawn(rows: list, width: int, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out, width=width, force_terminal=terminal, color_system=None, highlight=False
    )
    layout.columns(console, rows)
    return out.getvalue()


def blanks_dropped(text: str) -> list[str]:
    return [line.rstrip(" ") for line in text.split("\n")]


@settings(max_examples=200)
@given(rows=rows, width=st.integers(12, 130))
def test_piped_columns_are_the_terminal_lines(rows, width) -> None:
    piped = drawn(rows, width, terminal=False)
    assert blanks_dropped(piped) == blanks_dropped(drawn(rows, width, terminal=True))
    assert piped.endswith("\n") and not piped.endswith(" \n")


# The export's escaping as it was before its quick path: the reference.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_BREAKS = re.compile(r"[\t\r\n\u0085\u2028\u2029]+")


def reference_md_text(value: str) -> str:
    value = _BREAKS.sub(" ", value)
    if not value.isprintable():
        bad = ("Cc", "Cf", "Cs")
        value = "".join(ch for ch in value if unicodedata.category(ch) not in bad)
    return _MARKUP.sub(r"\\\1", value.strip())


@given(st.text())
def test_md_text_escapes_as_the_substitution_does(value: str) -> None:
    assert export.md_text(value) == reference_md_text(value)


def test_md_text_of_names_with_and_without_markup() -> None:
    assert export.md_text("Skill 00001") == "Skill 00001"
    assert export.md_text(" 数据 *分析* ") == r"数据 \*分析\*"
    assert export.md_text("a\tb\u2028[c](d)") == r"a b \[c\]\(d\)"


# A roadmap with what the quick paths must get right: wide names, choices, groups, an
# elective, optional skills and prerequisites.
MIXED = """\
schema_version: 1
id: mixed
title: Mixed
tracks:
  - id: main
    title: Main 主
    skills:
      - {id: s1, name: "数据分析 and a long name that is cut at narrow widths"}
      - {id: s2, name: "Deep learning 🤖", group: "Frameworks 組"}
      - {id: s3, name: "ｆｕｌｌｗｉｄｔｈ", group: "Frameworks 組", after: [s1]}
      - {id: s4, name: "e\u0301cole *bold*"}
      - {id: s5, name: "Ünïcödé", optional: true}
      - {id: s6, name: SQL}
    phases:
      - id: one
        number: 1
        title: "Phase 一"
        tag: "tag ✓"
        skills: [s1, s2, s3, {one_of: [s4, s5, s6], count: 2}]
      - id: extra
        title: Extra
        elective: true
        skills: [s6, s1]
"""


LISTED = {
    30: """\
Main 主
1. Phase 一  tag ✓  choose 2 …
    ████░░░░░░   40%  2/5
  ✓ 数据分析 and a long name …
    s1  done DAY
  Frameworks 組
  · Deep learning 🤖  s2
  · ｆｕｌｌｗｉｄ …  s3
  choose 2 of 3:
    ✓ e\u0301cole *bold*
    s4  done DAY
    · Ünïcödé (opti…  s5
    · SQL             s6
Extra (elective)
    █████░░░░░   50%  1/2
  · SQL               s6
  ✓ 数据分析 and a long name …
    s1  done DAY
Overall 40% of required skills
        complete: 2/5 (2 done,
        0 skipped, 0 in
        progress);
        optional 0/1
""",
    44: """\
Main 主
1. Phase 一  tag ✓  …  ████░░░░░░   40%  2/5
  ✓ 数据分析 and a lon…  s1  done DAY
  Frameworks 組
  · Deep learning 🤖     s2
  · ｆｕｌｌｗｉｄｔｈ   s3
  choose 2 of 3:
    ✓ e\u0301cole *bold*       s4  done DAY
    · Ünïcödé (optiona…  s5
    · SQL                s6
Extra (elective)       █████░░░░░   50%  1/2
  · SQL                  s6
  ✓ 数据分析 and a lon…  s1  done DAY
Overall 40% of required skills complete: 2/5
        (2 done, 0 skipped, 0 in progress);
        optional 0/1
""",
}


def test_list_and_export_of_wide_names_choices_and_groups(run, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(MIXED, encoding="utf-8")
    ok(run("--roadmap", str(path), "done", "s1", "s4"))
    ok(run("--roadmap", str(path), "note", "s2", "see 第2章"))
    day = re.compile(r"\d{4}-\d\d-\d\d")
    for width, expected in LISTED.items():
        monkeypatch.setenv("COLUMNS", str(width))
        assert day.sub("DAY", ok(run("--roadmap", str(path), "list"))) == expected
    exported = day.sub("DAY", ok(run("--roadmap", str(path), "export")))
    assert "\n### Frameworks 組\n\n- [ ] Deep learning 🤖\n  - Note: see 第2章\n" in exported
    assert (
        "\nChoose 2 of 3: e\u0301cole \\*bold\\*, Ünïcödé, SQL\n\n"
        "- [x] e\u0301cole \\*bold\\* (done DAY)\n  - Review: strong\n"
        "- [ ] Ünïcödé (optional)\n- [ ] SQL\n\n## Extra \\(elective\\) (50%)\n"
    ) in exported
    assert "- [ ] ｆｕｌｌｗｉｄｔｈ\n  - Needs: 数据分析 and a long name that is cut" in exported


def test_the_characters_taken_as_narrow_are_one_column_for_rich() -> None:
    from rich.cells import cell_len

    wide = [ch for ch in layout._narrow() if cell_len(ch) != 1]
    assert wide == []
    assert "·" in layout._narrow() and "数" not in layout._narrow()


def test_phase_rows_are_each_skills_own_row(run, tmp_path: Path) -> None:
    from roadmap_cli import catalog, results
    from roadmap_cli.records import SkillProgress
    from roadmap_cli.store import user_store

    path = tmp_path / "mixed.yaml"
    path.write_text(MIXED, encoding="utf-8")
    ok(run("--roadmap", str(path), "done", "s1", "s4"))
    ok(run("--roadmap", str(path), "skip", "s6"))
    track = catalog.load_roadmap(path).default_track
    records = user_store().load().skills("mixed")
    statuses = results.statuses_of(records)
    blank = SkillProgress.blank()
    for phase in track.phases:
        offered = {sid: c for c in phase.choices for sid in c.one_of}
        for wanted in (None, "todo", "done"):
            expected = [
                results.skill_row(track, sid, records.get(sid, blank), statuses, offered.get(sid))
                for sid in phase.skill_ids
                if wanted is None or records.get(sid, blank).status == wanted
            ]
            found = results.phase_row(track, phase, records, statuses, status_filter=wanted)
            assert list(found.skills) == expected
