"""Tab completion's fast route (`fastcomplete.answer`, from the word list) against the full route
(Typer, `cli.run`): the same bytes, exit code and stderr over a matrix of states, roadmaps,
completion kinds, prefixes and shells; what falls through; the word list as a cache."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_cli import catalog, cli, completion, fastcomplete, paths

SHELLS = ["bash", "zsh", "fish", "fish-is-args"]
REQUEST_VARS = (
    "_ROADMAP_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_FISH_ACTION",
)


def request(shell: str, words: tuple[str, ...]) -> dict[str, str]:
    """What each shell's script sets to ask for the completion of the last of `words`."""
    line = " ".join(shlex.quote(w) if w else "" for w in ("roadmap", *words))
    if shell == "bash":
        cword = str(len(words))
        return {"_ROADMAP_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": cword}
    if shell == "zsh":
        return {"_ROADMAP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    action = "is-args" if shell == "fish-is-args" else "get-args"
    return {
        "_ROADMAP_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": action,
    }


Reply = tuple[str, str, int]


@pytest.fixture
def ask(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """ask(route, shell, words) -> (stdout, stderr, exit code), in this process."""

    def full() -> Reply:
        with pytest.raises(SystemExit) as done:
            cli.run([])
        out, err = capsys.readouterr()
        return out, err, done.value.code or 0

    def fast() -> Reply:
        code = fastcomplete.answer()
        out, err = capsys.readouterr()
        assert code is not None, f"the fast route did not answer (wrote {out!r})"
        return out, err, code

    def invoke(route: str, shell: str, words: tuple[str, ...]) -> Reply:
        for name in REQUEST_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in request(shell, words).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        return full() if route == "full" else fast()

    return invoke


def lines_for(other_track: str, phase: str, skill: str) -> list[tuple[str, ...]]:
    """Every place a skill, phase, track or target completes, with prefixes, options before
    the word, repeated options, `--opt=value` and an empty word."""
    return [
        ("done", skill[:2]),
        ("done", ""),
        ("start", skill[:1]),
        ("skip", "zzz"),
        ("reset", skill[:2].upper()),  # offered folded, then dropped: not what was typed
        ("done", skill, "nu"),
        ("done", "--note", "a note", skill[:2]),
        ("note", skill[:1]),
        ("done", "--track", other_track, "p"),
        ("done", "-t", other_track, "-t", other_track, ""),
        ("--track", other_track, "start", ""),
        ("list", "--phase", phase[:2]),
        ("list", "-p", ""),
        ("list", "--json", "--phase", phase[:1]),
        ("list", "--track", other_track, "--phase", ""),
        ("list", "--track", other_track[:3]),
        ("--track", ""),
        ("-t", "x"),
        ("use", ""),
        ("next", f"--track={other_track}", "-t", ""),
        ("show", skill[:2]),
        ("show", ""),
        ("show", "--json", "g"),
        ("tracks", "--track", ""),
    ]


BUNDLED = lines_for("genai-engineer", "machine-learning", "pandas")
SMALL = lines_for("second", "programming", "pandas")


def seed_progress(run: Callable[..., object], state: str) -> None:
    if state == "empty":
        return
    skills = [s.id for s in catalog.load_roadmap().track("aiml-genai").skills]
    picked = skills[:10] if state == "mid" else skills
    assert run("done", *picked).exit_code == 0  # type: ignore[attr-defined]


def check_routes_agree(ask, lines: list[tuple[str, ...]], prefix: tuple[str, ...] = ()) -> int:
    answered = 0
    for words in lines:
        for shell in SHELLS:
            words_given = (*prefix, *words)
            full = ask("full", shell, words_given)
            fast = ask("fast", shell, words_given)
            assert fast == full, (shell, words_given)
            answered += bool(full[0])
    return answered


@pytest.mark.parametrize("state", ["empty", "mid", "complete"])
def test_fast_and_full_routes_agree_on_the_bundled_roadmap(ask, run, state: str) -> None:
    seed_progress(run, state)
    assert check_routes_agree(ask, BUNDLED) > len(BUNDLED) * 2  # most offer something


@pytest.mark.parametrize("given", ["env", "line"])
def test_fast_and_full_routes_agree_on_a_custom_roadmap(
    ask, run, small_roadmap: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    seed_progress(run, "mid")
    if given == "env":
        monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
        check_routes_agree(ask, SMALL)
    else:
        check_routes_agree(ask, SMALL, prefix=("--roadmap", str(small_roadmap)))
        check_routes_agree(ask, SMALL[:3], prefix=(f"--roadmap={small_roadmap}",))


@pytest.mark.parametrize(
    "env",
    [{"COLUMNS": "120"}, {"COLUMNS": "50", "NO_COLOR": "1"}, {"FORCE_COLOR": "1"}],
    ids=["120-columns", "50-columns-no-colour", "colour"],
)
def test_fast_and_full_routes_agree_at_other_widths_and_colours(
    ask, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    check_routes_agree(ask, BUNDLED[:12])


def test_the_track_chosen_with_use_is_the_one_completed(ask, run) -> None:
    assert run("use", "genai-engineer").exit_code == 0
    full = ask("full", "bash", ("done", "ge"))
    assert full == ("generative-adversarial-networks\ngenerative-transformers\n", "", 0)
    assert ask("fast", "bash", ("done", "ge")) == full


def test_the_track_from_the_environment_is_the_one_completed(
    ask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_TRACK", "genai-engineer")
    full = ask("full", "zsh", ("done", "ge"))
    assert full[0].startswith('_arguments \'*: :(("generative-adversarial-networks":')
    assert ask("fast", "zsh", ("done", "ge")) == full


# --- What falls through to the full route.


def falls_through(monkeypatch: pytest.MonkeyPatch, capsys, shell: str, *words: str) -> bool:
    for name in REQUEST_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in request(shell, words).items():
        monkeypatch.setenv(name, value)
    code = fastcomplete.answer()
    out, err = capsys.readouterr()
    return code is None and (out, err) == ("", "")


@pytest.fixture
def listed(ask) -> None:
    """The word list of the bundled roadmap is there (the full route wrote it)."""
    assert ask("full", "bash", ("done", "pa"))[0] == "pandas\n"
    assert ask("fast", "bash", ("done", "pa"))[0] == "pandas\n"


@pytest.mark.parametrize(
    "words",
    [
        ("done", "--"),  # option names
        ("done", "-"),
        ("",),  # command names
        ("do",),
        ("--help", "done", "pa"),  # an eager option
        ("--version", ""),
        ("done", "--help", "pa"),
        ("done", "--note", ""),  # a value without our completion
        ("list", "--status", ""),
        ("note", "pandas", ""),  # the note's text
        ("done", "--", "pa"),
        ("done", "--bogus", "pa"),
        ("bogus", "pa"),
        ("done", "-ntext", "pa"),
        ("done", "--roadmap", "x.yaml", "pa"),  # hoisted from after the command
        ("done", "--track", "GENAI-engineer", "py"),  # folded by the full route
        ("done", "--track", "nope", "py"),
        ("done", "--track", "", "py"),
        ("--roadmap", ""),
        ("show", "pandas", ""),  # no argument left
        ("done", "--note", "--track", "p"),
    ],
)
def test_what_the_fast_route_leaves_to_the_full_route(
    listed, monkeypatch: pytest.MonkeyPatch, capsys, words: tuple[str, ...]
) -> None:
    assert falls_through(monkeypatch, capsys, "bash", *words)


def test_other_requests_fall_through(listed, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "20")  # Rich would wrap "Privacy-Preserving AI"
    assert falls_through(monkeypatch, capsys, "zsh", "done", "pr")
    assert falls_through(monkeypatch, capsys, "fish", "done", "pr")
    assert not falls_through(monkeypatch, capsys, "bash", "done", "pr")  # no help shown
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")
    assert falls_through(monkeypatch, capsys, "zsh", "done", "pa")
    monkeypatch.delenv("TERM")
    for name, value in [
        ("COMP_CWORD", "x"),
        ("COMP_CWORD", "0"),
        ("_ROADMAP_COMPLETE", "complete_powershell"),
        ("_ROADMAP_COMPLETE", "source_bash"),
    ]:
        request_env = request("bash", ("done", "pa"))
        for var, given in {**request_env, name: value}.items():
            monkeypatch.setenv(var, given)
        assert fastcomplete.answer() is None, (name, value)
    monkeypatch.setenv("_ROADMAP_COMPLETE", "complete_fish")
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "other")
    assert fastcomplete.answer() is None
    assert capsys.readouterr() == ("", "")


def test_a_folder_or_an_empty_roadmap_file_falls_through(
    listed, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv("ROADMAP_FILE", str(tmp_path))
    assert falls_through(monkeypatch, capsys, "bash", "done", "pa")
    monkeypatch.setenv("ROADMAP_FILE", "")
    assert falls_through(monkeypatch, capsys, "bash", "done", "pa")


# --- The word list as a cache.


def the_list() -> Path:
    key = completion.key(None)
    assert key is not None
    return completion.entry_path(paths.cache_dir(), key)


def test_without_a_list_the_fast_route_falls_through_and_the_full_route_writes_it(
    ask, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    assert falls_through(monkeypatch, capsys, "bash", "done", "pa")
    assert not the_list().exists()
    assert ask("full", "bash", ("done", "pa")) == ("pandas\n", "", 0)
    header, _, body = the_list().read_bytes().partition(b"\n")
    assert header == the_list().name.encode()  # named by its key, inside as well
    doc = json.loads(body)  # data: loading it runs no code
    assert doc["default"] == "aiml-genai"
    assert ask("fast", "bash", ("done", "pa")) == ("pandas\n", "", 0)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: raw.replace(b'"default":"aiml-genai"', b'"default":"nope"'),
        lambda raw: raw.replace(b'"skills":{', b'"skills":{"x":1,'),
        lambda raw: raw.replace(b"\\nPandas\\tpandas", b"\\nPandas\\tpandas\\u001b[2J"),
        lambda raw: raw.split(b"\n", 1)[0] + b"\n[]",
        lambda raw: b"other-name.json\n" + raw.split(b"\n", 1)[1],
    ],
    ids=["torn", "empty", "unknown-default", "extra-track", "control", "shape", "foreign"],
)
def test_a_damaged_list_is_a_miss_and_the_full_route_writes_it_again(
    listed, ask, monkeypatch: pytest.MonkeyPatch, capsys, damage: Callable[[bytes], bytes]
) -> None:
    entry = the_list()
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert falls_through(monkeypatch, capsys, "bash", "done", "pa")
    assert ask("full", "bash", ("done", "pa")) == ("pandas\n", "", 0)
    assert entry.read_bytes() == good
    assert ask("fast", "bash", ("done", "pa")) == ("pandas\n", "", 0)


def test_a_list_of_another_version_of_the_roadmap_is_never_used(
    ask, monkeypatch: pytest.MonkeyPatch, capsys, small_roadmap: Path
) -> None:
    monkeypatch.setenv("ROADMAP_FILE", str(small_roadmap))
    assert ask("full", "bash", ("done", "ti")) == ("tinyml\n", "", 0)
    assert ask("fast", "bash", ("done", "ti")) == ("tinyml\n", "", 0)
    old = the_list_of(small_roadmap)
    # Same size, same name: only the content (and the times) tell the versions apart.
    text = small_roadmap.read_text(encoding="utf-8").replace("tinyml", "tinyxx")
    small_roadmap.write_text(text, encoding="utf-8")
    assert falls_through(monkeypatch, capsys, "bash", "done", "ti")
    assert ask("full", "bash", ("done", "ti")) == ("tinyxx\n", "", 0)
    assert ask("fast", "bash", ("done", "ti")) == ("tinyxx\n", "", 0)
    assert not old.exists()  # the older list of the same file is swept


def the_list_of(roadmap: Path) -> Path:
    key = completion.key(str(roadmap))
    assert key is not None
    return completion.entry_path(paths.cache_dir(), key)


def test_a_change_of_the_chosen_track_is_a_miss(
    listed, ask, run, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for name in REQUEST_VARS:  # else the app would complete instead of running `use`
        monkeypatch.delenv(name, raising=False)
    assert run("use", "genai-engineer").exit_code == 0
    assert falls_through(monkeypatch, capsys, "bash", "done", "ge")
    assert ask("full", "bash", ("done", "ge")) == (
        "generative-adversarial-networks\ngenerative-transformers\n",
        "",
        0,
    )
    assert ask("fast", "bash", ("done", "ge")) == (
        "generative-adversarial-networks\ngenerative-transformers\n",
        "",
        0,
    )


def test_a_broken_settings_file_is_left_to_the_full_route(
    listed, ask, monkeypatch: pytest.MonkeyPatch, capsys, roadmap_home: Path
) -> None:
    (roadmap_home / "settings.json").write_text("{not json", encoding="utf-8")
    assert ask("full", "bash", ("done", "pa")) == ("\n", "", 0)  # it offers nothing
    assert falls_through(monkeypatch, capsys, "bash", "done", "pa")
    # A track named on the line needs no settings: answered from the same list.
    assert ask("full", "bash", ("done", "-t", "aiml-genai", "pa")) == ("pandas\n", "", 0)
    assert ask("fast", "bash", ("done", "-t", "aiml-genai", "pa")) == ("pandas\n", "", 0)


def test_the_key_holds_what_the_list_depends_on(roadmap_home: Path) -> None:
    key = completion.key(None)
    assert key is not None
    _, version, code, roadmap, settings = key
    from roadmap_cli import __version__, prefs

    assert version == __version__
    assert "/options.py" in [name for name, _, _ in code]
    assert "commands/edit.py" in [name for name, _, _ in code]
    assert roadmap[0] == str(paths.bundled_roadmap_path().resolve())
    assert settings == [str(prefs.settings_path())]  # not there yet
    assert max(catalog.MAX_ROADMAP_BYTES, prefs.MAX_BYTES) <= completion.MAX_KEYED_BYTES


# --- Real processes: the installed entry point against Typer, byte for byte.


def process(route: str, env: dict[str, str], probe: Path) -> subprocess.CompletedProcess[bytes]:
    """`roadmap` as the shell runs it (fast), or Typer's route alone (full); the probe file
    says whether Typer was imported."""
    entry = "roadmap_cli.__main__" if route == "fast" else "roadmap_cli.cli"
    code = (
        "import sys\n"
        f"from {entry} import main\n"
        "try:\n    main()\n"
        f"finally:\n    open({str(probe)!r}, 'w').write(str('typer' in sys.modules))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_the_installed_entry_point_answers_without_typer_byte_for_byte(
    tmp_path: Path, shell: str
) -> None:
    for words in [("done", "sc"), ("list", "--phase", ""), ("show", "gen")]:
        env = request(shell, words)
        full = process("full", env, tmp_path / "probe")  # also writes the list
        assert (tmp_path / "probe").read_text() == "True"
        fast = process("fast", env, tmp_path / "probe")
        assert (tmp_path / "probe").read_text() == "False", words
        assert (fast.stdout, fast.stderr, fast.returncode) == (
            full.stdout,
            full.stderr,
            full.returncode,
        )


@pytest.mark.parametrize(
    ("env", "answered_fast"),
    [({"TERMINAL_WIDTH": "200"}, True), ({"TERMINAL_WIDTH": "12"}, False)],
    ids=["wide", "narrow"],
)
def test_typers_terminal_width_is_followed(
    tmp_path: Path, env: dict[str, str], answered_fast: bool
) -> None:
    """TERMINAL_WIDTH is read by Typer as it is imported: only a real process shows it."""
    request_env = {**request("zsh", ("done", "pr")), **env}
    full = process("full", request_env, tmp_path / "probe")
    fast = process("fast", request_env, tmp_path / "probe")
    assert (tmp_path / "probe").read_text() == str(not answered_fast)
    assert (fast.stdout, fast.stderr, fast.returncode) == (full.stdout, full.stderr, 0)


def test_a_stdout_that_is_not_utf8_is_left_to_the_full_route(
    listed, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    for name, value in request("bash", ("done", "pa")).items():
        monkeypatch.setenv(name, value)
    assert fastcomplete.answer() is None


def test_bash_completes_through_its_own_script_on_either_route(tmp_path: Path) -> None:
    """The script `--show-completion bash` prints, run by bash on the installed `roadmap`."""
    import shutil

    bash, roadmap = shutil.which("bash"), Path(sys.executable).with_name("roadmap")
    if bash is None or not roadmap.is_file():
        pytest.skip("needs bash and the installed `roadmap` script")
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [str(roadmap), "--show-completion", "bash"], env=env, capture_output=True, text=True
    ).stdout
    tab = (
        f"{script}\nCOMP_WORDS=(roadmap list --phase ma); COMP_CWORD=3\n"
        f"_roadmap_completion {shlex.quote(str(roadmap))}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    offered = ["mathematics-for-ai-ml", "machine-learning"]
    for _ in ("full, writing the list", "fast, from it"):
        done = subprocess.run([bash, "-c", tab], env=env, capture_output=True, text=True)
        assert (done.stdout.split(), done.stderr) == (offered, "")
    assert list(paths.cache_dir().glob("complete-*.json"))


def test_the_grammar_leaves_out_what_the_fast_route_does_not_parse() -> None:
    """A command with an argument that runs code as it is parsed is left to the full route;
    so are options that do (the fast route then falls through when it meets them)."""
    import typer
    from typer.main import get_command

    from roadmap_cli import options

    app = typer.Typer()

    @app.command()
    def plain(
        skills: list[str] = typer.Argument(..., autocompletion=options.complete_skill),
        loud: bool = typer.Option(False, "--loud", callback=lambda v: v),
        phase: str = typer.Option("", "--phase", "-p", autocompletion=options.complete_phase),
    ) -> None: ...

    @app.command()
    def checked(word: str = typer.Argument(..., callback=lambda v: v)) -> None: ...

    grammar = completion.grammar(get_command(app), options.CALLBACKS)
    assert grammar["commands"] == {
        "plain": {
            "options": {"--phase": ["phase", True, "phase"], "-p": ["phase", True, "phase"]},
            "arguments": [["skills", -1, "skill"]],
        }
    }


def test_a_plain_request_imports_no_typing(roadmap_home: Path) -> None:
    """`typing` costs milliseconds on every key press (and Typer far more)."""
    env = {
        **os.environ,
        "_ROADMAP_COMPLETE": "complete_bash",
        "COMP_WORDS": "roadmap done pa",
        "COMP_CWORD": "2",
    }
    probe = (
        "import sys\n"
        "from roadmap_cli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typing', 'typer') if m in sys.modules))\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, check=True)
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"
