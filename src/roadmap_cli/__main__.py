"""The entry point of `roadmap` and `python -m roadmap_cli`.

`--version` is answered here, before Typer, Rich or Pydantic are imported; so is a shell's Tab
completion request (`fastcomplete`), from the word list `completion` keeps, whenever it can be
answered exactly as Typer would (anything else goes on to Typer).
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # One short-lived process: the cycle collector would pause again and again while tens of
    # thousands of objects are built (a long history, a large roadmap) and find nothing to
    # free. Reference counting still frees everything else.
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = sys.argv[1:]
        if args in (["--version"], ["-V"]):
            from roadmap_cli import __version__

            sys.stdout.write(f"roadmap {__version__}\n")
            return
        # A shell runs `roadmap` with no arguments to complete a word (Typer would answer any).
        if not args and os.environ.get("_ROADMAP_COMPLETE"):
            from roadmap_cli.fastcomplete import answer

            code = answer()
            if code is not None:
                sys.exit(code)  # as Typer ends a completion
        if not os.environ.get("_ROADMAP_COMPLETE"):
            from roadmap_cli.fastroute import answer as fast

            code = fast(args)
            if code is not None:
                return  # exit code 0, as the full route's
        from roadmap_cli.cli import run

        run(args)
    finally:
        if _is_the_program():
            # Only the exit follows: the collector stays off (turned on now, it would at once
            # go through everything allocated since it was turned off) until the heap is
            # frozen at exit.
            _freeze_at_exit()
        elif collecting:
            # Back as it was for a caller that goes on (a test, another program): the
            # collector on, and nothing of the caller's frozen.
            gc.enable()


def _is_the_program() -> bool:
    """Whether `roadmap` is the program: run by its script or `python -m`, whose `__main__`
    module holds this function. A caller's `__main__` (pytest's, another program's) holds its
    own; one that imports `main` into its `__main__` to run it as its own entry point is
    taken for `roadmap` itself."""
    return getattr(sys.modules.get("__main__"), "main", None) is main


_freezing: list[bool] = []


def _freeze_at_exit() -> None:
    """At exit, freeze the heap before Python's last collections: they then skip it.

    That collection would go through every object alive, about 20 ms with Typer, Rich and
    Pydantic loaded, to free memory that the exit frees anyway. What it is not there to do
    then: finalize objects kept alive only by reference cycles. Their `__del__` methods and
    weakref callbacks do not run at exit (objects freed by reference counting, and the
    modules' own teardown, still are). Nothing of ours waits on that: every file is closed
    where it is used, and `cli.run` flushes stdout itself. The freeze runs from `atexit`, so it
    takes in whatever is still allocated on the way out.
    """
    if _freezing:
        return
    import atexit

    def freeze() -> None:
        gc.disable()
        gc.freeze()

    atexit.register(freeze)
    _freezing.append(True)


if __name__ == "__main__":
    main()
