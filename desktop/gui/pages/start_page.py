"""Start page: open a BOM (button, drag and drop, recent files), the sample BOM, and the knowledge-base status."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.session import Session, Stage
from desktop.gui.widgets.file_drop import FileDropFilter
from desktop.i18n import _, current_language


def sample_bom() -> Path | None:
    """The bundled sample BOM (resources/samples), Japanese first."""
    from desktop.paths import resource

    folder = resource("samples")
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob("sample_bom*.xlsx")) + sorted(folder.glob("sample_bom*.csv"))
    preferred = [p for p in candidates if p.name == "sample_bom_ja.xlsx"]
    return (preferred or candidates or [None])[0]


class StartPage(QWidget):
    open_requested = Signal(str)      # a path, or "" to show the file dialog

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("startPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(16)

        self.title = QLabel("reerisk")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)

        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setStyleSheet("#dropZone { border: 2px dashed palette(mid); border-radius: 8px; }")
        drop_layout = QVBoxLayout(self.drop_zone)
        drop_layout.setContentsMargins(24, 24, 24, 24)
        self.drop_label = QLabel()
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(""))
        self.sample_button = QPushButton()
        self.sample_button.clicked.connect(self._open_sample)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        drop_layout.addWidget(self.drop_label)
        drop_layout.addLayout(buttons)
        self.formats_label = QLabel()
        self.formats_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.formats_label.setStyleSheet("color: palette(placeholder-text);")
        drop_layout.addWidget(self.formats_label)
        outer.addWidget(self.drop_zone)
        FileDropFilter(self, self.open_requested.emit)

        lower = QHBoxLayout()
        self.recent_box = QGroupBox()
        recent_layout = QVBoxLayout(self.recent_box)
        self.recent_list = QListWidget()
        self.recent_list.itemActivated.connect(self._recent_activated)
        self.recent_empty = QLabel()
        self.recent_empty.setStyleSheet("color: palette(placeholder-text);")
        recent_layout.addWidget(self.recent_list)
        recent_layout.addWidget(self.recent_empty)
        lower.addWidget(self.recent_box, 1)

        self.kb_box = QGroupBox()
        kb_layout = QVBoxLayout(self.kb_box)
        grid = QGridLayout()
        self.kb_version_caption, self.kb_version = QLabel(), QLabel("…")
        self.kb_as_of_caption, self.kb_as_of = QLabel(), QLabel("…")
        self.kb_origin_caption, self.kb_origin = QLabel(), QLabel("…")
        for label in (self.kb_version, self.kb_as_of, self.kb_origin):  # knowledge-base text, never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        for row, (caption, value) in enumerate(((self.kb_version_caption, self.kb_version),
                                                (self.kb_as_of_caption, self.kb_as_of),
                                                (self.kb_origin_caption, self.kb_origin))):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        kb_layout.addLayout(grid)
        self.kb_warnings = QLabel()
        self.kb_warnings.setWordWrap(True)
        self.kb_warnings.setTextFormat(Qt.TextFormat.RichText)
        self.kb_warnings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        kb_layout.addWidget(self.kb_warnings, 1)
        lower.addWidget(self.kb_box, 2)
        outer.addLayout(lower, 1)

        self._recent: list[str] = []
        self._kb_error = ""
        session.changed.connect(self._session_changed)
        session.knowledge_failed.connect(self._knowledge_failed)
        self.retranslate()

    # -- content -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.subtitle.setText(_("Find the rare earths in your bill of materials, see how much of them depends on "
                                "China and which Chinese export controls apply on a given date."))
        self.drop_label.setText(_("Drop a BOM file here, or open one."))
        self.open_button.setText(_("Open a BOM…"))
        self.sample_button.setText(_("Open the sample BOM"))
        self.sample_button.setEnabled(sample_bom() is not None)
        self.formats_label.setText(_("Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods), CSV/TSV, or a saved "
                                     "assessment (.reerisk)"))
        self.recent_box.setTitle(_("Recent files"))
        self.recent_empty.setText(_("No recent files yet."))
        self.kb_box.setTitle(_("Knowledge base"))
        self.kb_version_caption.setText(_("Version:"))
        self.kb_as_of_caption.setText(_("Facts up to:"))
        self.kb_origin_caption.setText(_("Source:"))
        self.set_recent_files(self._recent)
        self._show_knowledge()

    def set_recent_files(self, files: list[str]) -> None:
        self._recent = list(files)
        self.recent_list.clear()
        for path in files:
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            exists = Path(path).is_file()
            item.setToolTip(path if exists else _("{path} (not found)").format(path=path))
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(files))
        self.recent_empty.setVisible(not files)

    def _show_knowledge(self) -> None:
        kb = self.session.knowledge
        if kb is None:
            text = self._kb_error or _("Loading…")
            self.kb_version.setText(text)
            self.kb_as_of.setText("")
            self.kb_origin.setText("")
            self.kb_warnings.setText("")
            return
        self.kb_version.setText(kb.version)
        self.kb_as_of.setText(kb.as_of.isoformat())
        self.kb_origin.setText(_("bundled with the app") if kb.origin == "bundled"
                               else _("your updated copy ({folder})").format(folder=kb.folder))
        warnings = list(kb.warnings_ja if current_language() == "ja" and kb.warnings_ja else kb.warnings_en)
        warnings += list(kb.load_warnings)
        import html

        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        heading = html.escape(_("Check before you rely on it:"))
        self.kb_warnings.setText(f"<b>{heading}</b><ul style='margin-left:-20px'>{items}</ul>" if warnings else "")

    def _session_changed(self, stage: int) -> None:
        if stage == Stage.KNOWLEDGE:
            self._show_knowledge()

    def _knowledge_failed(self, exc: BaseException) -> None:
        from desktop.gui.errors import error_text

        self._kb_error = error_text(exc)[1]
        self._show_knowledge()

    def _recent_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.open_requested.emit(path)

    def _open_sample(self) -> None:
        path = sample_bom()
        if path is not None:
            self.open_requested.emit(str(path))
