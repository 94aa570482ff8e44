"""Rare-earth-free magnets are not read as NdFeB (the fresh ferrite set, tests/data/heldout4).

A ferrite, ceramic, rubber or AlNiCo magnet that ranks ``ndfeb_sintered_magnet`` first gets Nd, Pr, Dy and Tb grams
in the report: a rare-earth false positive a procurement user would act on. The hand-labelled lines (30 of 50
Japanese) and their sources are in ``tests/data/heldout4/``; run this file as a script for the table of every line:
``python tests/core/test_ferrite_magnets.py``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parts_fixtures import make_import  # noqa: E402 - shared test helper

from desktop.core.knowledge import load_knowledge  # noqa: E402
from desktop.core.knowledge.model import Knowledge  # noqa: E402
from desktop.core.mapping import map_parts  # noqa: E402

LINES = Path(__file__).resolve().parents[1] / "data" / "heldout4" / "ferrite_lines.yaml"
FIELDS = ("description", "name", "specification", "category", "material", "notes")


@dataclass(frozen=True)
class Outcome:
    id: str
    lang: str
    text: str
    classes: tuple[str, ...]
    has_ree: bool
    wrong_primary: bool
    wrong_listed: tuple[str, ...]
    false_positive: bool     # labelled rare-earth-free, reported with rare earths
    false_negative: bool     # labelled with rare earths, reported without


def _lines() -> list[dict[str, Any]]:
    return yaml.safe_load(LINES.read_text(encoding="utf-8"))["lines"]


def measure(kb: Knowledge) -> list[Outcome]:
    """Every labelled line mapped once, with what is wrong about its first class, list and rare earths."""
    lines = _lines()
    table = map_parts(make_import([{f: line.get(f) for f in FIELDS} for line in lines]), kb)
    out = []
    for line, m in zip(lines, table.mappings, strict=True):
        first = m.classes[0] if m.classes else None
        out.append(Outcome(
            id=line["id"], lang=line["lang"], text=" | ".join(str(line[f]) for f in FIELDS if line.get(f)),
            classes=m.classes, has_ree=bool(m.has_ree), wrong_primary=first not in line["primary"],
            wrong_listed=tuple(c for c in m.classes if c not in set(line["right"])),
            false_positive=line["ree"] is False and bool(m.has_ree),
            false_negative=line["ree"] is True and not m.has_ree))
    return out


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return measure(load_knowledge())


#: Measured on 2026-11-30 (H-H, tests/data/heldout4/SOURCES.md), before and after the ferrite terms of this change
#: (vocabulary ラバーマグネット/ゴムマグネット, マグネットシート, マグネットテープ, フエライト; classes.yaml ferrite
#: sheet/tape/fridge-magnet keywords and the ceramic / C / Y grade patterns):
#:   before: first class wrong 13, list wrong 6, rare-earth false positives 4, false negatives 1
#:   after:  first class wrong  1, list wrong 2, rare-earth false positives 0, false negatives 1
#: The false negative left is J09, a La-Co substituted ferrite (lanthanum): the knowledge has no sourced La content.
WRONG_PRIMARY = 1
MAX_WRONG_LIST = 2
FALSE_POSITIVES = 0
MAX_FALSE_NEGATIVES = 1


# -- the fresh set ----------------------------------------------------------------------------------------------
def test_the_fresh_set_is_large_japanese_first_and_labelled_consistently():
    lines = _lines()
    assert len(lines) >= 40 and sum(line["lang"] == "ja" for line in lines) * 2 >= len(lines)
    assert len({line["id"] for line in lines}) == len(lines)
    for line in lines:
        assert {p for p in line["primary"] if p} <= set(line["right"]), line["id"]
        assert line["ree"] in (True, False, None), line["id"]


def test_no_rare_earth_free_magnet_is_reported_with_rare_earths(outcomes):
    """The statement itself: a ferrite, rubber or AlNiCo magnet never gets Nd/Pr/Dy/Tb grams."""
    assert [o.id for o in outcomes if o.false_positive] == [] and FALSE_POSITIVES == 0


def test_first_classes_lists_and_false_negatives_stay_at_the_measured_counts(outcomes):
    assert sum(o.wrong_primary for o in outcomes) <= WRONG_PRIMARY, [
        (o.id, o.classes) for o in outcomes if o.wrong_primary]
    assert sum(bool(o.wrong_listed) for o in outcomes) <= MAX_WRONG_LIST, [
        (o.id, o.classes) for o in outcomes if o.wrong_listed]
    assert sum(o.false_negative for o in outcomes) <= MAX_FALSE_NEGATIVES, [
        (o.id, o.classes) for o in outcomes if o.false_negative]


# -- each knowledge term, and what it must not catch ------------------------------------------------------------
@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def _map(kb: Knowledge, texts: list[str]):
    return map_parts(make_import([{"description": t, "unit_weight_g": 5.0} for t in texts]), kb).mappings


@pytest.mark.parametrize("text", [
    "ラバーマグネット 幅10mm", "ゴムマグネット", "マグネットシート t0.8", "マグネットテープ 粘着付",
    "異方性フエライト磁石 20x5", "Ceramic arc magnet", "Ceramic 8 block magnet", "Standard ceramic magnets",
    "Arc magnet, grade C8", "Grade C5 ring magnet", "Segment magnet Y30BH", "Y35 block magnet 40x20x10",
    "Feroba 2 block", "Flexible magnetic sheet", "Magnetic sheeting", "Refrigerator magnet",
])
def test_a_rare_earth_free_magnet_is_read_as_ferrite_without_grams(kb, text):
    m = _map(kb, [text])[0]
    assert m.classes[0] == "ferrite_magnet", m.classes
    assert not m.has_ree and not m.elements and "ndfeb_sintered_magnet" not in m.classes


@pytest.mark.parametrize("text, first", [
    ("ネオジム マグネットシート", "ndfeb_sintered_magnet"), ("Neodymium magnet sheet", "ndfeb_sintered_magnet"),
    ("Neodymium fridge magnet", "ndfeb_sintered_magnet"), ("N42 arc magnet 30x10x5", "ndfeb_sintered_magnet"),
    ("サマリウムコバルト磁石 YXG22", "smco_magnet"), ("アルニコ磁石 棒", "alnico_magnet"),
])
def test_a_named_rare_earth_material_still_wins(kb, text, first):
    m = _map(kb, [text])[0]
    assert m.classes[0] == first, m.classes
    assert (first == "alnico_magnet") != bool(m.has_ree), m.classes


@pytest.mark.parametrize("text", [
    "C5 100nF ceramic capacitor", "Hex bolt M8 grade 8", "ceramic capacitor 0805, magnet holder",
    "Y30 crystal 32.768kHz", "LTO magnetic tape cartridge", "磁気テープ", "フエライトコア", "フエライトビーズ",
])
def test_the_grade_patterns_and_new_terms_catch_no_other_part(kb, text):
    m = _map(kb, [text])[0]
    assert "ferrite_magnet" not in m.classes, m.classes


def test_the_older_kana_spelling_is_the_same_part(kb):
    new, old = _map(kb, ["異方性フェライト磁石 20x5", "異方性フエライト磁石 20x5"])
    assert new.classes == old.classes and new.elements == old.elements
    core_new, core_old = _map(kb, ["フェライトコア", "フエライトコア"])
    assert core_new.classes == core_old.classes == ("ferrite_bead",)


def main() -> None:
    outcomes = measure(load_knowledge())
    for o in outcomes:
        flag = ("P" if o.wrong_primary else " ") + ("L" if o.wrong_listed else " ") + (
            "+" if o.false_positive else "-" if o.false_negative else " ")
        extra = f"  wrong: {', '.join(o.wrong_listed)}" if o.wrong_listed else ""
        print(f"{o.id} {flag} {o.text[:58]:58s} -> {', '.join(o.classes) or '-'}{extra}")
    for lang in ("ja", "en", None):
        sel = [o for o in outcomes if lang is None or o.lang == lang]
        print(f"{lang or 'all'}: lines {len(sel)}; first class wrong {sum(o.wrong_primary for o in sel)}; "
              f"list wrong {sum(bool(o.wrong_listed) for o in sel)}; rare-earth false positives "
              f"{sum(o.false_positive for o in sel)}; false negatives {sum(o.false_negative for o in sel)}")


if __name__ == "__main__":
    main()
