"""Settings: language, default as-of date, company and markets, score weights and tier thresholds.

The language applies at once (the window re-translates itself); weight or threshold changes re-score the open
assessment.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui import settings as opt
from desktop.i18n import N_, _

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge
    from desktop.gui.settings import Settings

WEIGHT_LABELS: dict[str, str] = {
    "concentration": N_("China's share at the bottleneck stage"),
    "controls": N_("Export controls on the as-of date"),
    "recycling": N_("Lack of end-of-life recycling"),
    "substitution": N_("Lack of substitutes"),
}
TIER_BOUND_LABELS: dict[str, str] = {
    "critical": N_("Critical from score"),
    "high": N_("High from score"),
    "medium": N_("Medium from score"),
}
COMMON_COUNTRIES = ("JP", "US", "DE", "KR", "TW", "CN", "FR", "GB", "IT", "NL", "IN", "TH", "VN", "MX", "CA")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, knowledge: Knowledge | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.knowledge = knowledge
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        layout.addWidget(tabs)

        general = QWidget()
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.addItem(_("Follow the system"), "")
        self.language.addItem("English", "en")
        self.language.addItem("日本語", "ja")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get(opt.LANGUAGE))))
        form.addRow(_("Language:"), self.language)

        self.use_today = QCheckBox(_("Today"))
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        saved = settings.as_of()
        self.use_today.setChecked(saved is None)
        self.as_of.setDate(QDate(saved.year, saved.month, saved.day) if saved else QDate.currentDate())
        self.as_of.setEnabled(saved is not None)
        self.use_today.toggled.connect(lambda on: self.as_of.setEnabled(not on))
        as_of_row = QHBoxLayout()
        as_of_row.addWidget(self.use_today)
        as_of_row.addWidget(self.as_of)
        as_of_row.addStretch(1)
        form.addRow(_("Default as-of date:"), as_of_row)

        self.company = QLineEdit(settings.get(opt.COMPANY))
        form.addRow(_("Company name:"), self.company)
        self.country = QComboBox()
        for code in self._country_codes():
            self.country.addItem(self._country_label(code), code)
        self.country.setCurrentIndex(max(0, self.country.findData(settings.get(opt.COUNTRY))))
        form.addRow(_("Company country:"), self.country)
        self.destinations = QLineEdit(", ".join(settings.get(opt.DESTINATIONS)))
        self.destinations.setPlaceholderText(_("e.g. JP, US (country codes; empty = all)"))
        form.addRow(_("Destination markets:"), self.destinations)
        hint = QLabel(_("Destination-specific measures are scored for these markets. With one market, measures "
                        "that do not cover it are left out."))
        hint.setWordWrap(True)
        form.addRow(hint)
        tabs.addTab(general, _("General"))

        scoring = QWidget()
        sform = QFormLayout(scoring)
        config = settings.scoring_config()
        self.weights: dict[str, QDoubleSpinBox] = {}
        for key, label in WEIGHT_LABELS.items():
            spin = _spin(0.0, 1.0, 0.05, config.element_weights.get(key, 0.0))
            self.weights[key] = spin
            sform.addRow(_(label) + ":", spin)
        self.weight_sum = QLabel()
        sform.addRow(self.weight_sum)
        self.tiers: dict[str, QDoubleSpinBox] = {}
        for key, label in TIER_BOUND_LABELS.items():
            spin = _spin(0.0, 100.0, 1.0, config.tiers.get(key, 0.0), decimals=0)
            self.tiers[key] = spin
            sform.addRow(_(label) + ":", spin)
        restore = QPushButton(_("Restore defaults"))
        restore.clicked.connect(self.restore_defaults)
        sform.addRow(restore)
        for spin in self.weights.values():
            spin.valueChanged.connect(self._update_sum)
        self._update_sum()
        tabs.addTab(scoring, _("Scoring"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.language_changed = False
        self.scoring_changed = False

    def _country_codes(self) -> list[str]:
        codes = list(COMMON_COUNTRIES)
        if self.knowledge is not None:
            codes += sorted(c for c in self.knowledge.countries if c not in codes and len(c) == 2)
        current = self.settings.get(opt.COUNTRY)
        if current and current not in codes:
            codes.insert(0, current)
        return codes

    def _country_label(self, code: str) -> str:
        from desktop.i18n import current_language

        if self.knowledge is not None and code in self.knowledge.countries:
            country = self.knowledge.countries[code]
            return f"{country.name_ja if current_language() == 'ja' else country.name_en} ({code})"
        return code

    def _update_sum(self) -> None:
        total = sum(s.value() for s in self.weights.values())
        text = _("Sum of the weights: {total:.2f}").format(total=total)
        if abs(total - 1.0) > 1e-6:
            text += " — " + _("they are used as relative weights")
        self.weight_sum.setText(text)

    def restore_defaults(self) -> None:
        from desktop.core.scoring.config import ScoringConfig

        base = ScoringConfig()
        for key, spin in self.weights.items():
            spin.setValue(base.element_weights.get(key, 0.0))
        for key, spin in self.tiers.items():
            spin.setValue(base.tiers.get(key, 0.0))

    def accept(self) -> None:
        from desktop.core.scoring.config import ScoringConfig

        s = self.settings
        old_lang, old_config = s.language(), s.scoring_config()
        s.set(opt.LANGUAGE, self.language.currentData())
        date = self.as_of.date()
        s.set(opt.AS_OF, "" if self.use_today.isChecked() else f"{date.year():04d}-{date.month():02d}-{date.day():02d}")
        s.set(opt.COMPANY, self.company.text().strip())
        s.set(opt.COUNTRY, self.country.currentData() or "")
        codes = [c.strip().upper() for c in self.destinations.text().replace("、", ",").split(",") if c.strip()]
        s.set(opt.DESTINATIONS, codes)
        base = ScoringConfig()
        s.set(opt.WEIGHTS, {k: round(v.value(), 4) for k, v in self.weights.items()
                            if abs(v.value() - base.element_weights.get(k, 0.0)) > 1e-9})
        s.set(opt.TIER_BOUNDS, {k: v.value() for k, v in self.tiers.items()
                                if abs(v.value() - base.tiers.get(k, 0.0)) > 1e-9})
        s.sync()
        self.language_changed = s.language() != old_lang
        self.scoring_changed = s.scoring_config() != old_config
        super().accept()


def _spin(low: float, high: float, step: float, value: float, decimals: int = 2) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setValue(value)
    return spin
