"""Background work: the only threading code of the GUI.

A :class:`Task` is a ``QRunnable`` that runs ``fn(progress)`` in a ``QThreadPool`` and also satisfies the core's
``Progress`` protocol, so a stage reports progress and checks for cancellation through it. Results come back to
the main thread through :class:`TaskSignals` (queued connections). Never touch widgets inside ``fn``.

A :class:`TaskRunner` holds *one* task slot (one per page): starting a new task cancels the old one and ignores
anything it still emits, so a late result never overwrites a newer one. It keeps a Python reference to every task
until it has finished.
"""
from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

#: A task's progress UI appears only if it runs longer than this (milliseconds).
PROGRESS_DELAY_MS = 500
#: Least time between two progress signals that only move the bar (seconds); a new message goes at once.
PROGRESS_INTERVAL_S = 0.1
#: The GIL switch interval while the GUI runs (seconds; CPython's default is 0.005).
GUI_SWITCH_INTERVAL_S = 0.001


def favour_gui_thread() -> None:
    """Shorten the interpreter's GIL switch interval to ``GUI_SWITCH_INTERVAL_S`` (once; never lengthens it).

    Why: while a worker computes in Python, every time the GUI thread needs the GIL – for each Python slot, and
    for each event that passes a Python event filter – it waits until a whole switch interval has passed before
    it may ask the worker to let go. With the default 5 ms, a repaint or a queued signal that needs the GIL a few
    times costs tens of milliseconds, and the event loop fell 100–190 ms behind while a 100,000-row BOM was mapped
    (``perf record -e sched:sched_switch --call-graph dwarf``: the GUI thread in ``take_gil`` under
    ``PyGILState_Ensure``, 5 ms at a time). At 1 ms the worker is interrupted only when the GUI thread is
    waiting, so its own speed barely changes."""
    import sys

    if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


class TaskSignals(QObject):
    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)      # the exception instance
    finished = Signal()          # after succeeded or failed


class Task(QRunnable):
    """Run ``fn(self)`` in a worker thread; ``self`` is the core ``Progress`` for the stages."""

    def __init__(self, fn: Callable[[Task], Any], label: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self.label = label
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._last: tuple[int, str] | None = None
        self._message = ""            # the last message sent
        self._sent_at = 0.0           # time.monotonic() of the last progress signal

    # -- worker thread ------------------------------------------------------------------------------------------
    def run(self) -> None:
        try:
            result = self._fn(self)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the presenter
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.succeeded, result)
        finally:
            self._done.set()
            self._emit(self.signals.finished)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the signals object was deleted (application shutting down)
            pass

    # -- Progress protocol (called from the worker) --------------------------------------------------------------
    def update(self, fraction: float, message: str = "") -> None:
        """Rate-limited: a signal only when the rounded value or the text changes, and one that only moves the
        bar at most every ``PROGRESS_INTERVAL_S`` (each one is a slot call and a repaint on the GUI thread, which
        waits for the GIL while this worker computes: a hundred in a second kept the event loop behind)."""
        key = (int(max(0.0, min(1.0, fraction)) * 100), message)
        if key == self._last:
            return
        now = time.monotonic()
        new_message = bool(message) and message != self._message
        if not new_message and key[0] < 100 and now - self._sent_at < PROGRESS_INTERVAL_S:
            return
        self._last, self._sent_at = key, now
        if message:
            self._message = message
        self._emit(self.signals.progress, key[0] / 100.0, message)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- main thread --------------------------------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)


class TaskRunner(QObject):
    """One task slot. ``start`` cancels and disconnects the running task before it starts the new one."""

    started = Signal(object)   # the Task, for a progress strip

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        favour_gui_thread()
        self._pool = pool or QThreadPool.globalInstance()
        self._task: Task | None = None
        self._alive: set[Task] = set()

    @property
    def current(self) -> Task | None:
        return self._task

    def is_running(self) -> bool:
        return self._task is not None and not self._task.is_done()

    def start(self, fn: Callable[[Task], Any], on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None] | None = None, *, label: str = "",
              error_parent: QWidget | None = None) -> Task:
        """Run ``fn`` in the pool. Without ``on_failure`` errors go to :func:`show_error` (Cancelled is ignored)."""
        self.cancel()
        task = Task(fn, label)
        self._task = task
        self._alive.add(task)

        def succeeded(result: Any) -> None:
            if not isValid(self):   # the runner's owner (a closed dialog) is gone: nobody to tell
                return
            if task is self._task:
                self._task = None
                on_success(result)

        def failed(exc: BaseException) -> None:
            if not isValid(self) or task is not self._task:
                return
            self._task = None
            from desktop.core.errors import Cancelled

            if isinstance(exc, Cancelled):
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                from desktop.gui.errors import show_error

                show_error(error_parent or _parent_widget(self), exc)

        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed)
        task.signals.finished.connect(lambda: self._alive.discard(task))
        self.started.emit(task)
        self._pool.start(task)
        return task

    def cancel(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with warnings.catch_warnings():   # PySide warns when a signal has no connection left
                warnings.simplefilter("ignore", RuntimeWarning)
                for signal in (task.signals.progress, task.signals.succeeded, task.signals.failed):
                    try:
                        signal.disconnect()
                    except (RuntimeError, TypeError):
                        pass

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every task this runner started has finished (on close). True if they all did."""
        return all(task.wait(timeout) for task in list(self._alive))


def gc_paused() -> Any:
    """Pause the cyclic garbage collector while a pipeline stage runs in a worker, and freeze what survives.

    A full collection walks every object of the process while holding the GIL: with a 400,000-row BOM in memory
    that is about a second in which neither the worker checks for Cancel nor the GUI thread answers a click
    (measured in ``benchmarks/gui_cancel.py``). The core's counted pause (``desktop.core.progress.gc_paused``)
    with ``freeze``: see there for what freezing keeps and what it costs."""
    from desktop.core.progress import gc_paused as core_gc_paused

    return core_gc_paused(freeze=True)


#: Seconds a released object waits before it is freed: the GUI thread has shown what replaced it by then.
RELEASE_DELAY_S = 0.5
#: One release frees at a time: several freeing threads at once took the GIL that much more often.
_RELEASING = threading.Lock()


def release_in_background(obj: Any, dismantle: Callable[[Any], None] | None = None) -> threading.Thread:
    """Drop the caller's last use of ``obj`` in a worker thread, taken apart by ``dismantle`` a piece at a time.

    Why: freeing a large object graph is one C call that holds the GIL until the last object is gone – 0.3–0.7 s
    for a reopened 100,000-part document, 30 ms for a live 100,000-part assessment – and the window cannot paint
    meanwhile, even when it happens in a worker. ``dismantle`` empties it in small steps paced by
    :class:`~desktop.app.document.Pacer` (the interpreter can switch threads between them, and the pauses let the
    GUI thread win the GIL from a computing worker), and the release waits ``RELEASE_DELAY_S`` so that what is
    left of it does not add to the GUI thread's own work of showing the new results. Releases run one after
    another, never side by side. The caller must not use ``obj`` afterwards; other references to it see it
    emptied by ``dismantle``."""
    holder = [obj]
    del obj

    def run() -> None:
        time.sleep(RELEASE_DELAY_S)
        with _RELEASING:
            item = holder.pop()
            if dismantle is not None:
                dismantle(item)
            del item

    thread = threading.Thread(target=run, name="reerisk-release", daemon=True)
    thread.start()
    return thread


#: Entries freed at a time by :func:`free_in_pieces` (a slice of a long list: a millisecond at most).
PIECE = 2000


def free_in_pieces(box: list[Any]) -> None:
    """A ``dismantle`` for :func:`release_in_background` of results: ``box`` holds one object; the long tuples and
    lists reachable from it through dataclass fields, tuples and lists (a BOM's raw rows and its mappings, 100,000
    entries each) are freed a slice at a time after the object itself has gone, paced by
    :class:`~desktop.app.document.Pacer`.

    Object columns of numpy arrays and DataFrames (a table's texts) are held the same way. Why: dropping a live
    100,000-row assessment freed its raw rows (a million cells) in one C call, about 30 ms of held GIL, and a
    stored view's table as much again; taken apart, no step holds it for more than a few milliseconds."""
    import dataclasses
    import sys

    from desktop.app.document import Pacer

    np = sys.modules.get("numpy")
    pd = sys.modules.get("pandas")
    long: list[list[Any]] = []
    seen: set[int] = set()
    pacer = Pacer()

    def visit(obj: Any, depth: int) -> None:
        if depth > 4 or id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, (list, tuple)):
            if len(obj) >= PIECE:
                long.append(list(obj))       # holds the entries: the container itself then goes cheaply
            else:
                for item in obj:
                    visit(item, depth + 1)
        elif np is not None and isinstance(obj, np.ndarray):
            if obj.dtype == object and obj.ndim == 1 and len(obj) >= PIECE:
                long.append(obj.tolist())    # a table column of 100,000 texts
                pacer.step()
        elif pd is not None and isinstance(obj, pd.DataFrame):
            for name in obj.columns:
                column = obj[name]
                if column.dtype == object and len(column) >= PIECE:
                    long.append(column.tolist())
                    pacer.step()
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for field in dataclasses.fields(obj):
                visit(getattr(obj, field.name, None), depth + 1)

    visit(box[0] if box else None, 0)
    box.clear()
    for entries in long:
        while entries:
            del entries[-PIECE:]
            pacer.step()


def _parent_widget(obj: QObject) -> QWidget | None:
    parent = obj.parent()
    while parent is not None and not isinstance(parent, QWidget):
        parent = parent.parent()
    return parent
