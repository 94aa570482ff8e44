"""Command line: `reerisk` (GUI), `reerisk gui [FILE]`, `reerisk assess FILE …`, `reerisk --version`."""
from __future__ import annotations

import sys

from desktop import __version__


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("--version", "-V"):
        print(f"reerisk {__version__}")
        return 0
    print("GUI not built yet")
    return 0


def gui_main() -> int:
    return main(["gui"])
