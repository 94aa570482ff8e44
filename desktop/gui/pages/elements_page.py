"""Elements & controls view: the briefing's charts, the element results and each measure's status on the as-of date.

The as-of date and scenario pickers live on the window's toolbar (``widgets/scenario_bar.py``), visible on every
tab; ``scenario_label`` is re-exported from there."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui import theme
from desktop.gui.labels import format_grams, format_range, status_label, tier_label
from desktop.gui.session import Session, Stage
from desktop.gui.widgets.chart_canvas import ChartCanvas
from desktop.gui.widgets.part_detail import element_name
from desktop.gui.widgets.scenario_bar import scenario_label  # noqa: F401 - re-exported
from desktop.gui.workers import Task, TaskRunner
from desktop.i18n import N_, _, current_language, ngettext, translation_for

if TYPE_CHECKING:
    from desktop.core.types import Assessment

CHARTS: tuple[tuple[str, str], ...] = (
    ("grams", N_("Grams by element")),
    ("risk", N_("Risk by element")),
    ("china", N_("China's share by stage")),
    ("timeline", N_("Controls timeline")),
)
STATUS_ACCENT = {"in_force": "critical", "scheduled": "medium", "suspended": "low",
                 "unknown_after_suspension": "high", "expired": "none", "not_yet_announced": "none"}


class ElementsPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._runner = TaskRunner(self)
        self._charts_for: Any = None
        layout = QVBoxLayout(self)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.chart_tabs = QTabWidget()
        self.canvases: dict[str, ChartCanvas] = {}
        for key, _title in CHARTS:
            canvas = ChartCanvas()
            self.canvases[key] = canvas
            self.chart_tabs.addTab(canvas, "")
        self.splitter.addWidget(self.chart_tabs)
        self.table_tabs = QTabWidget()
        self.element_table = _table(6)
        self.element_table.horizontalHeader().setStretchLastSection(False)
        self.controls_table = _table(5)
        self.table_tabs.addTab(self.element_table, "")
        self.table_tabs.addTab(self.controls_table, "")
        self.splitter.addWidget(self.table_tabs)
        self.splitter.setSizes([420, 300])
        layout.addWidget(self.splitter, 1)
        session.changed.connect(self._session_changed)
        self.retranslate()

    # -- language ----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for i, (_key, title) in enumerate(CHARTS):
            self.chart_tabs.setTabText(i, _(title))
        self.table_tabs.setTabText(0, _("Elements"))
        self.table_tabs.setTabText(1, _("Export controls"))
        self.element_table.setHorizontalHeaderLabels(
            [_("Element"), _("Tier"), _("Score"), _("Rare earths per product"), _("Range (low – high)"),
             _("Parts containing it")])
        self.controls_table.setHorizontalHeaderLabels(
            [_("Measure"), _("Elements"), _("Status on the as-of date"), _("Treated as"), _("Note")])
        self._charts_for = None
        self._show()

    # -- session -----------------------------------------------------------------------------------------------
    def _session_changed(self, stage: int) -> None:
        if stage in (Stage.SCORED, Stage.SOURCE, Stage.IMPORTED):
            self._show()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._draw_charts()

    def _show(self) -> None:
        a = self.session.assessment
        self._fill_elements(a)
        self._fill_controls(a)
        if self.isVisible():
            self._draw_charts()

    def _fill_elements(self, a: Assessment | None) -> None:
        table = self.element_table
        table.setRowCount(0)
        if a is None:
            return
        kb = self.session.knowledge
        table.setRowCount(len(a.elements))
        for r, e in enumerate(a.elements):
            grams = format_grams(e.grams_total) or _("unknown")
            if e.parts_unquantified:
                grams += " " + ngettext("(+{n} part not quantified)", "(+{n} parts not quantified)",
                                          e.parts_unquantified).format(n=e.parts_unquantified)
            cells = [f"{e.symbol} – {element_name(kb, e.symbol)}", tier_label(e.tier), f"{e.score:.1f}", grams,
                     format_range(e.grams_low_total, e.grams_high_total), str(e.parts_count)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (1, 2):
                    item.setBackground(theme.tier_background(e.tier))
                    item.setForeground(theme.tier_foreground(e.tier))
                if c in (2, 3, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    def _fill_controls(self, a: Assessment | None) -> None:
        table = self.controls_table
        table.setRowCount(0)
        kb = self.session.knowledge
        if a is None or kb is None:
            return
        tr = translation_for(current_language())
        ja = current_language() == "ja"
        table.setRowCount(len(a.control_status))
        for r, cs in enumerate(a.control_status):
            try:
                control = kb.control(cs.control_id)
                title = f"{control.number} — {control.title_ja if ja and control.title_ja else control.title_en}"
            except KeyError:
                title = cs.control_id
            cells = [title, ", ".join(cs.elements), status_label(cs.status),
                     status_label(cs.treated_as) if cs.treated_as != cs.status else "",
                     cs.note.render(tr) if cs.note is not None else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 2:
                    tier = STATUS_ACCENT.get(cs.status, "none")
                    item.setBackground(theme.tier_background(tier))
                    item.setForeground(theme.tier_foreground(tier))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.setColumnWidth(0, min(table.columnWidth(0), 460))

    # -- charts (built in a worker, shown on the main thread) ----------------------------------------------------
    def _draw_charts(self) -> None:
        a, kb = self.session.assessment, self.session.knowledge
        key = (id(a), current_language())
        if key == self._charts_for:
            return
        self._charts_for = key
        if a is None or kb is None:
            self._runner.cancel()
            for canvas in self.canvases.values():
                results = self.session.results
                canvas.set_figure(None, _("Open a BOM to see the charts.") if results is None or results.is_live
                                  else _("Charts are not available for saved results whose BOM is missing."))
            return
        lang = current_language()

        def work(_task: Task) -> dict[str, Any]:
            from desktop.core.report import charts

            tr = translation_for(lang)
            return {"grams": charts.grams_by_element(a, tr, width=6.0),
                    "risk": charts.risk_by_element(a, tr, width=6.0),
                    "china": charts.china_share_by_stage(a, kb, tr),
                    "timeline": charts.controls_timeline(a, kb, tr)}

        for canvas in self.canvases.values():
            canvas.set_figure(None, _("Drawing…"))
        self._runner.start(work, self._charts_ready, label=_("Drawing the charts…"))

    def _charts_ready(self, figures: dict[str, Any]) -> None:
        for key, figure in figures.items():
            self.canvases[key].set_figure(figure)

    def palette_changed(self) -> None:
        self._show()


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table
