"""Progress and cancellation, without Qt. Stages call ``progress.update`` and check ``progress.cancelled()``."""
from __future__ import annotations

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
