"""The entry point of `roadmap` and `python -m roadmap_cli`.

`--version` is answered here, before Typer, Rich or Pydantic are imported.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # One short-lived process: the cycle collector would pause again and again while tens of
    # thousands of objects are built (a long history, a large roadmap) and find nothing to
    # free. Reference counting still frees everything else.
    gc.disable()
    try:
        args = sys.argv[1:]
        if args in (["--version"], ["-V"]):
            from roadmap_cli import __version__

            sys.stdout.write(f"roadmap {__version__}\n")
            return
        from roadmap_cli.cli import run

        run(args)
    finally:
        # At exit Python collects once more, through every object alive: about 20 ms with
        # Typer, Rich and Pydantic loaded, to free memory the exit frees anyway. Frozen
        # objects are left out of that collection. (Files are closed where they are used.)
        gc.freeze()


if __name__ == "__main__":
    main()
