"""Part detail panel: classes, element grams with low–high ranges, evidence and "why this score".

It renders one part as a plain dict in the shape of the JSON output's ``parts[]`` entries, so the same panel shows
a live assessment and the stored results of a saved document.
"""
from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.core.report.format import element_name as core_element_name
from desktop.gui import theme
from desktop.gui.labels import confidence_label, format_grams, format_range, method_label, tier_label
from desktop.i18n import _, current_language, translation_for

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.types import Assessment


def part_view(assessment: Assessment, index: int) -> dict[str, Any]:
    """One part of ``assessment`` as a JSON-like dict (texts rendered in the current UI language)."""
    from desktop.app.results import live_part

    return live_part(assessment, index, translation_for(current_language()))


def class_name(knowledge: Knowledge | None, class_id: str) -> str:
    if knowledge is None or class_id not in knowledge.classes:
        return class_id
    cls = knowledge.classes[class_id]
    return cls.name_ja if current_language() == "ja" and cls.name_ja else cls.name_en


def element_name(knowledge: Knowledge | None, symbol: str) -> str:
    """The element's name in the UI language: the core's one rule (knowledge base, else the glossary's names)."""
    return core_element_name(symbol, translation_for(current_language()), knowledge)


def _num(value: Any, fmt: str = "{:.2f}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return fmt.format(value)


def render_part_html(part: Mapping[str, Any], knowledge: Knowledge | None) -> str:
    e = html.escape
    tier = str(part.get("tier") or "none")
    accent = theme.tier_accent(tier).name()
    title = " — ".join(x for x in (part.get("part_number"), part.get("description")) if x)
    out = [f"<h3 style='margin:0'>{e(title or _('(no part number)'))}</h3>"]
    unclassified = tier == "unclassified"
    score_text = "–" if unclassified else _num(part.get("score"), "{:.1f}")
    out.append(f"<p><span style='background:{accent};color:white;padding:2px 6px'>&nbsp;{e(tier_label(tier))}"
               f"&nbsp;</span>&nbsp; {e(_('Score'))}: <b>{score_text}</b> / 100"
               f" &nbsp;·&nbsp; {e(_('Row'))} {part.get('row')}</p>")
    if unclassified:
        headline = _("Not classified: no rule recognised this part, so its rare-earth content is unknown, not zero.")
        steps = (_("declare its rare-earth content (a declared content column in the BOM);"),
                 _("or correct it here with “Correct this part…” (saved in your part library);"),
                 _("or ask the supplier for a rare-earth content declaration."))
        out.append(f"<p style='border-left:4px solid {accent};padding-left:6px'><b>{e(headline)}</b><br>"
                   f"{e(_('Next step:'))}</p><ul style='margin-left:-20px'>"
                   + "".join(f"<li>{e(step)}</li>" for step in steps) + "</ul>")
    facts = []
    for label, value in ((_("Supplier"), part.get("supplier")), (_("Manufacturer"), part.get("manufacturer")),
                         (_("Manufacturer part number"), part.get("mpn")), (_("Country"), part.get("country")),
                         (_("Quantity per product"), _num(part.get("extended_quantity"), "{:,.4g}"))):
        if value and value != "–":
            facts.append(f"{e(label)}: {e(str(value))}")
    if facts:
        out.append("<p>" + "<br>".join(facts) + "</p>")

    classes = [class_name(knowledge, c) for c in part.get("classes") or ()]
    out.append(f"<h4>{e(_('Component class'))}</h4>")
    if classes:
        out.append("<p>" + e(", ".join(classes)) + "</p>")
    else:
        out.append(f"<p>{e(_('No component class matched.'))}</p>")
    out.append(f"<p>{e(_('Confidence'))}: {e(confidence_label(str(part.get('confidence') or 'none')))}"
               f" &nbsp;·&nbsp; {e(_('Method'))}: {e(method_label(str(part.get('method') or 'none')))}</p>")

    out.append(f"<h4>{e(_('Rare earths per unit'))}</h4>")
    elements = part.get("elements") or {}
    if elements:
        rows = "".join(
            f"<tr><td>{e(s)}</td><td>{e(element_name(knowledge, s))}</td>"
            f"<td align='right'>{e(format_grams(g.get('grams')) or _('unknown'))}</td>"
            f"<td>{e(format_range(g.get('grams_low'), g.get('grams_high')))}</td></tr>"
            for s, g in elements.items())
        out.append(f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>{e(_('Element'))}</th><th></th>"
                   f"<th align='right'>{e(_('Typical'))}</th><th align='left'>{e(_('Range (low – high)'))}</th>"
                   f"</tr>{rows}</table>")
    elif part.get("rare_earth_free"):
        out.append(f"<p>{e(_('Rare-earth free.'))}</p>")
    elif unclassified:
        out.append(f"<p>{e(_('Unknown until the part is classified.'))}</p>")
    else:
        out.append(f"<p>{e(_('No rare earths found.'))}</p>")

    evidence = part.get("evidence") or []
    if evidence:
        out.append(f"<h4>{e(_('Evidence'))}</h4><ul style='margin-left:-20px'>"
                   + "".join(f"<li>{e(str(x))}</li>" for x in evidence) + "</ul>")

    factors = part.get("factors") or []
    out.append(f"<h4>{e(_('Why this score'))}</h4>")
    if factors:
        rows = "".join(
            f"<tr><td>{e(str(f.get('label')))}{'<br><small>' + e(str(f['note'])) + '</small>' if f.get('note') else ''}"
            f"</td><td align='right'>{_num(f.get('value'), '{:.3g}')}</td>"
            f"<td align='right'>{_num(f.get('weight'), '{:.3g}')}</td>"
            f"<td align='right'><b>{_num(f.get('contribution'), '{:+.1f}')}</b></td>"
            f"<td><small>{e(str(f.get('source') or ''))}</small></td></tr>" for f in factors)
        out.append(f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>{e(_('Factor'))}</th>"
                   f"<th align='right'>{e(_('Value'))}</th><th align='right'>{e(_('Weight'))}</th>"
                   f"<th align='right'>{e(_('Points'))}</th><th align='left'>{e(_('Source'))}</th></tr>{rows}"
                   f"<tr><td colspan='3'><b>{e(_('Total'))}</b></td>"
                   f"<td align='right'><b>{_num(part.get('score'), '{:.1f}')}</b></td><td></td></tr></table>")
    elif unclassified:
        out.append(f"<p>{e(_('No score: the part has not been judged.'))}</p>")
    else:
        out.append(f"<p>{e(_('No rare earths, so no supply risk from them (score 0).'))}</p>")
    return "".join(out)


class PartDetail(QWidget):
    override_requested = Signal()
    remove_override_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser, 1)
        buttons = QHBoxLayout()
        self.override_button = QPushButton()
        self.override_button.clicked.connect(self.override_requested)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_override_requested)
        self.library_note = QLabel()
        self.library_note.setWordWrap(True)
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.library_note)
        self._part: Mapping[str, Any] | None = None
        self._knowledge: Knowledge | None = None
        self.set_part(None, None)
        self.retranslate()

    def retranslate(self) -> None:
        self.override_button.setText(_("Correct this part…"))
        self.override_button.setToolTip(_("Set the component class or the grams, or mark the part as rare-earth "
                                          "free. Saved in your part library and re-scored at once."))
        self.remove_button.setText(_("Remove correction"))
        self.library_note.setText(_("This part is corrected in your part library.") if self.remove_button.isVisible()
                                  else "")
        self.set_part(self._part, self._knowledge, editable=self.override_button.isEnabled(),
                      in_library=self.remove_button.isVisible())

    def set_part(self, part: Mapping[str, Any] | None, knowledge: Knowledge | None, *, editable: bool = True,
                 in_library: bool = False) -> None:
        self._part, self._knowledge = part, knowledge
        if part is None:
            self.browser.setHtml(f"<p style='color:gray'>{html.escape(_('Select a part to see its details.'))}</p>")
        else:
            self.browser.setHtml(render_part_html(part, knowledge))
        self.override_button.setEnabled(part is not None and editable)
        self.remove_button.setVisible(part is not None and in_library and editable)
        self.library_note.setText(_("This part is corrected in your part library.")
                                  if part is not None and in_library else "")

    def part(self) -> Mapping[str, Any] | None:
        return self._part
