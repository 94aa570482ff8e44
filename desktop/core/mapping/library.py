"""The user's part library: per-part overrides keyed by part number and/or manufacturer part number (MPN).

An entry sets a component class, grams per element, or "rare-earth free", with a note, author and date. The
library is a JSON file that colleagues can share::

    {"format_version": 1, "entries": [{"part_number": "400201001", "mpn": null, "class_id": "stepper_motor_hybrid",
      "grams": {"Nd": {"low": 1.0, "typical": 2.0, "high": 3.0}}, "rare_earth_free": false,
      "note": "...", "author": "...", "date": "2026-11-28"}]}

Since issue 11 an entry may also say where it came from and what it replaced (all optional, so files written
before still load and older versions of reerisk, which ignore unknown keys, still read new files)::

      "source": "survey",              # override | survey | ipc1752a | import
      "recorded_at": "2026-11-29T18:50:00+00:00",   # when (to the second: "newer wins" on import)
      "supplier": "Acme", "file": "survey_Acme.xlsx",   # a declaration's supplier and file
      "origin_country": "Japan", "smelter": "...",      # as the supplier wrote them
      "history": [{...an older entry, without its own history...}]

A declaration (source ``survey`` or ``ipc1752a``) is what a supplier stated: the mapper uses it with method
``declared`` and names the supplier and file in the evidence.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import math
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.errors import CorruptStateError, InputError, OutputError
from desktop.core.types import ElementGrams
from desktop.i18n import N_

FORMAT_VERSION = 1
T = TypeVar("T")
#: Where an entry came from. A declaration is a supplier's statement (survey workbook or IPC-1752A file).
SOURCES = ("override", "survey", "ipc1752a", "import")
#: How each source is named to the user (GUI and CLI, translated through the one catalogue).
SOURCE_LABELS = {"override": N_("Override"), "survey": N_("Supplier survey"), "ipc1752a": "IPC-1752A",
                 "import": N_("Imported")}
DECLARATION_SOURCES = ("survey", "ipc1752a")
#: Older versions of an entry kept in its history (the oldest are dropped beyond this).
MAX_HISTORY = 50
_CORRUPT = N_("The part library {path} cannot be read: {reason}")
_UNWRITABLE = N_("The part library {path} cannot be saved: {reason}")


def part_key(value: Any) -> str | None:
    """Normalised lookup key: NFKC, trimmed, upper case, inner whitespace removed; None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()
    return text or None


@dataclass(frozen=True)
class LibraryEntry:
    """One override. Exactly what the user entered: a class, grams per element, or rare-earth free."""

    part_number: str | None = None
    mpn: str | None = None
    class_id: str | None = None
    grams: Mapping[str, ElementGrams] = field(default_factory=dict)
    rare_earth_free: bool = False
    note: str = ""
    author: str = ""
    date: str = ""          # ISO date
    source: str = "override"            # one of SOURCES
    recorded_at: str = ""               # ISO timestamp (seconds); "" in files written before issue 11
    supplier: str = ""                  # a declaration's supplier
    file: str = ""                      # the declaration file (name only) or the imported library file
    origin_country: str = ""            # magnet or material origin country, as declared
    smelter: str = ""                   # smelter/refiner, as declared
    history: tuple[Mapping[str, Any], ...] = ()   # older versions (JSON objects, newest first, no nested history)

    @property
    def is_declaration(self) -> bool:
        return self.source in DECLARATION_SOURCES

    @property
    def stamp(self) -> str:
        """Sort key for "newer wins": the timestamp, else the date (older files have only the date)."""
        return self.recorded_at or self.date

    def to_json(self, with_history: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "part_number": self.part_number, "mpn": self.mpn, "class_id": self.class_id,
            "grams": {s: {"low": g.low, "typical": g.grams, "high": g.high} for s, g in self.grams.items()},
            "rare_earth_free": self.rare_earth_free, "note": self.note, "author": self.author, "date": self.date,
            "source": self.source,
        }
        for key in ("recorded_at", "supplier", "file", "origin_country", "smelter"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if with_history and self.history:
            data["history"] = [dict(h) for h in self.history]
        return data

    def same_content(self, other: LibraryEntry) -> bool:
        """True when both say the same thing from the same origin (a re-import of an entry already held)."""
        mine, theirs = self.to_json(False), other.to_json(False)
        return mine == theirs

    @classmethod
    def from_json(cls, data: Any) -> LibraryEntry:
        """Build an entry from its JSON object; every field is checked for type and range.

        Raises:
            ValueError: the object has the wrong shape or a value out of range (the message says which).
        """
        if not isinstance(data, Mapping):
            raise ValueError("an entry is not an object")
        raw_grams = data.get("grams")
        if raw_grams is None:
            raw_grams = {}
        if not isinstance(raw_grams, Mapping):
            raise ValueError("'grams' is not an object")
        grams: dict[str, ElementGrams] = {}
        for symbol, value in raw_grams.items():
            name = _quote(symbol)
            if len(str(symbol)) > 8:
                raise ValueError(f"{name} in 'grams' is not an element symbol")
            grams[str(symbol)] = _element_grams(value, name)
        rare_earth_free = data.get("rare_earth_free", False)
        if not isinstance(rare_earth_free, bool):
            raise ValueError("'rare_earth_free' is not true or false")
        source = data.get("source", "override")
        if source not in SOURCES:
            raise ValueError(f"'source' {_quote(source)} is not one of {', '.join(SOURCES)}")
        history = data.get("history") or []
        if not isinstance(history, list):
            raise ValueError("'history' is not a list")
        if len(history) > MAX_HISTORY:
            history = history[:MAX_HISTORY]
        older = []
        for n, item in enumerate(history, start=1):
            if isinstance(item, Mapping) and item.get("history"):
                raise ValueError(f"history item {n}: a history item has no history of its own")
            try:
                older.append(cls.from_json(item).to_json(False))
            except ValueError as exc:
                raise ValueError(f"history item {n}: {exc}") from exc
        entry = cls(part_number=_key_text(data.get("part_number"), "part_number"),
                    mpn=_key_text(data.get("mpn"), "mpn"),
                    class_id=_key_text(data.get("class_id"), "class_id"), grams=grams,
                    rare_earth_free=rare_earth_free, note=_free_text(data.get("note"), "note"),
                    author=_free_text(data.get("author"), "author"), date=_free_text(data.get("date"), "date"),
                    source=source, recorded_at=_free_text(data.get("recorded_at"), "recorded_at"),
                    supplier=_free_text(data.get("supplier"), "supplier"), file=_free_text(data.get("file"), "file"),
                    origin_country=_free_text(data.get("origin_country"), "origin_country"),
                    smelter=_free_text(data.get("smelter"), "smelter"), history=tuple(older))
        if entry.part_number is None and entry.mpn is None:
            raise ValueError("an entry needs a part_number or an mpn")
        return entry


def os_user() -> str:
    """Who is making an entry: the operating-system user name ("" when the system cannot say)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name (e.g. no USER variable and no passwd entry): leave it blank
        return ""


def now_stamp() -> str:
    """The current time as an ISO timestamp to the second, with the UTC offset (for "newer wins")."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


#: Largest grams of one element per unit of a part we accept (10 t, far above any single component); a larger
#: figure is a typing or file error and would make totals and charts meaningless.
MAX_GRAMS = 1e7
#: Longest text we keep in a key or note field: a library is typed by people, not generated megabytes.
MAX_TEXT = 10_000
#: A library file larger than this is refused before it is parsed (bounded memory).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: How long a save waits for another reerisk process that is saving the same library.
LOCK_TIMEOUT_S = 30.0


def _quote(value: Any, limit: int = 40) -> str:
    """A short, safe quotation of a value for an error message (never the whole value)."""
    text = repr(value) if isinstance(value, (str, int, float)) else type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _element_grams(value: Any, name: str) -> ElementGrams:
    """Grams of one element: a number, or {low, typical, high} with low <= typical <= high."""
    if isinstance(value, ElementGrams):
        value = {"low": value.low, "typical": value.grams, "high": value.high}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        g = _grams(value, name)
        return ElementGrams(g, g, g)
    if not isinstance(value, Mapping):
        raise ValueError(f"grams of {name} must be a number or {{low, typical, high}}")
    typ = _grams(value.get("typical", value.get("grams")), name)
    low, high = _grams(value.get("low"), name, typ), _grams(value.get("high"), name, typ)
    if low is not None and typ is not None and high is not None and not low <= typ <= high:
        raise ValueError(f"grams of {name}: low <= typical <= high does not hold")
    return ElementGrams(typ, low, high)


def _grams(value: Any, name: str, default: float | None = None) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"grams of {name}: {_quote(value)} is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"grams of {name}: the number is too large") from None
    if not math.isfinite(number) or number < 0 or number > MAX_GRAMS:
        raise ValueError(f"grams of {name}: {number:g} is outside 0 to {MAX_GRAMS:g} g")
    return number


def _key_text(value: Any, name: str) -> str | None:
    """A part number, MPN or class id: text or a plain number (as an older file may hold), never an object."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"'{name}' is not text")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"'{name}' is not text")
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT:
        raise ValueError(f"'{name}' is longer than {MAX_TEXT} characters")
    return _text(text)


def _free_text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{name}' is not text")
    if len(value) > MAX_TEXT:
        raise ValueError(f"'{name}' is longer than {MAX_TEXT} characters")
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class PartLibrary:
    """Overrides by part number and by MPN. ``lookup`` tries the part number first, then the MPN."""

    def __init__(self, entries: list[LibraryEntry] | None = None) -> None:
        self._by_pn: dict[str, LibraryEntry] = {}
        self._by_mpn: dict[str, LibraryEntry] = {}
        for entry in entries or ():
            self._add(entry)

    # -- queries ----------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(list(self.entries()))

    def __bool__(self) -> bool:
        return bool(self._by_pn or self._by_mpn)

    def entries(self) -> Iterator[LibraryEntry]:
        """Each entry once."""
        seen: set[int] = set()
        for entry in (*self._by_pn.values(), *self._by_mpn.values()):
            if id(entry) not in seen:
                seen.add(id(entry))
                yield entry

    def lookup(self, part_number: Any = None, mpn: Any = None) -> LibraryEntry | None:
        """The entry for a part: by part number, then by MPN; None if neither is known."""
        pn, mp = part_key(part_number), part_key(mpn)
        if pn is not None and pn in self._by_pn:
            return self._by_pn[pn]
        if mp is not None and mp in self._by_mpn:
            return self._by_mpn[mp]
        return None

    # -- changes ----------------------------------------------------------------------------------------------
    def set_override(self, *, part_number: str | None = None, mpn: str | None = None, class_id: str | None = None,
                     grams: Mapping[str, ElementGrams | float] | None = None, rare_earth_free: bool = False,
                     note: str = "", author: str = "", date: dt.date | str | None = None) -> LibraryEntry:
        """Add or replace the override of a part (keyed by part number and/or MPN).

        Args:
            part_number: the BOM part number.
            mpn: manufacturer part number.
            class_id: a component class id of the knowledge base.
            grams: grams per unit by element symbol (a number, or ElementGrams for low/typical/high).
            rare_earth_free: the part contains no rare earths.
            note: free text shown as evidence.
            author: who made the entry.
            date: when (defaults to today).

        Returns:
            The stored entry.
        """
        if part_key(part_number) is None and part_key(mpn) is None:
            raise ValueError("an override needs a part number or an MPN")
        if not class_id and not grams and not rare_earth_free:
            raise ValueError("an override needs a class, grams or rare_earth_free")
        norm = {str(symbol): _element_grams(value, _quote(symbol)) for symbol, value in (grams or {}).items()}
        when = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
        entry = LibraryEntry(part_number=_text(part_number), mpn=_text(mpn), class_id=class_id or None, grams=norm,
                             rare_earth_free=rare_earth_free, note=note, author=author or os_user(), date=when,
                             recorded_at=now_stamp())
        return self._put(entry)

    def declare(self, *, part_number: str | None = None, mpn: str | None = None,
                grams: Mapping[str, ElementGrams | float] | None = None, rare_earth_free: bool = False,
                source: str = "survey", supplier: str = "", file: str = "", origin_country: str = "",
                smelter: str = "", note: str = "", author: str = "",
                date: dt.date | str | None = None) -> LibraryEntry:
        """Store a supplier's declaration for a part (what the supplier stated, replacing an older entry, which is
        kept in the entry's history).

        Args:
            source: "survey" (an answered survey workbook) or "ipc1752a" (a material declaration file).
            grams: declared grams per unit by element; empty with ``rare_earth_free`` for a declared "N".
            supplier, file, origin_country, smelter: as the declaration gives them (``file``: the name only).
            author: who imported it (defaults to the OS user); date: the import date (defaults to today).

        Raises:
            ValueError: no key, no content, a declared "N" with grams, or a value out of range.
        """
        if source not in DECLARATION_SOURCES:
            raise ValueError(f"a declaration's source is one of {', '.join(DECLARATION_SOURCES)}")
        if part_key(part_number) is None and part_key(mpn) is None:
            raise ValueError("a declaration needs a part number or an MPN")
        if rare_earth_free and grams:
            raise ValueError("a part declared free of rare earths cannot have rare-earth grams")
        if not rare_earth_free and not grams:
            raise ValueError("a declaration needs grams or 'contains no rare earths'")
        norm = {str(symbol): _element_grams(value, _quote(symbol)) for symbol, value in (grams or {}).items()}
        when = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
        entry = LibraryEntry(part_number=_text(part_number), mpn=_text(mpn), grams=norm,
                             rare_earth_free=rare_earth_free, note=note, author=author or os_user(), date=when,
                             source=source, recorded_at=now_stamp(), supplier=supplier, file=file,
                             origin_country=origin_country, smelter=smelter)
        return self._put(entry)

    def _put(self, entry: LibraryEntry) -> LibraryEntry:
        """Store ``entry`` in place of the entries under its keys; what it replaces goes into its history."""
        LibraryEntry.from_json(entry.to_json())  # what is saved must load again: same checks as reading a file
        older = self._clashing(entry)
        if older:
            entry = replace(entry, history=_history(older, entry.history))
        self.remove(part_number=entry.part_number, mpn=entry.mpn)
        self._add(entry)
        return entry

    def _clashing(self, entry: LibraryEntry) -> list[LibraryEntry]:
        """The entries stored under ``entry``'s part number or MPN (each once)."""
        found: list[LibraryEntry] = []
        for key, index in ((part_key(entry.part_number), self._by_pn), (part_key(entry.mpn), self._by_mpn)):
            if key is not None and key in index and all(index[key] is not f for f in found):
                found.append(index[key])
        return found

    def import_library(self, other: PartLibrary, file: str = "") -> ImportCounts:
        """Take a colleague's entries: on a clash the newer entry (by ``recorded_at``, else date) wins and the
        older one is kept in the winner's history; nothing is lost either way.

        Entries keep their source (a survey declaration stays a declaration); an entry without a recorded origin
        (a file from before issue 11 names none) is marked ``import`` with the file it came from.

        Returns:
            How many entries were added, replaced (theirs newer), kept (ours newer, theirs into our history) or
            already held.
        """
        counts = ImportCounts()
        for theirs in other.entries():
            if theirs.source == "override" and not theirs.recorded_at and file:
                theirs = replace(theirs, source="import", file=theirs.file or file)
            older = self._clashing(theirs)
            if not older:
                self._add(theirs)
                counts.added += 1
                continue
            if any(o.same_content(theirs) for o in older):
                counts.unchanged += 1
                continue
            newest = max(older, key=lambda o: o.stamp)
            if theirs.stamp > newest.stamp:
                self.remove(theirs.part_number, theirs.mpn)
                self._add(replace(theirs, history=_history(older, theirs.history)))
                counts.replaced += 1
            else:
                for mine in older:
                    self._forget(mine)
                kept = replace(newest, history=_history([theirs, *(o for o in older if o is not newest)],
                                                        newest.history))
                self._add(kept)
                counts.kept += 1
        return counts

    def remove(self, part_number: str | None = None, mpn: str | None = None) -> bool:
        """Remove the entries stored under this part number and/or MPN; True if something was removed."""
        removed = False
        for key, index in ((part_key(part_number), self._by_pn), (part_key(mpn), self._by_mpn)):
            if key is not None and key in index:
                entry = index.pop(key)
                self._forget(entry)
                removed = True
        return removed

    def merge(self, other: PartLibrary, prefer_newer: bool = True) -> int:
        """Add ``other``'s entries; on a clash the newer date wins (or ``other`` when ``prefer_newer`` is False).

        Returns:
            The number of entries taken from ``other``.
        """
        taken = 0
        for entry in other.entries():
            mine = self.lookup(entry.part_number, None) if entry.part_number else self.lookup(None, entry.mpn)
            if mine is not None and prefer_newer and mine.date > entry.date:
                continue
            self.remove(entry.part_number, entry.mpn)
            self._add(replace(entry))
            taken += 1
        return taken

    def _add(self, entry: LibraryEntry) -> None:
        if (pn := part_key(entry.part_number)) is not None:
            self._by_pn[pn] = entry
        if (mp := part_key(entry.mpn)) is not None:
            self._by_mpn[mp] = entry

    def _forget(self, entry: LibraryEntry) -> None:
        for index in (self._by_pn, self._by_mpn):
            for key in [k for k, v in index.items() if v is entry]:
                del index[key]

    # -- files ------------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str) -> PartLibrary:
        """Read a library file; a missing file gives an empty library.

        Reading needs no lock: writers replace the file atomically, so a reader sees the old or the new file.

        Raises:
            CorruptStateError: the file exists but is not a valid part library: not JSON, the wrong shape, nested
                too deeply, too large, or holding values out of range (the message names the path and the
                problem; ``path`` lets the GUI set the file aside).
            InputError: the file exists but cannot be read (permission denied).
        """
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            data = json.loads(path.read_bytes().decode("utf-8"))
            return cls(_entries_of(data))
        except PermissionError as exc:  # readable later, not damaged: reported, never set aside
            raise InputError(_CORRUPT, {"path": str(path), "reason": exc.strerror or str(exc)},
                             detail=repr(exc)) from exc
        except RecursionError as exc:
            raise CorruptStateError(_CORRUPT, {"path": str(path), "reason": "the JSON is nested too deeply"},
                                    detail=repr(exc), path=str(path)) from exc
        except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
            reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)[:300]
            raise CorruptStateError(_CORRUPT, {"path": str(path), "reason": reason}, detail=repr(exc)[:2000],
                                    path=str(path)) from exc

    def save(self, path: Path | str) -> None:
        """Write the library atomically, holding the library's lock (see :meth:`update` for read-modify-write).

        Raises:
            OutputError: the folder is not writable, the disk is full, or another process holds the lock for
                longer than ``LOCK_TIMEOUT_S``.
        """
        path = Path(path)
        with _locked(path):
            self._write(path)

    @classmethod
    def update(cls, path: Path | str, change: Callable[[PartLibrary], T]) -> T:
        """Read, change and write the library at ``path`` under an OS file lock; returns ``change``'s result.

        Two reerisk processes (or two colleagues on a shared folder) saving overrides at the same time each see
        the other's entries: without the lock, the later writer would replace the file with its older copy plus
        its own change, and the earlier writer's entries would be lost.

        Raises:
            CorruptStateError: the existing file is not a valid library (nothing is written).
            OutputError: the file cannot be written or the lock cannot be taken.
        """
        path = Path(path)
        with _locked(path):
            library = cls.load(path)
            result = change(library)
            library._write(path)
            return result

    def _write(self, path: Path) -> None:
        payload = {"format_version": FORMAT_VERSION, "entries": [e.to_json() for e in self.entries()]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(payload, fh, ensure_ascii=False, indent=1, allow_nan=False)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise OutputError(_UNWRITABLE, {"path": str(path), "reason": exc.strerror or str(exc)},
                              detail=repr(exc)) from exc


@dataclass
class ImportCounts:
    """What :meth:`PartLibrary.import_library` did with a colleague's entries."""

    added: int = 0
    replaced: int = 0
    kept: int = 0
    unchanged: int = 0


def _history(older: list[LibraryEntry], history: tuple[Mapping[str, Any], ...]) -> tuple[Mapping[str, Any], ...]:
    """A new history: the replaced entries (newest first) with their own histories, then ``history``; each
    version once, at most MAX_HISTORY."""
    items: list[Mapping[str, Any]] = []
    for o in sorted(older, key=lambda e: e.stamp, reverse=True):
        items.append(o.to_json(False))
        items.extend(o.history)
    items.extend(history)
    unique: list[Mapping[str, Any]] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return tuple(unique[:MAX_HISTORY])


def _entries_of(data: Any) -> list[LibraryEntry]:
    """The entries of a parsed library file, or ValueError naming what is wrong (and which entry)."""
    if not isinstance(data, Mapping) or "entries" not in data:
        raise ValueError("not a part library (no 'entries')")
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise ValueError(f"unsupported format_version {_quote(version)}")
    if not isinstance(data["entries"], list):
        raise ValueError("'entries' is not a list")
    entries = []
    for n, item in enumerate(data["entries"], start=1):
        try:
            entries.append(LibraryEntry.from_json(item))
        except ValueError as exc:
            raise ValueError(f"entry {n}: {exc}") from exc
    return entries


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the OS lock of the library at ``path`` (a ``.lock`` file beside it, via the filelock package)."""
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S)
        lock.acquire()
    except Timeout as exc:
        raise OutputError(_UNWRITABLE, {"path": str(path), "reason": "another program is saving it"},
                          detail=repr(exc)) from exc
    except OSError as exc:
        raise OutputError(_UNWRITABLE, {"path": str(path), "reason": exc.strerror or str(exc)},
                          detail=repr(exc)) from exc
    try:
        yield
    finally:
        lock.release()


def load_or_set_aside(path: Path | str) -> PartLibrary:
    """The user's own library, healing a corrupted file: it is renamed to ``….corrupt-YYYYMMDD-HHMMSS`` with a
    notice (desktop/core/recovery.py) and an empty library is used, so that one bad file never blocks an
    assessment and is never silently overwritten. Only for the user's default library; a library the user
    names explicitly is reported, never renamed."""
    from desktop.core.recovery import set_aside

    try:
        return PartLibrary.load(path)
    except CorruptStateError as exc:
        set_aside(path, str(exc.params.get("reason", "")))
        return PartLibrary()
