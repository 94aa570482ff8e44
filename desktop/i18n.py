"""Translations for the GUI, the PDF briefing and error messages: one gettext-style catalogue. No Qt.

English is the source language. ``resources/translations/<lang>/*.po`` hold each translation: one catalogue
(one message domain) kept in a few files by area (core, report, gui) so that they are easy to review. The .po
files are read directly (a small parser below), so no compile step is needed in development, a wheel or a
frozen app. A msgid must not appear in two files with different translations (a test checks it).

- ``N_(text)`` marks a string for translation where it is defined (module level, data tables) and returns it
  unchanged.
- A message that carries a count has a singular and a plural English form ("1 part", "{n} parts"). It is
  translated with ``ngettext(singular, plural, n)`` or carried as ``Message(N_(singular), params,
  plural=N_(plural), count="n")`` (desktop/core/types.py). The .po entry holds ``msgid`` (the singular),
  ``msgid_plural`` and ``msgstr[0]`` (Japanese has one form). tests/test_translations.py pairs the two forms
  from those call shapes and checks each pair has a plural entry.
- ``translation_for(lang)`` returns a :class:`Translator`; the report takes one as an argument, so a Japanese
  briefing can come from an English UI.
- ``_()`` translates with the current UI language (``set_language``), for CLI and GUI messages.
"""
from __future__ import annotations

import ast
import locale
import os
from functools import cache
from pathlib import Path

SUPPORTED_LANGUAGES = ("en", "ja")


def N_(text: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``text`` for translation without translating it now."""
    return text


class Translator:
    """A read-only message catalogue for one language."""

    def __init__(self, lang: str, messages: dict[str, str] | None = None,
                 plurals: dict[str, tuple[str, ...]] | None = None) -> None:
        self.lang = lang
        self._messages = messages or {}
        self._plurals = plurals or {}

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._plurals.get(singular)
        if forms:
            # Japanese has one form; languages with two use index 0/1.
            return forms[0] if len(forms) == 1 else forms[0 if n == 1 else 1]
        return singular if n == 1 else plural

    def has(self, message: str) -> bool:
        return message in self._messages

    def has_plural(self, singular: str) -> bool:
        """True when the catalogue has a plural entry (``msgid_plural``) whose msgid is ``singular``."""
        return singular in self._plurals

    def __contains__(self, message: str) -> bool:
        return self.has(message)

    def __bool__(self) -> bool:  # an empty catalogue is still a valid translator
        return True

    def size(self) -> int:
        return len(self._messages)


def _unquote(line: str) -> str:
    return ast.literal_eval(line) if line else ""


def parse_po(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Parse a .po file into (messages, plural forms). Fuzzy and empty translations are skipped."""
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    key: str | None = None

    def flush() -> None:
        nonlocal entry, fuzzy
        msgid = entry.get("msgid")
        if msgid and not fuzzy:
            if "msgid_plural" in entry:
                forms = tuple(v for k, v in sorted(entry.items()) if k.startswith("msgstr[") and v)
                if forms:
                    plurals[msgid] = forms
            elif entry.get("msgstr"):
                messages[msgid] = entry["msgstr"]
        entry, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if key is not None:
                entry[key] = entry.get(key, "") + _unquote(line)
            continue
        word, _, rest = line.partition(" ")
        if word == "msgid" and "msgid" in entry:
            flush()
        key = word
        entry[key] = _unquote(rest.strip())
    flush()
    return messages, plurals


@cache
def translation_for(lang: str | None) -> Translator:
    """The catalogue for ``lang`` ('en' or 'ja'); English (identity) for anything else."""
    code = (lang or "en").split("_")[0].split("-")[0].lower()
    if code == "en" or code not in SUPPORTED_LANGUAGES:
        return Translator("en")
    from desktop.paths import resource

    folder = Path(resource("translations", code))
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        m, p = parse_po(path)
        messages.update(m)
        plurals.update(p)
    return Translator(code, messages, plurals)


def system_language() -> str:
    """'ja' when the system locale is Japanese, else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ja" if loc.lower().startswith("ja") else "en"


_current: Translator = Translator("en")


def set_language(lang: str | None) -> Translator:
    """Set the UI language used by ``_()``; returns its translator."""
    global _current
    _current = translation_for(lang)
    return _current


def current_language() -> str:
    return _current.lang


def _(message: str) -> str:
    """Translate ``message`` into the current UI language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a counted message into the current UI language: ``singular`` when ``n == 1`` in English."""
    return _current.ngettext(singular, plural, n)


def plural_count(value: object) -> int:
    """The count that chooses a plural form, from a parameter that may already be formatted ("1,234").

    Call sites often pass the count as display text (``fmt_int``); only its digits matter here. Anything without
    digits counts as many, so an unreadable count never yields a wrong singular.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return 1 if value == 1 else 2
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return int(digits) if digits else 2
