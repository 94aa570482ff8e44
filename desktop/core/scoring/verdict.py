"""The product verdict: the few sentences that say what the assessment found, in any language.

One home for the verdict, so the CLI, the JSON, the GUI's summary and the briefing say the same thing. It never
lets unclassified parts pass as safe: when no rule judged some parts, the verdict says how many and what to do.
"""
from __future__ import annotations

from desktop.core.types import TIER_LABELS, Message, Summary
from desktop.i18n import N_


def product_verdict(summary: Summary) -> tuple[Message, ...]:
    """Sentences of the verdict for ``summary`` (rendered with ``Message.render(tr)``). Negative quantities are
    not counted here: the importer reads them as unknown and warns, naming each row."""
    out: list[Message] = []
    tier = Message(TIER_LABELS.get(summary.tier, summary.tier))
    if summary.parts_with_ree:
        out.append(Message(N_("Overall tier {tier} (score {score}): {ree} of {total} parts contains rare earths."),
                           {"tier": tier, "score": f"{summary.score:.1f}", "ree": summary.parts_with_ree,
                            "total": summary.parts_total},
                           plural=N_("Overall tier {tier} (score {score}): {ree} of {total} parts contain rare "
                                     "earths."), count="ree"))
    elif summary.parts_unclassified:
        out.append(Message(N_("No rare earths were found in the parts that were classified; the result stays "
                              "{tier} until the remaining parts are judged."), {"tier": tier}))
    else:
        out.append(Message(N_("The {total} part was not found to contain rare earths."),
                           {"total": summary.parts_total},
                           plural=N_("None of the {total} parts was found to contain rare earths."), count="total"))
    if summary.parts_unclassified:
        out.append(Message(N_("{n} part was not classified: declare its rare-earth content, correct its mapping, or "
                              "ask the supplier."), {"n": summary.parts_unclassified},
                           plural=N_("{n} parts were not classified: declare their rare-earth content, correct their "
                                     "mapping, or ask the supplier.")))
    if summary.parts_not_fitted:
        out.append(Message(N_("{n} line is not fitted (quantity 0) and is not counted."),
                           {"n": summary.parts_not_fitted},
                           plural=N_("{n} lines are not fitted (quantity 0) and are not counted.")))
    return tuple(out)
