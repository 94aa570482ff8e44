"""Language switch re-translates the open window; settings are typed, persisted in INI and build a ScoringConfig."""
from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.gui import settings as opt
from desktop.gui.settings import Settings
from desktop.i18n import current_language, parse_po

GUI = Path(__file__).resolve().parents[2] / "desktop" / "gui"
PO = Path(__file__).resolve().parents[2] / "resources" / "translations" / "ja"


def test_language_switch_retranslates_the_window(loaded_window) -> None:
    win = loaded_window
    assert win.tabs.tabText(1) == "Parts list"
    win.set_language("ja")
    assert current_language() == "ja"
    assert win.tabs.tabText(0) == "スタート"
    assert win.tabs.tabText(1) == "部品一覧"
    assert win.file_menu.title() == "ファイル(&F)"
    assert win.start_page.open_button.text() == "部品表を開く…"
    assert win.assessment_page.cards.cards[1].caption.text() == "レアアース含有部品数"
    assert win.assessment_page.model.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) \
        == "品番"
    assert win.scenario_bar.as_of_label.text() == "評価基準日:"
    tier = win.session.assessment.summary.tier
    assert win.assessment_page.cards.cards[0].value.text() == {"critical": "極めて高い", "high": "高", "medium": "中",
                                                               "low": "低", "none": "なし"}[tier]
    win.set_language("en")
    assert win.tabs.tabText(1) == "Parts list"


def test_settings_dialog_language_applies_at_once(window, qtbot) -> None:
    dialog = window.show_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("ja"))
    dialog.accept()
    assert window.settings.get(opt.LANGUAGE) == "ja"
    assert window.tabs.tabText(0) == "スタート"
    window.set_language("en")


def test_settings_are_typed_and_persisted(tmp_path: Path) -> None:
    s = Settings()
    assert s.file_name.startswith(str(tmp_path))          # the autouse fixture points QSettings at tmp_path
    s.set(opt.COMPANY, "サンプル精機")
    s.set(opt.DESTINATIONS, ["US"])
    s.set(opt.REPORT_TOP_N, 15)
    s.set(opt.WEIGHTS, {"controls": 0.5})
    s.set(opt.TIER_BOUNDS, {"critical": 80.0})
    s.set(opt.GEOMETRY, b"\x01\x02")
    s.sync()
    again = Settings(QSettings(s.file_name, QSettings.Format.IniFormat))
    assert again.get(opt.COMPANY) == "サンプル精機"
    assert again.get(opt.REPORT_TOP_N) == 15
    assert again.get(opt.GEOMETRY) == b"\x01\x02"
    config = again.scoring_config()
    assert config.element_weights["controls"] == 0.5
    assert config.element_weights["concentration"] == 0.35      # untouched weights keep the model default
    assert config.tiers["critical"] == 80.0
    assert config.destination == "US"
    again.restore_scoring_defaults()
    from desktop.core.scoring.config import ScoringConfig

    assert again.scoring_config().element_weights == ScoringConfig().element_weights
    assert again.get(opt.VERSION) == opt.SETTINGS_VERSION


def test_recent_files(tmp_path: Path) -> None:
    s = Settings()
    files = [tmp_path / f"bom{i}.xlsx" for i in range(12)]
    for f in files:
        f.write_text("x")
        s.add_recent_file(f)
    recent = s.recent_files()
    assert len(recent) == opt.MAX_RECENT_FILES
    assert recent[0] == str(files[-1].resolve())
    s.add_recent_file(files[5])
    assert s.recent_files()[0] == str(files[5].resolve())
    assert s.get(opt.LAST_FOLDER) == str(tmp_path.resolve())


def test_settings_dialog_restore_defaults_rescores(loaded_window, qtbot) -> None:
    from desktop.gui.session import Stage

    win = loaded_window
    dialog = win.show_settings()
    dialog.tiers["critical"].setValue(99)
    with qtbot.waitSignal(win.session.changed, timeout=30_000, check_params_cb=lambda s: s == Stage.SCORED):
        dialog.accept()
    assert win.session.assessment.config.tiers["critical"] == 99
    dialog = win.show_settings()
    dialog.restore_defaults()
    assert dialog.tiers["critical"].value() == 75


def _gui_msgids() -> set[str]:
    found: set[str] = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_") \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def _gui_plural_msgids() -> set[str]:
    """The singular msgid of every ``ngettext("…", "…", n)`` call in the GUI."""
    found: set[str] = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ngettext" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def test_every_gui_string_has_a_japanese_translation() -> None:
    catalogue: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for po in PO.glob("*.po"):
        messages, forms = parse_po(po)
        catalogue.update(messages)
        plurals.update(forms)
    missing = sorted(m for m in _gui_msgids() if m not in catalogue)
    assert missing == []
    assert _gui_plural_msgids(), "the GUI has counted messages"
    assert sorted(m for m in _gui_plural_msgids() if m not in plurals) == []


def test_gui_po_agrees_with_the_other_catalogues() -> None:
    gui = parse_po(PO / "gui.po")[0]
    for po in PO.glob("*.po"):
        if po.name == "gui.po":
            continue
        other = parse_po(po)[0]
        clashes = {k: (v, other[k]) for k, v in gui.items() if k in other and other[k] != v}
        assert clashes == {}, po.name
    # placeholders survive translation
    import string

    for msgid, msgstr in gui.items():
        names = {f[1] for f in string.Formatter().parse(msgid) if f[1]}
        assert names == {f[1] for f in string.Formatter().parse(msgstr) if f[1]}, msgid
