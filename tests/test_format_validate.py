"""`validate` reports every problem it can find, each `file:line: key: message` in plain
words; other commands stop at the first and say how many more there are."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import error_line, ok

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def errors(result) -> list[str]:
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    out = result.stderr.splitlines()
    assert all(line.startswith("roadmap: error: ") for line in out)
    return [line.removeprefix("roadmap: error: ") for line in out]


def test_validate_lists_every_problem_in_plain_words(run, tmp_path: Path) -> None:
    text = (DATA / "format.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("        goals: Learn to code", "        goal: Learn to code")
        .replace("        after: [pytorch]", "        after: [pytorch2]")
        .replace("            url: https://docs.pinecone.io/", "            url: ftp://x")
        .replace("      - id: jax\n        name: JAX", "      - id: jax\n        name: PyTorch")
        .replace("[pytorch, tensorflow, jax]", "[pytorch, tensorflow, jax, torch]")
    )
    path = write(tmp_path, text)
    found = errors(run("validate", str(path)))
    assert found == [
        f"{path}:{line_of(text, 'url: ftp://x')}: tracks[t].skills[vector-databases]"
        ".resources[0].url: a link must start with https://, http:// or mailto: and hold no spaces",
        f"{path}:{line_of(text, 'goal: Learn')}: tracks[t].phases[basics].goal: "
        "unknown key 'goal' (did you mean 'goals'?)",
    ]
    # once the fields are right, the references are checked: every problem again
    text = text.replace("goal: Learn", "goals: Learn").replace("url: ftp://x", "url: https://x.y")
    path = write(tmp_path, text)
    found = errors(run("validate", str(path)))
    assert found == [
        f"{path}:{line_of(text, '- id: jax') + 1}: tracks[t].skills[jax].name: "
        "skill name 'PyTorch' is also the name of skill 'pytorch'",
        f"{path}:{line_of(text, 'after: [pytorch2]')}: tracks[t].skills[vector-databases]"
        ".after[0]: skill 'vector-databases' comes after unknown skill 'pytorch2'",
        f"{path}:{line_of(text, 'one_of:')}: tracks[t].phases[frameworks].skills[0].one_of[3]: "
        "phase 'frameworks' lists unknown skill 'torch'",
    ]


def test_other_commands_stop_at_the_first_problem_and_count_the_rest(run, tmp_path) -> None:
    text = (DATA / "format.yaml").read_text(encoding="utf-8")
    text = text.replace("goals: Learn", "goal: Learn").replace("why: Models", "wy: Models")
    path = write(tmp_path, text)
    assert error_line(run("--roadmap", str(path), "list")) == (
        f"{path}:{line_of(text, 'goal: Learn')}: tracks[t].phases[basics].goal: "
        "unknown key 'goal' (did you mean 'goals'?) "
        "(and 1 more: 'roadmap validate FILE' lists them)"
    )


def test_an_unknown_key_with_nothing_close_is_named(run, tmp_path: Path) -> None:
    text = (
        (DATA / "format.yaml")
        .read_text(encoding="utf-8")
        .replace("  - id: t\n", "  - id: t\n    colour: red\n")
    )
    path = write(tmp_path, text)
    assert error_line(run("validate", str(path))) == (
        f"{path}:{line_of(text, 'colour')}: tracks[t].colour: unknown key 'colour'"
    )


def test_validate_counts_with_the_right_plurals(run, tmp_path: Path) -> None:
    path = DATA / "format.yaml"
    assert ok(run("validate", str(path))) == (
        f"{path}: ok: roadmap 'keys', 1 track, 3 phases, 5 skills\n"
    )


def test_two_skills_of_one_name_are_told_apart_by_their_phases(run, tmp_path: Path) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    text = text.replace("- id: numpy\n        name: NumPy", "- id: numpy\n        name: Num Py")
    text = text.replace("- id: tinyml\n        name: TinyML", "- id: tinyml\n        name: Num Py2")
    path = write(tmp_path, text)
    assert error_line(run("--roadmap", str(path), "done", "num"), 1) == (
        "'num' matches 2 skills: numpy (Num Py, in 1. Programming), "
        "tinyml (Num Py2, in Edge AI (elective)); type more of the name"
    )
