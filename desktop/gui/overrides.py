"""The user's part library as the GUI uses it: load (plus a document's overrides), save one override, and
collect the overrides that apply to the current BOM (for saving them in a .reerisk document). No Qt."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.mapping.library import PartLibrary
    from desktop.core.types import ImportResult


def load_library(extra: list[Mapping[str, Any]] | None = None) -> PartLibrary:
    """The user's library, with the overrides stored in an opened document merged in (newer entry wins)."""
    from desktop.core.mapping.library import LibraryEntry, PartLibrary
    from desktop.paths import part_library_file

    library = PartLibrary.load(part_library_file())
    if extra:
        library.merge(PartLibrary([LibraryEntry.from_json(e) for e in extra]), prefer_newer=True)
    return library


def save_override(part_number: str | None, mpn: str | None, *, class_id: str | None = None,
                  grams: Mapping[str, Any] | None = None, rare_earth_free: bool = False, note: str = "",
                  author: str = "") -> None:
    """Add or replace one override in the user's part library file (atomic write by the library).

    Raises:
        CoreError: the library file cannot be read or written.
        ValueError: the override has no key or no content.
    """
    from desktop.core.mapping.library import PartLibrary
    from desktop.paths import part_library_file

    path = part_library_file()
    library = PartLibrary.load(path)
    library.set_override(part_number=part_number, mpn=mpn, class_id=class_id, grams=grams,
                         rare_earth_free=rare_earth_free, note=note, author=author)
    library.save(path)


def remove_override(part_number: str | None, mpn: str | None) -> bool:
    from desktop.core.mapping.library import PartLibrary
    from desktop.paths import part_library_file

    path = part_library_file()
    library = PartLibrary.load(path)
    removed = library.remove(part_number=part_number, mpn=mpn)
    if removed:
        library.save(path)
    return removed


def overrides_for(imported: ImportResult, library: PartLibrary | None) -> list[dict[str, Any]]:
    """The library entries that match a part of ``imported`` (each once), as JSON objects."""
    if library is None or not library:
        return []
    parts = imported.parts
    numbers = parts["part_number"].tolist() if "part_number" in parts.columns else [None] * len(parts)
    mpns = parts["mpn"].tolist() if "mpn" in parts.columns else [None] * len(parts)
    seen: set[int] = set()
    found: list[dict[str, Any]] = []
    for pn, mpn in zip(numbers, mpns, strict=True):
        entry = library.lookup(pn, mpn)
        if entry is not None and id(entry) not in seen:
            seen.add(id(entry))
            found.append(entry.to_json())
    return found
