"""The parts table model and its filter proxy: formatting, sorting and filtering, smooth with 100k rows."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from desktop.app.parts_frame import FRAME_COLUMNS
from desktop.gui.models.parts_model import COLUMN_INDEX, PartsFilterProxy, PartsTableModel

TIERS = np.array(["critical", "high", "medium", "low", "none"], dtype=object)


def make_frame(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    tier = TIERS[rng.integers(0, 5, n)]
    has_ree = tier != "none"
    sets = [frozenset(("Nd", "Dy")) if i % 3 == 0 and has_ree[i] else
            (frozenset(("Ce",)) if has_ree[i] else frozenset()) for i in range(n)]
    frame = pd.DataFrame({
        "index": np.arange(n),
        "row": np.arange(n) + 5.0,
        "part_number": [f"P-{i:06d}" for i in range(n)],
        "description": [("Servo motor 400W" if i % 7 == 0 else "Resistor 10k") for i in range(n)],
        "manufacturer": [None] * n,
        "mpn": [None] * n,
        "supplier": [("Shenzhen Co" if i % 2 else "Osaka KK") for i in range(n)],
        "country": np.where(np.arange(n) % 2 == 1, "CN", "JP").astype(object),
        "quantity": rng.integers(1, 10, n).astype(float),
        "extended_quantity": rng.integers(1, 10, n).astype(float),
        "elements": [", ".join(sorted(s)) for s in sets],
        "element_set": sets,
        "grams": np.where(has_ree, rng.random(n) * 50, np.nan),
        "class_id": np.where(has_ree, "ndfeb_sintered_magnet", "").astype(object),
        "classes": [("ndfeb_sintered_magnet",) if r else () for r in has_ree],
        "confidence": np.where(has_ree, "medium", "none").astype(object),
        "method": np.where(has_ree, "keyword", "none").astype(object),
        "has_ree": has_ree,
        "rare_earth_free": np.zeros(n, dtype=bool),
        "score": np.where(has_ree, rng.random(n) * 100, 0.0),
        "tier": tier,
    })
    return frame[list(FRAME_COLUMNS)]


@pytest.fixture
def models(qtbot):
    model = PartsTableModel()
    proxy = PartsFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_display_user_role_and_tier_colours(models) -> None:
    model, proxy = models
    model.set_frame(make_frame(30), {"ndfeb_sintered_magnet": "Sintered NdFeB magnet"})
    assert model.rowCount() == 30 and model.columnCount() == len(COLUMN_INDEX)
    idx = model.index(0, COLUMN_INDEX["part_number"])
    assert model.data(idx) == "P-000000"
    tier_col = COLUMN_INDEX["tier"]
    tier = model.data(model.index(0, tier_col), Qt.ItemDataRole.UserRole)
    assert tier in TIERS
    assert model.data(model.index(0, tier_col)) == {"critical": "Critical", "high": "High", "medium": "Medium",
                                                      "low": "Low", "none": "None"}[tier]
    assert model.data(model.index(0, tier_col), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, COLUMN_INDEX["description"]), Qt.ItemDataRole.BackgroundRole) is None
    grams = model.data(model.index(0, COLUMN_INDEX["grams"]), Qt.ItemDataRole.UserRole)
    assert grams is None or isinstance(grams, float)
    ree_row = next(r for r in range(30) if model.data(model.index(r, tier_col), Qt.ItemDataRole.UserRole) != "none")
    assert model.data(model.index(ree_row, COLUMN_INDEX["class_id"])) == "Sintered NdFeB magnet"
    assert model.data(model.index(ree_row, COLUMN_INDEX["grams"])).endswith(" g")


def test_sort_numeric_text_and_tier(models) -> None:
    model, proxy = models
    model.set_frame(make_frame(500))
    score_col = COLUMN_INDEX["score"]
    proxy.sort(score_col, Qt.SortOrder.DescendingOrder)
    scores = [proxy.data(proxy.index(r, score_col), Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert scores == sorted(scores, reverse=True)
    proxy.sort(score_col, Qt.SortOrder.AscendingOrder)
    scores = [proxy.data(proxy.index(r, score_col), Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert scores == sorted(scores)
    tier_col = COLUMN_INDEX["tier"]
    proxy.sort(tier_col, Qt.SortOrder.AscendingOrder)
    tiers = [proxy.data(proxy.index(r, tier_col), Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    rank = {t: i for i, t in enumerate(TIERS)}
    assert [rank[t] for t in tiers] == sorted(rank[t] for t in tiers)
    # grams: missing values always last
    grams_col = COLUMN_INDEX["grams"]
    proxy.sort(grams_col, Qt.SortOrder.DescendingOrder)
    grams = [proxy.data(proxy.index(r, grams_col), Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    present = [g for g in grams if g == g]
    assert grams[: len(present)] == sorted(present, reverse=True)
    assert all(g != g for g in grams[len(present):])


def test_filters_combine(models) -> None:
    model, proxy = models
    frame = make_frame(1000)
    model.set_frame(frame)
    proxy.set_filters(tier="critical")
    assert proxy.rowCount() == int((frame["tier"] == "critical").sum())
    proxy.set_filters(tier=None, country="CN", only_ree=True)
    assert proxy.rowCount() == int(((frame["country"] == "CN") & frame["has_ree"]).sum())
    proxy.set_filters(country=None, only_ree=False, element="Dy")
    expected = sum("Dy" in s for s in frame["element_set"])
    assert proxy.rowCount() == expected
    for r in range(proxy.rowCount()):
        assert "Dy" in proxy.data(proxy.index(r, COLUMN_INDEX["elements"]))
    proxy.set_filters(element=None, text="servo")
    assert proxy.rowCount() == int(frame["description"].str.contains("Servo").sum())
    proxy.set_filters(text="")
    assert proxy.rowCount() == 1000
    # filters survive sorting and a new frame
    proxy.set_filters(tier="low")
    proxy.sort(COLUMN_INDEX["score"], Qt.SortOrder.DescendingOrder)
    tiers = {proxy.data(proxy.index(r, COLUMN_INDEX["tier"]), Qt.ItemDataRole.UserRole)
             for r in range(proxy.rowCount())}
    assert tiers == {"low"}
    model.set_frame(make_frame(200, seed=2))
    assert proxy.rowCount() == int((make_frame(200, seed=2)["tier"] == "low").sum())


def test_100k_rows_are_smooth(models) -> None:
    model, proxy = models
    frame = make_frame(100_000)
    t0 = time.perf_counter()
    model.set_frame(frame)
    assert proxy.rowCount() == 100_000
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    proxy.sort(COLUMN_INDEX["score"], Qt.SortOrder.DescendingOrder)
    first = proxy.data(proxy.index(0, COLUMN_INDEX["score"]), Qt.ItemDataRole.UserRole)
    t_sort = time.perf_counter() - t0
    assert first == pytest.approx(frame["score"].max())
    t0 = time.perf_counter()
    proxy.set_filters(tier="critical", text="servo")
    n = proxy.rowCount()
    t_filter = time.perf_counter() - t0
    assert n == int(((frame["tier"] == "critical") & frame["description"].str.contains("Servo")).sum())
    t0 = time.perf_counter()
    for r in range(0, min(n, 200)):
        for c in range(model.columnCount()):
            proxy.data(proxy.index(r, c))
    t_paint = time.perf_counter() - t0
    assert t_load < 3.0, t_load
    assert t_sort < 1.5, t_sort
    assert t_filter < 1.5, t_filter
    assert t_paint < 0.5, t_paint


def test_texts_prepared_in_a_worker_are_shown_as_they_are(qtbot) -> None:
    """The table's texts and filter choices are made in the worker that built the frame (no Qt there); the model
    takes them as they are, and the cells read the same as texts formatted on the GUI thread."""
    import threading

    from desktop.gui.models.parts_model import prepare_texts

    frame = make_frame(300)
    names = {"ndfeb_sintered_magnet": "NdFeB magnet"}
    made: list = []
    worker = threading.Thread(target=lambda: made.append(prepare_texts(frame, names)))
    worker.start()
    worker.join()
    [texts] = made
    shown, formatted_here = PartsTableModel(), PartsTableModel()
    shown.set_frame(frame, names, texts)
    formatted_here.set_frame(frame, names)
    assert shown._text[COLUMN_INDEX["part_number"]] is texts.columns[COLUMN_INDEX["part_number"]]   # not redone
    for col in range(len(COLUMN_INDEX)):
        assert [shown.cell_text(col, r) for r in range(300)] == [formatted_here.cell_text(col, r) for r in range(300)]
    assert shown.filter_choices() == (frozenset({"Nd", "Dy", "Ce"}), ("CN", "JP"))


def test_texts_that_no_longer_fit_are_made_again(qtbot) -> None:
    """Texts made for another frame, other class names or another language are not shown: stale labels never
    reach the table."""
    from desktop.gui.models.parts_model import prepare_texts
    from desktop.i18n import current_language, set_language

    frame = make_frame(50)
    texts = prepare_texts(frame, {"ndfeb_sintered_magnet": "NdFeB magnet"})
    model = PartsTableModel()
    model.set_frame(frame, {"ndfeb_sintered_magnet": "Sintered magnet"}, texts)
    labels = set(model._text[COLUMN_INDEX["class_id"]])
    assert "Sintered magnet" in labels and "NdFeB magnet" not in labels
    model.set_frame(make_frame(50, seed=2), {"ndfeb_sintered_magnet": "NdFeB magnet"}, texts)
    assert model._text[COLUMN_INDEX["tier"]] is not texts.columns[COLUMN_INDEX["tier"]]
    before = current_language()
    other = "ja" if before != "ja" else "en"
    try:
        set_language(other)
        model.set_frame(frame, {"ndfeb_sintered_magnet": "NdFeB magnet"}, texts)
        assert model._text[COLUMN_INDEX["tier"]] is not texts.columns[COLUMN_INDEX["tier"]]
    finally:
        set_language(before)
