"""What reading a declaration file yields, and storing it in the part library (shared by survey and IPC-1752A)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.mapping.library import PartLibrary
from desktop.core.types import Message


@dataclass(frozen=True)
class Declared:
    """One part's declaration as read from a file (not yet stored)."""

    part_number: str | None
    mpn: str | None
    grams: dict[str, float]
    rare_earth_free: bool
    supplier: str
    file: str
    source: str                    # "survey" | "ipc1752a"
    origin_country: str = ""
    smelter: str = ""
    note: str = ""
    where: str = ""                # "Declaration!A5" or "Product 2" (for messages)


@dataclass(frozen=True)
class DeclarationProblem:
    """A cell or record that was not imported, and why (``reason`` is a translatable Message)."""

    file: str
    sheet: str
    cell: str
    reason: Message

    def render(self, tr) -> str:  # type: ignore[no-untyped-def]
        where = f"{self.file} [{self.sheet}] {self.cell}".strip()
        return f"{where}: {self.reason.render(tr)}"


@dataclass
class DeclarationResult:
    """The parts a file declares, the problems found, and the rows left unanswered."""

    path: str
    declared: list[Declared] = field(default_factory=list)
    problems: list[DeclarationProblem] = field(default_factory=list)
    unanswered: int = 0


def store_declarations(results: list[DeclarationResult], library_path: Path | str,
                       date: dt.date | None = None) -> int:
    """Store every good declaration in the library at ``library_path`` in one locked read-modify-write; an entry
    a declaration replaces is kept in its history. A file with problems still has its good rows stored.

    Returns:
        The number of declarations stored.

    Raises:
        CorruptStateError / OutputError: the library cannot be read or written (then nothing is changed).
    """
    items = [d for r in results for d in r.declared]
    if not items:
        return 0

    def change(library: PartLibrary) -> int:
        for d in items:
            library.declare(part_number=d.part_number, mpn=d.mpn, grams=d.grams, rare_earth_free=d.rare_earth_free,
                            source=d.source, supplier=d.supplier, file=d.file, origin_country=d.origin_country,
                            smelter=d.smelter, note=d.note, date=date)
        return len(items)

    return PartLibrary.update(library_path, change)


def write_atomically(target: Path, data: bytes) -> None:
    """The one atomic writer (:func:`desktop.core.report.pdf.write_atomically`): a kill leaves the old file or the
    new one, and the file gets normal read permissions (suppliers' workbooks are shared documents)."""
    from desktop.core.report.pdf import write_atomically as write

    write(target, data)
