"""Hand-built Assessment and Knowledge fixtures for the report tests (no importer, mapper or scorer needed).

The numbers are realistic but invented for the tests: they are inputs, and every test compares the report
against these inputs, never against literal strings of the product.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from desktop.core.knowledge.model import (
    Control,
    Element,
    Figure,
    Knowledge,
    SupplyOption,
)
from desktop.core.knowledge.model import Source as KSource
from desktop.core.types import (
    NO_MAPPING,
    PART_COLUMNS,
    Assessment,
    ColumnChoice,
    ControlStatus,
    ElementGrams,
    ElementResult,
    Factor,
    ImportResult,
    MappedTable,
    PartMapping,
    PartScore,
    Recommendation,
    SkippedRow,
    Summary,
    msg,
)

AS_OF = dt.date(2026, 11, 28)
HEADER_ROW = 4
HEADERS = ("Item", "Part No.", "Description", "Qty", "Supplier", "Country", "Remarks")
TITLE_ROWS: tuple[tuple, ...] = (("Bill of materials — Survey drone X200",), ("Rev. C", None, "2026-10-01"), ())

HTML_DESC = "<b>Bold</b> bracket & mount ]]> rev 2"
FORMULA_DESC = '=HYPERLINK("http://evil.example/x","click me")'
DDE_DESC = "=cmd|' /C calc'!A0"
HTML_REE_DESC = "Vibration motor <b>10 mm</b> coin & weight ]]> <i>"

# part_number, description, supplier, country, qty, elements {sym: grams per unit or None}, classes, confidence
_REE_PARTS = [
    ("MG-1001", "NdFeB magnet N42SH 20x10x5 mm, Ni-Cu-Ni coated", "Ningbo Yunsheng", "CN", 8,
     {"Nd": 1.9, "Pr": 0.6, "Dy": 0.35, "Tb": 0.05}, ("ndfeb_sintered_magnet",), "high"),
    ("MG-1002", "NdFeB arc magnet N45UH for rotor", "Ningbo Yunsheng", "CN", 12,
     {"Nd": 2.4, "Pr": 0.8, "Dy": 0.6, "Tb": 0.12}, ("ndfeb_sintered_magnet",), "high"),
    ("MT-2001", "BLDC motor 48 V 400 W (PMSM, interior magnets)", "Shenzhen Leadshine", "CN", 4,
     {"Nd": 45.0, "Pr": 14.0, "Dy": 6.0, "Tb": 1.0}, ("pm_motor",), "medium"),
    ("MT-2002", "Servo motor 200 W with absolute encoder", "Yaskawa", "JP", 2,
     {"Nd": 30.0, "Pr": 9.5, "Dy": 3.5}, ("servo_motor",), "medium"),
    ("SP-3001", "Speaker 8 Ω 2 W, neodymium magnet", "Foster Electric", "JP", 1,
     {"Nd": 0.8, "Pr": 0.25}, ("speaker",), "medium"),
    ("BT-4001", "NiMH battery pack 7.2 V 3000 mAh", "GP Batteries", "HK", 1,
     {"La": 6.0, "Ce": 11.0, "Nd": 2.0, "Pr": 1.0}, ("nimh_battery",), "medium"),
    ("ST-5001", "Stepper motor NEMA17 1.8° 0.59 N·m", "Changzhou Fulling", "CN", 4,
     {"Nd": None, "Pr": None}, ("stepper_motor",), "low"),
    ("ST-5002", "Stepper motor NEMA23 with gearbox", None, None, 2,
     {"Nd": None, "Pr": None, "Dy": None}, ("stepper_motor",), "low"),
    ("EN-6001", "Encoder disc with SmCo 2:17 magnet", "Arnold Magnetic", "US", 2,
     {"Sm": 0.5}, ("smco_magnet",), "high"),
    ("VM-7001", HTML_REE_DESC, "Jinlong Machinery", "CN", 1,
     {"Nd": 0.05, "Pr": 0.015}, ("vibration_motor",), "medium"),
    ("C-0603-104", "CAP CER 100nF 50V X7R 0603", "Murata", "JP", 120,
     {"Dy": 2e-6, "Y": 4e-6, "Ho": 1e-6}, ("mlcc",), "low"),
    ("C-1206-106", "CAP CER 10uF 25V X5R 1206", "Samsung Electro-Mechanics", "KR", 24,
     {"Dy": 1e-5, "Y": 2e-5}, ("mlcc",), "low"),
    ("LED-5630", "White LED 5630 0.5 W, YAG phosphor", "Everlight", "TW", 16,
     {"Y": 5e-5, "Ce": 1e-5}, ("phosphor_led",), "medium"),
]

_PLAIN_PARTS = [
    ("R-0603-10K", "RES 10k 1% 0603", "Yageo", "TW"),
    ("R-0603-1K", "RES 1k 1% 0603", "Yageo", "TW"),
    ("SCR-M3-8", "Screw M3x8 ISO 7380 A2", "Würth", "DE"),
    ("SCR-M4-12", "Screw M4x12 DIN 912", "Würth", "DE"),
    ("PCB-MAIN", "Main PCB 4-layer FR-4 1.6 mm", "JLCPCB", "CN"),
    ("PCB-PWR", "Power PCB 2-layer 2 oz", "JLCPCB", "CN"),
    ("U-STM32", "MCU STM32F405RGT6 LQFP-64", "STMicroelectronics", "CH"),
    ("U-ESP32", "ESP32-S3-WROOM-1 module", "Espressif", "CN"),
    ("J-USB-C", "USB-C receptacle 16-pin", "GCT", "US"),
    ("J-XT60", "XT60 connector pair", "Amass", "CN"),
    ("FR-CF-01", "Carbon fibre frame plate 3 mm", "local workshop", "JP"),
    ("PROP-10", "Propeller 10x4.5 CW/CCW pair", "T-Motor", "CN"),
    ("CBL-18AWG", "Silicone wire 18 AWG red/black 1 m", None, None),
    ("FERR-01", "Ferrite magnet Y30 block 40x20x10", "TDK", "JP"),
    ("HSG-01", "Housing ABS black, injection moulded", "Proto Labs", "US"),
    ("GPS-M8N", "GPS module u-blox M8N with compass", "u-blox", "CH"),
    ("LBL-01", "Rating label polyester", "Brady", "US"),
    ("BR-01", HTML_DESC, "Tokyo Metal & Co.", "JP"),
    ("X-FORM", FORMULA_DESC, "Evil Corp", "US"),
    ("X-DDE", DDE_DESC, "Evil Corp", "US"),
    ("+49-123", "@SUM(A1:A2) spare part", None, None),
    ("-5V-REG", "Regulator -5 V LDO SOT-23", "TI", "US"),
    ("00123", "Washer M3 (leading zeros kept)", "Misumi", "JP"),
    ("TAPE-01", "Kapton tape 10 mm", None, "CN"),
    ("PKG-01", "Shipping carton", None, "JP"),
    ("BAT-HLD", "Battery holder 2xAA", "Keystone", "US"),
    ("FAN-40", "Fan 40 mm 5 V", "Sunon", "TW"),
]

ELEMENT_SCORES = {"Dy": (88.4, "critical"), "Tb": (86.1, "critical"), "Sm": (71.0, "high"), "Y": (63.5, "high"),
                  "Ho": (48.9, "medium"), "Nd": (47.2, "medium"), "Pr": (46.8, "medium"), "La": (26.0, "low"),
                  "Ce": (24.5, "low")}
CONTROLLED = {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y", "Ho", "Er", "Tm", "Eu", "Yb"}


def _config() -> object | None:
    """The default ScoringConfig (None while the scoring package cannot be imported)."""
    try:
        from desktop.core.scoring.config import ScoringConfig
    except ImportError:
        return None
    return ScoringConfig()


def _tier(score: float) -> str:
    if score <= 0:
        return "none"
    for tier, bound in (("critical", 75.0), ("high", 55.0), ("medium", 35.0)):
        if score >= bound:
            return tier
    return "low"


def _part_score(elements: dict, country: str | None, confidence: str, ext_qty: float) -> PartScore:
    if not elements:
        return PartScore(0.0, "none", ())
    elem = max(ELEMENT_SCORES[s][0] for s in elements)
    known = [g for g in elements.values() if g is not None]
    grams = sum(known) * ext_qty if known else None
    q = 0.5 if grams is None else min(1.0, max(0.0, (math.log10(max(grams, 1e-4)) + 4) / 7))
    base = elem * 0.5
    qty = elem * 0.5 * q
    conf = {"high": 1.0, "medium": 0.9, "low": 0.75}[confidence]
    ctry = 1.0 if country in ("CN", "HK") else (0.85 if country is None else 0.7)
    total = (base + qty) * conf * ctry
    factors = (
        Factor("element_risk", "element risk", elem / 100, 0.5, base, "elements: " + ", ".join(elements)),
        Factor("quantity", "quantity", q, 0.5, qty, "grams per product"),
        Factor("confidence", "mapping confidence", conf, 1.0, (base + qty) * (conf - 1), "mapping"),
        Factor("country", "supplier country", ctry, 1.0, (base + qty) * conf * (ctry - 1), "BOM column 'Country'"),
    )
    return PartScore(round(total, 6), _tier(total), factors)


def _source(i: str, title: str, year: int, publisher: str, url: str) -> KSource:
    return KSource(id=i, title=title, year=year, url=url, publisher=publisher, quality="high")


def make_knowledge() -> Knowledge:
    """A small knowledge base with the real control dates (DOMAIN_FACTS §3) and a few elements."""
    src = {s.id: s for s in (
        _source("mofcom_18_2025", "MOFCOM/GAC Announcement No. 18 of 2025", 2025, "MOFCOM",
                "http://www.mofcom.gov.cn/"),
        _source("mofcom_57_2025", "MOFCOM/GAC Announcement No. 57 of 2025", 2025, "MOFCOM",
                "http://www.mofcom.gov.cn/"),
        _source("mofcom_61_2025", "MOFCOM Announcement No. 61 of 2025", 2025, "MOFCOM", "http://www.mofcom.gov.cn/"),
        _source("mofcom_70_2025", "MOFCOM/GAC Announcement No. 70 of 2025", 2025, "MOFCOM",
                "http://www.mofcom.gov.cn/"),
        _source("usgs_mcs2025", "Mineral Commodity Summaries 2025: Rare earths", 2025, "USGS",
                "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf"),
        _source("iea_commentary_2025_10", "With new export controls, critical minerals supply chains are strained",
                2025, "IEA", "https://www.iea.org/commentaries/"),
        _source("unused_source", "A source nobody cites", 2020, "Nobody", "https://example.invalid/"),
    )}

    def fig(v: float | None, source: str = "usgs_mcs2025", specific: bool = True) -> Figure:
        return Figure(value=v, source=source, year=2024, element_specific=specific)

    def element(sym: str, z: int, en: str, ja: str, group: str, shares: dict) -> Element:
        return Element(symbol=sym, atomic_number=z, name_en=en, name_ja=ja, group=group, cn_group=None,
                       uses_en=(), uses_ja=(), china_share={k: fig(v) for k, v in shares.items()},
                       eol_rir=fig(0.01), substitutability=fig(0.3), price=None, notes=None,
                       sources=("usgs_mcs2025",))

    elements = {e.symbol: e for e in (
        element("Y", 39, "Yttrium", "イットリウム", "heavy", {"mining": 0.692}),
        element("La", 57, "Lanthanum", "ランタン", "light", {}),
        element("Ce", 58, "Cerium", "セリウム", "light", {"refining": 0.9}),
        element("Pr", 59, "Praseodymium", "プラセオジム", "light", {"refining": 0.9, "metal": 0.9}),
        element("Nd", 60, "Neodymium", "ネオジム", "light", {"refining": 0.9, "metal": 0.91, "magnet": 0.94}),
        element("Sm", 62, "Samarium", "サマリウム", "light", {}),
        element("Tb", 65, "Terbium", "テルビウム", "heavy", {"mining": 0.7, "refining": 0.99}),
        element("Dy", 66, "Dysprosium", "ジスプロシウム", "heavy", {"mining": 0.7, "refining": 0.99, "metal": 0.99}),
        element("Ho", 67, "Holmium", "ホルミウム", "heavy", {}),
    )}
    stage_defaults = {"mining": fig(0.692, specific=False), "refining": fig(0.91, "iea_commentary_2025_10", False),
                      "magnet": fig(0.94, "iea_commentary_2025_10", False)}

    def control(cid: str, number: str, authority: str, authority_ja: str, title: str, title_ja: str, kind: str,
                elems: tuple, announced: dt.date, effective: dt.date | None, sources: tuple,
                suspended: bool = True, scope: tuple = ()) -> Control:
        return Control(
            id=cid, number=number, authority=authority, authority_ja=authority_ja, title_en=title,
            title_ja=title_ja, kind=kind, elements=elems, all_elements=len(elems) == 17,
            scope_en=scope, scope_ja=scope, control_codes={}, hs_codes=(), destinations=("all",),
            announced=announced, effective=effective, ended=None,
            suspended_from=dt.date(2025, 11, 7) if suspended else None,
            suspended_until=dt.date(2026, 11, 10) if suspended else None,
            suspended_by="CN-MOFCOM-GAC-2025-70" if suspended else None, sources=sources)

    all17 = tuple(ELEMENT_SCORES) + ("Sc", "Lu", "Gd", "Er", "Tm", "Eu", "Yb", "Pm")
    controls = (
        control("CN-MOFCOM-GAC-2025-18", "No. 18/2025", "MOFCOM + GAC", "中国商務部・海関総署",
                "Export control on seven medium and heavy rare earths", "中・重希土類7元素の輸出管理",
                "export_licence", ("Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"), dt.date(2025, 4, 4),
                dt.date(2025, 4, 4), ("mofcom_18_2025",), suspended=False,
                scope=("metals, alloys, oxides, compounds", "SmCo magnets; Tb/Dy-containing NdFeB")),
        control("CN-MOFCOM-GAC-2025-57", "No. 57/2025", "MOFCOM + GAC", "中国商務部・海関総署",
                "Export control on Ho, Er, Tm, Eu, Yb", "ホルミウム等5元素の輸出管理", "export_licence",
                ("Ho", "Er", "Tm", "Eu", "Yb"), dt.date(2025, 10, 9), dt.date(2025, 11, 8),
                ("mofcom_57_2025", "mofcom_70_2025")),
        control("CN-MOFCOM-2025-61", "No. 61/2025", "MOFCOM", "中国商務部",
                "Extraterritorial controls (0.1 % de minimis)", "域外適用(0.1%デミニミスルール)",
                "extraterritorial", all17, dt.date(2025, 10, 9), dt.date(2025, 12, 1),
                ("mofcom_61_2025", "mofcom_70_2025")),
    )
    supply = (
        SupplyOption(id="lynas_my", name="Lynas Rare Earths (Kalgoorlie / Kuantan)", countries=("AU", "MY"),
                     elements=("Nd", "Pr", "Dy", "Tb"), forms=("oxide",), status="operating", status_as_of="2025",
                     description_en="", description_ja="", is_alternative=True, sources=("usgs_mcs2025",)),
        SupplyOption(id="mp_us", name="MP Materials (Mountain Pass / Fort Worth)", countries=("US",),
                     elements=("Nd", "Pr"), forms=("oxide", "metal", "magnet"), status="ramping",
                     status_as_of="2025", description_en="", description_ja="", is_alternative=True,
                     sources=("usgs_mcs2025",)),
        SupplyOption(id="myanmar", name="Kachin ionic clays", countries=("MM",), elements=("Dy", "Tb"),
                     forms=("concentrate",), status="operating", status_as_of="2025", description_en="",
                     description_ja="", is_alternative=False, sources=("usgs_mcs2025",)),
        SupplyOption(id="gd_only", name="Gadolinium-only plant", countries=("FR",), elements=("Gd",),
                     forms=("oxide",), status="planned", status_as_of="2025", description_en="",
                     description_ja="", is_alternative=True, sources=()),
    )
    return Knowledge(version="test.1", as_of=dt.date(2026, 1, 20), compiled_on=AS_OF, title="test KB",
                     warnings_en=("KB warning: suspension ends 10 Nov 2026",), warnings_ja=("KBの警告",),
                     sources=src, elements=elements, stage_defaults=stage_defaults, controls=controls,
                     profiles={}, classes={}, supply_options=supply, countries={})


def _rows(n_plain_repeat: int) -> list[tuple]:
    """(part_number, description, supplier, country, qty, elements, classes, confidence) in BOM order."""
    plain = [(p, d, s, c, 2, {}, (), "none") for p, d, s, c in _PLAIN_PARTS]
    out: list[tuple] = []
    for i in range(max(len(_REE_PARTS), len(plain))):
        if i < len(_REE_PARTS):
            out.append(_REE_PARTS[i])
        if i < len(plain):
            out.append(plain[i])
    for k in range(n_plain_repeat):
        base = out[k % len(out)]
        out.append((f"{base[0]}-{k:05d}",) + base[1:])
    return out


def make_assessment(extra_parts: int = 0, as_of: dt.date = AS_OF) -> Assessment:
    """The ~40-part realistic assessment (``extra_parts`` copies more for the large fixture)."""
    items = _rows(extra_parts)
    raw: list[tuple] = list(TITLE_ROWS) + [HEADERS]
    records: list[dict] = []
    mappings: list[PartMapping] = []
    scores: list[PartScore] = []
    skipped: list[SkippedRow] = []
    for i, (pn, desc, supplier, country, qty, elems, classes, conf) in enumerate(items, start=1):
        if i == 9:  # a note line inside the table
            raw.append((None, None, "Note: magnets per customer drawing 4711", None, None, None, None))
            skipped.append(SkippedRow(row=len(raw), code="note", detail="Note: magnets per customer drawing 4711"))
        raw.append((i, pn, desc, qty, supplier, country, "check" if i % 7 == 0 else None))
        records.append({c: None for c in PART_COLUMNS} | {
            "row": len(raw), "part_number": pn, "description": desc, "supplier": supplier, "country": country,
            "country_raw": country, "quantity": float(qty), "quantity_raw": str(qty), "unit": "pcs",
            "extended_quantity": float(qty), "depth": math.nan, "unit_weight_g": math.nan})
        if elems:
            grams = {s: ElementGrams(g, None if g is None else g * 0.6, None if g is None else g * 1.5)
                     for s, g in elems.items()}
            mappings.append(PartMapping(classes=classes, elements=grams, confidence=conf,
                                        evidence=(msg("keyword '{kw}' in description", kw=desc.split()[0]),),
                                        method="keyword"))
        elif pn.startswith("FERR"):
            mappings.append(PartMapping(classes=("ferrite_magnet",), elements={}, confidence="high",
                                        evidence=(msg("ferrite: no rare earths"),), method="keyword",
                                        rare_earth_free=True))
        else:
            mappings.append(NO_MAPPING)
        scores.append(_part_score(elems, country, conf if elems else "high", float(qty)))
    raw.append((None, None, "Total", sum(r[4] for r in items), None, None, None))
    skipped.append(SkippedRow(row=len(raw), code="total", detail="Total"))

    parts = pd.DataFrame.from_records(records, columns=list(PART_COLUMNS))
    cols = {"part_number": ColumnChoice("part_number", "Part No.", 1, 1.0),
            "description": ColumnChoice("description", "Description", 2, 1.0),
            "quantity": ColumnChoice("quantity", "Qty", 3, 1.0),
            "supplier": ColumnChoice("supplier", "Supplier", 4, 1.0),
            "country": ColumnChoice("country", "Country", 5, 1.0)}
    imported = ImportResult(path="/data/boms/X200 drone BOM rev C.xlsx", file_format="xlsx", sheet="BOM",
                            sheets=("BOM",), header_row=HEADER_ROW, headers=HEADERS, columns=cols, parts=parts,
                            raw_rows=tuple(raw), rows_total=len(parts) + len(skipped), skipped=tuple(skipped),
                            last_row=len(raw))
    mapped = MappedTable(imported=imported, mappings=tuple(mappings))

    totals: dict[str, list] = {}
    for (_pn, _d, _s, _c, qty, elems, _cl, _cf) in items:
        for sym, g in elems.items():
            t = totals.setdefault(sym, [0.0, 0, 0])
            t[1] += 1
            if g is None:
                t[2] += 1
            else:
                t[0] += g * qty
    element_results = []
    for sym, (g, n, unq) in totals.items():
        score, tier = ELEMENT_SCORES[sym]
        ctrl = ("CN-MOFCOM-GAC-2025-18",) if sym in {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"} else ()
        if sym in {"Ho", "Er", "Tm", "Eu", "Yb"}:
            ctrl = ("CN-MOFCOM-GAC-2025-57",)
        factors = (Factor("concentration", "China share at the bottleneck stage", 0.99, 0.35, 34.65, "usgs_mcs2025"),
                   Factor("controls", "export controls on the as-of date", 1.0 if ctrl else 0.0, 0.40,
                          40.0 if ctrl else 0.0, "mofcom_18_2025"),
                   Factor("recycling", "end-of-life recycling", 0.99, 0.10, 9.9, "usgs_mcs2025"),
                   Factor("substitution", "substitutability", 0.7, 0.15, 10.5, "usgs_mcs2025"))
        element_results.append(ElementResult(sym, g, g * 0.6, g * 1.5, n, unq, score, tier, factors, ctrl))
    element_results.sort(key=lambda e: -e.score)

    note = msg("The suspension under No. 70/2025 ended on {date}; the knowledge base does not know what followed.",
               date="2026-11-10")
    control_status = (
        ControlStatus("CN-MOFCOM-GAC-2025-18", "in_force", "in_force", ("Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y")),
        ControlStatus("CN-MOFCOM-GAC-2025-57", "unknown_after_suspension", "in_force",
                      ("Ho", "Er", "Tm", "Eu", "Yb"), note),
        ControlStatus("CN-MOFCOM-2025-61", "unknown_after_suspension", "in_force", ("Dy", "Tb", "Nd"), note),
    )
    ree_idx = [i for i, m in enumerate(mappings) if m.has_ree]
    controlled = [i for i in ree_idx if set(mappings[i].elements) & CONTROLLED]
    from_cn = [i for i in ree_idx if records[i]["country"] in ("CN", "HK")]
    tier_counts = {t: sum(1 for s in scores if s.tier == t) for t in ("critical", "high", "medium", "low", "none")}
    summary = Summary(parts_total=len(parts), parts_with_ree=len(ree_idx), parts_controlled=len(controlled),
                      parts_from_china=len(from_cn), score=71.4, tier="high", tier_counts=tier_counts,
                      grams_per_unit=sum(e.grams_total or 0 for e in element_results))
    recs = (
        Recommendation("diversify", 1, ("Dy", "Tb"), ("ndfeb_sintered_magnet",),
                       msg("Qualify a second, non-China source for {elements} magnets: {options}.",
                           elements="Dy, Tb", options="Lynas (AU/MY)"), ("usgs_mcs2025",)),
        Recommendation("stock", 1, ("Dy", "Tb"), (),
                       msg("Hold safety stock of {days} days for parts with {elements}.", days=90, elements="Dy, Tb")),
        Recommendation("substitute", 2, ("Dy",), ("pm_motor",),
                       msg("Evaluate Dy-free grain-boundary-diffused magnets for {classes}.", classes="PM motors")),
        Recommendation("recycle", 3, ("Nd", "Pr"), (),
                       msg("Set up take-back of end-of-life {classes} for magnet recycling.", classes="motors")),
        Recommendation("engage", 2, ("Nd", "Dy"), (),
                       msg("Ask {n} suppliers in China for their magnet origin and licence status.", n=3)),
        Recommendation("verify", 3, (), (), msg("Confirm the grams of {n} parts with unknown content.", n=2)),
    )
    warnings = (msg("The knowledge base runs to {kb}; measures suspended until {until} may be back in force.",
                    kb="2026-01-20", until="2026-11-10"),)
    assumptions = (msg("Measures whose suspension has ended are treated as in force (conservative)."),)
    return Assessment(mapped=mapped, as_of=as_of, scenario="baseline", part_scores=tuple(scores),
                      elements=tuple(element_results), control_status=control_status, summary=summary,
                      recommendations=recs, warnings=warnings, assumptions=assumptions, config=_config(),
                      knowledge_version="test.1", knowledge_as_of="2026-01-20")


def make_large_assessment(n_parts: int = 20_000) -> Assessment:
    """About ``n_parts`` parts (the realistic rows repeated with new part numbers)."""
    base = len(_rows(0))
    return make_assessment(extra_parts=max(0, n_parts - base))
