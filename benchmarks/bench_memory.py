"""Benchmark: peak memory of `reerisk assess` on a ~200 MB CSV BOM, against the raw DataFrame (issue 14).

Goal (docs/performance.md): ``reerisk assess BOM.csv --json OUT`` peaks at no more than 3× the memory of the
raw DataFrame, i.e. ``pandas.read_csv`` of the same file with every column read as text (``dtype=object``: Python
strings, as the importer holds cells), measured with ``DataFrame.memory_usage(deep=True)``.

What it does:

1. Generates (once; cached under ``--data-dir``, default ``$TMPDIR/reerisk-bench``) a UTF-8 CSV of realistic
   rows — the parts catalogue of ``bench_assess.py`` (motors, NdFeB magnets, MLCCs, screws …, Zipf-repeated)
   with maker, maker part number and a remarks column — until the file reaches ``--mb`` MiB (default 190, under
   the 200 MB import limit).
2. Runs each measurement in a fresh process and reads its peak resident set size from ``wait4`` (on Linux a
   child's ``ru_maxrss`` is at least the parent's peak at ``exec``; this script stays near 70 MB, far below
   every figure it reports):

   a. ``pandas.read_csv(dtype=object, keep_default_na=False)``: the raw DataFrame's ``memory_usage(deep=True)``
      and the peak RSS of reading it;
   b. ``python -m desktop assess CSV`` (summary only);
   c. ``python -m desktop assess CSV --json OUT``.

3. Prints the machine, each figure, and (b)/(a), (c)/(a) against the 3× goal.

Run from the repository root::

    python benchmarks/bench_memory.py                  # ~190 MiB CSV (about 1 million rows)
    python benchmarks/bench_memory.py --mb 20          # a quicker, smaller run
    python benchmarks/bench_memory.py --mb 20 --distinct   # every row a different part (worst case)
    python benchmarks/bench_memory.py --only raw,json  # a subset
    python benchmarks/bench_memory.py --json-out mem.json
    python benchmarks/bench_memory.py --xlsx 999000    # an .xlsx of 999,000 part rows (issue 12)

With ``--xlsx ROWS`` the input is ``bench_assess.py``'s workbook with ROWS part rows (title block, a blank row
every 5,000 rows and a total line around them: 999,000 part rows make a sheet of 999,208 rows, under the
importer's 1,000,000-row limit and Excel's 1,048,576) and (a) is the calamine read of its BOM sheet into
pandas, as in ``bench_assess.py`` (``CalamineWorkbook…to_python()`` → ``DataFrame(rows[1:], columns=rows[0])``),
measured with ``memory_usage(deep=True)``; the goal there is 4× (issue 12).

A full run takes several minutes and up to a few GB of memory; run it on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_assess import _catalogue  # noqa: E402 - the same parts as the speed benchmark

GENERATOR_VERSION = 2
HEADERS = ["品番", "品名", "仕様", "数量", "単位", "メーカー", "メーカー型番", "仕入先", "原産国", "単重(g)", "備考"]
KINDS = ("raw", "assess", "json")
REMARKS = ["", "RoHS対応 REACH SVHC 非含有確認済み (2026-04 調査票回収)", "代替品検討中 (2026年度) 設計変更通知 ECN-2026-118 参照",
           "長納期品 リードタイム16週 安全在庫 3か月分を確保すること", "社内規格 STD-1234 準拠 受入検査 AQL 0.65",
           "EOL予告あり 後継品へ切替予定 最終発注日 2027-03-31", "顧客指定品 変更時は顧客承認が必要",
           "2次サプライヤー経由 原産国証明書を年1回取得", "see drawing DWG-2026-0042 rev.C, torque 0.6 N·m",
           "lot traceability required; CoC with each shipment"]
MAKERS = ["Murata", "TDK", "Nidec", "KOA", "Nichia", "Shin-Etsu", "Hitachi Metals", "Yageo", "Molex", "JST",
          "Panasonic", "Rohm", "寧波韵升", "中科三环", "Maxon", "Oriental Motor"]

_RAW = r"""
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype=object, keep_default_na=False, encoding="utf-8")
print(json.dumps({"rows": len(df), "cols": df.shape[1], "bytes": int(df.memory_usage(deep=True).sum())}))
"""

_RAW_XLSX = r"""
import json, sys
import pandas as pd
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()
df = pd.DataFrame(rows[1:], columns=rows[0])
print(json.dumps({"rows": len(df), "cols": df.shape[1], "bytes": int(df.memory_usage(deep=True).sum())}))
"""


def data_file(data_dir: Path, mb: int, distinct: bool = False) -> Path:
    return data_dir / f"bom_{mb}mib{'_distinct' if distinct else ''}_v{GENERATOR_VERSION}.csv"


def generate(path: Path, mb: int, seed: int = 20261129, distinct: bool = False) -> int:
    """Write the CSV (rows until ``mb`` MiB); returns the number of part rows. ``distinct`` gives every row its
    own maker part number: no two rows read alike, the worst case for the mapping's per-text caches."""
    rng = random.Random(seed)
    catalogue = _catalogue(rng, unique=4000)
    # a maker and its part number belong to the part (real BOMs repeat both with it)
    makers = [rng.choice(MAKERS) for _ in catalogue]
    mpns = [f"{m[:3].upper()}-{rng.randint(10_000, 99_999_999)}-{rng.choice('ABCDEFGH')}" for m in makers]
    popularity = [1.0 / (k + 1) ** 0.8 for k in range(len(catalogue))]
    limit = mb * 1024 * 1024
    tmp = path.with_suffix(".tmp")
    rows = 0
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        while fh.tell() < limit - 4096 and rows < 999_000:
            for j, k in enumerate(rng.choices(range(len(catalogue)), weights=popularity, k=1000)):
                pn, name, spec, unit, supplier, country, weight, qty = catalogue[k]
                mpn = f"{mpns[k]}-{rows + j}" if distinct else mpns[k]
                writer.writerow([pn, name, spec, qty, unit, makers[k], mpn, supplier, country, weight,
                                 rng.choice(REMARKS)])
            rows += 1000
    tmp.replace(path)
    return rows


def _peak(cmd: list[str], env: dict[str, str] | None = None) -> tuple[int, float, str, str]:
    """Run ``cmd``; returns (exit code, peak RSS in MiB from wait4, seconds, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (proc.returncode, usage.ru_maxrss / 1024, seconds,  # type: ignore[return-value]
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def machine() -> str:
    import pandas

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, pandas {pandas.__version__}, "
            f"{platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=190, help="size of the generated CSV in MiB (default 190)")
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "reerisk-bench")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--distinct", action="store_true", help="every row a different part (worst case)")
    ap.add_argument("--only", default=",".join(KINDS), help="comma-separated subset of: " + ", ".join(KINDS))
    ap.add_argument("--json-out", type=Path, help="also save the figures as JSON")
    ap.add_argument("--xlsx", type=int, metavar="ROWS",
                    help="measure bench_assess.py's .xlsx with ROWS part rows instead of the CSV (goal 4×)")
    args = ap.parse_args(argv)
    kinds = [k for k in args.only.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        ap.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")

    args.data_dir.mkdir(parents=True, exist_ok=True)
    goal = 4.0 if args.xlsx else 3.0
    if args.xlsx:
        import bench_assess

        path = bench_assess.data_file(args.data_dir, args.xlsx, False, args.regenerate)
        raw_cmd = [sys.executable, "-c", _RAW_XLSX, str(path), bench_assess.SHEET]
    else:
        path = data_file(args.data_dir, args.mb, args.distinct)
        if args.regenerate or not path.is_file():
            print(f"generating {path} …", flush=True)
            generate(path, args.mb, distinct=args.distinct)
        raw_cmd = [sys.executable, "-c", _RAW, str(path)]
    size = path.stat().st_size
    print(f"machine: {machine()}")
    print(f"input:   {path} ({size / 2**20:.1f} MiB)")

    results: dict[str, object] = {"file": str(path), "file_mib": round(size / 2**20, 1), "machine": machine()}
    raw_mib = None
    if "raw" in kinds:
        rc, peak, secs, out, err = _peak(raw_cmd)
        if rc != 0:
            print(err, file=sys.stderr)
            return 1
        info = json.loads(out.strip().splitlines()[-1])
        raw_mib = info["bytes"] / 2**20
        results["raw"] = {"rows": info["rows"], "dataframe_mib": round(raw_mib, 1), "read_peak_mib": round(peak),
                          "seconds": round(secs, 1)}
        reader = "calamine → DataFrame" if args.xlsx else "read_csv"
        print(f"(a) raw DataFrame: {info['rows']:,} rows × {info['cols']} columns, memory_usage(deep=True) "
              f"{raw_mib:.0f} MiB ({reader} peak RSS {peak:.0f} MiB, {secs:.0f} s)", flush=True)
    with tempfile.TemporaryDirectory(prefix="reerisk-bench-mem-") as tmp:
        env = dict(os.environ, REERISK_USER_DIR=str(Path(tmp) / "user"))
        for kind in ("assess", "json"):
            if kind not in kinds:
                continue
            cmd = [sys.executable, "-m", "desktop", "assess", str(path)]
            if kind == "json":
                cmd += ["--json", str(Path(tmp) / "out.json")]
            rc, peak, secs, _out, err = _peak(cmd, env)
            entry: dict[str, object] = {"exit": rc, "peak_mib": round(peak), "seconds": round(secs, 1)}
            if kind == "json" and rc == 0:
                entry["json_mib"] = round((Path(tmp) / "out.json").stat().st_size / 2**20, 1)
            label = "(b) assess" if kind == "assess" else "(c) assess --json"
            ratio = f", {peak / raw_mib:.2f}× the raw DataFrame" if raw_mib else ""
            if raw_mib:
                entry["ratio"] = round(peak / raw_mib, 2)
            results[kind] = entry
            print(f"{label}: exit {rc}, peak RSS {peak:.0f} MiB{ratio}, {secs:.0f} s"
                  + (f", JSON {entry['json_mib']} MiB" if "json_mib" in entry else ""), flush=True)
            if rc != 0:
                print(err[-2000:], file=sys.stderr)
    if raw_mib and "json" in results:
        ratio = results["json"]["ratio"]  # type: ignore[index]
        print(f"goal: assess --json ≤ {goal:g}× the raw DataFrame → {'met' if ratio <= goal else 'NOT met'} "
              f"({ratio}×)")
    if args.json_out:
        args.json_out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
