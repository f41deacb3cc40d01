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
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from roadmap_cli import __version__

        sys.stdout.write(f"roadmap {__version__}\n")
        return
    from roadmap_cli.cli import run

    run(args)


if __name__ == "__main__":
    main()
