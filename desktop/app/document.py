"""Saved assessments (``.reerisk``): one JSON file with the source BOM's path and SHA-256, the import options, the
overrides in effect, the as-of date, scenario and scoring configuration, and the results (``assessment_to_json``).

Saving is atomic (temporary file in the same folder, then ``os.replace``). On opening, the pipeline re-runs from
the source when it is present and unchanged; otherwise the stored results are shown read-only. No Qt here.

Building, hashing and writing a large assessment takes seconds (about 1.4 s at 20,000 parts), and so do reading,
validating and re-hashing its source: the GUI runs :func:`write_assessment` and :func:`open_saved` in a worker.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
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
    from desktop.app.library import overrides_for
    from desktop.core.report import assessment_to_json

    imported = assessment.mapped.imported
    source = Path(imported.path)
    config = assessment.config
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "saved_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "app_version": __version__,
        # the hash of the bytes the import read (the wizard may have opened the file long before the save, and
        # the file may have changed since); hashing the file now is only for results imported without one
        "source": {"path": str(source.resolve()), "name": source.name,
                   "sha256": imported.source_sha256 or (sha256_of(source) if source.is_file() else None)},
        # several assessed sheets are saved as "A,B" (ImportOptions.sheet reads that form back)
        "import_options": {"sheet": ",".join(imported.sheets_used) if len(imported.sheets_used) > 1
                           else imported.sheet, "header_row": imported.header_row,
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
    pieces = iter_document_text(document)
    tmp: str | None = None
    try:
        from desktop.core.recovery import clean_output_orphans

        clean_output_orphans(path)  # temporaries an earlier, killed save of this document left behind
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for piece in pieces:
                fh.write(piece)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(N_("The assessment cannot be saved to {path}: {reason}"),
                          {"path": str(path), "reason": exc.strerror or str(exc)}, detail=repr(exc)) from exc
    return path


#: Indentation of a saved document (it is read by people too); part of the on-disk format.
INDENT = 1
#: Parts per piece when a document is written in pieces.
PARTS_PER_PIECE = 2000


def iter_document_text(document: dict[str, Any]) -> Iterator[str]:
    """The text of ``json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False, default=str)``, in pieces.

    Why: one ``json.dumps`` of a 100,000-part document ends in a ~160 MB ``str.join`` and its UTF-8 encoding, two
    C calls that hold the GIL for about 0.3 s and 0.15 s, so the GUI thread could not paint while a worker saved.
    The document around ``results.parts`` is dumped with a marker where the parts go; the parts are dumped a
    batch at a time, each part's own lines indented by its depth (JSON strings never hold a raw line break), so
    the bytes are those of the single ``json.dumps`` (tested).
    """
    import uuid

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=INDENT, allow_nan=False, default=str)

    results = document.get("results")
    parts = results.get("parts") if isinstance(results, dict) else None
    if not isinstance(results, dict) or not isinstance(parts, list) or not parts:
        yield dumps(document)
        return
    marker = f"\x00parts-{uuid.uuid4().hex}\x00"
    head, tail = dumps({**document, "results": {**results, "parts": marker}}).split(dumps(marker), 1)
    inner = "\n" + " " * (3 * INDENT)        # the document > "results" > "parts" > one part
    yield head
    for start in range(0, len(parts), PARTS_PER_PIECE):
        yield "".join(("[" if n == 0 else ",") + inner + dumps(part).replace("\n", inner)
                      for n, part in enumerate(parts[start:start + PARTS_PER_PIECE], start))
    yield "\n" + " " * (2 * INDENT) + "]"
    yield tail


#: Bytes decoded at a time when a document is read (also the least text kept ahead of the parser).
DECODE_CHUNK = 4 << 20


def iter_decoded(raw: bytes) -> Iterator[str]:
    """``raw.decode("utf-8-sig")`` a few MB at a time (a character split between two pieces is kept whole).

    Why: decoding a 160 MB document in one call, or joining its decoded pieces into one ``str``, is one C call
    that holds the GIL for 0.1–0.9 s (the join widens mostly-ASCII text with some Japanese to 2 bytes a character,
    320 MB in one go), and the GUI thread cannot paint meanwhile. :func:`loads_in_pieces` reads these pieces
    as it goes and never holds the whole text."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(raw)
    for start in range(0, len(raw), DECODE_CHUNK):
        piece = decoder.decode(view[start:start + DECODE_CHUNK])
        if piece:
            yield piece
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
#: How close to the end of the text held an error must be to mean "this value goes on in the next piece".
_NEAR_END = 32


class _Text:
    """The text being parsed, held a few pieces at a time: ``text[pos:]`` is what has not been read yet."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces
        self.text = ""
        self.pos = 0
        self.eof = False

    def fill(self, need: int) -> None:
        """Hold at least ``need`` unread characters (or all that are left); read text is dropped."""
        if self.eof or len(self.text) - self.pos >= need:
            return
        pieces = [self.text[self.pos:]]
        have = len(pieces[0])
        while have < need:
            piece = next(self._pieces, None)
            if piece is None:
                self.eof = True
                break
            pieces.append(piece)
            have += len(piece)
        self.text, self.pos = "".join(pieces), 0

    def skip(self) -> str:
        """Skip JSON white space; the next character ("" at the end)."""
        while True:
            match = _SPACE.match(self.text, self.pos)
            self.pos = match.end() if match is not None else self.pos
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos:self.pos + 1]
            self.fill(DECODE_CHUNK)

    def value(self) -> Any:
        """Decode the value at ``pos`` with the C decoder, reading further pieces while it may go on in them."""
        need = DECODE_CHUNK
        while True:
            self.fill(need)
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or not self._may_go_on(exc):
                    raise
            else:
                # a number cut by the end of the text held reads short ("3." as 3): only a value that ends clear
                # of that end, or at the end of the document, is whole
                if end < len(self.text) - _NEAR_END or self.eof:
                    self.pos = end
                    return value
            need = 2 * (len(self.text) - self.pos) + DECODE_CHUNK

    def _may_go_on(self, exc: json.JSONDecodeError) -> bool:
        """Whether ``exc`` may only mean that the text held ends inside the value (not a real error)."""
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self.text) - _NEAR_END

    def error(self, message: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(message, self.text, self.pos)


def loads_in_pieces(source: str | bytes, depth: int = 3) -> Any:
    """``json.loads`` of a document's text (``bytes`` are read as UTF-8, with or without a BOM), with the outer
    ``depth`` levels of objects and arrays walked here and everything below decoded by the C decoder one value
    at a time.

    Why: ``json.loads`` of a 160 MB document is one C call that holds the GIL for over two seconds, and the GUI
    thread cannot paint meanwhile even though the load runs in a worker. Walking the document, the results and
    the parts list in Python and decoding each part separately gives the interpreter a chance to switch threads
    between parts; bytes are decoded a few MB at a time as the walk reaches them (:func:`iter_decoded`), so the
    whole text never exists as one ``str``. Same values and the same kinds of errors (``ValueError``, including
    ``UnicodeDecodeError``, and ``RecursionError``) as ``json.loads``; an error's position counts from the
    piece of text held when it was found.
    """
    pieces = iter_decoded(source) if isinstance(source, (bytes, bytearray)) else iter([source])
    reader = _Text(pieces)
    reader.skip()
    value = _decode_at(reader, depth)
    if reader.skip():
        raise reader.error("Extra data")
    return value


def _decode_at(reader: _Text, depth: int) -> Any:
    opening = reader.skip()
    if depth <= 0 or opening not in ("{", "["):
        return reader.value()
    closing = "}" if opening == "{" else "]"
    container: Any = {} if opening == "{" else []
    reader.pos += 1
    if reader.skip() == closing:
        reader.pos += 1
        return container
    while True:
        if opening == "{":
            if reader.skip() != '"':
                raise reader.error("Expecting property name enclosed in double quotes")
            key = reader.value()
            if reader.skip() != ":":
                raise reader.error("Expecting ':' delimiter")
            reader.pos += 1
            container[key] = _decode_at(reader, depth - 1)
        else:
            container.append(_decode_at(reader, depth - 1))
        separator = reader.skip()
        if separator == closing:
            reader.pos += 1
            return container
        if separator != ",":
            raise reader.error("Expecting ',' delimiter")
        reader.pos += 1
        reader.skip()


#: A saved assessment larger than this is refused before it is parsed (bounded memory; a 100 000-part BOM's
#: document is about 150 MB).
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
#: Longest source file re-read for its checksum when reopening (larger BOMs are not imported either).
MAX_SOURCE_BYTES = 1024 * 1024 * 1024

_NOT_OURS = N_("{path} is not a reerisk assessment file.")
_CORRUPT = N_("The assessment file {path} is damaged ({reason}).")


def load_document(path: str | Path, heal: bool = True) -> dict[str, Any]:
    """Read and validate a .reerisk file before anything uses it.

    Every field is checked against the document schema (the stored results against
    ``resources/schema/assessment.schema.json``), so a garbled file gives one clear message instead of a crash
    or a hang later. A damaged reerisk document (not valid JSON, wrong types, nested too deeply) is set aside as
    ``….corrupt-YYYYMMDD-HHMMSS`` when ``heal`` is true, and the message names the new file.

    Raises:
        InputError: the file cannot be read, is not a reerisk document, or is from a newer version.
        CorruptStateError: the document is damaged (``path`` names it; the message names the renamed copy).
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputError(N_("The assessment file {path} is too large to be an assessment ({size} MB)."),
                             {"path": path.name, "size": path.stat().st_size // (1024 * 1024)})
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(N_("The assessment file {path} cannot be read: {reason}"),
                         {"path": str(path), "reason": exc.strerror or str(exc)}, detail=repr(exc)) from exc
    try:
        data = loads_in_pieces(raw)
    except RecursionError as exc:
        reason = "nested too deeply"
        return _damaged(path, reason, heal, exc)
    except (UnicodeDecodeError, ValueError) as exc:
        if not raw.lstrip().startswith(b"{") or b'"' + FORMAT.encode() + b'"' not in raw[:4096]:
            raise InputError(N_("{path} is not a reerisk assessment file (it is not valid JSON)."),
                             {"path": path.name}, detail=str(exc)[:500]) from exc
        return _damaged(path, "not valid JSON", heal, exc)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(_NOT_OURS, {"path": path.name})
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InputError(N_("{path} was saved by a newer version of reerisk (format {version}); please update "
                            "reerisk to open it."), {"path": path.name, "version": version})
    try:
        validate_document(data)
    except ValueError as exc:
        return _damaged(path, str(exc)[:300], heal, exc)
    except RecursionError as exc:
        return _damaged(path, "nested too deeply", heal, exc)
    return data


def _damaged(path: Path, reason: str, heal: bool, exc: BaseException) -> dict[str, Any]:
    """Set a damaged document aside (when ``heal``) and raise the error that names it."""
    from desktop.core.errors import CorruptStateError
    from desktop.core.recovery import NOT_SET_ASIDE, SET_ASIDE, quarantine

    if heal:
        backup = quarantine(path)
        msgid = SET_ASIDE if backup is not None else NOT_SET_ASIDE
        raise CorruptStateError(msgid, {"path": str(path), "reason": reason, "backup": str(backup)},
                                detail=repr(exc)[:2000], path=str(path)) from exc
    raise CorruptStateError(_CORRUPT, {"path": str(path), "reason": reason}, detail=repr(exc)[:2000],
                            path=str(path)) from exc


_HEX64 = "^[0-9a-f]{64}$"
_DOCUMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "format_version", "source", "results"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
        "saved_at": {"type": ["string", "null"]},
        "app_version": {"type": ["string", "null"]},
        "source": {"type": "object", "properties": {
            "path": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]},
            "sha256": {"type": ["string", "null"], "pattern": _HEX64}}},
        "import_options": {"type": ["object", "null"], "properties": {
            "sheet": {"type": ["string", "null"]},
            "header_row": {"type": ["integer", "null"], "minimum": 1, "maximum": 1_048_576},
            "column_map": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
            "encoding": {"type": ["string", "null"]},
            "delimiter": {"type": ["string", "null"]}}},
        "overrides": {"type": ["array", "null"], "items": {"type": "object"}},
        "as_of": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "scenario": {"type": ["string", "null"]},
        "config": {"type": ["object", "null"]},
        "language": {"type": ["string", "null"]},
        "results": {"type": "object"},
    },
}


def validate_document(data: Any) -> None:
    """Raise ValueError naming the first field of ``data`` that a reerisk document cannot hold."""
    import math

    from desktop.core.mapping.library import LibraryEntry
    from desktop.core.schema_check import check
    from desktop.paths import resource

    check(data, _DOCUMENT_SCHEMA)
    check(data["results"], _results_schema(str(resource("schema", "assessment.schema.json"))), path="$.results")
    for n, entry in enumerate(data.get("overrides") or ()):
        try:
            LibraryEntry.from_json(entry)
        except ValueError as exc:
            raise ValueError(f"$.overrides[{n}]: {exc}") from exc
    if data.get("as_of") is not None:
        dt.date.fromisoformat(data["as_of"])
    options = data.get("import_options") or {}
    for key in ("sheet", "encoding", "delimiter"):
        if len(options.get(key) or "") > 255:
            raise ValueError(f"$.import_options.{key} is too long")
    if options.get("encoding"):
        import codecs

        try:
            codecs.lookup(options["encoding"])
        except LookupError:
            raise ValueError("$.import_options.encoding is not a known encoding") from None
    raw = data.get("config")
    if raw is not None:
        from desktop.core.scoring.config import ASSUMPTIONS_AFTER_SUSPENSION, ScoringConfig

        default = ScoringConfig().to_dict()
        for key, value in raw.items():
            if key not in default:
                continue  # retired keys are ignored, as ScoringConfig.from_dict does
            _check_like(value, default[key], f"$.config.{key}", math)
        if raw.get("after_suspension", "in_force") not in ASSUMPTIONS_AFTER_SUSPENSION:
            raise ValueError("$.config.after_suspension is not a known assumption")


def _check_like(value: Any, default: Any, where: str, math: Any) -> None:
    """``value`` has the shape of the default configuration value (numbers finite, same keys)."""
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ValueError(f"{where} is not an object")
        for key, item in value.items():
            if key not in default:
                raise ValueError(f"{where}: unknown key")
            _check_like(item, default[key], f"{where}.{key}", math)
    elif isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{where} is not true or false")
    elif isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{where} is not a finite number")
    elif default is None or isinstance(default, str):
        if value is not None and (not isinstance(value, str) or len(value) > 64):
            raise ValueError(f"{where} is not a short text")


def _results_schema(path: str) -> dict[str, Any]:
    return _load_schema(path)


@lru_cache(maxsize=2)
def _load_schema(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reopen:
    """How to open a document: re-run from the source (``live``) or show the stored results."""

    live: bool
    source: str | None
    reason: str = ""      # "missing" | "changed" | "" when live


def reopen_plan(document: dict[str, Any]) -> Reopen:
    """Re-run from the source only when it is verifiably the file that was assessed.

    The source path in a document is never trusted: it must be an absolute path to a regular file of a BOM
    type reerisk reads, not larger than ``MAX_SOURCE_BYTES``, and its SHA-256 must equal the stored one.
    Anything else (``/etc/passwd``, a device, a missing or unverifiable checksum) shows the stored results.
    """
    import stat

    from desktop.core.importing import SUPPORTED_EXTENSIONS

    source = (document.get("source") or {}).get("path")
    expected = (document.get("source") or {}).get("sha256")
    if not isinstance(source, str) or not source or "\x00" in source:
        return Reopen(False, None, "missing")
    candidate = Path(source)
    try:
        info = candidate.stat()
    except (OSError, ValueError):
        return Reopen(False, source, "missing")
    if (not candidate.is_absolute() or not stat.S_ISREG(info.st_mode)
            or candidate.suffix.lower() not in SUPPORTED_EXTENSIONS or info.st_size > MAX_SOURCE_BYTES):
        return Reopen(False, source, "missing")
    if not isinstance(expected, str):
        return Reopen(False, source, "changed")
    try:
        if sha256_of(candidate) != expected:
            return Reopen(False, source, "changed")
    except OSError:
        return Reopen(False, source, "missing")
    return Reopen(True, source)


def import_options_of(document: dict[str, Any]) -> ImportOptions:
    from desktop.core.types import ImportOptions

    raw = document.get("import_options") or {}
    header_row = raw.get("header_row")
    return ImportOptions(sheet=raw.get("sheet"), header_row=int(header_row) if header_row is not None else None,
                         column_map=dict(raw.get("column_map") or {}), encoding=raw.get("encoding"),
                         delimiter=raw.get("delimiter"))


def as_of_of(document: dict[str, Any]) -> dt.date | None:
    value = document.get("as_of")
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def config_of(document: dict[str, Any]) -> ScoringConfig | None:
    raw = document.get("config")
    if not isinstance(raw, dict):
        return None
    from desktop.core.scoring.config import ScoringConfig

    return ScoringConfig.from_dict(raw)


def write_assessment(assessment: Assessment, options: ImportOptions, library: PartLibrary | None, path: str | Path,
                     lang: str = "en") -> Path:
    """Build the document of ``assessment`` and save it atomically at ``path``; returns the path written (with the
    ``.reerisk`` suffix). One call for a worker thread: JSON build, source hash and write.

    Raises:
        OutputError: the file cannot be written.
    """
    return save_document(build_document(assessment, options, library, lang), path)


#: Parts freed at a time by :func:`dismantle` (about 10,000 objects: well under a millisecond).
DISMANTLE_PARTS = 100
#: How long a freeing thread runs its small steps back to back before it pauses (:class:`Pacer`), and the pause.
PACE_SLICE_S = 0.002
PACE_PAUSE_S = 0.020


class Pacer:
    """Paces a long run of small steps in a background thread that frees a large object graph: steps run back to
    back for ``PACE_SLICE_S``, then the thread sleeps ``PACE_PAUSE_S`` (at least four GIL switch intervals).

    Why the pause is long: a thread waiting for the GIL may force a switch only after one whole switch interval
    (``sys.getswitchinterval()``, 5 ms) in which no other thread took the GIL. A freeing thread that slept 2 ms
    between pieces took the GIL every few milliseconds, so while a worker computed (the pipeline, a document's
    parse) the GUI thread's count was reset again and again, and it waited in 5 ms timeouts for up to 140 ms
    (``perf record -e sched:sched_switch``: the GUI thread off the CPU in ``pthread_cond_timedwait``, a pool
    thread computing, the freeing thread waking every ~3 ms). With 20 ms between slices the GUI thread gets its
    turn within one or two intervals; the freeing takes longer, which costs nothing but memory held a few
    seconds more."""

    def __init__(self) -> None:
        import sys

        self.pause_s = max(PACE_PAUSE_S, 4 * sys.getswitchinterval())
        self._start = time.perf_counter()

    def step(self) -> None:
        """Call after each small step: sleeps when the steps since the last pause have run for a slice."""
        if time.perf_counter() - self._start >= PACE_SLICE_S:
            time.sleep(self.pause_s)
            self._start = time.perf_counter()


def dismantle(document: dict[str, Any]) -> None:
    """Empty a document nobody reads any more, a hundred parts at a time, paced by :class:`Pacer` (run in a
    background thread).

    Why: the last reference to a reopened 100,000-part document frees about ten million objects in one C call
    that holds the GIL for 0.3–0.7 s; emptied piece by piece, no step holds it for more than a millisecond.
    Anything still holding the document sees it empty; a part taken out of it earlier stays whole."""
    results = document.get("results")
    parts = results.get("parts") if isinstance(results, dict) else None
    if isinstance(parts, list):
        pacer = Pacer()
        while parts:
            del parts[-DISMANTLE_PARTS:]
            pacer.step()
    document.clear()


@dataclass(frozen=True)
class Opened:
    """A saved assessment read, validated and checked against its source: everything needed to show it."""

    path: str
    document: dict[str, Any]
    plan: Reopen


def open_saved(path: str | Path, heal: bool = True) -> Opened:
    """Load and validate the document at ``path`` and decide how to reopen it (the source's SHA-256 is computed
    here). One call for a worker thread. Raises what :func:`load_document` raises."""
    document = load_document(path, heal=heal)
    return Opened(str(path), document, reopen_plan(document))
