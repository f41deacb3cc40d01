"""The entry point of `roadmap` and `python -m roadmap_cli`.

`--version` is answered here, before Typer, Rich or Pydantic are imported.
"""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from roadmap_cli import __version__

        sys.stdout.write(f"roadmap {__version__}\n")
        return
    from roadmap_cli.cli import run

    run(args)


if __name__ == "__main__":
    main()
