"""Generate BOM files for the importer tests (into tmp_path). No real BOM is copied."""
from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

JA_HEADERS = ["品番", "品名", "数量", "単位", "仕入先", "原産国", "重量(g)"]
EN_HEADERS = ["Part No", "Description", "Qty", "Unit", "Supplier", "Country of Origin", "Weight (g)"]

#: (part number, name, quantity, unit, supplier, country, weight)
ITEMS: list[tuple[Any, ...]] = [
    ("0012345", "ネオジム磁石 N42SH", 4, "個", "東京磁材", "中国", 12.5),
    ("A-100", "ステッピングモーター", 2, "pcs", "Acme", "Japan", 350),
    ("B-200", "ボールベアリング", 8, "個", "Acme", "JP", 20),
    ("C-300", "ケーブル", 1.5, "m", "Cable Co", "CN", 40),
    ("D-400", "ねじ M3", 1200, "個", "Screw Ltd", "PRC", 0.5),
]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]],
               merges: dict[str, Sequence[str]] | None = None) -> Path:
    """Write sheets of rows (from row 1) with optional merged ranges ("A1:E1")."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def encrypt_xlsx(plain: Path, path: Path, password: str) -> Path:
    """``plain`` encrypted with ``password`` (Excel's "Encrypt with Password") into ``path``."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with plain.open("rb") as fh, path.open("wb") as out:
        OOXMLFile(fh).encrypt(password, out)
    return path


def japanese_bom_rows(title_block: bool = True) -> tuple[list[list[Any]], int]:
    """A Japanese BOM with a title block, a key/value block, blank rows, a note and a total line.

    Returns:
        (rows, header row number)
    """
    rows: list[list[Any]] = []
    if title_block:
        rows += [["部品表 ロボットアーム"], ["会社", "テスト株式会社"], ["作成日", "2026-11-01"], []]
    header = len(rows) + 1
    rows.append(list(JA_HEADERS))
    for it in ITEMS:
        rows.append(list(it))
    return rows, header


def shuffled(rows: list[list[Any]], header_index: int, seed: int = 3) -> list[list[Any]]:
    """Same table with its columns in another order (rows above the header are kept)."""
    width = len(rows[header_index])
    order = list(range(width))
    random.Random(seed).shuffle(order)
    out = [list(r) for r in rows[:header_index]]
    for r in rows[header_index:]:
        padded = list(r) + [""] * (width - len(r))
        out.append([padded[i] for i in order])
    return out


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8", delimiter: str = ",",
              newline: str = "\r\n") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
