"""Benchmark: how long `reerisk assess` takes on a 100,000-row workbook, against python-calamine's own read.

Design goal (docs/performance.md): the whole assessment of a 100,000-row .xlsx takes at most about twice as
long as python-calamine takes to read the same file into pandas.

What it does:

1. Generates (once; cached under ``--data-dir``, default ``$TMPDIR/reerisk-bench``) a realistic BOM workbook:
   Japanese headers 品番/品名/仕様/数量/単位/仕入先/原産国/単重(g), a title block, a few thousand unique parts
   (motors, NdFeB magnets with grades, MLCCs, resistors, LEDs, screws, connectors, NiMH packs, speakers …)
   repeated as real BOMs repeat them, with section blank lines and a total line at the end.
2. Times each measurement in a fresh Python process (so no cache from an earlier run flatters a number),
   median of ``--runs`` runs:

   a. calamine: ``CalamineWorkbook.from_path(f).get_sheet_by_name(s).to_python()`` → ``pandas.DataFrame``
   b. ``desktop.core.importing.read_bom`` (b': the same with the knowledge base already loaded, as in the
      pipeline; the importer loads it for country names)
   c. ``desktop.core.pipeline.assess_file`` (import + map + score; with the stage split)
   d. the JSON writer the CLI uses (``json_out.iter_json_bytes``, drained), and for comparison
      ``assessment_to_json`` (the dicts a saved document holds) + ``json.dumps``, on that assessment
   e. the CLI end to end: ``python -m desktop assess FILE --json OUT`` (wall clock, includes start-up)

   and, as whole processes (wall clock, interpreter start and imports included; issue 12's comparison):

   f. floor: ``python -c`` a script that does only (a)
   g. ``python -m desktop assess FILE`` (no output file)
   e. (above) ``python -m desktop assess FILE --json OUT``

   (a)–(d) are timed with ``time.perf_counter`` inside the worker after its imports, so they measure the work
   only; (e)–(g) are the user's experience. The whole-process lines run interleaved (f, g, e, f, g, e …) so
   that a change in the machine's load affects each alike; their ratios to (f) are printed per round too.
3. Prints a table with each median and its ratio to (a), and the machine it ran on.

Run from the repository root::

    python benchmarks/bench_assess.py                 # 100,000 rows, 5 runs
    python benchmarks/bench_assess.py --rows 20000 --runs 3
    python benchmarks/bench_assess.py --only calamine,read_bom
    python benchmarks/bench_assess.py --profile read_bom   # cProfile of one read_bom run, top functions
    python benchmarks/bench_assess.py --only floor,cli_plain,cli --runs 5   # issue 12: whole processes
    python benchmarks/bench_assess.py --profile cli        # cProfile of `assess FILE --json OUT` in-process
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHEET = "部品表"
HEADERS = ["品番", "品名", "仕様", "数量", "単位", "仕入先", "原産国", "単重(g)"]
KINDS = ("calamine", "read_bom", "read_bom_kb", "assess_file", "json", "floor", "cli_plain", "cli")
#: Whole-process lines (wall clock, interpreter start and imports included), compared with "floor" (issue 12).
WHOLE = ("floor", "cli_plain", "cli")
#: The floor as a whole process: a script that only reads the BOM sheet with calamine into pandas.
FLOOR_SCRIPT = (
    "import sys\n"
    "import pandas as pd\n"
    "from python_calamine import CalamineWorkbook\n"
    "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()\n"
    "frame = pd.DataFrame(rows[1:], columns=rows[0])\n"
)
GENERATOR_VERSION = 2  # bump when the generated content changes (part of the cached file name)

# ---------------------------------------------------------------------------------------------------------------
# Data generation


def _catalogue(rng: random.Random, unique: int) -> list[tuple[str, str, str, str, str, str, str, float]]:
    """``unique`` distinct parts: (part no, name, spec, unit, supplier, country, unit weight g, typical qty)."""
    suppliers = [("東京磁材", "中国"), ("寧波磁業", "CN"), ("信越商事", "日本"), ("Acme Motion", "Japan"),
                 ("深圳电子", "中国"), ("村田商会", "JP"), ("TDK販売", "日本"), ("Yageo Taiwan", "台湾"),
                 ("KOA商事", "日本"), ("Nichia Dist.", "JP"), ("Cree Asia", "USA"), ("ねじ屋本舗", "日本"),
                 ("Würth Elektronik", "Germany"), ("Molex Japan", "JP"), ("JST商事", "日本"),
                 ("Panasonic Energy", "日本"), ("GP Batteries", "中国"), ("Foster電機", "日本"),
                 ("Vietnam Parts", "ベトナム"), ("Thai Motor", "タイ"), ("PRC Trading", "PRC"), ("", "")]
    grades = ["N35", "N38", "N42", "N45", "N48", "N52", "N38H", "N40SH", "N42SH", "N45SH", "N35UH", "N33EH",
              "N38M", "N42H", "N48H"]
    colours = [("赤色", "red"), ("緑色", "green"), ("青色", "blue"), ("白色", "white"), ("黄色", "yellow"),
               ("橙色", "orange"), ("RGB", "RGB"), ("温白色", "warm white")]
    dielectrics = ["X7R", "X5R", "C0G", "NP0", "Y5V"]
    caps = ["100pF", "1nF", "10nF", "100nF", "1uF", "4.7uF", "10uF", "22uF"]
    sizes = ["0402", "0603", "0805", "1206"]
    res = ["0Ω", "10Ω", "47Ω", "100Ω", "1kΩ", "4.7kΩ", "10kΩ", "47kΩ", "100kΩ", "1MΩ"]
    makers = {"motor": ["Nidec", "Oriental Motor", "Maxon", "Mabuchi"], "mlcc": ["Murata", "TDK", "Taiyo Yuden"],
              "res": ["KOA", "Yageo", "Rohm"], "led": ["Nichia", "Cree", "Osram", "Stanley"]}

    def motor() -> tuple[str, str, float, str]:
        kind = rng.choice(["ブラシレスDCモーター", "ステッピングモーター", "サーボモーター", "DCモーター", "BLDC motor",
                           "ギアードモーター", "振動モーター"])
        return (kind, f"{rng.choice(makers['motor'])} {rng.choice(['24V', '12V', '48V'])} "
                f"{rng.choice([30, 60, 100, 200, 400, 750])}W", rng.choice([80.0, 150.0, 350.0, 900.0, 2500.0]),
                "台")

    def magnet() -> tuple[str, str, float, str]:
        shape = rng.choice(["ブロック", "リング", "ディスク", "アーク", "セグメント"])
        return (f"ネオジム磁石 {rng.choice(grades)}", f"{shape} {rng.randint(3, 60)}x{rng.randint(2, 30)}x"
                f"{rng.randint(1, 10)}mm NdFeB Ni-Cu-Ni", round(rng.uniform(0.5, 120), 1), "個")

    def mlcc() -> tuple[str, str, float, str]:
        return ("積層セラミックコンデンサ", f"{rng.choice(caps)} {rng.choice(['6.3V', '16V', '25V', '50V'])} "
                f"{rng.choice(dielectrics)} {rng.choice(sizes)} {rng.choice(makers['mlcc'])}", 0.01, "個")

    def resistor() -> tuple[str, str, float, str]:
        return ("チップ抵抗", f"{rng.choice(res)} 1% {rng.choice(sizes)} {rng.choice(makers['res'])}", 0.005,
                "個")

    def led() -> tuple[str, str, float, str]:
        ja, en = rng.choice(colours)
        return (f"LED {ja}", f"{en} {rng.choice(['3mm', '5mm', '0603', '5050', '3528'])} "
                f"{rng.choice(makers['led'])}", 0.05, "個")

    def screw() -> tuple[str, str, float, str]:
        return (rng.choice(["なべ小ねじ", "六角穴付きボルト", "皿ねじ", "セットスクリュー", "ナット", "平座金"]),
                f"M{rng.choice([2, 2.5, 3, 4, 5, 6, 8])}x{rng.choice([4, 6, 8, 10, 12, 16, 20, 25])} "
                f"{rng.choice(['SUS304', 'SCM435', '鉄 三価クロメート', 'A2-70'])}", round(rng.uniform(0.2, 8), 2),
                "本")

    def connector() -> tuple[str, str, float, str]:
        return (rng.choice(["コネクタ", "ピンヘッダ", "ハウジング", "圧着端子", "USB Type-C レセプタクル"]),
                f"{rng.choice(['JST XH', 'JST PH', 'Molex Micro-Fit', 'Hirose DF13', '2.54mm'])} "
                f"{rng.randint(2, 40)}P", round(rng.uniform(0.1, 5), 2), "個")

    def nimh() -> tuple[str, str, float, str]:
        return ("ニッケル水素電池パック", f"{rng.choice([4.8, 6.0, 7.2, 9.6, 12.0])}V {rng.choice([800, 1300, 2000, 3000])}"
                f"mAh NiMH", rng.choice([60.0, 120.0, 180.0, 260.0]), "個")

    def speaker() -> tuple[str, str, float, str]:
        return (rng.choice(["スピーカー", "マイクロスピーカー", "ブザー", "ツイーター"]),
                f"{rng.choice([4, 8, 16, 32])}Ω {rng.choice([0.5, 1, 2, 3, 5])}W {rng.choice(['ネオジム', 'フェライト'])}"
                f"磁気回路 φ{rng.choice([15, 20, 28, 40, 57])}mm", rng.choice([3.0, 8.0, 25.0, 60.0]), "個")

    def other() -> tuple[str, str, float, str]:
        return (rng.choice(["ボールベアリング", "ケーブル", "プリント基板", "ヒートシンク", "ガスケット", "ラベル",
                            "アルミフレーム", "樹脂カバー", "ダンパー", "ばね"]),
                f"{rng.choice(['6001ZZ', 'AWG24 1m', 'FR-4 4層', 'A6063', 'NBR', 'PET', 'POM', 'SUS301'])}",
                round(rng.uniform(0.5, 300), 1), rng.choice(["個", "pcs", "m", "式", "枚"]))

    makers_mix = [(motor, 8), (magnet, 8), (mlcc, 22), (resistor, 22), (led, 8), (screw, 12), (connector, 8),
                  (nimh, 2), (speaker, 3), (other, 7)]
    funcs, weights = zip(*makers_mix, strict=True)
    seen: set[tuple[str, str]] = set()
    out = []
    while len(out) < unique:
        name, spec, weight, unit = rng.choices(funcs, weights)[0]()
        if (name, spec) in seen:
            continue
        seen.add((name, spec))
        supplier, country = rng.choice(suppliers)
        pn = rng.choice([f"{rng.randint(0, 99_999_999):08d}", f"{rng.choice('ABCDEFGHKMPRS')}-"
                         f"{rng.randint(100, 99999)}", f"{rng.randint(100_000, 999_999)}"])
        qty = rng.choice(["1", "1", "2", "4", "8", "12", "0.5", "1,200", "3個", "2 pcs"]) if rng.random() < 0.9 \
            else str(rng.randint(1, 200))
        out.append((pn, name, spec, unit, supplier, country, weight, qty))
    return out


def generate(path: Path, rows: int, seed: int = 20261128, multi_level: bool = False) -> None:
    """Write the benchmark workbook (cached by :func:`data_file`)."""
    rng = random.Random(seed)
    catalogue = _catalogue(rng, unique=max(50, min(4000, rows // 25)))
    # real BOMs repeat a few common parts (screws, chip resistors) very often: Zipf-like choice
    popularity = [1.0 / (k + 1) ** 0.8 for k in range(len(catalogue))]
    sheets: dict[str, list[list[object]]] = {"表紙": [["部品表 ベンチマーク用 (generated)"]]}
    rows_out: list[list[object]] = [["部品表 電動アシスト台車 BOM"], ["製品名", "EAC-100"], ["作成日", "2026-11-28"],
                                    ["作成者", "設計部"], [], (["レベル"] if multi_level else []) + HEADERS]
    picks = rng.choices(range(len(catalogue)), weights=popularity, k=rows)
    for n, k in enumerate(picks, start=1):
        pn, name, spec, unit, supplier, country, weight, qty = catalogue[k]
        qty_cell: object = float(qty) if qty.replace(".", "", 1).isdigit() else qty
        row: list[object] = [pn, name, spec, qty_cell, unit if isinstance(qty_cell, float) else None,
                             supplier or None, country or None, weight]
        if multi_level:
            row.insert(0, 1 if n % 20 == 1 else 2)
        rows_out.append(row)
        if n % 5000 == 0 and n < rows:
            rows_out.append([])  # section gaps
    rows_out.append([])
    rows_out.append((["", ""] if multi_level else [""]) + ["合計", "", float(rows)])
    sheets[SHEET] = rows_out
    tmp = path.with_suffix(".tmp.xlsx")
    write_xlsx(tmp, sheets)
    tmp.replace(path)


def _col(c: int) -> str:
    from desktop.core.types import column_letter

    return column_letter(c)


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A minimal but valid .xlsx with a shared-strings table, as Excel writes it (openpyxl's write-only mode
    writes inline strings, which calamine reads at a different speed than real Excel files)."""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet_xml = []
    for rows in sheets.values():
        parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 f'<worksheet {ns} {rel_ns}><sheetData>']
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                ref = f"{_col(c)}{r}"
                if isinstance(v, str):
                    idx = strings.setdefault(v, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            if cells:
                parts.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts.append("</sheetData></worksheet>")
        sheet_xml.append("".join(parts))
    sst = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">']
    sst += [f"<si><t>{escape(s)}</t></si>" for s in strings]
    sst.append("</sst>")
    n = len(sheets)
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.sheet.main+xml"/>'
                     + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                               f'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
                     + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.sharedStrings+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.styles+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    rel_base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{i}" Type="{rel_base}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, n + 1))
               + f'<Relationship Id="rId{n + 1}" Type="{rel_base}/sharedStrings" Target="sharedStrings.xml"/>'
               f'<Relationship Id="rId{n + 2}" Type="{rel_base}/styles" Target="styles.xml"/></Relationships>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<workbook {ns} {rel_ns}><sheets>'
                + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, name in enumerate(sheets, start=1))
                + "</sheets></workbook>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<styleSheet {ns}><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
              '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/styles.xml", styles)
        zf.writestr("xl/sharedStrings.xml", "".join(sst))
        for i, xml in enumerate(sheet_xml, start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)


def data_file(data_dir: Path, rows: int, multi_level: bool, regenerate: bool) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"bom_{rows}{'_ml' if multi_level else ''}_v{GENERATOR_VERSION}.xlsx"
    if regenerate or not path.exists():
        t0 = time.perf_counter()
        print(f"generating {path} ({rows:,} rows) …", flush=True)
        generate(path, rows, multi_level=multi_level)
        print(f"  done in {time.perf_counter() - t0:.1f} s, {path.stat().st_size / 1e6:.1f} MB", flush=True)
    return path


# ---------------------------------------------------------------------------------------------------------------
# Workers (each run in a fresh process)


def _worker(kind: str, path: str) -> dict:
    """Do one measurement in this (fresh) process; imports happen before the clock starts."""
    import pandas as pd  # noqa: F401 - imported before timing in every worker

    out: dict = {"kind": kind}
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        t0 = time.perf_counter()
        rows = CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).to_python()
        frame = pd.DataFrame(rows[1:], columns=rows[0])
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = len(frame)
    elif kind in ("read_bom", "read_bom_kb"):
        from desktop.core.importing import read_bom

        if kind == "read_bom_kb":  # as inside the pipeline: the knowledge base (country names) is loaded
            try:
                from desktop.core.knowledge import default_knowledge

                default_knowledge()
            except Exception as exc:  # noqa: BLE001
                return {"kind": kind, "skip": f"knowledge base not loadable ({exc})"}
        t0 = time.perf_counter()
        result = read_bom(path)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = result.rows_imported
        out["skipped"] = len(result.skipped)
        assert result.rows_total == result.rows_imported + len(result.skipped)
    elif kind in ("assess_file", "json"):
        try:
            from desktop.core import pipeline
            from desktop.core.mapping import map_parts  # noqa: F401 - is mapping there yet?
        except ImportError as exc:
            return {"kind": kind, "skip": f"mapping is not importable yet ({exc})"}
        from desktop.core.knowledge import default_knowledge

        t0 = time.perf_counter()
        kb = default_knowledge()
        t1 = time.perf_counter()
        imported = pipeline.import_stage(path)
        t2 = time.perf_counter()
        mapped = pipeline.map_stage(imported, kb)
        t3 = time.perf_counter()
        assessment = pipeline.score_stage(mapped, knowledge=kb)
        t4 = time.perf_counter()
        if kind == "assess_file":
            out["seconds"] = t4 - t0
            out["stages"] = {"knowledge": t1 - t0, "import": t2 - t1, "map": t3 - t2, "score": t4 - t3}
            out["rows"] = imported.rows_imported
        else:
            from desktop.core.report.json_out import assessment_to_json, iter_json_bytes, json_indent

            t5 = time.perf_counter()
            size = 0
            for piece in iter_json_bytes(assessment, indent=json_indent(assessment)):   # what --json FILE writes
                size += len(piece)
            t6 = time.perf_counter()
            data = assessment_to_json(assessment)
            t7 = time.perf_counter()
            json.dumps(data, ensure_ascii=False)
            t8 = time.perf_counter()
            out["seconds"] = t6 - t5
            out["stages"] = {"iter_json_bytes (the CLI's writer)": t6 - t5, "assessment_to_json (dicts)": t7 - t6,
                             "json.dumps of the dicts": t8 - t7}
            out["bytes"] = size
    else:
        raise SystemExit(f"unknown worker kind {kind}")
    return out


def _run_worker(kind: str, path: Path, python: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([python, __file__, "--worker", kind, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _run_cli(path: Path, python: str, out_dir: Path, kind: str = "cli") -> dict:
    """One whole-process run of ``kind`` (see WHOLE): wall clock from spawn to exit."""
    out = out_dir / "bench_out.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if kind == "floor":
        cmd = [python, "-c", FLOOR_SCRIPT, str(path), SHEET]
    else:
        cmd = [python, "-m", "desktop", "assess", str(path)] + (["--json", str(out)] if kind == "cli" else [])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"kind": kind, "skip": f"exit code {proc.returncode}: {proc.stderr.strip()[-300:]}"}
    return {"kind": kind, "seconds": seconds}


# ---------------------------------------------------------------------------------------------------------------
# Report


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "?"
    try:
        nproc = str(len(os.sched_getaffinity(0)))
    except AttributeError:
        nproc = str(os.cpu_count())
    versions = {}
    from importlib import metadata

    for dist in ("pandas", "numpy", "python-calamine", "openpyxl"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "-"
    return {"cpu": model, "nproc": nproc, "python": platform.python_version(),
            "platform": platform.platform(), **versions}


LABELS = {
    "calamine": "(a) calamine read → pandas",
    "read_bom": "(b) importing.read_bom",
    "read_bom_kb": "(b') read_bom, knowledge preloaded",
    "assess_file": "(c) pipeline.assess_file",
    "json": "(d) JSON writer (iter_json_bytes)",
    "cli": "(e) CLI assess --json (wall)",
    "floor": "(f) calamine script (wall)",
    "cli_plain": "(g) CLI assess, no output (wall)",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000, help="data rows in the generated BOM (default 100000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown (default 5)")
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "reerisk-bench",
                    help="where the generated workbook is cached (default: $TMPDIR/reerisk-bench)")
    ap.add_argument("--file", type=Path, help="benchmark this workbook instead of the generated one "
                                              f"(its BOM must be on a sheet named {SHEET} for (a))")
    ap.add_argument("--multi-level", action="store_true", help="generate a multi-level BOM (レベル column)")
    ap.add_argument("--regenerate", action="store_true", help="rebuild the cached workbook")
    ap.add_argument("--only", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)}")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the worker processes")
    ap.add_argument("--profile", choices=("read_bom", "assess_file", "cli"),
                    help="instead of timing, cProfile one run in this process and print the top functions")
    ap.add_argument("--json-out", type=Path, help="also write the results as JSON here")
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        print(json.dumps(_worker(*args.worker)))
        return 0

    path = args.file or data_file(args.data_dir, args.rows, args.multi_level, args.regenerate)
    if args.profile:
        return _profile(args.profile, path)

    info = machine()
    print(f"machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}, pandas {info['pandas']}, "
          f"numpy {info['numpy']}, python-calamine {info['python-calamine']}")
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB), runs: {args.runs} (median; fresh process each)\n")
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    results: dict[str, dict] = {}
    whole = [k for k in WHOLE if k in kinds]
    whole_runs: dict[str, list[dict]] = {k: [] for k in whole}
    skipped: dict[str, str] = {}
    if whole:
        # An installed reerisk has its bytecode compiled (pip compiles at install time), as pandas and
        # python-calamine, which the floor imports, have theirs: compile the checkout's too, so that no run compiles
        # ≈60 modules from source (≈0.04–0.07 s each time when PYTHONDONTWRITEBYTECODE is set).
        import compileall

        compileall.compile_dir(str(ROOT / "desktop"), quiet=1)
    for n in range(args.runs if whole else 0):   # interleaved rounds: f, g, e, f, g, e …
        line = []
        for kind in whole:
            if kind in skipped:
                continue
            r = _run_cli(path, args.python, args.data_dir, kind)
            if "skip" in r:
                skipped[kind] = r["skip"]
                continue
            whole_runs[kind].append(r)
            line.append(f"{kind} {r['seconds']:.2f} s")
        floor = whole_runs.get("floor", [{}])[-1].get("seconds") if "floor" not in skipped else None
        ratios = [f"{k}/floor {whole_runs[k][-1]['seconds'] / floor:.2f}×" for k in whole
                  if k != "floor" and floor and k not in skipped and len(whole_runs[k]) == n + 1]
        print(f"  round {n + 1}: " + ", ".join(line + ratios), flush=True)
    for kind in KINDS:
        if kind not in kinds:
            continue
        runs = []
        if kind in WHOLE:
            runs = whole_runs[kind]
            r = {"skip": skipped.get(kind, "")}
        else:
            for _ in range(args.runs):
                r = _run_worker(kind, path, args.python)
                if "skip" in r:
                    break
                runs.append(r)
                print(f"  {kind:12s} {r['seconds']:7.3f} s", flush=True)
        if not runs:
            results[kind] = {"skip": r["skip"]}
            print(f"  {kind:12s} skipped: {r['skip']}")
            continue
        med = statistics.median(x["seconds"] for x in runs)
        entry: dict = {"median": med, "runs": [x["seconds"] for x in runs]}
        if "stages" in runs[0]:
            entry["stages"] = {s: statistics.median(x["stages"][s] for x in runs) for s in runs[0]["stages"]}
        for key in ("rows", "skipped", "bytes"):
            if key in runs[0]:
                entry[key] = runs[0][key]
        results[kind] = entry

    base = results.get("calamine", {}).get("median")
    print()
    print(f"{'measurement':34s} {'median s':>9s} {'× (a)':>7s}")
    print("-" * 52)
    for kind in KINDS:
        if kind not in results:
            continue
        e = results[kind]
        if "skip" in e:
            print(f"{LABELS[kind]:34s} skipped: {e['skip']}")
            continue
        ratio = f"{e['median'] / base:6.2f}×" if base else "     -"
        print(f"{LABELS[kind]:34s} {e['median']:9.3f} {ratio:>7s}")
        for stage, secs in e.get("stages", {}).items():
            ratio = f"{secs / base:6.2f}×" if base else "     -"
            print(f"{'    ' + stage:34s} {secs:9.3f} {ratio:>7s}")
    floor = results.get("floor", {}).get("median")
    if floor:
        print()
        print(f"{'whole process (wall)':34s} {'median s':>9s} {'× (f)':>7s}")
        print("-" * 52)
        for kind in WHOLE:
            e = results.get(kind, {})
            if "median" in e:
                print(f"{LABELS[kind]:34s} {e['median']:9.3f} {e['median'] / floor:6.2f}×")
    if args.json_out:
        args.json_out.write_text(json.dumps({"machine": info, "file": str(path), "rows": args.rows,
                                             "runs": args.runs, "results": results}, indent=2))
    return 0


def _profile(kind: str, path: Path) -> int:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    import pandas  # noqa: F401

    if kind == "read_bom":
        from desktop.core.importing import read_bom

        def call() -> object:
            return read_bom(path)
    elif kind == "cli":   # `reerisk assess FILE --json OUT` in this process (imports excluded)
        import desktop.core.pipeline  # noqa: F401
        from desktop.cli import main as cli_main

        out = Path(tempfile.gettempdir()) / "reerisk-bench-profile.json"

        def call() -> object:
            return cli_main(["assess", str(path), "--json", str(out)])
    else:
        from desktop.core.pipeline import assess_file

        def call() -> object:
            return assess_file(path)
    prof = cProfile.Profile()
    prof.enable()
    call()
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
