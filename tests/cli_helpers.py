"""Helpers shared by the CLI test modules (pytest puts this folder on sys.path)."""

from __future__ import annotations

from typer.testing import CliRunner


def runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout on every supported Click.

    Click 8.2 always keeps them apart and dropped the option; 8.1 mixes them by default.
    """
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def ok(result) -> str:
    """The stdout of a run that must succeed quietly."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def squash(text: str) -> str:
    """The text with every run of whitespace (and Rich's soft line breaks) as one space."""
    return " ".join(text.split())


def lines(text: str) -> list[str]:
    return [squash(line) for line in text.splitlines() if line.strip()]


def error_line(result, code: int = 1) -> str:
    """The one stderr line of a command that failed with `code`, without its prefix."""
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("roadmap: error: ")
    return result.stderr.removeprefix("roadmap: error: ").rstrip("\n")


def full_route(capsys, *args: str) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of `args` on the full route (`cli.run`)."""
    import pytest

    from roadmap_cli.cli import run

    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        run(list(args))
    out, err = capsys.readouterr()
    return out, err, ended.value.code or 0


def fast_route(capsys, *args: str) -> tuple[str, str, int] | None:
    """(stdout, stderr, exit code) of `args` on the fast route (`fastroute`); None when it
    falls through, having written nothing."""
    from roadmap_cli import fastroute

    capsys.readouterr()
    code = fastroute.answer(list(args))
    out, err = capsys.readouterr()
    if code is None:
        assert (out, err) == ("", "")
        return None
    return out, err, code


HEAVY = ("typer", "click", "pydantic", "pydantic_core", "rich", "yaml", "fsrs", "markdown_it")


def run_importing(
    argv: list[str], env: dict[str, str], also: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """`roadmap ARGV` in a fresh process, through `__main__.main` as the script runs it: its
    stdout, and which modules of the heavy libraries (`HEAVY`) it imported, and of `also`."""
    import ast
    import subprocess
    import sys

    probe = (
        "import sys\n"
        f"sys.argv = ['roadmap', *{argv!r}]\n"
        "from roadmap_cli.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"  # how Typer ends a run
        "    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {also!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
    )
    out, _, last = done.stdout.rstrip("\n").rpartition("\n")
    return out, ast.literal_eval(last)


def files(home) -> dict:
    """Every file under `home`, by path: its bytes."""
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}


def falls_through(capsys, home, args: list[str]) -> None:
    """`args` left to the full route, the fast route having written nothing under `home`."""
    before = files(home)
    assert fast_route(capsys, *args) is None
    assert files(home) == before
