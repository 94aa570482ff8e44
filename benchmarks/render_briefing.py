"""Render a briefing PDF to PNG pages for eyeballing (needs poppler's pdftoppm).

Usage:
    python benchmarks/render_briefing.py [BOM_FILE] [--lang en|ja] [--out DIR] [--dpi 60] [--as-of YYYY-MM-DD]
    python benchmarks/render_briefing.py BOM_FILE --time 5     # seconds to write the PDF, beyond the assessment
    python benchmarks/render_briefing.py BOM_FILE --time 5 --parts 100   # the BOM's parts cycled to 100 rows

Without BOM_FILE it renders the hand-built test fixture (tests/core/report_fixtures.py) in both languages.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bom", nargs="?", help="BOM file; default: the test fixture")
    parser.add_argument("--lang", choices=("en", "ja"), action="append")
    parser.add_argument("--out", default="briefing_render")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--time", type=int, metavar="N",
                        help="only time build_pdf N times per language (median and max), no PNGs")
    parser.add_argument("--parts", type=int, metavar="N",
                        help="with --time: a CSV of N rows cycled from the BOM's imported parts")
    args = parser.parse_args(argv)
    if args.time:
        return _time(args)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is not installed", file=sys.stderr)
        return 2

    from desktop.core.report import BriefingOptions, build_pdf, build_workbook

    as_of = dt.date.fromisoformat(args.as_of)
    if args.bom:
        from desktop.core.knowledge import default_knowledge
        from desktop.core.pipeline import assess_file

        knowledge = default_knowledge()
        assessment = assess_file(args.bom, as_of=as_of, knowledge=knowledge)
    else:
        from tests.core.report_fixtures import make_assessment, make_knowledge

        knowledge, assessment = make_knowledge(), make_assessment(as_of=as_of)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang or ["en", "ja"]:
        pdf = out / f"briefing_{lang}.pdf"
        build_pdf(assessment, pdf, BriefingOptions(lang=lang, company="Example Co.", author="reerisk"), knowledge)
        build_workbook(assessment, out / f"annotated_{lang}.xlsx", lang=lang, knowledge=knowledge)
        for old in out.glob(f"page_{lang}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(out / f"page_{lang}")], check=True)
        pages = sorted(out.glob(f"page_{lang}-*.png"))
        print(f"{pdf}: {len(pages)} pages -> {out}/page_{lang}-*.png")
    return 0


def _time(args) -> int:
    """Time the briefing alone: the assessment is computed once, outside the measurement."""
    import statistics
    import tempfile
    import time

    from desktop.core.knowledge import default_knowledge
    from desktop.core.pipeline import assess_file
    from desktop.core.report import BriefingOptions, build_pdf

    knowledge = default_knowledge()
    as_of = dt.date.fromisoformat(args.as_of)
    with tempfile.TemporaryDirectory() as tmp:
        bom = Path(args.bom)
        if args.parts:
            bom = _cycled_csv(bom, args.parts, Path(tmp), knowledge)
        assessment = assess_file(bom, as_of=as_of, knowledge=knowledge)
        for lang in args.lang or ["en", "ja"]:
            times = []
            for _ in range(args.time):
                start = time.perf_counter()
                build_pdf(assessment, Path(tmp) / "b.pdf", BriefingOptions(lang=lang), knowledge)
                times.append(time.perf_counter() - start)
            print(f"{lang}: {len(assessment.mapped.mappings)} parts, build_pdf median {statistics.median(times):.2f} s, "
                  f"max {max(times):.2f} s over {args.time} runs")
    return 0


def _cycled_csv(bom: Path, n: int, folder: Path, knowledge) -> Path:
    """A plain CSV BOM of ``n`` rows: the source BOM's parts (number, description, quantity, country) cycled."""
    import csv

    from desktop.core.importing import read_bom

    parts = read_bom(bom).parts
    out = folder / f"bom_{n}.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Part number", "Description", "Qty", "Country"])
        for k in range(n):
            row = parts.iloc[k % len(parts)]
            qty = row.get("quantity")
            writer.writerow([f"{row.get('part_number') or 'P'}-{k // len(parts)}", row.get("description") or "",
                             1 if qty != qty or qty is None else qty, row.get("country") or ""])
    return out


if __name__ == "__main__":
    raise SystemExit(main())
