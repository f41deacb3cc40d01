"""Every command through the real CLI: what a user types, what they see, what lands on disk."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from cli_helpers import lines, ok, squash
from roadmap_cli import __version__, catalog

ROW = re.compile(r"^(?P<label>\S.*?)\s{2,}(?P<bar>[█▓░]+)\s+(?P<pct>\d+%)\s+(?P<frac>\d+/\d+)\s*$")
SKILL = re.compile(
    r"^\s+(?P<mark>[✓»▸·]) (?P<name>.+?)\s{2,}(?P<id>[a-z0-9-]+)(?:\s{2,}(?P<detail>\S.*?))?\s*$"
)
PICK = re.compile(r"^\d+\. (?P<name>.+?)  (?P<id>[a-z0-9-]+)(?P<extra>  .*)?$")
AIML_PHASES = [
    "1. Core Programming",
    "2. Mathematics for AI/ML",
    "3. Data Handling & Preprocessing",
    "4. Machine Learning",
    "5. Deep Learning",
    "6. Model Deployment",
    "7. MLOps & Model Monitoring",
    "8. GenAI Foundations",
    "9. Prompt Engineering",
    "10. Fine-tuning & RLHF",
    "11. Multimodal GenAI",
    "12. NLP & Text Intelligence",
    "13. Generative Tools Integration",
    "14. Soft Skills & Product Thinking",
    "15. Internship/Project Phase",
    "Agentic AI & AutoGPT (elective)",
    "AI Code Generation (elective)",
    "AI + Blockchain (elective)",
    "AI-Powered Edge Devices (elective)",
    "Synthetic Data Generation (elective)",
    "Ethics & Explainability (elective)",
]
EMPTY_BAR = "░" * 20
CORE_GOALS = "Write clean, modular, and testable code; version control"


def today() -> str:
    return datetime.now().astimezone().date().isoformat()


def phase_rows(text: str) -> list[tuple[str, str, str]]:
    """(label, bar, "pct frac") of every line that draws a completion bar."""
    found = [ROW.match(line) for line in text.splitlines()]
    return [(m["label"], m["bar"], f"{m['pct']} {m['frac']}") for m in found if m]


def skill_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(mark, name, id, detail) of every skill line of `list` or `show PHASE`."""
    found = [SKILL.match(line) for line in text.splitlines()]
    return [(m["mark"], m["name"], m["id"], m["detail"] or "") for m in found if m]


def suggested(text: str) -> list[str]:
    """The skill ids `roadmap next` suggests, in order."""
    return [m["id"] for m in map(PICK.match, text.splitlines()) if m]


def table_rows(text: str) -> dict[str, list[str]]:
    rows = [[cell.strip() for cell in line.split("│")] for line in text.splitlines()]
    return {row[1]: row for row in rows if len(row) == 6 and row[1]}


def bar(full: int, skipped: int = 0) -> str:
    return "█" * (full - skipped) + "▓" * skipped + "░" * (20 - full)


def track(track_id: str):
    return catalog.load_roadmap().track(track_id)


def local_noon(days_ago: int) -> str:
    day = datetime.now().astimezone().date() - timedelta(days=days_ago)
    return datetime.combine(day, time(12, 0)).astimezone().isoformat()


def write_history(path: Path, days_ago: list[int]) -> None:
    """A progress file with one finished skill per entry, each on the given day (local noon)."""
    skills = track("aiml-genai").required_skill_ids
    records, events = {}, []
    for n, ago in enumerate(days_ago):
        at = local_noon(ago)
        records[skills[n]] = {"status": "done", "started": at, "finished": at}
        events.append(
            {
                "seq": n + 1,
                "batch": n + 1,
                "at": at,
                "roadmap": "bundled",
                "track": "aiml-genai",
                "skill": skills[n],
                "action": "done",
                "old": "todo",
                "new": "done",
                "before": {},
            }
        )
    doc = {"schema_version": 2, "roadmaps": {"bundled": {"aiml-genai": records}}, "events": events}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")


def stored_statuses(run) -> dict[str, str]:
    rows = skill_rows(ok(run("list")))
    return {sid: mark for mark, _, sid, _ in rows if mark != "·"}


def stored(progress_file: Path, skill: str) -> dict:
    doc = json.loads(progress_file.read_text(encoding="utf-8"))
    return doc["roadmaps"]["bundled"][skill]


# --- list -----------------------------------------------------------------------------------


def test_list_shows_every_phase_in_roadmap_order_at_zero(run) -> None:
    out = ok(run("list"))
    assert out.splitlines()[0] == "AI/ML and GenAI Roadmap"
    rows = phase_rows(out)
    assert [label.split("  ")[0] for label, _, _ in rows] == AIML_PHASES  # minus the tags
    # The choices' tags lengthen phase 7's name: at 80 columns the bars are at their narrowest.
    empty = "░" * 10
    assert rows[0] == ("1. Core Programming", empty, "0% 0/6")
    assert rows[6][0].startswith("7. MLOps & Model Monitoring  Future")
    assert {(b, f) for _, b, f in rows} == {
        (empty, "0% 0/6"),
        (empty, "0% 0/5"),
        (empty, "0% 0/4"),
        (empty, "0% 0/3"),
        (empty, "0% 0/2"),
    }


def test_list_shows_each_skill_under_its_phase_with_its_status(run) -> None:
    run("done", "numpy")
    run("start", "python")
    rows = skill_rows(ok(run("list")))
    assert rows[:3] == [
        ("▸", "Python", "python", f"started {today()}"),
        ("✓", "NumPy", "numpy", f"done {today()}"),
        ("·", "Pandas", "pandas", ""),
    ]
    assert ("·", "Tool use (optional)", "tool-use", "") in rows


def test_list_bars_and_percentages_follow_progress(run) -> None:
    run("done", "python", "numpy", "pandas")
    rows = phase_rows(ok(run("list")))
    # Bars of 10 cells at 80 columns: the choices' tags lengthen the longest phase name.
    assert rows[0] == ("1. Core Programming", "█" * 5 + "░" * 5, "50% 3/6")
    assert rows[1] == ("2. Mathematics for AI/ML", "░" * 10, "0% 0/4")


def test_list_overall_line_counts_required_skills(run) -> None:
    run("done", "python", "numpy")
    run("skip", "git")
    run("start", "sql")
    run("done", "tool-use")
    assert squash(ok(run("list"))).endswith(
        "Overall 4% of required skills complete: 3/73 "
        "(2 done, 1 skipped, 1 in progress); optional 1/15"
    )


@pytest.mark.parametrize(
    "phase", ["2", "mathematics-for-ai-ml", "Mathematics for AI/ML", "MATHEMATICS FOR AI/ML"]
)
def test_list_phase_by_number_id_or_name_shows_only_that_phase(run, phase: str) -> None:
    out = ok(run("list", "--phase", phase))
    assert phase_rows(out) == [("2. Mathematics for AI/ML", EMPTY_BAR, "0% 0/4")]
    assert [r[2] for r in skill_rows(out)] == [
        "linear-algebra",
        "probability",
        "statistics",
        "calculus",
    ]


def test_list_status_filter_keeps_matching_skills_and_their_phases(run) -> None:
    run("done", "pandas", "calculus")
    run("start", "sql")
    out = ok(run("list", "--status", "done"))
    assert [r[0] for r in phase_rows(out)] == [
        "1. Core Programming",
        "2. Mathematics for AI/ML",
        "3. Data Handling & Preprocessing",
    ]
    assert [r[2] for r in skill_rows(out)] == ["pandas", "calculus", "pandas"]
    assert [r[2] for r in skill_rows(ok(run("list", "-s", "in-progress")))] == ["sql"]


def test_list_status_filter_with_no_match_says_so(run) -> None:
    out = ok(run("list", "--status", "skipped"))
    assert "No skipped skills here." in out
    assert phase_rows(out) == []


# --- show -----------------------------------------------------------------------------------


def test_show_phase_has_goals_outcome_skills_and_resource_link(run) -> None:
    out = lines(ok(run("show", "2")))
    assert out[0] == f"2. Mathematics for AI/ML {EMPTY_BAR} 0% 0/4"
    assert "Goals: Understand model math; probability distributions; derivatives" in out
    assert "Outcome: Build intuition for optimization and loss functions" in out
    assert "· Linear Algebra linear-algebra" in out
    # aiml-genai's phases have no links of their own (its Recommendations are a section).
    shown = ok(run("show", "2", "-t", "genai-engineer"))
    resources = squash(shown.split("Resources:", 1)[1])
    assert resources == (
        "• [video] 3Blue1Brown "
        "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab "
        "• [video] Khan Academy - Linear Algebra "
        "https://www.youtube.com/playlist?list=PLFD0EB975BA0CC1E0"
    )


@pytest.mark.parametrize("target", ["core-programming", "Core Programming", "1"])
def test_show_phase_by_id_name_or_number(run, target: str) -> None:
    out = ok(run("show", target))
    assert lines(out)[0] == f"1. Core Programming {EMPTY_BAR} 0% 0/6"


def test_show_skill_without_progress_is_todo(run) -> None:
    out = lines(ok(run("show", "sql")))
    assert out[0] == "SQL sql"
    assert "Status: · todo" in out
    assert "Phase: 3. Data Handling & Preprocessing" in out


def test_show_skill_has_status_dates_note_and_every_phase(run) -> None:
    run("start", "pandas")
    run("done", "pandas", "--note", "finished the course")
    out = lines(ok(run("show", "pd")))
    assert out[0] == "Pandas pandas"
    assert f"Status: ✓ done · started {today()} · done {today()}" in out
    assert "Notes:" in out
    assert f"1. {today()} finished the course" in out
    assert "Phases: 1. Core Programming, 3. Data Handling & Preprocessing" in out


def test_show_skill_in_progress_has_its_start_date(run) -> None:
    run("start", "sql")
    assert f"Status: ▸ in-progress · started {today()}" in lines(ok(run("show", "sql")))


def test_show_track_id_shows_its_sections_and_phases(run) -> None:
    out = ok(run("show", "genai-engineer"))
    assert lines(out)[:2] == [
        "Generative AI (Gen AI) Engineer Roadmap 2025/26",
        "Id: genai-engineer",
    ]
    text = squash(out)
    assert "Understand the Role of Generative AI Engineer" in text
    assert "Responsibilities • Designing and deploying state-of-the-art generative models." in text
    assert "- Job Category: Very High" in text  # the seed's lines under its title
    assert "LinkedIn Profile https://www.linkedin.com/in/kmrashedulalam/" in text
    assert [r[0].split("  ")[0] for r in phase_rows(out)][:2] == [
        "1. Programming Fundamentals",
        "2. Mathematics for Generative AI",
    ]


# --- done / start / skip / reset ------------------------------------------------------------


def test_done_marks_several_skills_and_prints_each_transition(run, progress_file: Path) -> None:
    out = ok(run("done", "numpy", "sql"))
    assert lines(out)[:2] == ["✓ NumPy: todo → done", "✓ SQL: todo → done"]
    assert stored(progress_file, "numpy")["status"] == "done"
    assert stored(progress_file, "sql")["status"] == "done"


def test_done_prints_the_new_completion_of_touched_phases_only(run) -> None:
    out = ok(run("done", "numpy", "sql"))
    assert phase_rows(out) == [
        ("1. Core Programming", bar(3), "16% 1/6"),
        ("3. Data Handling & Preprocessing", bar(4), "20% 1/5"),
    ]


def test_done_again_says_already_for_the_skills_already_done(run) -> None:
    run("done", "pandas")
    out = ok(run("done", "pandas", "numpy"))
    assert lines(out)[:2] == ["✓ Pandas: already done", "✓ NumPy: todo → done"]


def test_second_identical_done_does_not_rewrite_the_file(run, progress_file: Path) -> None:
    run("done", "pandas")
    before = progress_file.read_bytes()
    ok(run("done", "pandas"))
    assert progress_file.read_bytes() == before


def test_same_skill_named_twice_changes_once(run) -> None:
    out = ok(run("done", "pandas", "pd", "Pandas"))
    assert [line for line in lines(out) if "Pandas" in line] == ["✓ Pandas: todo → done"]


def test_an_exact_alias_is_not_an_ambiguous_prefix(run) -> None:
    # 'py' is Python's alias; it also begins 'pytorch', which must not make it ambiguous.
    assert lines(ok(run("done", "py")))[0] == "✓ Python: todo → done"


def test_start_marks_in_progress(run, progress_file: Path) -> None:
    assert lines(ok(run("start", "sql", "git")))[:2] == [
        "▸ SQL: todo → in-progress",
        "▸ Git: todo → in-progress",
    ]
    assert stored(progress_file, "sql")["status"] == "in-progress"
    assert lines(ok(run("start", "sql")))[0] == "▸ SQL: already in-progress"


def test_start_on_a_done_skill_reopens_it(run) -> None:
    run("done", "sql")
    assert lines(ok(run("start", "sql")))[0] == (
        "▸ SQL: done → in-progress: studying it again; 'roadmap undo' makes it done again"
    )


def test_skip_counts_as_complete_but_is_shown_apart(run) -> None:
    out = ok(run("skip", "git"))
    assert lines(out) == ["» Git: todo → skipped", f"1. Core Programming {bar(3, 3)} 16% 1/6"]
    listed = ok(run("list"))
    assert ("»", "Git", "git", f"skipped {today()}") in skill_rows(listed)
    assert "1/73 (0 done, 1 skipped, 0 in progress)" in squash(listed)


def test_reset_puts_skills_back_to_todo_and_keeps_the_note(run) -> None:
    run("done", "pandas", "sql", "--note", "chapter 4")
    out = ok(run("reset", "pandas", "sql"))
    assert lines(out)[:2] == ["· Pandas: done → todo", "· SQL: done → todo"]
    show = lines(ok(run("show", "pandas")))
    assert "Status: · todo" in show
    assert f"1. {today()} chapter 4" in show
    assert lines(ok(run("reset", "pandas")))[0] == "· Pandas: already todo"


def test_note_is_stored_and_shown(run, progress_file: Path) -> None:
    ok(run("done", "sql", "--note", "joins and window functions"))
    assert [n["text"] for n in stored(progress_file, "sql")["notes"]] == [
        "joins and window functions"
    ]
    assert f"1. {today()} joins and window functions" in lines(ok(run("show", "sql")))


def test_note_on_an_already_done_skill_is_an_update(run, progress_file: Path) -> None:
    run("done", "sql")
    out = ok(run("done", "sql", "--note", "revisited"))
    assert lines(out)[0] == "✓ SQL: done (note or links updated)"
    assert [n["text"] for n in stored(progress_file, "sql")["notes"]] == ["revisited"]


# --- undo -----------------------------------------------------------------------------------


def test_undo_reverts_the_whole_last_batch_and_says_so(run, progress_file: Path) -> None:
    run("done", "pandas", "numpy")
    out = ok(run("undo")).splitlines()
    assert re.fullmatch(
        r"Undid 'done' of Pandas, NumPy \(from \d{4}-\d\d-\d\d \d\d:\d\d\):", out[0]
    )
    assert out[1:] == ["  Pandas: done → todo", "  NumPy: done → todo"]
    assert stored_statuses(run) == {}


def test_successive_undos_walk_back_one_command_each(run) -> None:
    run("done", "pandas")
    run("start", "sql")
    run("skip", "git")
    assert ok(run("undo")).splitlines()[1] == "  Git: skipped → todo"
    assert stored_statuses(run) == {"pandas": "✓", "sql": "▸"}
    assert ok(run("undo")).splitlines()[1] == "  SQL: in-progress → todo"
    assert stored_statuses(run) == {"pandas": "✓"}
    assert ok(run("undo")).splitlines()[1] == "  Pandas: done → todo"
    assert stored_statuses(run) == {}


def test_undo_restores_the_previous_status_not_todo(run) -> None:
    run("start", "sql")
    run("done", "sql", "--note", "done at last")
    assert ok(run("undo")).splitlines()[1] == "  SQL: done → in-progress"
    show = lines(ok(run("show", "sql")))
    assert f"Status: ▸ in-progress · started {today()}" in show
    assert not any(line.startswith("Note:") for line in show)


def test_undo_with_nothing_left_exits_1(run) -> None:
    run("done", "pandas")
    ok(run("undo"))
    result = run("undo")
    assert result.exit_code == 1
    assert result.stderr == "roadmap: error: nothing to undo\n"


def test_undo_on_a_fresh_start_exits_1(run, progress_file: Path) -> None:
    result = run("undo")
    assert (result.exit_code, result.stderr) == (1, "roadmap: error: nothing to undo\n")
    assert not progress_file.exists()


# --- next -----------------------------------------------------------------------------------


def test_next_starts_with_the_first_phase_in_roadmap_order(run) -> None:
    out = ok(run("next", "-n", "3"))
    assert suggested(out) == ["python", "numpy", "pandas"]
    assert "Phase: 1. Core Programming" in lines(out)


def test_next_puts_skills_in_progress_first(run) -> None:
    run("start", "sql", "numpy")
    picked = json.loads(ok(run("next", "-n", "4", "--json")))["suggestions"]
    assert [item["id"] for item in picked] == ["numpy", "sql", "python", "pandas"]
    out = ok(run("next", "-n", "4"))  # grouped by phase, in the order each phase first comes
    assert suggested(out) == ["numpy", "python", "pandas", "sql"]
    assert out.splitlines()[:2] == ["Phase: 1. Core Programming", "Goals: " + CORE_GOALS]
    assert "1. NumPy  numpy  in progress" in out.splitlines()
    assert [line for line in out.splitlines() if line.startswith("Phase:")] == [
        "Phase: 1. Core Programming",
        "Phase: 3. Data Handling & Preprocessing",
    ]


def test_next_moves_on_to_the_earliest_phase_with_work_left(run) -> None:
    run("done", "python", "numpy", "pandas", "matplotlib")
    run("skip", "seaborn", "git")
    assert suggested(ok(run("next", "-n", "2"))) == ["linear-algebra", "probability"]


def test_next_count_defaults_to_five(run) -> None:
    assert len(suggested(ok(run("next")))) == 5
    assert len(suggested(ok(run("next", "--count", "12")))) == 12


def test_next_leaves_optional_skills_out_until_required_are_done(run) -> None:
    optional = {"javascript", "cpp"}  # listed in phase 1 of genai-engineer, marked optional
    genai = track("genai-engineer")
    picked = suggested(ok(run("next", "-n", "1000", "--track", "genai-engineer")))
    assert set(picked) <= set(genai.required_skill_ids) | genai.choice_ids  # the ready ones
    assert {"python", "neural-networks", "attention-mechanism"} <= set(picked)
    assert not optional & set(picked)
    with_all = suggested(ok(run("next", "-n", "10", "--all", "--track", "genai-engineer")))
    assert with_all[8:] == ["javascript", "cpp"]


def test_next_offers_electives_once_every_required_skill_is_complete(run) -> None:
    aiml = track("aiml-genai")
    offered = [sid for choice in aiml.required_choices for sid in choice.one_of]
    ok(run("done", *aiml.required_skill_ids, *offered))
    out = ok(run("next", "-n", "2"))
    assert suggested(out) == ["autonomous-multi-step-planning", "agent-memory"]
    assert squash(out).startswith(
        "Every required skill in AI/ML and GenAI Roadmap is complete. "
        "Optional skills and electives left: 15. Phase: Agentic AI & AutoGPT (elective) "
        "Impact: Next-gen AI workflows using LLM agents"
    )
    assert "1. Autonomous multi-step planning  autonomous-multi-step-planning" in out


def test_next_says_complete_when_everything_is_done(run) -> None:
    ok(run("done", *(s.id for s in track("aiml-genai").skills)))
    for args in (("next",), ("next", "--all")):
        out = ok(run(*args))
        assert squash(out) == "Everything in AI/ML and GenAI Roadmap is complete. Well done!"


# --- status ---------------------------------------------------------------------------------


def test_status_counts_each_status(run) -> None:
    run("done", "python", "numpy")
    run("skip", "git")
    run("start", "sql")
    out = lines(ok(run("status")))
    assert out[0] == "AI/ML and GenAI Roadmap"
    assert out[1] == "Overall " + "█" + "░" * 29 + " 4% 3/73"
    assert out[2] == "✓ done 2 » skipped 1 ▸ in-progress 1 · todo 88"


def test_status_lists_the_last_five_changes_newest_first(run) -> None:
    for skill in ("python", "numpy", "pandas", "matplotlib", "seaborn", "git"):
        run("done", skill)
    out = ok(run("status")).split("Recent changes:\n", 1)[1].split("Streak:", 1)[0]
    recent = [re.sub(r"^  \d{4}-\d\d-\d\d \d\d:\d\d  ", "", line) for line in out.splitlines()]
    assert recent == [
        "Git: todo → done",
        "Seaborn: todo → done",
        "Matplotlib: todo → done",
        "Pandas: todo → done",
        "NumPy: todo → done",
    ]


def test_status_with_no_changes_says_none_yet(run) -> None:
    out = lines(ok(run("status")))
    assert "none yet: mark a skill with 'roadmap start' or 'roadmap done'" in out
    assert "Streak: 0 days (longest 0)" in out


def test_status_streak_is_one_after_a_change_today(run) -> None:
    run("done", "pandas")
    assert "Streak: 1 day (longest 1)" in lines(ok(run("status")))


def test_undone_change_does_not_count_for_the_streak(run) -> None:
    run("done", "pandas")
    run("undo")
    assert "Streak: 0 days (longest 0)" in lines(ok(run("status")))


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        ([2, 1, 0], "Streak: 3 days (longest 3)"),
        ([3, 2, 1], "Streak: 3 days (longest 3)"),  # today is not over yet
        ([6, 5, 4, 3, 1, 0], "Streak: 2 days (longest 4)"),
        ([3, 2], "Streak: 0 days (longest 2)"),
    ],
)
def test_status_streak_from_days_in_the_history(
    run, progress_file: Path, days_ago: list[int], expected: str
) -> None:
    write_history(progress_file, days_ago)
    assert expected in lines(ok(run("status")))


# --- export ---------------------------------------------------------------------------------


def test_export_markdown_has_title_overall_and_a_heading_per_phase(run) -> None:
    run("done", "pandas", "numpy")
    run("skip", "git")
    out = ok(run("export")).splitlines()
    assert out[0] == "# AI/ML and GenAI Roadmap: progress"
    assert out[2] == (
        f"Overall: 4% of required skills complete (3/73: 2 done, 1 skipped). Exported {today()}."
    )
    headings = [line for line in out if line.startswith("## ")]
    assert len(headings) == 22  # 21 phases, then the Recommendations section
    assert headings[:3] == [
        "## 1. Core Programming (50%)",
        "## 2. Mathematics for AI/ML (0%)",
        r"## 3. Data Handling \& Preprocessing (20%)",
    ]


def test_export_task_items_for_done_todo_and_skipped(run) -> None:
    run("done", "pandas")
    run("skip", "git")
    out = ok(run("export")).splitlines()
    assert out.count(f"- [x] Pandas (done {today()})") == 2  # phases 1 and 3
    assert f"- [x] Git (skipped {today()})" in out
    assert "- [ ] SQL" in out
    assert "- [ ] Tool use (optional)" in out


def test_export_puts_notes_under_their_skill(run) -> None:
    run("done", "sql", "--note", "joins and window functions")
    out = ok(run("export")).splitlines()
    at = out.index(f"- [x] SQL (done {today()})")
    while not out[at + 1].startswith("  - ") or out[at + 1].startswith("  - Learn: "):
        # the skill's description and resources come first
        at += 1
    assert out[at + 1] == "  - Note: joins and window functions"


def test_export_links_resources(run) -> None:
    out = ok(run("export", "-t", "genai-engineer")).splitlines()
    assert (
        "- [Khan Academy - Linear Algebra](<https://www.youtube.com/playlist?list=PLFD0EB975BA0CC1E0>)"
        " · video" in out
    )


def test_export_to_a_file_writes_it_and_says_where(run, tmp_path: Path) -> None:
    run("done", "pandas")
    expected = ok(run("export"))
    target = tmp_path / "progress.md"
    result = run("export", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Exported to {target}\n"
    assert target.read_text(encoding="utf-8") == expected


def test_export_replaces_an_existing_file(run, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old content\n", encoding="utf-8")
    assert run("export", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# AI/ML and GenAI Roadmap: progress\n")


@pytest.mark.parametrize("spelling", ["plain", "roundabout"])
def test_export_onto_the_progress_file_is_refused(run, progress_file: Path, spelling: str) -> None:
    run("done", "pandas")
    before = progress_file.read_bytes()
    target = progress_file
    if spelling == "roundabout":
        target = progress_file.parent / ".." / progress_file.parent.name / progress_file.name
    result = run("export", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"roadmap: error: {target} is your progress file; choose another output file\n"
    )
    assert progress_file.read_bytes() == before


# --- tracks and --track ---------------------------------------------------------------------


def test_tracks_lists_both_with_the_default_marked(run) -> None:
    rows = table_rows(ok(run("tracks")))
    assert list(rows) == ["aiml-genai", "genai-engineer"]
    assert rows["aiml-genai"] == [
        "*",
        "aiml-genai",
        "AI/ML and GenAI Roadmap",
        "21",
        "92",
        "0% 0/73",
    ]
    assert rows["genai-engineer"][0] == ""
    assert rows["genai-engineer"][3:] == ["9", "63", "0% 0/55"]


def test_tracks_show_each_tracks_completion_from_the_same_records(run) -> None:
    run("done", "pandas", "numpy", "sql")  # sql: only in aiml-genai
    rows = table_rows(ok(run("tracks")))
    assert rows["aiml-genai"][5] == "4% 3/73"
    assert rows["genai-engineer"][5] == "3% 2/55"


def test_track_option_switches_the_track(run) -> None:
    out = ok(run("list", "--track", "genai-engineer"))
    assert out.splitlines()[0] == "Generative AI (Gen AI) Engineer Roadmap 2025/26"
    # Its longer names (with the choices' tags) take the room first: the bars shrink.
    first = phase_rows(out)[0]
    assert first[0].startswith("1. Programming Fundamentals  choose 1 of 2")
    assert (first[1], first[2]) == ("░" * 10, "0% 0/6")
    assert len(phase_rows(out)) == 9


def test_track_names_resolve_within_that_track(run, progress_file: Path) -> None:
    out = ok(run("done", "python", "-t", "genai-engineer"))
    assert lines(out)[0] == "✓ Python: todo → done"
    assert stored(progress_file, "python")["status"] == "done"


def test_roadmap_track_env_var_selects_the_track(run, monkeypatch, progress_file: Path) -> None:
    monkeypatch.setenv("ROADMAP_TRACK", "genai-engineer")
    assert lines(ok(run("done", "python")))[0] == "✓ Python: todo → done"
    assert "Aliases: py, Python Basics" in lines(ok(run("show", "python")))
    assert ok(run("export")).startswith(
        r"# Generative AI \(Gen AI\) Engineer Roadmap 2025/26: progress"
    )
    assert suggested(ok(run("next", "-n", "1"))) == ["numpy"]


def test_track_option_beats_the_env_var(run, monkeypatch) -> None:
    monkeypatch.setenv("ROADMAP_TRACK", "genai-engineer")
    assert ok(run("list", "--track", "aiml-genai")).splitlines()[0] == "AI/ML and GenAI Roadmap"


def test_a_skill_done_in_one_track_counts_in_every_track_listing_it(run) -> None:
    run("done", "pandas", "numpy", "linear-algebra", "sql")
    other = ok(run("list", "-t", "genai-engineer", "-p", "1"))
    assert [row[2] for row in phase_rows(other)] == ["33% 2/6"]
    assert any(row[:3] == ("✓", "Pandas", "pandas") for row in skill_rows(other))
    counts = lines(ok(run("status", "-t", "genai-engineer")))[2]
    assert counts == "✓ done 3 » skipped 0 ▸ in-progress 0 · todo 60"


# --- shared skills --------------------------------------------------------------------------


def test_a_skill_in_two_phases_counts_in_both(run) -> None:
    out = ok(run("done", "pandas"))
    assert phase_rows(out) == [
        ("1. Core Programming", bar(3), "16% 1/6"),
        ("3. Data Handling & Preprocessing", bar(4), "20% 1/5"),
    ]
    listed = ok(run("list"))
    assert skill_rows(listed).count(("✓", "Pandas", "pandas", f"done {today()}")) == 2
    assert "1/73 (1 done" in squash(listed)  # but only once overall


# --- version --------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag(run, flag: str) -> None:
    assert ok(run(flag)) == f"roadmap {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_python_dash_m_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"roadmap {__version__}\n", "")


def test_completing_a_phase_says_so_and_names_what_comes_next(run) -> None:
    ok(run("done", "python", "numpy", "pandas", "matplotlib", "seaborn"))
    shown = " ".join(ok(run("skip", "git")).split())
    assert "Phase complete: 1. Core Programming. Next: 2. Mathematics for AI/ML" in shown
    again = " ".join(ok(run("note", "git", "known from work")).split())
    assert "Phase complete" not in again  # it was complete already
