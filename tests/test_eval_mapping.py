"""The held-out evaluation set and the script that scores it (benchmarks/eval_mapping.py) stay consistent.

These tests check the yardstick, not the product: every label points at exactly one line of a file that
exists, the bounds and element symbols are well formed, and the scoring rules of the script (found, flagged,
in bounds, parity) mean what docs/mapping_evaluation.md says they mean. They run no mapping.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "tests" / "data" / "heldout"
ELEMENTS = {"Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"}
VERDICTS = {"ree", "trap", "none", "ambiguous", "trace"}


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("eval_mapping", REPO / "benchmarks" / "eval_mapping.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_mapping"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def labels():
    return yaml.safe_load((HELDOUT / "labels.yaml").read_text(encoding="utf-8"))


def _all_labels(labels):
    for entry in labels["files"]:
        for lab in entry["lines"]:
            yield entry["file"], lab
    for lab in labels["catalogue"]["lines"]:
        yield "catalogue", lab


def test_every_label_is_well_formed(labels):
    for where, lab in _all_labels(labels):
        assert lab["verdict"] in VERDICTS, (where, lab)
        if lab["verdict"] == "ree":
            assert lab["confidence"] in ("confident", "possible"), (where, lab)
            assert lab["elements"] and set(lab["elements"]) <= ELEMENTS, (where, lab)
        bounds = lab.get("grams")
        if bounds:
            assert lab["verdict"] == "ree" and 0 < bounds["min"] < bounds["max"] and bounds["why"], (where, lab)
    for entry in labels["files"]:
        assert entry["split"] in ("dev", "holdout") and (HELDOUT / entry["file"]).is_file(), entry["file"]
    assert {lab["split"] for lab in labels["catalogue"]["lines"]} == {"dev", "holdout"}


def test_every_key_names_exactly_one_line(labels, evaluation):
    for entry in labels["files"]:
        for lab in entry["lines"]:
            evaluation.key_line(HELDOUT / entry["file"], lab["key"])        # exits if not exactly one
    ids = [lab["id"] for lab in labels["catalogue"]["lines"]]
    assert len(ids) == len(set(ids))
    for rel in labels["catalogue"]["files"].values():
        lines = (HELDOUT / rel).read_text(encoding="utf-8").splitlines()[1:]
        assert [line.split(",", 1)[0] for line in lines] == ids, rel       # same items, same order, 3 languages


def test_a_key_that_is_not_unique_stops_the_run(tmp_path, evaluation):
    bom = tmp_path / "bom.csv"
    bom.write_text("Description,Qty\nmotor,1\nmotor mount,1\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        evaluation.key_line(bom, "motor")


def test_a_quoted_cell_over_two_lines_belongs_to_the_record_it_starts_in(evaluation):
    path = HELDOUT / "files" / "easytalkie_bom.csv"
    starts = evaluation.record_starts(path)
    ssd = evaluation.key_line(path, "SSD1306")
    assert starts[ssd] == ssd and starts[ssd + 1] == ssd                    # the link cell ends on the next line
    lipo = evaluation.key_line(path, "LiPo 1000mAh")
    assert starts[lipo] == lipo == ssd + 2


def test_scoring_rules(evaluation):
    outcome = evaluation.Outcome
    want = {"verdict": "ree", "confidence": "confident", "elements": ["Nd", "Pr"], "grams": {"min": 1, "max": 2}}
    found = outcome("f", "k", want, "dev", imported=True, elements=frozenset({"Nd", "Pr", "Dy"}), grams=1.5)
    assert found.flagged and found.right_elements and found.grams_ok
    wrong = outcome("f", "k", want, "dev", imported=True, elements=frozenset({"Y", "Ce"}), grams=1.5)
    assert wrong.flagged and not wrong.right_elements
    unknown = outcome("f", "k", want, "dev", imported=True, elements=frozenset({"Nd", "Pr"}), grams=None)
    assert unknown.grams_ok is False                                         # unknown grams never count as inside
    too_much = outcome("f", "k", want, "dev", imported=True, elements=frozenset({"Nd", "Pr"}), grams=2.5)
    assert too_much.grams_ok is False
    assert outcome("f", "k", {"verdict": "trap"}, "dev").grams_ok is None     # no bounds, not counted


def test_white_led_check_and_parity_signature(evaluation):
    outcome, result = evaluation.Outcome, evaluation.FileResult
    led = outcome("f", "led", {"verdict": "ree", "role": "white_led"}, "dev", imported=True, score=40.0)
    motor = outcome("f", "m", {"verdict": "ree", "role": "ndfeb_motor"}, "dev", imported=True, score=30.0)
    assert evaluation.white_led_check(result("f", "dev", True, outcomes=[led, motor])) is False
    motor.score = 40.0
    assert evaluation.white_led_check(result("f", "dev", True, outcomes=[led, motor])) is True
    assert evaluation.white_led_check(result("f", "dev", True, outcomes=[led])) is None
    a = outcome("c", "C01,", {}, "dev", imported=True, classes=("x",), elements=frozenset({"Nd"}), grams=0.5391,
                score=42.71)
    b = outcome("c", "C01,", {}, "dev", imported=True, classes=("x",), elements=frozenset({"Nd"}), grams=0.5389,
                score=42.68)
    assert evaluation.signature(a) == evaluation.signature(b)               # 3 significant figures, score to 0.1
    b.classes = ("y",)
    assert evaluation.signature(a) != evaluation.signature(b)
