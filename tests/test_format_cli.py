"""The format keys through the CLI: choices, prerequisites, groups, tools, sections at the
end, and phases sharing ids with skills, in list, show, next, status and --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import error_line, lines, ok
from roadmap_cli import catalog, stats

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def track():
    return catalog.load_roadmap(DATA / "format.yaml", cache=False).tracks[0]


# --- one_of: completion ----------------------------------------------------------------------


def test_a_choice_counts_its_count_once_met(track) -> None:
    frameworks = track.phase_by_id["frameworks"]
    assert stats.phase_completion(track, frameworks, {}).total == 1
    done = stats.phase_completion(track, frameworks, {"jax": "done", "pytorch": "done"})
    assert (done.done, done.total, done.percent) == (1, 1, 100)
    overall = stats.track_completion(track, {"python": "done", "tensorflow": "done"})
    assert (overall.complete, overall.total) == (2, 3)


def test_a_choice_of_two_counts_two_done_before_skipped(track) -> None:
    from roadmap_cli.models import Choice

    choice = Choice(one_of=["pytorch", "tensorflow", "jax"], count=2)
    found = stats.choice_completion(choice, {"pytorch": "skipped", "jax": "done"})
    assert (found.done, found.skipped, found.total) == (1, 1, 2)
    found = stats.choice_completion(choice, {"pytorch": "in-progress", "jax": "done"})
    assert (found.done, found.in_progress, found.complete) == (1, 1, 1)


def test_list_shows_groups_and_the_choice(rm) -> None:
    out = lines(ok(rm("list")))
    assert out[4:10] == [
        "2. Frameworks choose 1 of 3 ░░░░░░░░░░░░░░░░░░░░ 0% 0/1",
        "Frameworks",
        "choose 1 of 3:",
        "· PyTorch (not ready) pytorch",
        "· TensorFlow (not ready) tensorflow",
        "· JAX jax",
    ]
    assert out[2:4] == ["Languages", "· Python python"]
    assert out[-1].startswith("Overall 0% of required skills complete: 0/3")


def test_completing_the_count_completes_the_choice_and_the_rest_become_optional(rm) -> None:
    ok(rm("done", "jax"))
    out = lines(ok(rm("list")))
    assert "2. Frameworks choose 1 of 3 ████████████████████ 100% 1/1" in out
    assert "· PyTorch (optional) (not ready) pytorch" in out
    doc = json.loads(ok(rm("list", "--json")))
    frameworks = doc["phases"][1]
    assert frameworks["choices"] == [
        {
            "one_of": ["pytorch", "tensorflow", "jax"],
            "count": 1,
            "completion": {
                "complete": 1,
                "done": 1,
                "skipped": 0,
                "in_progress": 0,
                "total": 1,
                "percent": 100,
            },
        }
    ]
    pytorch = frameworks["skills"][0]
    assert (pytorch["optional"], pytorch["ready"], pytorch["after"]) == (True, False, ["python"])
    assert pytorch["choice"] == {"one_of": ["pytorch", "tensorflow", "jax"], "count": 1}
    assert pytorch["group"] == "Frameworks"
    status = json.loads(ok(rm("status", "--json")))
    assert status["phases"][1]["choices"][0]["completion"]["complete"] == 1
    assert status["overall"]["total"] == 3
    assert "2. Frameworks choose 1 of 3" in " ".join(lines(ok(rm("status"))))


# --- next: choices and prerequisites ---------------------------------------------------------


def test_next_never_suggests_a_skill_that_is_not_ready(rm) -> None:
    out = ok(rm("next"))
    assert "JAX  jax  choose 1 of 3" in out
    assert "pytorch" not in out and "vector-databases" not in out
    ok(rm("done", "python"))
    out = ok(rm("next"))
    assert "PyTorch  pytorch  choose 1 of 3" in out
    assert "vector-databases" not in out  # needs PyTorch


def test_next_all_marks_skills_not_ready(rm) -> None:
    out = ok(rm("next", "--all"))
    assert "PyTorch  pytorch  choose 1 of 3  not ready" in out
    assert "Vector databases  vector-databases  not ready" in out
    doc = json.loads(ok(rm("next", "--all", "--json")))
    ready = {s["id"]: s["ready"] for s in doc["suggestions"]}
    assert ready == {
        "python": True,
        "pytorch": False,
        "tensorflow": False,
        "jax": True,
        "vector-databases": False,
    }
    assert doc["suggestions"][3]["choice"]["count"] == 1


def test_a_met_choice_leaves_its_other_skills_for_later(rm) -> None:
    ok(rm("done", "python", "pytorch"))
    out = ok(rm("next"))
    assert "tensorflow" not in out and "jax" not in out
    assert "Vector databases  vector-databases" in out
    out = ok(rm("next", "--all"))
    assert "TensorFlow  tensorflow  optional  choose 1 of 3" in out


def test_next_labels_each_phase_field_as_what_it_is(rm) -> None:
    out = lines(ok(rm("next", "--all")))
    assert out[:3] == ["Phase: 1. Basics", "Goals: Learn to code", "Tools: Jupyter, VS Code"]
    assert "Why: Models need them" in out


# --- show: prerequisites, choices, tools, sections, namespace -------------------------------


def test_show_skill_lists_what_it_needs_and_unlocks(rm) -> None:
    out = lines(ok(rm("show", "pytorch")))
    assert "Choice: choose 1 of 3: PyTorch, TensorFlow, JAX" in out
    assert "Needs: Python" in out
    assert "Unlocks: Vector databases" in out
    ok(rm("done", "python"))
    assert "Needs: Python (done)" in lines(ok(rm("show", "pytorch")))
    doc = json.loads(ok(rm("show", "python", "--json")))
    assert [s["id"] for s in doc["unlocks"]] == ["pytorch", "tensorflow"]
    assert doc["needs"] == []


def test_an_exact_skill_id_wins_and_the_phase_is_offered(rm) -> None:
    out = lines(ok(rm("show", "vector-databases")))
    assert out[0] == "Vector databases vector-databases"
    assert out[-1] == "Also a phase: roadmap show --phase vector-databases"
    out = lines(ok(rm("show", "--phase", "vector-databases")))
    assert out[0] == "3. Vector databases ░░░░░░░░░░░░░░░░░░░░ 0% 0/1"
    assert json.loads(ok(rm("show", "-p", "vector-databases", "--json")))["type"] == "phase"


def test_a_name_that_fits_a_phase_and_a_skill_lists_both_with_their_kinds(rm) -> None:
    assert error_line(rm("show", "vector")) == (
        "'vector' matches 2 items: phase vector-databases (3. Vector databases), "
        "skill vector-databases (Vector databases, in 3. Vector databases); "
        "for the phase: roadmap show --phase ID"
    )


def test_show_phase_labels_its_fields_and_tools(rm) -> None:
    out = lines(ok(rm("show", "basics")))
    assert out[1:5] == ["Goals: Learn to code", "Tools: Jupyter, VS Code", "Skills:", "Languages"]


def test_show_track_puts_end_sections_after_the_phases(rm) -> None:
    out = lines(ok(rm("show", "t")))
    assert out.index("Intro") < out.index("Phases:") < out.index("Closing note")
    doc = json.loads(ok(rm("show", "t", "--json")))
    assert [s["at"] for s in doc["sections"]] == ["start", "end"]
    assert doc["phases"][0]["tools"] == ["Jupyter", "VS Code"]


def test_typed_resources_are_labelled_and_carried_in_json(rm) -> None:
    assert "• [docs] Pinecone docs https://docs.pinecone.io/" in lines(
        ok(rm("show", "vector-databases"))
    )
    doc = json.loads(ok(rm("show", "vector-databases", "--json")))
    assert doc["resources"][0]["type"] == "docs"


# --- prerequisites that wait, and the other exports -------------------------------------------


def test_next_offers_skills_not_ready_when_nothing_else_is_left(run, tmp_path) -> None:
    text = (DATA / "format.yaml").read_text(encoding="utf-8")
    # vector-databases needs an optional skill: left for later, it must not hide the work left
    text = text.replace(
        "      - id: jax\n        name: JAX\n",
        "      - id: jax\n        name: JAX\n        optional: true\n",
    )
    text = text.replace("        after: [pytorch]\n", "        after: [jax]\n")
    text = text.replace("- one_of: [pytorch, tensorflow, jax]", "- one_of: [pytorch, tensorflow]")
    text = text.replace("[vector-databases]\n", "[vector-databases, jax]\n")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    ok(run("--roadmap", str(path), "done", "python", "pytorch"))
    out = ok(run("--roadmap", str(path), "next"))
    assert "Vector databases  vector-databases  not ready" in out
    assert "Everything" not in out


def test_the_html_export_shows_the_choice(rm) -> None:
    ok(rm("done", "jax"))
    page = ok(rm("export", "--format", "html"))
    assert '<p class="purpose">Choose 1 of 3: PyTorch, TensorFlow, JAX</p>' in page
    assert page.count('<span class="tag">optional</span>') == 2  # the choice is met
