"""Element risk on an as-of date: concentration × controls × recycling × substitution, additive and explained.

score_e = 100 × Σ_f w_f · v_f  over f in {concentration, controls, recycling, substitution}

- concentration: China's share at the bottleneck stage (max over mining, refining, metal, magnet), from the
  element's own figures, else the all-REE stage defaults (EU CRM method: the bottleneck stage is reported).
- controls: the strongest export-control measure covering the element on the as-of date (value by kind and
  treated status, ScoringConfig.control_values).
- recycling: 1 − end-of-life recycling input rate (element figure, else the low end of the group range).
- substitution: 1 − substitutability (no index found → 1, no substitute assumed).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.knowledge.model import STAGES, Control, Element, Figure, Knowledge
from desktop.core.knowledge.status import control_status
from desktop.core.scoring.config import ScoringConfig
from desktop.core.scoring.scenarios import Scenario
from desktop.core.types import (
    CONTROL_STATUS_LABELS,
    STAGE_LABELS,
    ControlStatus,
    DateText,
    Factor,
    Message,
    Text,
)
from desktop.i18n import N_

#: Kinds of measure that restrict exports of the material itself (these make an element "controlled").
MATERIAL_KINDS = ("export_licence", "extraterritorial", "informal_halt", "quota")

FACTOR_LABELS = {
    "concentration": N_("China's share at the bottleneck stage"),
    "controls": N_("Export controls on the as-of date"),
    "recycling": N_("End-of-life recycling (1 − recycling input rate)"),
    "substitution": N_("Substitutability (1 − substitutability)"),
}


@dataclass(frozen=True)
class ElementRisk:
    symbol: str
    score: float
    factors: tuple[Factor, ...]
    controls: tuple[str, ...]        # material-export measures treated as in force
    controlled: bool


_NUMBER = re.compile(r"No\.\s*(\d+)\s*/\s*(\d{4})")


def control_number(control: Control) -> Text:
    """'No. 18/2025' in English; '2025年第18号' in Japanese (公告の番号の書き方)."""
    m = _NUMBER.fullmatch(control.number.strip())
    return Text(control.number, f"{m.group(2)}年第{m.group(1)}号" if m else control.number)


def treated_status(status: str, control: Control, scenario: Scenario, config: ScoringConfig) -> str:
    """Status used for scoring after the scenario's assumptions."""
    if status == "unknown_after_suspension":
        return scenario.after_suspension or config.after_suspension
    if status == "suspended" and scenario.lift_suspensions:
        return "in_force"
    return status


def control_statuses(kb: Knowledge, as_of: dt.date, scenario: Scenario,
                     config: ScoringConfig) -> tuple[ControlStatus, ...]:
    """Every measure's status on ``as_of`` (measures not yet announced are left out)."""
    out: list[ControlStatus] = []
    for control in kb.controls:
        # Only rare-earth measures that act on trade (and the suspensions of such measures) are reported;
        # talks, disputes and domestic regimes stay in the knowledge base as history.
        if control.kind == "suspension":
            pass
        elif control.kind not in config.control_values or not control.elements:
            continue
        status = control_status(control, as_of, kb.as_of)
        if status == "not_yet_announced":
            continue
        treated = treated_status(status, control, scenario, config)
        note = None
        if status == "unknown_after_suspension":
            note = Message(N_("Suspension recorded until {until}; status after that date unknown — treated as "
                              "'{treated}' by assumption."),
                           {"until": DateText(control.suspended_until) if control.suspended_until else "",
                            "treated": Message(STATUS_LABELS.get(treated, treated))})
        out.append(ControlStatus(control.id, status, treated, control.elements, note))
    return tuple(out)


STATUS_LABELS = CONTROL_STATUS_LABELS


def _bottleneck(element: Element, kb: Knowledge) -> tuple[float, str, Figure | None]:
    best: tuple[float, str, Figure | None] = (0.0, "", None)
    for stage in STAGES:
        fig = element.china_share.get(stage)
        if fig is None or fig.value is None:
            if stage == "magnet":
                continue  # the magnet stage only applies to magnet elements that record it
            fig = kb.stage_defaults.get(stage)
        if fig is not None and fig.value is not None and fig.value > best[0]:
            best = (float(fig.value), stage, fig)
    return best


def element_risk(element: Element, kb: Knowledge, statuses: Mapping[str, ControlStatus], scenario: Scenario,
                 config: ScoringConfig) -> ElementRisk:
    w = config.element_weights
    symbol = element.symbol
    # An embargo on the destination halts every element for that destination: scored exactly like halt-<El>
    # for each of them, so it is never milder than any single-element halt (P10). Without a destination the
    # scenario is refused before scoring (scenarios.check_scenario).
    halted = scenario.halts(symbol) or (scenario.embargo and bool(config.destination))

    conc, stage, fig = _bottleneck(element, kb)
    conc_note = Message(N_("bottleneck stage: {stage}"), {"stage": Message(STAGE_LABELS.get(stage, stage))}) \
        if stage else Message(N_("no China share recorded"))
    conc_source = (fig.source or "") if fig else ""
    if halted:
        conc, conc_source = 1.0, "scenario"

    ctrl_value, ctrl_ids, ctrl_sources = 0.0, [], []
    controlled = False
    for control in kb.controls:
        if symbol not in control.elements or not control.applies_to(config.destination):
            continue
        st = statuses.get(control.id)
        if st is None:
            continue
        value = config.control_values.get(control.kind, {}).get(st.treated_as, 0.0)
        if value > 0:
            ctrl_sources.append(control.id)
        if value > ctrl_value:
            ctrl_value = value
        if control.kind in MATERIAL_KINDS and st.treated_as == "in_force":
            ctrl_ids.append(control.id)
            controlled = True
    if halted:
        ctrl_value, controlled = 1.0, True
        ctrl_sources.append("scenario")

    rir_fig = element.eol_rir
    if rir_fig is not None and rir_fig.value is not None:
        rir, rir_source = float(rir_fig.value), rir_fig.source or ""
    elif kb.eol_rir_group is not None and (kb.eol_rir_group.low is not None or kb.eol_rir_group.value is not None):
        low = kb.eol_rir_group.low if kb.eol_rir_group.low is not None else kb.eol_rir_group.value
        rir, rir_source = float(low), kb.eol_rir_group.source or ""  # type: ignore[arg-type]  # low or value set
    else:
        rir, rir_source = 0.0, ""
    sub_fig = element.substitutability
    if sub_fig is not None and sub_fig.value is not None:
        subst, sub_source = float(sub_fig.value), sub_fig.source or ""
    else:
        subst, sub_source = 0.0, N_("not found")

    values = {
        "concentration": (conc, conc_source, conc_note),
        "controls": (ctrl_value, ", ".join(ctrl_sources), None),
        "recycling": (1.0 - rir, rir_source, Message(N_("recycling input rate {rate:.0%}"), {"rate": rir})),
        "substitution": (1.0 - subst, sub_source,
                         None if sub_fig is not None and sub_fig.value is not None
                         else Message(N_("no substitutability index found; no substitute assumed"))),
    }
    if halted:
        values["recycling"] = (1.0, "scenario", None)
        values["substitution"] = (1.0, "scenario", None)
    factors = []
    for name, (value, source, note) in values.items():
        weight = float(w.get(name, 0.0))
        factors.append(Factor(name, FACTOR_LABELS[name], round(value, 4), weight,
                              round(100.0 * weight * value, 2), source, note))
    score = round(sum(f.contribution for f in factors), 2)
    return ElementRisk(symbol, score, tuple(factors), tuple(dict.fromkeys(ctrl_ids)), controlled)
