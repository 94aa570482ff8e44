"""Language parity (issue 8): the same part written in English, Japanese or simplified Chinese gets the same
class, the same elements and grams, and the same score.

The lines (tests/data/parity_lines.yaml) are hand-written catalogue names, one per component class; together they
prove that every class of the knowledge base can be reached in all three languages.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from desktop.core.knowledge.loader import load_knowledge
from desktop.core.mapping.mapper import map_parts
from desktop.core.scoring import score
from tests.core.parts_fixtures import make_import

LINES = yaml.safe_load((Path(__file__).parents[1] / "data" / "parity_lines.yaml").read_text(encoding="utf-8"))["lines"]
LANGS = ("en", "ja", "zh")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def mapped(kb):
    rows = [dict(line[lang], quantity=1.0) for line in LINES for lang in LANGS]
    table = map_parts(make_import(rows), kb)
    assessment = score(table, kb, dt.date(2026, 6, 1))
    out = {}
    for i, line in enumerate(LINES):
        for j, lang in enumerate(LANGS):
            k = i * len(LANGS) + j
            out[(line["class"], lang)] = (table.mappings[k], assessment.part_scores[k])
    return out


def test_every_class_has_a_parity_line(kb):
    assert {line["class"] for line in LINES} == set(kb.classes)


@pytest.mark.parametrize("line", LINES, ids=[line["class"] for line in LINES])
def test_same_class_in_every_language(mapped, line):
    for lang in LANGS:
        m, _ = mapped[(line["class"], lang)]
        assert m.classes[:1] == (line["class"],), (lang, line[lang], m.classes)


@pytest.mark.parametrize("line", LINES, ids=[line["class"] for line in LINES])
def test_same_grams_and_score_in_every_language(mapped, line):
    en_map, en_score = mapped[(line["class"], "en")]
    for lang in ("ja", "zh"):
        m, s = mapped[(line["class"], lang)]
        assert m.elements == en_map.elements, (lang, line[lang])
        assert m.confidence == en_map.confidence, (lang, line[lang])
        assert m.rare_earth_free == en_map.rare_earth_free
        assert s.score == pytest.approx(en_score.score) and s.tier == en_score.tier, (lang, line[lang])
