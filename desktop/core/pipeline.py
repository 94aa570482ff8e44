"""The whole job as plain functions: import → map → score (→ report). The GUI, the CLI and the tests call these.

Each stage is also usable on its own (a wizard re-runs only the import; an as-of change re-runs only scoring).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.progress import NullProgress, Progress, check, sub_progress
from desktop.core.types import Assessment, ImportOptions, ImportResult, MappedTable

if TYPE_CHECKING:
    from desktop.core.importing import OpenedBook
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.mapping.library import PartLibrary
    from desktop.core.scoring.config import ScoringConfig


def today() -> dt.date:
    return dt.date.today()


def import_stage(path: str | Path, options: ImportOptions | None = None, progress: Progress | None = None, *,
                 book: OpenedBook | None = None) -> ImportResult:
    """Read the BOM at ``path``; refuse one without part rows.

    ``book`` is the file already opened (:func:`~desktop.core.importing.open_book`, as the import wizard holds
    it): only the layout runs again on the sheets in memory, the file is not read again, and the result – its
    parts, skipped rows, warnings and ``source_sha256`` (the bytes read when the book was opened, even if the
    file has changed since) – is the one ``read_bom`` gives for those bytes.

    Raises:
        InputError: the file cannot be read as a BOM, or holds no part rows (PasswordRequired if encrypted).
        ValueError: ``book`` is another file, or ``options`` open the file differently (another password).
    """
    options = options or ImportOptions()
    if book is not None:
        if Path(path) != book.path:
            raise ValueError(f"the opened book is {book.path}, not {path}")
        imported = book.read(options, progress=progress)
    else:
        from desktop.core.importing import read_bom

        imported = read_bom(str(path), options, progress=progress)
    return refuse_empty(imported)


def refuse_empty(imported: ImportResult) -> ImportResult:
    """``imported`` itself, or InputError when it holds no part rows: never assess (and never call "free of rare
    earths") a BOM without parts. The one check between the import and the later stages."""
    from desktop.core.errors import InputError
    from desktop.i18n import N_

    if imported.rows_imported == 0:
        raise InputError(N_("{file} holds no part rows: its table has a header but no line with a part number or "
                            "description ({skipped} lines were skipped)."),
                         {"file": Path(imported.path).name, "skipped": len(imported.skipped)})
    return imported


def map_stage(imported: ImportResult, knowledge: Knowledge | None = None, library: PartLibrary | None = None,
              progress: Progress | None = None) -> MappedTable:
    from desktop.core.knowledge import default_knowledge
    from desktop.core.mapping import map_parts

    return map_parts(imported, knowledge or default_knowledge(), library=library, progress=progress)


def score_stage(mapped: MappedTable, *, as_of: dt.date | None = None, scenario: str = "baseline",
                config: ScoringConfig | None = None, knowledge: Knowledge | None = None,
                progress: Progress | None = None) -> Assessment:
    from desktop.core.knowledge import default_knowledge
    from desktop.core.scoring import score

    return score(mapped, knowledge or default_knowledge(), as_of or today(), scenario=scenario, config=config,
                 progress=progress)


def assess_file(path: str | Path, *, import_options: ImportOptions | None = None, as_of: dt.date | None = None,
                scenario: str = "baseline", config: ScoringConfig | None = None,
                knowledge: Knowledge | None = None, library: PartLibrary | None = None,
                progress: Progress | None = None) -> Assessment:
    """Run import, mapping and scoring on one BOM file.

    Raises:
        InputError: the file cannot be read as a BOM (PasswordRequired if it is encrypted).
        KnowledgeError: the knowledge base is invalid.
        Cancelled: ``progress.cancelled()`` became true.
    """
    from desktop.core.knowledge import default_knowledge

    progress = progress or NullProgress()
    kb = knowledge or default_knowledge()
    imported = import_stage(path, import_options, sub_progress(progress, 0.0, 0.5))
    check(progress)
    mapped = map_stage(imported, kb, library, sub_progress(progress, 0.5, 0.8))
    check(progress)
    return score_stage(mapped, as_of=as_of, scenario=scenario, config=config, knowledge=kb,
                       progress=sub_progress(progress, 0.8, 1.0))
