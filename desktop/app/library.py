"""The user's part library as the GUI and the CLI use it: load it (healing a corrupted file, plus a document's
overrides), load the library an ``assess`` run names, save or remove one override, and collect the overrides that
apply to a BOM (for saving them in a .reerisk document). Built on :mod:`desktop.core.mapping.library`. No Qt.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.mapping.library import PartLibrary
    from desktop.core.recovery import Notice
    from desktop.core.types import ImportResult


def load_library(extra: list[Mapping[str, Any]] | None = None) -> PartLibrary:
    """The user's library, with the overrides stored in an opened document merged in (newer entry wins)."""
    from desktop.core.mapping.library import LibraryEntry, PartLibrary, load_or_set_aside
    from desktop.paths import part_library_file

    library = load_or_set_aside(part_library_file())
    if extra:
        library.merge(PartLibrary([LibraryEntry.from_json(e) for e in extra]), prefer_newer=True)
    return library


def library_for_assess(path: str | Path | None, *, must_exist: bool = True,
                       warn: Callable[[Notice], None] | None = None) -> PartLibrary | None:
    """The library an assessment from the command line maps with.

    ``path`` given: that file, loaded as it is (a damaged file the user named is reported, never renamed); with
    ``must_exist`` a missing file is an error, because a mistyped path must not silently mean "no overrides".
    No ``path``: the user's default library, when there is one; leftovers of killed writes are cleaned first and
    a corrupted file is set aside, each reported through ``warn`` (the CLI prints them and goes on).

    Raises:
        InputError: ``path`` does not exist (with ``must_exist``).
        CorruptStateError: the named library is damaged.
    """
    from desktop.core.mapping.library import PartLibrary, load_or_set_aside

    if path is not None:
        if must_exist and not Path(path).is_file():
            from desktop.core.errors import InputError

            raise InputError(N_("{path}: part library not found"), {"path": str(path)})
        return PartLibrary.load(Path(path))
    from desktop.core.recovery import clean_state_orphans, take_notices
    from desktop.paths import part_library_file

    clean_state_orphans()
    default = part_library_file()
    library = load_or_set_aside(default) if default.is_file() else None
    for notice in take_notices():
        if warn is not None:
            warn(notice)
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
    """Remove the user's override of one part; False when there was none (or no library at all)."""
    from desktop.core.mapping.library import PartLibrary, load_or_set_aside
    from desktop.paths import part_library_file

    path = part_library_file()
    if not load_or_set_aside(path):
        return False
    return bool(PartLibrary.update(path, lambda library: library.remove(part_number=part_number, mpn=mpn)))


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
