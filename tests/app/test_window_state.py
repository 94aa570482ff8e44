"""The main window's decisions, made without Qt: what a path is, which actions results allow, title and status."""
from __future__ import annotations

import json
from pathlib import Path

from desktop.app.document import build_document
from desktop.app.results import Results
from desktop.app.window_state import (
    Actions,
    Box,
    OpenTarget,
    available_actions,
    fit_window,
    open_dialog_filter,
    open_target,
    status_line,
    suggested_document_path,
    window_title,
)
from desktop.i18n import translation_for


def test_what_a_path_to_open_is(tmp_path: Path) -> None:
    (tmp_path / "job.REERISK").write_text("{}", encoding="utf-8")
    (tmp_path / "bom.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert open_target(tmp_path) is OpenTarget.FOLDER
    assert open_target(tmp_path / "gone.csv") is OpenTarget.MISSING
    assert open_target(tmp_path / "job.REERISK") is OpenTarget.DOCUMENT      # the suffix in any case
    assert open_target(tmp_path / "bom.xlsx") is OpenTarget.BOM
    assert open_target(tmp_path / "notes.txt") is OpenTarget.BOM             # the wizard says why it cannot


def test_the_open_filter_offers_boms_and_assessments_first() -> None:
    for lang, assessments in (("en", "reerisk assessments (*.reerisk)"), ("ja", None)):
        parts = open_dialog_filter(translation_for(lang)).split(";;")
        assert "*.xlsx" in parts[0] and "*.csv" in parts[0] and parts[0].endswith("*.reerisk)")
        assert parts[1].endswith("(*.reerisk)") and (assessments is None or parts[1] == assessments)
        assert parts[-1].endswith("(*)") and not any("*.reerisk" in p for p in parts[2:])
    assert open_dialog_filter(translation_for("ja")).split(";;")[1] != "reerisk assessments (*.reerisk)"


def test_save_as_proposes_the_boms_name(tmp_path: Path) -> None:
    assert suggested_document_path(tmp_path, "部品表 v2.xlsx") == tmp_path / "部品表 v2.reerisk"
    assert suggested_document_path(tmp_path, "") == tmp_path / "assessment.reerisk"


def test_read_only_results_cannot_be_saved_or_exported(assessed) -> None:
    assessment, options = assessed
    stored = Results.stored(json.loads(json.dumps(build_document(assessment, options, None), default=str)))
    assert available_actions(None) == Actions(save=False, export=False, views=False)
    assert available_actions(Results.live(assessment)) == Actions(save=True, export=True, views=True)
    assert available_actions(stored) == Actions(save=False, export=False, views=True)


def test_title_and_status_line(assessed) -> None:
    assessment, options = assessed
    assert window_title("", None, "reerisk") == "reerisk"
    assert window_title("bom.csv", None, "reerisk") == "bom.csv[*] — reerisk"
    assert window_title("bom.csv", "/tmp/job.reerisk", "reerisk") == "job.reerisk[*] — reerisk"
    en = translation_for("en")
    live = Results.live(assessment)
    assert status_line(None, "", "", en) == ""
    assert status_line(live, "bom.csv", "Baseline", en) == "bom.csv: 4 parts · as of 2026-01-15 · scenario Baseline"
    stored = Results.stored(json.loads(json.dumps(build_document(assessment, options, None), default=str)))
    assert status_line(stored, "bom.csv", "Baseline", en) == "Saved results (read only)"
    assert status_line(stored, "bom.csv", "", translation_for("ja")) != "Saved results (read only)"


def test_the_window_is_fitted_to_the_screen_it_is_on() -> None:
    """At 150 % on 1920×1080 (1280×690 logical pixels) the whole window, title bar included, stays on the screen,
    and the minimum size shrinks to what fits; a window that fits already is left where it is."""
    area, frame, minimum = Box(0, 0, 1280, 690), (0, 40), (800, 520)
    fitted, smallest = fit_window(area, Box(300, 200, 1440, 900), frame, minimum)
    assert fitted == Box(0, 0, 1280, 650) and smallest == (800, 520)
    assert fitted.y + fitted.height + frame[1] <= area.y + area.height
    assert fit_window(area, Box(10, 20, 1000, 600), frame, minimum) == (Box(10, 20, 1000, 600), (800, 520))
    tiny, tiny_min = fit_window(Box(0, 0, 853, 440), Box(0, 0, 1440, 900), frame, minimum)
    assert tiny == Box(0, 0, 853, 400) and tiny_min == (800, 400)
    left_screen = fit_window(Box(-1920, 0, 1920, 1040), Box(-3000, -50, 800, 600), (0, 30), minimum)[0]
    assert left_screen == Box(-1920, 0, 800, 600)                        # a second screen left of the first
