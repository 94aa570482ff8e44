"""Country names to ISO 3166-1 alpha-2 codes: ``normalise_country("中国") == "CN"``.

Matching is NFKC-normalised and insensitive to case, spaces, punctuation and Latin accents; it covers the codes,
ISO3 codes, English, Japanese and Chinese names and the aliases in ``countries.yaml``. The index is a dict built
once per knowledge base, so the importer can call this for every distinct value of a column.
"""
from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Mapping

from desktop.core.errors import KnowledgeError
from desktop.core.knowledge.fields import MSG_FIELD
from desktop.core.knowledge.model import Country, Knowledge

#: Values that mean "no country given" (never looked up, so that e.g. "N/A" cannot match Namibia's code NA).
_EMPTY_KEYS = frozenset({"na", "nan", "none", "null", "unknown", "tbd", "other", "others", "various", "misc",
                         "未指定", "不明", "なし", "該当なし", "その他", "未知", "无", "其他"})


def country_key(text: str) -> str:
    """The lookup key of a name: NFKC, case-folded, accents on Latin letters and all non-alphanumerics removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            if out and out[-1].isascii():
                continue  # é -> e, but keep Japanese voicing marks
            out.append(ch)
        elif ch.isalnum():
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def build_index(countries: Iterable[Country]) -> dict[str, str]:
    """Key -> ISO2 for every code, name and alias.

    Raises:
        KnowledgeError: one name or alias is claimed by two countries.
    """
    index: dict[str, str] = {}
    for country in countries:
        for field, names in (("code", (country.code,)), ("name_en", (country.name_en,)),
                             ("name_ja", (country.name_ja,)), ("aliases", country.aliases)):
            for name in names:
                key = country_key(name)
                if not key:
                    continue
                other = index.get(key)
                if other is not None and other != country.code:
                    raise KnowledgeError(MSG_FIELD, {
                        "file": "countries.yaml", "record": country.code, "field": field,
                        "problem": f"{name!r} is already used by {other}"})
                index[key] = country.code
    return index


_lock = threading.Lock()
_indexes: dict[int, tuple[Mapping[str, Country], dict[str, str]]] = {}


def clear_cache() -> None:
    with _lock:
        _indexes.clear()


def _index_for(countries: Mapping[str, Country]) -> dict[str, str]:
    with _lock:
        entry = _indexes.get(id(countries))
        if entry is None or entry[0] is not countries:
            entry = (countries, build_index(countries.values()))
            _indexes[id(countries)] = entry
        return entry[1]


def _default_countries() -> Mapping[str, Country]:
    from desktop.core.knowledge.loader import default_knowledge

    return default_knowledge().countries


def normalise_country(text: object, knowledge: Knowledge | None = None) -> str | None:
    """The ISO2 code for a country name, code or alias, or None when unknown or empty.

    Args:
        text: a cell value, e.g. "中国", "PRC", "China (Mainland)", "CHN", "cn".
        knowledge: the knowledge base whose countries.yaml to use (default: :func:`default_knowledge`).

    Returns:
        "CN", "JP", ...; None for "", "N/A", "未指定" and anything not recognised.
    """
    if text is None or isinstance(text, bool):
        return None
    value = str(text).strip()
    if not value:
        return None
    countries = knowledge.countries if knowledge is not None else _default_countries()
    index = _index_for(countries)
    key = country_key(value)
    if not key or key in _EMPTY_KEYS:
        return None
    return index.get(key)
