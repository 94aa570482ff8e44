"""Dimensions and ratings read from a part's own text: the inputs of the physical quantity estimates.

``parse_measures`` reads normalised text (NFKC, lower case: :func:`desktop.core.mapping.text.normalise`) and
returns what it finds: magnet dimensions (``10x3 mm``, ``φ20xφ10x5``, ``1/2 x 1/8 x 1/16in``, ``OD20 x ID10 x 5``,
``外径20 内径10 厚5``, ``1/4" dia. x 1/8" thick``), a NEMA frame, an outrunner stator size with its KV, power,
voltage, capacity, a battery cell size, an HDD form factor, a stated mass and an LED package code. It knows nothing about classes: the quantity model (``physical.py``) decides which reading
matters for which class. Every field is ``None`` when absent; the parser prefers to miss a value rather than
read a resistor value (``10k``), a diode number (``1N4148``) or a date as a dimension.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MM_PER_INCH = 25.4

#: NEMA ICS 16 frame sizes: the number is the flange width in tenths of an inch (NEMA 17 = 1.7 in ≈ 42 mm).
#: Only the common metric flange widths sold under these names are accepted as a frame ("42 stepper").
NEMA_BY_FLANGE_MM = {20: 8, 28: 11, 35: 14, 39: 16, 42: 17, 57: 23, 60: 24, 86: 34, 110: 42}


@dataclass(frozen=True)
class Measures:
    """What the text states about the part's size and ratings (``None`` = not stated)."""

    dims_mm: tuple[float, ...] | None = None   # the first dimension group ("10x3 mm" -> (10, 3)), in mm
    ring: bool = False                         # the group is a ring (OD x ID x thickness)
    round_first: bool = False                  # the group's first number is a diameter ("φ15x3.8")
    diameter_mm: float | None = None           # φ40, ø40, dia 40, 直径40 (alone, outside a group)
    nema: int | None = None                    # NEMA frame (17, 23 …)
    body_length_mm: float | None = None        # stepper body length ("NEMA 17 48mm")
    size_mm: float | None = None               # a lone size in mm ("40 mm speaker", "57mm")
    stator: tuple[int, int] | None = None      # outrunner stator diameter, height in mm ("2207" -> (22, 7))
    kv: int | None = None                      # motor KV (rpm per volt)
    power_w: float | None = None
    capacity_mah: float | None = None
    voltage_v: float | None = None             # a rated voltage ("7.2V": a pack of six 1.2 V NiMH cells)
    cell: str | None = None                    # "AA" | "AAA"
    hdd_inch: float | None = None              # 2.5 | 3.5
    mass_g: float | None = None                # a mass stated in the text
    led_package: str | None = None             # "2835", "5050", "0603" …

    @property
    def empty(self) -> bool:
        return self == _EMPTY


_EMPTY = Measures()

_NUM = r"\d+(?:\.\d+)?(?:/\d+)?"
_SEP = r"\s*[x×*]\s*"
_PHI = r"(?:[φΦøØ⌀]|dia\.?\s*|d(?=\d))?\s*"
_UNIT = r"\s*(mm|cm|in(?:ch(?:es)?)?(?![a-z])|\"|”|″|ミリ|毫米)?"
#: two or three numbers joined by x/×/*, each optionally a diameter (φ), with an optional unit after the last.
_EACH = r"(?:\s*(?:mm|\"|”|″|in(?![a-z])))?"
_DIMS = re.compile(rf"(?<![a-z0-9.#/-])({_PHI}{_NUM}{_EACH}(?:{_SEP}{_PHI}{_NUM}{_EACH}){{1,2}}){_UNIT}(?![0-9])")
_INCH = re.compile(r"(?<![0-9./])(\d+(?:\.\d+)?(?:/\d+)?)\s*(\"|”|″|inch(?:es)?(?![a-z])|in(?![a-z]))")
_N = r"(\d+(?:\.\d+)?)\s*(?:mm)?"
#: rings written with their parts named: "OD20 x ID10 x 5", "外径20 内径10 厚5", "外径20*内径10*厚5"
_OD_ID_T = re.compile(rf"(?:(?<![a-z])od|外径)\s*{_N}[\s,x×*/]*(?:(?<![a-z])id|内径)\s*{_N}[\s,x×*/]*"
                      rf"(?:(?<![a-z])(?:t|h|thk|thickness)|厚さ?|高さ?|厚度?|高度?)?\s*{_N}(?![0-9])")
#: discs written with their parts named: "D10 x H5", "φ10 t3", "直径10 厚3"
_D_T = re.compile(rf"(?:[φΦøØ⌀]|(?<![a-z])(?:d|dia)|直径|外径)\s*{_N}[\s,x×*/]*"
                  rf"(?:(?<![a-z])(?:t|h|l|thk|thickness)|厚さ?|高さ?|厚度?|长度?|長さ?)\s*{_N}(?![0-9])")
#: catalogue style, each number followed by what it is: '1/4" dia. x 1/8" thick', "12.7mm Dia x 3.175mm Thick",
#: '1" od x 1/2" id x 1/4" thick', "20mm diameter 5mm thick", "6mm dia x 10mm"
_LABELLED = re.compile(r"(?<![0-9./a-z])(\d+(?:\.\d+)?(?:/\d+)?)\s*(mm|\"|”|″|in(?:ch(?:es)?)?(?![a-z]))?\s*"
                       r"(dia(?:meter)?\.?|od|id|thick(?:ness)?|thk|long|length|height|tall|high)(?![a-z])")
_AFTER_X = re.compile(r"\s*[x×*]\s*(\d+(?:\.\d+)?(?:/\d+)?)\s*(mm|\"|”|″|in(?:ch(?:es)?)?(?![a-z]))?")
_DIAMETER = re.compile(r"(?:[φΦøØ⌀]|(?<![a-z])dia(?:meter|\.)?\s*|直径|外径)\s*(\d+(?:\.\d+)?)\s*(mm)?(?![0-9x×])")
_RING = re.compile(r"(?<![a-z])(ring|annular|toroid)(?![a-z])|リング|环|環|圆环")
_NEMA = re.compile(r"(?<![a-z])nema\s*-?\s*(8|11|14|16|17|23|24|34|42)(?![0-9])")
_FLANGE_STEPPER = re.compile(r"(?<![0-9.])(20|28|35|39|42|57|60|86|110)\s*(?:mm)?\s*(?:hybrid\s*)?"
                             r"(?:stepper|stepping|step motor|步进|ステッピング|ステップ)")
_MM = re.compile(r"(?<![0-9.x×*/φøΦØ-])(\d+(?:\.\d+)?)\s*mm(?![a-z0-9²³])")
_KV = re.compile(r"(?<![0-9.])(\d{2,5})\s*kv(?![a-z])")
_STATOR = re.compile(r"(?<![a-z0-9.#/-])(1[0-9]|2[0-9]|3[0-9]|4[0-9]|5[0-9])(0[3-9]|[12][0-9]|3[0-5])(?![0-9a-z])")
_MOTOR_CONTEXT = re.compile(r"(?<![a-z])(motor|brushless|bldc|outrunner|kv)(?![a-z])|电机|马达|モータ|モーター")
_POWER = re.compile(r"(?<![0-9./a-z])(\d+(?:\.\d+)?)\s*(kw|w)(?![a-z0-9])")
_VOLTAGE = re.compile(r"(?<![0-9./a-z])(\d+(?:\.\d+)?)\s*(?:v|vdc|volts?)(?![a-z0-9])")
_CAPACITY = re.compile(r"(?<![0-9./a-z])(\d+(?:\.\d+)?)\s*(mah|ah)(?![a-z])")
_CELL = re.compile(r"(?:(?<![a-z0-9])|(?<=\dx))(aaa|aa|hr6|lr6|hr03|lr03|r6|r03)(?![a-z0-9])|(単[34三四]|[57]号)(?![0-9])")
_CELL_NAMES = {"aa": "AA", "hr6": "AA", "lr6": "AA", "r6": "AA", "aaa": "AAA", "hr03": "AAA", "lr03": "AAA",
               "r03": "AAA", "単3": "AA", "単三": "AA", "単4": "AAA", "単四": "AAA", "5号": "AA", "7号": "AAA"}
_HDD = re.compile(r"(?<![0-9.])(2\.5|3\.5)\s*-?\s*(\"|”|″|''|inch(?:es)?(?![a-z])|in(?![a-z])|型|インチ|英寸|寸)")
_MASS = re.compile(r"(?<![0-9./a-z])(\d+(?:\.\d+)?)\s*(kg|mg|g|grams?|グラム|克)(?![a-z0-9/])")
_TELECOM = re.compile(r"(?<![a-z])(lte|nr|modem|cellular|network|sim|wifi|wi-fi|band|router|module)(?![a-z])")
_MEMORY = re.compile(r"(?<![a-z])(memory|card|sd|microsd|tf|flash|ram|rom|emmc|ssd|storage|usb|drive)(?![a-z])|"
                     r"メモリ|内存|存储|闪存")
_POWERS_OF_TWO = frozenset(float(2 ** i) for i in range(11))
_LED_PACKAGE = re.compile(r"(?<![0-9a-z.])(2835|5050|3528|3014|5630|5730|3030|2216|1206|0805|0603|0402)(?![0-9])")
_LED_CONTEXT = re.compile(r"(?<![a-z])(led|leds)(?![a-z])|发光|発光|ダイオード|灯珠")


def _number(text: str) -> float:
    if "/" in text:
        whole, _, den = text.partition("/")
        return float(whole) / float(den) if float(den) else float("nan")
    return float(text)


def _dims(text: str) -> tuple[tuple[float, ...] | None, bool, bool, int, int]:
    """The first dimension group in mm, whether its first two numbers are diameters (ring), and its span."""
    for m in _DIMS.finditer(text):
        group, unit = m.group(1), (m.group(2) or "")
        if not unit and re.search(r"[\"”″]|in$|in\s", group):
            unit = "in"
        elif not unit and "mm" in group:
            unit = "mm"
        raw = [re.sub(r"\s*(mm|[\"”″]|in)$", "", r.strip()) for r in re.split(_SEP, group)]
        phis = [bool(re.match(r"[φΦøØ⌀]|dia|d\d", r.strip())) for r in raw]
        nums = [_number(re.sub(r"^[^0-9]+", "", r.strip())) for r in raw]
        if any(n != n or n <= 0 for n in nums):          # NaN or zero: not a dimension
            continue
        if not unit and any("/" in r for r in raw):      # fractions need their unit (inch)
            continue
        if not unit and len(nums) == 2 and not any(phis) and all(n == int(n) and n <= 4 for n in nums):
            continue                                     # "2x2", "1x4": a count or a matrix, not a size
        factor = {"cm": 10.0, "mm": 1.0, "": 1.0}.get(unit, MM_PER_INCH if unit else 1.0)
        if unit in ("ミリ", "毫米"):
            factor = 1.0
        mm = tuple(round(n * factor, 4) for n in nums)
        ring = len(mm) == 3 and phis[0] and phis[1]
        return mm, ring, phis[0], m.start(), m.end()
    return None, False, False, -1, -1


def _mm(value: str, unit: str | None) -> float:
    return _number(value) * (MM_PER_INCH if unit and unit[0] in "\"”″i" else 1.0)


def _labelled_dims(text: str) -> tuple[tuple[float, ...] | None, bool, bool, int, int]:
    """Catalogue dimensions, each number followed by its name (dia, od, id, thick, long)."""
    found: dict[str, float] = {}
    start = end = -1
    for m in _LABELLED.finditer(text):
        label = m.group(3).rstrip(".")
        kind = "d" if label in ("dia", "diameter", "od") else "i" if label == "id" else "t"
        found.setdefault(kind, _mm(m.group(1), m.group(2)))
        start = m.start() if start < 0 else start
        end = m.end()
        if kind == "d" and "t" not in found:
            x = _AFTER_X.match(text, m.end())          # "6mm dia x 10mm": the unnamed number is the length
            if x and not _LABELLED.match(text, x.start(1)):
                found["t"] = _mm(x.group(1), x.group(2) or m.group(2))
                end = x.end()
    d, i, t = found.get("d"), found.get("i"), found.get("t")
    if d and i and t and d > i:
        return (d, i, t), True, True, start, end
    if d and t:
        return (d, t), False, True, start, end
    return None, False, False, -1, -1


def _named_dims(text: str) -> tuple[tuple[float, ...] | None, bool, bool, int, int]:
    """Dimensions written with their parts named (outer/inner diameter, thickness), as (dims, ring, round, span)."""
    if any(map(text.__contains__, ("dia", "od", "thick", "thk", "long", "length", "height", "tall", "high"))):
        found = _labelled_dims(text)
        if found[0] is not None:
            return found
    m = _OD_ID_T.search(text) if ("od" in text or "外径" in text) else None
    if m:
        od, inner, t = (float(g) for g in m.groups())
        if od > inner > 0 and t > 0:
            return (od, inner, t), True, True, m.start(), m.end()
    m = _D_T.search(text) if any(map(text.__contains__, "φΦøØ⌀d直外")) else None
    if m:
        d, t = (float(g) for g in m.groups())
        if d > 0 and t > 0:
            return (d, t), False, True, m.start(), m.end()
    return None, False, False, -1, -1


def _search(regex: re.Pattern[str], text: str, needles: tuple[str, ...]) -> re.Match[str] | None:
    """``regex.search(text)``, skipped when none of the literal ``needles`` occurs (most texts have none).

    ``any(map(text.__contains__, needles))`` (here and below) is ``any(n in text for n in needles)`` without a
    generator frame per test: this runs for every distinct part text.
    """
    return regex.search(text) if any(map(text.__contains__, needles)) else None


_DIAMETER_NEEDLES = ("φ", "Φ", "ø", "Ø", "⌀", "dia", "直径", "外径")
_STEPPER_NEEDLES = ("step", "步进", "ステッ")
_CELL_NEEDLES = ("aa", "r6", "r03", "単", "号")
_MASS_NEEDLES = ("g", "グラム", "克")


@lru_cache(maxsize=65536)
def parse_measures(text: str) -> Measures:
    """Dimensions and ratings stated in normalised ``text``; see :class:`Measures`."""
    if not text or not (any(map(str.isdigit, text)) or "aa" in text):   # "AA"/"AAA" need no digit
        return _EMPTY
    dims, ring, round_first, start, end = _dims(text) if any(map(text.__contains__, "x×*")) \
        else (None, False, False, -1, -1)
    if dims is None:
        dims, ring, round_first, start, end = _named_dims(text)
    rest = text if dims is None else text[:start] + " " + text[end:]
    if dims is not None and len(dims) == 3 and not ring and _RING.search(text):
        ring = dims[0] > dims[1]
    m = _search(_DIAMETER, rest, _DIAMETER_NEEDLES)
    diameter = float(m.group(1)) if m else None

    nema = None
    m = _search(_NEMA, text, ("nema",))
    if m:
        nema = int(m.group(1))
    else:
        m = _search(_FLANGE_STEPPER, text, _STEPPER_NEEDLES)
        if m:
            nema = NEMA_BY_FLANGE_MM.get(int(m.group(1)))

    lengths = [float(x.group(1)) for x in _MM.finditer(rest)] if "mm" in rest else []
    size = lengths[0] if lengths else None
    if size is None and dims is None:
        m = _search(_INCH, rest, ('"', "”", "″", "in"))
        if m and not _HDD.search(text):
            size = round(_number(m.group(1)) * MM_PER_INCH, 4)
    body = None
    if nema is not None:
        flange = {v: k for k, v in NEMA_BY_FLANGE_MM.items()}.get(nema)
        others = [x for x in lengths if flange is None or abs(x - flange) > 1]
        body = others[0] if others else None

    kv = None
    m = _search(_KV, text, ("kv",))
    if m and int(m.group(1)) >= 100:                 # below 100 it is a voltage in kV, not a motor constant
        kv = int(m.group(1))
    stator = None
    m = _STATOR.search(rest)
    if m and _MOTOR_CONTEXT.search(text) and not (kv is None and m.group(0).startswith(("19", "20"))):
        stator = (int(m.group(1)), int(m.group(2)))   # "2024" is a year, unless a KV says motor

    m = _search(_POWER, text, ("w",))
    power = float(m.group(1)) * (1000.0 if m.group(2) == "kw" else 1.0) if m else None
    m = _search(_CAPACITY, text, ("ah",))
    capacity = float(m.group(1)) * (1000.0 if m.group(2) == "ah" else 1.0) if m else None
    m = _search(_VOLTAGE, text, ("v",))
    voltage = float(m.group(1)) if m and float(m.group(1)) > 0 else None
    m = _search(_CELL, text, _CELL_NEEDLES)
    cell = _CELL_NAMES.get(m.group(1) or m.group(2)) if m else None
    m = _search(_HDD, text, ("2.5", "3.5"))
    hdd = float(m.group(1)) if m else None
    mass = _mass(text) if any(map(text.__contains__, _MASS_NEEDLES)) else None
    led = None
    if _LED_CONTEXT.search(text):
        m = _LED_PACKAGE.search(text)
        led = m.group(1) if m else None
    return Measures(dims_mm=dims, ring=ring, round_first=round_first, diameter_mm=diameter, nema=nema,
                    body_length_mm=body, size_mm=size, stator=stator, kv=kv, power_w=power, capacity_mah=capacity,
                    voltage_v=voltage, cell=cell, hdd_inch=hdd, mass_g=mass, led_package=led)


def _mass(text: str) -> float | None:
    for m in _MASS.finditer(text):
        value, unit = float(m.group(1)), m.group(2)
        if value <= 0:
            continue
        if unit == "g" and value in (2, 3, 4, 5) and _TELECOM.search(text):
            continue                                  # "5G module", "4G LTE": a network generation
        if unit == "g" and value in _POWERS_OF_TWO and _MEMORY.search(text):
            continue                                  # "Memory card 8G": gigabytes
        return value * {"kg": 1000.0, "mg": 0.001}.get(unit, 1.0)
    return None
