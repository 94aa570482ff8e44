"""Country normalisation for the importer: the knowledge package's ``normalise_country`` when available,
else a small built-in table (only so that the importer works while the knowledge package is being built).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

_FALLBACK: dict[str, str] = {
    "cn": "CN", "chn": "CN", "china": "CN", "prc": "CN", "peoplesrepublicofchina": "CN", "中国": "CN", "中华人民共和国": "CN",
    "中華人民共和国": "CN", "mainlandchina": "CN",
    "jp": "JP", "jpn": "JP", "japan": "JP", "日本": "JP", "nippon": "JP",
    "us": "US", "usa": "US", "unitedstates": "US", "unitedstatesofamerica": "US", "america": "US", "米国": "US",
    "アメリカ": "US", "美国": "US",
    "de": "DE", "deu": "DE", "germany": "DE", "ドイツ": "DE", "德国": "DE",
    "kr": "KR", "kor": "KR", "korea": "KR", "southkorea": "KR", "republicofkorea": "KR", "韓国": "KR", "韩国": "KR",
    "tw": "TW", "twn": "TW", "taiwan": "TW", "台湾": "TW",
    "vn": "VN", "vietnam": "VN", "vietnam ": "VN", "ベトナム": "VN", "越南": "VN",
    "th": "TH", "thailand": "TH", "タイ": "TH", "泰国": "TH",
    "my": "MY", "malaysia": "MY", "マレーシア": "MY", "马来西亚": "MY",
    "au": "AU", "australia": "AU", "オーストラリア": "AU", "澳大利亚": "AU",
    "in": "IN", "india": "IN", "インド": "IN", "印度": "IN",
    "fr": "FR", "france": "FR", "フランス": "FR", "法国": "FR",
    "gb": "GB", "uk": "GB", "unitedkingdom": "GB", "イギリス": "GB", "英国": "GB",
    "mx": "MX", "mexico": "MX", "メキシコ": "MX", "墨西哥": "MX",
    "ee": "EE", "estonia": "EE", "エストニア": "EE",
}


def _fallback(text: str | None) -> str | None:
    if not text:
        return None
    key = "".join(ch for ch in unicodedata.normalize("NFKC", str(text)).lower() if ch.isalnum())
    return _FALLBACK.get(key)


def country_normaliser() -> Callable[[str | None], str | None]:
    """The best available ``normalise_country`` (knowledge package first)."""
    try:
        from desktop.core.knowledge import normalise_country  # type: ignore[attr-defined]
    except ImportError:
        return _fallback

    failed = False

    def combined(text: str | None) -> str | None:
        nonlocal failed
        if not failed:
            try:
                return normalise_country(text)
            except Exception:  # noqa: BLE001 - the knowledge base is unavailable or invalid; keep importing
                failed = True  # do not retry (and re-load the knowledge base) for every other value
        return _fallback(text)

    return combined
