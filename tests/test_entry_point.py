"""`__main__.main`: the collector as a caller finds it again, and the heap frozen only at the
exit of the program itself."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from roadmap_cli import __version__
from roadmap_cli.__main__ import main


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on, nothing frozen; and so again after the test whatever it did."""
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def call_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["roadmap", *args])
    try:
        main()
    except SystemExit as done:
        return done.code or 0
    return 0


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--version",), {}),
        (("next",), {}),
        (("show", "nope"), {}),  # an error: exit 1
        ((), {"_ROADMAP_COMPLETE": "complete_bash", "COMP_WORDS": "roadmap do", "COMP_CWORD": "1"}),
    ],
    ids=["version", "command", "error", "completion"],
)
def test_main_gives_a_caller_the_collector_back(
    collector, monkeypatch: pytest.MonkeyPatch, capsys, args: tuple[str, ...], env: dict
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    frozen = gc.get_freeze_count()
    call_main(monkeypatch, *args)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing of the caller's kept from the collector
    capsys.readouterr()


def test_main_leaves_a_collector_the_caller_turned_off_off(
    collector, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    gc.disable()
    assert call_main(monkeypatch, "--version") == 0
    assert not gc.isenabled()
    assert capsys.readouterr().out == f"roadmap {__version__}\n"


def test_the_program_freezes_its_heap_at_exit() -> None:
    """Run as the program (its `__main__` holds `main`), the collector stays off after `main`
    (only the exit follows) and the heap is frozen by an exit handler: Python's last
    collections skip it."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('at exit:', gc.get_freeze_count() > 0, gc.isenabled()))\n"
        "from roadmap_cli.__main__ import main\n"
        "sys.argv = ['roadmap', '--version']\n"
        "main()\n"
        "print('after main:', gc.get_freeze_count(), gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"roadmap {__version__}",
        "after main: 0 False",
        "at exit: True False",
    ]
