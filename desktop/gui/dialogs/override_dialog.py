"""Correct one part: set its component class, set its grams per element, or mark it as rare-earth free.

The dialog only collects the values; the session saves them in the user's part library and re-scores.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.widgets.class_list import ClassList
from desktop.gui.widgets.part_detail import class_name, element_name
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge

MAX_ELEMENT_ROWS = 6


class OverrideDialog(QDialog):
    def __init__(self, part: Mapping[str, Any], knowledge: Knowledge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.part = part
        self.knowledge = knowledge
        self.setWindowTitle(_("Correct this part"))
        layout = QVBoxLayout(self)
        title = " — ".join(x for x in (part.get("part_number"), part.get("description")) if x)
        header = QLabel(title)
        header.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        header.setWordWrap(True)
        layout.addWidget(header)
        key = QLabel(_("Saved in your part library for part number {pn}; it applies to every BOM with this part.")
                     .format(pn=part.get("part_number") or part.get("mpn") or "–"))
        key.setWordWrap(True)
        key.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        layout.addWidget(key)

        self.group = QButtonGroup(self)
        self.class_radio = QRadioButton(_("Set the component class"))
        self.grams_radio = QRadioButton(_("Set the grams of rare earths per unit"))
        self.free_radio = QRadioButton(_("Mark as rare-earth free"))
        for i, radio in enumerate((self.class_radio, self.grams_radio, self.free_radio)):
            self.group.addButton(radio, i)

        layout.addWidget(self.class_radio)
        self.class_list = ClassList(knowledge)
        self.class_list.chosen.connect(lambda: self.class_radio.setChecked(True))
        current = (part.get("classes") or [None])[0]
        if current:
            self.current_note = QLabel(_("Now: {name}").format(name=class_name(knowledge, current)))
            self.current_note.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(_indented(self.current_note))
        layout.addWidget(_indented(self.class_list), 1)

        layout.addWidget(self.grams_radio)
        grams_box = QWidget()
        self.grams_grid = QGridLayout(grams_box)
        self.grams_grid.setContentsMargins(24, 0, 0, 0)
        self.element_rows: list[tuple[QComboBox, QDoubleSpinBox]] = []
        self.add_button = QPushButton(_("Add an element"))
        self.add_button.clicked.connect(lambda: self._add_element_row())
        existing = part.get("elements") or {}
        for symbol, grams in list(existing.items())[:MAX_ELEMENT_ROWS]:
            self._add_element_row(symbol, grams.get("grams"))
        if not self.element_rows:
            self._add_element_row()
        self.grams_grid.addWidget(self.add_button, MAX_ELEMENT_ROWS + 1, 0)
        layout.addWidget(grams_box)

        layout.addWidget(self.free_radio)
        form = QFormLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. supplier declaration of 2026-03-01"))
        form.addRow(_("Note:"), self.note)
        layout.addLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.class_radio.setChecked(True)
        self.group.idToggled.connect(self._update_enabled)
        self._update_enabled()

    def _add_element_row(self, symbol: str | None = None, grams: float | None = None) -> None:
        if len(self.element_rows) >= MAX_ELEMENT_ROWS:
            return
        combo = QComboBox()
        for sym in self.knowledge.elements:
            combo.addItem(f"{sym} – {element_name(self.knowledge, sym)}", sym)
        if symbol:
            combo.setCurrentIndex(max(0, combo.findData(symbol)))
        spin = QDoubleSpinBox()
        spin.setDecimals(4)
        spin.setRange(0.0, 1_000_000.0)
        spin.setSuffix(" g")
        if grams is not None and grams == grams:
            spin.setValue(float(grams))
        row = len(self.element_rows)
        self.grams_grid.addWidget(combo, row, 0)
        self.grams_grid.addWidget(spin, row, 1)
        self.element_rows.append((combo, spin))
        self.add_button.setEnabled(len(self.element_rows) < MAX_ELEMENT_ROWS)

    def _update_enabled(self, *_args: Any) -> None:
        self.class_list.setEnabled(self.class_radio.isChecked())
        for combo, spin in self.element_rows:
            combo.setEnabled(self.grams_radio.isChecked())
            spin.setEnabled(self.grams_radio.isChecked())
        self.add_button.setEnabled(self.grams_radio.isChecked() and len(self.element_rows) < MAX_ELEMENT_ROWS)

    def override(self) -> dict[str, Any]:
        """Keyword arguments for ``Session.apply_override`` (class_id / grams / rare_earth_free, note)."""
        note = self.note.text().strip()
        if self.class_radio.isChecked():
            return {"class_id": self.class_list.class_id(), "note": note}
        if self.grams_radio.isChecked():
            grams: dict[str, float] = {}
            for combo, spin in self.element_rows:
                if spin.value() > 0:
                    grams[combo.currentData()] = spin.value()
            return {"grams": grams, "note": note}
        return {"rare_earth_free": True, "note": note}

    def accept(self) -> None:
        values = self.override()
        if "grams" in values and not values["grams"]:
            self.element_rows[0][1].setFocus()
            return
        if "class_id" in values and not values["class_id"]:   # nothing is preselected: the user must choose
            self.class_list.search.setFocus()
            self.class_list.hint.setText(_("Choose a component class in the list."))
            return
        super().accept()


def _indented(widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(24, 0, 0, 0)
    layout.addWidget(widget)
    return box
