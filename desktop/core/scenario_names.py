"""Display names of the scenarios: the one table and the one naming function for every id a run can carry.

Read by `reerisk scenarios`, the briefing's title block, the workbook's summary and the GUI's scenario bar. It
sits below every stage (like ``masses.py``) so that the GUI can name scenarios before scoring, and pandas with
it, is loaded; ``desktop.core.scoring.scenarios`` re-exports it beside the scenarios' logic.
"""
from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import N_, Translator

#: Display names of the fixed scenarios: the one table read by the CLI (`reerisk scenarios`), the briefing's title
#: block, the workbook's summary and the GUI's scenario bar, through :func:`scenario_label`. The baseline is not
#: "the knowledge base as recorded": it treats a suspended measure as back in force after its recorded end, and
#: its name says so.
SCENARIO_NAMES: dict[str, str] = {
    "baseline": N_("Baseline (suspended measures back in force after their recorded end)"),
    "suspension-extended": N_("Suspension of the October 2025 measures assumed extended"),
    "october-2025-in-force": N_("October 2025 measures assumed in force (suspension lifted)"),
    "embargo": N_("China halts all rare-earth exports to the destination country"),
}

#: Name of every halt-<El> scenario; ``{element}`` is the element's name and symbol ("dysprosium (Dy)").
HALT_NAME = N_("China halts exports of {element}")

#: Name of an id this version does not know (a document saved by a newer version): never the raw id.
UNKNOWN_NAME = N_("Custom scenario")


def scenario_label(scenario_id: str | None, tr: Translator,
                   element_name: Callable[[str], str] | None = None) -> str:
    """The scenario's display name in ``tr``'s language, for any id a run can carry.

    ``halt-<El>`` names the element (``element_name(symbol)``, e.g. from the knowledge base; the symbol alone
    when not given); a combination ("halt-Dy+halt-Tb", "embargo+halt-Dy") joins its parts' names with " + ".
    English writes element names in lower case inside the sentence ("China halts exports of dysprosium (Dy)").
    """
    sid = (scenario_id or "baseline").strip()
    if sid in SCENARIO_NAMES:
        return tr.gettext(SCENARIO_NAMES[sid])
    if "+" in sid:
        return " + ".join(scenario_label(part, tr, element_name) for part in sid.split("+") if part.strip())
    if sid.lower().startswith("halt-") and sid[5:].strip():
        symbol = sid[5:].strip()
        name = element_name(symbol) if element_name is not None else symbol
        if name and name != symbol:
            name = f"{name}（{symbol}）" if tr.lang == "ja" else f"{name.lower()} ({symbol})"
        return tr.gettext(HALT_NAME).format(element=name or symbol)
    return tr.gettext(UNKNOWN_NAME)
