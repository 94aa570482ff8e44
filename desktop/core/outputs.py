"""Output-path safety: never write over the user's input, and overwrite only files of our own kinds.

The CLI and the GUI export both ask :func:`refuse_reason` before writing. An output that resolves to an input
(the same file through ``./name``, a symlink, a hard link or another spelling) is refused, and so is an existing
file that is not of the kind being written (``--xlsx bom.csv``, ``--pdf notes.docx``): a procurement tool that
overwrites a BOM loses the user's data, which is the worst failure there is. No Qt here.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from desktop.core.types import Message
from desktop.i18n import N_

#: Output kinds and the names shown in messages.
KIND_NAMES = {"json": N_("JSON result"), "pdf": N_("PDF briefing"), "xlsx": N_("annotated workbook"),
              "reerisk": N_("saved assessment")}

SAME_AS_INPUT = N_("{path} is the input file {input}; reerisk never writes over its input. Choose another "
                   "output name.")
SAME_AS_OTHER = N_("{path} is given for two outputs ({first} and {second}); choose a separate file for each.")
NOT_REGULAR = N_("{path} is a device or pipe, not a file; reerisk writes its outputs to regular files only.")
NOT_OUR_KIND = N_("{path} exists and is not a {kind}; reerisk overwrites only its own kinds of output. Choose "
                  "another name or delete the file first.")


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed and saved: bytes that are not valid UTF-8 (kept by Python as
    surrogate escapes) are shown as U+FFFD instead of raising UnicodeEncodeError in every writer."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when ``a`` and ``b`` name the same file: same inode when both exist, otherwise the same resolved
    path (symlinks, ``./``, ``..`` and case as the file system reports it)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return os.path.abspath(a) == os.path.abspath(b)


def is_own_kind(path: Path, kind: str) -> bool:
    """Whether an existing file looks like an output of ``kind`` (so that overwriting it loses nothing of the
    user's). An empty file counts as ours; anything unreadable does not."""
    try:
        if path.stat().st_size == 0:
            return True
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "json" or kind == "reerisk":
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text[:1] in (b"{", b"[")
    if kind == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (OSError, zipfile.BadZipFile, ValueError):
            return False
        # A workbook, and not one with macros (an .xlsm someone maintains by hand).
        return "xl/workbook.xml" in names and "xl/vbaProject.bin" not in names
    return False


def refuse_reason(target: str | os.PathLike[str], kind: str, inputs: Iterable[str | os.PathLike[str] | None],
                  others: Iterable[tuple[str, str | os.PathLike[str]]] = ()) -> Message | None:
    """Why ``target`` must not be written as ``kind``, or None when it is safe.

    Args:
        target: the output path the user gave.
        kind: "json", "pdf", "xlsx" or "reerisk".
        inputs: files reerisk reads in this run (the BOM, the part library, the logo); None entries are skipped.
        others: (kind, path) of the outputs already accepted in this run.
    """
    path = Path(target)
    for source in inputs:
        if source is not None and same_file(path, source):
            return Message(SAME_AS_INPUT, {"path": display_path(path), "input": display_path(source)})
    for other_kind, other in others:
        if same_file(path, other):
            return Message(SAME_AS_OTHER, {"path": display_path(path), "first": Message(KIND_NAMES[other_kind]),
                                           "second": Message(KIND_NAMES[kind])})
    if path.exists() and not path.is_file() and not path.is_dir():  # /dev/null, a FIFO: never replaced by a file
        return Message(NOT_REGULAR, {"path": display_path(path)})
    if path.is_file() and not is_own_kind(path, kind):
        return Message(NOT_OUR_KIND, {"path": display_path(path), "kind": Message(KIND_NAMES[kind])})
    return None
