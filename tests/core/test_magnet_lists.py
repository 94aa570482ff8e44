"""A part's class list names no class the part can never be (the fresh magnet set, tests/data/heldout3).

The class list of a part is the chosen class, then the other classes that matched. A magnet of another material
matched the bare NdFeB class too (its keyword is the generic word "magnet"), so a SmCo magnet read "サマリウム
コバルト磁石, ネオジム焼結磁石": two different parts. ``excludes`` in classes.yaml states which classes a part of a
class is never also; the mapper leaves them out of the list (the ranking, and so the first class, is unchanged).

The hand-labelled lines and their sources are in ``tests/data/heldout3/``. Run this file as a script for the
table of every line: ``python tests/core/test_magnet_lists.py``.
"""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parts_fixtures import make_import  # noqa: E402 - shared test helper

from desktop.core.errors import KnowledgeError  # noqa: E402
from desktop.core.knowledge import load_knowledge  # noqa: E402
from desktop.core.knowledge.model import Knowledge  # noqa: E402
from desktop.core.mapping import map_parts  # noqa: E402

LINES = Path(__file__).resolve().parents[1] / "data" / "heldout3" / "magnet_lines.yaml"
BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "knowledge"
FIELDS = ("description", "name", "specification", "category", "material", "notes")

#: Measured on 2026-11-30 (H-G, figures in tests/data/heldout3/SOURCES.md): before ``excludes``, 42 of 65 lists held
#: a wrong class; after it, 11. The first class is wrong on 6 lines before and after (the ranking is unchanged).
#: H-H's ferrite terms (tests/core/test_ferrite_magnets.py, heldout4) then moved four first classes to ferrite:
#: "Ceramic arc magnet", "Ceramic 8 block magnet", 異方性フエライト磁石, ラバーマグネット; lists 11 -> 7, first class 6 -> 2.
MAX_WRONG_LIST = 7
WRONG_PRIMARY = 2


@dataclass(frozen=True)
class Outcome:
    id: str
    text: str
    classes: tuple[str, ...]
    wrong_primary: bool
    wrong_listed: tuple[str, ...]     # listed, but outside the label's `right`
    missing: tuple[str, ...]          # in the label's `must`, not listed


def _lines() -> list[dict[str, Any]]:
    return yaml.safe_load(LINES.read_text(encoding="utf-8"))["lines"]


def measure(kb: Knowledge) -> list[Outcome]:
    """Every labelled line mapped once, with what is wrong about its class list."""
    lines = _lines()
    rows = [{f: line.get(f) for f in FIELDS} for line in lines]
    table = map_parts(make_import(rows), kb)
    out = []
    for line, m in zip(lines, table.mappings, strict=True):
        first = m.classes[0] if m.classes else None
        right = set(line["right"])
        out.append(Outcome(
            id=line["id"], text=" | ".join(str(line[f]) for f in FIELDS if line.get(f)), classes=m.classes,
            wrong_primary=first not in line["primary"],
            wrong_listed=tuple(c for c in m.classes if c not in right),
            missing=tuple(c for c in line.get("must", ()) if c not in m.classes)))
    return out


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def outcomes(kb) -> list[Outcome]:
    return measure(kb)


# -- the mapper's list ------------------------------------------------------------------------------------------
def one(kb, **row):
    return map_parts(make_import([row]), kb).mappings[0]


@pytest.mark.parametrize("text, chosen", [
    ("Ferrite magnet 20x5", "ferrite_magnet"), ("AlNiCo magnet rod", "alnico_magnet"),
    ("SmCo5 magnet disc 10x2", "smco_magnet"), ("Bonded NdFeB ring magnet", "ndfeb_bonded_magnet"),
    ("SmFeN bonded magnet", "smfen_bonded_magnet"), ("rubber magnet sheet", "ferrite_magnet"),
    ("フェライト磁石 20x5", "ferrite_magnet"), ("アルニコ磁石", "alnico_magnet"),
    ("サマリウムコバルト磁石 10x2", "smco_magnet"), ("ネオジムボンド磁石 リング", "ndfeb_bonded_magnet"),
])
def test_a_magnet_of_another_material_is_not_also_listed_as_sintered_ndfeb(kb, text, chosen):
    m = one(kb, description=text, unit_weight_g=2.0)
    assert m.classes[0] == chosen, m.classes
    assert "ndfeb_sintered_magnet" not in m.classes, m.classes


def test_only_the_list_changes_not_the_grams(kb):
    """The chosen class and its grams are what they were: SmCo grams are samarium, and a ferrite magnet has none."""
    smco = one(kb, description="SmCo5 magnet disc 10x2", unit_weight_g=2.0)
    assert smco.classes == ("smco_magnet",) and set(smco.elements) >= {"Sm"} and "Nd" not in smco.elements
    ferrite = one(kb, description="Ferrite magnet 20x5", unit_weight_g=2.0)
    assert ferrite.classes == ("ferrite_magnet",) and not ferrite.has_ree and ferrite.rare_earth_free


def test_a_bonded_smfen_magnet_may_still_list_bonded_ndfeb(kb):
    """Hybrid bonded compounds (SmFeN with NdFeB powder) exist, so bonded NdFeB stays a listed alternative."""
    m = one(kb, description="SmFeN bonded magnet")
    assert m.classes == ("smfen_bonded_magnet", "ndfeb_bonded_magnet")


def test_excludes_is_mutual_and_names_no_class_it_specialises(kb):
    for cls in kb.classes.values():
        for other in cls.excludes:
            assert cls.id in kb.classes[other].excludes, (cls.id, other)
            assert other not in cls.specialises, (cls.id, other)
    assert {"smco_magnet", "ferrite_magnet", "alnico_magnet", "ndfeb_bonded_magnet", "smfen_bonded_magnet"} <= set(
        kb.classes["ndfeb_sintered_magnet"].excludes)


# -- knowledge validation ---------------------------------------------------------------------------------------
def _classes_with(tmp_path: Path, cid: str, excludes: Any) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(BUNDLED, folder)
    path = folder / "classes.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(c for c in doc["classes"] if c["id"] == cid)["excludes"] = excludes
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize("cid, excludes, expected", [
    ("smco_magnet", ["ndfeb_sintered_magnt"], ("classes.yaml", "smco_magnet", "excludes", "ndfeb_sintered_magnt")),
    ("ferrite_magnet", ["ferrite_magnet"], ("classes.yaml", "ferrite_magnet", "excludes", "itself")),
    ("drone_motor", ["ndfeb_sintered_magnet"], ("classes.yaml", "drone_motor", "excludes", "specialised")),
    ("alnico_magnet", {"ferrite_magnet": True}, ("classes.yaml", "alnico_magnet", "excludes", "list of text")),
])
def test_a_bad_excludes_is_refused_with_file_record_and_field(tmp_path, cid, excludes, expected):
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(_classes_with(tmp_path, cid, excludes))
    message = str(info.value)
    for part in expected:
        assert part in message, message


def test_excludes_stated_once_is_read_both_ways(tmp_path):
    kb = load_knowledge(_classes_with(tmp_path, "coloured_led", ["led_package_phosphor"]))
    assert "led_package_phosphor" in kb.classes["coloured_led"].excludes
    assert "coloured_led" in kb.classes["led_package_phosphor"].excludes


# -- the fresh set ----------------------------------------------------------------------------------------------
def test_the_fresh_set_is_large_enough_and_labelled_consistently():
    lines = _lines()
    assert len(lines) >= 40
    assert len({line["id"] for line in lines}) == len(lines)
    for line in lines:
        assert set(line.get("must", ())) <= set(line["right"]), line["id"]
        assert {p for p in line["primary"] if p} <= set(line["right"]), line["id"]


def test_no_list_names_a_class_its_first_class_excludes(kb, outcomes):
    """The statement itself: whatever the ranking chose first, nothing it excludes stands beside it."""
    for o in outcomes:
        if o.classes:
            excluded = set(kb.classes[o.classes[0]].excludes)
            assert not excluded & set(o.classes[1:]), (o.id, o.classes)


def test_wrong_lists_stay_at_or_below_the_measured_count(outcomes):
    wrong = [o for o in outcomes if o.wrong_listed or o.missing]
    assert len(wrong) <= MAX_WRONG_LIST, [(o.id, o.classes) for o in wrong]


def test_the_first_class_is_what_the_ranking_chose_before(outcomes):
    """``excludes`` changes the list only: the number of wrong first classes is the one measured before it."""
    assert sum(o.wrong_primary for o in outcomes) == WRONG_PRIMARY


def main() -> None:
    outcomes = measure(load_knowledge())
    for o in outcomes:
        flag = ("P" if o.wrong_primary else " ") + ("L" if o.wrong_listed or o.missing else " ")
        extra = f"  wrong: {', '.join(o.wrong_listed)}" if o.wrong_listed else ""
        extra += f"  missing: {', '.join(o.missing)}" if o.missing else ""
        print(f"{o.id} {flag} {o.text[:60]:60s} -> {', '.join(o.classes) or '-'}{extra}")
    n = len(outcomes)
    print(f"\nlines {n}; list holds a wrong class (or lacks a required one): "
          f"{sum(bool(o.wrong_listed or o.missing) for o in outcomes)}; "
          f"first class wrong: {sum(o.wrong_primary for o in outcomes)}")


if __name__ == "__main__":
    main()
