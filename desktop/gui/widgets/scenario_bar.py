"""The as-of date and scenario toolbar, visible on every tab.

The date and the scenario decide every score in the window, so they sit where every result is read, not only on
the elements tab. Both re-score only on the user's act: a committed date (Enter, focus out, calendar) or a chosen
scenario. Programmatic updates (a new BOM, a reopened document) never emit.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from desktop.core.report.format import element_name
from desktop.core.scenario_names import SCENARIO_NAMES
from desktop.core.scenario_names import scenario_label as core_scenario_label
from desktop.gui.session import Session, Stage
from desktop.gui.widgets.date_field import DateField
from desktop.i18n import _, current_language, translation_for

#: Elements offered as "China halts exports of …" scenarios (the heavy and light REE a BOM most often holds).
HALT_SYMBOLS: tuple[str, ...] = ("Dy", "Tb", "Nd", "Pr", "Sm", "Gd", "Y", "Ce", "La", "Lu", "Sc")


def scenario_label(scenario: str, knowledge: Any = None) -> str:
    """The scenario's display name in the current language: the core's one name (the CLI, the briefing and the
    workbook show the same), never its id."""
    tr = translation_for(current_language())
    return core_scenario_label(scenario, tr, lambda symbol: element_name(symbol, tr, knowledge))


class ScenarioBar(QToolBar):
    """As-of date (typed or picked), Today, and the scenario; disabled until there is a live assessment."""

    MIN_DATE = dt.date(2020, 1, 1)
    MAX_DATE = dt.date(2040, 12, 31)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("scenarioBar")       # saveState/restoreState key
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.as_of_label = QLabel()
        self.as_of_edit = DateField(minimum=self.MIN_DATE, maximum=self.MAX_DATE)
        self.as_of_edit.date_committed.connect(self._as_of_committed)
        self.today_button = QPushButton()
        self.today_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.today_button.clicked.connect(self._today)
        self.scenario_label = QLabel()
        self.scenario_combo = QComboBox()
        self.scenario_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scenario_combo.activated.connect(self._scenario_chosen)     # the user's choice only
        self.as_of_label.setBuddy(self.as_of_edit)
        self.scenario_label.setBuddy(self.scenario_combo)
        for w in (self.as_of_label, self.as_of_edit, self.today_button):
            self.addWidget(w)
        self.addSeparator()
        for w in (self.scenario_label, self.scenario_combo):
            self.addWidget(w)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.kb_label = QLabel()
        self.kb_label.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.kb_label.setStyleSheet("color: palette(placeholder-text);")
        self.addWidget(self.kb_label)
        session.changed.connect(self._session_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("As-of date and scenario"))
        self.as_of_label.setText(_("As-of date:"))
        self.today_button.setText(_("Today"))
        self.scenario_label.setText(_("Scenario:"))
        self.as_of_edit.retranslate()
        self._fill_scenarios()
        self.show_session()

    def _fill_scenarios(self) -> None:
        kb = self.session.knowledge
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        for sid in SCENARIO_NAMES:
            self.scenario_combo.addItem(scenario_label(sid, kb), sid)
        for sym in HALT_SYMBOLS:
            self.scenario_combo.addItem(scenario_label(f"halt-{sym}", kb), f"halt-{sym}")
        self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData(self.session.scenario)))
        self.scenario_combo.blockSignals(False)

    def _session_changed(self, stage: int) -> None:
        if stage == Stage.KNOWLEDGE:
            self._fill_scenarios()
        self.show_session()

    def show_session(self) -> None:
        """Show the session's date and scenario (no re-scoring)."""
        s = self.session
        results = s.results
        date = (results.as_of if results is not None else None) or s.effective_as_of()
        scenario = (results.scenario if results is not None else None) or s.scenario
        line = self.as_of_edit.line
        if not (line.hasFocus() and line.isModified()):   # never overwrite a date the user is typing
            self.as_of_edit.set_date(date)
        self.scenario_combo.blockSignals(True)
        index = self.scenario_combo.findData(scenario)
        if index < 0:
            self.scenario_combo.addItem(scenario_label(scenario, s.knowledge), scenario)
            index = self.scenario_combo.count() - 1
        self.scenario_combo.setCurrentIndex(index)
        self.scenario_combo.blockSignals(False)
        live = results is not None and results.is_live
        for w in (self.as_of_edit, self.today_button, self.scenario_combo):
            w.setEnabled(live)
        kb = s.knowledge
        if kb is not None:
            note = _("Knowledge base {version}: facts up to {date}.").format(version=kb.version,
                                                                           date=kb.as_of.isoformat())
            self.kb_label.setText(note)
            if date > kb.as_of:
                note += " " + _("Statuses after that date are projections from the recorded dates; verify them.")
            self.kb_label.setToolTip(note)

    # -- the user's acts -----------------------------------------------------------------------------------------
    def _as_of_committed(self, value: dt.date) -> None:
        if self.session.assessment is not None and value != self.session.assessment.as_of:
            self.session.rescore(as_of=value)

    def _today(self) -> None:
        self.as_of_edit.set_date(dt.date.today())
        self._as_of_committed(dt.date.today())

    def _scenario_chosen(self, _index: int) -> None:
        sid = self.scenario_combo.currentData()
        if sid and self.session.assessment is not None and sid != self.session.scenario:
            self.session.rescore(scenario=sid)

    def set_as_of(self, date: dt.date) -> None:
        """Commit ``date`` as if the user had typed it (tests, scripted use)."""
        self.as_of_edit.line.setText(date.isoformat())
        self.as_of_edit.commit()
