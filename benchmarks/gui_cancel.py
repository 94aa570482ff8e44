"""Benchmark: a 400,000-row BOM in the desktop app – is the window responsive, and does Cancel work in time?

Targets (issue 13, docs/performance.md): while parts are mapped and scored, the GUI event loop is never blocked
for more than 100 ms; Cancel during mapping ends the worker within 0.5 s.

What it does:

1. Builds the ImportResult of a ``--rows`` BOM in memory (the importer is measured by ``bench_assess.py``):
   ``--unique`` distinct parts from ``bench_assess``'s realistic catalogue (motors, magnets with grades, MLCCs,
   LEDs, screws …), repeated as real BOMs repeat them. With ``--unique 0`` every row is distinct (a serial in the
   specification) – the worst case for the mapping caches.
2. Opens the main window offscreen and hands the BOM to the session, exactly as the import wizard does.
3. A 5 ms heartbeat timer on the GUI thread records the longest gap between two ticks (= the longest time the
   event loop could not answer a click), per phase: mapping/scoring in the worker, and the table load.
4. Run "cancel": presses Cancel (the status bar's button) ``--cancel-after`` seconds into mapping and measures the
   time until the worker has stopped. Run "full": lets the whole pipeline finish.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_cancel.py                  # 400,000 rows, both runs
    QT_QPA_PLATFORM=offscreen python benchmarks/gui_cancel.py --unique 0 --only cancel
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REERISK_USER_DIR", tempfile.mkdtemp(prefix="reerisk-bench-gui-"))
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="reerisk-bench-gui-cfg-"))  # QSettings: never the user's


def build_import(rows: int, unique: int, seed: int = 20261129) -> Any:
    """An ImportResult with ``rows`` parts (PART_COLUMNS), without going through a file."""
    import pandas as pd

    from bench_assess import _catalogue
    from desktop.core.types import PART_COLUMNS, ImportResult

    rng = random.Random(seed)
    catalogue = _catalogue(rng, unique or min(rows, 20_000))
    columns: dict[str, list[Any]] = {c: [] for c in PART_COLUMNS}
    numeric = {"depth", "quantity", "extended_quantity", "unit_weight_g"}
    for i in range(rows):
        pn, name, spec, unit, supplier, country, weight, _qty = catalogue[rng.randrange(len(catalogue))]
        if not unique:
            spec = f"{spec} lot {i:07d}"
            pn = f"{pn}-{i:07d}"
        record = {"row": i + 7, "part_number": pn, "description": name, "specification": spec, "unit": unit,
                  "supplier": supplier, "country": country or None, "unit_weight_g": weight,
                  "quantity": 1.0, "extended_quantity": 1.0}
        for c in PART_COLUMNS:
            columns[c].append(record.get(c, math.nan if c in numeric else None))
    parts = pd.DataFrame(columns, columns=list(PART_COLUMNS))
    return ImportResult(path=str(ROOT / "bench.xlsx"), file_format="xlsx", sheet="部品表", sheets=("部品表",),
                        header_row=6, headers=("品番", "品名", "仕様"), columns={}, parts=parts, raw_rows=(),
                        rows_total=rows, skipped=())


class Heartbeat:
    """Longest gap between two ticks of a 5 ms timer on the GUI thread, per named phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.phase = "idle"
        self.worst: dict[str, float] = {}
        self.gaps: list[tuple[float, float]] = []     # (gap, time it ended)
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), gap)
        if gap > 0.1:
            self.gaps.append((gap, now))

    def set_phase(self, phase: str) -> None:
        self._tick()
        self.phase = phase


def pump(until: Any, timeout: float) -> bool:
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + timeout
    while not until():
        QApplication.processEvents()
        if time.perf_counter() > end:
            return False
        time.sleep(0.001)
    return True


def run(kind: str, imported: Any, cancel_after: float) -> dict[str, Any]:
    from desktop.core.types import ImportOptions
    from desktop.gui.app import create_app
    from desktop.gui.main_window import MainWindow
    from desktop.gui.session import Stage
    from desktop.gui.settings import Settings

    create_app([sys.argv[0]])
    window = MainWindow(Settings())
    window.show()
    assert pump(lambda: window.session.knowledge is not None, 60)
    beat = Heartbeat()
    pump(lambda: False, 0.2)
    scored: list[float] = []
    window.session.changed.connect(lambda stage: scored.append(time.perf_counter()) if stage == Stage.SCORED
                                   else None)
    progress: list[tuple[float, float]] = []
    beat.set_phase("worker")
    start = time.perf_counter()
    task = window.session.set_imported(imported, ImportOptions())
    task.signals.progress.connect(lambda f, _m: progress.append((time.perf_counter(), f)))
    result: dict[str, Any] = {"run": kind, "rows": len(imported.parts)}
    if kind == "cancel":
        pump(lambda: time.perf_counter() - start >= cancel_after, cancel_after + 5)
        result["progress_at_cancel"] = progress[-1][1] if progress else 0.0
        pressed = time.perf_counter()
        window.progress.cancel_button.click() if window.progress.isVisible() else window.progress.cancel()
        ok = pump(task.is_done, 30)
        result["cancel_latency_s"] = round(time.perf_counter() - pressed, 3) if ok else None
        pump(lambda: False, 0.3)
        result["assessment_after_cancel"] = window.session.assessment is not None
    else:
        ok = pump(lambda: bool(scored), 900)
        result["worker_s"] = round(scored[0] - start, 2) if ok else None
        result["gaps_over_100ms_s_after_start"] = [(round(g, 2), round(t - g - start, 2)) for g, t in beat.gaps]
        beat.set_phase("table")
        pump(lambda: False, 0.5)
    beat.set_phase("after")
    result["progress_updates"] = len(progress)
    result["max_event_loop_gap_ms"] = {k: round(v * 1000, 1) for k, v in beat.worst.items() if k != "after"}
    window.session.dirty = False
    window.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--unique", type=int, default=20_000, help="distinct parts (0 = every row distinct)")
    parser.add_argument("--cancel-after", type=float, default=1.0, help="seconds into the run to press Cancel")
    parser.add_argument("--only", default="cancel,full")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    imported = build_import(args.rows, args.unique)
    print(f"built {args.rows:,} rows ({args.unique or 'all'} distinct) in {time.perf_counter() - t0:.1f} s",
          flush=True)
    for kind in args.only.split(","):
        print(run(kind, imported, args.cancel_after), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
