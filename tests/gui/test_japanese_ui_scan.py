"""Labels, never ids: the Japanese UI – every page and dialog, built offscreen with the sample BOM – shows no
internal id (``suspension-extended``, ``bldc_fan_motor``, ``in_force`` …) and no English text from the catalogue.

User data (part numbers, descriptions, suppliers, file names, the imported rows) is left out of the scan: it is
shown exactly as the user gave it, in whatever language.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from desktop.i18n import parse_po

ROOT = Path(__file__).resolve().parents[2]
#: Model columns that hold the user's own data (shown as given, never translated).
USER_COLUMNS = {"Row", "Part number", "Description", "Supplier", "Country", "Qty / product",
                "品番", "品名", "仕入先", "国", "行", "数量/製品", "行番号"}


def _model_texts(model: QAbstractItemModel, rows: int = 60) -> list[str]:
    from PySide6.QtCore import QAbstractListModel, QModelIndex

    if isinstance(model, QAbstractListModel):     # combo box pop-ups: their items are read from the combo
        return []
    out = []
    for c in range(model.columnCount(QModelIndex())):
        header = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        out.append(header)
        if header in USER_COLUMNS:
            continue
        for r in range(min(rows, model.rowCount(QModelIndex()))):
            value = model.index(r, c).data()
            if value is not None:
                out.append(str(value))
    return out


def visible_texts(root: QWidget, skip: tuple[QWidget, ...] = ()) -> list[str]:
    """Every piece of UI text under ``root``: labels, buttons, combo items, placeholders, tabs, tables, titles."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if any(w is s or s.isAncestorOf(w) for s in skip):
            continue
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.PlainText:
            texts.append(re.sub(r"<[^>]+>", " ", w.text()))
        elif isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabWidget):
            texts.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTextBrowser):
            texts.append(w.toPlainText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            texts.extend(_model_texts(w.model()))
        texts.append(w.toolTip())
    return [t for t in texts if t and t.strip()]


def internal_ids(knowledge: Any) -> set[str]:
    from desktop.core import types
    from desktop.core.scoring.scenarios import SCENARIO_NAMES
    from desktop.gui.labels import METHOD_LABELS, STATUS_LABELS
    from desktop.gui.widgets.scenario_bar import HALT_SYMBOLS

    ids = set(knowledge.classes) | {c.id for c in knowledge.controls} | set(getattr(knowledge, "profiles", {}) or {})
    ids |= set(SCENARIO_NAMES) | {f"halt-{s}" for s in HALT_SYMBOLS}
    ids |= set(STATUS_LABELS) | set(types.SKIP_REASONS) | {m for m in METHOD_LABELS if "_" in m}
    ids |= {t for t in types.TIERS if "_" in t or "-" in t}
    # ids that are ordinary words in English ("low", "none") are caught by the catalogue check instead
    return {i for i in ids if re.search(r"[_-]", i) and not re.search(r"[^\x00-\x7f]", i)}


def catalogue_english() -> list[str]:
    """English msgids whose Japanese translation differs: seeing them in the Japanese UI is a missed ``_()``."""
    out = []
    for po in sorted((ROOT / "resources" / "translations" / "ja").glob("*.po")):
        messages, _plurals = parse_po(po)
        for msgid, msgstr in messages.items():
            text = msgid.replace("&", "").strip().rstrip(":…").strip()
            if msgstr == msgid or "{" in text or len(text) < 4 or not re.search(r"[A-Za-z]{3}", text):
                continue
            if re.fullmatch(r"[A-Z0-9 ./()+-]+", text):      # acronyms and codes (HS, PDF, CSV …)
                continue
            out.append(text)
    return out


def scan(texts: list[str], ids: set[str], english: list[str]) -> list[str]:
    problems = []
    joined = "\n".join(texts)
    for i in sorted(ids):
        if re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w-])", joined):
            problems.append(f"internal id {i!r}")
    for text in english:
        pattern = rf"(?<![A-Za-z]){re.escape(text)}(?![A-Za-z])"
        flags = 0 if " " in text or len(text) > 6 else 0
        if re.search(pattern, joined, flags):
            hit = next(t for t in texts if re.search(pattern, t, flags))
            problems.append(f"English {text!r} in {hit[:80]!r}")
    return problems


def test_japanese_ui_shows_no_ids_and_no_catalogue_english(window, qtbot, load_bom, sample_bom_path: Path,
                                                            message_boxes) -> None:
    from desktop.gui.dialogs.override_dialog import OverrideDialog
    from desktop.gui.widgets.part_detail import part_view

    win = window
    win.set_language("ja")
    try:
        load_bom(win, sample_bom_path)
        kb = win.session.knowledge
        ids, english = internal_ids(kb), catalogue_english()
        assert "suspension-extended" in ids and "bldc_fan_motor" in ids
        assert "Save changes?" in english or "Unclassified" in english
        page = win.assessment_page
        user_data = (win.source_label,)
        texts: list[str] = []
        for tab in range(win.tabs.count()):
            win.tabs.setCurrentIndex(tab)
            qtbot.wait(50)
            texts += visible_texts(win, skip=user_data)
        # every part's detail (the evidence and factors are rendered texts)
        a = win.session.assessment
        for index in range(len(a.mapped.imported.parts)):
            page.detail.set_part(part_view(a, index), kb)
            texts.append(page.detail.browser.toPlainText())
        # each scenario on the toolbar
        texts += [win.scenario_bar.scenario_combo.itemText(i) for i in range(win.scenario_bar.scenario_combo.count())]
        # the dialogs
        for open_dialog in (lambda: win.show_export("pdf"), win.show_settings, win.show_about):
            dialog = open_dialog()
            # licence notices are legal texts, shown in their original English
            licences = tuple(dialog.findChildren(QTextBrowser)) if dialog is win.dialog and \
                type(dialog).__name__ == "AboutDialog" else ()
            texts += visible_texts(dialog, skip=licences)
            dialog.reject()
        part = part_view(a, next(i for i, m in enumerate(a.mapped.mappings) if m.classes))
        override = OverrideDialog(part, kb, win)
        qtbot.addWidget(override)
        texts += visible_texts(override)
        wizard = win.start_import(str(sample_bom_path))
        qtbot.waitUntil(lambda: wizard.result is not None and not wizard.busy(), timeout=30_000)
        for step in range(3):
            wizard._set_step(step)
            texts += visible_texts(wizard, skip=(wizard.grid_view, wizard.rows_view, wizard.file_label))
        wizard.reject()
        problems = scan(texts, ids, english)
        assert not problems, f"{len(problems)} leftovers in the Japanese UI:\n" + "\n".join(problems[:60])
    finally:
        win.set_language("en")


def test_the_scan_finds_ids_and_english() -> None:
    """The scanner itself: an id or an untranslated English phrase is found, user-free Japanese passes."""
    ids = {"suspension-extended", "bldc_fan_motor"}
    english = ["Save changes?", "Unclassified"]
    assert scan(["シナリオ: suspension-extended"], ids, english)
    assert scan(["部品分類: bldc_fan_motor"], ids, english)
    assert scan(["Unclassified"], ids, english)
    assert not scan(["未判定", "停止延長"], ids, english)
