"""English reads "1 part" and "2 parts" wherever a count meets a noun; Japanese (one form) is unchanged.

Counted messages are Message/Line objects with a ``plural`` (desktop/core/types.py, report/decision.py) or
``ngettext`` calls (charts); the catalogue holds them as msgid/msgid_plural/msgstr[0] entries.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from desktop.core.report.decision import _unknown
from desktop.core.report.pdf_decision import render
from desktop.core.report.pdf_styles import Ctx
from desktop.core.types import Message
from desktop.i18n import N_, plural_count, translation_for
from desktop.paths import resource

EN, JA = translation_for("en"), translation_for("ja")


def _ctx(tr) -> Ctx:
    """Enough of a briefing context to render a decision line (no knowledge lookups, no citations)."""
    return Ctx(assessment=None, knowledge=None, options=None, tr=tr, st=None, width=0.0,  # type: ignore[arg-type]
               citations={})


def test_message_chooses_the_english_form_by_its_count_parameter():
    def line(n):
        return Message(N_("{n} part matched no rule; it is reported as unmapped"), {"n": n},
                       plural=N_("{n} parts matched no rule; they are reported as unmapped"))

    assert line(1).render(EN) == "1 part matched no rule; it is reported as unmapped"
    assert line(2).render(EN) == "2 parts matched no rule; they are reported as unmapped"
    assert line(0).render(EN) == "0 parts matched no rule; they are reported as unmapped"
    # the count may be named and may arrive formatted
    named = Message(N_("{count} row"), {"count": "1,204"}, plural=N_("{count} rows"), count="count")
    assert named.render(EN) == "1,204 rows"


def test_plural_count_reads_formatted_numbers_and_never_guesses_singular():
    assert plural_count(1) == 1 and plural_count("1") == 1 and plural_count("12,345") == 12345
    assert plural_count(1.0) == 1 and plural_count(2.5) != 1
    assert plural_count("") != 1 and plural_count("?") != 1


def test_message_subclass_keeps_positional_fields_after_the_keyword_only_ones():
    from desktop.core.mapping.evidence import LocalText

    text = LocalText("Motor", {}, "モーター")
    assert text.render(EN) == "Motor" and text.render(JA) == "モーター"


def test_a_decision_line_reads_one_part_and_two_parts_and_japanese_is_unchanged():
    def unknown(n: int) -> str:
        return render(_unknown(SimpleNamespace(summary=SimpleNamespace(parts_unclassified=n))), _ctx(EN))

    assert unknown(1).startswith("1 part matched no rule: its rare-earth content is unknown, not zero")
    assert unknown(2).startswith("2 parts matched no rule: their rare-earth content is unknown, not zero")
    ja = {n: render(_unknown(SimpleNamespace(summary=SimpleNamespace(parts_unclassified=n))), _ctx(JA))
          for n in (1, 2)}
    assert ja[1] == ja[2].replace("2", "1", 1)
    assert ja[2].startswith("2") and "部品" in ja[2] and "part" not in ja[2]


@pytest.mark.parametrize("n, english", [(1, "grams unknown (1 part)"), (3, "grams unknown (3 parts)")])
def test_the_grams_chart_label_reads_one_part(n, english):
    """The chart code itself (screen and PDF) labels an element whose grams are unknown in n parts."""
    import dataclasses

    from reportlab.graphics.shapes import String

    from desktop.core.report import charts, pdf_charts
    from tests.core.report_fixtures import make_assessment, make_knowledge

    a, k = make_assessment(), make_knowledge()
    unknown = dataclasses.replace(a.elements[0], grams_total=None, grams_low_total=None, grams_high_total=None,
                                  parts_unquantified=n)
    a = dataclasses.replace(a, elements=(unknown,))
    for tr, text in ((EN, english), (JA, f"含有量不明（部品{n}点）")):
        assert text in [t.get_text() for t in charts.grams_by_element(a, tr).axes[0].texts]
        assert text in [s.text for s in pdf_charts.grams_by_element(a, tr, k, 400).contents if isinstance(s, String)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_cli_element_lines_agree_with_their_count(lang):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "desktop", "assess", str(resource("samples", "sample_bom_ja.xlsx")),
                           "--lang", lang], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    if lang == "en":
        lines = re.findall(r"^  [A-Z][a-z]?: score .*, (\d+) (parts?)$", proc.stdout, re.M)
        assert {n == "1" for n, _noun in lines} == {True, False}, "the sample has elements in 1 part and in more"
        assert all((noun == "part") == (n == "1") for n, noun in lines), lines
    else:
        lines = re.findall(r"^  [A-Z][a-z]?: スコア .*、(\d+) 部品$", proc.stdout, re.M)
        assert "1" in lines and len(lines) >= 2, proc.stdout


def test_the_verdict_agrees_with_the_number_of_rare_earth_parts_and_japanese_is_unchanged():
    from desktop.core.scoring.verdict import product_verdict

    def first(ree: int, total: int, tr) -> str:
        summary = SimpleNamespace(tier="high", score=60.0, parts_with_ree=ree, parts_total=total,
                                  parts_unclassified=0, parts_not_fitted=0)
        return product_verdict(summary)[0].render(tr)  # type: ignore[arg-type]

    assert first(1, 40, EN).endswith("1 of 40 parts contains rare earths.")
    assert first(2, 40, EN).endswith("2 of 40 parts contain rare earths.")
    assert first(0, 1, EN) == "The 1 part was not found to contain rare earths."
    assert first(0, 2, EN) == "None of the 2 parts was found to contain rare earths."
    assert first(1, 40, JA) == first(2, 40, JA).replace("2", "1")

    def rest(unclassified: int, not_fitted: int, tr) -> list[str]:
        summary = SimpleNamespace(tier="high", score=60.0, parts_with_ree=1, parts_total=40,
                                  parts_unclassified=unclassified, parts_not_fitted=not_fitted)
        return [m.render(tr) for m in product_verdict(summary)[1:]]  # type: ignore[arg-type]

    assert rest(1, 1, EN)[-2].startswith("1 part was not classified: declare its")
    assert rest(1, 1, EN)[-1] == "1 line is not fitted (quantity 0) and is not counted."
    assert rest(3, 2, EN)[-2].startswith("3 parts were not classified: declare their")
    assert rest(3, 2, EN)[-1] == "2 lines are not fitted (quantity 0) and are not counted."
    assert rest(1, 1, JA)[-1] == "1 行は未実装（数量0）のため数えていません。"


def test_the_mapper_warning_and_the_library_count_read_one_part_or_entry():
    from desktop.cli_more import _say
    from desktop.core.mapping.evidence import unmapped_count

    assert unmapped_count(1).render(EN) == "1 part matched no rule; it is reported as unmapped"
    assert unmapped_count(3).render(EN) == "3 parts matched no rule; they are reported as unmapped"
    assert unmapped_count(1).render(JA) == unmapped_count(3).render(JA).replace("3", "1")
    assert _say(EN, N_("{n} entry in {library}"), plural=N_("{n} entries in {library}"), n=1, library="x") == \
        "1 entry in x"
    assert _say(EN, N_("{n} entry in {library}"), plural=N_("{n} entries in {library}"), n=2, library="x") == \
        "2 entries in x"


ONE_PART_BOM = "Part Number,Description,Qty\nM-1,NdFeB magnet N42SH 12 g,1\n"


@pytest.mark.parametrize("lang, expected", [("en", "; 1 of 1 row imported, 0 skipped"),
                                             ("ja", "。1 行中 1 行を取り込み、0 行を除外しました")])
def test_cli_import_line_reads_one_row(tmp_path, lang, expected):
    bom = tmp_path / "one.csv"
    bom.write_text(ONE_PART_BOM, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "desktop", "assess", str(bom), "--lang", lang],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith(expected), proc.stdout


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_briefings_top_risks_line_reads_one_part(tmp_path, lang):
    """A BOM with one risky part: "The 1 part with the highest risk score (of 1 with rare earths)"."""
    from desktop.core.knowledge import default_knowledge
    from desktop.core.pipeline import assess_file
    from desktop.core.report import pdf_front
    from desktop.core.report.options import BriefingOptions
    from desktop.core.report.pdf_styles import make_styles

    bom = tmp_path / "one.csv"
    bom.write_text(ONE_PART_BOM, encoding="utf-8")
    a = assess_file(bom)
    assert a.summary.parts_with_ree == 1
    tr = translation_for(lang)
    ctx = Ctx(assessment=a, knowledge=default_knowledge(), options=BriefingOptions(lang=lang), tr=tr,
              st=make_styles(lang), width=400.0, citations={})
    texts = [f.getPlainText() for f in pdf_front.top_risks(ctx) if hasattr(f, "getPlainText")]
    if lang == "en":
        assert any(t.startswith("The 1 part with the highest risk score (of 1 with rare earths).") for t in texts), \
            texts
        assert not any("1 parts" in t for t in texts), texts
    else:
        assert any(t.startswith("リスクスコアが高い上位1部品です（レアアース含有部品は計1点）") for t in texts), texts
