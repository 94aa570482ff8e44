"""Delimited text: encoding and delimiter detection and a streaming RFC 4180 reader with Excel's quirks.

What is read as written (RFC 4180): a quoted field keeps delimiters and line breaks, and ``""`` inside it is one
``"``; a record that spans physical lines is one record, numbered by the line it starts on.

What real exports add, and how it is read:

- unquoted fields keep their quotes as text (``Screen 12" LCD``: an inch mark);
- a stray quote inside a quoted field (``"Screen 12" LCD",4``) is text when the field is closed later on the same
  line; otherwise the field ends at the next delimiter with that quote kept as text (``"Monitor 24" wide,3``);
- a quoted field that is never closed (to the end of the file, or longer than the cell limit) is read as if its
  opening quote were text, and the lines after it as records of their own, with a warning naming the line;
- a byte-order mark (UTF-8, UTF-16), Excel's ``sep=;`` first line, CRLF/LF/CR, trailing delimiters;
- UTF-8, UTF-16 (with or without BOM), Shift-JIS/cp932 and cp1252; ``,`` ``;`` tab and ``|`` delimiters.

Fields over the cell limit are refused while reading, before a whole over-long line is held in memory.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.importing.safety import too_long_cell
from desktop.core.types import ImportOptions, Message, msg
from desktop.i18n import N_

_SAMPLE = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r'^"?sep=(.)"?$', re.IGNORECASE)
_BLANKS = " \t"


def detect_encoding(sample: bytes) -> str:
    """BOM first (UTF-8/UTF-16), then strict UTF-8, UTF-16 without BOM, cp932, and cp1252 as the fallback."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    if _decodes(sample, "cp932"):
        return "cp932"
    return "cp1252"


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=False)
        return True
    except UnicodeDecodeError:
        return False


# ---------------------------------------------------------------------------------------------------------------
# Splitting


def _closes(text: str, j: int, delim: str) -> int:
    """Where the field ends if the quote at ``j`` closes it (the delimiter's index, or ``len(text)``), else -1.

    A closing quote is followed by optional blanks and then the delimiter, a line break or the end of the text.
    """
    k, n = j + 1, len(text)
    while k < n and text[k] in _BLANKS and text[k] != delim:
        k += 1
    if k == n or text[k] == delim or text[k] == "\n":
        return k
    return -1


def _closer_later_on_line(text: str, start: int, delim: str) -> bool:
    """True when a quote that could close the field (not part of ``""``) follows ``start`` on the same line."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    j = text.find('"', start, end)
    while j >= 0:
        if j + 1 < end and text[j + 1] == '"':
            j = text.find('"', j + 2, end)
            continue
        if _closes(text[:end], j, delim) >= 0:
            return True
        j = text.find('"', j + 1, end)
    return False


def _quoted(text: str, q: int, delim: str) -> tuple[str, int] | None:
    """Read the quoted field whose opening quote is at ``q``: (value, index after the field) or None if open."""
    parts: list[str] = []
    i = q + 1
    while True:
        j = text.find('"', i)
        if j < 0:
            return None  # the field goes on over the line break
        if text.startswith('"', j + 1):  # "" is one quote
            parts.append(text[i:j + 1])
            i = j + 2
            continue
        end = _closes(text, j, delim)
        if end >= 0:
            parts.append(text[i:j])
            return "".join(parts), end
        if _closer_later_on_line(text, j + 1, delim):  # a stray quote inside the field: text
            parts.append(text[i:j + 1])
            i = j + 1
            continue
        # no quote can close the field on this line: it ends at the delimiter, and this quote stays as text
        # (``"Monitor 24" wide,3``: the inch mark is kept)
        parts.append(text[i:j + 1])
        stop = _field_end(text, j + 1, delim)
        parts.append(text[j + 1:stop])
        return "".join(parts), stop


def _field_end(text: str, start: int, delim: str) -> int:
    """Index of the delimiter or line break that ends an unquoted field starting at ``start`` (or len(text))."""
    d = text.find(delim, start)
    nl = text.find("\n", start, d if d >= 0 else len(text))
    if nl >= 0:
        return nl
    return d if d >= 0 else len(text)


def split_record(text: str, delim: str, fields: list[str] | None = None, pos: int = 0,
                 literal_at: int = -1) -> tuple[list[str], int]:
    """Split a record's text from ``pos``, appending to ``fields``.

    Returns:
        (fields, open_at): ``open_at`` is the index of the opening quote of a field still open at the end of the
        text (the record goes on on the next line; call again with the longer text, ``fields`` and ``pos=open_at``),
        or -1 when the record is complete. With ``literal_at`` the quote at that index is read as text.
    """
    out = [] if fields is None else fields
    n = len(text)
    while True:
        k = pos
        while k < n and text[k] in _BLANKS and text[k] != delim:
            k += 1
        if k < n and text[k] == '"' and k != literal_at:
            got = _quoted(text, k, delim)
            if got is None:
                return out, k
            value, end = got
        else:
            end = _field_end(text, pos, delim)
            value = text[pos:end]
        out.append(value)
        if end >= n:
            return out, -1
        if text[end] == "\n":  # only after a stray-quote recovery: the rest of the text is a new line
            return out, -1
        pos = end + 1
        if pos == n:
            out.append("")
            return out, -1


_WELL_FORMED: dict[str, re.Pattern[str]] = {}


def _well_formed(delim: str) -> re.Pattern[str]:
    """A one-line record on which :mod:`csv` and :func:`split_record` agree: every field is either quoted
    (``"…"`` with ``""`` inside, the delimiter right after) or unquoted and not starting with blanks and a quote.
    Such lines are split by the csv module (C speed); every other line by :func:`split_record`."""
    if delim not in _WELL_FORMED:
        d = re.escape(delim)
        field = rf'(?:"(?:[^"]|"")*"(?={d}|$)|(?![ \t]*")[^{d}\n]*)'
        _WELL_FORMED[delim] = re.compile(rf"{field}(?:{d}{field})*\Z")
    return _WELL_FORMED[delim]


def split_line(text: str, delim: str) -> tuple[list[str], bool]:
    """Split one record; returns (fields, complete). ``complete`` is False inside an open quoted field."""
    if '"' not in text:
        return text.split(delim), True
    fields, open_at = split_record(text, delim)
    return fields, open_at < 0


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first records into the most consistent number (>1) of fields.

    Records are split as the reader splits them (quoted fields may span lines), so quoted commas and line
    breaks do not count.
    """
    lines = lines[:200]
    if not any(ln.strip() for ln in lines):
        return ","
    best, best_key = ",", (-1.0, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in _records_of(lines, d)][:50]
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        if modal < 2:
            continue
        consistency = counts.count(modal) / len(counts)
        key = (consistency, modal)
        if key > best_key:
            best, best_key = d, key
    return best


def _records_of(lines: list[str], delim: str) -> Iterator[list[str]]:
    """Non-blank records of a list of lines (a record left open at the end is dropped)."""
    pending: str | None = None
    fields: list[str] = []
    at = 0
    for line in lines:
        if pending is None:
            if not line.strip():
                continue
            text, fields, at = line, [], 0
        else:
            text = pending + "\n" + line
        fields, open_at = split_record(text, delim, fields, at)
        if open_at >= 0:
            pending, at = text, open_at
            continue
        pending = None
        yield fields


# ---------------------------------------------------------------------------------------------------------------
# Reading


@dataclass
class DelimitedText:
    """The records of a delimited file with the physical line each starts on."""

    records: list[list[str]]
    lines: list[int]
    encoding: str
    delimiter: str
    warnings: list[Message] = field(default_factory=list)
    sha256: str | None = None   # of the bytes the records were decoded from


class _HashingReader(io.RawIOBase):
    """A binary file that feeds every byte it reads into ``digest``: the text is decoded from exactly the bytes
    that are hashed, in one pass, without holding the file in memory."""

    def __init__(self, raw: io.RawIOBase, digest: hashlib._Hash) -> None:
        super().__init__()
        self._raw = raw
        self._digest = digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        if n:
            self._digest.update(memoryview(buffer)[:n])
        return n


def _physical_lines(stream: io.TextIOBase, path: Path, limit: int, delim_hint: str | None
                    ) -> Iterator[tuple[int, str]]:
    """Yield (line_number, text) with line ends removed, refusing a run without delimiter over ``limit``."""
    number = 0
    while True:
        piece = stream.readline(limit + 1)
        if not piece:
            return
        number += 1
        if len(piece) <= limit or piece.endswith("\n"):  # the common case: a whole line, within the limit
            yield number, piece.rstrip("\r\n")
            continue
        parts = [piece]
        while not piece.endswith("\n") and len(piece) == limit + 1:
            tail = "".join(parts)[-(limit + 1):]
            seps = [tail.rfind(d) for d in ((delim_hint,) if delim_hint else DELIMITERS)]
            if max(seps) < 0:
                raise too_long_cell(path, limit)
            piece = stream.readline(limit + 1)
            if not piece:
                break
            parts.append(piece)
        yield number, "".join(parts).rstrip("\r\n")


def _sample_delimiter(path: Path, sample: bytes, encoding: str) -> tuple[str | None, str]:
    """(delimiter from a ``sep=`` line or None, detected delimiter) from the first bytes of the file."""
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(sample) == _SAMPLE and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    m = _SEP_LINE.match(lines[0].strip()) if lines else None
    if m:
        return m.group(1), m.group(1)
    if path.suffix.lower() == ".tsv":
        return None, "\t"
    return None, detect_delimiter(lines)


def read_delimited(path: Path, options: ImportOptions) -> DelimitedText:
    """Read a CSV/TSV file into records (lists of field texts, exactly as written) and their line numbers.

    Raises:
        InputError: undecodable text, a field over the cell limit.
    """
    limit = options.limits.max_cell_chars
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    encoding = options.encoding or detect_encoding(sample)
    sep_line, detected = _sample_delimiter(path, sample, encoding)
    delimiter = options.delimiter or detected
    out = DelimitedText([], [], encoding, delimiter)
    digest = hashlib.sha256()  # the records are read to the end of the file, so every byte is hashed
    try:
        with path.open("rb", buffering=0) as raw, io.TextIOWrapper(
                io.BufferedReader(_HashingReader(raw, digest), 1 << 20),
                encoding=encoding, errors="strict", newline=None) as stream:
            _read_records(_physical_lines(stream, path, limit, delimiter), path, limit, delimiter,
                          sep_line is not None, out)
    except UnicodeDecodeError as exc:
        raise InputError(N_("{file} is not readable text in {encoding}."), {"file": path.name,
                                                                              "encoding": encoding},
                         detail=str(exc)) from exc
    out.sha256 = digest.hexdigest()
    return out


def _read_records(lines: Iterator[tuple[int, str]], path: Path, limit: int, delim: str, skip_sep: bool,
                  out: DelimitedText) -> None:
    """Split physical lines into records; a quoted field left open is recovered as text (see module doc)."""
    pending: list[tuple[int, str]] = []  # physical lines of a record whose quoted field is open
    text, at = "", 0
    fields: list[str] = []
    queue: deque[tuple[int, str]] = deque()  # lines to read again after a recovery
    source = iter(lines)
    first = True
    well_formed = _well_formed(delim).match

    def emit(start: int, record: list[str]) -> None:
        if any(len(f) > limit for f in record):
            raise too_long_cell(path, limit)
        out.records.append(record)
        out.lines.append(start)

    def recover() -> None:
        """Read the open quote at ``at`` as text, end the record with its line, and queue the lines after it."""
        k = text.count("\n", 0, at)  # the pending line that holds the quote
        cut = sum(len(line) + 1 for _, line in pending[:k + 1]) - 1
        segment, record, pos = text[:cut], fields, at
        while True:
            record, open_at = split_record(segment, delim, record, pos, literal_at=pos)
            if open_at < 0:
                break
            pos = open_at
        out.warnings.append(msg(N_("Line {line}: a quoted field is not closed; its quote was read as text."),
                                line=pending[k][0]))
        emit(pending[0][0], record)
        queue.extendleft(reversed(pending[k + 1:]))
        pending.clear()

    while True:
        if queue:
            number, line = queue.popleft()
        else:
            item = next(source, None)
            if item is None:
                if not pending:
                    return
                recover()
                continue
            number, line = item
        if first:
            first = False
            line = line.lstrip("\ufeff")
            if skip_sep and _SEP_LINE.match(line.strip()):
                continue
        if pending:
            pending.append((number, line))
            text = text + "\n" + line
        elif '"' not in line:  # the common case: no quoting at all
            if len(line) > limit:
                emit(number, line.split(delim))
            else:
                out.records.append(line.split(delim))
                out.lines.append(number)
            continue
        elif len(line) <= limit and well_formed(line):  # quoted fields, all closed: the csv module splits it
            out.records.append(next(csv.reader((line,), delimiter=delim)))
            out.lines.append(number)
            continue
        else:
            text, fields, at = line, [], 0
            pending.append((number, line))
        fields, open_at = split_record(text, delim, fields, at)
        if open_at < 0:
            if len(text) > limit:
                emit(pending[0][0], fields)
            else:  # no field can be longer than the record's text
                out.records.append(fields)
                out.lines.append(pending[0][0])
            pending.clear()
            continue
        at = open_at
        if len(text) - open_at > limit + 2:
            recover()
