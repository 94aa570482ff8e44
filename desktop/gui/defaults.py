"""Defaults that fit the user's files: where to save, and which product the BOM is for.

- Saving never proposes the installed package's folders (the bundled sample lives there and may be read-only):
  the folder the user last saved or opened in, else next to the BOM, else the user's Documents folder.
- The product name comes from the BOM's title block ("製品: 無人搬送車 AGV-300", "Product: …") when it has one;
  the file name is only the fallback.
"""
from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Title-block labels that name the product the BOM describes (compared after NFKC, case-insensitive, without a
#: trailing colon). Part-level headers such as 品名 are deliberately absent: they name a part, not the product.
PRODUCT_LABELS: frozenset[str] = frozenset({
    "製品", "製品名", "製品名称", "機種", "機種名", "装置名", "製品型式", "型式名",
    "product", "product name", "assembly", "assembly name", "model", "model name", "device",
})


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _usable(folder: Path | None) -> bool:
    """An existing, writable folder that is not part of the installed application."""
    if folder is None or not str(folder) or not folder.is_dir() or not os.access(folder, os.W_OK):
        return False
    from desktop.paths import resources_dir

    try:
        installed = resources_dir()
    except Exception:  # noqa: BLE001 - no resources: nothing to exclude
        return True
    return not _inside(folder, installed) and not _inside(folder, Path(__file__).resolve().parents[2] / "desktop")


def documents_folder() -> Path:
    """The user's Documents folder (Qt knows it per platform), else the home folder."""
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def default_save_folder(candidates: Iterable[str | Path | None]) -> Path:
    """The first usable folder of ``candidates`` (files stand for their folder), else Documents."""
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(candidate)
        folder = path if path.is_dir() else path.parent
        if _usable(folder):
            return folder
    return documents_folder()


def _label(text: Any) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().rstrip(":：").strip().casefold()


def title_block_product(raw_rows: Sequence[Sequence[Any]], header_row: int) -> str | None:
    """The product named in the title block above the header row, or None.

    A label cell (製品, 機種名, Product …) is followed by its value in the next non-empty cell of the same row;
    "製品: AGV-300" in one cell counts too."""
    labels = {_label(x) for x in PRODUCT_LABELS}
    for row in raw_rows[: max(0, header_row - 1)]:
        cells = [str(c).strip() if c is not None else "" for c in row]
        for i, cell in enumerate(cells):
            if not cell:
                continue
            if _label(cell) in labels:
                value = next((c for c in cells[i + 1:] if c), "")
                if value:
                    return value
            for sep in (":", "："):
                head, found, tail = cell.partition(sep)
                if found and tail.strip() and _label(head) in labels:
                    return tail.strip()
    return None
