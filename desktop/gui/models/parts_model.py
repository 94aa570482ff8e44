"""Table model over the parts frame, and the filter proxy of the assessment view.

Smooth with 100,000 rows: ``set_frame`` formats every column once into object arrays (vectorised), ``data()``
only indexes them. Sorting is done here with a stable numpy argsort over the raw values (a Python ``lessThan``
would be called millions of times); filtering is done by the proxy with precomputed boolean masks.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.types import TIERS
from desktop.gui import theme
from desktop.gui.labels import confidence_label, format_grams, tier_label
from desktop.gui.workers import free_in_pieces, release_in_background
from desktop.i18n import N_, _, current_language

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from desktop.core.knowledge.model import Knowledge

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
_TIER_RANK = {t: i for i, t in enumerate(TIERS)}   # the core's order, worst first


@dataclass(frozen=True)
class TableTexts:
    """The display texts of one parts frame, formatted in the worker that built the frame (:func:`prepare_texts`).

    Why: formatting the text and label columns of 100,000 parts, and finding the elements and countries the
    filter lists offer, took 0.1–0.2 s on the GUI thread when a table was shown. The table model takes these
    as they are when they fit (same frame, language and class names) and formats them itself otherwise."""

    frame: pd.DataFrame
    lang: str
    class_names: Mapping[str, str]
    columns: tuple[Any, ...]          # per COLUMNS entry: an object array of texts; None for numbers (on paint)
    elements: frozenset[str]          # element symbols that occur (the element filter's choices)
    countries: tuple[str, ...]        # supplier country codes that occur, sorted (the country filter's choices)

    def fits(self, frame: pd.DataFrame | None, class_names: Mapping[str, str]) -> bool:
        return self.frame is frame and self.lang == current_language() and self.class_names == class_names


def class_names(knowledge: Knowledge | None) -> dict[str, str]:
    """Class id -> its name in the UI language (the class column's labels)."""
    from desktop.gui.widgets.part_detail import class_name

    return {cid: class_name(knowledge, cid) for cid in knowledge.classes} if knowledge is not None else {}


def prepare_texts(frame: pd.DataFrame, names: Mapping[str, str]) -> TableTexts:
    """Format ``frame``'s text and label columns in the current language. No Qt objects: runs in a worker."""
    import pandas as pd

    columns = tuple(None if column.kind in _NUMERIC else _format_column(frame[column.key].to_numpy(), column, names)
                    for column in COLUMNS)
    elements = frozenset(s for st in pd.unique(frame["element_set"]) for s in st)     # distinct sets only
    countries = tuple(sorted({c for c in pd.unique(frame["country"]) if isinstance(c, str) and c}))
    return TableTexts(frame, current_language(), dict(names), columns, elements, countries)


def _format_column(values: Any, column: Column, names: Mapping[str, str]) -> Any:
    """The displayed texts of one column (text as it is, labels translated) as an object array."""
    import numpy as np
    import pandas as pd

    if column.kind == "text":
        s = pd.Series(values, dtype=object)
        return np.asarray(s.where(s.notna(), "").astype(str).to_numpy(dtype=object), dtype=object)
    labels = _labeller(column.kind, names)
    uniques = {u: labels(u) for u in pd.unique(pd.Series(values, dtype=object))}
    out = np.empty(len(values), dtype=object)
    get = uniques.get
    out[:] = [get(v) or labels(v) for v in values]   # a dict lookup a row (Series.map with a dict: 40 ms at 100k)
    return out


def _labeller(kind: str, names: Mapping[str, str]) -> Callable[[Any], str]:
    if kind == "tier":
        return lambda v: tier_label(str(v)) if v else ""
    if kind == "confidence":
        return lambda v: confidence_label(str(v)) if v else ""
    return lambda v: names.get(str(v), str(v)) if v else ""


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
        self._texts: TableTexts | None = None
        self._brushes: dict[str, tuple[Any, Any]] = {}

    # -- data in ---------------------------------------------------------------------------------------------------
    def set_frame(self, frame: pd.DataFrame | None, class_names: Mapping[str, str] | None = None,
                  texts: TableTexts | None = None) -> None:
        """Show ``frame``. ``texts`` are its display texts prepared in a worker; without them (or when the language
        or class names changed since) they are formatted here."""
        import numpy as np

        names = dict(class_names or {})
        if frame is not None and (texts is None or not texts.fits(frame, names)):
            texts = prepare_texts(frame, names)
        self.beginResetModel()
        # the old table's arrays (a million strings at 100,000 parts) are freed in a worker, not while painting
        release_in_background([(self._frame, self._texts, self._raw, self._text)], free_in_pieces)
        self._frame = frame
        self._texts = texts if frame is not None else None
        self._class_names = names
        self._n = 0 if frame is None else len(frame)
        self._raw, self._text = [], []
        if frame is not None and texts is not None:
            self._tiers = frame["tier"].to_numpy()
            # numbers are formatted when a cell is painted (a few dozen at a time): formatting 400,000 rows
            # up front blocked the window for seconds; texts and labels are needed whole for sort and search
            self._raw = [frame[column.key].to_numpy() for column in COLUMNS]
            self._text = list(texts.columns)
        self._order = np.arange(self._n)
        self._refresh_brushes()
        self.endResetModel()

    def filter_choices(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The element symbols and the supplier countries that occur in the table (for the filter lists)."""
        if self._texts is None:
            return frozenset(), ()
        return self._texts.elements, self._texts.countries

    def retranslate(self) -> None:
        """Re-format the label columns in the current language (language switch)."""
        if self._frame is None:
            return
        for i, column in enumerate(COLUMNS):
            if column.kind in ("tier", "confidence", "class"):
                self._text[i] = _format_column(self._raw[i], column, self._class_names)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._n:
            self.dataChanged.emit(self.index(0, 0), self.index(self._n - 1, len(COLUMNS) - 1))

    def set_class_names(self, names: Mapping[str, str]) -> None:
        self._class_names = dict(names)
        self.retranslate()

    def cell_text(self, col: int, frame_row: int) -> str:
        """The displayed text of one cell (numbers formatted on demand, see ``set_frame``)."""
        text = self._text[col]
        if text is not None:
            return text[frame_row]
        kind = COLUMNS[col].kind
        if kind == "score" and self._tiers[frame_row] == "unclassified":
            return "–"     # not judged: no score, never a reassuring 0.0
        return _format_number(self._raw[col][frame_row], kind)

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
            return self.cell_text(col, r)
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
            return self.cell_text(col, r) or None
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


def _format_number(value: Any, kind: str) -> str:
    """One numeric cell: row numbers plain, quantities with separators, masses via the one mass formatter."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if v != v:
        return ""
    if kind == "int":
        return f"{int(v)}"
    if kind == "number":
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.6f}".rstrip("0").rstrip(".")   # never 1.2e+06
    if kind == "grams":
        return format_grams(v)
    return f"{v:.1f}"


def _descending_keys(keys: Any) -> Any:
    import numpy as np

    if keys.dtype.kind in "fiu":
        return -keys
    _, codes = np.unique(keys, return_inverse=True)
    return -codes


class PartsFilterProxy(QAbstractProxyModel):
    """Filters by tier, element, supplier country, "only rare-earth parts" and free text; sorting is delegated.

    The visible rows are one numpy array of source rows. A ``QSortFilterProxyModel`` asked Python's
    ``filterAcceptsRow`` once per row on every reset and filter change – seconds of frozen window at 400,000
    rows; here a filter change is a few vectorised operations, and Python runs only for the cells painted.
    Selections survive filtering and sorting (persistent indexes are carried over)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        import numpy as np

        self.tier: str | None = None
        self.element: str | None = None
        self.country: str | None = None
        self.only_ree = False
        self.text = ""
        self._mask: Any = None                          # frame order
        self._rows = np.zeros(0, dtype=np.int64)        # proxy row -> source row
        self._inverse = np.zeros(0, dtype=np.int64)     # source row -> proxy row (-1 hidden)
        self._pending: list[tuple[QPersistentModelIndex, int]] = []
        self._hay: tuple[Any, Any] | None = None         # (frame, search text): one table's, dropped on reset

    def setSourceModel(self, model: Any) -> None:  # noqa: N802
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._before_layout)
        model.layoutChanged.connect(lambda *_a: self._after_layout())
        model.dataChanged.connect(self._source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self.beginResetModel()
        self._source_reset()

    def _source_reset(self) -> None:
        self._hay = None        # the old table's search text must not keep the old frame alive
        self._mask = self._compute_mask()
        self._rows, self._inverse = self._visible()
        self.endResetModel()

    def _visible(self) -> tuple[Any, Any]:
        import numpy as np

        model = self.sourceModel()
        n = model.rowCount() if model is not None else 0
        if self._mask is None or n == 0 or len(self._mask) != n:
            rows = np.arange(n, dtype=np.int64)
        else:
            rows = np.flatnonzero(self._mask[self.parts_model().frame_rows()]).astype(np.int64)
        inverse = np.full(n, -1, dtype=np.int64)
        inverse[rows] = np.arange(len(rows), dtype=np.int64)
        return rows, inverse

    # -- layout changes keep the selection ---------------------------------------------------------------------
    def _before_layout(self, *_args: Any) -> None:
        self.layoutAboutToBeChanged.emit()
        model = self.parts_model()
        self._pending = [(p, model.frame_row(int(self._rows[p.row()])) if p.isValid() else -1)
                         for p in self.persistentIndexList()]

    def _after_layout(self) -> None:
        import numpy as np

        model = self.parts_model()
        self._rows, self._inverse = self._visible()
        order = model.frame_rows() if model.frame_rows() is not None else np.zeros(0, dtype=np.int64)
        source_of_frame = np.empty(len(order), dtype=np.int64)
        source_of_frame[order] = np.arange(len(order), dtype=np.int64)
        old, new = [], []
        for persistent, frame_row in self._pending:
            proxy_row = int(self._inverse[source_of_frame[frame_row]]) if frame_row >= 0 else -1
            old.append(QModelIndex(persistent))
            new.append(self.index(proxy_row, persistent.column()) if proxy_row >= 0 else QModelIndex())
        self._pending = []
        if old:
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, top.column()), self.index(self.rowCount() - 1, bottom.column()))

    # -- QAbstractProxyModel ---------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - flat table
        return QModelIndex()

    def mapToSource(self, proxy_index: Index) -> QModelIndex:  # noqa: N802
        if not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(int(self._rows[proxy_index.row()]), proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:  # noqa: N802
        if not source_index.isValid() or source_index.row() >= len(self._inverse):
            return QModelIndex()
        row = int(self._inverse[source_index.row()])
        return self.index(row, source_index.column()) if row >= 0 else QModelIndex()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None

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
        self._mask = self._compute_mask()
        self._before_layout()
        self._after_layout()

    def _compute_mask(self) -> Any:
        frame = self.parts_model().frame
        if frame is None:
            return None
        import numpy as np
        import pandas as pd

        mask = np.ones(len(frame), dtype=bool)
        if self.tier:
            mask &= frame["tier"].to_numpy() == self.tier
        if self.only_ree:
            mask &= frame["has_ree"].to_numpy(dtype=bool)
        if self.country:
            mask &= frame["country"].to_numpy() == self.country
        if self.element:
            sym = self.element
            sets = frame["element_set"]
            has = {s: sym in s for s in pd.unique(sets)}      # few distinct sets: test each once
            mask &= sets.map(has).to_numpy(dtype=bool)
        if self.text:
            needle = self.text.casefold()
            mask &= self._haystack(frame).str.contains(needle, regex=False).to_numpy(dtype=bool)
        return mask

    def _haystack(self, frame: Any) -> Any:
        """The searchable text of every row, built once per table (not on every keystroke)."""
        cached = self._hay
        if cached is not None and cached[0] is frame:
            return cached[1]
        hay = (frame["part_number"].fillna("").astype(str) + "\n" + frame["description"].fillna("").astype(str)
               + "\n" + frame["supplier"].fillna("").astype(str) + "\n" + frame["mpn"].fillna("").astype(str)
               + "\n" + frame["manufacturer"].fillna("").astype(str) + "\n" + frame["elements"].astype(str)
               ).str.casefold()
        self._hay = (frame, hay)
        return hay

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.parts_model().sort(column, order)

    def source_rows(self, limit: int | None = None) -> list[int]:
        """Source rows of the visible rows, in view order (the first ``limit``)."""
        return [int(r) for r in self._rows[:limit]]
