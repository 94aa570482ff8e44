"""IPC-1752A material declarations (class C and D, XML): the rare-earth substances of each declared product.

The reader follows the published schema's structure (``MainDeclaration`` > ``BusinessInfo``/``Supplier`` and
``Product`` > ``ProductID`` + ``MaterialInfo`` > ``HomogeneousMaterialList`` > ``HomogeneousMaterial`` >
``SubstanceCategoryList`` > ``SubstanceCategory`` > ``Substance`` with ``SubstanceID identity="CAS"`` and
``Amount value UOM``), by local element names so that the 1.1 and 2.0 namespaces both read. Substances are
matched by CAS number only (names vary by supplier and language): the 17 metals and their common oxides, whose
mass is converted to the element's mass. An NdFeB or SmCo magnet is declared by its constituents (Nd, Pr, Dy, Fe,
B …), so its rare earths are found the same way.

Safety: the file is parsed with the standard library's expat after refusing any DTD (no entities, so no entity
expansion and no external fetch); nothing is ever downloaded; size is capped.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.core.declarations.common import DeclarationProblem, DeclarationResult, Declared
from desktop.core.declarations.substances import CAS_TO_ELEMENT
from desktop.core.errors import InputError
from desktop.core.mapping.library import MAX_GRAMS
from desktop.core.masses import MASS_UNITS
from desktop.core.types import Message
from desktop.i18n import N_

MAX_XML_BYTES = 50 * 1024 * 1024
_UNITS = MASS_UNITS

_NOT_XML = N_("{path}: cannot be read as an IPC-1752A declaration: {reason}")
_DTD = N_("{path}: the file declares a DTD or entities, which are refused for safety")
_NOT_1752 = N_("{path}: not an IPC-1752A declaration (the root element is '{root}', not 'MainDeclaration')")
_NO_PRODUCT = N_("{path}: the declaration names no product")
_NO_KEY = N_("the product has no item number and no manufacturer item number")
_BAD_AMOUNT = N_("substance CAS {cas}: amount '{value}' {unit} is not a mass in g, mg, kg or µg")
_PERCENT_NO_MASS = N_("substance CAS {cas}: a mass percentage without the homogeneous material's mass")
_NO_SUBSTANCES = N_("the product lists no substances; nothing declared")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in node.iter() if _local(c.tag) == name]


def read_ipc1752(path: Path | str) -> DeclarationResult:
    """Read an IPC-1752A XML file: per product, the declared grams of each rare-earth element (summed over its
    homogeneous materials), keyed by the item number (part number) and manufacturer item number (MPN).

    A product whose full material declaration lists substances but none of rare earths is declared free of them.

    Raises:
        InputError: the file is not XML, declares a DTD, is not an IPC-1752A declaration or names no product.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(N_("{path}: file not found"), {"path": str(path)})
    if path.stat().st_size > MAX_XML_BYTES:
        raise InputError(N_("{path}: the file is larger than {mb} MB"),
                         {"path": str(path), "mb": MAX_XML_BYTES // (1024 * 1024)})
    data = path.read_bytes()
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, re.IGNORECASE) or re.search(
            rb"<\x00!\x00", data):   # also in UTF-16
        raise InputError(_DTD, {"path": str(path)})
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(_NOT_XML, {"path": str(path), "reason": str(exc)}) from exc
    if _local(root.tag) != "MainDeclaration":
        raise InputError(_NOT_1752, {"path": str(path), "root": _local(root.tag)[:60]})
    supplier = ""
    for node in _children(root, "Supplier"):
        supplier = (node.get("company") or node.get("name") or "").strip()
        if supplier:
            break
    products = [c for c in root if _local(c.tag) == "Product"] or _children(root, "Product")
    if not products:
        raise InputError(_NO_PRODUCT, {"path": str(path)})
    result = DeclarationResult(path=str(path))
    for n, product in enumerate(products, start=1):
        _read_product(path, supplier, n, product, result)
    return result


def _read_product(path: Path, supplier: str, n: int, product: ET.Element, result: DeclarationResult) -> None:
    where = f"Product {n}"
    ids = _children(product, "ProductID")
    pid = ids[0] if ids else product
    pn = (pid.get("itemNumber") or "").strip() or None
    mpn = (pid.get("mfrItemNumber") or "").strip() or None

    def bad(msgid: str, params: dict[str, str] | None = None) -> None:
        result.problems.append(DeclarationProblem(path.name, "MainDeclaration", where, Message(msgid, params or {})))

    if pn is None and mpn is None:
        bad(_NO_KEY)
        return
    grams: dict[str, float] = {}
    substances = 0
    problems_before = len(result.problems)
    for material in _children(product, "HomogeneousMaterial"):
        material_mass = _mass(next((a for a in material if _local(a.tag) == "Amount"), None))
        for substance in _children(material, "Substance"):
            substances += 1
            cas = _cas_of(substance)
            hit = CAS_TO_ELEMENT.get(cas or "")
            if hit is None:
                continue
            symbol, fraction = hit
            amount = next((a for a in substance if _local(a.tag) == "Amount"), None)
            percent = next((a for a in substance if _local(a.tag) == "MassPercent"), None)
            if amount is not None:
                mass = _mass(amount)
                if mass is None:
                    bad(_BAD_AMOUNT, {"cas": cas or "", "value": amount.get("value") or "",
                                      "unit": amount.get("UOM") or amount.get("unitOfMeasure") or ""})
                    continue
            elif percent is not None and material_mass is not None:
                value = _float(percent.get("value") if percent.get("value") is not None else percent.text)
                if value is None or not 0 <= value <= 100:
                    bad(_BAD_AMOUNT, {"cas": cas or "", "value": percent.get("value") or "", "unit": "%"})
                    continue
                mass = material_mass * value / 100.0
            else:
                bad(_PERCENT_NO_MASS, {"cas": cas or ""})
                continue
            grams[symbol] = grams.get(symbol, 0.0) + mass * fraction
    if len(result.problems) > problems_before:
        return   # a product with an unreadable rare-earth amount is not stored half-read
    if substances == 0:
        bad(_NO_SUBSTANCES)
        return
    grams = {s: round(g, 9) for s, g in grams.items() if g > 0}
    if any(g > MAX_GRAMS for g in grams.values()):
        bad(_BAD_AMOUNT, {"cas": "-", "value": f"{max(grams.values()):g}", "unit": "g"})
        return
    result.declared.append(Declared(part_number=pn, mpn=mpn, grams=grams, rare_earth_free=not grams,
                                    supplier=supplier, file=path.name, source="ipc1752a", where=where))


def _cas_of(substance: ET.Element) -> str | None:
    for sid in substance.iter():
        if _local(sid.tag) == "SubstanceID":
            authority = (sid.get("authority") or "CAS").strip().upper()
            if authority == "CAS":
                return (sid.get("identity") or sid.text or "").strip()
    return (substance.get("CAS") or substance.get("casNumber") or "").strip() or None


def _mass(amount: ET.Element | None) -> float | None:
    """An ``Amount value UOM`` as grams; None when missing, not a number or not a mass unit."""
    if amount is None:
        return None
    value = _float(amount.get("value") if amount.get("value") is not None else amount.text)
    unit = (amount.get("UOM") or amount.get("unitOfMeasure") or "g").strip()
    factor = _UNITS.get(unit) or _UNITS.get(unit.lower())
    if value is None or factor is None or value < 0:
        return None
    return value * factor


def _float(text: str | None) -> float | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
