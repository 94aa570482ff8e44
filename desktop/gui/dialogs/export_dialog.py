"""Export dialog: the PDF briefing or the annotated Excel workbook, with the briefing options, progress and Cancel,
and "Open" / "Show in folder" when done. The export runs in a worker; the window stays responsive."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.gui import settings as opt
from desktop.gui.defaults import default_save_folder, title_block_product
from desktop.gui.workers import Task, TaskRunner
from desktop.i18n import _, current_language

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.types import Assessment
    from desktop.gui.settings import Settings

PDF, XLSX = "pdf", "xlsx"


def show_in_folder(path: str) -> None:
    """Reveal ``path`` in Explorer / Finder (or open its folder elsewhere)."""
    if sys.platform == "win32":
        subprocess.Popen(["explorer", "/select,", str(Path(path))])  # noqa: S603, S607
    elif sys.platform == "darwin":
        subprocess.Popen(["open", "-R", str(path)])  # noqa: S603, S607
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


class ExportDialog(QDialog):
    finished_export = Signal(str)    # the written path
    failed_export = Signal(object)

    def __init__(self, assessment: Assessment, knowledge: Knowledge, settings: Settings, source_name: str = "",
                 parent: QWidget | None = None, kind: str = PDF) -> None:
        super().__init__(parent)
        self.assessment, self.knowledge, self.settings = assessment, knowledge, settings
        self.source_name = source_name or "bom"
        self.written: str | None = None
        self._confirmed = ""            # a path the user has agreed to replace
        self._runner = TaskRunner(self)
        self.setWindowTitle(_("Export"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        kinds = QHBoxLayout()
        self.pdf_radio = QRadioButton(_("PDF briefing"))
        self.xlsx_radio = QRadioButton(_("Annotated Excel workbook"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.pdf_radio)
        self.kind_group.addButton(self.xlsx_radio)
        kinds.addWidget(self.pdf_radio)
        kinds.addWidget(self.xlsx_radio)
        kinds.addStretch(1)
        layout.addLayout(kinds)

        form = QFormLayout()
        self.path_edit = QLineEdit()
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        form.addRow(_("Save as:"), _row(self.path_edit, browse))
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("日本語", "ja")
        lang = settings.get(opt.REPORT_LANGUAGE) or current_language()
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        form.addRow(_("Language:"), self.language)
        self.company = QLineEdit(settings.get(opt.COMPANY))
        imported = assessment.mapped.imported
        self.product = QLineEdit(title_block_product(imported.raw_rows, imported.header_row)
                                 or Path(self.source_name).stem)
        self.author = QLineEdit(settings.get(opt.REPORT_AUTHOR))
        self.confidentiality = QLineEdit(settings.get(opt.REPORT_CONFIDENTIALITY))
        self.confidentiality.setPlaceholderText(_("Confidential"))
        self.logo = QLineEdit(settings.get(opt.REPORT_LOGO))
        logo_button = QPushButton(_("Browse…"))
        logo_button.clicked.connect(self._browse_logo)
        self.top_n = QSpinBox()
        self.top_n.setRange(1, 100)
        self.top_n.setValue(settings.get(opt.REPORT_TOP_N))
        self.pdf_rows: list[QWidget] = []
        for label, widget in ((_("Company:"), self.company), (_("Product or BOM name:"), self.product),
                              (_("Author:"), self.author), (_("Confidentiality mark:"), self.confidentiality),
                              (_("Logo (PNG or JPG):"), _row(self.logo, logo_button)),
                              (_("Parts in the top-risks table:"), self.top_n)):
            form.addRow(label, widget)
            self.pdf_rows.append(widget)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # shows file paths: never markup
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton(_("Show in folder"))
        self.folder_button.clicked.connect(lambda: self.written and show_in_folder(self.written))
        self.export_button = QPushButton(_("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        for b in (self.open_button, self.folder_button):
            b.hide()
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        self.cancel_button.hide()
        layout.addLayout(buttons)

        self.pdf_radio.toggled.connect(self._kind_changed)
        (self.pdf_radio if kind == PDF else self.xlsx_radio).setChecked(True)
        self._kind_changed()

    # -- options -----------------------------------------------------------------------------------------------
    def kind(self) -> str:
        return PDF if self.pdf_radio.isChecked() else XLSX

    def _default_path(self, kind: str) -> str:
        folder = default_save_folder((self.settings.get(opt.LAST_FOLDER), self.assessment.mapped.imported.path))
        stem = Path(self.source_name).stem or "bom"
        suffix = "_briefing.pdf" if kind == PDF else "_reerisk.xlsx"
        return str(folder / f"{stem}{suffix}")

    def _kind_changed(self, *_args: Any) -> None:
        kind = self.kind()
        current = self.path_edit.text().strip()
        if not current or Path(current).suffix.lower() in (".pdf", ".xlsx"):
            base = Path(current) if current else Path(self._default_path(kind))
            wanted = ".pdf" if kind == PDF else ".xlsx"
            if base.suffix.lower() != wanted:
                base = Path(self._default_path(kind)) if not current else base.with_name(
                    base.stem.replace("_briefing", "").replace("_reerisk", "")
                    + ("_briefing" if kind == PDF else "_reerisk") + wanted)
            self.path_edit.setText(str(base))
        for widget in self.pdf_rows:
            widget.setEnabled(kind == PDF)

    def _browse(self) -> None:
        kind = self.kind()
        filt = _("PDF files (*.pdf)") if kind == PDF else _("Excel workbooks (*.xlsx)")
        path, _sel = QFileDialog.getSaveFileName(self, _("Export"), self.path_edit.text(), filt)
        if path:
            self.path_edit.setText(path)
            self._confirmed = path      # the native dialog has already asked about replacing it

    def _browse_logo(self) -> None:
        path, _sel = QFileDialog.getOpenFileName(self, _("Logo"), self.logo.text(), _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)

    def briefing_options(self) -> Any:
        from desktop.core.report import BriefingOptions

        return BriefingOptions(lang=self.language.currentData(), company=self.company.text().strip() or None,
                               product=self.product.text().strip() or None,
                               author=self.author.text().strip() or None,
                               confidentiality=self.confidentiality.text().strip() or None,
                               logo=self.logo.text().strip() or None, top_n=self.top_n.value())

    def _remember(self) -> None:
        s = self.settings
        s.set(opt.REPORT_LANGUAGE, self.language.currentData())
        s.set(opt.COMPANY, self.company.text().strip())
        s.set(opt.REPORT_AUTHOR, self.author.text().strip())
        s.set(opt.REPORT_CONFIDENTIALITY, self.confidentiality.text().strip())
        s.set(opt.REPORT_LOGO, self.logo.text().strip())
        s.set(opt.REPORT_TOP_N, self.top_n.value())
        s.set(opt.LAST_FOLDER, str(Path(self.path_edit.text()).parent))

    # -- export ------------------------------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        path = self.path_edit.text().strip()
        if not path:
            self._browse()
            path = self.path_edit.text().strip()
            if not path:
                return None
        kind = self.kind()
        wanted = ".pdf" if kind == PDF else ".xlsx"
        if Path(path).suffix.lower() != wanted:
            path += wanted
            self.path_edit.setText(path)
        if not self._may_write(path):
            return None
        try:
            options = self.briefing_options() if kind == PDF else None
        except Exception as exc:  # noqa: BLE001 - ReportError from the options' validation
            from desktop.gui.errors import show_error

            show_error(self, exc)
            return None
        self._remember()
        assessment, knowledge, lang = self.assessment, self.knowledge, self.language.currentData()

        def work(task: Task) -> str:
            if kind == PDF:
                from desktop.core.report import build_pdf

                build_pdf(assessment, path, options, knowledge, progress=task)
            else:
                from desktop.core.report import build_workbook

                build_workbook(assessment, path, lang, progress=task)
            return path

        self._set_running(True)
        self.status.setText(_("Exporting…"))
        task = self._runner.start(work, self._done, self._failed, label=_("Exporting…"))
        task.signals.progress.connect(self._progress)
        return task

    def _may_write(self, path: str) -> bool:
        """Never replace a file silently: a folder is refused, an existing file is replaced only when confirmed."""
        target = Path(path)
        if target.is_dir():
            from desktop.gui.errors import show_error

            show_error(self, IsADirectoryError(21, "Is a directory", path))
            return False
        from desktop.core.outputs import NOT_OUR_KIND, refuse_reason

        # The core's rule, as in the CLI: never over a file this export reads (the BOM, the logo; symlinks and ./
        # included) nor over a device or pipe. A file of another kind is not refused here: the user is asked.
        inputs = [self.assessment.mapped.imported.path, self.logo.text().strip() or None]
        refusal = refuse_reason(target, self.kind(), inputs)
        if refusal is not None and refusal.msgid != NOT_OUR_KIND:
            from desktop.core.errors import UsageError
            from desktop.gui.errors import show_error

            show_error(self, UsageError(refusal.msgid, refusal.params))
            return False
        if not target.exists() or path == self._confirmed:
            return True
        answer = QMessageBox.question(
            self, _("Replace the file?"),
            _("{name} already exists in {folder}. Replace it?").format(name=target.name, folder=target.parent),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._confirmed = path
        return True

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        if message:
            self.status.setText(_(message))

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress.setValue(0)
        self.cancel_button.setVisible(running)
        self.export_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        if running:
            self.open_button.hide()
            self.folder_button.hide()

    def _done(self, path: str) -> None:
        self._set_running(False)
        self.written = path
        self.status.setText(_("Saved: {path}").format(path=path))
        self.open_button.show()
        self.folder_button.show()
        self.finished_export.emit(path)

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self.status.setText("")
        from desktop.gui.errors import show_error

        show_error(self, exc)
        self.failed_export.emit(exc)

    def cancel_export(self) -> None:
        self._runner.cancel()
        self._set_running(False)
        self.status.setText(_("Export cancelled."))

    def open_file(self) -> None:
        if self.written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.written))

    def reject(self) -> None:
        if self._runner.is_running():
            self.cancel_export()
        super().reject()


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return box
