"""The user's text reaches the parts table (and so the JSON, the briefing and the GUI) exactly as written:
no NFKC, which would turn the micro sign into Greek mu, full-width letters into half-width ones and circled numbers
into digits. Matching normalises on its own, so the mapping does not change."""
from __future__ import annotations

from desktop.core.importing import read_bom
from desktop.core.knowledge import load_knowledge
from desktop.core.mapping import map_parts


def test_text_is_kept_as_written(tmp_path):
    f = tmp_path / "bom.csv"
    f.write_text("品番,品名,仕様,数量\nＡＢＣ－１２３,ﾈｵｼﾞﾑ磁石 N52,10×3㎜ ①,2\nC1,Capacitor 10µF X7R 0805,  ,1\n",
                 encoding="utf-8")
    r = read_bom(f)
    assert r.parts["part_number"].tolist() == ["ＡＢＣ－１２３", "C1"]
    assert r.parts["description"].tolist() == ["ﾈｵｼﾞﾑ磁石 N52", "Capacitor 10µF X7R 0805"]
    assert "\u00b5" in r.parts["description"][1] and "\u03bc" not in r.parts["description"][1]
    assert r.parts["specification"].tolist()[0] == "10×3㎜ ①" and r.parts["specification"].tolist()[1] is None
    m = map_parts(r, load_knowledge()).mappings
    assert m[0].classes[0] == "ndfeb_sintered_magnet" and m[1].classes[0] == "mlcc"
