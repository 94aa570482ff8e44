"""Scenarios: what-if assumptions applied on top of the knowledge base when scoring.

A scenario never changes the knowledge base; it changes how a measure's status is *treated* on the as-of date,
or adds a hypothetical measure (China halts one element; an embargo on the user's destination).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import UsageError
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.scoring.config import ScoringConfig

#: Scenario id -> English description (msgid). ``halt-XX`` works for any rare-earth symbol.
SCENARIOS: dict[str, str] = {
    "baseline": N_("Knowledge base as recorded; measures whose suspension has ended are treated as back in force "
                   "(conservative)"),
    "suspension-extended": N_("Assume the suspension of the October 2025 measures was extended beyond its "
                              "recorded end date"),
    "october-2025-in-force": N_("Assume the suspended October 2025 measures are in force (suspension lifted)"),
    "embargo": N_("China halts all rare-earth exports to your destination country"),
    "halt-Dy": N_("China halts exports of one element (halt-Dy, halt-Tb, halt-Nd …)"),
}


class ScenarioError(UsageError):
    """The scenario cannot be run as asked: an unknown id, or ``embargo`` without a destination country.

    A usage error: the CLI exits with code 2; the GUI shows the message and keeps the previous scenario."""


@dataclass(frozen=True)
class Scenario:
    id: str
    after_suspension: str | None = None     # override for "unknown_after_suspension"
    lift_suspensions: bool = False          # treat "suspended" as "in_force"
    halted_element: str | None = None       # element whose exports stop entirely
    embargo: bool = False                   # all exports to the destination stop

    @property
    def description(self) -> str:
        key = "halt-Dy" if self.halted_element else self.id
        return SCENARIOS.get(key, self.id)


def parse_scenario(scenario_id: str | None, symbols: tuple[str, ...]) -> Scenario:
    """Turn a scenario id into a :class:`Scenario`; unknown ids raise a CoreError listing the valid ones."""
    sid = (scenario_id or "baseline").strip()
    if sid == "baseline":
        return Scenario("baseline")
    if sid == "suspension-extended":
        return Scenario(sid, after_suspension="suspended")
    if sid == "october-2025-in-force":
        return Scenario(sid, after_suspension="in_force", lift_suspensions=True)
    if sid == "embargo":
        return Scenario(sid, embargo=True)
    if sid.lower().startswith("halt-"):
        wanted = sid[5:].strip().lower()
        for sym in symbols:
            if sym.lower() == wanted:
                return Scenario(f"halt-{sym}", halted_element=sym)
    valid = ", ".join([k for k in SCENARIOS if k != "halt-Dy"] + ["halt-<element>"])
    raise ScenarioError(N_("Unknown scenario '{scenario}'. Valid scenarios: {valid}."),
                        {"scenario": sid, "valid": valid})


def check_scenario(scenario: Scenario, config: ScoringConfig) -> None:
    """Refuse a scenario that would silently do nothing: ``embargo`` needs the destination country it stops."""
    if scenario.embargo and not config.destination:
        raise ScenarioError(N_("The scenario 'embargo' needs your destination country: give --destination (for "
                               "example --destination JP) or set the destination in the settings."))
