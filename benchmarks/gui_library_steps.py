"""Benchmark: the longest event-loop gap of the desktop app while the Library menu writes the supplier surveys of a
100,000-row BOM and reads them back (issue 12: nothing slow on the GUI thread; goal ≤ 100 ms, recorded in
docs/performance.md, "Library and survey steps in a worker").

What it does, offscreen, in one process:

1. Opens ``bench_assess.py``'s generated workbook (``--rows``, cached in ``--data-dir``) as the app does
   (``session.run_source``: import, map and score in the worker) and waits for the parts table.
2. A QTimer probe (``gui_event_loop.Probe``: a tick every 10 ms on the GUI thread) records per phase the longest
   gap between two ticks, i.e. the longest time a click would have waited.
3. Phases, each started as the menu item starts it, and over when its sentence is on the status line:
   ``survey_export`` – Library → Export Supplier Surveys: the BOM is read again and one workbook per supplier is
                       written (``LibraryMenu.export_surveys``);
   ``survey_import`` – Library → Import Supplier Declarations on every workbook just written (unanswered: nothing
                       is stored, every row is read).

The surveys are written to a temporary folder, removed at the end; the part library lives in a temporary user
folder. Run from the repository root::

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_library_steps.py                 # 100,000 rows
    QT_QPA_PLATFORM=offscreen python benchmarks/gui_library_steps.py --rows 5000 --json-out steps.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gui_event_loop import GOAL_S, PROBE_MS, Probe, run_until  # noqa: E402 - sets the offscreen/user-folder defaults


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "reerisk-bench")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args(argv)

    from bench_assess import data_file
    from desktop.core.types import ImportOptions
    from desktop.gui.app import create_app
    from desktop.gui.main_window import MainWindow
    from desktop.gui.session import Stage
    from desktop.gui.settings import Settings

    source = data_file(args.data_dir, args.rows, False, False)
    work = Path(tempfile.mkdtemp(prefix="reerisk-library-steps-"))
    folder = work / "surveys"
    create_app([sys.argv[0]])
    window = MainWindow(Settings())
    window.show()
    assert run_until(lambda: window.session.knowledge is not None, 120), "knowledge base did not load"
    s, menu = window.session, window.library_menu
    scored: list[int] = []
    s.changed.connect(lambda stage: scored.append(1) if stage == Stage.SCORED else None)
    s.run_source(str(source), ImportOptions())
    assert run_until(lambda: bool(scored), 600), "the BOM was not assessed"
    run_until(lambda: False, 1.0)
    probe = Probe()
    run_until(lambda: False, 0.3)
    times: dict[str, float] = {}

    def phase(name: str, start: Any, words: str, timeout: float = 600) -> None:
        window.statusBar().clearMessage()
        probe.set_phase(name)
        t0 = time.perf_counter()
        start()
        ok = run_until(lambda: words in window.statusBar().currentMessage(), timeout)
        times[name] = round(time.perf_counter() - t0, 2)
        run_until(lambda: False, 0.3)
        if not ok:
            raise SystemExit(f"{name}: did not finish in {timeout} s")

    phase("survey_export", lambda: menu.export_surveys(str(folder)), "written to")
    workbooks = sorted(str(p) for p in folder.glob("*.xlsx"))
    phase("survey_import", lambda: menu.import_declarations(workbooks), "declarations imported")
    probe.set_phase("done")

    result = {"rows": args.rows, "survey_workbooks": len(workbooks), "probe_ms": PROBE_MS, "goal_ms": GOAL_S * 1000,
              "longest_gap_ms": {k: round(v * 1000) for k, v in probe.worst.items() if k not in ("idle", "done")},
              "phase_s": times, "gaps_over_goal": probe.long, "cpus": os.cpu_count()}
    print(json.dumps(result, indent=1))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    s.runner.cancel()
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
