"""IPC-1752A class C/D declarations: rare-earth substances by CAS number -> declared grams per part.

The test files are written here from the published schema's structure (MainDeclaration > BusinessInfo/Supplier,
Product > ProductID + MaterialInfo > HomogeneousMaterialList > HomogeneousMaterial > SubstanceCategoryList >
SubstanceCategory > Substance with SubstanceID and Amount); they are not a real supplier's file.
"""
from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.declarations import read_ipc1752
from desktop.core.declarations.substances import CAS_TO_ELEMENT
from desktop.core.errors import InputError
from desktop.core.mapping.library import PartLibrary
from desktop.paths import part_library_file, resource

SAMPLE = resource("samples", "sample_bom_ja.xlsx")
NS = "http://webstds.ipc.org/175x/2.0"


def substance(name: str, cas: str, value: str, unit: str = "g") -> str:
    return (f'<Substance name="{name}"><SubstanceID identity="{cas}" authority="CAS"/>'
            f'<Amount value="{value}" UOM="{unit}"/></Substance>')


def declaration(products: str, supplier: str = "Example Magnetics Ltd.") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<MainDeclaration xmlns="{NS}" version="2.0">
  <BusinessInfo>
    <Response requestDocID="REQ-1" respondDate="2026-11-01"/>
    <Supplier company="{supplier}" uniqueID="000000000" uniqueIDAuthority="DUNS"/>
  </BusinessInfo>
  {products}
</MainDeclaration>"""


def product(item: str, mfr: str, materials: str) -> str:
    return f"""<Product>
    <ProductID itemNumber="{item}" mfrItemNumber="{mfr}" itemName="test part" version="A">
      <Amount value="10" UOM="g"/>
    </ProductID>
    <MaterialInfo><HomogeneousMaterialList>{materials}</HomogeneousMaterialList></MaterialInfo>
  </Product>"""


def material(name: str, mass_g: str, substances: str) -> str:
    return (f'<HomogeneousMaterial name="{name}"><Amount value="{mass_g}" UOM="g"/><SubstanceCategoryList>'
            f'<SubstanceCategory name="{name}">{substances}</SubstanceCategory></SubstanceCategoryList>'
            f'</HomogeneousMaterial>')


def magnet_product(item: str = "MG-2003", mfr: str = "EX-N42SH-20") -> str:
    """A sintered NdFeB magnet declared by its constituents, plus a plated coating with Nd2O3 in mg."""
    body = material("NdFeB magnet", "7.5",
                    substance("Neodymium", "7440-00-8", "2.1") + substance("Dysprosium", "7429-91-6", "0.3")
                    + substance("Iron", "7439-89-6", "5.0") + substance("Boron", "7440-42-8", "0.1"))
    body += material("Coating", "0.05", substance("Neodymium oxide", "1313-97-9", "11.6639", "mg")
                     + substance("Nickel", "7440-02-0", "38.3", "mg"))
    return product(item, mfr, body)


def test_nd_and_dy_by_cas_give_declared_grams(tmp_path):
    path = tmp_path / "decl.xml"
    path.write_text(declaration(magnet_product()), encoding="utf-8")
    result = read_ipc1752(path)
    assert not result.problems and len(result.declared) == 1
    d = result.declared[0]
    assert (d.part_number, d.mpn, d.supplier, d.source) == ("MG-2003", "EX-N42SH-20", "Example Magnetics Ltd.",
                                                            "ipc1752a")
    # Nd metal 2.1 g + 11.6639 mg of Nd2O3 (85.7 % Nd) = 2.11 g; Dy 0.3 g; iron and boron are not rare earths
    assert set(d.grams) == {"Nd", "Dy"}
    assert d.grams["Nd"] == pytest.approx(2.1 + 0.0116639 * CAS_TO_ELEMENT["1313-97-9"][1])
    assert d.grams["Nd"] == pytest.approx(2.11, abs=1e-4) and d.grams["Dy"] == pytest.approx(0.3)


def test_full_declaration_without_rare_earths_is_free_and_bad_amount_is_reported(tmp_path):
    plain = product("RS-1", "", material("Steel", "3", substance("Iron", "7439-89-6", "3")))
    broken = product("", "EX-2", material("Magnet", "3", substance("Samarium", "7440-19-9", "lots")))
    nokey = product("", "", material("Magnet", "3", substance("Samarium", "7440-19-9", "1")))
    path = tmp_path / "two.xml"
    path.write_text(declaration(plain + broken + nokey), encoding="utf-8")
    result = read_ipc1752(path)
    assert [(d.part_number, d.rare_earth_free) for d in result.declared] == [("RS-1", True)]
    assert [p.cell for p in result.problems] == ["Product 2", "Product 3"]
    assert "7440-19-9" in result.problems[0].reason.render(None)


@pytest.mark.parametrize("text, message", [
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><MainDeclaration/>', "DTD"),
    ('<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><MainDeclaration/>', "DTD"),
    ("<Other/>", "not an IPC-1752A declaration"),
    ("<MainDeclaration><Product", "cannot be read"),
    (f'<MainDeclaration xmlns="{NS}"/>', "names no product"),
])
def test_unsafe_or_foreign_files_are_refused(tmp_path, text, message):
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ipc1752(path)
    assert message in str(err.value)


def test_import_and_assess_use_the_declaration(tmp_path, capsys):
    path = tmp_path / "EX_declaration.xml"
    path.write_text(declaration(magnet_product()), encoding="utf-8")
    assert main(["survey", "import", str(path)]) == 0
    entry = PartLibrary.load(part_library_file()).lookup("MG-2003")
    assert entry.source == "ipc1752a" and entry.file == "EX_declaration.xml"
    capsys.readouterr()
    assert main(["assess", str(SAMPLE), "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    part = next(p for p in data["parts"] if p["part_number"] == "MG-2003")
    assert part["method"] == "declared" and part["confidence"] == "high"
    assert set(part["elements"]) == {"Nd", "Dy"}
    assert "Example Magnetics Ltd." in part["evidence"][0] and "EX_declaration.xml" in part["evidence"][0]


def test_cas_table_covers_the_17_metals():
    metals = {s for cas, (s, share) in CAS_TO_ELEMENT.items() if share == 1.0}
    assert len(metals) == 17
    assert all(0.6 < share <= 1.0 for _s, share in CAS_TO_ELEMENT.values())
