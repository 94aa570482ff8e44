"""Stage 2: map each imported part to component classes and rare-earth grams per unit.

Order of precedence (docs/COMPONENTS.md §1, docs/PRODUCT.md "explicit data beats inference"):
(a) the user's part library, (b) declared REE content, (c) material / magnet grade (a ferrite or AlNiCo material
column vetoes NdFeB), (d) look-alike classes (no rare earths) named in the text, when at least as specific as
the best rare-earth match (a stated LED colour counts), (e) HS code: it confirms the class the text names, and
decides alone only for look-alikes and material classes (mass-fraction basis), (f) class keyword and pattern
rules. Negative keywords veto a class however it was reached.

How the rules read a part (docs/methodology.md, "How a part is recognised"): every text column of the row is
normalised and its Japanese, Chinese and other-language terms are rewritten to English by the vocabulary
(mapping/vocabulary.py), so one rule serves every language; matches found only in weak columns (maker, notes,
the row's other columns) or in the part's context ("for …", "…用", "with …", "…付き") count half, never veto and
never specialise; a class that specialises another (a drone motor is a brushless motor) wins over it.
Each unique combination of the inputs is mapped once and the result is shared by all rows that have it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.grouping import first_of_each
from desktop.core.knowledge.model import ComponentClass, Knowledge
from desktop.core.mapping import evidence as E
from desktop.core.mapping.declared import parse_declared
from desktop.core.mapping.leds import stated_colour, white_stated
from desktop.core.mapping.library import LibraryEntry, PartLibrary
from desktop.core.mapping.materials import find_grade, find_material, free_material_in_column
from desktop.core.mapping.measures import parse_measures
from desktop.core.mapping.quantities import class_quantity, find_package
from desktop.core.mapping.text import FIELD_SEP, Hit, Rules, normalise, rules_for
from desktop.core.mapping.text import weight as text_weight
from desktop.core.mapping.vocabulary import Canonical
from desktop.core.progress import Progress, check, gc_paused
from desktop.core.types import NO_MAPPING, ElementGrams, ImportResult, MappedTable, Message, PartMapping
from desktop.i18n import N_

#: The part columns whose text the class rules read, in order of weight.
TEXT_FIELDS: tuple[str, ...] = ("description", "name", "specification", "category", "material", "mpn", "notes",
                                 "manufacturer", "other_text")
#: Columns that only hint at what a part is (a maker's name, a comment, the row's other text columns such as
#: Value or Footprint): a class found only there counts half as specific and one confidence step lower. They are
#: still read in full, so that a colour in a Value column or a grade in a comment is never missed.
WEAK_FIELDS: frozenset[str] = frozenset({"notes", "manufacturer", "other_text"})
_CONF = ("high", "medium", "low")
_MAX_CLASSES = 5
#: Classes whose rare earths are in a white-LED phosphor: a stated colour (and no white) makes the part the
#: coloured-LED look-alike; no colour stated means white is assumed with low confidence.
_LED_CLASSES = frozenset({"led_package_phosphor", "led_assembly"})
_COLOURED_LED = "coloured_led"
#: Assembly classes (matched through a sub-component: a backlight, the LEDs of a signal tower or illuminated
#: switch). The BOM unit weight is the whole assembly's, so mass fractions of the sub-component are never
#: applied to it; the value names the sub-component for the evidence.
_ASSEMBLY_PARTS: dict[str, str] = {"led_assembly": N_("LEDs")}


def lower(confidence: str) -> str:
    """One step lower, never below "low"."""
    i = _CONF.index(confidence) if confidence in _CONF else len(_CONF) - 1
    return _CONF[min(i + 1, len(_CONF) - 1)]


@dataclass
class _Context:
    knowledge: Knowledge
    rules: Rules
    labels: dict[str, str]          # part field -> the BOM's header text (for evidence)
    candidates: dict[str, frozenset[int]] | None = None  # joined text -> rules that can match it
    prepared: dict[tuple[Any, ...], _Text] | None = None    # part texts -> rewritten, joined text
    #: (is the other-columns field, cell text) -> its rewrite and context spans (see :func:`_field`): distinct
    #: parts share most of their field values (one description, many specifications)
    fields: dict[tuple[bool, str], _Field] | None = None


#: One text field as the rules read it: its rewrite (None when empty) and its purpose and add-on spans.
_Field = tuple[Canonical | None, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class _Text:
    """One part's text fields as the rules read them: normalised, vocabulary terms rewritten to English, joined."""

    fields: tuple[str, ...]                        # per TEXT_FIELDS ("" when empty)
    canon: tuple[Canonical | None, ...]            # per TEXT_FIELDS: the way back to the user's words
    joined: str                                    # non-empty fields joined with FIELD_SEP
    spans: tuple[tuple[int, int, int], ...]        # (start, end, field index) of each field in ``joined``
    other_raw: str = ""                            # the other-columns text with its headers ("Value: GREEN")
    #: spans of ``joined`` that describe the part's context, not the part: what it is for ("for BLDC rotor",
    #: "ドローン用" …) and add-ons ("with encoder", "ブレーキ付き", "带编码器")
    minor: tuple[tuple[int, int], ...] = ()
    #: ``joined`` with the add-on spans blanked: a negative keyword in an add-on ("stepper motor with driver")
    #: does not veto the part itself
    negative_text: str = ""
    #: whether any weak column (see WEAK_FIELDS) has text
    weak: bool = False

    def field_at(self, pos: int) -> int | None:
        for start, end, index in self.spans:
            if start <= pos <= end:
                return index
        return None

    def in_minor(self, hit: Hit) -> bool:
        """Whether a hit lies inside one context span (purpose or add-on)."""
        return hit.start >= 0 and any(a <= hit.start and hit.end <= b for a, b in self.minor)

    def demoted(self, hit: Hit) -> bool:
        if not self.minor and not self.weak:   # most parts: nothing to demote (asked for every match)
            return False
        return self.only_weak(hit) or self.in_minor(hit)

    def only_weak(self, hit: Hit) -> bool:
        """Whether a hit lies only in weak columns (see WEAK_FIELDS)."""
        if hit.start < 0:
            return False
        fields = {i for start, end, i in self.spans if start < hit.end and hit.start < end}
        return bool(fields) and all(TEXT_FIELDS[i] in WEAK_FIELDS for i in fields)


#: An empty field, as :func:`_field` reads it.
_NO_FIELD: _Field = (None, (), ())


def _field(ctx: _Context, other: bool, t: str | None) -> _Field:
    """One field's rewrite and context spans; remembered per map run when ``ctx.fields`` is set."""
    key = (other, t or "")
    found = ctx.fields.get(key) if ctx.fields is not None else None
    if found is None:
        if other and t:
            t = _other_values(t)
        n = normalise(t) if t else ""
        c = ctx.rules.vocabulary.canonical(n) if n else None
        purpose, addon = _context_spans(c.text, c) if c is not None and c.text else ([], [])
        found = (c, tuple(purpose), tuple(addon))
        if ctx.fields is not None:
            ctx.fields[key] = found
    return found


def _prepare(ctx: _Context, texts: Sequence[str | None]) -> _Text:
    canon: list[Canonical | None] = []
    fields: list[str] = []
    context: list[_Field] = []
    other = TEXT_FIELDS.index("other_text")
    for i, t in enumerate(texts):
        field = _field(ctx, i == other, t) if t else _NO_FIELD   # most of the nine fields are empty
        c = field[0]
        canon.append(c)
        fields.append(c.text if c is not None else "")
        context.append(field)
    spans: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    minor: list[tuple[int, int]] = []
    addons: list[tuple[int, int]] = []
    pos = 0
    for i, f in enumerate(fields):
        if not f:
            continue
        if pieces:
            pos += len(FIELD_SEP)
        spans.append((pos, pos + len(f), i))
        purpose, addon = context[i][1], context[i][2]
        minor.extend((pos + a, pos + b) for a, b in (*purpose, *addon))
        addons.extend((pos + a, pos + b) for a, b in addon)
        pieces.append(f)
        pos += len(f)
    joined = FIELD_SEP.join(pieces)
    negative_text = joined
    if addons:
        chars = list(joined)
        for a, b in addons:
            chars[a:b] = " " * (b - a)
        negative_text = "".join(chars)
    weak = any(TEXT_FIELDS[i] in WEAK_FIELDS for _start, _end, i in spans)
    return _Text(tuple(fields), tuple(canon), joined, tuple(spans), texts[other] or "", tuple(minor), negative_text,
                 weak)


#: Where a phrase ends: punctuation (ASCII and CJK) or a field separator.
_BREAK = ",;|()[]{}、，；。（）【】"
_FOR = re.compile(r"(?<![a-z0-9])(for|fuer|für)(?![a-z0-9])[^,;|()\[\]{}、，；。（）【】]*")
_WITH = re.compile(r"(?<![a-z0-9])(with|w/|incl\.?|including|plus)(?![a-z0-9])[^,;|()\[\]{}、，；。（）【】]*"
                   r"|带[^,;|()\[\]{}、，；。（）【】]*")
_ATTACHED = re.compile(r"[^,;|()\[\]{}、，；。（）【】]*付き")
#: the literal words each regex above needs (a match holds one of them)
_FOR_WORDS = ("for", "fuer", "für")
_WITH_WORDS = ("with", "w/", "incl", "plus", "带")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(map(text.__contains__, words))


def _context_spans(text: str, canon: Canonical | None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Purpose and add-on spans of one rewritten field.

    Purpose: English "for …" up to the next punctuation; Japanese/Chinese "…用" (X用Y is "Y for X": what stands
    before 用, back to the last punctuation, is the purpose). Add-ons: "with …", "w/ …", "incl. …", Chinese
    "带…", Japanese "…付き". General grammar of part names in the three languages; the head noun is the part.
    """
    # each regex needs one of its words in the text: asked first, as most fields hold none (and _ATTACHED, led
    # by a repeated set, tries every position)
    purpose = [m.span() for m in _FOR.finditer(text)] if _has_any(text, _FOR_WORDS) else []
    addon = [m.span() for m in _WITH.finditer(text)] if _has_any(text, _WITH_WORDS) else []
    if "付き" in text:
        addon += [m.span() for m in _ATTACHED.finditer(text)]
    if canon is not None:
        for c0, _c1, o0, o1 in canon.pieces:
            if canon.original[o0:o1] == "用":
                start = max((text.rfind(ch, 0, c0) for ch in _BREAK), default=-1) + 1
                if start < c0:
                    purpose.append((start, c0))
    return purpose, addon


def _other_values(text: str) -> str:
    """The values of the row's other text columns ("Footprint: LED_0603 | Value: GREEN" -> "LED_0603 | GREEN"):
    the rules read what the cells say, not their headers (a "Footprint" header is no motor footprint)."""
    return " | ".join(p.split(":", 1)[1].strip() if ":" in p else p.strip() for p in text.split(" | "))


def _prepared(ctx: _Context, texts: Sequence[str | None]) -> _Text:
    key = tuple(texts)
    if ctx.prepared is None:
        return _prepare(ctx, texts)
    found = ctx.prepared.get(key)
    if found is None:
        found = ctx.prepared[key] = _prepare(ctx, texts)
    return found


#: Distinct texts gated per chunk, and rows mapped between two cancellation checks (each well under 100 ms).
GATE_CHUNK = 500
CHECK_EVERY = 16
ROW_CHUNK = 20_000


def map_parts(imported: ImportResult, knowledge: Knowledge, library: PartLibrary | None = None,
              progress: Progress | None = None) -> MappedTable:
    """Map every imported part to classes, element grams per unit, confidence and evidence.

    Args:
        imported: the importer's result; ``imported.parts`` has the PART_COLUMNS.
        knowledge: the knowledge base (classes, profiles).
        library: the user's part overrides (by part number, then MPN).
        progress: progress sink; cancellation raises ``Cancelled``.

    Returns:
        A MappedTable whose ``mappings[i]`` belongs to ``imported.parts.iloc[i]``.
    """
    with gc_paused():   # the mappings, prepared texts and row keys are long-lived: see gc_paused
        return _map_parts(imported, knowledge, library, progress)


def _map_parts(imported: ImportResult, knowledge: Knowledge, library: PartLibrary | None,
               progress: Progress | None) -> MappedTable:
    ctx = _Context(knowledge, rules_for(knowledge.classes, knowledge.vocabulary), _labels(imported), prepared={},
                   fields={})
    parts = imported.parts
    n = len(parts)
    get: dict[str, list[Any]] = {}
    # the part number only finds library entries: without a library its column is not read
    for c in (*TEXT_FIELDS, *(("part_number",) if library else ()), "hs_code", "declared_ree", "unit_weight_g"):
        check(progress)   # each column is a pass over every row
        get[c] = _column(parts, c, n)
    if library:   # a part-library entry is looked up row by row (by part number, then MPN)
        texts: list[tuple[Any, ...]] = []
        for start in range(0, n, ROW_CHUNK):   # in chunks: one C call over every row holds the GIL (and the GUI)
            check(progress)
            texts.extend(zip(*(get[f][start:start + ROW_CHUNK] for f in TEXT_FIELDS), strict=True))
        seen: dict[tuple[Any, ...], None] = {}
        for start in range(0, n, ROW_CHUNK):
            check(progress)
            seen.update(dict.fromkeys(texts[start:start + ROW_CHUNK]))
        distinct = list(seen)
    else:         # rows grouped by their text fields in C: only the distinct ones are made into tuples
        text_rows, firsts = _groups([get[f] for f in TEXT_FIELDS], progress)
        distinct = [tuple(get[f][i] for f in TEXT_FIELDS) for i in firsts]
    gate_share = 0.0
    if n > 200:
        # Gate the class rules for all distinct texts (see Rules.candidates) – in chunks, so that Cancel is
        # honoured within a fraction of a second even with hundreds of thousands of distinct texts.
        gate_share = 0.3
        joined: set[str] = set()
        for start in range(0, len(distinct), GATE_CHUNK):
            check(progress)
            joined.update(_prepared(ctx, key).joined for key in distinct[start:start + GATE_CHUNK])
            if progress is not None:
                progress.update(gate_share * 0.5 * start / len(distinct), "")
        ordered = sorted(joined)
        candidates: dict[str, frozenset[int]] = {}
        for start in range(0, len(ordered), GATE_CHUNK):
            check(progress)
            candidates.update(ctx.rules.candidates(ordered[start:start + GATE_CHUNK]))
            if progress is not None:
                progress.update(gate_share * (0.5 + 0.5 * start / len(ordered)), "")
        ctx.candidates = candidates
    warnings: list[Message] = []
    if library:
        mappings = _map_rows(ctx, get, texts, n, library, warnings, gate_share, progress)
    else:
        mappings = _map_groups(ctx, get, text_rows, distinct, n, gate_share, progress)
    if progress is not None:
        progress.update(1.0, "")
    unmapped = sum(1 for m in mappings if m.method == "none")
    if unmapped:
        warnings.append(E.unmapped_count(unmapped))
    return MappedTable(imported=imported, mappings=tuple(mappings), warnings=tuple(warnings))


def _map_rows(ctx: _Context, get: dict[str, list[Any]], texts: list[tuple[Any, ...]], n: int, library: PartLibrary,
              warnings: list[Message], gate_share: float, progress: Progress | None) -> list[PartMapping]:
    """Row by row, with the part library: each distinct (texts, HS code, declaration, weight) is mapped once."""
    cache: dict[tuple[Any, ...], PartMapping] = {}
    lib_cache: dict[int, PartMapping] = {}
    mappings: list[PartMapping] = []
    report_every = max(CHECK_EVERY, n // 200)
    for i in range(n):
        if i % CHECK_EVERY == 0:   # a new text costs up to a few ms to map: check often (the check is cheap)
            check(progress)
            if progress is not None and i % report_every == 0:
                progress.update(gate_share + (1.0 - gate_share) * i / n if n else 1.0, "")
        weight = _weight(get["unit_weight_g"][i])
        entry = library.lookup(get["part_number"][i], get["mpn"][i])
        if entry is not None:
            m = lib_cache.get(id(entry))
            if m is None:
                m = _from_library(entry, ctx, texts[i], weight, warnings)
                lib_cache[id(entry)] = m
            mappings.append(m)
            continue
        key = (texts[i], get["hs_code"][i], get["declared_ree"][i], weight)
        m = cache.get(key)
        if m is None:
            m = _map_one(ctx, texts[i], get["hs_code"][i], get["declared_ree"][i], weight)
            cache[key] = m
        mappings.append(m)
    return mappings


def _map_groups(ctx: _Context, get: dict[str, list[Any]], text_rows: Any, distinct: list[tuple[Any, ...]], n: int,
                gate_share: float, progress: Progress | None) -> list[PartMapping]:
    """Without a part library: the same result as :func:`_map_rows` (each distinct (texts, HS code, declaration,
    weight) mapped once, in order of first appearance), with the rows grouped by ``pandas.factorize`` instead of
    a Python loop over every row."""
    import numpy as np
    import pandas as pd

    raw_weights = get["unit_weight_g"]
    codes, uniques = pd.factorize(np.array(raw_weights, dtype=object), use_na_sentinel=False)
    # equal cells (1 and 1.0, None and NaN) give the same weight, and equal weights one code
    weight_of = [_weight(v) for v in uniques]
    weight_codes = pd.factorize(np.array(weight_of + [None], dtype=object), use_na_sentinel=False)[0][:-1][codes]
    keys, firsts = _groups([text_rows, get["hs_code"], get["declared_ree"], weight_codes], progress)
    found: list[PartMapping] = []
    for k, i in enumerate(firsts):
        if k % CHECK_EVERY == 0:
            check(progress)
            if progress is not None:
                progress.update(gate_share + (1.0 - gate_share) * k / len(firsts), "")
        found.append(_map_one(ctx, distinct[text_rows[i]], get["hs_code"][i], get["declared_ree"][i],
                              weight_of[codes[i]]))
    return list(map(found.__getitem__, keys.tolist()))


def _groups(columns: list[Any], progress: Progress | None) -> tuple[Any, list[int]]:
    """(group of each row, first row of each group): rows whose values are equal in every column share a group;
    groups are numbered in order of first appearance. A column is a list of texts/None or an array of codes."""
    import numpy as np
    import pandas as pd

    key: Any = None
    numbered = False   # whether ``key`` is already numbered in order of first appearance
    for values in columns:
        check(progress)
        if isinstance(values, list) and values.count(None) == len(values):
            # An empty column (most BOMs lack most text fields) is one group and splits none: combining it would
            # only renumber the key in order of first appearance, so it is not hashed.
            if key is None:
                key = np.zeros(len(values), dtype=np.int64)
            elif not numbered:
                key = pd.factorize(key)[0]
            numbered = True
            continue
        if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
            codes = values.astype(np.int64)
            numbered = key is not None
        else:
            codes = pd.factorize(np.array(values, dtype=object), use_na_sentinel=False)[0].astype(np.int64)
            numbered = True
        key = codes if key is None else pd.factorize(key * (int(codes.max(initial=0)) + 1) + codes)[0]
    if key is None or not len(key):
        return np.zeros(0, dtype=np.int64), []
    # Groups numbered 0, 1, 2 … in order of first appearance (as pandas.factorize numbers them): their first rows
    # in one pass instead of sorting. Checked (the key may be an integer column as it came), else sorted after all.
    firsts = first_of_each(key)
    if key.min() >= 0 and key.max() == len(firsts) - 1 and np.array_equal(key[firsts], np.arange(len(firsts))):
        return key, firsts.tolist()
    return key, np.unique(key, return_index=True)[1].tolist()


# -- inputs ------------------------------------------------------------------------------------------------------

def _column(parts: Any, name: str, n: int) -> list[Any]:
    if name not in parts.columns:
        return [None] * n
    values = parts[name].tolist()
    if name == "unit_weight_g" or values.count(None) == n:   # an empty column needs no pass in Python
        return values
    # a text cell (the usual case) is kept as it is: str(v) of a str is v itself
    return [v if type(v) is str else None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
            for v in values]


def _weight(value: Any) -> float | None:
    try:
        w = float(value)
    except (TypeError, ValueError):
        return None
    return w if math.isfinite(w) and w > 0 else None


def _labels(imported: ImportResult) -> dict[str, str]:
    labels = {f: f for f in TEXT_FIELDS}
    labels["other_text"] = E.ev(E.OTHER_COLUMNS)   # type: ignore[assignment]  # rendered in the reader's language
    for f, choice in (imported.columns or {}).items():
        if f in labels and choice.header:
            labels[f] = choice.header
    return labels


# -- one part ----------------------------------------------------------------------------------------------------

def _map_one(ctx: _Context, texts: Sequence[str | None], hs: str | None, declared: str | None,
             weight: float | None) -> PartMapping:
    text = _prepared(ctx, texts)
    fields, joined = text.fields, text.joined
    material = fields[TEXT_FIELDS.index("material")]
    classes = ctx.knowledge.classes
    hits = ctx.rules.hits(joined, ctx.candidates.get(joined) if ctx.candidates is not None else None,
                          negative_text=text.negative_text, demote=text.demoted) if joined else []
    matched = tuple(h.class_id for h in hits)
    hits = _led_colour_veto(hits, joined, classes)
    ree_hits = [h for h in hits if classes[h.class_id].kind != "lookalike"]
    look_hits = [h for h in hits if classes[h.class_id].kind == "lookalike"]
    best_ree = ree_hits[0] if ree_hits else None
    best_look = look_hits[0] if look_hits else None
    look_wins = best_look is not None and (best_ree is None or best_look.weight >= best_ree.weight)
    others = tuple(dict.fromkeys((*(h.class_id for h in hits), *matched)))   # every class that matched, best first

    # (b) declared content
    dec = parse_declared(declared, weight)
    if dec is not None:
        ids = _ids(best_ree.class_id if best_ree and not look_wins else None, others, classes)
        if dec.free:
            return PartMapping(ids, {}, "high", (E.ev(E.DECLARED_FREE, text=declared),), "declared", True)
        elements = {s: ElementGrams(g, g, g) for s, g in dec.grams.items()}
        ev: list[Message] = [E.ev(E.DECLARED, text=declared)]
        for s in dec.percent_without_weight:
            elements.setdefault(s, ElementGrams(None, None, None))
        if dec.percent_without_weight:
            ev.append(E.ev(E.DECLARED_PERCENT_NO_WEIGHT))
        return PartMapping(ids, elements, "high", tuple(ev), "declared")

    # (c) magnet grade or material; a rare-earth-free material in the material column vetoes any NdFeB grade
    free_in_column = free_material_in_column(material)
    grade = None if free_in_column is not None else find_grade(joined, material)
    mat = free_in_column or find_material(joined, material)
    if mat is not None and mat.profile is None and grade is None:
        free_cls = classes.get(mat.class_id)
        if free_cls is not None:
            free_ev = (E.ev(E.MATERIAL_FREE, material=mat.label, name=_name(free_cls)),)
            return PartMapping(_ids(free_cls.id, others, classes), {}, free_cls.confidence, free_ev, "material", True)
    found = grade or (mat if mat is not None and mat.profile else None)
    if found is not None and found.profile is not None and found.profile in ctx.knowledge.profiles:
        profile = ctx.knowledge.profiles[found.profile]
        device = classes[best_ree.class_id] if best_ree is not None and not look_wins else None
        if device is None or device.basis != "magnet":
            device = classes.get(found.class_id)
        if device is not None:
            msgid = E.GRADE if found.is_grade else E.MATERIAL
            key = "grade" if found.is_grade else "material"
            ev = [E.ev(msgid, **{key: found.label}, profile=E.local(profile.name, profile.name_ja or None))]
            if best_ree is not None and best_ree.class_id == device.id:
                ev.append(_keyword_ev(ctx, best_ree, text))
            q = class_quantity(device, ctx.knowledge, profile_id=profile.id, unit_weight_g=weight,
                               measures=parse_measures(joined))
            conf = "medium" if profile.confidence == "high" else profile.confidence
            return PartMapping(_ids(device.id, others, classes), q.elements, conf, (*ev, *q.evidence),
                               "grade" if found.is_grade else "material")

    # (d) a look-alike named in the text vetoes (when at least as specific as the best rare-earth match)
    if look_wins and best_look is not None:
        cls = classes[best_look.class_id]
        look_ev = (_keyword_ev(ctx, best_look, text), E.ev(E.LOOKALIKE, name=_name(cls)))
        return PartMapping(_ids(cls.id, others, classes), {}, cls.confidence, look_ev, "keyword", True)

    # (e) HS code: it names a product family. It confirms a class the text names; on its own it decides only
    # for a look-alike or a material/component class (mass-fraction basis: magnets, NiMH, LED packages, MLCC …).
    # Device codes (small motors, relays, ICs, instruments) cover magnet-free designs too.
    found_hs = ctx.rules.hs_candidates(hs) if hs else None
    if found_hs is not None:
        candidates, code = found_hs
        resolved = ctx.rules.hs_class(hs or "")
        to_lookalike = resolved is not None and classes[resolved[0]].kind == "lookalike"
        confirmed = next((h for h in ree_hits if h.class_id in candidates and not (h.generic and to_lookalike)),
                         None)
        if confirmed is not None:
            cls = classes[confirmed.class_id]
            ev = [E.ev(E.HS_CODE, code=code, name=_name(cls))]
            return _ree_mapping(ctx, cls, confirmed, text, joined, weight, _ids(cls.id, others, classes), ev, "hs_code")
        hs_cls = classes[resolved[0]] if resolved is not None else None
        if hs_cls is not None and not ctx.rules.vetoed(hs_cls.id, joined):
            ev = [E.ev(E.HS_CODE, code=code, name=_name(hs_cls))]
            if hs_cls.kind == "lookalike":
                ev.append(E.ev(E.LOOKALIKE, name=_name(hs_cls)))
                return PartMapping(_ids(hs_cls.id, others, classes), {}, hs_cls.confidence, tuple(ev), "hs_code", True)
            if hs_cls.basis == "mass_fraction":
                return _ree_mapping(ctx, hs_cls, None, text, joined, weight, others, ev, "hs_code")

    # (f) class keyword and pattern rules
    if best_ree is not None:
        cls = classes[best_ree.class_id]
        return _ree_mapping(ctx, cls, best_ree, text, joined, weight, others, [], "keyword")
    return NO_MAPPING


def _led_colour_veto(hits: list[Hit], joined: str, classes: Any) -> list[Hit]:
    """A colour stated anywhere in an LED part's text (and no white) makes it the coloured-LED look-alike."""
    if _COLOURED_LED not in classes or not any(h.class_id in _LED_CLASSES for h in hits):
        return hits
    colour = stated_colour(joined)
    if colour is None:
        return hits
    kept = [h for h in hits if h.class_id not in _LED_CLASSES]
    if not any(h.class_id == _COLOURED_LED for h in kept):
        led = max((h for h in hits if h.class_id in _LED_CLASSES), key=lambda h: h.weight)
        at = joined.find(colour)
        kept.insert(0, Hit(_COLOURED_LED, colour, max(led.weight, text_weight(colour)), False, 1, False,
                           at, at + len(colour) if at >= 0 else -1))
    return kept


def _ree_mapping(ctx: _Context, cls: ComponentClass, hit: Hit | None, text: _Text, joined: str,
                 weight: float | None, others: tuple[str, ...], ev: list[Message], method: str) -> PartMapping:
    confidence = cls.confidence
    if hit is not None:
        ev.append(_keyword_ev(ctx, hit, text))
    if cls.id in _LED_CLASSES:          # the stated colour (white) is the evidence that matters here
        if not white_stated(joined):
            confidence = "low"
            ev.append(E.ev(E.LED_COLOUR_UNKNOWN))
    elif hit is not None and hit.generic and method != "hs_code":   # an HS code confirming it is not weak
        confidence = lower(confidence)
        ev.append(E.ev(E.WEAK_MATCH))
    if hit is not None and method != "hs_code" and text.only_weak(hit):
        confidence = lower(confidence)
        ev.append(E.ev(E.WEAK_COLUMN))
    package = find_package(joined) if cls.kind == "trace" else None
    parts = _ASSEMBLY_PARTS.get(cls.id)
    q = class_quantity(cls, ctx.knowledge, unit_weight_g=None if parts else weight, package=package,
                       measures=None if parts else parse_measures(joined))
    ev.extend(q.evidence)
    if parts is not None:
        ev.append(E.ev(E.ASSEMBLY_WEIGHT if weight else E.ASSEMBLY_NO_GRAMS, parts=E.ev(parts)))
    if cls.kind == "trace":
        ev.append(E.ev(E.TRACE))
    return PartMapping(_ids(cls.id, others, ctx.knowledge.classes), q.elements, confidence, tuple(ev), method)


def _from_library(entry: LibraryEntry, ctx: _Context, texts: Sequence[str | None], weight: float | None,
                  warnings: list[Message]) -> PartMapping:
    who = entry.author or E.ev(E.NOBODY)
    when = entry.date or E.ev(E.UNDATED)
    note = (E.ev(E.LIBRARY_NOTE, note=entry.note),) if entry.note else ()
    cls = ctx.knowledge.classes.get(entry.class_id) if entry.class_id else None
    if entry.class_id and cls is None:
        warnings.append(E.ev(E.UNKNOWN_LIBRARY_CLASS, key=entry.part_number or entry.mpn, class_id=entry.class_id))
    ids = (cls.id,) if cls is not None else ()
    if entry.is_declaration and (entry.grams or entry.rare_earth_free):   # else: a class, as any entry
        return _declared(entry, ids, ctx, note)
    if entry.rare_earth_free:
        return PartMapping(ids, {}, "high", (E.ev(E.LIBRARY_FREE, author=who, date=when), *note), "library", True)
    if entry.grams:
        return PartMapping(ids, dict(entry.grams), "high", (E.ev(E.LIBRARY_GRAMS, author=who, date=when), *note),
                           "library")
    if cls is None:
        return NO_MAPPING
    ev: list[Message] = [E.ev(E.LIBRARY_CLASS, name=_name(cls), author=who, date=when), *note]
    if cls.kind == "lookalike":
        return PartMapping(ids, {}, "high", tuple(ev), "library", True)
    joined = _prepared(ctx, texts).joined
    package = find_package(joined) if cls.kind == "trace" else None
    q = class_quantity(cls, ctx.knowledge, unit_weight_g=weight, package=package, measures=parse_measures(joined))
    return PartMapping(ids, q.elements, cls.confidence, (*ev, *q.evidence), "library")


def _declared(entry: LibraryEntry, ids: tuple[str, ...], ctx: _Context, note: tuple[Message, ...]) -> PartMapping:
    """A supplier's declaration (survey workbook or IPC-1752A file) stored in the part library: its grams, or
    "contains none", with confidence high and method ``declared``; the evidence names the supplier and the file.
    The declared origin country, when it is one the knowledge base knows, feeds the supplier-country factor."""
    from desktop.core.knowledge import normalise_country

    supplier = entry.supplier or E.ev(E.UNKNOWN_SUPPLIER)
    when = entry.date or E.ev(E.UNDATED)
    origin = normalise_country(entry.origin_country, ctx.knowledge) if entry.origin_country else None
    extra = (E.ev(E.DECLARED_ORIGIN, country=entry.origin_country),) if entry.origin_country else ()
    if entry.rare_earth_free:
        ev = (E.ev(E.DECLARED_FREE_BY, supplier=supplier, file=entry.file or "-", date=when), *extra, *note)
        return PartMapping(ids, {}, "high", ev, "declared", True, origin_country=origin)
    grams = "; ".join(f"{s} {g.grams:g} g" for s, g in entry.grams.items() if g.grams is not None)
    ev = (E.ev(E.DECLARED_BY, supplier=supplier, file=entry.file or "-", date=when, elements=grams), *extra, *note)
    return PartMapping(ids, dict(entry.grams), "high", ev, "declared", origin_country=origin)


# -- helpers -----------------------------------------------------------------------------------------------------

def _ids(first: str | None, others: tuple[str, ...], classes: Mapping[str, ComponentClass]) -> tuple[str, ...]:
    """The part's classes, the chosen one first, then the other classes that matched. A class the chosen one
    specialises is not an alternative but its general form (a drone motor is a brushless motor; a loudspeaker holds
    a magnet), and a class it excludes is one the part can never be (a SmCo or ferrite magnet is never a sintered
    NdFeB magnet, which the generic word "magnet" matches too): both are left out, so the list never reads as two
    different parts. Only the list changes: the chosen class is the ranking's."""
    chosen = classes.get(first) if first else None
    dropped = {*chosen.specialises, *chosen.excludes} if chosen is not None else set()
    ordered = ((first,) if first else ()) + tuple(c for c in others if c not in dropped)
    return tuple(dict.fromkeys(ordered))[:_MAX_CLASSES]


def _name(cls: ComponentClass) -> E.LocalText:
    return E.local(cls.name_en, cls.name_ja)


def _keyword_ev(ctx: _Context, hit: Hit, text: _Text) -> Message:
    """"keyword X in column Y", quoting the user's own words (not the English rewrite the rules read)."""
    index = text.field_at(hit.start) if hit.start >= 0 else None
    if index is None:
        return E.ev(E.KEYWORD, keyword=hit.text, column=ctx.labels["description"])
    field_start = next(start for start, _end, i in text.spans if i == index)
    end_index = text.field_at(hit.end)
    canon = text.canon[index]
    if end_index == index and canon is not None:
        keyword = canon.quote(hit.start - field_start, hit.end - field_start)
    else:   # a pattern across columns: its first and last words
        pieces = [p.strip() for p in hit.text.split(FIELD_SEP.strip()) if p.strip()] or [hit.text]
        keyword = f"{pieces[0]} … {pieces[-1]}"
    return E.ev(E.KEYWORD, keyword=keyword, column=_column_label(ctx, TEXT_FIELDS[index], text.other_raw, keyword))


def _column_label(ctx: _Context, field: str, other_raw: str, keyword: str) -> str:
    """The BOM header of the column; for the row's other text columns, the header written before the text."""
    if field == "other_text":
        for piece in other_raw.split(" | "):
            header, _, value = piece.partition(":")
            if value and keyword in normalise(value):
                return header.strip()
    return ctx.labels.get(field, field)
