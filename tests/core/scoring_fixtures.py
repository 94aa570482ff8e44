"""Build ImportResult / MappedTable objects directly, so scoring tests do not depend on the importer."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from parts_fixtures import make_import as _make_import

from desktop.core.types import (
    ElementGrams,
    ImportResult,
    MappedTable,
    Message,
    PartMapping,
)


def make_import(rows: Iterable[Mapping[str, Any]], path: str = "test.xlsx") -> ImportResult:
    return _make_import(rows, path=path)


def mapping(elements: Mapping[str, float | None], classes: tuple[str, ...] = ("ndfeb_sintered_magnet",),
            confidence: str = "medium") -> PartMapping:
    return PartMapping(
        classes=classes,
        elements={s: ElementGrams(g, None if g is None else g * 0.5, None if g is None else g * 1.5)
                  for s, g in elements.items()},
        confidence=confidence,
        evidence=(Message("test mapping"),),
        method="keyword" if elements else "none",
    )


def mapped_table(parts: list[tuple[Mapping[str, Any], PartMapping]]) -> MappedTable:
    imported = make_import([p for p, _ in parts])
    return MappedTable(imported=imported, mappings=tuple(m for _, m in parts))
