"""The user's part library as the GUI and the CLI use it: load it (healing a corrupted file, plus a document's
overrides), load the library an ``assess`` run names, save or remove one override, and collect the overrides that
apply to a BOM (for saving them in a .reerisk document). Built on :mod:`desktop.core.mapping.library`. No Qt.

The Library menu and the ``reerisk library``/``reerisk survey`` commands are one set of steps, here: list the
entries, export the library to share it, import a colleague's, write one survey workbook per supplier and import
the answers. Each step makes the same checks and refusals (a :class:`~desktop.core.errors.CoreError`) and returns
an outcome whose :meth:`message` is the one sentence both front ends show; the CLI only parses arguments and
prints, the GUI only asks for files and shows dialogs.

Which library: ``library=None`` is the user's own (a damaged file is set aside with a notice and an empty library
used, as for ``assess``); a path is the file the user named, read as it is (a damaged one is reported, never
renamed). Notices go to ``warn`` when given (the CLI's ``warning:`` lines), else they wait for the GUI's notice
box (:func:`desktop.core.recovery.take_notices`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.types import Message
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.declarations.common import DeclarationProblem, DeclarationResult
    from desktop.core.errors import CoreError
    from desktop.core.mapping.library import ImportCounts, LibraryEntry, PartLibrary
    from desktop.core.recovery import Notice
    from desktop.core.types import ImportOptions, ImportResult

Warn = Callable[["Notice"], None]


def load_library(extra: Sequence[Mapping[str, Any]] | None = None) -> PartLibrary:
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


# -- the Library menu and the `library`/`survey` commands ----------------------------------------------------------

def library_file(library: str | Path | None = None) -> Path:
    """The file a library step works on: the one named, else the user's own."""
    from desktop.paths import part_library_file

    return Path(library) if library else part_library_file()


def _open(library: str | Path | None, warn: Warn | None) -> PartLibrary:
    """The library as it stands: the user's own healed (see the module's docstring), a named one as it is."""
    from desktop.core.mapping.library import PartLibrary, load_or_set_aside

    if library:
        return PartLibrary.load(Path(library))
    healed = load_or_set_aside(library_file())
    _pass_notices(warn)
    return healed


def _pass_notices(warn: Warn | None) -> None:
    if warn is None:
        return   # the GUI shows them in its notice box
    from desktop.core.recovery import take_notices

    for notice in take_notices():
        warn(notice)


@dataclass(frozen=True)
class Listing:
    """The library's entries, sorted by part number then MPN, and the file they were read from."""

    path: Path
    entries: tuple[LibraryEntry, ...]

    def message(self) -> Message:
        return Message(N_("{n} entry in {library}"), {"n": len(self.entries), "library": str(self.path)},
                       plural=N_("{n} entries in {library}"))


def list_entries(library: str | Path | None = None, *, warn: Warn | None = None) -> Listing:
    """Every entry of the library, for `library list` and the Browse dialog.

    Raises:
        CorruptStateError: a named library is damaged. InputError: it cannot be read.
    """
    loaded = _open(library, warn)
    entries = sorted(loaded.entries(), key=lambda e: (e.part_number or "", e.mpn or ""))
    return Listing(library_file(library), tuple(entries))


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    path: Path
    entries: int

    def message(self) -> Message:
        return Message(N_("{n} entry exported to {path}"), {"n": self.entries, "path": str(self.path)},
                       plural=N_("{n} entries exported to {path}"))


def export_library(target: str | Path, library: str | Path | None = None, *, warn: Warn | None = None) -> Exported:
    """Write the whole library (overrides and declarations, with their histories) to ``target`` to share it.

    Raises:
        UsageError: ``target`` is the library itself, or a folder (nothing is written).
        CorruptStateError: a named library is damaged. OutputError: ``target`` cannot be written.
    """
    from desktop.core.errors import UsageError
    from desktop.core.outputs import same_file

    source, target = library_file(library), Path(target)
    if target.exists() and same_file(target, source):
        raise UsageError(N_("{path}: the export would replace the library itself; choose another file"),
                         {"path": str(target)})
    if target.is_dir():
        raise UsageError(N_("{path}: cannot write: it is a folder"), {"path": str(target)})
    loaded = _open(library, warn)
    loaded.save(target)
    return Exported(target, len(loaded))


@dataclass(frozen=True)
class Imported:
    """What a colleague's library did to ours (:class:`~desktop.core.mapping.library.ImportCounts`)."""

    path: Path
    counts: ImportCounts

    def message(self) -> Message:
        """One clause per count, each with its own plural ("1 entry added, 2 replaced by newer ones, …")."""
        c = self.counts
        clauses = [
            Message(N_("{n} entry added"), {"n": c.added}, plural=N_("{n} entries added")),
            Message(N_("{n} replaced by a newer one"), {"n": c.replaced}, plural=N_("{n} replaced by newer ones")),
            Message(N_("{n} kept (ours newer; theirs kept in the history)"), {"n": c.kept},
                    plural=N_("{n} kept (ours newer; theirs kept in the history)")),
            Message(N_("{n} already held"), {"n": c.unchanged}, plural=N_("{n} already held")),
        ]
        return Message(N_("{path}: {counts}"), {"path": str(self.path), "counts": clauses})


def import_library(source: str | Path, library: str | Path | None = None, *,
                   warn: Warn | None = None) -> Imported:
    """Take a colleague's exported library into ours: on a clash the newer entry wins and the older one is kept in
    its history (:meth:`PartLibrary.import_library`). ``source`` is checked in full before anything changes.

    Raises:
        InputError: ``source`` does not exist. UsageError: it is the library itself.
        CorruptStateError: ``source`` (or a named library) is damaged. OutputError: the library cannot be written.
    """
    from desktop.core.errors import InputError, UsageError
    from desktop.core.mapping.library import PartLibrary
    from desktop.core.outputs import same_file

    source, target = Path(source), library_file(library)
    if not source.is_file():
        raise InputError(N_("{path}: file not found"), {"path": str(source)})
    if target.exists() and same_file(target, source):
        raise UsageError(N_("{path}: this is the library itself"), {"path": str(source)})
    theirs = PartLibrary.load(source)
    if not library:
        _open(None, warn)   # a damaged own library is set aside (with a notice) before the locked update
    counts = PartLibrary.update(target, lambda mine: mine.import_library(theirs, file=source.name))
    return Imported(source, counts)


@dataclass(frozen=True)
class SurveysWritten:
    """The survey workbooks written, one per supplier, and the folder as the user gave it."""

    folder: str
    written: tuple[Path, ...]

    def message(self) -> Message:
        return Message(N_("{n} survey workbook written to {folder}"), {"n": len(self.written), "folder": self.folder},
                       plural=N_("{n} survey workbooks written to {folder}"))


def export_surveys(bom: str | Path, folder: str | Path, options: ImportOptions | None = None) -> SurveysWritten:
    """One survey workbook per supplier of ``bom`` (read with ``options``) into ``folder``.

    Raises:
        InputError: the BOM is missing or unreadable. UsageError: a workbook of that name is already there (an
        answered one may be waiting; nothing is written). OutputError: the folder cannot be written.
    """
    from desktop.core.declarations import export_surveys as write_surveys
    from desktop.core.errors import InputError

    if not Path(bom).is_file():
        raise InputError(N_("{path}: file not found"), {"path": str(bom)})
    return SurveysWritten(str(folder), tuple(write_surveys(Path(bom), Path(folder), options)))


def declaration_files(items: Iterable[str | Path]) -> list[Path]:
    """The files to read: each file named, and the survey workbooks and IPC-1752A files of each folder named
    (Office's lock files skipped).

    Raises:
        InputError: a name that does not exist, or a folder holding no such file (before anything is read).
    """
    from desktop.core.errors import InputError

    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".xlsx", ".xml")
                           and not p.name.startswith((".~", "~$")))
            if not found:
                raise InputError(N_("{path}: the folder holds no survey workbook (.xlsx) or IPC-1752A file (.xml)"),
                                 {"path": str(path)})
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(N_("{path}: file not found"), {"path": str(path)})
    return files


@dataclass(frozen=True)
class DeclarationReading:
    """Every file read: the good declarations, the cells or records refused, the files that could not be read."""

    results: tuple[DeclarationResult, ...]
    failures: tuple[CoreError, ...] = ()

    @property
    def problems(self) -> tuple[DeclarationProblem, ...]:
        return tuple(p for r in self.results for p in r.problems)

    @property
    def unanswered(self) -> int:
        return sum(r.unanswered for r in self.results)


def read_declaration_files(items: Iterable[str | Path]) -> DeclarationReading:
    """Read answered survey workbooks and IPC-1752A files (folders are searched): a file that cannot be read at
    all is kept as a failure and the others still count.

    Raises:
        InputError: see :func:`declaration_files`.
    """
    from desktop.core.declarations import read_declarations
    from desktop.core.errors import CoreError

    results: list[DeclarationResult] = []
    failures: list[CoreError] = []
    for path in declaration_files(items):
        try:
            results.append(read_declarations(path))
        except CoreError as exc:
            failures.append(exc)
    return DeclarationReading(tuple(results), tuple(failures))


@dataclass(frozen=True)
class DeclarationsStored:
    """What a survey import stored, and what it could not."""

    library: Path
    stored: int
    reading: DeclarationReading = field(repr=False)

    @property
    def complete(self) -> bool:
        """False when a file, cell or record was not imported (the CLI's exit code 3, the GUI's warning)."""
        return not self.reading.problems and not self.reading.failures

    def message(self) -> Message:
        """One clause per count, each with its own plural ("1 declaration imported into …; 2 cells or records not
        imported, 1 row not answered")."""
        return Message(N_("{imported}; {not_imported}, {unanswered}"), {
            "imported": Message(N_("{n} declaration imported into {library}"),
                                {"n": self.stored, "library": str(self.library)},
                                plural=N_("{n} declarations imported into {library}")),
            "not_imported": Message(N_("{n} cell or record not imported"), {"n": len(self.reading.problems)},
                                    plural=N_("{n} cells or records not imported")),
            "unanswered": Message(N_("{n} row not answered"), {"n": self.reading.unanswered},
                                  plural=N_("{n} rows not answered")),
        })


def store_declaration_reading(reading: DeclarationReading, library: str | Path | None = None, *,
                              warn: Warn | None = None) -> DeclarationsStored:
    """Store every good declaration of ``reading`` in one locked update; an entry a declaration replaces is kept
    in its history, so nothing stored is lost.

    Raises:
        CorruptStateError: a named library is damaged. OutputError: the library cannot be written.
    """
    from desktop.core.declarations import store_declarations

    if not library:
        _open(None, warn)   # a damaged own library is set aside (with a notice) before the locked update
    target = library_file(library)
    return DeclarationsStored(target, store_declarations(list(reading.results), target), reading)
