"""Colours, fonts and the app icon: light and dark palettes that follow the system.

Tier colours come in two sets so that table cells stay readable on a light and on a dark window background:
pale fills with dark text in light mode, deep fills with light text in dark mode.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette

from desktop.core.types import TIERS as CORE_TIERS
from desktop.paths import resource

JAPANESE_FALLBACK_FAMILY = "IPAexGothic"
TIERS = CORE_TIERS   # one order for the whole app (desktop.core.types)

# (background, foreground) per tier.
_LIGHT: dict[str, tuple[str, str]] = {
    "critical": ("#F8D7DA", "#6E0F16"),
    "high": ("#FFE0B2", "#6B2E00"),
    "medium": ("#FFF3C4", "#5C4700"),
    "low": ("#DCEFDC", "#1B4D1E"),
    "unclassified": ("#E8E0F5", "#3E2A6B"),   # violet: unknown is neither safe (grey/green) nor a risk colour
    "none": ("#EEEEEE", "#424242"),
}
_DARK: dict[str, tuple[str, str]] = {
    "critical": ("#7F1D1D", "#FEE2E2"),
    "high": ("#7C3A0A", "#FFEDD5"),
    "medium": ("#6B5B0E", "#FEF9C3"),
    "low": ("#1F4D2B", "#DCFCE7"),
    "unclassified": ("#45306E", "#EDE7F6"),
    "none": ("#3F3F46", "#E4E4E7"),
}
#: Strong accent per tier (badges, card borders); readable on both backgrounds.
TIER_ACCENTS: dict[str, str] = {
    "critical": "#C62828",
    "high": "#EF6C00",
    "medium": "#F9A825",
    "low": "#2E7D32",
    "unclassified": "#7E57C2",
    "none": "#9E9E9E",
}


def is_dark() -> bool:
    """True when the application runs with a dark colour scheme (system setting or dark palette)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def tier_background(tier: str) -> QColor:
    table = _DARK if is_dark() else _LIGHT
    return QColor(table.get(tier, table["none"])[0])


def tier_foreground(tier: str) -> QColor:
    table = _DARK if is_dark() else _LIGHT
    return QColor(table.get(tier, table["none"])[1])


def tier_accent(tier: str) -> QColor:
    return QColor(TIER_ACCENTS.get(tier, TIER_ACCENTS["none"]))


def app_icon() -> QIcon:
    """The app icon in every size that exists in resources/icons (empty icon if none)."""
    icon = QIcon()
    folder = resource("icons")
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        path = folder / f"reerisk_{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def install_fonts(app: QGuiApplication) -> str | None:
    """Register the bundled IPAexGothic and add it as a fallback family so that Japanese never shows as tofu.

    Returns the registered family name, or None when the font file is missing or unreadable.
    """
    path = resource("fonts", "ipaexg.ttf")
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    family = families[0]
    font = QFont(app.font())
    system_families = [f for f in font.families() if f != family] or [font.family()]
    font.setFamilies([*system_families, family])
    app.setFont(font)
    return family


def apply_palette(app: QGuiApplication) -> None:
    """Follow the system colour scheme. On platforms whose style ignores it (Fusion on Linux), set a dark palette."""
    if not is_dark():
        return
    style_name = app.style().name().lower() if hasattr(app, "style") else ""
    if style_name not in ("fusion", ""):
        return
    palette = QPalette()
    window, base, text = QColor("#202124"), QColor("#17181A"), QColor("#E8EAED")
    palette.setColor(QPalette.ColorRole.Window, window)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282B"))
    palette.setColor(QPalette.ColorRole.Text, text)
    palette.setColor(QPalette.ColorRole.Button, QColor("#2D2F33"))
    palette.setColor(QPalette.ColorRole.ButtonText, text)
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#2D2F33"))
    palette.setColor(QPalette.ColorRole.ToolTipText, text)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3B82F6"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9AA0A6"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#8AB4F8"))
    app.setPalette(palette)
