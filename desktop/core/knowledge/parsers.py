"""Parsers for each knowledge-base file: YAML data -> validated model objects.

Each function takes the already-read YAML document of one file and a :class:`~.fields.Context`, and raises
:class:`~desktop.core.errors.KnowledgeError` naming file, record and field on the first problem.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from desktop.core.knowledge.fields import (
    CONFIDENCES,
    SYMBOLS,
    Context,
    Record,
    file_error,
    record_label,
    show,
)
from desktop.core.knowledge.model import (
    BASES,
    CLASS_KINDS,
    CONTROL_KINDS,
    STAGES,
    ComponentClass,
    Control,
    Country,
    Element,
    Figure,
    MagnetSpec,
    MaterialProfile,
    Producer,
    Range,
    Source,
    SupplyOption,
    VocabularyTerm,
)

ELEMENT_GROUPS = ("light", "heavy", "separate")
SUPPLY_FORMS = ("concentrate", "oxide", "metal", "alloy", "magnet", "recycled")
SUPPLY_STATUSES = ("operating", "ramping", "construction", "development", "planned", "not_an_alternative")
_ISO2 = re.compile(r"^[A-Z]{2}$")


def records(doc: Any, file: str, key: str) -> list[Any]:
    """The list of records under ``key`` (a top-level list is accepted too)."""
    if isinstance(doc, Mapping):
        if key not in doc:
            raise file_error(file, f"missing the top-level '{key}:' list")
        doc = doc[key]
    if doc is None:
        return []
    if not isinstance(doc, list):
        raise file_error(file, f"'{key}' must be a list of records")
    return doc


def _unique(rec: Record, seen: set[str], value: str, field: str = "id") -> None:
    if value in seen:
        raise rec.error(field, f"duplicate id {show(value)}")
    seen.add(value)


# -- sources.yaml, countries.yaml, meta.yaml ---------------------------------------------------------------------
def parse_sources(doc: Any, ctx: Context, file: str = "sources.yaml") -> dict[str, Source]:
    out: dict[str, Source] = {}
    for i, item in enumerate(records(doc, file, "sources")):
        rec = Record(file, record_label(item, i), item, ctx)
        sid = rec.text("id")
        _unique(rec, set(out), sid)
        out[sid] = Source(
            id=sid, title=rec.text("title"), year=rec.integer("year"), url=rec.text("url", required=False),
            publisher=rec.text("publisher", required=False), read_via=rec.text("read_via", required=False),
            quality=rec.choice("quality", CONFIDENCES, required=False), note=rec.text("note", required=False),
        )
    return out


def parse_countries(doc: Any, ctx: Context, file: str = "countries.yaml") -> dict[str, Country]:
    out: dict[str, Country] = {}
    for i, item in enumerate(records(doc, file, "countries")):
        rec = Record(file, record_label(item, i, "code"), item, ctx)
        code = rec.text("code")
        if not _ISO2.match(code):
            raise rec.error("code", f"{show(code)} is not a two-letter upper-case ISO code")
        _unique(rec, set(out), code, "code")
        out[code] = Country(code=code, name_en=rec.text("name_en"), name_ja=rec.text("name_ja"),
                            aliases=rec.texts("aliases"))
    return out


def parse_meta(doc: Any, ctx: Context, file: str = "meta.yaml") -> dict[str, Any]:
    rec = Record(file, "meta", doc if doc is not None else {}, ctx)
    warnings_en, warnings_ja = list(rec.texts("warnings_en")), list(rec.texts("warnings_ja"))
    raw = rec.raw("warnings")
    if raw is not None:  # alternative shape: warnings: [{en: ..., ja: ...}]
        if not isinstance(raw, list):
            raise rec.error("warnings", "expected a list of {en, ja} items")
        for j, w in enumerate(raw):
            sub = rec.sub(f"warnings[{j}]", w)
            warnings_en.append(sub.text("en"))
            warnings_ja.append(sub.text("ja", required=False) or sub.text("en"))
    return {
        "version": rec.text("version"), "as_of": rec.date("as_of", required=True),
        "compiled_on": rec.date("compiled_on"), "title": rec.text("title"),
        "warnings_en": tuple(warnings_en), "warnings_ja": tuple(warnings_ja),
    }


# -- elements.yaml -----------------------------------------------------------------------------------------------
def _stage_figures(rec: Record, field: str) -> dict[str, Figure]:
    value = rec.raw(field)
    if value is None:
        return {}
    sub = rec.sub(field, value)
    out: dict[str, Figure] = {}
    for stage in sub.data:
        if stage not in STAGES:
            raise sub.error(str(stage), f"unknown stage (expected one of: {', '.join(STAGES)})")
        fig = sub.figure(stage, share=True)
        if fig is not None:
            out[stage] = fig
    return out


def parse_elements(doc: Any, ctx: Context, file: str = "elements.yaml") -> dict[str, Any]:
    """Returns ``elements`` (symbol -> Element, atomic-number order), ``stage_defaults``, ``producers`` and
    ``eol_rir_group``."""
    if not isinstance(doc, Mapping):
        raise file_error(file, "expected a mapping with 'elements:' and 'stage_defaults:'")
    found: dict[str, Element] = {}
    for i, item in enumerate(records(doc, file, "elements")):
        rec = Record(file, record_label(item, i, "symbol"), item, ctx)
        sym = rec.symbol_of("symbol", rec.raw("symbol", required=True))
        _unique(rec, set(found), sym, "symbol")
        found[sym] = Element(
            # An explicit null passes as None today (integer() returns its default); raising would change behaviour.
            symbol=sym, atomic_number=rec.integer("atomic_number", required=True),  # type: ignore[arg-type]
            name_en=rec.text("name_en"), name_ja=rec.text("name_ja"),
            group=rec.choice("group", ELEMENT_GROUPS), cn_group=rec.text("cn_group", required=False),
            uses_en=rec.texts("uses_en"), uses_ja=rec.texts("uses_ja"),
            china_share=_stage_figures(rec, "china_share"),
            eol_rir=rec.figure("eol_rir", share=True), substitutability=rec.figure("substitutability", share=True),
            price=rec.figure("price"), notes=rec.text("notes", required=False), sources=rec.sources("sources"),
        )
    missing = [s for s in SYMBOLS if s not in found]
    if missing:
        raise file_error(file, f"missing element(s): {', '.join(missing)} (all 17 rare earths are required)")
    top = Record(file, "(top level)", doc, ctx)
    defaults = _stage_figures(top, "stage_defaults")
    if not defaults:
        raise top.error("stage_defaults", "missing the all-REE China share by stage")
    producers: list[Producer] = []
    for i, item in enumerate(records(doc.get("producers") or [], file, "producers")):
        rec = Record(file, f"producers #{i + 1}", item, ctx)
        country = rec.countries("country", extra=("OTHER",))
        if len(country) != 1:
            raise rec.error("country", "exactly one country code is required")
        src = rec.source("source", required=True)
        producers.append(Producer(country=country[0], share=rec.number("share", low=0.0, high=1.0),
                                  tonnes=rec.number("tonnes", low=0.0), year=rec.integer("year"), source=src,
                                  note=rec.text("note", required=False)))
    ordered = dict(sorted(found.items(), key=lambda kv: kv[1].atomic_number))
    return {"elements": ordered, "stage_defaults": defaults, "producers": tuple(producers),
            "eol_rir_group": top.figure("eol_rir_group", share=True)}


# -- controls.yaml -----------------------------------------------------------------------------------------------
def parse_controls(doc: Any, ctx: Context, file: str = "controls.yaml") -> tuple[Control, ...]:
    items = records(doc, file, "controls")
    ids = {record_label(item, i) for i, item in enumerate(items)}
    out: list[Control] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        rec = Record(file, record_label(item, i), item, ctx)
        cid = rec.text("id")
        _unique(rec, seen, cid)
        elements, all_elements = rec.symbols("elements")
        codes_raw = rec.raw("control_codes") or {}
        codes_rec = rec.sub("control_codes", codes_raw)
        codes = {codes_rec.symbol_of(str(k), k): codes_rec.text(str(k)) for k in codes_rec.data}
        destinations = rec.countries("destinations", allow_all=True) or ("all",)
        dates = {f: rec.date(f) for f in ("announced", "effective", "ended", "suspended_from", "suspended_until")}
        if dates["announced"] and dates["effective"] and dates["effective"] < dates["announced"]:
            raise rec.error("effective", f"{dates['effective']} is before the announcement ({dates['announced']})")
        start = dates["effective"] or dates["announced"]
        if dates["ended"] and start and dates["ended"] < start:
            raise rec.error("ended", f"{dates['ended']} is before the measure started ({start})")
        s_from, s_until = dates["suspended_from"], dates["suspended_until"]
        if (s_from is None) != (s_until is None):
            raise rec.error("suspended_until" if s_until is None else "suspended_from",
                            "suspended_from and suspended_until must be given together")
        if s_from and s_until and s_until < s_from:
            raise rec.error("suspended_until", f"{s_until} is before suspended_from ({s_from})")
        suspended_by = rec.text("suspended_by", required=False)
        if suspended_by is not None and suspended_by not in ids:
            raise rec.error("suspended_by", f"unknown control id {show(suspended_by)} (not in controls.yaml)")
        if s_from and suspended_by is None:
            raise rec.error("suspended_by", "a suspended measure must name the suspending measure")
        uncertain = rec.flag("uncertain")
        reason = rec.text("uncertain_reason", required=False)
        if uncertain and not reason:
            raise rec.error("uncertain_reason", "an uncertain record must give its reason")
        out.append(Control(
            id=cid, number=rec.text("number"), authority=rec.text("authority"),
            authority_ja=rec.text("authority_ja"), title_en=rec.text("title_en"), title_ja=rec.text("title_ja"),
            kind=rec.choice("kind", CONTROL_KINDS), elements=elements, all_elements=all_elements,
            scope_en=rec.texts("scope_en"), scope_ja=rec.texts("scope_ja"), control_codes=codes,
            hs_codes=rec.texts("hs_codes"), destinations=destinations, **dates, suspended_by=suspended_by,
            sources=rec.sources("sources", required=True), uncertain=uncertain, uncertain_reason=reason,
            notes=rec.text("notes", required=False), number_ja=rec.text("number_ja", required=False) or "",
        ))
    return tuple(out)


# -- supply.yaml -------------------------------------------------------------------------------------------------
def parse_supply(doc: Any, ctx: Context, file: str = "supply.yaml") -> tuple[SupplyOption, ...]:
    out: list[SupplyOption] = []
    seen: set[str] = set()
    for i, item in enumerate(records(doc, file, "supply_options")):
        rec = Record(file, record_label(item, i), item, ctx)
        sid = rec.text("id")
        _unique(rec, seen, sid)
        forms = rec.texts("forms")
        for j, form in enumerate(forms):
            if form not in SUPPLY_FORMS:
                raise rec.error(f"forms[{j}]", f"{show(form)} is not one of: {', '.join(SUPPLY_FORMS)}")
        status_as_of = rec.text("status_as_of", required=False)
        is_alt = rec.raw("is_alternative", required=True)
        if not isinstance(is_alt, bool):
            raise rec.error("is_alternative", f"expected true or false, got {show(is_alt)}")
        uncertain = rec.flag("uncertain")
        reason = rec.text("uncertain_reason", required=False)
        if uncertain and not reason:
            raise rec.error("uncertain_reason", "an uncertain record must give its reason")
        out.append(SupplyOption(
            id=sid, name=rec.text("name"), countries=rec.countries("countries"),
            elements=rec.symbols("elements")[0], forms=forms, status=rec.choice("status", SUPPLY_STATUSES),
            status_as_of=status_as_of, description_en=rec.text("description_en"),
            description_ja=rec.text("description_ja"), is_alternative=is_alt,
            sources=rec.sources("sources", required=True), uncertain=uncertain, uncertain_reason=reason,
            name_ja=rec.text("name_ja", required=False) or "", processed_in_china=rec.flag("processed_in_china"),
        ))
    return tuple(out)


# -- profiles.yaml and classes.yaml ------------------------------------------------------------------------------
def _ranges(rec: Record, field: str, *, fraction: bool) -> dict[str, Any]:
    value = rec.raw(field)
    if value is None:
        return {}
    sub = rec.sub(field, value)
    return {sub.symbol_of(str(k), k): sub.range(str(k), v, fraction=fraction) for k, v in sub.data.items()}


def parse_profiles(doc: Any, ctx: Context, file: str = "profiles.yaml") -> dict[str, MaterialProfile]:
    out: dict[str, MaterialProfile] = {}
    for i, item in enumerate(records(doc, file, "profiles")):
        rec = Record(file, record_label(item, i), item, ctx)
        pid = rec.text("id")
        _unique(rec, set(out), pid)
        field = "fractions" if rec.has("fractions") or not rec.has("elements") else "elements"
        fractions = _ranges(rec, field, fraction=True)
        if not fractions:
            raise rec.error(field, "a material profile needs at least one element fraction")
        out[pid] = MaterialProfile(
            id=pid, name=rec.text("name", required=False) or rec.text("name_en"), fractions=fractions,
            confidence=rec.choice("confidence", CONFIDENCES), sources=rec.sources("sources"),
            estimate=rec.flag("estimate", default=True), note=rec.text("note", required=False),
            name_ja=rec.text("name_ja", required=False) or "",
        )
    return out


def _compile_patterns(rec: Record) -> tuple[str, ...]:
    patterns = rec.texts("patterns")
    for j, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise rec.error(f"patterns[{j}]", f"invalid regular expression {show(pattern, 200)}: {exc}") from None
    return patterns


#: The bare sintered-NdFeB magnet class: every magnet-holding device class specialises it (see parse_classes).
BARE_MAGNET = "ndfeb_sintered_magnet"


def parse_classes(doc: Any, ctx: Context, profiles: Mapping[str, MaterialProfile],
                  file: str = "classes.yaml") -> dict[str, ComponentClass]:
    out: dict[str, ComponentClass] = {}
    for i, item in enumerate(records(doc, file, "classes")):
        rec = Record(file, record_label(item, i), item, ctx)
        cid = rec.text("id")
        _unique(rec, set(out), cid)
        basis = rec.choice("basis", BASES)
        magnet = None
        if rec.raw("magnet") is not None:
            m = rec.sub("magnet")
            profile = m.text("profile")
            if profile not in profiles:
                raise m.error("profile", f"unknown material profile {show(profile)} (not in profiles.yaml)")
            mass = m.raw("mass_g")
            magnet = MagnetSpec(profile=profile, mass_g=None if mass is None else m.range("mass_g", mass,
                                                                                             fraction=False),
                                sources=m.sources("sources"))
        elif basis == "magnet":
            raise rec.error("magnet", "basis 'magnet' needs a magnet: {profile, mass_g} entry")
        priority = rec.integer("priority", default=50)
        for key in rec.data:  # extra source lists (recycling_sources, package_mass_sources, ...) must resolve too
            if isinstance(key, str) and key.endswith("_sources"):
                rec.sources(key)
        extra_profile = rec.text("material_profile", required=False)
        if extra_profile is not None and extra_profile not in profiles:
            raise rec.error("material_profile", f"unknown material profile {show(extra_profile)} (not in profiles.yaml)")
        out[cid] = ComponentClass(
            id=cid, kind=rec.choice("kind", CLASS_KINDS), name_en=rec.text("name_en"), name_ja=rec.text("name_ja"),
            keywords_en=rec.texts("keywords_en"), keywords_ja=rec.texts("keywords_ja"),
            patterns=_compile_patterns(rec), negative_keywords=rec.texts("negative_keywords"),
            hs_codes=rec.texts("hs_codes"), basis=basis, unit_en=rec.text("unit_en", required=False) or "",
            magnet=magnet, elements=_ranges(rec, "elements", fraction=basis == "mass_fraction"),
            confidence=rec.choice("confidence", CONFIDENCES, required=False, default="low"),
            substitutes_en=rec.texts("substitutes_en"), substitutes_ja=rec.texts("substitutes_ja"),
            recycling_en=rec.texts("recycling_en"), recycling_ja=rec.texts("recycling_ja"),
            recycling_maturity=rec.text("recycling_maturity", required=False), priority=priority,
            sources=rec.sources("sources"), notes=rec.text("notes", required=False),
            package_mass_g=_package_masses(rec),
            recycling_maturity_ja=rec.text("recycling_maturity_ja", required=False),
            specialises=rec.texts("specialises"),
            excludes=rec.texts("excludes"),
        )
    # A device that holds a magnet (basis "magnet") is a more precise answer than the bare magnet class when both
    # match: it specialises it by rule, so classes.yaml never has to say so class by class.
    if BARE_MAGNET in out:
        for cid, cls in list(out.items()):
            if cls.basis == "magnet" and cid != BARE_MAGNET and BARE_MAGNET not in cls.specialises:
                out[cid] = replace(cls, specialises=(*cls.specialises, BARE_MAGNET))
    for cls in out.values():
        for general in cls.specialises:
            if general not in out or general == cls.id:
                rec = Record(file, cls.id, {}, ctx)
                raise rec.error("specialises", f"unknown class {show(general)}")
    return _mutual_excludes(out, file, ctx)


def _mutual_excludes(out: dict[str, ComponentClass], file: str, ctx: Context) -> dict[str, ComponentClass]:
    """``excludes`` checked and made mutual: a part of A that is never a B means a B is never an A, so classes.yaml
    states each pair once. A class cannot exclude itself, an unknown class or a class it is a kind of."""
    pairs: set[tuple[str, str]] = set()
    for cls in out.values():
        for other in cls.excludes:
            if other not in out or other == cls.id:
                why = "a class cannot exclude itself" if other == cls.id else f"unknown class {show(other)}"
                raise Record(file, cls.id, {}, ctx).error("excludes", why)
            pairs.update(((cls.id, other), (other, cls.id)))
    for a, b in pairs:
        if b in out[a].specialises:
            raise Record(file, a, {}, ctx).error(
                "excludes", f"{show(b)} is excluded and specialised at once (a kind of it is never one)")
    added: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        if b not in out[a].excludes:
            added.setdefault(a, []).append(b)
    for cid, more in added.items():
        out[cid] = replace(out[cid], excludes=(*out[cid].excludes, *more))
    return out


def _package_masses(rec: Record) -> dict[str, Range]:
    """``package_mass_g: {"0402": {low, typical, high, estimate, source}}``: grams of one part by package code."""
    value = rec.raw("package_mass_g")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise rec.error("package_mass_g", "expected a mapping of package code -> {low, typical, high}")
    sub = rec.sub("package_mass_g", value)
    shared = rec.sources("package_mass_sources")
    out: dict[str, Range] = {}
    for code, item in sub.data.items():
        if not isinstance(code, str) or not code.strip():
            raise sub.error(str(code), "a package code must be text such as '0402' (in quotes)")
        if item is None:       # not found (never zero)
            continue
        mass = sub.range(code, item, fraction=False)
        if not mass.sources and shared:
            mass = replace(mass, source=mass.source or shared[0], sources=shared)
        out[code.strip()] = mass
    return out


#: Kinds of vocabulary terms (resources/knowledge/vocabulary.yaml).
VOCABULARY_KINDS = frozenset({"type", "qualifier", "material", "form", "context", "accessory", "colour", "stop"})


def parse_vocabulary(doc: Any, ctx: Context, file: str = "vocabulary.yaml") -> tuple[VocabularyTerm, ...]:
    """The EN/JA/ZH vocabulary: each Japanese or Chinese term is rewritten to one English form.

    A term claimed by two entries with different English forms is an error (the rewrite would depend on order).
    """
    out: list[VocabularyTerm] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(records(doc, file, "terms")):
        rec = Record(file, record_label(item, i, "en"), item, ctx)
        kind = rec.text("kind")
        if kind not in VOCABULARY_KINDS:
            raise rec.error("kind", f"{show(kind)} is not one of {', '.join(sorted(VOCABULARY_KINDS))}")
        raw_en = rec.raw("en")
        if not isinstance(raw_en, str):
            raise rec.error("en", "expected text (the English form; empty for a particle that is dropped)")
        en = " ".join(raw_en.lower().split())
        if not en.isascii():
            raise rec.error("en", "the English form must be plain ASCII text")
        terms = (*rec.texts("ja"), *rec.texts("zh"))
        words = tuple(" ".join(w.lower().split()) for w in rec.texts("other"))
        if not terms and not words:
            raise rec.error("ja", "an entry needs at least one Japanese, Chinese or other-language term")
        for term in terms:
            if term.isascii():
                raise rec.error("ja", f"{show(term)} is ASCII; Japanese and Chinese terms only (other languages: 'other')")
        for term in (*terms, *words):
            other = seen.get(term)
            if other is not None and other != en:
                raise rec.error("ja", f"{show(term)} is already rewritten to {show(other)}")
            if term == en:
                raise rec.error("other", f"{show(term)} is the English form itself")
            seen[term] = en
        out.append(VocabularyTerm(kind=kind, en=en, terms=tuple(dict.fromkeys(terms)),
                                  words=tuple(dict.fromkeys(words))))
    return tuple(out)
