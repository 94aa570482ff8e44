"""What a column holds, judged from its cells: the second opinion beside the header synonyms.

Header words differ from file to file ("Product", "Item", "Artikel", none at all), but a bill of materials
always has the same shape: a column of varied text that names the parts, usually beside a column of small
positive numbers that count them. Prices, links, designator lists and running item numbers have shapes of
their own. This module profiles the cells below a (candidate) header row and

- finds a table that the synonyms missed (:func:`find_table`): a varied text column beside a quantity-like
  column is a BOM whatever its headers say, with or without a header row;
- settles ambiguous headers ("Item" may hold item numbers or part names) and fills the fields the synonyms
  left open (:func:`refine_columns`).

The signals are general (the kind of text in a cell), never a list of particular files' headers.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from desktop.core.importing.readers import Grid
from desktop.core.importing.synonyms import (
    AMBIGUOUS,
    COUNT_OR_MONEY,
    ITEM,
    field_scores,
    is_known_other,
    is_non_part,
    names_parts,
    norm_header,
)
from desktop.core.importing.values import clean_text, is_number_text

#: Rows profiled below a header (enough to judge a column, cheap on any sheet).
PROFILE_ROWS = 80
#: Non-blank rows in which a table may start.
START_SCAN = 40

_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CURRENCY = r"(?:[$€£¥￥]|US\$|USD|EUR|JPY|CNY|RMB|GBP|円|元)"
_PRICE = re.compile(rf"^(?:{_CURRENCY}\s*-?\d[\d,]*(?:\.\d+)?|-?\d[\d,]*(?:\.\d+)?\s*{_CURRENCY})$", re.IGNORECASE)
_QUANTITY = re.compile(r"^(?:[x×]\s*)?(\d{1,6}(?:[.,]\d{1,3})?)\s*(?:[x×]|pcs?\.?|ea|units?|個|本|枚|台|set|sets|"
                       r"m|mm|cm)?$", re.IGNORECASE)
_DESIGNATOR = r"(?:[A-Z]{1,4}\d{1,4}[A-Z]?)"
_DESIGNATORS = re.compile(rf"^{_DESIGNATOR}(?:\s*(?:[,;/]\s*|\s+|[-~–]\s*){_DESIGNATOR})+$")
_SINGLE_DESIGNATOR = re.compile(r"^(?:R|C|L|D|U|Q|J|P|K|F|Y|X|SW|LED|TP|FB|IC|CN|T|BT|RN|RV|VR|JP|H|MH|Z|ZD|LS|"
                                r"BZ|TR|VD|XT)\d{1,4}[A-Z]?$")
_LETTER = re.compile(r"[^\W\d_]")
#: Cells that say nothing: "NA", "N/A", "-", "TBD", "none", "?".
_PLACEHOLDER = re.compile(r"(?:n/?a|tbd|tba|none|nil|-+|–|—|\?+|\.+|/)", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    """A cell that says nothing: "N/A", "-", "TBD", "none", "?" (the importer's one placeholder rule)."""
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


#: A placeholder, or what a hyperlink cell shows instead of its text: "Link", "see link", "URL", "Web", an address.
_PLACEHOLDER_OR_LINK = re.compile(rf"{_PLACEHOLDER.pattern}|(?:see\s+)?links?|url|web|https?://.*",
                                  re.IGNORECASE | re.DOTALL)


def is_placeholder_or_link(text: str) -> bool:
    """:func:`is_placeholder`, or a hyperlink's label or bare address ("Link", "URL", "https://…"): a description
    cell that says nothing about the part."""
    return bool(_PLACEHOLDER_OR_LINK.fullmatch(text.strip()))


_URL_INSIDE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def is_url(text: str) -> bool:
    """A link, alone or with a short label ("参考链接 https://…", "Link: www.…")."""
    if _URL.match(text):
        return True
    found = _URL_INSIDE.search(text)
    return found is not None and len(_URL_INSIDE.sub("", text).strip()) <= 12


def text_length(text: str) -> int:
    """Length for comparing part names across scripts: a CJK character carries about two Latin letters."""
    return len(text) + len(_CJK.findall(text))


def is_phrase(text: str) -> bool:
    """Several words: spaces, or three or more CJK characters (which are written without spaces)."""
    return " " in text.strip() or len(_CJK.findall(text)) >= 3


def is_price(text: str) -> bool:
    return bool(_PRICE.match(text))


def is_designator_list(text: str) -> bool:
    """"R1, R2, R5" or "C3-C7" (two or more designators); one designator is ambiguous ("M3" is a screw)."""
    return bool(_DESIGNATORS.match(text))


_DATE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def is_date(text: str) -> bool:
    """"2026-03-01", "01/03/2026", with or without a time: when something happened, not what the part is."""
    return bool(_DATE.match(text))


def quantity_value(text: str) -> float | None:
    """The count in a quantity-like cell ("4", "2 pcs", "1,5 m", "x3"), or None."""
    m = _QUANTITY.match(text)
    if not m:
        return None
    try:
        value = float(m.group(1).replace(",", "."))
    except ValueError:
        return None
    return value if 0 < value <= 100_000 else None


@dataclass(frozen=True)
class ColumnProfile:
    """Shares (0..1) of a column's filled cells that look like each kind of value."""

    filled: int
    text: float         # words: has letters, not a link, price or designator list
    distinct: float     # distinct values / filled, among the text cells
    mean_len: float     # mean length of the text cells
    spaced: float       # text cells with more than one word
    quantity: float     # small positive counts
    integral: float     # whole numbers among the quantity-like cells
    running: bool       # 1, 2, 3 … (item numbers)
    price: float
    url: float
    designator: float
    code: float         # one token with digits: a part number

    @property
    def kind(self) -> str | None:
        """The field this column's content suggests: "description", "quantity", "part_number", ITEM,
        "reference", "price", "url" or None."""
        if not self.filled:
            return None
        if self.running:
            return ITEM
        if self.url >= 0.6:
            return "url"
        if self.price >= 0.6:
            return "price"
        if self.designator >= 0.6:
            return "reference"
        if self.quantity >= 0.8 and self.integral >= 0.6:
            return "quantity"
        if self.code >= 0.7 and self.spaced < 0.3 and (self.distinct >= 0.7 or self.filled < 4):
            return "part_number"
        if self.text >= 0.6 and (self.distinct >= 0.5 or self.filled < 4):
            return "description"
        return None

    @property
    def description_strength(self) -> float:
        """How much the column reads like part names (varied, several words)."""
        if self.kind != "description":
            return 0.0
        return self.text * self.distinct * (0.5 + self.spaced) * min(self.mean_len, 40.0)


#: What :func:`cell_kinds` says of one cleaned cell: (text, url, price, designator, code, quantity).
Kinds = tuple[bool, bool, bool, bool, bool, "float | None"]


def cell_kinds(text: str) -> Kinds:
    """(text, url, price, designator, code, quantity) flags of one cleaned cell."""
    url = is_url(text)
    price = not url and is_price(text)
    designators = not url and (is_designator_list(text) or bool(_SINGLE_DESIGNATOR.match(text)))
    qty = None if url or price else quantity_value(text)
    has_letter = bool(_LETTER.search(text))
    words = (not url and not price and has_letter and not is_designator_list(text)
             and not _PLACEHOLDER.fullmatch(text))
    code = (not url and " " not in text and 3 <= len(text) <= 40 and any(ch.isdigit() for ch in text)
            and qty is None and not is_number_text(text))
    return words, url, price, designators, code, qty


def profile(values: Sequence[str], kinds: Sequence[tuple | None] | None = None) -> ColumnProfile:
    """Profile the cleaned texts of one column (blank cells are ignored); ``kinds``: their
    :func:`cell_kinds`, when already known (None for blank cells)."""
    if kinds is None:
        cells = [v for v in values if v]
        kinds = [cell_kinds(v) for v in cells]
    else:
        pairs = [(v, k) for v, k in zip(values, kinds, strict=True) if v]
        cells = [v for v, _ in pairs]
        kinds = [k for _, k in pairs]
    n = len(cells)
    if not n:
        return ColumnProfile(0, 0, 0, 0, 0, 0, 0, False, 0, 0, 0, 0)
    kinds = cast("list[Kinds]", kinds)  # only blank cells have no kinds, and they were left out above
    words = [v for v, k in zip(cells, kinds, strict=True) if k[0]]
    qtys = [k[5] for k in kinds if k[5] is not None]
    running = len(qtys) == n and n >= 3 and all(q.is_integer() for q in qtys) and \
        sum(1 for a, b in zip(qtys, qtys[1:], strict=False) if b == a + 1) >= 0.8 * (n - 1)
    return ColumnProfile(
        filled=n,
        text=len(words) / n,
        distinct=len(set(words)) / len(words) if words else 0.0,
        mean_len=sum(map(text_length, words)) / len(words) if words else 0.0,
        spaced=sum(1 for w in words if is_phrase(w)) / len(words) if words else 0.0,
        quantity=len(qtys) / n,
        integral=sum(1 for q in qtys if q.is_integer()) / len(qtys) if qtys else 0.0,
        running=running,
        price=sum(1 for k in kinds if k[2]) / n,
        url=sum(1 for k in kinds if k[1]) / n,
        designator=sum(1 for k in kinds if k[3]) / n,
        code=sum(1 for k in kinds if k[4]) / n,
    )


def _block(grid: Grid, start: int, rows: int = PROFILE_ROWS) -> list[list[str]]:
    """Cleaned texts of up to ``rows`` non-blank rows from grid row ``start``."""
    out: list[list[str]] = []
    nonblank = grid.nonblank_rows()
    display = grid.display_array()
    for i in range(max(start, 0), len(display)):
        if not nonblank[i]:
            continue
        out.append([clean_text(v) for v in display[i]])
        if len(out) >= rows:
            break
    return out


def profiles_below(grid: Grid, first_data: int, columns: Sequence[int]) -> dict[int, ColumnProfile]:
    block = _block(grid, first_data)
    return {c: profile([r[c] for r in block if c < len(r)]) for c in columns}


def refine_columns(grid: Grid, first_data: int, headers: Sequence[str], table: Sequence[int],
                   columns: Mapping[str, tuple[int, float]], headerless: bool = False
                   ) -> dict[str, tuple[int, float]]:
    """Settle ambiguous headers and fill open fields from the cells below the header.

    - A column whose header is ambiguous ("Item", "Component", "Product", "Part", "Article") becomes what its
      cells are: item numbers, part names (description) or part numbers.
    - Without a part-number, description or name column, the most varied text column with an unknown (or no)
      header becomes the description; failing that a column of part-number-like codes the part number.
    - Only in a table without headers (or for blank header cells) is a quantity taken from content alone:
      an unknown header over small numbers ("Length", "Weight") is not guessed to be a count.

    Columns the synonyms matched with a clear header are never changed. Content choices get confidence 0.7.
    """
    out = dict(columns)
    cols = [c for c in table if c < len(headers)]
    if not cols:
        return out
    profs = profiles_below(grid, first_data, cols)
    used = {c for c, _ in out.values()}

    def free(fld: str) -> bool:
        return fld not in out

    def take(fld: str, c: int, conf: float = 0.7) -> None:
        for other, (col, _) in list(out.items()):
            if col == c:
                del out[other]
        out[fld] = (c, conf)
        used.add(c)

    # 1. ambiguous headers: the cells decide
    for c in cols:
        if norm_header(headers[c]) not in AMBIGUOUS:
            continue
        kind = profs[c].kind
        if kind == ITEM and (free(ITEM) or out[ITEM][0] == c):
            take(ITEM, c, 1.0)
        elif kind == "description":
            target = "description" if free("description") or out["description"][0] == c else "name"
            if free(target) or out[target][0] == c:
                take(target, c, 0.9)
        elif kind == "part_number" and (free("part_number") or out["part_number"][0] == c):
            take("part_number", c, 0.9)
        elif kind == "part_number" and free("description"):
            take("description", c, 0.8)  # JLCPCB's "Comment": values and type numbers name the part
        elif kind == "reference" and (free("reference") or out["reference"][0] == c):
            take("reference", c, 0.9)  # Eagle's "Part" column: R1, C2 …
    for c in cols:  # "Amount": a count, or money (then it stays out of the part text as prices do)
        if norm_header(headers[c]) in COUNT_OR_MONEY and profs[c].kind == "quantity" and free("quantity"):
            take("quantity", c, 0.8)
    # a "level" column that only counts rows (1, 2, 3 …: Digi-Key's "Index") numbers items, it nests nothing
    if "level" in out and profs.get(out["level"][0]) is not None and profs[out["level"][0]].running \
            and free(ITEM):
        take(ITEM, out["level"][0], 0.9)

    def open_column(c: int) -> bool:
        """A column that no synonym claims: no header, an unknown header, or an ambiguous one."""
        h = headers[c]
        if c in used or is_non_part(h) or is_known_other(h):
            return False
        return not h.strip() or headerless or not field_scores(h) or norm_header(h) in AMBIGUOUS

    # 2. no part name or number yet: the most varied text column, else a code column
    if not names_parts(out):
        best = _name_column([c for c in cols if open_column(c)], profs)
        if best is not None:
            take("description", best)
        else:
            code = next((c for c in cols if open_column(c) and profs[c].kind == "part_number"), None)
            if code is not None:
                take("part_number", code)
    # 3. blank or missing headers: quantities, part numbers, designators and item numbers from content
    for c in cols:
        if not (headerless or not headers[c].strip()) or c in used:
            continue
        kind = profs[c].kind
        if kind in ("quantity", "part_number", "reference", ITEM) and free(kind):
            take(kind, c)
        elif kind == "description" and free("description"):
            take("description", c)
    if headerless and "description" in out and "part_number" not in out:
        # a second text column of codes beside the names is the part number
        code = next((c for c in cols if c not in used and profs[c].kind == "part_number"), None)
        if code is not None:
            take("part_number", code)
    return out


def _name_column(cols: Sequence[int], profs: Mapping[int, ColumnProfile]) -> int | None:
    """The column that names the parts: the left-most of the strongly varied text columns (a BOM puts the
    name before its specification and notes), or None."""
    strengths = {c: profs[c].description_strength for c in cols}
    top = max(strengths.values(), default=0.0)
    if top <= 0:
        return None
    return next(c for c in cols if strengths[c] >= 0.3 * top)


@dataclass(frozen=True)
class TableGuess:
    """A table found from content: its header row (or none) and the first data row (0-based grid rows)."""

    header_index: int | None
    first_data: int
    description: int
    quantity: int
    score: float


def find_table(grid: Grid, scan: int = START_SCAN) -> TableGuess | None:
    """Find a BOM table by its shape when no header row matched the synonyms.

    The description column is the most varied text column of the sheet's first rows, the quantity column the
    column of small positive counts (not item numbers); the table starts at the first row that has both.
    The nearest non-blank row above is the header row when its cell above the quantities is text (a column
    title such as "Anzahl"); otherwise the table has no header row.
    """
    display = grid.display_array()
    if not display.size:
        return None
    nonblank = np.flatnonzero(grid.nonblank_rows())
    window = nonblank[: scan + PROFILE_ROWS].tolist()
    if len(window) < 2:
        return None
    block = [[clean_text(v) for v in display[i]] for i in window]
    width = display.shape[1]
    kinds = [[cell_kinds(v) if v else None for v in row] for row in block]
    best: TableGuess | None = None
    for start in range(min(scan, len(window) - 1)):
        rows = block[start: start + PROFILE_ROWS]
        row_kinds = kinds[start: start + PROFILE_ROWS]
        profs = [profile([r[c] for r in rows], [k[c] for k in row_kinds]) for c in range(width)]
        qty_cols = [c for c in range(width) if profs[c].kind == "quantity" and profs[c].filled >= 2]
        named = _name_column(range(width), dict(enumerate(profs)))
        if not qty_cols or named is None:
            continue
        d = named
        q = max(qty_cols, key=lambda c: profs[c].filled)
        matches = [k for k in range(start, min(start + PROFILE_ROWS, len(window)))
                   # mypy cannot narrow kinds[k][d] by the "is not None" tests: hence the ignores
                   if kinds[k][d] is not None and kinds[k][d][0] and kinds[k][q] is not None  # type: ignore[index]
                   and kinds[k][q][5] is not None]  # type: ignore[index]
        if len(matches) < 2:
            continue
        first = matches[0]
        if first != start and start != 0:
            continue  # judge each possible start once: at its own first data row
        score = len(matches) * profs[d].text * profs[q].quantity
        if best is None or score > best.score * 1.5:
            header = None
            if first > 0:
                above = block[first - 1]
                cell = above[q] if q < len(above) else ""
                titles = [v for v in above if v]
                if cell and quantity_value(cell) is None and len(titles) >= 2 and \
                        all(quantity_value(v) is None and not is_url(v) for v in titles):
                    header = window[first - 1]
            best = TableGuess(header, window[first], d, q, score)
    return best
