"""Benchmark: what one header click in the import wizard costs on the 100,000-row workbook.

Before, every click ran ``preview(path, options)`` and ``read_bom(path, options)``: the file was read, checked
and parsed twice. Now the wizard holds an :class:`~desktop.core.importing.OpenedBook` and a click runs
``book.preview(options)`` and the pipeline's import stage on the book. Both are timed in the same process,
alternately, so that the machine's load affects them alike; the header row alternates between the detected row
and the row below it (a real click, so nothing is cached between clicks).

    python benchmarks/bench_wizard.py --clicks 5
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_wizard.py --gui   # also the wizard itself, with a probe

``--gui`` opens the real wizard, clicks header rows and records the time from the click to the re-laid-out
step 3, and the longest gap of a 10 ms QTimer on the GUI thread while it works.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _workbook(args: argparse.Namespace) -> Path:
    if args.file:
        return Path(args.file)
    from benchmarks.bench_assess import data_file

    return data_file(args.data_dir, args.rows, False, False)


def core(path: Path, clicks: int) -> None:
    from desktop.core.importing import open_book, preview, read_bom
    from desktop.core.pipeline import import_stage
    from desktop.core.types import ImportOptions

    base = ImportOptions()
    before_rss = _rss_mb()
    t = time.perf_counter()
    book = open_book(path, base)
    info = book.preview(base)
    first = book.read(base)
    opened = time.perf_counter() - t
    held = _rss_mb() - before_rss
    del first
    print(f"{path.name}: {info.sheet!r}, header row {info.header_row}")
    print(f"open + first preview + read: {opened:.2f} s; the book and first result add {held:.0f} MB RSS")
    old, new = [], []
    for i in range(clicks):
        options = replace(base, header_row=info.header_row + (1 - i % 2), column_map={})
        t = time.perf_counter()
        preview(path, options)
        read_bom(path, options)
        old.append(time.perf_counter() - t)
        t = time.perf_counter()
        book.preview(options)
        import_stage(path, options, book=book)
        new.append(time.perf_counter() - t)
        print(f"click {i + 1}: re-read {old[-1]:.3f} s, opened book {new[-1]:.3f} s")
    mo, mn = statistics.median(old), statistics.median(new)
    print(f"median of {clicks}: re-read (before) {mo:.3f} s, opened book (now) {mn:.3f} s, ratio {mo / mn:.1f}x")


def gui(path: Path, clicks: int) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.gui.dialogs.import_wizard import ImportWizard

    app = QApplication.instance() or QApplication([])
    wizard = ImportWizard(str(path))
    wizard.show()
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    def wait_loaded() -> float:
        t = time.perf_counter()
        done = [False]
        wizard.loaded.connect(lambda: done.__setitem__(0, True))
        while not done[0] or wizard.busy():
            app.processEvents()
            time.sleep(0.001)
        wizard.loaded.disconnect()
        return time.perf_counter() - t

    print(f"wizard open (read, parse, lay out): {wait_loaded():.2f} s")
    detected = wizard.preview.header_row
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    for i in range(clicks):
        row = detected + (1 - i % 2)   # 1-based; the view's rows are 0-based
        gaps.clear()
        clock.start()
        last[0] = 0.0
        timer.start()
        wizard.grid_view.clicked.emit(wizard.grid_model.index(row - 1, 0))
        took = wait_loaded()
        timer.stop()
        print(f"click {i + 1} (header row {row}): step 3 ready after {took:.3f} s; longest event-loop gap "
              f"{max(gaps, default=0):.0f} ms")
    wizard.reject()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "reerisk-bench",
                        help="where bench_assess caches its workbook (default: $TMPDIR/reerisk-bench)")
    parser.add_argument("--file", default=None, help="time this workbook instead of the generated one")
    parser.add_argument("--clicks", type=int, default=5)
    parser.add_argument("--gui", action="store_true", help="also time the wizard itself (needs Qt)")
    args = parser.parse_args()
    path = _workbook(args)
    core(path, args.clicks)
    if args.gui:
        gui(path, args.clicks)


if __name__ == "__main__":
    main()
