"""About: version, knowledge-base date, and the licences of what we ship (IPAexGothic, Qt for Python LGPL)."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_DISPLAY_NAME, __version__
from desktop.gui import theme
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge

QT_LICENCE = """Qt for Python (PySide6) {pyside} and Qt {qt} are used under the GNU Lesser General Public License
version 3 (LGPL-3.0). The Qt libraries are dynamically linked and can be replaced by the user.
Source code and licence texts: https://www.qt.io/licensing/ and https://code.qt.io/"""


def ipa_licence_text() -> str:
    from desktop.paths import resource

    path = resource("fonts", "IPA_Font_License_Agreement_v1.0.txt")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        try:
            return path.read_text(encoding="cp932")
        except OSError:
            return ""


class AboutDialog(QDialog):
    def __init__(self, knowledge: Knowledge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About reerisk"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        icon = QLabel()
        icon.setPixmap(theme.app_icon().pixmap(64, 64))
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        kb = (_("Knowledge base {version}, facts up to {date}").format(version=knowledge.version,
                                                                     date=knowledge.as_of.isoformat())
              if knowledge is not None else _("Knowledge base not loaded"))
        text = QLabel(f"<h2>{html.escape(APP_DISPLAY_NAME)} {html.escape(__version__)}</h2>"
                      f"<p>{html.escape(_('Rare-earth exposure of a bill of materials.'))}</p>"
                      f"<p>{html.escape(kb)}</p>"
                      f"<p>{html.escape(_('Works offline: no data leaves this computer.'))}</p>")
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        tabs = QTabWidget()
        fonts = QTextBrowser()
        fonts.setPlainText(_("Japanese text uses the IPAexGothic font, distributed under the IPA Font License "
                             "Agreement v1.0:") + "\n\n" + ipa_licence_text())
        qt = QTextBrowser()
        qt.setPlainText(QT_LICENCE.format(pyside=pyside_version, qt=qVersion()))
        tabs.addTab(fonts, _("IPAexGothic font"))
        tabs.addTab(qt, _("Qt for Python"))
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
