"""Scenarios: what-if assumptions applied on top of the knowledge base when scoring.

A scenario never changes the knowledge base; it changes how a measure's status is *treated* on the as-of date,
or adds a hypothetical measure (China halts one element; an embargo on the user's destination).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import UsageError
from desktop.core.scenario_names import HALT_NAME, SCENARIO_NAMES, scenario_label  # noqa: F401 - re-exported
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
    halted_elements: tuple[str, ...] = ()   # a combination ("halt-Dy+halt-Tb"): every element halted
    components: tuple[str, ...] = ()        # the ids combined ("halt-Dy", "halt-Tb"); () for a single scenario

    @property
    def description(self) -> str:
        key = "halt-Dy" if self.halted_element else self.id
        return SCENARIOS.get(key, self.id)

    @property
    def descriptions(self) -> tuple[str, ...]:
        """One description msgid per combined scenario (the halt description once for several halts)."""
        if not self.components:
            return (self.description,)
        keys = ["halt-Dy" if c.startswith("halt-") else c for c in self.components]
        return tuple(SCENARIOS.get(k, k) for k in dict.fromkeys(keys))

    def halts(self, symbol: str) -> bool:
        """Whether this scenario stops China's exports of ``symbol`` (not counting an embargo)."""
        return self.halted_element == symbol or symbol in self.halted_elements


#: The scenario ids that change how measures' statuses are treated; at most one of them can be combined with
#: halts (two of them contradict each other).
_STATUS_SCENARIOS = ("suspension-extended", "october-2025-in-force", "embargo")


@dataclass(frozen=True)
class ScenarioInfo:
    """What `reerisk scenarios` lists: the id, what the scenario changes (msgid) and whether it combines."""

    id: str
    changes: str
    combinable: bool


def scenario_catalogue(symbols: tuple[str, ...]) -> list[ScenarioInfo]:
    """Every scenario: the fixed ones, then ``halt-<El>`` for each element of the knowledge base."""
    out = [ScenarioInfo(sid, SCENARIOS[sid], sid != "baseline") for sid in SCENARIO_NAMES]
    out += [ScenarioInfo(f"halt-{sym}", SCENARIOS["halt-Dy"], True) for sym in symbols]
    return out


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
    if "+" in sid:
        return _combined([part.strip() for part in sid.split("+")], symbols)
    valid = ", ".join([k for k in SCENARIOS if k != "halt-Dy"] + ["halt-<element>"])
    raise ScenarioError(N_("Unknown scenario '{scenario}'. Valid scenarios: {valid}."),
                        {"scenario": sid, "valid": valid})


def check_scenario(scenario: Scenario, config: ScoringConfig) -> None:
    """Refuse a scenario that would silently do nothing: ``embargo`` needs the destination country it stops."""
    if scenario.embargo and not config.destination:
        raise ScenarioError(N_("The scenario 'embargo' needs your destination country: give --destination (for "
                               "example --destination JP) or set the destination in the settings."))


def _combined(ids: list[str], symbols: tuple[str, ...]) -> Scenario:
    """Several scenarios at once ("halt-Dy+halt-Tb", "embargo+halt-Dy"): any number of halts plus at most one
    of the scenarios that treat measures' statuses; "baseline" adds nothing. Anything else is refused."""
    parts = [parse_scenario(i, symbols) for i in ids if i and i != "baseline"]
    status = [p for p in parts if p.id in _STATUS_SCENARIOS]
    if len({p.id for p in status}) > 1:
        raise ScenarioError(N_("The scenarios {scenarios} cannot be combined: they assume different things about "
                               "the same measures."), {"scenarios": ", ".join(p.id for p in status)})
    if not parts:
        return Scenario("baseline")
    halted = tuple(dict.fromkeys(p.halted_element for p in parts if p.halted_element))
    components = tuple(dict.fromkeys(p.id for p in parts))
    if len(components) == 1:
        return parts[0]
    base = status[0] if status else Scenario("baseline")
    return Scenario("+".join(components), after_suspension=base.after_suspension,
                    lift_suspensions=base.lift_suspensions, embargo=base.embargo, halted_elements=halted,
                    components=components)
