"""Small read-only models for the import wizard: the raw sheet preview, the imported rows and the skipped rows."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.types import column_letter
from desktop.i18n import N_, _, current_language, translation_for

if TYPE_CHECKING:
    from desktop.core.types import ImportResult

Index = QModelIndex | QPersistentModelIndex


class GridModel(QAbstractTableModel):
    """The first rows of a sheet as text; the header row is bold and highlighted. Rows are 1-based in the header."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Sequence[str]] = ()
        self._width = 0
        self.header_row = 0    # 1-based; 0 = none

    def set_rows(self, rows: Sequence[Sequence[str]], header_row: int) -> None:
        self.beginResetModel()
        self._rows = rows
        self._width = max((len(r) for r in rows), default=0)
        self.header_row = header_row
        self.endResetModel()

    def set_header_row(self, row: int) -> None:
        old, self.header_row = self.header_row, row
        for r in (old, row):
            if 1 <= r <= len(self._rows):
                self.dataChanged.emit(self.index(r - 1, 0), self.index(r - 1, max(0, self._width - 1)))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, len(self._rows) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        is_header = index.row() + 1 == self.header_row
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[index.column()] if index.column() < len(row) else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.FontRole and is_header:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and is_header:
            colour = QColor(QApplication.palette().color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70)
            return colour
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return column_letter(section)
            return str(section + 1)
        if role == Qt.ItemDataRole.FontRole and orientation == Qt.Orientation.Vertical \
                and section + 1 == self.header_row:
            font = QFont()
            font.setBold(True)
            return font
        return None


#: Columns of the "Imported rows" preview: (part column, title msgid).
PARTS_PREVIEW: tuple[tuple[str, str], ...] = (
    ("sheet", N_("Sheet")),  # shown when the rows come from several sheets
    ("row", N_("Row")),
    ("level", N_("Level")),
    ("part_number", N_("Part number")),
    ("description", N_("Description")),
    ("quantity", N_("Quantity")),
    ("unit", N_("Unit")),
    ("extended_quantity", N_("Qty / product")),
    ("manufacturer", N_("Manufacturer")),
    ("mpn", N_("Manufacturer part number")),
    ("supplier", N_("Supplier")),
    ("country", N_("Country")),
    ("material", N_("Material")),
    ("other_text", N_("Other text")),  # the row's other text columns, read by the mapper too
)


class ImportedRowsModel(QAbstractTableModel):
    """The normalised parts of an ImportResult (first ``limit`` rows)."""

    def __init__(self, parent: Any = None, limit: int = 500) -> None:
        super().__init__(parent)
        self._columns: list[tuple[str, str]] = []
        self._cells: list[list[str]] = []
        self._limit = limit

    def set_result(self, result: ImportResult | None) -> None:
        self.beginResetModel()
        self._columns, self._cells = [], []
        if result is not None:
            parts = result.parts.head(self._limit)
            self._columns = [(c, t) for c, t in PARTS_PREVIEW
                             if c in parts.columns and (c in ("row", "part_number", "description")
                                                        or (parts[c].nunique() > 1 if c == "sheet"
                                                            else parts[c].notna().any()))]
            for c, _t in self._columns:
                self._cells.append([_cell(v, c) for v in parts[c].tolist()])
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or not self._cells else len(self._cells[0])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.column()][index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self._columns[section][1])
        return None


def _cell(value: Any, column: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        if column == "row":
            return str(int(value))
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return str(value)


class SkippedRowsModel(QAbstractTableModel):
    """Skipped rows with their translated reasons."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_result(self, result: ImportResult | None) -> None:
        self.beginResetModel()
        tr = translation_for(current_language())
        several = result is not None and len(getattr(result, "sheets_used", ())) > 1  # "Sheet2!5"
        self._rows = [(f"{s.sheet}!{s.row}" if several else str(s.row), s.render(tr))
                      for s in (result.skipped if result else ())]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Row"), _("Reason"))[section]
        return None
