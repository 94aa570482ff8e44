"""Import wizard: 1. sheet and header row, 2. columns, 3. check the imported and skipped rows.

The wizard opens the file once (:func:`~desktop.core.importing.open_book`: safety checks, decryption, parsing the
sheets) and holds that book until it closes. Every change – a header click, a sheet, a column choice – runs only
the layout again (:meth:`OpenedBook.preview` and the pipeline's import stage on the book) in a worker, so step 3
always shows exactly what will be imported without reading the file again. The book's grids stay in memory while
the wizard is open (the price of a fast click); closing, cancelling or importing releases them. A protected
workbook asks for its password and opens the file again with it. "Remember this mapping" stores the column map
by header signature; a file with the same headers gets it back, with a visible note.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.models.preview_models import GridModel, ImportedRowsModel, SkippedRowsModel
from desktop.gui.widgets.column_mapping import ColumnMappingForm
from desktop.gui.widgets.message_strip import MessageStrip
from desktop.gui.workers import Task, TaskRunner
from desktop.i18n import _, current_language, ngettext, translation_for

if TYPE_CHECKING:
    from desktop.core.importing import FilePreview, OpenedBook
    from desktop.core.types import ImportOptions, ImportResult

STEPS = 3
DEBOUNCE_MS = 250


class ImportWizard(QDialog):
    loaded = Signal()   # a preview/import round finished (tests wait for it)

    def __init__(self, path: str, parent: QWidget | None = None, options: ImportOptions | None = None) -> None:
        super().__init__(parent)
        from desktop.core.types import ImportOptions

        self.path = path
        self.options: ImportOptions = options or ImportOptions()
        self.preview: FilePreview | None = None
        self.result: ImportResult | None = None
        self.error: BaseException | None = None
        self.remembered = False
        self._signature = ""
        self._book: OpenedBook | None = None   # the file, opened once; released when the wizard closes
        self._runner = TaskRunner(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self._load(reimport_only=True))
        self.setMinimumSize(900, 600)
        self._build()
        self.retranslate()
        self._set_step(0)
        QTimer.singleShot(0, self._load)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.step_label.setFont(font)
        self.file_label = QLabel(Path(self.path).name)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.file_label.setToolTip(self.path)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.status.setWordWrap(True)
        self.memory_note = QLabel()
        self.memory_note.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.memory_note.setWordWrap(True)
        self.memory_note.setStyleSheet("color: palette(link);")
        self.memory_note.hide()
        layout.addWidget(self.step_label)
        layout.addWidget(self.file_label)
        layout.addWidget(self.memory_note)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        # step 1: sheet and header row
        page1 = QWidget()
        p1 = QVBoxLayout(page1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_combo.setMinimumWidth(220)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1_000_000)
        self.header_spin.setFixedWidth(100)
        self.header_spin.editingFinished.connect(lambda: self._set_header(self.header_spin.value()))
        self.sheet_caption, self.header_caption = QLabel(), QLabel()
        form.addRow(self.sheet_caption, self.sheet_combo)
        form.addRow(self.header_caption, self.header_spin)
        p1.addLayout(form)
        # which sheets are assessed: every sheet that looks like a BOM is ticked; the one shown above is the
        # one the header row and the columns (step 2) apply to
        self.sheets_caption = QLabel()
        self.sheets_caption.setWordWrap(True)
        self.sheets_list = QListWidget()
        self.sheets_list.setMaximumHeight(110)
        self.sheets_list.itemChanged.connect(self._sheets_ticked)
        p1.addWidget(self.sheets_caption)
        p1.addWidget(self.sheets_list)
        self.header_hint = QLabel()
        self.header_hint.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.header_hint.setWordWrap(True)
        p1.addWidget(self.header_hint)
        self.grid_model = GridModel(self)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid_model)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.horizontalHeader().setDefaultSectionSize(120)
        self.grid_view.clicked.connect(lambda index: self._set_header(index.row() + 1))
        self.grid_view.verticalHeader().sectionClicked.connect(lambda row: self._set_header(row + 1))
        p1.addWidget(self.grid_view, 1)
        self.stack.addWidget(page1)

        # step 2: columns
        page2 = QWidget()
        p2 = QVBoxLayout(page2)
        self.columns_hint = QLabel()
        self.columns_hint.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.columns_hint.setWordWrap(True)
        p2.addWidget(self.columns_hint)
        self.mapping_form = ColumnMappingForm()
        self.mapping_form.changed.connect(self._mapping_changed)
        # scrolls at small window sizes; the wheel scrolls it and never changes an unfocused drop-down
        self.mapping_scroll = QScrollArea()
        self.mapping_scroll.setWidgetResizable(True)
        self.mapping_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.mapping_scroll.setWidget(self.mapping_form)
        p2.addWidget(self.mapping_scroll, 1)
        self.remember_box = QCheckBox()
        p2.addWidget(self.remember_box)
        self.stack.addWidget(page2)

        # step 3: check
        page3 = QWidget()
        p3 = QVBoxLayout(page3)
        self.result_label = QLabel()
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # user text (file, sheet, cell): never markup
        self.result_label.setWordWrap(True)
        p3.addWidget(self.result_label)
        self.warnings = MessageStrip()
        p3.addWidget(self.warnings)
        self.tabs = QTabWidget()
        self.rows_model = ImportedRowsModel(self)
        self.skipped_model = SkippedRowsModel(self)
        self.rows_view, self.skipped_view = QTableView(), QTableView()
        for view, model in ((self.rows_view, self.rows_model), (self.skipped_view, self.skipped_model)):
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.setWordWrap(False)
        self.skipped_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.rows_view, "")
        self.tabs.addTab(self.skipped_view, "")
        p3.addWidget(self.tabs, 1)
        self.stack.addWidget(page3)

        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(lambda: self._set_step(self.stack.currentIndex() - 1))
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda: self._set_step(self.stack.currentIndex() + 1))
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._finish)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import a BOM"))
        self.sheet_caption.setText(_("Sheet:"))
        self.sheets_caption.setText(_("Sheets to assess (every sheet that looks like a BOM is ticked; the header "
                                      "row and the columns are those of the sheet shown):"))
        if self.preview is not None:
            self._fill_sheets(self.preview)
        self.header_caption.setText(_("Header row:"))
        self.header_hint.setText(_("The header row is the row with the column titles (品番, 品名, 数量 …). It was "
                                   "detected automatically; click another row in the preview to change it."))
        self.columns_hint.setText(_("Choose which column holds each field. Suggestions come first, with how well "
                                    "the column title matches."))
        self.remember_box.setText(_("Remember this mapping for files with the same column titles"))
        self.tabs.setTabText(0, _("Imported rows"))
        self.tabs.setTabText(1, _("Skipped rows"))
        self.cancel_button.setText(_("Cancel"))
        self.back_button.setText(_("< Back"))
        self.next_button.setText(_("Next >"))
        self.import_button.setText(_("Import"))
        self.mapping_form.retranslate()
        self._show_step_title()

    # -- steps -------------------------------------------------------------------------------------------------
    def _set_step(self, step: int) -> None:
        step = max(0, min(STEPS - 1, step))
        self.stack.setCurrentIndex(step)
        self._show_step_title()
        self._update_buttons()

    def _show_step_title(self) -> None:
        titles = (_("Step 1 of 3: sheet and header row"), _("Step 2 of 3: columns"),
                  _("Step 3 of 3: check the rows"))
        self.step_label.setText(titles[self.stack.currentIndex()])

    def _update_buttons(self) -> None:
        step = self.stack.currentIndex()
        busy = self._runner.is_running() or self._debounce.isActive()
        ready = self.preview is not None and (self.preview.header_row > 0 or self.preview.headerless) \
            and bool(self.preview.selected or not self.preview.sheets or len(self.preview.sheets) == 1)
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < STEPS - 1)
        self.next_button.setEnabled(ready and (step != 1 or self.mapping_form.is_complete()))
        self.import_button.setEnabled(self.result is not None and not busy and self.mapping_form.is_complete())

    # -- loading (worker) --------------------------------------------------------------------------------------
    def _load(self, reimport_only: bool = False) -> None:
        options, path = self.options, self.path
        book = self._book if self._book is not None and self._book.opens_like(options) else None

        def work(task: Task) -> tuple[Any, Any, Any, Any]:
            from desktop.core import importing
            from desktop.core.errors import CoreError, PasswordRequired
            from desktop.core.pipeline import import_stage
            from desktop.core.progress import sub_progress

            opened = book or importing.open_book(path, options, progress=sub_progress(task, 0.0, 0.4))
            info = opened.preview(options)
            result, error = None, None
            if info.header_row > 0 or info.headerless:
                try:   # what the Import button hands on: the pipeline's import stage, on the book in memory
                    result = import_stage(path, options, sub_progress(task, 0.4, 1.0), book=opened)
                except PasswordRequired:
                    raise
                except CoreError as exc:
                    error = exc
            return opened, info, result, error

        self.status.setText(_("Reading the file…") if book is None else _("Finding the BOM table"))
        self._runner.start(work, self._loaded, self._failed,
                           label=_("Reading the file…") if book is None else _("Finding the BOM table"))
        self._update_buttons()

    def _loaded(self, payload: tuple[Any, Any, Any, Any]) -> None:
        book, info, result, error = payload
        self._book = book
        self.preview, self.result, self.error = info, result, error
        if not self.options.column_map and not self.remembered and (info.header_row > 0 or info.headerless) and \
                self._apply_memory(info, result):
            return
        self._fill_step1(info)
        chosen = {f: c.header for f, c in result.columns.items()} if result is not None else {}
        self.mapping_form.blockSignals(True)
        self.mapping_form.set_columns(info.headers, info.suggestions, chosen, info.required_fields)
        self.mapping_form.blockSignals(False)
        self._fill_step3()
        self._update_buttons()
        self.loaded.emit()

    def _apply_memory(self, info: FilePreview, result: ImportResult | None) -> bool:
        from desktop.core.importing import MappingMemory, header_signature
        from desktop.paths import mapping_memory_file

        self._signature = result.header_signature if result is not None else \
            header_signature([("" if h is None else str(h)) for h in info.headers])
        remembered = MappingMemory(mapping_memory_file()).get(self._signature)
        if not remembered:
            return False
        self.remembered = True
        self.remember_box.setChecked(True)
        self.memory_note.setText(_("A column mapping you saved for files with the same column titles was applied. "
                                   "You can change it in step 2."))
        self.memory_note.show()
        self.options = replace(self.options, header_row=info.header_row, column_map=remembered)
        self._load()
        return True

    def _failed(self, exc: BaseException) -> None:
        from desktop.core.errors import PasswordRequired

        if isinstance(exc, PasswordRequired):
            password, ok = QInputDialog.getText(
                self, _("Password required"),
                _("{file} is protected with a password. Enter the password to open it:").format(
                    file=Path(self.path).name) + ("\n" + _("The password was not accepted.")
                                                  if self.options.password else ""),
                QLineEdit.EchoMode.Password)
            if ok and password:
                self.options = replace(self.options, password=password)
                self._load()
                return
            self.error = exc
            self.reject()
            return
        self.error = exc
        self.status.setText("")
        from desktop.gui.errors import show_error

        show_error(self, exc)
        if self.preview is None:
            self.reject()
        self._update_buttons()

    # -- step 1 ------------------------------------------------------------------------------------------------
    def _fill_step1(self, info: FilePreview) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in info.sheets:
            self.sheet_combo.addItem(sheet.name, sheet.name)
        position = self.sheet_combo.findData(info.sheet) if info.sheet else 0
        self.sheet_combo.setCurrentIndex(max(0, position))
        self.sheet_combo.setEnabled(len(info.sheets) > 1)
        self.sheet_combo.blockSignals(False)
        sheet = next((s for s in info.sheets if s.name == info.sheet), info.sheets[0] if info.sheets else None)
        self.grid_model.set_rows(sheet.rows if sheet else (), info.header_row)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(max(1, info.header_row))
        self.header_spin.blockSignals(False)
        if info.header_row > 0:
            self.grid_view.scrollTo(self.grid_model.index(max(0, info.header_row - 1), 0))
        self._fill_sheets(info)

    def _fill_sheets(self, info: FilePreview) -> None:
        """One tickable line per sheet: its name and whether a BOM table was found on it."""
        chosen = self._chosen_sheets(info)
        self.sheets_list.blockSignals(True)
        self.sheets_list.clear()
        for sheet in info.sheets:
            if sheet.headerless:
                state = _("table without a header row")
            elif sheet.looks_like_bom:
                state = _("BOM table found")
            else:
                state = _("no BOM table found")
            item = QListWidgetItem(f"{sheet.name} \u2014 {state}")
            item.setData(Qt.ItemDataRole.UserRole, sheet.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sheet.name in chosen else Qt.CheckState.Unchecked)
            self.sheets_list.addItem(item)
        self.sheets_list.blockSignals(False)
        several = len(info.sheets) > 1
        self.sheets_caption.setVisible(several)
        self.sheets_list.setVisible(several)

    def _chosen_sheets(self, info: FilePreview) -> tuple[str, ...]:
        """The sheets this import reads: those the last import used (duplicates already left out), else the
        preview's selection."""
        if self.result is not None and self.result.sheets_used:
            return self.result.sheets_used
        return info.selected

    def ticked_sheets(self) -> tuple[str, ...]:
        return tuple(self.sheets_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.sheets_list.count())
                     if self.sheets_list.item(i).checkState() == Qt.CheckState.Checked)

    def _sheet_option(self, shown: str | None, ticked: tuple[str, ...]) -> str | tuple[str, ...] | None:
        """``ImportOptions.sheet`` for the shown sheet plus the ticked ones: the shown sheet first."""
        names = tuple(dict.fromkeys(((shown,) if shown else ()) + ticked))
        return names[0] if len(names) == 1 else (names or None)

    def _sheets_ticked(self) -> None:
        if self.preview is None:
            return
        ticked = self.ticked_sheets()
        if not ticked:  # at least one sheet: tick the shown one again
            self._fill_sheets(self.preview)
            return
        shown = self.preview.sheet if self.preview.sheet in ticked else ticked[0]
        keep = shown == self.preview.sheet  # the shown sheet's header row and columns stay as chosen
        self.options = replace(self.options, sheet=self._sheet_option(shown, ticked),
                               header_row=self.options.header_row if keep else None,
                               column_map=self.options.column_map if keep else {})
        self.result = None
        self._load()

    def _sheet_changed(self) -> None:
        sheet = self.sheet_combo.currentData()
        if self.preview is None or sheet == self.preview.sheet:
            return
        ticked = self.ticked_sheets()
        self.options = replace(self.options, sheet=self._sheet_option(sheet, ticked), header_row=None,
                               column_map={})
        self._load()

    def _set_header(self, row: int) -> None:
        if self.preview is None or row == self.preview.header_row:
            return
        self.grid_model.set_header_row(row)
        self.header_spin.setValue(row)
        self.options = replace(self.options, header_row=row, column_map={})
        self.result = None
        self._load()

    # -- step 2 ------------------------------------------------------------------------------------------------
    def _mapping_changed(self) -> None:
        if self.preview is None:
            return
        mapping = self.mapping_form.mapping()
        current = {f: c.header for f, c in self.result.columns.items()} if self.result else {}
        if all((mapping.get(f) or "") == (current.get(f) or "") for f in mapping):
            self._update_buttons()
            return
        self.options = replace(self.options, header_row=self.preview.header_row,
                               column_map=mapping)
        self._debounce.start()
        self._update_buttons()

    # -- step 3 ------------------------------------------------------------------------------------------------
    def _fill_step3(self) -> None:
        result = self.result
        self.rows_model.set_result(result)
        self.skipped_model.set_result(result)
        self.rows_view.resizeColumnsToContents()
        for column in range(self.rows_model.columnCount()):
            self.rows_view.setColumnWidth(column, min(self.rows_view.columnWidth(column), 320))
        self.skipped_view.resizeColumnToContents(0)
        tr = translation_for(current_language())
        if result is None:
            text = self.error.render(tr) if self.error is not None and hasattr(self.error, "render") else \
                _("No header row was found. Choose the header row in step 1.")
            self.result_label.setText(text)
            self.status.setText(text)
            self.warnings.set_messages([])
            return
        counts = {"imported": result.rows_imported, "skipped": len(result.skipped), "total": result.rows_total}
        if len(result.sheets_used) > 1:
            summary = ngettext("{imported} parts imported, {skipped} row skipped (of {total} rows in the tables of "
                               "{n} sheets).",
                               "{imported} parts imported, {skipped} rows skipped (of {total} rows in the tables of "
                               "{n} sheets).", counts["skipped"]).format(n=len(result.sheets_used), **counts)
        elif result.header_row == 0:
            summary = ngettext("{imported} parts imported, {skipped} row skipped (of {total} rows of a table without "
                               "a header row).",
                               "{imported} parts imported, {skipped} rows skipped (of {total} rows of a table without "
                               "a header row).", counts["skipped"]).format(**counts)
        else:
            summary = ngettext("{imported} parts imported, {skipped} row skipped (of {total} rows below the header "
                               "row {header}).",
                               "{imported} parts imported, {skipped} rows skipped (of {total} rows below the header "
                               "row {header}).", counts["skipped"]).format(header=result.header_row, **counts)
        if result.multi_level:
            summary += " " + _("Multi-level BOM: quantities were multiplied down the levels.")
        self.result_label.setText(summary)
        self.status.setText(summary)
        self.warnings.set_messages([w.render(tr) for w in result.warnings])
        self.tabs.setTabText(1, _("Skipped rows ({n})").format(n=len(result.skipped)))

    # -- finish ------------------------------------------------------------------------------------------------
    def _finish(self) -> None:
        if self.result is None:
            return
        mapping = self.mapping_form.mapping()
        self.options = replace(self.options, sheet=self._sheet_option(self.result.sheet, self.result.sheets_used),
                               header_row=self.result.header_row,
                               column_map={f: h for f, h in mapping.items() if h}
                               | {f: "" for f, h in mapping.items() if not h})
        if self.remember_box.isChecked():
            from desktop.core.errors import CoreError
            from desktop.core.importing import MappingMemory
            from desktop.paths import mapping_memory_file

            try:
                MappingMemory(mapping_memory_file()).put(self.result.header_signature, dict(self.options.column_map))
            except CoreError as exc:
                from desktop.gui.errors import show_error

                show_error(self, exc)
        self._runner.cancel()
        self.accept()

    def reject(self) -> None:
        self._runner.cancel()
        self._debounce.stop()
        super().reject()

    def done(self, code: int) -> None:
        """Accept, reject and close all end here: release the opened file and its grids (a worker still running
        holds its own reference until it ends)."""
        self._runner.cancel()
        self._debounce.stop()
        self._book = None
        super().done(code)

    def busy(self) -> bool:
        return self._runner.is_running() or self._debounce.isActive()
