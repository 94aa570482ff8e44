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
            confidence: str = "medium", *, method: str | None = None, rare_earth_free: bool | None = None,
            ranges: Mapping[str, tuple[float | None, float | None, float | None]] | None = None) -> PartMapping:
    """A mapping with typical grams ``elements`` (low = ½, high = 1.5 × typical unless ``ranges`` gives
    (low, typical, high) per element). Without elements and classes the part is unjudged (method "none",
    tier unclassified); with classes but no elements it was judged rare-earth-free (a look-alike)."""
    judged = bool(elements) or bool(classes)
    grams = {s: ElementGrams(g, None if g is None else g * 0.5, None if g is None else g * 1.5)
             for s, g in elements.items()}
    for s, (low, typ, high) in (ranges or {}).items():
        grams[s] = ElementGrams(typ, low, high)
    return PartMapping(
        classes=classes,
        elements=grams,
        confidence=confidence,
        evidence=(Message("test mapping"),),
        method=method or ("keyword" if judged else "none"),
        rare_earth_free=(bool(classes) and not grams) if rare_earth_free is None else rare_earth_free,
    )


def unjudged() -> PartMapping:
    """A part no rule judged: no class, no declaration, not confirmed rare-earth-free."""
    return mapping({}, classes=(), confidence="none")


def mapped_table(parts: list[tuple[Mapping[str, Any], PartMapping]]) -> MappedTable:
    imported = make_import([p for p, _ in parts])
    return MappedTable(imported=imported, mappings=tuple(m for _, m in parts))
