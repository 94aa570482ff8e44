"""The user's part library: per-part overrides keyed by part number and/or manufacturer part number (MPN).

An entry sets a component class, grams per element, or "rare-earth free", with a note, author and date. The
library is a JSON file that colleagues can share::

    {"format_version": 1, "entries": [{"part_number": "400201001", "mpn": null, "class_id": "stepper_motor_hybrid",
      "grams": {"Nd": {"low": 1.0, "typical": 2.0, "high": 3.0}}, "rare_earth_free": false,
      "note": "...", "author": "...", "date": "2026-11-28"}]}
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.errors import CoreError, OutputError
from desktop.core.types import ElementGrams
from desktop.i18n import N_

FORMAT_VERSION = 1
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

    def to_json(self) -> dict[str, Any]:
        return {
            "part_number": self.part_number, "mpn": self.mpn, "class_id": self.class_id,
            "grams": {s: {"low": g.low, "typical": g.grams, "high": g.high} for s, g in self.grams.items()},
            "rare_earth_free": self.rare_earth_free, "note": self.note, "author": self.author, "date": self.date,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LibraryEntry:
        if not isinstance(data, Mapping):
            raise ValueError("an entry is not an object")
        grams: dict[str, ElementGrams] = {}
        for symbol, value in (data.get("grams") or {}).items():
            if isinstance(value, (int, float)):
                grams[str(symbol)] = ElementGrams(float(value), float(value), float(value))
            elif isinstance(value, Mapping):
                typ = _num(value.get("typical", value.get("grams")))
                grams[str(symbol)] = ElementGrams(typ, _num(value.get("low"), typ), _num(value.get("high"), typ))
            else:
                raise ValueError(f"grams of {symbol!r} must be a number or {{low, typical, high}}")
        entry = cls(part_number=_text(data.get("part_number")), mpn=_text(data.get("mpn")),
                    class_id=_text(data.get("class_id")), grams=grams,
                    rare_earth_free=bool(data.get("rare_earth_free", False)), note=str(data.get("note") or ""),
                    author=str(data.get("author") or ""), date=str(data.get("date") or ""))
        if entry.part_number is None and entry.mpn is None:
            raise ValueError("an entry needs a part_number or an mpn")
        return entry


def _num(value: Any, default: float | None = None) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


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
        norm: dict[str, ElementGrams] = {}
        for symbol, value in (grams or {}).items():
            norm[symbol] = value if isinstance(value, ElementGrams) else ElementGrams(float(value), float(value),
                                                                                      float(value))
        when = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
        entry = LibraryEntry(part_number=_text(part_number), mpn=_text(mpn), class_id=class_id or None, grams=norm,
                             rare_earth_free=rare_earth_free, note=note, author=author, date=when)
        self.remove(part_number=part_number, mpn=mpn)
        self._add(entry)
        return entry

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

        Raises:
            CoreError: the file exists but is not a valid part library (the message names the path).
        """
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, Mapping) or "entries" not in data:
                raise ValueError("not a part library (no 'entries')")
            version = data.get("format_version")
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise ValueError(f"unsupported format_version {version!r}")
            if not isinstance(data["entries"], list):
                raise ValueError("'entries' is not a list")
            return cls([LibraryEntry.from_json(item) for item in data["entries"]])
        except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
            raise CoreError(_CORRUPT, {"path": str(path), "reason": str(exc)}, detail=repr(exc)) from exc

    def save(self, path: Path | str) -> None:
        """Write the library atomically (temporary file in the same folder, then ``os.replace``)."""
        path = Path(path)
        payload = {"format_version": FORMAT_VERSION, "entries": [e.to_json() for e in self.entries()]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(payload, fh, ensure_ascii=False, indent=1)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise OutputError(_UNWRITABLE, {"path": str(path), "reason": exc.strerror or str(exc)},
                            detail=repr(exc)) from exc
