"""Saved assessments (``.reerisk``): one JSON file with the source BOM's path and SHA-256, the import options, the
overrides in effect, the as-of date, scenario and scoring configuration, and the results (``assessment_to_json``).

Saving is atomic (temporary file in the same folder, then ``os.replace``). On opening, the pipeline re-runs from
the source when it is present and unchanged; otherwise the stored results are shown read-only. No Qt here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__
from desktop.core.errors import InputError, OutputError
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.core.mapping.library import PartLibrary
    from desktop.core.scoring.config import ScoringConfig
    from desktop.core.types import Assessment, ImportOptions

FORMAT = "reerisk-assessment"
FORMAT_VERSION = 1
SUFFIX = ".reerisk"


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_document(assessment: Assessment, options: ImportOptions, library: PartLibrary | None,
                   lang: str = "en") -> dict[str, Any]:
    from desktop.core.report import assessment_to_json
    from desktop.gui.overrides import overrides_for

    imported = assessment.mapped.imported
    source = Path(imported.path)
    config = assessment.config
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "saved_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "app_version": __version__,
        "source": {"path": str(source.resolve()), "name": source.name,
                   "sha256": sha256_of(source) if source.is_file() else None},
        "import_options": {"sheet": imported.sheet, "header_row": imported.header_row,
                           "column_map": dict(options.column_map), "encoding": imported.encoding,
                           "delimiter": imported.delimiter},
        "overrides": overrides_for(imported, library),
        "as_of": assessment.as_of.isoformat(),
        "scenario": assessment.scenario,
        "config": config.to_dict() if config is not None and hasattr(config, "to_dict") else None,
        "language": lang,
        "results": assessment_to_json(assessment, lang),
    }


def save_document(document: dict[str, Any], path: str | Path) -> Path:
    """Write ``document`` atomically. Raises OutputError (e.g. the folder is read-only or the file is locked)."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    payload = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False, default=str)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(N_("The assessment cannot be saved to {path}: {reason}"),
                          {"path": str(path), "reason": exc.strerror or str(exc)}, detail=repr(exc)) from exc
    return path


def load_document(path: str | Path) -> dict[str, Any]:
    """Read and check a .reerisk file. Raises InputError with a clear reason."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(N_("The assessment file {path} cannot be read: {reason}"),
                         {"path": str(path), "reason": exc.strerror or str(exc)}, detail=repr(exc)) from exc
    except ValueError as exc:
        raise InputError(N_("{path} is not a reerisk assessment file (it is not valid JSON)."),
                         {"path": path.name}, detail=str(exc)) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(N_("{path} is not a reerisk assessment file."), {"path": path.name})
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(N_("{path} was saved by a newer version of reerisk (format {version}); please update "
                            "reerisk to open it."), {"path": path.name, "version": version})
    return data


@dataclass(frozen=True)
class Reopen:
    """How to open a document: re-run from the source (``live``) or show the stored results."""

    live: bool
    source: str | None
    reason: str = ""      # "missing" | "changed" | "" when live


def reopen_plan(document: dict[str, Any]) -> Reopen:
    source = (document.get("source") or {}).get("path")
    if not source or not Path(source).is_file():
        return Reopen(False, source, "missing")
    expected = (document.get("source") or {}).get("sha256")
    if expected and sha256_of(source) != expected:
        return Reopen(False, source, "changed")
    return Reopen(True, source)


def import_options_of(document: dict[str, Any]) -> ImportOptions:
    from desktop.core.types import ImportOptions

    raw = document.get("import_options") or {}
    return ImportOptions(sheet=raw.get("sheet"), header_row=raw.get("header_row"),
                         column_map=dict(raw.get("column_map") or {}), encoding=raw.get("encoding"),
                         delimiter=raw.get("delimiter"))


def as_of_of(document: dict[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(document.get("as_of")))
    except ValueError:
        return None


def config_of(document: dict[str, Any]) -> ScoringConfig | None:
    raw = document.get("config")
    if not isinstance(raw, dict):
        return None
    from desktop.core.scoring.config import ScoringConfig

    return ScoringConfig.from_dict(raw)
