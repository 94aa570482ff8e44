"""Fail-fast checks on hostile or broken files: size, zip bombs, over-long cells, encryption.

Everything here looks at the container (file size, zip directory, raw XML bytes) *before* a parser
materialises the workbook, so a 600 MB cell or a zip bomb is refused in seconds.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop.core.errors import InputError, PasswordRequired
from desktop.core.types import ImportLimits, column_letter
from desktop.i18n import N_

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20


def check_file_size(path: Path, limits: ImportLimits) -> int:
    """Raise InputError when the file is larger than ``limits.max_file_bytes``; return its size."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(N_("{file} is too large to import ({size} MB; the limit is {limit} MB)."),
                         {"file": path.name, "size": _mb(size), "limit": _mb(limits.max_file_bytes)})
    if size == 0:
        raise InputError(N_("{file} is empty."), {"file": path.name})
    return size


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f}".rstrip("0").rstrip(".") or "0"


# an ``r`` attribute of a cell or row, wherever it stands in the tag: a column beyond Z or a row beyond 999,999
# (the definition; :meth:`RefScan.wide_or_deep` gives its answer faster)
_WIDE_OR_DEEP = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?[0-9]{7})')
_REF_LETTERS = re.compile(rb'r="([A-Z]{1,3})[0-9]')
_REF_ROWS = re.compile(rb'r="[A-Z]{0,3}([0-9]{1,7})"')

# The two tests every streamed megabyte of a worksheet goes through, as array operations on its bytes: the same
# answers as ``buf.count(b"<c")`` and ``_WIDE_OR_DEEP.search(buf)`` (tests/core/test_import_properties.py compares
# them), in about half the time (this check runs before every parse: at 100,000 rows 100 -> 53 ms), and numpy lets
# other threads run meanwhile (the desktop app's window, while a worker imports). The work arrays are kept from
# chunk to chunk: fresh megabyte-sized temporaries cost a page fault per 4 KB, more than the comparisons themselves.
_IS_UPPER = np.zeros(256, dtype=bool)
_IS_UPPER[ord("A"):ord("Z") + 1] = True
_IS_DIGIT = np.zeros(256, dtype=bool)
_IS_DIGIT[ord("0"):ord("9") + 1] = True


class RefScan:
    """Scans the chunks of worksheet members one after the other (:func:`check_zip` makes one per call; it keeps
    work arrays as long as the chunks, ≈1 MB each, and is not shared between threads)."""

    def __init__(self) -> None:
        self._hit = np.empty(0, dtype=bool)
        self._tmp = np.empty(0, dtype=bool)
        self._padded = np.zeros(0, dtype=np.uint8)

    def _masks(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self._hit) < n:
            self._hit, self._tmp = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
        return self._hit[:n], self._tmp[:n]

    def cell_tags(self, codes: np.ndarray) -> int:
        """``buf.count(b"<c")`` for ``codes = np.frombuffer(buf, np.uint8)`` ("<c" cannot overlap itself, so
        counting every position where it starts is counting the non-overlapping matches)."""
        if len(codes) < 2:
            return 0
        hit, tmp = self._masks(len(codes) - 1)
        np.equal(codes[:-1], ord("<"), out=hit)
        hit &= np.equal(codes[1:], ord("c"), out=tmp)
        return int(np.count_nonzero(hit))

    def wide_or_deep(self, codes: np.ndarray) -> bool:
        """``_WIDE_OR_DEEP.search(buf) is not None`` for ``codes = np.frombuffer(buf, np.uint8)``: some ``r="``
        is followed by two capital letters (column AA or beyond) or by seven digits, with or without one capital
        letter before them (row 1,000,000 or beyond)."""
        if len(codes) < 3:
            return False
        hit, tmp = self._masks(len(codes) - 2)
        np.equal(codes[:-2], ord("r"), out=hit)
        hit &= np.equal(codes[1:-1], ord("="), out=tmp)
        hit &= np.equal(codes[2:], ord('"'), out=tmp)
        at = np.flatnonzero(hit) + 3          # the first byte after each r="
        if not len(at):
            return False
        if len(self._padded) < len(codes) + 8:
            self._padded = np.zeros(len(codes) + 8, dtype=np.uint8)
        padded = self._padded                 # 0 after the end: neither letter nor digit, so no match runs past it
        padded[:len(codes)] = codes
        padded[len(codes):len(codes) + 8] = 0
        if (_IS_UPPER[padded[at]] & _IS_UPPER[padded[at + 1]]).any():
            return True
        at = at[_IS_DIGIT[padded[at + 6]]]    # either seven-digit form has a digit six bytes after the quote
        run = np.ones(len(at), dtype=bool)    # digits at +1 … +5, in both forms
        for k in range(1, 6):
            run &= _IS_DIGIT[padded[at + k]]
        first = padded[at]
        return bool((run & (_IS_DIGIT[first] | (_IS_UPPER[first] & _IS_DIGIT[padded[at + 7]]))).any())


@dataclass
class SheetExtent:
    """What the streaming pass saw in one worksheet member.

    ``wide`` is set by the first cell reference with two or more column letters or a row of seven digits;
    only then are the largest row and the column letters collected (a sheet within columns A–Z and rows below
    1,000,000 cannot exceed the limits, so most sheets cost one scan, :meth:`RefScan.wide_or_deep`).
    """

    wide: bool = False
    max_row: int = 0
    letters: set[bytes] = field(default_factory=set)
    tags: int = 0  # ``<c…`` tags seen (cells, and a few others): an upper bound for the cells to look at

    def max_col(self) -> int:
        return max((column_index(c) + 1 for c in self.letters), default=26)

    @property
    def far(self) -> bool:
        """A cell beyond column ZZ or row 999,999 (where stray cells live)."""
        return self.max_row >= 1_000_000 or any(len(c) >= 3 for c in self.letters)

    def feed(self, buf: bytes, scan: RefScan) -> None:
        codes = np.frombuffer(buf, dtype=np.uint8)
        self.tags += scan.cell_tags(codes)
        if not self.wide:
            if not scan.wide_or_deep(codes):
                return
            self.wide = True
        self.letters.update(_REF_LETTERS.findall(buf))
        rows = _REF_ROWS.findall(buf)
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))


@dataclass
class ZipCheck:
    """The result of :func:`check_zip`: the extent of every worksheet member, by member name."""

    sheets: dict[str, SheetExtent] = field(default_factory=dict)


def column_index(letters: bytes | str) -> int:
    """0-based column index of column letters ("A" → 0, "XFD" → 16383)."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def check_zip(path: Path, data: bytes | None, limits: ImportLimits) -> ZipCheck:
    """Check a zip container (xlsx/xlsm/xlsb/ods) by decompressing every member as a stream.

    Declared sizes are only used to refuse early; the decisive counts are the bytes each member really
    unpacks to (a member that unpacks to more than it declares is refused as damaged, so no later reader
    trusts a lie). XML members of sheets and shared strings are scanned for over-long text runs, and
    worksheet members for the extent of their cells (see :func:`trim_far_cells`).

    Raises:
        InputError: corrupt zip, uncompressed size over the limit, absurd compression ratio, a member larger
            than it declares, or a text run in a sheet/shared-strings member longer than ``limits.max_cell_chars``.
    """
    if data is None:
        data = path.read_bytes()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                         detail=str(exc)) from exc
    report = ZipCheck()
    with zf:
        infos = zf.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_decompressed_bytes:
            raise _too_big(path, declared, limits)
        for info in infos:
            _check_ratio(path, info, info.file_size, limits)
        total = 0
        refs = RefScan()
        for info in infos:
            name = info.filename.lower()
            is_text_xml = name.endswith(".xml") and ("sheet" in name or "sharedstrings" in name
                                                     or name == "content.xml")
            extent = SheetExtent() if name.startswith("xl/worksheets/") and name.endswith(".xml") else None
            scan = _RunScanner(path, limits.max_cell_chars, refs) if is_text_xml else None
            size = 0
            for chunk in _member_chunks(zf, data, info, path):
                size += len(chunk)
                if size > info.file_size:
                    raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                                     detail=f"{info.filename} unpacks to more than the {info.file_size} bytes "
                                            "it declares")
                if scan is not None:
                    scan.feed(chunk, extent)
            if scan is not None:
                scan.close()
            total += size
            if total > limits.max_decompressed_bytes:
                raise _too_big(path, total, limits)
            _check_ratio(path, info, size, limits)
            if extent is not None:
                report.sheets[info.filename] = extent
    return report


def _too_big(path: Path, size: int, limits: ImportLimits) -> InputError:
    return InputError(N_("{file} would unpack to {size} MB, more than the {limit} MB limit; it was not opened."),
                      {"file": path.name, "size": _mb(size), "limit": _mb(limits.max_decompressed_bytes)})


def _check_ratio(path: Path, info: zipfile.ZipInfo, size: int, limits: ImportLimits) -> None:
    if size > 1_048_576 and size > limits.max_compression_ratio * max(info.compress_size, 1):
        raise InputError(
            N_("{file} looks like a zip bomb (member {member} is compressed {ratio}:1); it was not opened."),
            {"file": path.name, "member": info.filename, "ratio": int(size / max(info.compress_size, 1))})


def _member_chunks(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """The member's uncompressed bytes in chunks of at most 1 MB, inflated from the archive's own bytes.

    Deflated members are inflated to the end of their deflate stream, whatever size the directory declares,
    so the caller sees the true size. Other methods go through :mod:`zipfile` (which stops at the declared
    size and checks the CRC).
    """
    damaged = InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                         detail=f"member {info.filename}")
    if info.compress_type != zipfile.ZIP_DEFLATED:
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            raise damaged from exc
        return
    head = data[info.header_offset:info.header_offset + 30]
    if len(head) < 30 or not head.startswith(ZIP_MAGIC):
        raise damaged
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    pos = info.header_offset + 30 + name_len + extra_len
    view = memoryview(data)
    inflater = zlib.decompressobj(-15)
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < len(data):
                piece = view[pos:pos + _CHUNK]
                pos += len(piece)
                chunk = inflater.decompress(piece, _CHUNK)
            else:
                raise damaged  # the deflate stream is cut short
            if chunk:
                yield chunk
    except zlib.error as exc:
        raise damaged from exc


class _RunScanner:
    """Streams one XML member: refuses a text run longer than the cell limit and notes worksheet extents.

    Only runs over the limit in bytes are decoded (bytes are an upper bound for UTF-8 characters); the search
    jumps ``limit`` bytes at a time (see :func:`_long_runs`), so the cost is little more than the inflation.
    """

    def __init__(self, path: Path, limit: int, refs: RefScan) -> None:
        self.path, self.limit, self.carry, self.refs = path, limit, b"", refs

    def feed(self, chunk: bytes, extent: SheetExtent | None) -> None:
        limit = self.limit
        buf = self.carry + chunk if self.carry else chunk
        for start, end in _long_runs(buf, limit + 1):
            if end < len(buf):
                _check_run(buf[start:end], self.path, limit)
        if extent is not None:
            extent.feed(buf, self.refs)  # a tag cut at the end is seen whole with the next chunk (the carry)
        cut = buf.rfind(b"<")
        self.carry = buf[cut:] if cut >= 0 else buf
        if len(self.carry) > 4 * limit + 16:
            _check_run(self.carry, self.path, limit, partial=True)

    def close(self) -> None:
        if len(self.carry) > self.limit:
            _check_run(self.carry, self.path, self.limit)


def _long_runs(buf: bytes, min_len: int) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of bytes other than ``<`` that is at least ``min_len`` long.

    Same result as ``re.finditer(rb"[^<]{min_len,}", buf)``, but instead of testing every position it looks
    for the last ``<`` in the next ``min_len`` bytes: if there is one, no long run can start before it, so
    the search jumps past it; if there is none, a long run starts here.
    """
    out: list[tuple[int, int]] = []
    n = len(buf)
    pos = 0
    while n - pos >= min_len:
        last = buf.rfind(b"<", pos, pos + min_len)
        if last >= 0:
            pos = last + 1
            continue
        end = buf.find(b"<", pos + min_len)
        end = n if end < 0 else end
        out.append((pos, end))
        pos = end + 1
    return out


def _check_run(piece: bytes, path: Path, limit: int, partial: bool = False) -> None:
    gt = piece.find(b">")
    text = piece[gt + 1:] if gt >= 0 else piece
    if len(text) <= limit:
        return
    chars = len(text.decode("utf-8", errors="replace"))
    if chars - 4 * text.count(b"&") > limit or (partial and chars > 4 * limit):
        raise InputError(N_("{file} has a cell with more than {limit} characters; it was not imported."),
                         {"file": path.name, "limit": limit})


def too_long_cell(path: Path, limit: int) -> InputError:
    """The error for a cell over ``limit`` characters (CSV, binary workbooks)."""
    return InputError(N_("{file} has a cell with more than {limit} characters; it was not imported."),
                      {"file": path.name, "limit": limit})


def is_encrypted_ole(head: bytes, data: bytes) -> bool:
    """True for an OLE compound file that holds an encrypted workbook (OOXML EncryptionInfo or BIFF FilePass)."""
    if not head.startswith(OLE_MAGIC):
        return False
    try:
        import msoffcrypto

        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - not a recognisable Office file: let the reader report corruption
        return b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data


def decrypt(path: Path, data: bytes, password: str | None) -> bytes:
    """Decrypt an encrypted workbook in memory.

    Raises:
        PasswordRequired: no password, or the password is wrong.
        InputError: the encryption is not supported or the file is damaged.
    """
    if not password:
        raise PasswordRequired(N_("{file} is protected with a password. Enter the password to open it."),
                               {"file": path.name})
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
    except InvalidKeyError as exc:
        raise PasswordRequired(N_("The password for {file} is not correct."), {"file": path.name},
                               detail=str(exc)) from exc
    except DecryptionError as exc:
        if "password" in str(exc).lower() or "key" in str(exc).lower():
            raise PasswordRequired(N_("The password for {file} is not correct."), {"file": path.name},
                                   detail=str(exc)) from exc
        raise InputError(N_("{file} could not be decrypted."), {"file": path.name}, detail=str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - msoffcrypto raises many types for damaged files
        raise InputError(N_("{file} could not be decrypted."), {"file": path.name}, detail=str(exc)) from exc
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# Stray cells far outside the table

#: Empty rows / columns that separate a block of cells from the rest of the sheet before it can count as stray.
ROW_GAP, COL_GAP = 1000, 100
#: A block with at most this many cells, away from the main table by a gap, is a stray (not read, with a warning).
STRAY_MAX = 10
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>(?:(?<=/>)|.*?</c>)', re.DOTALL)


def _oversized(extent: SheetExtent, limits: ImportLimits) -> bool:
    if not extent.wide:
        return False
    return extent.far or over_limits(extent.max_row, extent.max_col(), limits)


def over_limits(rows: int, cols: int, limits: ImportLimits) -> bool:
    """True when a used range of ``rows`` × ``cols`` is over a row, column or cell limit."""
    return rows > limits.max_rows or cols > limits.max_columns or rows * cols > limits.max_cells


#: Sheets with more cell tags than this are not examined cell by cell (memory stays bounded); if they are over a
#: limit they are refused.
TRIM_MAX_CELLS = 5_000_000


@dataclass
class Trimmed:
    """What :func:`trim_far_cells` did: the workbook bytes to read, the stray cells dropped and the sheets that
    are still over a limit (refused before a reader builds them as a dense grid), both by sheet name."""

    data: bytes
    dropped: dict[str, list[str]] = field(default_factory=dict)
    oversized: dict[str, tuple[int, int]] = field(default_factory=dict)  # (rows, columns) of the used range


def trim_far_cells(path: Path, data: bytes, report: ZipCheck, limits: ImportLimits) -> Trimmed:
    """Drop stray cells far outside the table (a lone value at row 1,048,576 or column XFD) from oversized sheets.

    Only sheets that reach beyond column ZZ or row 999,999, or over a limit, are looked at cell by cell;
    there, a block of at most :data:`STRAY_MAX` cells that is separated from the rest by :data:`ROW_GAP` empty
    rows or :data:`COL_GAP` empty columns is removed (with empty formatted cells beyond the kept range), so
    the reader holds the used range only. The limits then apply to what is left: a sheet still over one is
    listed in ``oversized`` (python-calamine would allocate its whole range, so it must never be opened).
    """
    out = Trimmed(data)
    targets = [m for m, ext in report.sheets.items() if _oversized(ext, limits)]
    if not targets:
        return out
    names = sheet_names_by_member(data)
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for member in targets:
            name, extent = names.get(member, member), report.sheets[member]
            if extent.tags > TRIM_MAX_CELLS:
                if over_limits(extent.max_row, extent.max_col(), limits):
                    out.oversized[name] = (extent.max_row, extent.max_col())
                continue
            xml = zf.read(member)
            filled = [(int(m.group(2)) - 1, column_index(m.group(1)))
                      for m in _CELL.finditer(xml) if m.group(3) != b"/"]
            stray = _stray_cells(filled)
            max_r = max((r for r, c in filled if (r, c) not in stray), default=-1)
            max_c = max((c for r, c in filled if (r, c) not in stray), default=-1)
            del filled
            if over_limits(max_r + 1, max_c + 1, limits):
                out.oversized[name] = (max_r + 1, max_c + 1)
                continue
            if not stray:
                continue

            def keep(m: re.Match[bytes], max_r: int = max_r, max_c: int = max_c,
                     stray: set[tuple[int, int]] = stray) -> bytes:
                r, c = int(m.group(2)) - 1, column_index(m.group(1))
                return b"" if (r, c) in stray or r > max_r or c > max_c else m.group(0)

            replaced[member] = _CELL.sub(keep, xml)
            out.dropped[name] = [f"{column_letter(c)}{r + 1}" for r, c in sorted(stray)]
        if replaced:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in zf.infolist():
                    dst.writestr(info, replaced.get(info.filename) or zf.read(info))
            out.data = buf.getvalue()
    return out


def _stray_cells(cells: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Cells in small blocks (rows or columns) separated from the main table by a wide gap."""
    stray: set[tuple[int, int]] = set()
    for axis, gap in ((0, ROW_GAP), (1, COL_GAP)):
        live = [cell for cell in cells if cell not in stray]
        if not live:
            break
        ordered = sorted(live, key=lambda cell: cell[axis])
        blocks: list[list[tuple[int, int]]] = [[ordered[0]]]
        for cell in ordered[1:]:
            if cell[axis] - blocks[-1][-1][axis] > gap:
                blocks.append([])
            blocks[-1].append(cell)
        main = max(blocks, key=len)
        for block in blocks:
            if block is not main and len(block) <= STRAY_MAX:
                stray.update(block)
    return stray



def sheet_names_by_member(data: bytes) -> dict[str, str]:
    """Worksheet member name → sheet name, from xl/workbook.xml and its relationships."""
    import html

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile):
        return {}
    targets = {}
    for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
        tag = m.group(0)
        rid, target = re.search(rb'\bId="([^"]*)"', tag), re.search(rb'\bTarget="([^"]*)"', tag)
        if rid and target:
            t = target.group(1).decode("utf-8", "replace")
            targets[rid.group(1)] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    out = {}
    for m in re.finditer(rb"<sheet\b[^>]*>", book):
        tag = m.group(0)
        name, rid = re.search(rb'\bname="([^"]*)"', tag), re.search(rb'\br:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            out[targets[rid.group(1)]] = html.unescape(name.group(1).decode("utf-8", "replace"))
    return out
