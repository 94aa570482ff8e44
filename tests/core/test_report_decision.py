"""Page one (the decision) and the consistency of every statement about a measure, across dates and scenarios.

Runs the real pipeline on the bundled sample BOM (inside the repository) for a backdated date, each scenario and a
date after the recorded end of the suspension (10 Nov 2026), renders the whole briefing and reads it back.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.knowledge import default_knowledge
from desktop.core.pipeline import assess_file
from desktop.core.report import BriefingOptions, build_pdf
from desktop.core.report.decision import alternatives_for, page_one
from desktop.core.report.fonts import pdf_font_chain
from desktop.paths import resource

SAMPLE = Path(resource("samples", "sample_bom_ja.xlsx"))
RUNS = {
    "backdated": (dt.date(2025, 3, 1), "baseline"),
    "suspended": (dt.date(2026, 1, 15), "baseline"),
    "after-baseline": (dt.date(2026, 11, 28), "baseline"),
    "after-extended": (dt.date(2026, 11, 28), "suspension-extended"),
    "after-in-force": (dt.date(2026, 11, 28), "october-2025-in-force"),
    "after-halt-dy": (dt.date(2026, 11, 28), "halt-Dy"),
}


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def knowledge():
    return default_knowledge()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, knowledge) -> dict[str, tuple[object, str, str]]:
    if not SAMPLE.is_file():
        pytest.skip("sample BOM not bundled")
    out = {}
    folder = tmp_path_factory.mktemp("decision")
    for name, (as_of, scenario) in RUNS.items():
        a = assess_file(SAMPLE, as_of=as_of, scenario=scenario, knowledge=knowledge)
        path = folder / f"{name}.pdf"
        build_pdf(a, path, BriefingOptions(lang="en"), knowledge)
        pages = PdfReader(str(path)).pages
        out[name] = (a, _flat(_text(path)), _flat(pages[0].extract_text() or ""))
    return out


def test_page_one_holds_the_decision(runs):
    for name, (a, _text_all, first) in runs.items():
        assert "Three decisions" in first and first.count("reerisk's advice") + first.count("reorder by") >= 2, name
        assert "Top five parts and why" in first, name
        assert "Sensitivity:" in first, name
        for role in ("Procurement manager", "Strategic sourcing"):
            assert role in first, (name, role)
        unjudged = getattr(a.summary, "parts_unclassified", 0)
        if unjudged:  # unknown is never shown as safe
            assert f"{unjudged} parts matched no rule: their rare-earth content is unknown, not zero" in first


def test_backdated_run_never_calls_a_later_measure_in_force(runs):
    a, text, first = runs["backdated"]
    assert a.summary.parts_controlled == 0
    assert "none of their elements is under Chinese export licensing on 2025-03-01" in first
    assert "treated as in force" not in text  # the knowledge base's freshness notes concern later dates
    assert "No. 18/2025" not in first


def test_suspension_extended_never_ends_the_suspension(runs):
    _a, text, _first = runs["after-extended"]
    assert not re.search(r"No\. 70/2025[^.]{0,120}\((ended|Expired)", text)


def test_post_suspension_warning_once_on_page_one_and_once_in_the_regulatory_section(runs):
    for name in ("after-baseline", "after-extended", "after-in-force"):
        _a, text, first = runs[name]
        assert first.count("was recorded to end on") == 1, name
        assert text.count("was recorded to end on") == 2, name
    _a, text, _first = runs["suspended"]
    assert "was recorded to end on" not in text


def test_statements_about_a_measure_agree(runs, knowledge):
    """The page-one count, the bottom line and the regulatory table agree with the scored status."""
    for name, (a, text, first) in runs.items():
        controlled = a.summary.parts_controlled
        if controlled:
            assert f"{controlled} of the {a.summary.parts_with_ree} rare-earth parts depend on" in first, name
        else:
            assert "none of their elements is under Chinese export licensing" in first, name
        for cs in a.control_status:
            c = knowledge.control(cs.control_id)
            if cs.status == "unknown_after_suspension":
                assert "Unknown after suspension" in text, (name, c.number)
            if cs.treated_as == "in_force" and cs.status == "suspended":
                assert "treated as: in force" in text, (name, c.number)


def test_sensitivity_compares_the_other_reading(runs):
    a, _text_all, first = runs["after-baseline"]
    assert "if the suspension was extended beyond 2026-11-10" in first
    a, _text_all, first = runs["after-extended"]
    assert "if the measures came back into force on 2026-11-10" in first


def test_alternatives_never_offer_material_separated_in_china(knowledge):
    for symbols in (["Dy", "Tb"], ["Nd", "Pr"], ["Sm"], ["La", "Ce"]):
        found = alternatives_for(knowledge, symbols)
        assert all(o.is_alternative and not getattr(o, "processed_in_china", False) for o in found)
        assert not {"vietnam", "serra_verde", "myanmar"} & {o.id for o in found}
    dy_tb = [o.id for o in alternatives_for(knowledge, ["Dy", "Tb"])]
    assert dy_tb[:2] == ["jare_lynas_japan", "lynas"] or dy_tb[:2] == ["lynas", "jare_lynas_japan"]
    assert "neo_silmet" not in dy_tb  # Sm and light REE only


def test_volume_stock_and_lead_time_give_cover_kilograms_and_reorder_date(knowledge):
    a = assess_file(SAMPLE, as_of=dt.date(2026, 11, 28), knowledge=knowledge)
    opts = BriefingOptions(annual_volume=1200, stock_weeks=12, lead_time_weeks=10)
    one = page_one(a, knowledge, opts, "en")
    stock = one.decisions[0]
    assert stock.deadline.msgid.startswith("reorder by") and stock.deadline.params["date"] == "2026-12-12"
    kg = {sym: q for sym, _g, q in one.quantities}
    dy_grams = next(e.grams_total for e in a.elements if e.symbol == "Dy")
    assert kg["Dy"] == pytest.approx(dy_grams * 1200 / 1000)
    assert one.needs is None
    bare = page_one(a, knowledge, BriefingOptions(), "en")
    assert bare.needs is not None and "--annual-volume" in bare.needs.params["inputs"]
    short = page_one(a, knowledge, BriefingOptions(stock_weeks=4, lead_time_weeks=10), "en")
    assert short.decisions[0].deadline.msgid.startswith("now:")


def test_every_character_drawn_is_in_an_embedded_font(tmp_path, knowledge):
    """A BOM with simplified Chinese, Hangul, Arabic and emoji: CJK drawn from the fallback, the rest marked."""
    bom = tmp_path / "无人机电机.csv"  # the file name is drawn in every page header
    bom.write_text("Part number,Description,Qty,Country\n"
                   "D-1,无刷电机 2212 钕铁硼磁铁 (brushless motor),4,CN\n"
                   "D-2,贴片电容 电压 16V 转子,20,CN\n"
                   "D-3,스피커 네오디뮴,1,KR\n"
                   "D-4,مغناطيس neodymium magnet 🙂,2,CN\n", encoding="utf-8")
    a = assess_file(bom, as_of=dt.date(2026, 1, 15), knowledge=knowledge)
    out = tmp_path / "drone.pdf"
    build_pdf(a, out, BriefingOptions(lang="ja"), knowledge)
    reader = PdfReader(str(out))
    fonts = set()
    for page in reader.pages:
        for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(f.get_object().get("/BaseFont")))
    assert any("NotoSansCJKsc" in f for f in fonts)
    text = _text(out)
    assert "电机" in text and "无人机电机.csv" in text
    assert "［表示できない文字］" in text and "［絵文字］" in text
    covered = set().union(*(cmap for _name, cmap in pdf_font_chain()))
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in covered}
    assert not missing, sorted(missing)


def test_embargo_names_the_dy_tb_suppliers_first(knowledge):
    """Under an embargo every element ties on risk; the sourcing decision follows the quantities (Dy, Tb)."""
    from desktop.core.scoring.config import ScoringConfig

    a = assess_file(SAMPLE, as_of=dt.date(2026, 11, 28), scenario="embargo", knowledge=knowledge,
                    config=ScoringConfig(destination="JP"))
    one = page_one(a, knowledge, BriefingOptions(), "en")
    sourcing = one.decisions[1].title
    assert set(sourcing.params["options"][1]) == {"lynas", "jare_lynas_japan"}
    assert "no longer exports" in one.bottom_line.msgid


def test_cli_volume_stock_and_lead_time(tmp_path):
    from desktop.cli import main

    out = tmp_path / "b.pdf"
    code = main(["assess", str(SAMPLE), "--as-of", "2026-11-28", "--pdf", str(out), "--annual-volume", "1,200",
                 "--stock-weeks", "6", "--lead-time-weeks", "10"])
    assert code == 0
    first = _flat(PdfReader(str(out)).pages[0].extract_text() or "")
    assert "now: stock covers 6.0 weeks, less than the 10-week lead time" in first
    assert "per year" in first and "Stock on hand covers 6.0 weeks" in first
    with pytest.raises(SystemExit) as exc:
        main(["assess", str(SAMPLE), "--pdf", str(out), "--stock-weeks", "-1"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["assess", str(SAMPLE), "--stock-weeks", "4", "--stock-units", "100"])
    assert exc.value.code == 2


def test_unjudged_parts_are_never_reported_as_free_of_rare_earths(tmp_path, knowledge):
    bom = tmp_path / "unknown.csv"
    bom.write_text("Part number,Description,Qty\nX-1,Qzxv widget 77,2\nX-2,Plorb assembly B,1\n", encoding="utf-8")
    a = assess_file(bom, as_of=dt.date(2026, 1, 15), knowledge=knowledge)
    assert a.summary.parts_unclassified == 2
    one = page_one(a, knowledge, BriefingOptions(), "en")
    assert "no supply action is needed" not in one.bottom_line.msgid
    assert "unknown" in one.bottom_line.msgid and one.decisions


@pytest.mark.parametrize("scenario", ["halt-Dy", "halt-Dy+halt-Tb", "embargo+halt-Dy"])
def test_page_one_says_exports_stop_under_any_halt_or_embargo(knowledge, scenario):
    """Combined scenarios too: the bottom line never says 'China licenses' when the scenario stops exports."""
    from desktop.core.scoring import ScoringConfig
    from desktop.paths import resource

    a = assess_file(resource("samples", "sample_bom_ja.xlsx"), as_of=dt.date(2026, 6, 1), scenario=scenario,
                    config=ScoringConfig(destination="JP"), knowledge=knowledge)
    msgid = page_one(a, knowledge, BriefingOptions(), "en").bottom_line.msgid
    assert "no longer exports" in msgid and "licenses" not in msgid


def test_top_parts_rank_like_the_part_scores(knowledge):
    """The array ranking gives the same order as sorting every PartScore (score first, then source order)."""
    from desktop.core.report.decision import top_parts
    from desktop.paths import resource

    a = assess_file(resource("samples", "sample_bom_ja.xlsx"), as_of=dt.date(2026, 6, 1), knowledge=knowledge)
    expected = sorted((i for i, s in enumerate(a.part_scores) if s.score > 0),
                      key=lambda i: (-a.part_scores[i].score, i))
    assert top_parts(a, 10) == expected[:10] and len(expected) >= 10
