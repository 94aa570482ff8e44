"""Fail-fast checks on hostile or broken files: size, zip bombs, over-long cells, encryption.

Everything here looks at the container (file size, zip directory, raw XML bytes) *before* a parser
materialises the workbook, so a 600 MB cell or a zip bomb is refused in seconds.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from desktop.core.errors import InputError, PasswordRequired
from desktop.core.types import ImportLimits
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


def check_zip(path: Path, data: bytes | None, limits: ImportLimits) -> None:
    """Check a zip container (xlsx/xlsm/xlsb/ods) from its directory, then scan XML members for long cells.

    Raises:
        InputError: corrupt zip, declared uncompressed size over the limit, absurd compression ratio, or a
            text run in a sheet/shared-strings member longer than ``limits.max_cell_chars``.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(N_("{file} is damaged or is not a valid workbook."), {"file": path.name},
                         detail=str(exc)) from exc
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_decompressed_bytes:
            raise InputError(
                N_("{file} would unpack to {size} MB, more than the {limit} MB limit; it was not opened."),
                {"file": path.name, "size": _mb(total), "limit": _mb(limits.max_decompressed_bytes)})
        for info in infos:
            if info.file_size > 1_048_576 and info.file_size > limits.max_compression_ratio * max(
                    info.compress_size, 1):
                raise InputError(
                    N_("{file} looks like a zip bomb (member {member} is compressed {ratio}:1); it was not "
                       "opened."),
                    {"file": path.name, "member": info.filename,
                     "ratio": int(info.file_size / max(info.compress_size, 1))})
        for info in infos:
            name = info.filename.lower()
            is_text_xml = name.endswith(".xml") and ("sheet" in name or "sharedstrings" in name
                                                     or name == "content.xml")
            if is_text_xml and info.file_size > limits.max_cell_chars:
                _scan_xml_runs(zf, info, path, limits)


def _scan_xml_runs(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: ImportLimits) -> None:
    """Stream one XML member and refuse the first text run (between tags) longer than the cell limit.

    Bytes are an upper bound for characters (UTF-8), so only runs over the limit in bytes are decoded. The
    search jumps ``limit`` bytes at a time (see :func:`_long_runs`), so the cost is little more than the
    decompression itself.
    """
    limit = limits.max_cell_chars
    carry = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            buf = carry + chunk if carry else chunk
            for start, end in _long_runs(buf, limit + 1):
                if end < len(buf):
                    _check_run(buf[start:end], path, limit)
            cut = buf.rfind(b"<")
            carry = buf[cut:] if cut >= 0 else buf
            if len(carry) > 4 * limit + 16:
                _check_run(carry, path, limit, partial=True)
    if len(carry) > limit:
        _check_run(carry, path, limit)


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
