"""Task / TaskRunner: results come back on the main thread; a new task cancels the old one; errors are shown."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from desktop.core.errors import Cancelled, InputError
from desktop.gui.workers import Task, TaskRunner
from desktop.i18n import N_


def test_result_and_progress_arrive_on_the_main_thread(qtbot) -> None:
    runner = TaskRunner()
    got: list = []
    threads: list = []

    def work(task: Task) -> int:
        threads.append(threading.current_thread())
        for i in range(5):
            task.update(i / 5, "step")
        return 42

    def done(value: int) -> None:
        got.append((value, QThread.currentThread()))

    progress: list[float] = []
    task = runner.start(work, done)
    task.signals.progress.connect(lambda f, m: progress.append(f))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0][0] == 42
    assert got[0][1] is QThread.currentThread()          # delivered in the GUI thread
    assert threads[0] is not threading.main_thread()     # computed in a worker
    assert not runner.is_running()


def test_new_task_cancels_and_silences_the_old_one(qtbot) -> None:
    runner = TaskRunner()
    results: list[str] = []
    release = threading.Event()

    def slow(task: Task) -> str:
        release.wait(5)
        if task.cancelled():
            raise Cancelled()
        return "old"

    first = runner.start(slow, results.append)
    second = runner.start(lambda t: "new", results.append)
    assert first.cancelled() and not second.cancelled()
    release.set()
    qtbot.waitUntil(lambda: first.is_done() and second.is_done(), timeout=5000)
    qtbot.wait(50)
    assert results == ["new"]


def test_failures_go_to_the_error_dialog_but_cancel_is_silent(qtbot, message_boxes) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)

    def bad(task: Task) -> None:
        raise InputError(N_("{file} is empty."), {"file": "x.xlsx"})

    task = runner.start(bad, lambda r: None)
    qtbot.waitUntil(task.is_done, timeout=5000)
    qtbot.waitUntil(lambda: bool(message_boxes.shown), timeout=5000)
    assert message_boxes.texts() == ["x.xlsx is empty."]

    def cancelled(task: Task) -> None:
        raise Cancelled()

    task = runner.start(cancelled, lambda r: None)
    qtbot.waitUntil(task.is_done, timeout=5000)
    qtbot.wait(50)
    assert len(message_boxes.shown) == 1


def test_progress_is_rate_limited(qtbot) -> None:
    runner = TaskRunner()
    seen: list[float] = []

    def work(task: Task) -> None:
        task.signals.progress.connect(lambda f, m: seen.append(f))
        for i in range(10_000):
            task.update(i / 10_000)
        time.sleep(0.05)

    task = runner.start(work, lambda r: None)
    qtbot.waitUntil(task.is_done, timeout=5000)
    qtbot.wait(50)
    assert 0 < len(seen) <= 101


@pytest.mark.parametrize("delay", [0])
def test_runner_wait(qtbot, delay: int) -> None:
    runner = TaskRunner()
    runner.start(lambda t: time.sleep(0.1), lambda r: None)
    assert runner.wait(5.0)


def test_release_in_background_frees_off_the_calling_thread(monkeypatch) -> None:
    """A large result is freed in a worker, after a short delay, taken apart by ``dismantle`` there."""
    import weakref

    from desktop.gui import workers

    monkeypatch.setattr(workers, "RELEASE_DELAY_S", 0.01)

    class Big:
        pass

    big = Big()
    gone = weakref.ref(big)
    seen: list[str] = []
    thread = workers.release_in_background(big, lambda obj: seen.append(threading.current_thread().name))
    del big
    thread.join(5)
    assert seen == [thread.name] and thread.name != threading.main_thread().name
    assert gone() is None


def test_free_in_pieces_frees_long_containers_in_slices(monkeypatch) -> None:
    """Results are taken apart: when the results themselves go, the entries of their long tuples and lists are
    still alive (they are freed afterwards, a slice at a time, not in the one cascade of the results), and
    everything is freed in the end."""
    import dataclasses

    from desktop.gui import workers

    monkeypatch.setattr(workers, "PIECE", 10)
    deaths: list[int] = []
    dead_when_results_went: list[int] = []

    @dataclasses.dataclass(frozen=True)
    class Imported:
        raw_rows: tuple

    @dataclasses.dataclass(frozen=True)
    class Mapped:
        imported: Imported
        mappings: list

    class Cell:
        def __del__(self) -> None:
            deaths.append(1)

    class Box(list):
        def clear(self) -> None:
            super().clear()
            dead_when_results_went.append(len(deaths))

    import numpy as np
    import pandas as pd

    cells = [Cell() for _ in range(65)]
    mapped = Mapped(Imported(tuple((c,) for c in cells[:20])), cells[20:35])
    column = np.empty(15, dtype=object)
    column[:] = cells[35:50]
    table = pd.DataFrame({"texts": cells[50:65], "numbers": np.arange(15.0)})
    box = Box([(mapped.imported, mapped, None, column, table)])
    del cells, mapped, column, table
    workers.free_in_pieces(box)
    assert dead_when_results_went == [0] and len(deaths) == 65 and box == []


def test_progress_that_only_moves_the_bar_is_sent_at_most_every_interval(monkeypatch) -> None:
    """A signal that only moves the bar waits ``PROGRESS_INTERVAL_S`` after the last one; a new message, and the
    end (100 %), go at once (each signal is a slot call and a repaint on the GUI thread)."""
    from desktop.gui import workers

    clock = [100.0]
    monkeypatch.setattr(workers.time, "monotonic", lambda: clock[0])
    task = Task(lambda t: None)
    sent: list[tuple[float, str]] = []
    monkeypatch.setattr(task, "_emit", lambda signal, *args: sent.append(args))
    task.update(0.10, "Reading")            # first: sent
    task.update(0.20)                       # bar only, too soon: dropped
    task.update(0.30, "Mapping")            # new message: sent at once
    clock[0] += workers.PROGRESS_INTERVAL_S / 2
    task.update(0.40)                       # too soon
    task.update(0.40, "Mapping")            # the same message again is no news
    clock[0] += workers.PROGRESS_INTERVAL_S
    task.update(0.50)                       # interval passed: sent
    task.update(1.0)                        # the end: sent
    assert sent == [(0.1, "Reading"), (0.3, "Mapping"), (0.5, ""), (1.0, "")]


def test_a_task_runner_shortens_the_gil_switch_interval() -> None:
    """The GUI thread waits at most ``GUI_SWITCH_INTERVAL_S`` before it may take the GIL from a computing worker;
    a shorter interval someone set is kept."""
    import sys

    from desktop.gui import workers

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        TaskRunner()
        assert sys.getswitchinterval() == pytest.approx(workers.GUI_SWITCH_INTERVAL_S)
        sys.setswitchinterval(0.0005)
        workers.favour_gui_thread()
        assert sys.getswitchinterval() == pytest.approx(0.0005)
    finally:
        sys.setswitchinterval(before)


def test_releases_run_one_after_another(monkeypatch) -> None:
    """Two releases never free side by side (each freeing thread takes the GIL; two of them starved the GUI)."""
    from desktop.gui import workers

    monkeypatch.setattr(workers, "RELEASE_DELAY_S", 0.0)
    active: list[int] = []
    overlap: list[bool] = []
    lock = threading.Lock()

    def dismantle(_obj: object) -> None:
        with lock:
            active.append(1)
            overlap.append(len(active) > 1)
        time.sleep(0.05)
        with lock:
            active.pop()

    threads = [workers.release_in_background(object(), dismantle) for _ in range(3)]
    for thread in threads:
        thread.join(5)
    assert overlap == [False, False, False]
