"""Header synonyms (English, Japanese, common Chinese) and the fuzzy header → field matcher.

A header cell is normalised (NFKC, lower case, unit in brackets removed, punctuation and spaces removed) and
compared with each field's synonyms: an exact synonym scores 1.0, a synonym contained in the header (or the
header in a synonym) scores a little less, and a near spelling ("gosage" for "usage") scores by similarity.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from desktop.core.importing.values import clean_text

#: Internal pseudo-field for running item numbers ("Item", "ID", "No."): used to recognise rows, not exported.
ITEM = "_item"

_RAW_SYNONYMS: dict[str, tuple[str, ...]] = {
    "part_number": (
        "品番", "部品番号", "品目コード", "品目番号", "部品コード", "部品no", "図番", "図面番号", "物料编码", "物料编号",
        "料号", "物料代码", "part no", "part number", "part num", "partnumber", "pn", "p/n", "part code",
        "part id", "item no", "item number", "item code", "number", "article", "article no", "internal pn",
        "ipn", "code", "品番コード", "部番",
    ),
    "description": (
        "品名", "部品名", "名称", "品名称", "物料名称", "名称规格", "描述", "描述信息", "description", "part name",
        "name", "name in building instructions", "item name", "item description", "part description",
        "designation", "bom", "product name", "component name", "bezeichnung", "benennung", "品名規格", "物料描述",
    ),
    "name": ("part name", "name", "品名", "部品名", "名称", "item name", "name in building instructions"),
    "specification": (
        "仕様", "規格", "型式", "寸法", "サイズ", "规格", "规格型号", "型号规格", "specification", "specifications",
        "spec", "standard", "value", "size", "dimension", "dimensions", "diameter length", "parameters", "rating",
        "値", "定数", "规格值", "参数", "values",
    ),
    "quantity": (
        "数量", "員数", "個数", "使用数", "所要数", "用量", "数", "qty", "quantity", "count", "usage", "qty per",
        "order qty", "order quantity", "qty ordered", "quantity ordered", "anzahl", "stück", "stk", "数目",
        "quantity per pcb", "qty per board", "qty/unit", "menge", "cantidad", "quantite", "pcs",
    ),
    "unit": ("単位", "单位", "unit", "uom", "unit of measure", "units"),
    "level": ("レベル", "階層", "階層レベル", "层级", "层次", "level", "lvl", "bom level", "indent", "outline"),
    "supplier": ("仕入先", "サプライヤー", "購入先", "調達先", "供应商", "supplier", "vendor", "source", "distributor",
                 "retailer", "seller", "store", "shop", "where to buy", "bought from", "購入店", "卖家", "店铺"),
    "manufacturer": (
        "メーカー", "製造元", "製造者", "メーカー名", "制造商", "厂商", "厂家", "品牌", "manufacturer",
        "manufacture", "maker", "mfr", "mfg", "brand", "manufacturer name",
    ),
    "mpn": (
        "メーカー品番", "型番", "メーカー型番", "製造者品番", "制造商料号", "厂家型号", "厂商料号", "型号", "器件型号", "mpn",
        "manufacturer part",
        "manufacturer part number", "manufacturer pn", "manufacture pn", "manufacture part number", "mfr part",
        "mfr pn", "mfg pn", "mfr part number", "manufacturer part no",
    ),
    "country": (
        "原産国", "生産国", "国", "国名", "原产国", "产地", "country", "country of origin", "coo", "origin",
        "made in",
    ),
    "unit_weight": ("単重", "単位重量", "重量", "質量", "单重", "重量g", "weight", "unit weight", "mass", "net weight"),
    "hs_code": ("hsコード", "関税番号", "統計品目番号", "hs编码", "海关编码", "hs code", "hs", "hts", "hts code",
                "tariff code", "customs code"),
    "material": ("材質", "材料", "素材", "材质", "material", "materials"),
    "category": ("分類", "区分", "カテゴリ", "カテゴリー", "種類", "类别", "分类", "category", "type", "commodity",
                 "class", "group"),
    "declared_ree": ("含有レアアース", "レアアース含有量", "レアアース", "希土類", "稀土含量", "ree content",
                     "declared ree", "rare earth content", "rare earths", "ree"),
    "reference": ("reference", "references", "ref des", "refdes", "designator", "designators", "部品記号",
                  "回路記号", "位号", "位置号", "ref", "parts", "location"),
    "notes": ("備考", "注記", "メモ", "备注", "notes", "note", "remark", "remarks", "comment", "comments"),
    ITEM: ("item", "id", "no", "#", "component", "nr", "bom id", "line", "序号", "項番", "番号", "no.", "pos", "position", "行",
            "index", "line no", "line number"),
}

#: Price and shop-link columns: with a part-name column beside them, the table is a parts list (is_shop_column).
_SHOP = {"price", "unit price", "cost", "unit cost", "total", "total price", "subtotal", "sub total",
         "extended price", "ext price", "line total", "link", "links", "url", "product link", "purchase link",
         "buy", "where to buy", "単価", "金額", "価格", "小計", "リンク", "价格", "单价", "金额", "小计", "链接"}
#: Headers that are not about the part itself: prices, links, a shop's flags, the order. Never a field, never read
#: as part text.
_NON_PART = _SHOP | {
    "price @ 1", "price @ 100", "website", "web", "datasheet", "data sheet", "alternative links", "合計",
    # availability and compliance flags of a shop, not the part's make-up
    "rohs", "rohs status", "lifecycle", "lead time", "stock", "in stock", "availability", "backorder", "moq",
    # the order, not the part
    "date", "order date", "order id", "order status", "status", "invoice", "invoice no",
}

#: Headers of known columns that describe the part but map to no field (package, colour, shop order codes):
#: their text reaches the mapper through the ``other_text`` column.
_KNOWN_OTHER = {
    "footprint", "pcb footprint", "package", "case", "case/package", "package / case", "封装", "パッケージ", "外形",
    "digikey", "digi-key", "mouser", "lcsc", "digikey part number", "mouser part number", "lcsc part",
    "lcsc part number", "jlcpcb part", "farnell", "rs", "height", "dnp", "config", "colour", "color", "色", "颜色",
    "stock number", "stock no", "order code", "order number", "order no", "catalog number", "catalogue number",
    "distributor part number", "supplier part number", "supplier pn", "distributor pn", "vendor part number",
}

#: Headers that must never be matched to a field (prices, links, packages …) even by fuzzy matching.
_STOP = _NON_PART | _KNOWN_OTHER

#: Weak part-number synonyms: a shop's order code is the part number only when the BOM has no better one.
_WEAK = {"part_number": ("stock number", "stock no", "order code", "order number", "catalog number",
                         "catalogue number", "sku", "mouser no", "mouser part number", "digikey part number",
                         "digi-key part number", "lcsc part", "lcsc part number", "lcsc part #",
                         "supplier part number", "distributor part number", "vendor part number")}

#: Headers whose meaning depends on the cells below ("Item" holds item numbers or part names): the importer
#: decides them from content (desktop/core/importing/content.py).
_AMBIGUOUS = ("item", "items", "component", "components", "product", "products", "part", "parts", "article",
              "comment", "comments")

#: Fields whose exact synonyms are also a lower-scored second choice for another field.
_SECOND_CHOICE = {"name": 0.9}

_BRACKETS = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]")
_PUNCT = re.compile(r"[\s_\-./#:*,'\"、・:：]+")


def norm_header(text: str) -> str:
    """Normalise a header cell for matching: NFKC, lower case, bracketed units removed, no punctuation."""
    t = clean_text(text).lower()
    t2 = _BRACKETS.sub("", t).strip()
    t = t2 or t
    return _PUNCT.sub("", t)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    return {f: tuple(dict.fromkeys(norm_header(s) for s in syns if norm_header(s))) for f, syns in
            _RAW_SYNONYMS.items()}


_STOP_NORM = {norm_header(s) for s in _STOP}
_NON_PART_NORM = {norm_header(s) for s in _NON_PART}
_KNOWN_OTHER_NORM = {norm_header(s) for s in _KNOWN_OTHER}
_WEAK_NORM = {norm_header(s): f for f, syns in _WEAK.items() for s in syns}
AMBIGUOUS = frozenset(norm_header(s) for s in _AMBIGUOUS)
#: Titles over either a count or a sum of money ("Amount"): never a field by title; counts become the quantity.
COUNT_OR_MONEY = frozenset({"amount", "amt"})


_SHOP_NORM = {norm_header(s) for s in _SHOP}


def is_shop_column(header: str) -> bool:
    """A price or shop-link column: with a part-name column beside it, the table is a parts list."""
    return norm_header(header) in _SHOP_NORM


def is_non_part(header: str) -> bool:
    """True for price and link columns ("Price", "Subtotal", "URL"): never part text."""
    return norm_header(header) in _NON_PART_NORM


_PACKAGE_NORM = {norm_header(s) for s in ("footprint", "pcb footprint", "package", "case", "case/package",
                                            "package / case", "封装", "パッケージ", "外形", "size code")}


def is_package(header: str) -> bool:
    """True for package and footprint columns, whose pure numbers are size codes ("0805"), not counts."""
    return norm_header(header) in _PACKAGE_NORM


def is_known_other(header: str) -> bool:
    """True for known part columns without a field of their own ("Footprint", "Package", "Order code")."""
    return norm_header(header) in _KNOWN_OTHER_NORM


def _is_cjk(text: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in text)


@lru_cache(maxsize=1)
def _synonym_table() -> tuple[tuple[str, tuple[tuple[str, bool, Counter[str]], ...]], ...]:
    """``_synonyms()`` with each synonym's "is CJK" flag and character counts computed once."""
    return tuple((f, tuple((s, _is_cjk(s), Counter(s)) for s in syns)) for f, syns in _synonyms().items())


def _ratio_bound(h_counts: Counter[str], length: int, s_counts: Counter[str]) -> float:
    """An upper bound of ``difflib.SequenceMatcher(None, h, s).ratio()``: its ``quick_ratio()`` (characters
    in common regardless of order), from precomputed character counts; ``length`` is ``len(h) + len(s)``."""
    matches = sum(min(n, s_counts[ch]) for ch, n in h_counts.items() if ch in s_counts)
    return 2.0 * matches / length


@lru_cache(maxsize=4096)
def field_scores(header: str) -> tuple[tuple[str, float], ...]:
    """All (field, score) candidates for one header cell, best first. Empty for blank/unrelated headers."""
    h = norm_header(header)
    if h in _WEAK_NORM:
        return ((_WEAK_NORM[h], 0.7),)
    if h in COUNT_OR_MONEY:
        return ()
    if not h or h in _STOP_NORM or h.replace(".", "").isdigit() or len(h) > 60:
        return ()
    h_cjk = _is_cjk(h)
    h_len = len(h)
    h_counts: Counter[str] | None = None
    scores: dict[str, float] = {}
    for fld, syns in _synonym_table():
        best = 0.0
        for s, s_cjk, s_counts in syns:
            if h == s:
                best = 1.0
                break
            if len(s) >= (2 if s_cjk else 4) and s in h:
                # "部品番号" contains "品番"; "manufacturer part #" contains "manufacturer part"
                best = max(best, 0.75 + 0.2 * len(s) / h_len)
            elif h_len >= (2 if h_cjk else 5) and h in s:
                best = max(best, 0.6 + 0.2 * h_len / len(s))
            elif not h_cjk and h_len >= 5 and len(s) >= 5 and abs(h_len - len(s)) <= 3:
                if h_counts is None:
                    h_counts = Counter(h)
                if _ratio_bound(h_counts, h_len + len(s), s_counts) < 0.7:
                    continue  # the ratio below cannot reach 0.7 either
                ratio = difflib.SequenceMatcher(None, h, s).ratio()
                if ratio >= 0.7:
                    best = max(best, 0.45 + 0.45 * ratio)
        if best >= 0.6:
            scores[fld] = best
    for fld, weight in _SECOND_CHOICE.items():
        if fld in scores:
            scores[fld] = scores[fld] * weight
    if h in AMBIGUOUS:  # "Item", "Product": a part name as a weaker reading; the cells decide (content.py)
        scores["description"] = max(scores.get("description", 0.0), 0.8)
    return tuple(sorted(scores.items(), key=lambda kv: -kv[1]))


def assign_columns(headers: Sequence[str], columns: Iterable[int] | None = None
                   ) -> dict[str, tuple[int, float]]:
    """Map fields to columns: each field at most one column, each column at most one field.

    Pairs are taken best score first; ties go to the left-most column. A column that would give ``name``
    while ``description`` is free gives ``description`` (``name`` is only used when two name-like columns
    exist, e.g. "Part Name" + "Description").

    Returns:
        field → (0-based column index, confidence)
    """
    cols = list(columns) if columns is not None else list(range(len(headers)))
    pairs: list[tuple[float, int, str]] = []
    for c in cols:
        for fld, score in field_scores(headers[c]):
            pairs.append((score, c, fld))
    pairs.sort(key=lambda p: (-p[0], p[1]))
    chosen: dict[str, tuple[int, float]] = {}
    used: set[int] = set()
    for score, c, fld in pairs:
        if fld in chosen or c in used:
            continue
        chosen[fld] = (c, round(min(score, 1.0), 3))
        used.add(c)
    if "description" in chosen and "name" not in chosen:
        dcol, dconf = chosen["description"]
        if any(f == "name" for f, _ in field_scores(headers[dcol])):
            for c in cols:
                cand = field_scores(headers[c])
                if (c not in used and cand and cand[0][0] == "description" and cand[0][1] >= 0.9
                        and not any(f == "name" for f, _ in cand)):
                    chosen["name"] = (dcol, dconf)
                    chosen["description"] = (c, cand[0][1])
                    break
    return chosen


#: Fields that name a part on their own.
PART_FIELDS = frozenset({"part_number", "description", "name"})


def names_parts(fields: Iterable[str]) -> bool:
    """True when the fields can name each part: a part number, description or name, or a value or
    manufacturer part number beside a count or designators (KiCad's "Reference, Value, Footprint, Qty")."""
    keys = set(fields)
    if keys & PART_FIELDS:
        return True
    return bool(keys & {"specification", "mpn"}) and bool(keys & {"quantity", "reference"})


def header_score(headers: Sequence[str]) -> tuple[float, dict[str, tuple[int, float]]]:
    """How much a row looks like a BOM header: sum of the mapped fields' confidences (0 if unusable)."""
    nonblank = sum(1 for h in headers if h.strip())
    if nonblank < 2:
        return 0.0, {}
    chosen = assign_columns(headers)
    real = {f: v for f, v in chosen.items() if f != ITEM}
    if not names_parts(real) or len(chosen) < 2:
        return 0.0, chosen
    numeric = sum(1 for h in headers if h.strip() and h.strip().replace(".", "", 1).replace("-", "", 1).isdigit())
    score = sum(conf for _, conf in chosen.values()) - 0.5 * numeric
    return max(score, 0.0), chosen
