"""Stage 2: imported parts -> component classes and rare-earth grams per unit (see mapper.py)."""
from __future__ import annotations

from desktop.core.mapping.library import LibraryEntry, PartLibrary
from desktop.core.mapping.mapper import TEXT_FIELDS, map_parts

__all__ = ["TEXT_FIELDS", "LibraryEntry", "PartLibrary", "map_parts"]
