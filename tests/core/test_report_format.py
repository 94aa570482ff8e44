"""Number, mass and date formatting, labels, and the Japanese catalogue of the report."""
from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from desktop.core.report.format import fmt_date, fmt_int, fmt_mass, fmt_mass_range, fmt_percent
from desktop.core.report.options import BriefingOptions
from desktop.i18n import parse_po, translation_for

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("grams", "text"), [
    (1234.5, "1.23 kg"), (1.8, "1.80 g"), (41.0, "41.0 g"), (287.0, "287 g"), (0.35, "350 mg"),
    (0.00012, "120 μg"), (1_800_000, "1.80 t"), (0, "0 g"), (None, "–"), (999.4, "999 g"), (12_345, "12.3 kg"),
])
def test_fmt_mass(grams, text):
    assert fmt_mass(grams) == text


def test_other_formats():
    assert fmt_int(1340) == "1,340"
    assert fmt_percent(0.914) == "91%"
    assert fmt_date(dt.date(2026, 11, 28), "en") == "2026-11-28"
    assert fmt_date(dt.date(2026, 11, 28), "ja") == "2026年11月28日"
    assert fmt_date("2026-01-20", "ja") == "2026年1月20日"
    assert fmt_mass_range(10.0, 5.0, 20.0) == "10.0 g (5.00 g–20.0 g)"


def _report_msgids() -> set[str]:
    ids = set()
    for path in (REPO / "desktop" / "core" / "report").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                ids.add(node.args[0].value)
    return ids


def test_every_report_string_has_a_japanese_translation():
    # one catalogue: any file of resources/translations/ja may carry a report string
    catalogue: dict[str, str] = {}
    for path in sorted((REPO / "resources" / "translations" / "ja").glob("*.po")):
        catalogue.update(parse_po(path)[0])
    # counted messages (singular + plural) are plural entries, checked by tests/test_translations.py
    from tests.test_translations import plural_pairs

    counted = {form for singular, (plural, _where) in plural_pairs().items() for form in (singular, plural)}
    missing = sorted(_report_msgids() - set(catalogue) - counted)
    assert not missing, missing
    messages, _ = parse_po(REPO / "resources" / "translations" / "ja" / "report.po")
    for msgid, text in messages.items():
        # placeholders survive translation
        assert {f for f in _fields(msgid)} == {f for f in _fields(text)}, msgid


def _fields(template: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_glossary_terms():
    tr = translation_for("ja")
    assert tr.gettext("Confidential") == "社外秘"
    assert tr.gettext("Diversify supply") == "調達先の多様化"
    assert tr.gettext("Safety stock") == "安全在庫"
    assert tr.gettext("As-of date") == "評価基準日"
    assert tr.gettext("Critical") == "極めて高い"


def test_confidentiality_default():
    assert BriefingOptions().confidentiality_mark(translation_for("en")) == "Confidential"
    assert BriefingOptions(lang="ja").confidentiality_mark(translation_for("ja")) == "社外秘"
    assert BriefingOptions(confidentiality=" Internal ").confidentiality_mark(translation_for("ja")) == "Internal"


def test_status_and_stage_labels_live_once():
    """One table each in core types, read by scoring, the report and the GUI (copies had drifted: "Refining"
    against "separation/refining"); a cell capitalises the sentence form, Japanese is unchanged."""
    from desktop.core import types
    from desktop.core.report import format as fmt
    from desktop.core.report.format import STAGE_LABELS, STATUS_LABELS, label
    from desktop.core.scoring import elements

    assert STATUS_LABELS is types.CONTROL_STATUS_LABELS and STAGE_LABELS is types.STAGE_LABELS
    assert elements.STATUS_LABELS is types.CONTROL_STATUS_LABELS and elements.STAGE_LABELS is types.STAGE_LABELS
    en, ja = translation_for("en"), translation_for("ja")
    assert label(STATUS_LABELS, "in_force", en) == "in force"
    assert label(STATUS_LABELS, "in_force", en, capital=True) == "In force"
    assert label(STAGE_LABELS, "refining", en, capital=True) == "Separation/refining"
    assert label(STATUS_LABELS, "in_force", ja, capital=True) == label(STATUS_LABELS, "in_force", ja) == "施行中"
    assert label(STATUS_LABELS, "no_such_status", en, capital=True) == "no_such_status"   # an id stays as it is
    assert not hasattr(fmt, "SCENARIO_LABELS")


def test_one_list_separator_per_language():
    """Messages (list parameters) and the briefing join lists with the same separator: ", " / "、"."""
    from desktop.core.report.format import join_list
    from desktop.core.types import Message

    assert join_list(["Dy", "Tb"], "en") == "Dy, Tb" and join_list(["Dy", "Tb"], "ja") == "Dy、Tb"
    m = Message("{items}", {"items": ("Dy", "Tb")})
    assert m.render(translation_for("ja")) == join_list(["Dy", "Tb"], "ja")
    assert m.render(translation_for("en")) == join_list(["Dy", "Tb"], "en")


def test_axis_ticks_have_no_trailing_zeros():
    from desktop.core.masses import fmt_mass_tick

    assert [fmt_mass_tick(10.0 ** k) for k in (-7, -5, -3, -1, 0, 1, 3, 6)] == [
        "0.1 μg", "10 μg", "1 mg", "100 mg", "1 g", "10 g", "1 kg", "1 t"]
