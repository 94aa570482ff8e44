"""The JSON output of `reerisk assess --json` (schema_version 1; resources/schema/assessment.schema.json).

Field names follow the contract in PRODUCT.md; more fields are added where useful. Text is rendered in the
requested language; ids, codes and numbers are language-independent.
"""
from __future__ import annotations

import itertools
import json
import math
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from desktop import __version__
from desktop.core.grouping import first_of_each
from desktop.core.types import Assessment, Factor, PartMapping
from desktop.i18n import translation_for

SCHEMA_VERSION = 1


#: Significant digits for the user's own figures (quantities, unit weights): every digit a spreadsheet holds
#: (15), so 1234567 stays 1234567 and 0.1234567 stays 0.1234567; only binary noise from products such as
#: 0.1 × 3 is dropped. Derived figures (grams, scores) keep 6.
_EXACT = 15


def _num(value: Any, digits: int = 6) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    if f == 0:
        return 0.0
    return float(f"{f:.{digits}g}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _factor(f: Factor, tr) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "label": tr.gettext(f.label), "value": _num(f.value, 4),
                           "weight": _num(f.weight, 4), "contribution": round(float(f.contribution), 2),
                           "source": tr.gettext(f.source)}
    if f.note is not None:
        out["note"] = f.note.render(tr)
    return out


def assessment_to_json(assessment: Assessment, lang: str = "en") -> dict[str, Any]:
    """Serialise an assessment to plain JSON-compatible data (see the schema file).

    Parts that share a mapping and a score (``PartScores.same_score_groups``) share their ``classes``,
    ``elements``, ``factors`` and ``evidence`` objects, parts whose mappings give the same grams share their
    ``elements`` and parts that score alike their ``factors``: treat the result as read-only.
    """
    tr = translation_for(lang)
    return _document(assessment, tr, list(_PartRenderer(assessment, tr).dicts()))


def part_json(assessment: Assessment, index: int, lang: str | Any = "en") -> dict[str, Any]:
    """Part ``index`` exactly as it appears in ``assessment_to_json(assessment)["parts"]`` (the one per-part
    renderer: the desktop app's part details use it too). ``lang`` is a language code or a translator."""
    tr = translation_for(lang) if isinstance(lang, str) else lang
    return _PartRenderer(assessment, tr, bulk=False).part(index)


def json_indent(assessment: Assessment) -> int | None:
    """The indent the CLI writes with: indented JSON is easier to read, but Python's indenting encoder is pure
    Python and several times slower, so large BOMs (over 5 000 parts) get compact JSON."""
    return 1 if len(assessment.mapped.mappings) <= 5000 else None


def iter_json(assessment: Assessment, lang: str = "en", indent: int | None = None,
              batch: int = 2000) -> Iterator[str]:
    """The text of ``json.dumps(assessment_to_json(assessment, lang), ensure_ascii=False, indent=indent)``, in
    pieces, without building the whole document (issue 14: a 200 MB BOM's JSON is ~2 GB of text, and holding
    the dict, the string and its bytes at once tripled the peak memory).

    The document around ``parts`` is small and dumped as usual, with a marker where the parts go; the parts are
    then written ``batch`` at a time. JSON strings never contain a raw line break, so indenting a part's own text
    by its depth gives the bytes ``json.dumps`` writes for the whole document. Compact output (the large BOMs)
    is assembled from pre-serialised pieces (:meth:`_PartRenderer.compact_batches`), byte-identical to dumping
    each part's dict (tested).
    """
    for piece in _pieces(assessment, lang, indent, batch, binary=False):
        yield piece if isinstance(piece, str) else piece.decode("utf-8")


def iter_json_bytes(assessment: Assessment, lang: str = "en", indent: int | None = None,
                    batch: int = 2000) -> Iterator[bytes]:
    """``iter_json`` encoded as UTF-8, for writing to a file: the compact parts of a BOM whose parts repeat are
    assembled as bytes from pre-encoded pieces, so the ~1 KB per part of text is never encoded a second time
    (at 100,000 parts that pass cost about as much as assembling the text)."""
    for piece in _pieces(assessment, lang, indent, batch, binary=True):
        yield piece if isinstance(piece, bytes) else piece.encode("utf-8")


def _pieces(assessment: Assessment, lang: str, indent: int | None, batch: int,
            binary: bool) -> Iterator[str | bytes]:
    """The pieces of :func:`iter_json`; the parts' pieces are bytes (UTF-8) when ``binary`` and the compact
    writer has them so, text otherwise."""
    tr = translation_for(lang)
    marker = f"\x00parts-{uuid.uuid4().hex}\x00"
    head, tail = json.dumps(_document(assessment, tr, marker), ensure_ascii=False, indent=indent) \
        .split(json.dumps(marker), 1)
    inner = "\n" + " " * (2 * indent) if indent is not None else ""   # "parts" is at depth 1, its items at 2
    renderer = _PartRenderer(assessment, tr)
    sep = "," + inner if indent is not None else ", "
    batches: Iterator[Any]   # each the texts of up to ``batch`` consecutive parts, joined by ``sep``
    if indent is None:
        batches = renderer.compact_batches(binary, batch)
    else:
        texts = (text.replace("\n", inner) for text in renderer.indented_texts(indent))
        batches = map(sep.join, iter(lambda: list(itertools.islice(texts, batch)), []))
    yield head
    first = True
    for piece in batches:   # every piece has the type of the first
        opening = ("[" + inner) if first else sep
        yield opening.encode("utf-8") if isinstance(piece, bytes) else opening
        yield piece
        first = False
    yield "[]" if first else ("\n" + " " * indent + "]" if indent is not None else "]")
    yield tail


#: The part's own columns, in the order of its JSON object, and how each is rendered ("text", "description":
#: text never null, "int", "exact": a user's figure with every digit a spreadsheet holds).
_HEAD: tuple[tuple[str, str], ...] = (
    ("row", "int"), ("sheet", "text"), ("part_number", "text"), ("description", "description"),
    ("level", "text"), ("quantity", "exact"), ("extended_quantity", "exact"), ("unit", "text"),
    ("supplier", "text"), ("manufacturer", "text"), ("mpn", "text"), ("country", "text"),
    ("unit_weight_g", "exact"),
)


def _head_value(kind: str, value: Any) -> Any:
    if kind == "int":
        return int(value)
    if kind == "exact":
        return _num(value, _EXACT)
    if kind == "description":
        return _text(value) or ""
    return _text(value)


_encode_text = json.encoder.encode_basestring   # what json.dumps(..., ensure_ascii=False) writes for a str


def _fragment(value: Any) -> str:
    """The JSON text of one head value (a str, an int, a float or None), as ``json.dumps`` writes it."""
    if value is None:
        return "null"
    if type(value) is str:
        return _encode_text(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


#: Parts rendered per piece by the compact writer: bounds the Python lists it holds (1M parts: issue 12).
_CHUNK = 20_000
#: The compact writer renders each distinct combination of a part's cells once when there are at most this many
#: combinations per part (it holds their texts all at once; with little repetition it renders cell by cell).
_SHARED_AT_MOST = 0.5


class _PartRenderer:
    """Renders the parts of one assessment: each part's own columns (the head: row … unit_weight_g), then what
    its mapping and score give (the tail: classes … evidence).

    The tail is the bulk of a part's JSON (the scoring factors with their notes) and is the same for every part
    of a group (same mapping object, same ``PartScores.same_score_groups`` group): it is built once per group.
    For compact text the head is assembled from the JSON text of each distinct cell value.
    """

    def __init__(self, assessment: Assessment, tr: Any, bulk: bool = True) -> None:
        self.assessment, self.tr = assessment, tr
        self.parts = assessment.mapped.imported.parts
        self.mappings = assessment.mapped.mappings
        self.scores = assessment.part_scores
        self.n = len(self.mappings)
        self.bulk = bulk
        self._mapping_cache: dict[int, dict[str, Any]] = {}
        self._elements_cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._cols: dict[str, list[Any]] | None = None
        # After groups(): each part's score group (``PartScores.same_score_groups``; equal groups, equal scores)
        # and each group's (score, tier, rendered factors), rendered once: parts of different mappings often
        # score alike (1,047 distinct scores with factors among 2,277 groups on the 100,000-row benchmark).
        self._score_groups: list[int] | None = None
        self._score_cache: dict[int, tuple[Any, Any, list[dict[str, Any]]]] = {}

    # -- one part as a dict --------------------------------------------------------------------------------------
    def head(self, i: int) -> dict[str, Any]:
        if not self.bulk:   # one part: its cells one by one
            return {c: _head_value(k, self.parts[c].iat[i]) for c, k in _HEAD}
        if self._cols is None:   # every part: whole columns as Python objects, one pass each
            self._cols = {c: self.parts[c].tolist() for c, _k in _HEAD}
        return {c: _head_value(k, self._cols[c][i]) for c, k in _HEAD}

    def _mapping(self, mp: PartMapping) -> dict[str, Any]:
        hit = self._mapping_cache.get(id(mp))
        if hit is None:
            tr = self.tr
            # declared grams (a supplier's or the user's own figure, or a library override) keep every digit
            # given: the override dialog pre-fills from them, so rounding here would rewrite the user's value
            d = _EXACT if mp.method in ("declared", "library") else 6
            # Mappings of different texts often give the same grams (3,741 mappings, 696 distinct element lists
            # on the 100,000-row benchmark): each distinct list is rendered once and shared. Equal figures render
            # alike (_num gives 0.0 for a zero of either sign; NaN never equals, so it is rendered each time).
            key = (d, tuple((s, g.grams, g.low, g.high) for s, g in mp.elements.items()))
            try:
                elements, shared = self._elements_cache.get(key), True
            except TypeError:   # a figure that cannot be hashed: rendered on its own
                elements, shared = None, False
            if elements is None:
                elements = {s: {"grams": _num(g.grams, d), "grams_low": _num(g.low, d), "grams_high": _num(g.high, d)}
                            for s, g in mp.elements.items()}
                if shared:
                    self._elements_cache[key] = elements
            hit = self._mapping_cache[id(mp)] = {
                "classes": list(mp.classes),
                "elements": elements,
                "confidence": mp.confidence,
                "method": mp.method,
                "rare_earth_free": bool(mp.rare_earth_free),
                "evidence": [m.render(tr) for m in mp.evidence],
            }
        return hit

    def tail(self, i: int) -> dict[str, Any]:
        """What part ``i``'s mapping and score give, in the JSON object's key order."""
        mp = self.mappings[i]
        m = self._mapping(mp)
        scores = self.scores
        score_arr = getattr(scores, "score", None)
        tier_arr = getattr(scores, "tier", None)
        if score_arr is not None and tier_arr is not None and float(score_arr[i]) <= 0 \
                and tier_arr[i] in ("none", "unclassified") and not mp.has_ree:
            ps_score, ps_tier, factors = 0.0, str(tier_arr[i]), []  # fast path: nothing to explain
        else:
            group = self._score_groups[i] if self._score_groups is not None else None
            hit = self._score_cache.get(group) if group is not None else None
            if hit is None:
                ps = scores[i]
                hit = (ps.score, ps.tier, [_factor(f, self.tr) for f in ps.factors])
                if group is not None:
                    self._score_cache[group] = hit
            ps_score, ps_tier, factors = hit
        return {
            "classes": m["classes"],
            "elements": m["elements"],
            "confidence": m["confidence"],
            "method": m["method"],
            "rare_earth_free": m["rare_earth_free"],
            # An unclassified part's content is unknown: its score is null, never 0 ("no risk").
            "score": None if ps_tier == "unclassified" else round(float(ps_score), 2),
            "tier": str(ps_tier),
            "factors": factors,
            "evidence": m["evidence"],
        }

    def part(self, i: int) -> dict[str, Any]:
        return {**self.head(i), **self.tail(i)}

    # -- every part --------------------------------------------------------------------------------------------
    def groups(self) -> tuple[Any, list[int]]:
        """(group of each part as an int array, first part of each group): parts of a group have equal tails."""
        import numpy as np
        import pandas as pd

        n = self.n
        same_score = getattr(self.scores, "same_score_groups", None)
        if same_score is None or not n:   # a plain list of scores: no grouping
            return np.arange(n), list(range(n))
        mapping_codes = pd.factorize(np.fromiter(map(id, self.mappings), dtype=np.int64, count=n))[0]
        score_groups = np.asarray(same_score(), dtype=np.int64)
        self._score_groups = score_groups.tolist()
        combined = mapping_codes.astype(np.int64) * (int(score_groups.max()) + 1) + score_groups
        codes = pd.factorize(combined)[0]     # numbered in order of first appearance
        return codes, first_of_each(codes).tolist()

    def dicts(self) -> Iterator[dict[str, Any]]:
        """One JSON object per part, in BOM order (a generator: the writers stream them)."""
        codes, first = self.groups()
        tails = [self.tail(i) for i in first]
        for i, code in enumerate(codes.tolist()):
            yield {**self.head(i), **tails[code]}

    def indented_texts(self, indent: int) -> Iterator[str]:
        """Each part's ``json.dumps(part, ensure_ascii=False, indent=indent)``. The indenting encoder is pure
        Python, so each group's tail is dumped once and joined to the part's own head: ``{ head }`` without its
        closing line, a comma, and ``{ tail }`` without its opening line is the text of ``{ head, tail }``."""
        codes, first = self.groups()
        tails = [json.dumps(self.tail(i), ensure_ascii=False, indent=indent)[2:] for i in first]
        for i, code in enumerate(codes.tolist()):
            yield json.dumps(self.head(i), ensure_ascii=False, indent=indent)[:-2] + ",\n" + tails[code]

    def compact_batches(self, binary: bool, batch: int) -> Iterator[Any]:
        """Each part's ``json.dumps(part, ensure_ascii=False)``, joined by ", " ``batch`` parts at a time, built
        from the JSON text of each distinct cell value and of each group's tail, ``_CHUNK`` parts at a time. With
        ``binary``, parts that share their cells come as UTF-8 bytes (the others as text)."""
        import numpy as np

        codes, first = self.groups()
        many = len(first) > self.n * _SHARED_AT_MOST
        # Parts that share little (every row a different part): each chunk renders its own groups' tails, so that
        # the text of all of them is never held at once (it is most of the document).
        tails = None if many else \
            np.array([json.dumps(self.tail(i), ensure_ascii=False)[1:-1] for i in first], dtype=object)
        shared = None if tails is None else self._shared_heads(codes, tails)
        if shared is not None:   # rows that repeat a part: one text per distinct (row's cells, tail) after "row"
            yield from self._shared_batches(*shared, binary, batch)
            return
        columns = [self._head_column(c, k) for c, k in _HEAD]
        template = "{{" + ", ".join(f"{json.dumps(c)}: {{}}" for c, _k in _HEAD) + ", {}}}"
        for start in range(0, self.n, _CHUNK):
            stop = min(start + _CHUNK, self.n)
            if tails is not None:
                chunk_tails = tails[codes[start:stop]].tolist()
            else:
                local: dict[int, str] = {}
                chunk_tails = []
                for code in codes[start:stop].tolist():
                    text = local.get(code)
                    if text is None:
                        text = local[code] = json.dumps(self.tail(first[code]), ensure_ascii=False)[1:-1]
                    chunk_tails.append(text)
            texts = map(template.format, *(column(start, stop) for column in columns), chunk_tails)
            while parts := list(itertools.islice(texts, batch)):
                yield ", ".join(parts)

    def _shared_batches(self, combos: Any, texts: Any, binary: bool, batch: int) -> Iterator[Any]:
        """:meth:`compact_batches` of parts that repeat: part i is ``{"row": N, `` + ``texts[combos[i]]`` + ``}``.

        Each batch is one join of its pieces, with no text made per part: the combinations' texts are stored
        followed by what comes between two parts (``}, {"row": ``), so that ``{"row": `` + row₀ + ``, `` +
        text₀ + row₁ + ``, `` + text₁ … is the batch; only its last part's text has its own closing ``}``.
        A text made per part (1 KB, then copied again by the join) cost more than half of the assembly."""
        import numpy as np

        between = '}, {"row": '
        suffixed = [t + between for t in texts.tolist()]
        pieces_of: Any = ('{"row": ', between, "}", "", "%d, ")   # "%d" of an int is what json.dumps writes
        if binary:
            suffixed = [t.encode("utf-8") for t in suffixed]
            pieces_of = tuple(p.encode("utf-8") for p in pieces_of)
        start_part, between, end, empty, row_format = pieces_of
        row_text = row_format.__mod__
        cell_texts = np.array(suffixed + [None], dtype=object)[:-1]
        rows = self.parts["row"]
        for start in range(0, self.n, _CHUNK):
            stop = min(start + _CHUNK, self.n)
            values = rows.iloc[start:stop].tolist()
            cells = cell_texts[combos[start:stop]].tolist()
            for at in range(0, len(values), batch):
                k = min(batch, len(values) - at)
                pieces = [start_part] * (2 * k + 1)
                pieces[1::2] = map(row_text, values[at:at + k])
                pieces[2::2] = cells[at:at + k]
                pieces[-1] = pieces[-1][:-len(between)] + end
                yield empty.join(pieces)

    def _shared_heads(self, tail_codes: Any, tails: Any) -> tuple[Any, Any] | None:
        """(combination of each part, text of each combination): the text after ``"row": N, `` of every part,
        built once per distinct combination of its other cells and its tail. None when a column cannot be coded
        safely (see :meth:`_codes`), the row numbers are not plain integers, or the parts share too little for it
        to pay (every distinct text would be held at once)."""
        import numpy as np
        import pandas as pd

        if _HEAD[0] != ("row", "int") or self.parts["row"].dtype.kind not in "iu" or not self.n:
            return None
        coded = []
        key = np.asarray(tail_codes[:self.n], dtype=np.int64)
        for column, kind in _HEAD[1:]:
            found = self._codes(column, kind)
            if found is None:
                return None
            codes, texts = found
            codes = codes[:self.n]
            coded.append((column, codes, texts))
            key = pd.factorize(key * len(texts) + codes)[0].astype(np.int64)
        first = first_of_each(key)
        if len(first) > self.n * _SHARED_AT_MOST:
            return None
        # each combination's text: its cells' texts, each after its key's text, then the tail
        pieces = [np.array([f"{json.dumps(column)}: {text}" for text in texts], dtype=object)[codes[first]].tolist()
                  for column, codes, texts in coded]
        pieces.append(np.asarray(tails, dtype=object)[tail_codes[first]].tolist())
        return key, np.array(list(map(", ".join, zip(*pieces, strict=True))), dtype=object)

    def _codes(self, column: str, kind: str) -> tuple[Any, list[str]] | None:
        """(code of each part, JSON text of each code) for a column of texts or floats, None for any other
        column. Missing cells that are None or NaN all render as the same text; others (pd.NA, NaT) are not
        coded."""
        import numpy as np
        import pandas as pd

        series = self.parts[column]
        if kind in ("text", "description"):
            if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
                return None
        elif kind != "exact" or series.dtype.kind != "f":
            return None
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = [_fragment(_head_value(kind, v)) for v in uniques]
        missing = codes < 0
        if missing.any():
            if set(map(type, series.to_numpy(dtype=object)[missing])) - {type(None), float}:
                return None   # a missing value that is neither None nor a float NaN (pd.NA, NaT …)
            codes = np.where(missing, len(texts), codes)
            texts.append(_fragment(_head_value(kind, None)))
        return codes, texts

    def _head_column(self, column: str, kind: str) -> Callable[[int, int], list[str]]:
        """A function giving the JSON text of column ``column`` for parts ``start:stop``. Each distinct value is
        rendered once when the column's values can be told apart by hashing without merging values that render
        differently (1, 1.0 and True are one key; in a column of texts or of floats that cannot happen)."""
        import numpy as np
        import pandas as pd

        series = self.parts[column]
        dtype = series.dtype
        if kind in ("text", "description"):
            safe = pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")
        elif kind == "exact":
            safe = dtype.kind == "f"    # equal floats (0.0 and -0.0 too) give the same 15-digit figure
        else:
            safe = dtype.kind in "iu"

        def each(start: int, stop: int) -> list[str]:
            return [_fragment(_head_value(kind, v)) for v in series.iloc[start:stop].tolist()]

        def ints(start: int, stop: int) -> list[str]:   # int.__repr__ is what json.dumps writes for an int
            return list(map(str, series.iloc[start:stop].tolist()))

        if not safe:
            return each
        if kind == "int":
            return ints
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = np.array([_fragment(_head_value(kind, v)) for v in uniques] + [""], dtype=object)
        by_type: dict[type, str] = {}   # None and NaN render alike whatever the cell; pd.NA, NaT would not

        def distinct(start: int, stop: int) -> list[str]:
            part = codes[start:stop]
            out = texts[part].tolist()   # code -1 (a missing value) takes the "" placeholder ...
            missing = np.flatnonzero(part < 0).tolist()
            if missing:
                values = series.iloc[start:stop].tolist()
                for i in missing:        # ... replaced by that cell's own rendering
                    value = values[i]
                    if value is None or type(value) is float:
                        text = by_type.get(type(value))
                        if text is None:
                            text = by_type[type(value)] = _fragment(_head_value(kind, value))
                    else:
                        text = _fragment(_head_value(kind, value))
                    out[i] = text
            return out

        return distinct


def _document(assessment: Assessment, tr: Any, part_list: Any) -> dict[str, Any]:
    """The whole document with ``part_list`` as its ``parts`` (a list, or the streaming writer's marker)."""
    imported = assessment.mapped.imported
    kb_warn = [w.render(tr) for w in assessment.warnings]
    summary = assessment.summary
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "reerisk", "version": __version__},
        "input": {
            "path": imported.path,
            "format": imported.file_format,
            "sheet": imported.sheet,
            "header_row": imported.header_row,
            "columns": {f: c.header for f, c in imported.columns.items()},
            "encoding": imported.encoding,
            "delimiter": imported.delimiter,
        },
        "import": {
            "rows_total": imported.rows_total,
            "rows_imported": imported.rows_imported,
            "rows_skipped": [{"row": s.row, "sheet": s.sheet, "reason": s.render(tr), "code": s.code}
                             for s in imported.skipped],
            "sheets": [{"name": sh.name, "used": sh.used, "reason": sh.reason or None,
                        "header_row": sh.header_row, "rows_total": sh.rows_total,
                        "rows_imported": sh.rows_imported, "rows_skipped": sh.rows_skipped}
                       for sh in imported.sheet_results],
            "rows_blank": len(imported.blank_rows),
            "multi_level": imported.multi_level,
            "warnings": [w.render(tr) for w in imported.warnings],
        },
        "as_of": assessment.as_of.isoformat(),
        "scenario": assessment.scenario,
        "knowledge": {"version": assessment.knowledge_version, "as_of": assessment.knowledge_as_of,
                      "warnings": kb_warn},
        "assumptions": [a.render(tr) for a in assessment.assumptions],
        "parts": part_list,
        "elements": [{
            "symbol": e.symbol, "grams_total": _num(e.grams_total), "grams_low_total": _num(e.grams_low_total),
            "grams_high_total": _num(e.grams_high_total), "parts_count": e.parts_count,
            "parts_unquantified": e.parts_unquantified, "score": round(e.score, 2), "tier": e.tier,
            "controls": list(e.controls), "factors": [_factor(f, tr) for f in e.factors],
        } for e in assessment.elements],
        "controls": [{
            "id": c.control_id, "status": c.status, "treated_as": c.treated_as, "elements": list(c.elements),
            "note": c.note.render(tr) if c.note is not None else None,
        } for c in assessment.control_status],
        "summary": {
            "parts_total": summary.parts_total, "parts_with_ree": summary.parts_with_ree,
            "parts_controlled": summary.parts_controlled, "parts_from_china": summary.parts_from_china,
            "score": round(summary.score, 2), "tier": summary.tier, "tier_counts": dict(summary.tier_counts),
            "grams_per_unit": _num(summary.grams_per_unit),
            "parts_unclassified": int(getattr(summary, "parts_unclassified", 0)),
            "parts_not_fitted": int(getattr(summary, "parts_not_fitted", 0)),
            "verdict": [v.render(tr) for v in getattr(summary, "verdict", ())],
        },
        "recommendations": [{
            "kind": r.kind, "priority": r.priority, "elements": list(r.elements), "classes": list(r.classes),
            "text": r.text.render(tr), "sources": list(r.sources),
        } for r in assessment.recommendations],
    }
    return out
