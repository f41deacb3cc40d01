"""The bundled tracks are structured as their seeds are, and name each concept with one id.

The seeds are /work/shared/seeds (tests/data/seeds holds what the tests need of them): the
`aiml-genai` track is a phase table, an Emerging Trends table and a Recommendations table; the
`genai-engineer` track is a role, nine steps and closing sections.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import lines, ok
from roadmap_cli import catalog

ROADMAP = catalog.load_roadmap(cache=False)
AIML = ROADMAP.track("aiml-genai")
GENAI = ROADMAP.track("genai-engineer")
# The bundled file as it was before the tracks shared their ids (main at 4e497c2).
BEFORE = Path(__file__).parent / "data" / "roadmap-before-shared-ids.yaml"

# (track, old id, new id): every id given up so that one concept has one id in both tracks.
MERGES = [
    ("genai-engineer", "python-basics", "python"),
    ("genai-engineer", "hugging-face", "huggingface"),
    ("genai-engineer", "probability-and-statistics", "probability"),
    ("genai-engineer", "k-means-clustering", "clustering"),
    ("genai-engineer", "transformers", "transformer-architecture"),
    ("genai-engineer", "attention-mechanisms", "attention-mechanism"),
    ("genai-engineer", "ci-cd-pipelines", "ci-cd"),
    ("genai-engineer", "stable-diffusion", "generative-transformers"),
    ("genai-engineer", "dall-e", "generative-transformers"),  # aiml-genai keeps its dall-e
    ("genai-engineer", "matplotlib-seaborn", "matplotlib"),
    ("genai-engineer", "tensorflow-pytorch", "pytorch"),
    ("aiml-genai", "pytorch-or-tensorflow", "pytorch"),
]


# --- one id per concept ---------------------------------------------------------------------


@pytest.mark.parametrize(("track_id", "old", "new"), MERGES, ids=[m[1] for m in MERGES])
def test_a_merged_id_is_kept_in_replaces_and_answers_as_an_alias(
    run, track_id: str, old: str, new: str
) -> None:
    track = ROADMAP.track(track_id)
    assert old not in track.skill_by_id
    assert (new, old) in track.renames
    shown = json.loads(ok(run("show", old, "-t", track_id, "--json")))
    assert shown["id"] == new


def test_every_skill_of_the_old_file_is_still_there_or_replaced() -> None:
    before = catalog.load_roadmap(BEFORE, cache=False)
    for old_track in before.tracks:
        track = ROADMAP.track(old_track.id)
        replaced = {old for _, old in track.renames}
        lost = [s.id for s in old_track.skills if s.id not in track.skill_by_id.keys() | replaced]
        assert lost == [], track.id


def test_each_old_id_is_replaced_by_one_skill_only() -> None:
    for track in ROADMAP.tracks:
        olds = [old for _, old in track.renames]
        assert len(olds) == len(set(olds)), track.id


def test_the_concepts_of_issue_11_have_one_id_in_both_tracks() -> None:
    for sid in ("python", "huggingface", "matplotlib", "seaborn", "probability", "statistics"):
        assert sid in AIML.skill_by_id and sid in GENAI.skill_by_id, sid
    for sid in ("clustering", "attention-mechanism", "transformer-architecture", "ci-cd"):
        assert sid in AIML.skill_by_id and sid in GENAI.skill_by_id, sid
    gone = {"python-basics", "hugging-face", "matplotlib-seaborn", "probability-and-statistics"}
    assert gone.isdisjoint({s.id for track in ROADMAP.tracks for s in track.skills})


def test_a_skill_in_both_tracks_has_one_name() -> None:
    shared = AIML.skill_by_id.keys() & GENAI.skill_by_id.keys()
    assert len(shared) >= 20
    differ = {
        sid: (AIML.skill_by_id[sid].name, GENAI.skill_by_id[sid].name)
        for sid in shared
        if AIML.skill_by_id[sid].name != GENAI.skill_by_id[sid].name
    }
    assert differ == {}


def test_transformers_is_the_library_and_the_architecture_has_its_own_id() -> None:
    # 'transformers' named two things: the Hugging Face library (aiml-genai, phase 12) and the
    # architecture (genai-engineer, Step 4), which aiml-genai calls transformer-architecture.
    assert "Hugging Face's Transformers library" in AIML.skill_by_id["transformers"].description
    assert "transformers" not in GENAI.skill_by_id
    architecture = GENAI.skill_by_id["transformer-architecture"]
    assert architecture.name == AIML.skill_by_id["transformer-architecture"].name
    assert "transformer-architecture" in GENAI.phase_by_id["deep-learning"].skills


# Ids still live in another track: in a file of schema 3, progress is kept per skill id, so
# a record under one of these is that other skill's; only schema 2 knew its track.
LIVE_ELSEWHERE = {"transformers", "dall-e"}


@pytest.mark.parametrize(
    ("track_id", "old", "new"),
    [m for m in MERGES if m[1] not in LIVE_ELSEWHERE],
    ids=[m[1] for m in MERGES if m[1] not in LIVE_ELSEWHERE],
)
def test_progress_under_an_old_id_carries_over_to_the_new_one(
    run, progress_file: Path, track_id: str, old: str, new: str
) -> None:
    ok(run("--roadmap", str(BEFORE), "done", old, "-t", track_id, "--note", "before the merge"))
    shown = json.loads(ok(run("show", new, "-t", track_id, "--json")))
    notes = [note["text"] for note in shown["notes"]]
    assert (shown["id"], shown["status"], notes) == (new, "done", ["before the merge"])
    listed = ok(run("list", "-t", track_id, "--status", "done"))
    assert f" {new} " in f" {listed} " and f" {old} " not in listed


def schema_2_file(track_id: str, old: str) -> str:
    """A progress file as the version that kept tracks apart wrote it: `old` done in a track."""
    record = {
        "status": "done",
        "started": "2026-01-10T09:00:00Z",
        "finished": "2026-01-10T09:00:00Z",
    }
    return json.dumps(
        {"schema_version": 2, "roadmaps": {"bundled": {track_id: {old: record}}}, "events": []}
    )


@pytest.mark.parametrize(("track_id", "old", "new"), MERGES, ids=[m[1] for m in MERGES])
def test_a_schema_2_file_moves_each_old_id_within_its_track(
    run, progress_file: Path, track_id: str, old: str, new: str
) -> None:
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    progress_file.write_text(schema_2_file(track_id, old), encoding="utf-8")
    shown = json.loads(ok(run("show", new, "-t", track_id, "--json")))
    assert (shown["id"], shown["status"]) == (new, "done")


@pytest.mark.parametrize("old", sorted(LIVE_ELSEWHERE))
def test_an_old_id_of_genai_engineer_never_becomes_the_other_tracks_skill(
    run, progress_file: Path, old: str
) -> None:
    # genai-engineer's old 'transformers' was the architecture; aiml-genai's 'transformers' is
    # the Hugging Face library (and its 'dall-e' is its own). Schema 2 kept tracks apart: the
    # migration moves the record within its track before tracks share progress.
    progress_file.parent.mkdir(parents=True, exist_ok=True)
    progress_file.write_text(schema_2_file("genai-engineer", old), encoding="utf-8")
    ok(run("done", "sql"))  # a change: the file is written as schema 3
    new = {o: n for _, o, n in MERGES}[old]
    moved = json.loads(ok(run("show", new, "-t", "genai-engineer", "--json")))
    kept = json.loads(ok(run("show", old, "-t", "aiml-genai", "--json")))
    assert (moved["status"], kept["status"]) == ("done", "todo")
    assert json.loads(progress_file.read_text(encoding="utf-8"))["schema_version"] == 3


def test_python_basics_done_with_the_old_file_shows_python_done(run) -> None:
    ok(run("--roadmap", str(BEFORE), "done", "python-basics", "-t", "genai-engineer"))
    out = lines(ok(run("show", "python", "-t", "genai-engineer")))
    assert out[0] == "Python python"
    assert any(line.startswith("Status: ✓ done") for line in out)
    # The other track's Python is its own record until progress is kept per skill (issue 11).
    assert ok(run("doctor")).count("orphan") == 0


# --- aiml-genai: phases, then Emerging Trends, then Recommendations -------------------------


def test_aiml_recommendations_are_a_section_with_the_rows_in_order() -> None:
    assert [s.title for s in AIML.sections] == ["Recommendations"]
    rows = [(r.focus, r.title, r.url) for r in AIML.sections[0].resources]
    assert rows == [
        (
            "Math Intuition",
            "Essence of Linear Algebra (YouTube)",
            "https://www.youtube.com/watch?v=kjBOesZCoqc",
        ),
        ("ML/Deep Learning", "Andrew Ng's Deep Learning Specialization (Coursera)", None),
        ("GenAI Projects", "Build with OpenAI, HuggingFace Spaces, LangChain", None),
        ("Deployment", "Gradio, Streamlit, HuggingFace Inference API", None),
        ("Real-world Practice", "Kaggle Competitions, GitHub Repo Contributions", None),
        ("Prompt Engineering", "Learn Prompting", "https://learnprompting.org"),
        ("Cloud Platforms", "AWS/GCP ML Essentials (Free Tier usage)", None),
    ]


def test_aiml_phases_are_not_given_the_recommendations() -> None:
    assert [p.resources for p in AIML.phases] == [[] for _ in AIML.phases]


def test_aiml_phases_keep_the_seed_table_order_and_fields() -> None:
    numbered = [p for p in AIML.phases if p.number is not None]
    assert [p.number for p in numbered] == list(range(1, 16))
    assert all(p.goals and p.outcome and not p.why for p in numbered)
    trends = AIML.phases[15:]
    assert [p.title for p in trends] == [
        "Agentic AI & AutoGPT",
        "AI Code Generation",
        "AI + Blockchain",
        "AI-Powered Edge Devices",
        "Synthetic Data Generation",
        "Ethics & Explainability",
    ]
    assert all(p.elective and p.impact and not p.goals for p in trends)


# --- genai-engineer: the role, the nine steps, the closing sections -------------------------

GENAI_SECTIONS = [
    "Understand the Role of Generative AI Engineer",
    "What does a Generative AI Engineer do?",
    "Responsibilities",
    "Final Note: Workflow Integration",
    "Search Generative AI Jobs",
    "About the Author",
    "Other Roadmaps",
]


def test_genai_sections_in_the_seed_order() -> None:
    assert [s.title for s in GENAI.sections] == GENAI_SECTIONS
    assert GENAI.description.startswith(
        "- Job Category: Very High\n- Best for Software Engineers, and Machine Learning"
    )


def test_the_closing_workflow_is_its_numbered_steps_in_order() -> None:
    final = GENAI.sections[GENAI_SECTIONS.index("Final Note: Workflow Integration")]
    assert final.text is None  # the paragraph comes after the steps, with the job search link
    assert final.items == [
        "Preprocess and analyze data using Python and libraries like Pandas.",
        "Fine-tune generative models with domain-specific datasets.",
        "Deploy generative AI models using scalable MLOps frameworks.",
        "Monitor performance and iterate for continuous improvement.",
    ]
    jobs = GENAI.sections[GENAI_SECTIONS.index("Search Generative AI Jobs")]
    assert jobs.text.startswith("Following this roadmap step-by-step")
    assert [r.url for r in jobs.resources] == [
        "https://www.google.com/search?q=remote+generative+ai+jobs+near+me"
    ]


def test_step_6_owns_its_transformers_item() -> None:
    step6 = GENAI.phase_by_id["generative-models"]
    assert step6.skills == [
        "gans",
        "vaes",
        "generative-transformers",
        "fine-tuning-and-custom-training",
    ]
    owner = GENAI.skill_by_id["generative-transformers"]
    assert owner.description.startswith("Transformers: GPT, DALL-E, T5, Stable Diffusion.\n")
    step4 = GENAI.skill_by_id["transformer-architecture"]
    assert step4.description.startswith("Transformers (NLP).\n")
    assert "DALL-E" not in step4.description and "Stable Diffusion" not in step4.description


def test_probability_and_statistics_is_a_group_of_step_2() -> None:
    step2 = GENAI.phase_by_id["mathematics-for-generative-ai"]
    assert step2.skills == ["linear-algebra", "probability", "statistics", "optimization"]
    groups = [GENAI.skill_by_id[sid].group for sid in step2.skills]
    assert groups == [None, "Probability and Statistics", "Probability and Statistics", None]


def test_sections_before_and_after_the_phases_as_in_the_seeds() -> None:
    assert [s.at for s in AIML.sections] == ["end"]  # after the phases and Emerging Trends
    assert [s.at for s in GENAI.sections] == ["start"] * 3 + ["end"] * 4


# --- choices (one_of) and prerequisites (after) ---------------------------------------------

# (track, phase) -> the choices it offers, each from a choice the seed gives.
CHOICES = {
    ("aiml-genai", "deep-learning"): [["pytorch", "tensorflow"]],  # "PyTorch or TensorFlow"
    ("aiml-genai", "mlops-model-monitoring"): [["aws", "gcp"]],  # "AWS/GCP"
    # "Vector Databases (FAISS, Pinecone), ChromaDB": the concept, then one store to learn.
    ("aiml-genai", "generative-tools-integration"): [["faiss", "pinecone", "chromadb"]],
    # "Matplotlib/Seaborn", "TensorFlow/PyTorch"
    ("genai-engineer", "programming-fundamentals"): [
        ["matplotlib", "seaborn"],
        ["tensorflow", "pytorch"],
    ],
    ("genai-engineer", "deep-learning"): [["tensorflow", "pytorch"]],  # "Frameworks"
    # "Cloud Platforms: AWS SageMaker, Google Vertex AI, Azure ML": one cloud, as AWS/GCP.
    ("genai-engineer", "mlops-and-model-deployment"): [
        ["aws-sagemaker", "google-vertex-ai", "azure-ml"]
    ],
}


def test_the_choices_the_seeds_offer_are_one_of() -> None:
    found = {
        (track.id, phase.id): [c.one_of for c in phase.choices]
        for track in ROADMAP.tracks
        for phase in track.phases
        if phase.choices
    }
    assert found == CHOICES
    assert all(c.count == 1 for t in ROADMAP.tracks for p in t.phases for c in p.choices)


def test_no_track_demands_two_frameworks() -> None:
    for track in ROADMAP.tracks:
        assert {"pytorch", "tensorflow"}.isdisjoint(track.required_skill_ids), track.id
        assert [c.one_of for c in track.required_choices if "pytorch" in c.one_of] in (
            [["pytorch", "tensorflow"]],
            [["tensorflow", "pytorch"]],  # Steps 1 and 4 of genai-engineer: one choice
        )


def test_one_framework_completes_the_choice_in_every_phase_offering_it(run) -> None:
    out = ok(run("done", "pytorch", "-t", "genai-engineer"))
    rows = [line.split() for line in lines(out) if line[:2] in ("1.", "4.")]
    assert [(row[1], row[-1]) for row in rows] == [("Programming", "1/6"), ("Deep", "1/9")]
    listed = lines(ok(run("list", "-t", "genai-engineer", "--phase", "4")))
    assert listed[1].endswith("11% 1/9")


# The prerequisites the seeds imply, every edge: a skill, then the skills it comes after.
AFTER = {
    "aiml-genai": {
        "seaborn": ["matplotlib"],  # built on Matplotlib
        "lstms": ["rnns"],  # an LSTM is a recurrent network
        "dvc": ["git"],  # versions data alongside Git
        "kubernetes": ["docker"],  # orchestrates containers
        "transformer-architecture": ["attention-mechanism"],
        "bert": ["transformer-architecture"],
        "gpt": ["transformer-architecture"],
        "llama": ["transformer-architecture"],
        "vision-transformers": ["transformer-architecture"],
        "github": ["git"],
    },
    "genai-engineer": {
        "backpropagation": ["neural-networks"],
        "cnns": ["neural-networks"],
        "rnns": ["neural-networks"],
        "transformer-architecture": ["attention-mechanism"],
        "bert": ["transformer-architecture"],
        "gpt": ["transformer-architecture"],
        "t5": ["transformer-architecture"],
        "fine-tuning-llms": ["transfer-learning"],
        "generative-transformers": ["transformer-architecture"],
        "fine-tuning-and-custom-training": ["transfer-learning"],
        "deep-rl": ["mdps"],
        "project-text-generation": ["fine-tuning-llms"],
        "project-image-generation": ["generative-transformers"],
    },
}


def test_the_prerequisites_the_seeds_imply_are_after_edges() -> None:
    found = {t.id: {s.id: list(s.after) for s in t.skills if s.after} for t in ROADMAP.tracks}
    assert found == AFTER


def test_a_prerequisite_never_comes_later_in_the_track() -> None:
    # Every edge points back: `next`, walking the phases in order, meets the prerequisite
    # first, except inside one phase where the seed lists the later skill first
    # (Transformers before Attention in both tracks).
    for track in ROADMAP.tracks:
        order = {sid: n for n, sid in enumerate(track.ordered_skill_ids)}
        first_phase = {sid: track.phases.index(track.phases_of[sid][0]) for sid in order}
        for skill in track.skills:
            for before in skill.after:
                assert first_phase[before] <= first_phase[skill.id], (skill.id, before)


def test_the_links_of_each_step_are_typed() -> None:
    untyped = [r.title for p in GENAI.phases for r in p.resources if r.type is None]
    # The model hub and the two data sources are neither docs, course nor video.
    assert untyped == ["Generative AI Guide", "Kaggle", "Hugging Face Datasets"]
    kinds = {r.title: r.type for p in GENAI.phases for r in p.resources}
    assert kinds["Python Playlist"] == "video" and kinds["Official Python Docs"] == "official"


def test_a_skill_in_two_phases_brings_no_sub_heading_into_the_second(run) -> None:
    # A group belongs to the skill: Pandas, in phases 1 and 3 of aiml-genai, has none, so
    # "Data Handling & Preprocessing" shows no "Python" sub-heading the seed does not have.
    listed = lines(ok(run("list", "--phase", "3")))
    assert listed[2:4] == ["· Pandas pandas", "· Scikit-learn scikit-learn"]
    shared = [s for s in AIML.skills if len(AIML.phases_of[s.id]) > 1]
    assert {s.id for s in shared} == {"pandas", "scikit-learn", "langchain"}
    assert [s.group for s in shared] == [None, None, None]


@pytest.mark.parametrize("track", ROADMAP.tracks, ids=[t.id for t in ROADMAP.tracks])
def test_no_sub_heading_comes_twice_in_a_phase(track) -> None:
    for phase in track.phases:
        runs = [track.skill_by_id[sid].group for sid in phase.skill_ids]
        headings = [g for n, g in enumerate(runs) if g and (n == 0 or runs[n - 1] != g)]
        assert len(headings) == len(set(headings)), (phase.id, headings)


def test_the_restructure_lost_no_link() -> None:
    def links(roadmap) -> set[str]:
        found = set()
        for track in roadmap.tracks:
            for holder in [*track.sections, *track.skills, *track.phases]:
                found.update(r.url for r in holder.resources if r.url)
        return found

    assert links(catalog.load_roadmap(BEFORE, cache=False)) <= links(ROADMAP)
