"""Every user preference and every piece of persisted UI state, declared in one place, over QSettings (INI).

Two groups, as in Picard: *preferences* (shown in the settings dialog) and *state* (geometry, splitters, header
widths, recent files, last folder). Values are typed by their :class:`Option`; lists and mappings are stored as
JSON text so that the INI file stays readable and round-trips exactly. ``SETTINGS_VERSION`` and
:meth:`Settings.migrate` are the one place where old files are upgraded.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from desktop import APP_NAME, ORG_NAME
from desktop.i18n import N_, SUPPORTED_LANGUAGES, system_language

if TYPE_CHECKING:
    from desktop.core.recovery import Notice
    from desktop.core.scoring.config import ScoringConfig

T = TypeVar("T")

SETTINGS_VERSION = 1
MAX_RECENT_FILES = 10


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    kind: type
    title: str = ""
    #: Whether a converted value is one this option can hold (a file edited by hand or damaged may hold others).
    valid: Callable[[Any], bool] | None = field(default=None, compare=False)


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda v: len(v) <= limit


def _numbers(value: Any) -> bool:
    return all(isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for k, v in value.items())


def _iso_date_or_empty(value: str) -> bool:
    try:
        return not value.strip() or bool(dt.date.fromisoformat(value.strip()))
    except ValueError:
        return False


# --- preferences -------------------------------------------------------------------------------------------------
LANGUAGE = Option("ui/language", "", str, N_("Language"),                  # "" = follow the system
                  lambda v: v in ("", *SUPPORTED_LANGUAGES))
AS_OF = Option("assessment/as_of", "", str, N_("Default as-of date"), _iso_date_or_empty)  # ISO date; "" = today
COMPANY = Option("company/name", "", str, N_("Company name"), _text(1000))
COUNTRY = Option("company/country", "JP", str, N_("Company country"), _text(64))
DESTINATIONS = Option("company/destinations", [], list, N_("Destination markets"),
                      lambda v: all(isinstance(d, str) and len(d) <= 64 for d in v))
WEIGHTS = Option("scoring/element_weights", {}, dict, N_("Element-risk weights"), _numbers)   # only changed keys
TIER_BOUNDS = Option("scoring/tiers", {}, dict, N_("Tier thresholds"), _numbers)             # only changed keys
REPORT_LANGUAGE = Option("report/language", "", str, N_("Briefing language"),     # "" = UI language
                         lambda v: v in ("", *SUPPORTED_LANGUAGES))
REPORT_AUTHOR = Option("report/author", "", str, N_("Author"), _text(1000))
REPORT_CONFIDENTIALITY = Option("report/confidentiality", "", str, N_("Confidentiality"), _text(1000))
REPORT_LOGO = Option("report/logo", "", str, N_("Logo"), _text(4096))
REPORT_TOP_N = Option("report/top_n", 10, int, N_("Parts in the top-risks table"), lambda v: 1 <= v <= 1000)

# --- persisted UI state ------------------------------------------------------------------------------------------
GEOMETRY = Option("state/geometry", b"", bytes)
WINDOW_STATE = Option("state/window_state", b"", bytes)
RECENT_FILES = Option("state/recent_files", [], list, valid=lambda v: all(isinstance(p, str) for p in v))
LAST_FOLDER = Option("state/last_folder", "", str, valid=_text(4096))
VERSION = Option("meta/version", 0, int, valid=lambda v: 0 <= v <= 1000)

PREFERENCES: tuple[Option[Any], ...] = (
    LANGUAGE, AS_OF, COMPANY, COUNTRY, DESTINATIONS, WEIGHTS, TIER_BOUNDS,
    REPORT_LANGUAGE, REPORT_AUTHOR, REPORT_CONFIDENTIALITY, REPORT_LOGO, REPORT_TOP_N,
)
_STATE_OPTIONS: tuple[Option[Any], ...] = (GEOMETRY, WINDOW_STATE, RECENT_FILES, LAST_FOLDER, VERSION)


class Settings:
    """Typed access to the application's QSettings (INI format, user scope)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)
        #: Set when the settings file was damaged and set aside (``….corrupt-YYYYMMDD-HHMMSS``) at start.
        self.recovered: Notice | None = None
        self._frozen = False   # a damaged file that could not be renamed is never written over
        problem = self.problem()
        if problem:
            self._heal(problem)
        self.migrate()

    def problem(self) -> str:
        """Why the settings file cannot be trusted ("" when it can): unreadable, not an INI file, or a known
        option holding a value it cannot hold (a hand-edited or damaged file)."""
        if self._q.status() != QSettings.Status.NoError:
            return "the file is not a valid settings file"
        path = Path(self.file_name) if self.file_name else None
        if path is not None and path.is_file():
            try:
                raw = path.read_bytes()
                raw.decode("utf-8")
            except OSError:
                return ""
            except UnicodeDecodeError:
                return "the file is not UTF-8 text"
            if b"\x00" in raw:
                return "the file holds binary data"
        if any(not key.strip() for key in self._q.allKeys()):
            return "the file holds lines that are not settings"
        known = {o.key: o for o in (*PREFERENCES, *_STATE_OPTIONS)}
        for key in self._q.allKeys():
            option = known.get(key) or (Option(key, b"", bytes) if key.startswith("state/") else None)
            raw = self._q.value(key) if option is not None else None
            if option is None or raw is None:
                continue
            try:
                value = _convert(raw, option)
            except (TypeError, ValueError, OverflowError, RecursionError):
                return f"the value of {key} cannot be read"
            if option.valid is not None and not option.valid(value):
                return f"the value of {key} is out of range"
        return ""

    def _heal(self, reason: str) -> None:
        """Set the damaged file aside with a notice and go on with defaults; never rewrite it in place."""
        from desktop.core.recovery import set_aside

        name = self.file_name
        if not name or not Path(name).is_file():
            return
        self.recovered = set_aside(name, reason)
        if self.recovered.backup is None:
            self._frozen = True
            return
        self._q.clear()
        self._q.sync()

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    # -- typed get/set ---------------------------------------------------------------------------------------------
    def get(self, option: Option[T]) -> T:
        raw = self._q.value(option.key)
        if raw is None:
            return _copy(option.default)
        try:
            value = _convert(raw, option)
        except (TypeError, ValueError, OverflowError, RecursionError):
            return _copy(option.default)
        return value if option.valid is None or option.valid(value) else _copy(option.default)

    def set(self, option: Option[T], value: T) -> None:
        if self._frozen:
            return
        if option.kind in (list, dict):
            self._q.setValue(option.key, json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif option.kind is bytes:
            self._q.setValue(option.key, QByteArray(bytes(value)))
        else:
            self._q.setValue(option.key, value)

    def reset(self, option: Option[Any]) -> None:
        if not self._frozen:
            self._q.remove(option.key)

    def sync(self) -> None:
        if not self._frozen:
            self._q.sync()

    def migrate(self) -> None:
        """Upgrade settings written by older versions (one place; nothing to do for version 1)."""
        version = self.get(VERSION)
        if version < SETTINGS_VERSION:
            self.set(VERSION, SETTINGS_VERSION)

    # -- named state -----------------------------------------------------------------------------------------------
    def state(self, name: str) -> bytes:
        """Saved state of a named splitter or header view (b"" if none)."""
        return self.get(Option(f"state/{name}", b"", bytes))

    def set_state(self, name: str, value: bytes) -> None:
        self.set(Option(f"state/{name}", b"", bytes), value)

    # -- derived preferences ---------------------------------------------------------------------------------------
    def language(self) -> str:
        lang = self.get(LANGUAGE)
        return lang if lang in SUPPORTED_LANGUAGES else gui_system_language()

    def as_of(self) -> dt.date | None:
        """The default as-of date (None = today)."""
        text = self.get(AS_OF).strip()
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            return None

    def recent_files(self) -> list[str]:
        return [p for p in self.get(RECENT_FILES) if isinstance(p, str)]

    def add_recent_file(self, path: str | Path) -> list[str]:
        text = str(Path(path).resolve())
        files = [text] + [p for p in self.recent_files() if p != text]
        files = files[:MAX_RECENT_FILES]
        self.set(RECENT_FILES, files)
        self.set(LAST_FOLDER, str(Path(text).parent))
        return files

    def remove_recent_file(self, path: str) -> None:
        self.set(RECENT_FILES, [p for p in self.recent_files() if p != path])

    def scoring_config(self) -> ScoringConfig:
        """The :class:`ScoringConfig` from the saved weights, thresholds, company country and destinations."""
        from desktop.core.scoring.config import ScoringConfig

        base = ScoringConfig()
        weights = dict(base.element_weights)
        weights.update({k: float(v) for k, v in self.get(WEIGHTS).items() if k in weights})  # checked by valid
        tiers = dict(base.tiers)
        tiers.update({k: float(v) for k, v in self.get(TIER_BOUNDS).items() if k in tiers})
        destinations = [d for d in self.get(DESTINATIONS) if isinstance(d, str) and d]
        if destinations:
            destination = destinations[0] if len(destinations) == 1 else None
        else:  # goods arrive in the company's own country
            destination = self.get(COUNTRY) or None
        return base.with_changes(element_weights=weights, tiers=tiers, destination=destination)

    def restore_scoring_defaults(self) -> None:
        self.reset(WEIGHTS)
        self.reset(TIER_BOUNDS)


def _copy(value: T) -> T:
    if isinstance(value, list | dict):
        return json.loads(json.dumps(value))
    return value


def _convert(raw: Any, option: Option[T]) -> T:
    kind = option.kind
    if kind is bool:
        return (raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")) is True  # type: ignore[return-value]
    if kind is int:
        return int(raw)  # type: ignore[return-value]
    if kind is float:
        return float(raw)  # type: ignore[return-value]
    if kind is str:
        return str(raw)  # type: ignore[return-value]
    if kind is bytes:
        return bytes(raw.data() if isinstance(raw, QByteArray) else raw)  # type: ignore[return-value]
    if kind in (list, dict):
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, kind):
            raise TypeError(option.key)
        return value  # type: ignore[return-value]
    raise TypeError(f"unsupported option kind {kind!r}")


def as_mapping(settings: Settings, options: tuple[Option[Any], ...] = PREFERENCES) -> Mapping[str, Any]:
    return {o.key: settings.get(o) for o in options}


def gui_system_language() -> str:
    """The UI language the operating system asks for: 'ja' or 'en'.

    Qt reads the user's language list on Windows and macOS (where LANG is usually not set for GUI apps);
    the environment variables still win where they are set (Linux, or a user's explicit choice).
    """
    env = system_language()
    if env == "ja":
        return env
    from PySide6.QtCore import QLocale

    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
    return "en"
