"""PyInstaller entry script for both executables (windowed ``reerisk`` and console ``reerisk-cli``).

It only hands over to ``desktop.cli.main()``, so the frozen app understands the same arguments as the installed
command: no arguments or ``gui [FILE]`` opens the window; ``assess FILE …``, ``--version`` and ``--self-test``
work too (use ``reerisk-cli`` for those on Windows, where the windowed ``reerisk.exe`` has no console).
"""
from __future__ import annotations

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless something starts worker processes
    sys.exit(main())
