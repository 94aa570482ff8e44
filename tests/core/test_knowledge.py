"""Knowledge base: bundled data, validation errors (file/record/field), install/fallback, countries, status."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop import paths
from desktop.core.errors import KnowledgeError
from desktop.core.knowledge import (
    FILES,
    clear_cache,
    control_status,
    default_knowledge,
    install_knowledge,
    load_knowledge,
    normalise_country,
    scheduled_changes_after,
    stale_changes,
)
from desktop.core.knowledge.fields import SYMBOLS

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "knowledge"
GLOSSARY_JA = {
    "Sc": "スカンジウム", "Y": "イットリウム", "La": "ランタン", "Ce": "セリウム", "Pr": "プラセオジム",
    "Nd": "ネオジム", "Pm": "プロメチウム", "Sm": "サマリウム", "Eu": "ユウロピウム", "Gd": "ガドリニウム",
    "Tb": "テルビウム", "Dy": "ジスプロシウム", "Ho": "ホルミウム", "Er": "エルビウム", "Tm": "ツリウム",
    "Yb": "イッテルビウム", "Lu": "ルテチウム",
}

# Minimal mapping files, used only while the mapping engineer's classes.yaml / profiles.yaml are not in the tree.
PROFILES = {"profiles": [{
    "id": "ndfeb_sintered_unknown", "name": "Sintered NdFeB, grade unknown", "confidence": "medium",
    "fractions": {"Nd": {"low": 0.21, "typical": 0.25, "high": 0.29}, "Dy": {"low": 0.0, "typical": 0.01,
                                                                             "high": 0.04}},
    "sources": ["courage_ndfeb"]}]}
CLASSES = {"classes": [{
    "id": "ndfeb_sintered_magnet", "kind": "ree", "name_en": "Sintered NdFeB magnet", "name_ja": "ネオジム焼結磁石",
    "keywords_en": ["ndfeb"], "keywords_ja": ["ネオジム磁石"], "patterns": [r"\bN(3[0-9]|4[0-9]|5[0-5])(SH|UH|EH|AH|M|H)?\b"],
    "hs_codes": ["8505.11"], "basis": "magnet", "unit_en": "per magnet", "confidence": "medium",
    "magnet": {"profile": "ndfeb_sintered_unknown", "mass_g": {"low": 5, "typical": 47, "high": 1000},
               "sources": ["habib_2014"]},
    "priority": 60, "sources": ["habib_2014"]}]}


def _complete_copy(dest: Path) -> Path:
    """A complete knowledge folder: the bundled files plus test stand-ins for mapping files not yet written."""
    shutil.copytree(BUNDLED, dest)
    for name, doc in (("profiles.yaml", PROFILES), ("classes.yaml", CLASSES)):
        if not (dest / name).is_file():
            (dest / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return _complete_copy(tmp_path / "knowledge")


@pytest.fixture
def resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point paths.resources_dir() at a complete copy, so default/install can be tested in isolation."""
    res = tmp_path / "resources"
    _complete_copy(res / "knowledge")
    monkeypatch.setenv("REERISK_RESOURCES", str(res))
    paths.resources_dir.cache_clear()
    clear_cache()
    yield res
    paths.resources_dir.cache_clear()
    clear_cache()


@pytest.fixture
def kb(kb_dir: Path):
    return load_knowledge(kb_dir)


def _edit(folder: Path, file: str, change: Callable[[Any], None]) -> None:
    path = folder / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _record(doc: dict, key: str, rid: str, id_field: str = "id") -> dict:
    return next(r for r in doc[key] if str(r[id_field]) == rid)


# -- the bundled knowledge base ----------------------------------------------------------------------------------
def test_bundled_knowledge_loads():
    missing = [n for n in ("profiles.yaml", "classes.yaml") if not (BUNDLED / n).is_file()]
    if missing:
        pytest.skip(f"mapping files not in the tree yet: {', '.join(missing)}")
    kb = load_knowledge()
    assert kb.origin == "bundled" and len(kb.elements) == 17 and kb.classes and kb.profiles


def test_bundled_data_with_stand_in_mapping_files(kb):
    assert kb.version == "2026.11.1"
    assert kb.as_of == dt.date(2026, 1, 20) and kb.compiled_on == dt.date(2026, 11, 28)
    assert kb.warnings_en and len(kb.warnings_ja) == len(kb.warnings_en)
    assert "2026" in kb.warnings_ja[0] and "中国商務部" in kb.warnings_ja[0]
    assert tuple(kb.elements) == SYMBOLS  # atomic-number order
    assert {s: e.name_ja for s, e in kb.elements.items()} == GLOSSARY_JA
    for element in kb.elements.values():
        assert element.uses_en and len(element.uses_ja) == len(element.uses_en), element.symbol
        assert element.eol_rir is None and element.substitutability is None  # not found: never zero
    nd, dy = kb.elements["Nd"], kb.elements["Dy"]
    assert nd.china_share["magnet"].value == 0.94 and nd.price.value == 56 and nd.price.unit == "USD/kg oxide"
    refining = dy.china_share["refining"]  # ≥ 95 % after Lynas's 2025 start-up, up to 99.9 % before: a range
    assert (refining.low, refining.high) == (0.95, 0.999) and refining.uncertain
    assert nd.china_share["mining"].value == 0.692 and not nd.china_share["mining"].element_specific
    assert not kb.elements["Sc"].china_share  # no figure found
    assert kb.stage_defaults["refining"].value == 0.91 and kb.stage_defaults["mining"].source == "usgs_mcs2025"
    assert (kb.eol_rir_group.low, kb.eol_rir_group.high, kb.eol_rir_group.value) == (0.05, 0.22, None)
    shares = {p.country: p.share for p in kb.producers}
    assert shares["CN"] == 0.692 and shares["US"] == 0.115 and "OTHER" in shares


def test_controls(kb):
    no18 = kb.control("CN-MOFCOM-GAC-2025-18")
    assert set(no18.elements) == {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"} and not no18.all_elements
    assert no18.number == "No. 18/2025" and no18.destinations == ("all",) and no18.control_codes["Dy"] == "1C905"
    no61 = kb.control("CN-MOFCOM-2025-61")
    assert len(no61.elements) == 12 and no61.effective == dt.date(2025, 10, 9) and no61.kind == "extraterritorial"
    assert kb.control("CN-MOFCOM-GAC-2025-55").elements == ()
    assert kb.control("CN-2010-JP-HALT").destinations == ("JP",)
    assert kb.control("CN-MOFCOM-GAC-2025-56").all_elements
    suspended = [c for c in kb.controls if c.suspended_by]
    assert {c.id for c in suspended} == {f"CN-MOFCOM-GAC-2025-{n}" for n in (55, 56, 57, 58)} | {
        "CN-MOFCOM-2025-61", "CN-MOFCOM-2025-62"}
    for c in suspended:
        assert (c.suspended_from, c.suspended_until, c.suspended_by) == (
            dt.date(2025, 11, 7), dt.date(2026, 11, 10), "CN-MOFCOM-GAC-2025-70")
    assert kb.control("CN-MOFCOM-GAC-2025-57").applies_to("XX")  # "all" destinations
    assert not kb.control("CN-2010-JP-HALT").applies_to("US")


def test_control_status(kb):
    no18, no57, no62 = (kb.control(i) for i in ("CN-MOFCOM-GAC-2025-18", "CN-MOFCOM-GAC-2025-57",
                                                "CN-MOFCOM-2025-62"))
    day = dt.date.fromisoformat
    assert control_status(no18, day("2026-11-28"), kb.as_of) == "in_force"
    assert control_status(no18, day("2025-03-01"), kb.as_of) == "not_yet_announced"
    assert control_status(no57, day("2025-10-20"), kb.as_of) == "scheduled"
    assert control_status(no57, day("2026-01-01"), kb.as_of) == "suspended"
    assert control_status(no57, day("2026-11-28"), kb.as_of) == "unknown_after_suspension"
    assert control_status(no62, day("2025-10-20"), kb.as_of) == "in_force"
    # A knowledge base that runs past the suspension end knows the measure applies again.
    assert control_status(no57, day("2026-11-28"), day("2026-11-20")) == "in_force"
    assert control_status(kb.control("CN-2010-JP-HALT"), day("2010-10-01"), kb.as_of) == "in_force"
    assert control_status(kb.control("CN-2010-JP-HALT"), day("2011-01-01"), kb.as_of) == "expired"
    assert control_status(kb.control("CN-QUOTA-2009-2014"), day("2016-01-01"), kb.as_of) == "expired"


def test_scheduled_changes_after_as_of(kb):
    changes = scheduled_changes_after(kb)
    assert changes and all(c.date > kb.as_of for c in changes)
    ends = {c.control.id for c in changes if c.change == "suspension_ends" and c.date == dt.date(2026, 11, 10)}
    assert "CN-MOFCOM-GAC-2025-57" in ends and "CN-MOFCOM-GAC-2025-18" not in ends
    assert stale_changes(kb, dt.date(2026, 11, 28)) and not stale_changes(kb, dt.date(2026, 6, 1))
    assert scheduled_changes_after(kb, dt.date(2030, 1, 1)) == []


def _walk_source_ids(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                found.add(value)
            elif (key == "sources" or str(key).endswith("_sources")) and isinstance(value, list) \
                    and all(isinstance(v, str) for v in value):
                found.update(value)
            else:
                _walk_source_ids(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk_source_ids(item, found)


def test_every_referenced_source_is_defined(kb_dir: Path):
    defined = {s["id"] for s in yaml.safe_load((kb_dir / "sources.yaml").read_text(encoding="utf-8"))["sources"]}
    used: set[str] = set()
    for name in FILES:
        if name != "sources.yaml":
            _walk_source_ids(yaml.safe_load((kb_dir / name).read_text(encoding="utf-8")), used)
    assert used and not used - defined


def test_supply_options(kb):
    by_id = {s.id: s for s in kb.supply_options}
    assert by_id["myanmar"].is_alternative is False and by_id["ore_exporters_to_china"].is_alternative is False
    assert {"Dy", "Tb"} <= set(by_id["lynas"].elements) and by_id["lynas"].countries == ("AU", "MY")
    assert by_id["iluka_eneabba"].status == "construction"
    assert all(s.description_ja and s.sources for s in kb.supply_options)


# -- corrupted copies are rejected with file, record and field -----------------------------------------------------
def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        node = doc
        for step in path[:-1]:
            node = _record(node, *step) if isinstance(step, tuple) else node[step]
        if value is _DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return change


_DELETE = object()
CORRUPTIONS = [
    ("controls.yaml", [("controls", "CN-MOFCOM-GAC-2025-18"), "effective"], "2025-13-01",
     ("controls.yaml", "record CN-MOFCOM-GAC-2025-18", "field 'effective'", "not a date", "2025-13-01")),
    ("controls.yaml", [("controls", "CN-MOFCOM-GAC-2025-57"), "elements"], ["Ho", "Er", "Xx"],
     ("controls.yaml", "CN-MOFCOM-GAC-2025-57", "'elements[2]'", "unknown element")),
    ("elements.yaml", [("elements", "Nd", "symbol"), "china_share", "magnet", "value"], 1.5,
     ("elements.yaml", "record Nd", "'china_share.magnet.value'", "1.5")),
    ("elements.yaml", ["eol_rir_group", "low"], 0.5,
     ("elements.yaml", "eol_rir_group.low", "greater than high")),
    ("elements.yaml", [("elements", "Dy", "symbol"), "symbol"], "Dx",
     ("elements.yaml", "record Dx", "'symbol'", "unknown element")),
    ("profiles.yaml", [("profiles", "ndfeb_sintered_unknown"), "fractions", "Nd", "low"], 0.3,
     ("profiles.yaml", "ndfeb_sintered_unknown", "'fractions.Nd.low'", "greater than high")),
    ("supply.yaml", [("supply_options", "lynas"), "sources"], ["no_such_source"],
     ("supply.yaml", "record lynas", "'sources[0]'", "no_such_source")),
    ("elements.yaml", ["stage_defaults", "refining", "source"], "nowhere_2024",
     ("elements.yaml", "'stage_defaults.refining.source'", "nowhere_2024")),
    ("controls.yaml", [("controls", "CN-MOFCOM-GAC-2025-18"), "title_ja"], _DELETE,
     ("controls.yaml", "CN-MOFCOM-GAC-2025-18", "'title_ja'", "missing")),
    ("controls.yaml", [("controls", "CN-MOFCOM-GAC-2025-57"), "suspended_by"], "CN-NOPE",
     ("controls.yaml", "CN-MOFCOM-GAC-2025-57", "'suspended_by'", "CN-NOPE")),
    ("controls.yaml", [("controls", "CN-MOFCOM-GAC-2025-18"), "kind"], "ban",
     ("controls.yaml", "CN-MOFCOM-GAC-2025-18", "'kind'", "export_licence")),
    ("classes.yaml", [("classes", "ndfeb_sintered_magnet"), "patterns"], ["N(4[0-9"],
     ("classes.yaml", "ndfeb_sintered_magnet", "'patterns[0]'", "regular expression")),
    ("classes.yaml", [("classes", "ndfeb_sintered_magnet"), "magnet", "profile"], "no_profile",
     ("classes.yaml", "ndfeb_sintered_magnet", "'magnet.profile'", "no_profile")),
    ("classes.yaml", [("classes", "ndfeb_sintered_magnet"), "recycling_sources"], ["habib_2014", "nobody_2030"],
     ("classes.yaml", "ndfeb_sintered_magnet", "'recycling_sources[1]'", "nobody_2030")),
    ("classes.yaml", [("classes", "ndfeb_sintered_magnet"), "confidence"], "certain",
     ("classes.yaml", "ndfeb_sintered_magnet", "'confidence'")),
    ("meta.yaml", ["as_of"], "20 Jan 2026", ("meta.yaml", "'as_of'", "not a date")),
    ("sources.yaml", [("sources", "usgs_mcs2025"), "quality"], "great",
     ("sources.yaml", "record usgs_mcs2025", "'quality'")),
    ("supply.yaml", [("supply_options", "mp_materials"), "countries"], ["US", "ZZ"],
     ("supply.yaml", "mp_materials", "'countries[1]'", "ZZ")),
    ("countries.yaml", [("countries", "JP", "code"), "aliases"], ["PRC"],
     ("countries.yaml", "record JP", "'aliases'", "CN")),
]


@pytest.mark.parametrize("file, path, value, expected", CORRUPTIONS,
                         ids=[f"{c[0]}:{'/'.join(str(p) for p in c[1])}" for c in CORRUPTIONS])
def test_corrupted_file_is_rejected(kb_dir: Path, file: str, path: list, value: Any, expected: tuple[str, ...]):
    if file in ("classes.yaml", "profiles.yaml"):  # corrupt the small stand-ins, independent of the mapping data
        for name, doc in (("profiles.yaml", PROFILES), ("classes.yaml", CLASSES)):
            (kb_dir / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        (kb_dir / "scaling.yaml").unlink(missing_ok=True)  # optional; its laws name the real classes
        load_knowledge(kb_dir)  # valid before the corruption
    _edit(kb_dir, file, _set(path, value))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_dir)
    message = str(info.value)
    for part in expected:
        assert part in message, message


def test_missing_and_broken_files_are_named(kb_dir: Path):
    (kb_dir / "classes.yaml").unlink()
    with pytest.raises(KnowledgeError, match="classes.yaml"):
        load_knowledge(kb_dir)
    (kb_dir / "classes.yaml").write_text("classes: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"classes\.yaml: not valid YAML \(line"):
        load_knowledge(kb_dir)


def test_error_message_translates(kb_dir: Path):
    from desktop.i18n import translation_for

    _edit(kb_dir, "controls.yaml", _set([("controls", "CN-MOFCOM-GAC-2025-18"), "effective"], "2025-13-01"))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_dir)
    ja = info.value.render(translation_for("ja"))
    assert "controls.yaml" in ja and "CN-MOFCOM-GAC-2025-18" in ja and "effective" in ja and "レコード" in ja


# -- default knowledge, install, fallback ----------------------------------------------------------------------
def test_default_is_bundled_and_cached(resources: Path):
    kb = default_knowledge()
    assert kb.origin == "bundled" and kb.load_warnings == () and default_knowledge() is kb


def test_install_rejects_bad_folder_and_keeps_bundled(resources: Path, tmp_path: Path):
    bad = tmp_path / "update"
    bad.mkdir()
    shutil.copyfile(resources / "knowledge" / "controls.yaml", bad / "controls.yaml")
    _edit(bad, "controls.yaml", _set([("controls", "CN-MOFCOM-GAC-2025-18"), "effective"], "2025-13-01"))
    with pytest.raises(KnowledgeError, match="CN-MOFCOM-GAC-2025-18"):
        install_knowledge(bad)
    assert not (paths.user_data_dir() / "knowledge").exists()
    assert default_knowledge().origin == "bundled"
    with pytest.raises(KnowledgeError):
        install_knowledge(tmp_path / "does-not-exist")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        install_knowledge(tmp_path / "notes.txt")


def test_install_valid_update_from_zip(resources: Path, tmp_path: Path):
    src = tmp_path / "meta.yaml"
    shutil.copyfile(resources / "knowledge" / "meta.yaml", src)
    _edit(tmp_path, "meta.yaml", _set(["version"], "2027.01.1"))
    archive = tmp_path / "update.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(src, "kb/meta.yaml")
    kb = install_knowledge(archive)
    assert kb.origin == "user" and kb.version == "2027.01.1"
    assert default_knowledge().version == "2027.01.1"
    # A later invalid update is rejected and the installed one stays.
    bad = tmp_path / "controls.yaml"
    bad.write_text("controls:\n  - id: X\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"controls\.yaml, record X"):
        install_knowledge(bad)
    assert default_knowledge().version == "2027.01.1"


def test_invalid_user_folder_falls_back_with_warning(resources: Path):
    user = paths.user_data_dir() / "knowledge"
    _complete_copy(user)
    _edit(user, "elements.yaml", _set([("elements", "Nd", "symbol"), "china_share", "magnet", "value"], 1.5))
    kb = default_knowledge()
    assert kb.origin == "bundled" and kb.load_warnings
    assert "elements.yaml" in kb.load_warnings[0] and "record Nd" in kb.load_warnings[0]


# -- countries -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [
    ("中国", "CN"), ("China", "CN"), ("PRC", "CN"), ("P.R.C.", "CN"), ("CN", "CN"), ("CHN", "CN"),
    ("China (Mainland)", "CN"), ("Mainland China", "CN"), ("中华人民共和国", "CN"), ("ＣＨＩＮＡ", "CN"),
    (" china ", "CN"), ("日本", "JP"), ("Japan", "JP"), ("JP", "JP"), ("jpn", "JP"), ("Hong Kong", "HK"),
    ("香港", "HK"), ("Taiwan", "TW"), ("台湾", "TW"), ("Korea", "KR"), ("South Korea", "KR"), ("韓国", "KR"),
    ("韩国", "KR"), ("米国", "US"), ("アメリカ", "US"), ("U.S.A.", "US"), ("美国", "US"), ("德国", "DE"),
    ("Deutschland", "DE"), ("马来西亚", "MY"), ("Viet Nam", "VN"), ("Burma", "MM"), ("México", "MX"),
    ("", None), ("N/A", None), ("未指定", None), ("Atlantis", None), (None, None),
])
def test_normalise_country(kb, text, code):
    assert normalise_country(text, kb) == code


def test_normalise_country_uses_default_knowledge(resources: Path):
    assert normalise_country("中華人民共和国") == "CN" and normalise_country("不明") is None


def test_every_named_country_is_defined(kb):
    named = {p.country for p in kb.producers} - {"OTHER"}
    for option in kb.supply_options:
        named.update(option.countries)
    for control in kb.controls:
        named.update(d for d in control.destinations if d != "all")
    assert named <= set(kb.countries)
    assert len(kb.countries) >= 60
