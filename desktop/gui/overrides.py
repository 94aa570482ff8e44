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
    from desktop.core.mapping.library import LibraryEntry, PartLibrary, load_or_set_aside
    from desktop.paths import part_library_file

    library = load_or_set_aside(part_library_file())
    if extra:
        library.merge(PartLibrary([LibraryEntry.from_json(e) for e in extra]), prefer_newer=True)
    return library


def save_override(part_number: str | None, mpn: str | None, *, class_id: str | None = None,
                  grams: Mapping[str, Any] | None = None, rare_earth_free: bool = False, note: str = "",
                  author: str = "") -> None:
    """Add or replace one override in the user's part library file (locked read-modify-write, atomic).

    Raises:
        CoreError: the library file cannot be read or written.
        ValueError: the override has no key or no content.
    """
    from desktop.core.mapping.library import PartLibrary, load_or_set_aside
    from desktop.paths import part_library_file

    path = part_library_file()
    load_or_set_aside(path)  # a corrupted library is set aside (with a notice) before the locked update
    PartLibrary.update(path, lambda library: library.set_override(
        part_number=part_number, mpn=mpn, class_id=class_id, grams=grams, rare_earth_free=rare_earth_free,
        note=note, author=author))


def remove_override(part_number: str | None, mpn: str | None) -> bool:
    from desktop.core.mapping.library import PartLibrary, load_or_set_aside
    from desktop.paths import part_library_file

    path = part_library_file()
    if not load_or_set_aside(path):
        return False
    return PartLibrary.update(path, lambda library: library.remove(part_number=part_number, mpn=mpn))


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
