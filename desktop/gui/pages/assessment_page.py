"""Assessment view: summary cards, the filterable BOM table with tier colours, and the part detail panel."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.gui import theme
from desktop.gui.labels import TIER_LABELS, format_grams, tier_label
from desktop.gui.models.parts_model import COLUMN_INDEX, PartsFilterProxy, PartsTableModel, class_names
from desktop.gui.session import Session, Stage
from desktop.gui.widgets.message_strip import MessageStrip
from desktop.gui.widgets.part_detail import PartDetail
from desktop.gui.widgets.summary_cards import SummaryCards
from desktop.i18n import _, current_language, ngettext, translation_for

if TYPE_CHECKING:
    from desktop.gui.settings import Settings

#: Settings key of the table header's state; versioned, because the column order changed (score and tier first).
HEADER_STATE = "assessment/header_v2"
RESIZE_PRECISION_ROWS = 60


class AssessmentPage(QWidget):
    def __init__(self, session: Session, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self._size_pending = False
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        # The summary (warnings, cards, verdict) scrolls in its own pane above the table, and the user can drag
        # the divider: at 150 % on a small screen the table keeps its rows instead of being squeezed out.
        header = QWidget()
        layout = QVBoxLayout(header)
        self.messages = MessageStrip()
        layout.addWidget(self.messages)
        self.cards = SummaryCards(5)
        self.cards.cards[4].clicked.connect(lambda: self.show_tier("unclassified"))
        layout.addWidget(self.cards)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.verdict)
        layout.addStretch(1)
        self.header_scroll = QScrollArea()
        self.header_scroll.setWidgetResizable(True)
        self.header_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.header_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header_scroll.setWidget(header)
        body = QWidget()
        layout = QVBoxLayout(body)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.proxy.set_filters(text=text) or self._count())
        self.tier_filter, self.element_filter, self.country_filter = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.tier_filter, self.element_filter, self.country_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.only_ree = QCheckBox()
        self.only_ree.toggled.connect(self._filters_changed)
        self.count_label = QLabel()
        bar.addWidget(self.search, 2)
        for w in (self.tier_filter, self.element_filter, self.country_filter, self.only_ree):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.model = PartsTableModel(self)
        self.proxy = PartsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        # size columns from a screenful of rows: measuring thousands froze the window at 400,000 rows
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = PartDetail()
        self.detail.override_requested.connect(self._override)
        self.detail.remove_override_requested.connect(self._remove_override)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 480])
        layout.addWidget(self.splitter, 1)
        self.page_splitter = QSplitter(Qt.Orientation.Vertical)
        self.page_splitter.setChildrenCollapsible(False)
        self.page_splitter.addWidget(self.header_scroll)
        self.page_splitter.addWidget(body)
        self.page_splitter.setStretchFactor(0, 0)
        self.page_splitter.setStretchFactor(1, 1)
        self.page_splitter.splitterMoved.connect(lambda *_a: setattr(self, "_header_sized_by_user", True))
        self._header_sized_by_user = False
        page_layout.addWidget(self.page_splitter)
        self._restore_state()
        session.changed.connect(self._session_changed)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        splitter = self.settings.state("assessment/splitter")
        if splitter:
            self.splitter.restoreState(splitter)
        header = self.settings.state(HEADER_STATE)
        if header:
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        self.settings.set_state("assessment/splitter", bytes(self.splitter.saveState().data()))
        self.settings.set_state(HEADER_STATE, bytes(self.table.horizontalHeader().saveState().data()))

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_header()
        if self._size_pending:
            self.size_columns()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_header()

    def fit_header(self) -> None:
        """Give the summary its full height, but never more than half the page (the table keeps the rest)."""
        if self._header_sized_by_user:
            return
        total = sum(self.page_splitter.sizes()) or self.height()
        header_widget = self.header_scroll.widget()
        width = self.header_scroll.viewport().width() or self.width()
        wanted = (header_widget.heightForWidth(width) if header_widget.hasHeightForWidth()
                  else header_widget.sizeHint().height()) + 2
        header = max(60, min(wanted, total // 2))
        self.page_splitter.setSizes([header, max(0, total - header)])

    def size_columns(self) -> None:
        """Columns sized to their content – measured over the first screenful of rows (Qt's own measuring walked
        every row of a hidden table: seconds at 400,000 rows) – long texts capped so that score and tier never
        leave the screen."""
        self._size_pending = False
        table, model, header = self.table, self.model, self.table.horizontalHeader()
        metrics = table.fontMetrics()
        padding = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 14
        sample = [model.frame_row(r) for r in self.proxy.source_rows(RESIZE_PRECISION_ROWS)]
        caps = {"description": 36, "class_id": 24, "supplier": 18, "elements": 16}
        for key, column in COLUMN_INDEX.items():
            widest = max((metrics.horizontalAdvance(str(model.cell_text(column, r))) for r in sample), default=0)
            if key == "tier":   # every tier label fits, whichever tier the first rows have
                widest = max([widest] + [metrics.horizontalAdvance(tier_label(t)) for t in TIER_LABELS])
            width = max(widest + padding, header.sectionSizeFromContents(column).width())
            if key in caps:
                width = min(width, metrics.averageCharWidth() * caps[key] + padding)
            table.setColumnWidth(column, width)

    # -- language ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search part number, description, supplier…"))
        self.only_ree.setText(_("Only parts with rare earths"))
        self._fill_filters()
        self.model.set_class_names(self._class_names())
        self.detail.retranslate()
        self._show_summary()
        self._show_selected()
        self._count()

    def _class_names(self) -> dict[str, str]:
        return class_names(self.session.knowledge)

    # -- session -------------------------------------------------------------------------------------------------
    def _session_changed(self, stage: int) -> None:
        if stage in (Stage.SOURCE, Stage.IMPORTED):
            self.reset_filters()
        if stage in (Stage.SCORED, Stage.SOURCE, Stage.IMPORTED):
            self._load()

    def reset_filters(self) -> None:
        """A new BOM starts unfiltered: a search left from the last one would hide every part ("0 of 162")."""
        for widget in (self.search, self.tier_filter, self.element_filter, self.country_filter, self.only_ree):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.tier_filter, self.element_filter, self.country_filter):
            combo.setCurrentIndex(0)
        self.only_ree.setChecked(False)
        for widget in (self.search, self.tier_filter, self.element_filter, self.country_filter, self.only_ree):
            widget.blockSignals(False)
        self.proxy.set_filters(text="", tier=None, element=None, country=None, only_ree=False)

    def _load(self) -> None:
        selected = self._selected_part_index()
        frame = self.session.parts_frame      # live or stored, built in a worker
        new_table = self.model.frame is None or frame is None or len(frame) != len(self.model.frame)
        self.model.set_frame(frame, self._class_names(), self.session.parts_texts)   # texts made in the worker
        if new_table:
            self._size_pending = True
            if self.table.isVisible():       # a hidden view measures every row: wait until it is shown
                self.size_columns()
        self._fill_filters()
        self._show_summary()
        self._count()
        if selected is not None:
            self._select_part(selected)
        else:
            self._show_selected()

    def _fill_filters(self) -> None:
        frame = self.model.frame
        current = (self.tier_filter.currentData(), self.element_filter.currentData(), self.country_filter.currentData())
        for combo in (self.tier_filter, self.element_filter, self.country_filter):
            combo.blockSignals(True)
            combo.clear()
        self.tier_filter.addItem(_("All tiers"), None)
        for tier in TIER_LABELS:
            self.tier_filter.addItem(tier_label(tier), tier)
        self.element_filter.addItem(_("All elements"), None)
        self.country_filter.addItem(_("All countries"), None)
        if frame is not None:
            symbols, countries = self.model.filter_choices()     # found in the worker that built the table
            kb = self.session.knowledge
            order = list(kb.elements) if kb else []
            for sym in sorted(sorted(symbols), key=lambda s: order.index(s) if s in order else 99):
                self.element_filter.addItem(sym, sym)
            for code in countries:
                self.country_filter.addItem(code, code)
        for combo, value in zip((self.tier_filter, self.element_filter, self.country_filter), current, strict=True):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)
            combo.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        self.proxy.set_filters(tier=self.tier_filter.currentData(), element=self.element_filter.currentData(),
                               country=self.country_filter.currentData(), only_ree=self.only_ree.isChecked())
        self._count()

    def _count(self) -> None:
        total = self.model.rowCount()   # "Showing 1 of 1 part": the noun follows the total
        self.count_label.setText(ngettext("Showing {shown} of {total} part", "Showing {shown} of {total} parts",
                                          total).format(shown=f"{self.proxy.rowCount():,}", total=f"{total:,}"))

    def _show_summary(self) -> None:
        results = self.session.results
        cards = self.cards.cards
        if results is None:
            for card in cards:
                card.set_values("–", "")
                card.set_accent(None)
            self.verdict.clear()
            self.verdict.hide()
            self.messages.set_messages([])
            return
        tr = translation_for(current_language())
        figures = results.summary()
        tier, score, total, ree = figures.tier, figures.score, figures.parts_total, figures.parts_with_ree
        grams, unclassified, controlled = figures.grams_per_unit, figures.parts_unclassified, figures.controlled
        verdict = " ".join(m.render(tr) for m in figures.verdict)
        messages = [m.render(tr) for m in figures.messages]
        as_of = results.as_of.isoformat() if results.as_of else ""
        cards[0].set_values(tier_label(tier), _("Overall tier"), _("Score {score:.1f} of 100").format(score=score))
        cards[0].set_accent(theme.tier_accent(tier).name())
        cards[1].set_values(f"{ree:,} / {total:,}", _("Parts with rare earths"))
        cards[2].set_values(", ".join(controlled) if controlled else _("none"),
                            _("Elements under export controls"),
                            ngettext("{n} element in force on {date}", "{n} elements in force on {date}",
                                     len(controlled)).format(n=len(controlled), date=as_of))
        cards[3].set_values(format_grams(grams) or _("unknown"), _("Rare earths per product"))
        cards[4].set_values(f"{unclassified:,}", _("Parts not classified"),
                            _("Content unknown, not zero: declare it, correct the part, or ask the supplier.")
                            if unclassified else _("Every part was judged."))
        cards[4].set_accent(theme.tier_accent("unclassified").name() if unclassified else None)
        cards[4].set_action(_("Show the parts not classified") if unclassified else None)
        self.verdict.setText(verdict)
        self.verdict.setVisible(bool(verdict))
        self.messages.set_messages(messages)
        self.fit_header()

    # -- selection / detail --------------------------------------------------------------------------------------
    def _selected_part_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.model.frame is None:
            return None
        return self.model.part_index(self.proxy.mapToSource(rows[0]).row())

    def _select_part(self, part_index: int) -> None:
        import numpy as np

        frame = self.model.frame
        if frame is None:
            return
        frame_rows = np.flatnonzero(frame["index"].to_numpy() == part_index)
        source_rows = np.flatnonzero(self.model.frame_rows() == frame_rows[0]) if len(frame_rows) else []
        if len(source_rows):
            proxy_index = self.proxy.mapFromSource(self.model.index(int(source_rows[0]), 0))
            if proxy_index.isValid():
                self.table.selectRow(proxy_index.row())
                self.table.scrollTo(proxy_index)
        self._show_selected()

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        index = self._selected_part_index()
        results = self.session.results
        kb = self.session.knowledge
        if index is None or results is None:
            self.detail.set_part(None, kb)
            return
        part = results.part(index, translation_for(current_language()))
        if part is not None and results.is_live:
            library = self.session.library
            in_library = library is not None and library.lookup(part.get("part_number"), part.get("mpn")) is not None
            self.detail.set_part(part, kb, editable=True, in_library=in_library)
        else:
            self.detail.set_part(part, kb, editable=False)

    def show_tier(self, tier: str) -> None:
        """Filter the table to one tier (the unclassified card's action) and select its first part."""
        index = self.tier_filter.findData(tier)
        if index >= 0:
            self.tier_filter.setCurrentIndex(index)
            self.select_first()

    def select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- overrides -----------------------------------------------------------------------------------------------
    def _override(self) -> None:
        part = self.detail.part()
        kb = self.session.knowledge
        if part is None or kb is None or self.session.assessment is None:
            return
        from desktop.gui.dialogs.override_dialog import OverrideDialog

        dialog = OverrideDialog(part, kb, self)
        if dialog.exec() != OverrideDialog.DialogCode.Accepted:
            return
        self.apply_override(part, dialog.override())

    def apply_override(self, part: dict[str, Any], override: dict[str, Any]) -> None:
        try:
            self.session.apply_override(part.get("part_number"), part.get("mpn"), **override)
        except Exception as exc:  # noqa: BLE001 - CoreError (library file) or ValueError (no key)
            from desktop.gui.errors import show_error

            show_error(self, exc)

    def _remove_override(self) -> None:
        part = self.detail.part()
        if part is None:
            return
        from desktop.app.library import remove_override

        try:
            remove_override(part.get("part_number"), part.get("mpn"))
        except Exception as exc:  # noqa: BLE001
            from desktop.gui.errors import show_error

            show_error(self, exc)
            return
        self.session.remap()

    def palette_changed(self) -> None:
        self.model.palette_changed()
        self._show_summary()
