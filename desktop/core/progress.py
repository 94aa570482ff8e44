"""Progress and cancellation, without Qt. Stages call ``progress.update`` and check ``progress.cancelled()``."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from desktop.core.errors import Cancelled


class Progress(Protocol):
    def update(self, fraction: float, message: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """A progress sink that ignores updates and never cancels."""

    def update(self, fraction: float, message: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


def check(progress: Progress | None) -> None:
    """Raise :class:`Cancelled` if the user asked to stop."""
    if progress is not None and progress.cancelled():
        raise Cancelled()


_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = True
_gc_freeze = False


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a stage builds many long-lived objects.

    Reading a 100,000-row sheet, loading the knowledge base or mapping a large BOM creates hundreds of thousands
    of containers, none of them garbage; every 700 new containers trigger a collection, and the older
    generations are walked again and again (≈0.1 s per stage on a 100,000-row BOM). Nothing else changes:
    reference counting still frees everything as usual, cycles are collected once the collector runs again.
    Nested and concurrent uses (the GUI's workers) are counted: the collector is switched back on (if it was on)
    when the last of them ends or fails, never while another thread still builds.

    ``freeze`` (the desktop app): when the last pause ends, the surviving objects – a BOM and its results, which
    live until the next BOM – are frozen out of later collections (``gc.freeze``), so a full collection does not
    walk them and hold the GIL for up to a second while the window should answer. Reference counting still frees
    them when they are dropped; only reference cycles among them stay until the process ends.
    """
    global _gc_holders, _gc_was_enabled, _gc_freeze
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
        _gc_freeze = _gc_freeze or freeze
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0:
                if _gc_freeze:
                    gc.freeze()
                    _gc_freeze = False
                if _gc_was_enabled:
                    gc.enable()


def sub_progress(progress: Progress | None, start: float, end: float) -> Progress:
    """A view of ``progress`` that maps 0..1 onto start..end."""
    return _Sub(progress or NullProgress(), start, end)


class _Sub:
    def __init__(self, parent: Progress, start: float, end: float) -> None:
        self._parent, self._start, self._span = parent, start, end - start

    def update(self, fraction: float, message: str = "") -> None:
        self._parent.update(self._start + self._span * max(0.0, min(1.0, fraction)), message)

    def cancelled(self) -> bool:
        return self._parent.cancelled()
