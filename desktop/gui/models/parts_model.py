"""Table model over the parts frame, and the filter proxy of the assessment view.

Smooth with 100,000 rows: ``set_frame`` formats every column once into object arrays (vectorised), ``data()``
only indexes them. Sorting is done here with a stable numpy argsort over the raw values (a Python ``lessThan``
would be called millions of times); filtering is done by the proxy with precomputed boolean masks.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.gui import theme
from desktop.gui.labels import confidence_label, format_grams, tier_label
from desktop.i18n import N_, _

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str        # msgid
    kind: str         # text | int | number | grams | score | tier | confidence | class


#: The result where the eye looks: score and tier straight after the part number, the long description after them.
COLUMNS: tuple[Column, ...] = (
    Column("row", N_("Row"), "int"),
    Column("part_number", N_("Part number"), "text"),
    Column("score", N_("Score"), "score"),
    Column("tier", N_("Tier"), "tier"),
    Column("elements", N_("Rare earths"), "text"),
    Column("grams", N_("Rare earths / unit"), "grams"),
    Column("description", N_("Description"), "text"),
    Column("class_id", N_("Component class"), "class"),
    Column("confidence", N_("Confidence"), "confidence"),
    Column("extended_quantity", N_("Qty / product"), "number"),
    Column("supplier", N_("Supplier"), "text"),
    Column("country", N_("Country"), "text"),
)
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(COLUMNS)}
_NUMERIC = {"int", "number", "grams", "score"}
_TIER_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3, "unclassified": 4, "none": 5}


class PartsTableModel(QAbstractTableModel):
    """Read-only; changes go through the session, which builds a new frame."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None
        self._n = 0
        self._raw: list[Any] = []
        self._text: list[Any] = []
        self._order: Any = None        # view row -> frame row
        self._tiers: Any = None
        self._class_names: Mapping[str, str] = {}
        self._brushes: dict[str, tuple[Any, Any]] = {}

    # -- data in ---------------------------------------------------------------------------------------------------
    def set_frame(self, frame: pd.DataFrame | None, class_names: Mapping[str, str] | None = None) -> None:
        import numpy as np

        self.beginResetModel()
        self._frame = frame
        self._class_names = dict(class_names or {})
        self._n = 0 if frame is None else len(frame)
        self._raw, self._text = [], []
        if frame is not None:
            self._tiers = frame["tier"].to_numpy()
            unclassified = self._tiers == "unclassified"
            for column in COLUMNS:
                values = frame[column.key].to_numpy()
                self._raw.append(values)
                text = self._format_column(values, column)
                if column.kind == "score" and unclassified.any():
                    text[unclassified] = "–"     # not judged: no score, never a reassuring 0.0
                self._text.append(text)
        self._order = np.arange(self._n)
        self._refresh_brushes()
        self.endResetModel()

    def retranslate(self) -> None:
        """Re-format the label columns in the current language (language switch)."""
        if self._frame is None:
            return
        for i, column in enumerate(COLUMNS):
            if column.kind in ("tier", "confidence", "class"):
                self._text[i] = self._format_column(self._raw[i], column)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._n:
            self.dataChanged.emit(self.index(0, 0), self.index(self._n - 1, len(COLUMNS) - 1))

    def set_class_names(self, names: Mapping[str, str]) -> None:
        self._class_names = dict(names)
        self.retranslate()

    def _format_column(self, values: Any, column: Column) -> Any:
        import numpy as np
        import pandas as pd

        s = pd.Series(values, dtype=object if column.kind not in _NUMERIC else float)
        if column.kind == "text":
            out = s.where(s.notna(), "").astype(str)
        elif column.kind == "int":
            out = s.map(lambda v: "" if v != v else f"{int(v)}")
        elif column.kind == "number":
            out = s.map(lambda v: "" if v != v else (f"{v:,.0f}" if float(v).is_integer() else f"{v:,.3g}"))
        elif column.kind == "grams":
            out = s.map(format_grams)
        elif column.kind == "score":
            out = s.map(lambda v: "" if v != v else f"{v:.1f}")
        else:
            labels = self._labeller(column.kind)
            uniques = {u: labels(u) for u in pd.unique(s)}
            out = s.map(uniques)
        return np.asarray(out.to_numpy(dtype=object), dtype=object)

    def _labeller(self, kind: str) -> Callable[[Any], str]:
        if kind == "tier":
            return lambda v: tier_label(str(v)) if v else ""
        if kind == "confidence":
            return lambda v: confidence_label(str(v)) if v else ""
        return lambda v: self._class_names.get(str(v), str(v)) if v else ""

    def _refresh_brushes(self) -> None:
        self._brushes = {t: (theme.tier_background(t), theme.tier_foreground(t)) for t in theme.TIERS}

    def palette_changed(self) -> None:
        self._refresh_brushes()
        if self._n:
            self.dataChanged.emit(self.index(0, 0), self.index(self._n - 1, len(COLUMNS) - 1))

    # -- queries ---------------------------------------------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame | None:
        return self._frame

    def frame_row(self, source_row: int) -> int:
        return int(self._order[source_row])

    def frame_rows(self) -> np.ndarray:
        """view row -> frame row (for the proxy's masks)."""
        return self._order

    def part_index(self, source_row: int) -> int:
        """Position of the part in the assessment (mappings / part_scores)."""
        assert self._frame is not None
        return int(self._frame["index"].iat[self.frame_row(source_row)])

    # -- Qt model --------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._n

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        r = self._order[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[col][r]
        if role == Qt.ItemDataRole.UserRole:
            value = self._raw[col][r]
            return value.item() if hasattr(value, "item") else value
        kind = COLUMNS[col].kind
        if role == Qt.ItemDataRole.BackgroundRole and kind in ("tier", "score"):
            return self._brushes.get(self._tiers[r], (None, None))[0]
        if role == Qt.ItemDataRole.ForegroundRole and kind in ("tier", "score"):
            return self._brushes.get(self._tiers[r], (None, None))[1]
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and kind == "text":
            return self._text[col][r] or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section].title)
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._frame is None or not 0 <= column < len(COLUMNS):
            return
        import numpy as np
        import pandas as pd

        kind = COLUMNS[column].kind
        raw = self._raw[column]
        if kind in _NUMERIC:
            keys = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
            missing = np.isnan(keys)
        elif kind == "tier":
            keys = np.array([_TIER_RANK.get(t, 9) for t in raw], dtype=float)
            missing = np.zeros(self._n, dtype=bool)
        else:
            keys = np.char.lower(np.asarray(self._text[column], dtype=str))
            missing = keys == ""
        present = np.flatnonzero(~missing)
        if order == Qt.SortOrder.DescendingOrder:
            # stable descending: reverse the groups of equal keys, keep the source order inside each group
            ranked = present[np.argsort(_descending_keys(keys[present]), kind="stable")]
        else:
            ranked = present[np.argsort(keys[present], kind="stable")]
        new_order = np.concatenate([ranked, np.flatnonzero(missing)]).astype(np.int64)

        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        inverse = np.empty(self._n, dtype=np.int64)
        inverse[new_order] = np.arange(self._n)
        persistent = self.persistentIndexList()
        self._order = new_order
        self.changePersistentIndexList(
            persistent, [self.index(int(inverse[old_order[p.row()]]), p.column()) for p in persistent])
        self.layoutChanged.emit()


def _descending_keys(keys: Any) -> Any:
    import numpy as np

    if keys.dtype.kind in "fiu":
        return -keys
    _, codes = np.unique(keys, return_inverse=True)
    return -codes


class PartsFilterProxy(QSortFilterProxyModel):
    """Filters by tier, element, supplier country, "only rare-earth parts" and free text; sorting is delegated."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tier: str | None = None
        self.element: str | None = None
        self.country: str | None = None
        self.only_ree = False
        self.text = ""
        self._mask: Any = None    # frame order

    def setSourceModel(self, model: Any) -> None:  # noqa: N802
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget_mask)
        model.modelReset.connect(self.refilter)

    def _forget_mask(self) -> None:
        self._mask = None

    def parts_model(self) -> PartsTableModel:
        model = self.sourceModel()
        assert isinstance(model, PartsTableModel)
        return model

    def set_filters(self, *, tier: str | None | bool = False, element: str | None | bool = False,
                    country: str | None | bool = False, only_ree: bool | None = None,
                    text: str | None = None) -> None:
        """Change any of the filters (``False`` = keep) and re-filter once."""
        if tier is not False:
            self.tier = tier or None  # type: ignore[assignment]
        if element is not False:
            self.element = element or None  # type: ignore[assignment]
        if country is not False:
            self.country = country or None  # type: ignore[assignment]
        if only_ree is not None:
            self.only_ree = only_ree
        if text is not None:
            self.text = text.strip()
        self.refilter()

    def refilter(self) -> None:
        self.beginFilterChange()
        self._mask = self._compute_mask()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _compute_mask(self) -> Any:
        frame = self.parts_model().frame
        if frame is None:
            return None
        import numpy as np

        mask = np.ones(len(frame), dtype=bool)
        if self.tier:
            mask &= frame["tier"].to_numpy() == self.tier
        if self.only_ree:
            mask &= frame["has_ree"].to_numpy(dtype=bool)
        if self.country:
            mask &= frame["country"].to_numpy() == self.country
        if self.element:
            sym = self.element
            mask &= np.fromiter((sym in s for s in frame["element_set"]), dtype=bool, count=len(frame))
        if self.text:
            needle = self.text.casefold()
            hay = (frame["part_number"].fillna("").astype(str) + "\n" + frame["description"].fillna("").astype(str)
                   + "\n" + frame["supplier"].fillna("").astype(str) + "\n" + frame["mpn"].fillna("").astype(str)
                   + "\n" + frame["manufacturer"].fillna("").astype(str) + "\n" + frame["elements"].astype(str))
            mask &= hay.str.casefold().str.contains(needle, regex=False).to_numpy(dtype=bool)
        return mask

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if self._mask is None:
            return True
        return bool(self._mask[self.parts_model()._order[source_row]])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.parts_model().sort(column, order)

    def source_rows(self) -> list[int]:
        return [self.mapToSource(self.index(r, 0)).row() for r in range(self.rowCount())]
