"""Column mapping form of the import wizard: one combo box per field, suggestions first with their confidence."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.gui.models.preview_models import column_letter
from desktop.i18n import N_, _

if TYPE_CHECKING:
    from desktop.core.types import ColumnChoice

#: Field -> label msgid, in the order of the form (the importer's MAPPABLE_FIELDS).
FIELD_LABELS: dict[str, str] = {
    "part_number": N_("Part number"),
    "description": N_("Description"),
    "name": N_("Part name"),
    "specification": N_("Specification"),
    "category": N_("Category"),
    "material": N_("Material"),
    "manufacturer": N_("Manufacturer"),
    "mpn": N_("Manufacturer part number"),
    "supplier": N_("Supplier"),
    "country": N_("Country of origin"),
    "level": N_("Level"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "unit_weight": N_("Unit weight"),
    "hs_code": N_("HS code"),
    "declared_ree": N_("Declared rare-earth content"),
    "reference": N_("Reference designators"),
    "notes": N_("Notes"),
}
NOT_USED = ""


class ColumnMappingForm(QWidget):
    """``mapping()`` returns field -> header text ("" = not used) for every field."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self._grid = QGridLayout(inner)
        self._grid.setColumnStretch(1, 1)
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        self.required_note = QLabel()
        self.required_note.setWordWrap(True)
        outer.addWidget(self.required_note)
        self._labels: dict[str, QLabel] = {}
        self._combos: dict[str, QComboBox] = {}
        self._required: tuple[str, ...] = ("part_number", "description")
        self._headers: tuple[str, ...] = ()
        self._suggestions: Mapping[str, Sequence[ColumnChoice]] = {}
        for row, field in enumerate(FIELD_LABELS):
            label = QLabel()
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
            combo.currentIndexChanged.connect(self.changed)
            label.setBuddy(combo)
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(combo, row, 1)
            self._labels[field], self._combos[field] = label, combo
        self.retranslate()

    def combo(self, field: str) -> QComboBox:
        return self._combos[field]

    def retranslate(self) -> None:
        for field, label in self._labels.items():
            text = _(FIELD_LABELS[field])
            label.setText(f"{text} *" if field in self._required else text)
        self.required_note.setText(_("* Part number or description: at least one of them is required."))
        if self._headers:
            self.set_columns(self._headers, self._suggestions, self.mapping(), self._required)

    def set_columns(self, headers: Sequence[str], suggestions: Mapping[str, Sequence[ColumnChoice]],
                    chosen: Mapping[str, str], required: Sequence[str] = ("part_number", "description")) -> None:
        """Fill the combos: suggestions (with confidence) first, then every other column; select ``chosen``."""
        self._headers = tuple("" if h is None else str(h) for h in headers)
        self._suggestions = suggestions
        self._required = tuple(required)
        for field, combo in self._combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not used)"), NOT_USED)
            seen: set[int] = set()
            for choice in suggestions.get(field, ()):
                if not choice.header or choice.index in seen:
                    continue
                seen.add(choice.index)
                combo.addItem(_("{column}: {header}  ({confidence:.0%} match)").format(
                    column=column_letter(choice.index), header=choice.header, confidence=choice.confidence),
                    choice.header)
            if seen and len(seen) < len(self._headers):
                combo.insertSeparator(combo.count())
            for index, header in enumerate(self._headers):
                if header and index not in seen:
                    combo.addItem(f"{column_letter(index)}: {header}", header)
            wanted = chosen.get(field, NOT_USED)
            position = combo.findData(wanted) if wanted else 0
            combo.setCurrentIndex(max(0, position))
            combo.blockSignals(False)
        for field, label in self._labels.items():
            text = _(FIELD_LABELS[field])
            label.setText(f"{text} *" if field in self._required else text)
        self.changed.emit()

    def mapping(self) -> dict[str, str]:
        return {field: str(combo.currentData() or NOT_USED) for field, combo in self._combos.items()}

    def select(self, field: str, header: str) -> None:
        combo = self._combos[field]
        combo.setCurrentIndex(max(0, combo.findData(header)))

    def is_complete(self) -> bool:
        mapping = self.mapping()
        return any(mapping.get(f) for f in self._required)

    def set_enabled_fields(self, enabled: bool) -> None:
        for combo in self._combos.values():
            combo.setEnabled(enabled)


def describe_mapping(mapping: Mapping[str, str]) -> str:
    """"Part number ← 品番, Quantity ← 数量" for a tooltip or a log line."""
    return ", ".join(f"{_(FIELD_LABELS.get(f, f))} ← {h}" for f, h in mapping.items() if h)
