"""The status of a dated measure on a given day, computed from its recorded dates (never stored).

Rules (docs/ARCHITECTURE.md): before ``announced`` -> not yet announced; between announcement and ``effective`` ->
scheduled; from ``effective`` -> in force; inside ``[suspended_from, suspended_until)`` -> suspended; on or after
``suspended_until`` while the knowledge base's ``as_of`` is earlier than ``suspended_until`` -> unknown after the
suspension; from ``ended`` -> expired.

A measure with no ``effective`` date takes effect when announced; one with neither date (e.g. the 2009-2014
export quotas, whose start is not recorded) counts as in force until it ended.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.knowledge.model import Control, Knowledge
from desktop.i18n import N_

NOT_YET_ANNOUNCED = "not_yet_announced"
SCHEDULED = "scheduled"
IN_FORCE = "in_force"
SUSPENDED = "suspended"
UNKNOWN_AFTER_SUSPENSION = "unknown_after_suspension"
EXPIRED = "expired"

STATUSES: tuple[str, ...] = (
    NOT_YET_ANNOUNCED, SCHEDULED, IN_FORCE, SUSPENDED, UNKNOWN_AFTER_SUSPENSION, EXPIRED,
)

#: The display names of these statuses are ``CONTROL_STATUS_LABELS`` in desktop.core.types (the one table).


def control_status(control: Control, on: dt.date, kb_as_of: dt.date) -> str:
    """The status of ``control`` on the day ``on``.

    Args:
        control: the measure.
        on: the assessment (as-of) date.
        kb_as_of: the date the knowledge base's facts run to (``Knowledge.as_of``).

    Returns:
        One of :data:`STATUSES`.
    """
    start = control.effective or control.announced
    first_known = control.announced or control.effective
    if first_known is not None and on < first_known:
        return NOT_YET_ANNOUNCED
    if control.ended is not None and on >= control.ended:
        return EXPIRED
    if control.suspended_from is not None and on >= control.suspended_from:
        until = control.suspended_until
        if until is None or on < until:
            return SUSPENDED
        if kb_as_of < until:
            return UNKNOWN_AFTER_SUSPENSION
        # The knowledge base knows the suspension lapsed: the measure applies again (per its own dates).
    if start is not None and on < start:
        return SCHEDULED
    return IN_FORCE


@dataclass(frozen=True)
class ScheduledChange:
    """A recorded date of a measure that lies after a reference date (usually the knowledge base's as-of)."""

    control: Control
    date: dt.date
    change: str          # announced | effective | ended | suspension_starts | suspension_ends


CHANGE_LABELS: dict[str, str] = {
    "announced": N_("announcement"),
    "effective": N_("takes effect"),
    "ended": N_("ends"),
    "suspension_starts": N_("suspension starts"),
    "suspension_ends": N_("suspension ends"),
}

_DATE_FIELDS = (
    ("announced", "announced"), ("effective", "effective"), ("ended", "ended"),
    ("suspended_from", "suspension_starts"), ("suspended_until", "suspension_ends"),
)


def scheduled_changes_after(kb: Knowledge, after: dt.date | None = None) -> list[ScheduledChange]:
    """Recorded dates later than ``after`` (default: ``kb.as_of``), in date order.

    These are the changes the knowledge base cannot confirm happened: e.g. the suspension of the October 2025
    measures ends on 2026-11-10, after the as-of date 2026-01-20, so their status must be re-checked.
    """
    after = after or kb.as_of
    out: list[ScheduledChange] = []
    for control in kb.controls:
        for field, change in _DATE_FIELDS:
            value = getattr(control, field)
            if value is not None and value > after:
                out.append(ScheduledChange(control, value, change))
    out.sort(key=lambda c: (c.date, c.control.id, c.change))
    return out


def stale_changes(kb: Knowledge, on: dt.date) -> list[ScheduledChange]:
    """Changes recorded after ``kb.as_of`` whose date has passed by ``on``: the ones to verify.

    An empty list means the knowledge base is not out of date for an assessment on ``on``.
    """
    return [c for c in scheduled_changes_after(kb) if c.date <= on]
