"""`reerisk scenarios` lists every scenario (id, EN/JA name, what it changes); several --scenario flags combine;
`reerisk knowledge --install` of an invalid file exits 3 and changes nothing."""
from __future__ import annotations

import json
import shutil

import pytest

from desktop.cli import main
from desktop.core.errors import UsageError
from desktop.core.knowledge import default_knowledge
from desktop.core.knowledge.loader import user_knowledge_dir
from desktop.core.scoring import parse_scenario
from desktop.paths import resource

SAMPLE = resource("samples", "sample_bom_ja.xlsx")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scenarios_lists_every_id_with_names_and_changes(capsys):
    code, out, _ = cli(capsys, "scenarios", "--json")
    assert code == 0
    items = {s["id"]: s for s in json.loads(out)["scenarios"]}
    symbols = tuple(default_knowledge().elements)
    assert len(symbols) == 17
    assert set(items) == {"baseline", "suspension-extended", "october-2025-in-force", "embargo",
                          *(f"halt-{s}" for s in symbols)}
    for s in items.values():
        assert s["name"]["en"] and s["name"]["ja"] and s["name"]["en"] != s["name"]["ja"]
        assert s["changes"]["en"] and s["changes"]["ja"] != s["changes"]["en"]
        parse_scenario(s["id"], symbols)   # every listed id is accepted by --scenario
    assert "Dy" in items["halt-Dy"]["name"]["en"] and "Dy" in items["halt-Dy"]["name"]["ja"]
    code, out, _ = cli(capsys, "scenarios", "--lang", "ja")
    assert code == 0 and "halt-Tb" in out and "基準" in out


def _elements(capsys, *scenarios: str) -> dict:
    flags = [x for s in scenarios for x in ("--scenario", s)]
    code, out, err = cli(capsys, "assess", str(SAMPLE), "--as-of", "2026-01-10", *flags, "--json", "-")
    assert code == 0, err
    data = json.loads(out)
    return data, {e["symbol"]: e["score"] for e in data["elements"]}


def test_halt_scenarios_combine(capsys):
    _, base = _elements(capsys, "baseline")
    _, dy = _elements(capsys, "halt-Dy")
    _, tb = _elements(capsys, "halt-Tb")
    data, both = _elements(capsys, "halt-Dy", "halt-Tb")
    assert data["scenario"] == "halt-Dy+halt-Tb"
    assert both["Dy"] == dy["Dy"] > base["Dy"] or both["Dy"] == dy["Dy"] == 100
    assert both["Tb"] == tb["Tb"] and both["Tb"] >= base["Tb"]
    assert both["Nd"] == base["Nd"]   # an element neither halt names is unchanged
    assert sum("China halts exports" in a for a in data["assumptions"]) == 1


def test_contradictory_or_unknown_combinations_are_usage_errors(capsys):
    symbols = tuple(default_knowledge().elements)
    with pytest.raises(UsageError):
        parse_scenario("suspension-extended+october-2025-in-force", symbols)
    code, _out, err = cli(capsys, "assess", str(SAMPLE), "--scenario", "suspension-extended",
                          "--scenario", "october-2025-in-force")
    assert code == 2 and "cannot be combined" in err
    code, _out, err = cli(capsys, "assess", str(SAMPLE), "--scenario", "halt-Dy", "--scenario", "halt-Xx")
    assert code == 2 and "Unknown scenario" in err
    combo = parse_scenario("october-2025-in-force+halt-Dy+halt-Tb", symbols)
    assert combo.lift_suspensions and combo.halts("Dy") and combo.halts("Tb") and not combo.halts("Nd")


def test_invalid_knowledge_install_exits_3_and_changes_nothing(tmp_path, capsys):
    broken = tmp_path / "kb"
    shutil.copytree(resource("knowledge"), broken)
    path = broken / "controls.yaml"
    text = path.read_text(encoding="utf-8")
    assert "effective: 2025-04-04" in text
    path.write_text(text.replace("effective: 2025-04-04", "effective: 2025-13-04", 1), encoding="utf-8")
    target = user_knowledge_dir()
    before = sorted(p.name for p in target.iterdir()) if target.exists() else None
    code, _out, err = cli(capsys, "knowledge", "--install", str(broken))
    assert code == 3
    assert "controls.yaml" in err and "effective" in err and "CN-MOFCOM-GAC-2025-18" in err
    assert "Traceback" not in err
    after = sorted(p.name for p in target.iterdir()) if target.exists() else None
    assert after == before
    code, out, _ = cli(capsys, "knowledge")
    assert code == 0 and "bundled" in out


def test_one_scenario_name_in_the_cli_the_briefing_and_the_workbook(capsys):
    """`reerisk scenarios`, the briefing's title block and the workbook's summary read one table: the same name
    for every id, combinations included, in both languages, and never the raw id."""
    from types import SimpleNamespace

    from desktop.core.report.pdf_front import scenario_label as briefing_name
    from desktop.core.report.xlsx import _scenario as workbook_name
    from desktop.i18n import translation_for

    kb = default_knowledge()
    code, out, _ = cli(capsys, "scenarios", "--json")
    listed = {s["id"]: s["name"] for s in json.loads(out)["scenarios"]}
    for lang in ("en", "ja"):
        tr = translation_for(lang)
        ctx = SimpleNamespace(tr=tr, knowledge=kb)
        for sid, names in listed.items():
            assert briefing_name(sid, ctx) == workbook_name(sid, tr, kb) == names[lang], (lang, sid)
            assert sid not in names[lang]
        both = briefing_name("embargo+halt-Dy", ctx)
        assert both == f"{listed['embargo'][lang]} + {listed['halt-Dy'][lang]}"
    assert listed["halt-Dy"] == {"en": "China halts exports of dysprosium (Dy)", "ja": "中国がジスプロシウム（Dy）の輸出を停止"}
    # the baseline says what it assumes about a suspension past its recorded end
    assert "back in force after their recorded end" in listed["baseline"]["en"]
