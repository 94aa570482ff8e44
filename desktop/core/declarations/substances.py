"""Rare-earth substances by CAS number: the 17 metals and their common oxides, with the share of the element in
the substance's mass.

Source ``stoich`` (resources/knowledge/sources.yaml): the element's share of an oxide is computed from its
nominal formula with the IUPAC standard atomic weights (2021, abridged to the digits below; Pm has no stable
isotope, its mass number 145 is used). A metal's share is 1. CAS numbers identify substances; they are not figures.
"""
from __future__ import annotations

#: IUPAC standard atomic weights (abridged); O for the oxides.
ATOMIC_WEIGHT: dict[str, float] = {
    "O": 15.999, "Sc": 44.955908, "Y": 88.905838, "La": 138.90547, "Ce": 140.116, "Pr": 140.90766,
    "Nd": 144.242, "Pm": 145.0, "Sm": 150.36, "Eu": 151.964, "Gd": 157.25, "Tb": 158.925354, "Dy": 162.500,
    "Ho": 164.930329, "Er": 167.259, "Tm": 168.934219, "Yb": 173.045, "Lu": 174.9668,
}

#: CAS number -> (element, atoms of the element, atoms of oxygen) per formula unit.
_SUBSTANCES: dict[str, tuple[str, int, int]] = {
    # metals
    "7440-20-2": ("Sc", 1, 0), "7440-65-5": ("Y", 1, 0), "7439-91-0": ("La", 1, 0), "7440-45-1": ("Ce", 1, 0),
    "7440-10-0": ("Pr", 1, 0), "7440-00-8": ("Nd", 1, 0), "7440-12-2": ("Pm", 1, 0), "7440-19-9": ("Sm", 1, 0),
    "7440-53-1": ("Eu", 1, 0), "7440-54-2": ("Gd", 1, 0), "7440-27-9": ("Tb", 1, 0), "7429-91-6": ("Dy", 1, 0),
    "7440-60-0": ("Ho", 1, 0), "7440-52-0": ("Er", 1, 0), "7440-30-4": ("Tm", 1, 0), "7440-64-4": ("Yb", 1, 0),
    "7439-94-3": ("Lu", 1, 0),
    # common oxides: Sc2O3, Y2O3, La2O3, CeO2, Pr6O11, Nd2O3, Sm2O3, Eu2O3, Gd2O3, Tb4O7, Dy2O3, Ho2O3, Er2O3,
    # Tm2O3, Yb2O3, Lu2O3
    "12060-08-1": ("Sc", 2, 3), "1314-36-9": ("Y", 2, 3), "1312-81-8": ("La", 2, 3), "1306-38-3": ("Ce", 1, 2),
    "12037-29-5": ("Pr", 6, 11), "1313-97-9": ("Nd", 2, 3), "12060-58-1": ("Sm", 2, 3), "1308-96-9": ("Eu", 2, 3),
    "12064-62-9": ("Gd", 2, 3), "12037-01-3": ("Tb", 4, 7), "1308-87-8": ("Dy", 2, 3), "12055-62-8": ("Ho", 2, 3),
    "12061-16-4": ("Er", 2, 3), "12036-44-1": ("Tm", 2, 3), "1314-37-0": ("Yb", 2, 3), "12032-20-1": ("Lu", 2, 3),
}


def _share(symbol: str, atoms: int, oxygen: int) -> float:
    metal = ATOMIC_WEIGHT[symbol] * atoms
    return metal / (metal + ATOMIC_WEIGHT["O"] * oxygen)


#: CAS number -> (element symbol, mass share of the element in the substance).
CAS_TO_ELEMENT: dict[str, tuple[str, float]] = {
    cas: (symbol, _share(symbol, atoms, oxygen)) for cas, (symbol, atoms, oxygen) in _SUBSTANCES.items()
}
