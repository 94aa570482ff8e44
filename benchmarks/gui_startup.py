"""Time to first show: a bare PySide6 QMainWindow vs the reerisk main window.

Each run is a fresh Python process: interpreter start + imports + QApplication + window + show + the first
event-loop turn (``QTimer.singleShot(0, …)`` after ``show()``). The child reports the wall-clock time from the
moment the parent launched it to that first turn, then exits at once (so background work started after the window
appeared, such as loading the knowledge base, is not counted). Median of N runs (default 5).

    python benchmarks/gui_startup.py [--runs 5] [--platform offscreen]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DONE = """
import os, sys, time
def done():
    sys.stdout.write(f"{time.time() - float(os.environ['BENCH_T0']):.6f}\\n")
    sys.stdout.flush()
    os._exit(0)
"""

BARE = DONE + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 820)
w.show()
QTimer.singleShot(0, done)
app.exec()
"""

REERISK = DONE + """
from PySide6.QtCore import QTimer
from desktop.gui.app import apply_language, create_app
app = create_app()
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
settings = Settings()
apply_language(settings.language())
w = MainWindow(settings)
w.show()
QTimer.singleShot(0, done)
app.exec()
"""


def run(code: str, env: dict[str, str]) -> float:
    env = {**env, "BENCH_T0": repr(time.time())}
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=env, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform,
           "REERISK_USER_DIR": tempfile.mkdtemp(prefix="reerisk-bench-"),
           "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="reerisk-bench-cfg-")}
    run(BARE, env)     # warm the OS file cache
    run(REERISK, env)
    results = {}
    for name, code in (("bare QMainWindow", BARE), ("reerisk MainWindow", REERISK)):
        times = [run(code, env) for _ in range(args.runs)]
        results[name] = statistics.median(times)
        print(f"{name:20s} median {results[name] * 1000:7.0f} ms  (runs: "
              + ", ".join(f"{t * 1000:.0f}" for t in times) + ")")
    ratio = results["reerisk MainWindow"] / results["bare QMainWindow"]
    print(f"ratio {ratio:.2f} (target: at most 2.0)")
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
