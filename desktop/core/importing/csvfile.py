"""Delimited text: encoding and delimiter detection and a tolerant, streaming field splitter.

The splitter accepts what real BOM exports contain: unescaped quotes inside quoted fields (a quote only closes
a field when a delimiter or the end of the line follows), trailing delimiters, CRLF/LF/CR, and quoted fields
that span lines. Records remember their physical starting line. Fields over the cell limit are refused while
reading, before the whole line is held in memory.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.importing.safety import too_long_cell
from desktop.core.types import ImportOptions
from desktop.i18n import N_

_SAMPLE = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")


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


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most consistent number (>1) of fields."""
    lines = [ln for ln in lines if ln.strip()][:50]
    if not lines:
        return ","
    best, best_key = ",", (-1.0, 0)
    sniffed = None
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        pass
    for d in DELIMITERS:
        counts = [len(split_line(ln, d)[0]) for ln in lines]
        modal = max(set(counts), key=counts.count)
        if modal < 2:
            continue
        consistency = counts.count(modal) / len(counts)
        key = (consistency + (0.05 if d == sniffed else 0.0), modal)
        if key > best_key:
            best, best_key = d, key
    return best


_FIELD_CACHE: dict[str, re.Pattern[str]] = {}


def _field_re(delim: str) -> re.Pattern[str]:
    if delim not in _FIELD_CACHE:
        d = re.escape(delim)
        # quoted: a quote closes the field only before optional spaces + delimiter or end of text
        _FIELD_CACHE[delim] = re.compile(
            rf'[ \t]*"((?:[^"]|"")*?(?:"(?![ \t]*(?:{d}|$))(?:[^"]|"")*?)*)"[ \t]*(?={d}|$)|([^{d}]*)',
            re.DOTALL)
    return _FIELD_CACHE[delim]


def split_line(text: str, delim: str) -> tuple[list[str], bool]:
    """Split one record; returns (fields, complete). ``complete`` is False inside an open quoted field."""
    rx = _field_re(delim)
    fields: list[str] = []
    pos, n = 0, len(text)
    while True:
        m = rx.match(text, pos)
        quoted = m is not None and m.group(1) is not None
        if quoted:
            fields.append(m.group(1).replace('""', '"'))
        else:
            chunk = m.group(2) if m else ""
            if chunk.lstrip().startswith('"') and chunk.count('"') % 2 == 1:
                return fields, False  # an opened quote that does not close on this line
            fields.append(chunk)
        pos = m.end() if m else pos
        if pos >= n:
            return fields, True
        if text[pos] == delim:
            pos += 1
            if pos == n:
                fields.append("")
                return fields, True
        else:  # junk after a closing quote: take the rest up to the delimiter as text
            nxt = text.find(delim, pos)
            fields[-1] += text[pos: nxt if nxt >= 0 else n]
            if nxt < 0:
                return fields, True
            pos = nxt + 1


def _physical_lines(stream: io.TextIOBase, path: Path, limit: int, delim_hint: str | None):
    """Yield (line_number, text) with line ends removed, refusing a run without delimiter over ``limit``."""
    number = 0
    while True:
        piece = stream.readline(limit + 1)
        if not piece:
            return
        number += 1
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


def read_delimited(path: Path, options: ImportOptions) -> tuple[list[list[str]], list[int], str, str]:
    """Read a CSV/TSV file into records (lists of field texts) and their physical line numbers.

    Returns:
        (records, line numbers, encoding, delimiter)

    Raises:
        InputError: undecodable text, a field over the cell limit.
    """
    limit = options.limits.max_cell_chars
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE)
    encoding = options.encoding or detect_encoding(sample)
    delimiter = options.delimiter
    if delimiter is None:
        if path.suffix.lower() == ".tsv":
            delimiter = "\t"
        else:
            text_sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
            delimiter = detect_delimiter(text_sample.splitlines()[:60])
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        with path.open("r", encoding=encoding, errors="strict", newline=None) as stream:
            pending: str | None = None
            start = 0
            for number, text in _physical_lines(stream, path, limit, delimiter):
                if pending is not None:
                    text = pending + "\n" + text
                else:
                    start = number
                fields, complete = split_line(text, delimiter)
                if not complete and len(text) <= 64 * limit:
                    pending = text
                    continue
                pending = None
                if any(len(f) > limit for f in fields):
                    raise too_long_cell(path, limit)
                records.append([f.strip() if f[:1].isspace() or f[-1:].isspace() else f for f in fields])
                lines.append(start)
            if pending is not None:
                records.append(split_line(pending + '"', delimiter)[0])
                lines.append(start)
    except UnicodeDecodeError as exc:
        raise InputError(N_("{file} is not readable text in {encoding}."), {"file": path.name,
                                                                              "encoding": encoding},
                         detail=str(exc)) from exc
    if encoding.startswith("utf-16") and records and records[0] and records[0][0].startswith("\ufeff"):
        records[0][0] = records[0][0][1:]
    return records, lines, encoding, delimiter
