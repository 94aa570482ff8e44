"""Held-out evaluation of the mapping: real public BOMs and trilingual catalogue lines the rules never saw.

Issue 8 ("Done when") asks for numbers on material that none of the rules were written against. This script
measures them on ``tests/data/heldout/`` (labels in ``labels.yaml``, provenance in ``SOURCES.md``):

* files imported / total (every real BOM must import);
* confident rare-earth lines found with the right elements (goal >= 85 %);
* traps flagged as rare-earth-bearing, per 10 files (goal <= 2);
* parts with expert gram bounds whose typical estimate lands inside them (goal >= 85 %);
* "a white LED never outranks an NdFeB motor", checked per file that has both;
* language parity: the same catalogue line in English, Japanese and Chinese gets the same classes, elements,
  grams and score.

The labels were written before the tool was run on these files. The ``dev`` split may be inspected line by line;
the ``holdout`` split prints only aggregates unless ``--show`` is given, so that nobody tunes rules on it.

Run from the repository root (or with ``PYTHONPATH`` pointing at another checkout to measure that one)::

    python benchmarks/eval_mapping.py                     # all lines, aggregates; dev lines listed
    python benchmarks/eval_mapping.py --set holdout       # holdout aggregates only
    python benchmarks/eval_mapping.py --set all --show    # every line, including holdout
    python benchmarks/eval_mapping.py --json out.json     # also save the numbers
    python benchmarks/eval_mapping.py --data tests/data/heldout2 --show   # the fresh set (files only, no catalogue)

It uses only the pipeline stages (``import_stage``, ``map_stage``, ``score_stage``), scores on a fixed date
(2026-11-28, baseline scenario) so that runs are comparable, and isolates the user folder (no part library or
remembered column mappings influence the result).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout"
AS_OF = dt.date(2026, 11, 28)
GOALS = {"confident_found_pct": 85.0, "traps_per_10_files": 2.0, "grams_in_bounds_pct": 85.0}


@dataclass
class Outcome:
    """What the tool said about one labelled line."""

    source: str                      # file (relative to heldout/) or "catalogue:<lang>"
    key: str
    label: dict[str, Any]
    split: str
    imported: bool = False
    classes: tuple[str, ...] = ()
    elements: frozenset[str] = frozenset()
    grams: float | None = None       # total typical grams of rare earths per unit; None = unknown
    score: float | None = None
    confidence: str = "none"

    @property
    def flagged(self) -> bool:
        return bool(self.elements)

    @property
    def right_elements(self) -> bool:
        return self.flagged and set(self.label.get("elements", ())) <= self.elements

    @property
    def grams_ok(self) -> bool | None:
        bounds = self.label.get("grams")
        if not bounds:
            return None
        return self.grams is not None and bounds["min"] <= self.grams <= bounds["max"]


@dataclass
class FileResult:
    source: str
    split: str
    imported: bool
    error: str = ""
    outcomes: list[Outcome] = field(default_factory=list)


def record_starts(path: Path) -> dict[int, int]:
    """Physical line (1-based) -> the line its CSV record starts on (a quoted cell may span lines)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    starts: dict[int, int] = {}
    first = 1
    for _ in reader:
        last = reader.line_num
        for line in range(first, last + 1):
            starts[line] = first
        first = last + 1
    return starts


def key_line(path: Path, key: str) -> int:
    """The one physical line that holds ``key`` (labels.yaml promises it is unique; checked here)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    hits = [i for i, line in enumerate(lines, start=1) if key in line]
    if len(hits) != 1:
        raise SystemExit(f"labels.yaml: key {key!r} occurs {len(hits)} times in {path.name} (must be once)")
    return hits[0]


def assess(path: Path) -> tuple[Any, Any]:
    """Import, map and score one file through the pipeline stages: (ImportResult, Assessment)."""
    from desktop.core.pipeline import import_stage, map_stage, score_stage

    imported = import_stage(path)
    mapped = map_stage(imported)
    return imported, score_stage(mapped, as_of=AS_OF, scenario="baseline")


def outcome_for(path: Path, key: str, label: dict[str, Any], split: str, source: str,
                by_row: dict[int, tuple[Any, Any]] | None) -> Outcome:
    out = Outcome(source=source, key=key, label=label, split=split)
    if by_row is None:
        return out
    row = record_starts(path).get(key_line(path, key))
    found = by_row.get(row) if row is not None else None
    if found is None:
        return out
    mapping, part_score = found
    out.imported = True
    out.classes = tuple(mapping.classes)
    out.elements = frozenset(mapping.elements)
    out.confidence = mapping.confidence
    grams = [g.grams for g in mapping.elements.values()]
    out.grams = sum(grams) if grams and all(g is not None for g in grams) else (None if grams else 0.0)
    out.score = float(part_score.score) if part_score is not None else None
    return out


def run_file(path: Path, lines: list[tuple[str, dict[str, Any]]], split: str, source: str) -> FileResult:
    try:
        imported, assessment = assess(path)
    except Exception as exc:  # noqa: BLE001 - a refused file is a result, not a crash of the evaluation
        res = FileResult(source, split, imported=False, error=f"{type(exc).__name__}: {exc}"[:200])
        res.outcomes = [outcome_for(path, k, lab, split, source, None) for k, lab in lines]
        return res
    rows = [int(r) for r in imported.parts["row"]]
    by_row = {r: (m, s) for r, m, s in zip(rows, assessment.mapped.mappings, assessment.part_scores, strict=True)}
    res = FileResult(source, split, imported=len(rows) > 0)
    res.outcomes = [outcome_for(path, k, lab, split, source, by_row) for k, lab in lines]
    return res


def white_led_check(result: FileResult) -> bool | None:
    """True when no white LED scores above any NdFeB motor in the file; None when the file lacks one of them."""
    leds = [o.score for o in result.outcomes if o.label.get("role") == "white_led" and o.score is not None]
    motors = [o.score for o in result.outcomes if o.label.get("role") == "ndfeb_motor" and o.score is not None]
    if not leds or not motors:
        return None
    return max(leds) <= min(motors)


def pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def summarise(results: list[FileResult], n_files: int) -> dict[str, Any]:
    outcomes = [o for r in results for o in r.outcomes]
    confident = [o for o in outcomes if o.label["verdict"] == "ree" and o.label.get("confidence") == "confident"]
    possible = [o for o in outcomes if o.label["verdict"] == "ree" and o.label.get("confidence") == "possible"]
    traps = [o for o in outcomes if o.label["verdict"] == "trap"]
    plain = [o for o in outcomes if o.label["verdict"] == "none"]
    bounded = [o for o in outcomes if o.grams_ok is not None]
    checks = [c for c in (white_led_check(r) for r in results) if c is not None]
    flagged_traps = sum(o.flagged for o in traps)
    return {
        "files_imported": sum(r.imported for r in results), "files_total": len(results),
        "confident_lines": len(confident),
        "confident_found": sum(o.right_elements for o in confident),
        "confident_found_pct": pct(sum(o.right_elements for o in confident), len(confident)),
        "confident_flagged_wrong_elements": sum(o.flagged and not o.right_elements for o in confident),
        "possible_lines": len(possible), "possible_found": sum(o.right_elements for o in possible),
        "trap_lines": len(traps), "traps_flagged": flagged_traps,
        "traps_per_10_files": round(10.0 * flagged_traps / n_files, 1) if n_files else None,
        "plain_lines": len(plain), "plain_flagged": sum(o.flagged for o in plain),
        "bounded_parts": len(bounded), "grams_in_bounds": sum(bool(o.grams_ok) for o in bounded),
        "grams_in_bounds_pct": pct(sum(bool(o.grams_ok) for o in bounded), len(bounded)),
        "grams_unknown": sum(o.grams is None for o in bounded if o.flagged),
        "white_led_files_checked": len(checks), "white_led_never_outranks": sum(checks),
    }


def signature(o: Outcome) -> tuple[Any, ...]:
    """What must agree across languages: first class, elements, grams (3 significant figures), score (0.1)."""
    grams = None if o.grams is None else float(f"{o.grams:.3g}")
    score = None if o.score is None else round(o.score, 1)
    return (o.classes[0] if o.classes else "-", tuple(sorted(o.elements)), grams, score)


def fmt_line(o: Outcome) -> str:
    lab = o.label
    want = lab["verdict"] + (f"/{lab['confidence']}" if lab.get("confidence") else "")
    if lab.get("elements"):
        want += " " + ",".join(lab["elements"])
    got = "not imported" if not o.imported else (
        f"{o.classes[0] if o.classes else '-'} {','.join(sorted(o.elements)) or 'no REE'}")
    grams = "" if not o.flagged else (" ? g" if o.grams is None else f" {o.grams:.4g} g")
    verdict = ""
    if lab["verdict"] == "ree":
        verdict = "OK" if o.right_elements else ("WRONG-EL" if o.flagged else "MISSED")
    elif lab["verdict"] == "trap":
        verdict = "FLAGGED" if o.flagged else "ok"
    bounds = lab.get("grams")
    if bounds:
        verdict += f" grams[{bounds['min']}..{bounds['max']}]:{'in' if o.grams_ok else 'OUT'}"
    score = "" if o.score is None or not o.imported else f" score {o.score:.1f}"
    return f"  {o.key[:42]:<42} want {want:<28} got {got}{grams}{score}  {verdict}"


def print_summary(title: str, s: dict[str, Any]) -> None:
    def goal(name: str, value: Any, better: str) -> str:
        if value is None or name not in GOALS:
            return ""
        ok = value >= GOALS[name] if better == "high" else value <= GOALS[name]
        return f"  (goal {'>=' if better == 'high' else '<='} {GOALS[name]:g}: {'met' if ok else 'NOT met'})"

    print(f"\n== {title}")
    print(f"files imported:                   {s['files_imported']} / {s['files_total']}")
    print(f"confident REE lines, right elems: {s['confident_found']} / {s['confident_lines']}"
          f" = {s['confident_found_pct']} %{goal('confident_found_pct', s['confident_found_pct'], 'high')}"
          f"; flagged with wrong elements: {s['confident_flagged_wrong_elements']}")
    print(f"possible REE lines found:         {s['possible_found']} / {s['possible_lines']}")
    per10 = s.get("traps_per_10_files")
    print(f"traps flagged:                    {s['traps_flagged']} / {s['trap_lines']}"
          + ("" if per10 is None else f" -> {per10} per 10 files{goal('traps_per_10_files', per10, 'low')}"))
    print(f"plain lines flagged (info):       {s['plain_flagged']} / {s['plain_lines']}")
    print(f"grams inside expert bounds:       {s['grams_in_bounds']} / {s['bounded_parts']}"
          f" = {s['grams_in_bounds_pct']} %{goal('grams_in_bounds_pct', s['grams_in_bounds_pct'], 'high')}"
          f"; unknown grams: {s['grams_unknown']}")
    print(f"white LED never outranks NdFeB motor: {s['white_led_never_outranks']} / {s['white_led_files_checked']}"
          " files with both")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "holdout", "all"), default="all")
    parser.add_argument("--show", action="store_true", help="list holdout lines too (dev lines are always listed)")
    parser.add_argument("--json", metavar="PATH", help="save the numbers as JSON")
    parser.add_argument("--data", metavar="DIR", type=Path, default=HELDOUT,
                        help="folder with labels.yaml and the labelled files (default: tests/data/heldout); "
                             "its catalogue section is optional")
    args = parser.parse_args(argv)

    os.environ["REERISK_USER_DIR"] = tempfile.mkdtemp(prefix="reerisk-eval-")   # no library, no memory
    data = args.data.resolve()
    labels = yaml.safe_load((data / "labels.yaml").read_text(encoding="utf-8"))
    wanted = {"dev", "holdout"} if args.set == "all" else {args.set}

    # Real BOM files: labels are per line; the split is per file.
    file_results: list[FileResult] = []
    for entry in labels["files"]:
        if entry["split"] not in wanted:
            continue
        lines = [(lab["key"], lab) for lab in entry["lines"]]
        file_results.append(run_file(data / entry["file"], lines, entry["split"], entry["file"]))

    # Catalogue: one file per language; the split is per line. A set without one (the fresh set) skips it.
    cat = labels.get("catalogue") or {"files": {}, "lines": []}
    cat_lines = [(f"{lab['id']},", lab) for lab in cat["lines"] if lab["split"] in wanted]
    cat_results: dict[str, FileResult] = {}
    for lang, rel in cat["files"].items():
        res = run_file(data / rel, cat_lines, "mixed", f"catalogue:{lang}")
        for o in res.outcomes:
            o.split = o.label["split"]
        cat_results[lang] = res

    report: dict[str, Any] = {"as_of": AS_OF.isoformat(), "set": args.set, "run_on": dt.date.today().isoformat(),
                              "data": str(data)}
    report["files"] = summarise(file_results, len(file_results))
    report["catalogue"] = {lang: summarise([r], 1) for lang, r in cat_results.items()}
    for s in report["catalogue"].values():
        s.pop("traps_per_10_files", None)
    by_id: dict[str, dict[str, Outcome]] = defaultdict(dict)
    for lang, r in cat_results.items():
        for o in r.outcomes:
            by_id[o.key][lang] = o
    same = [k for k, per in by_id.items() if len({signature(o) for o in per.values()}) == 1]
    report["parity"] = {"lines": len(by_id), "identical_in_all_languages": len(same),
                        "pct": pct(len(same), len(by_id))}
    combined = summarise(file_results + list(cat_results.values()), len(file_results))
    report["combined"] = {k: combined[k] for k in ("confident_lines", "confident_found", "confident_found_pct",
                                                   "bounded_parts", "grams_in_bounds", "grams_in_bounds_pct",
                                                   "white_led_files_checked", "white_led_never_outranks")}

    print(f"Held-out mapping evaluation ({args.set}, {data.name}); scored as of {AS_OF}, baseline scenario")
    for r in file_results:
        if not r.imported:
            print(f"  NOT IMPORTED: {r.source} ({r.split}) {r.error}")
    print_summary(f"real public BOMs ({len(file_results)} files)", report["files"])
    for lang, s in report["catalogue"].items():
        print_summary(f"catalogue lines, {lang}", s)
    p = report["parity"]
    if p["lines"]:
        print(f"\n== language parity (en/ja/zh): {p['identical_in_all_languages']} / {p['lines']} lines identical"
              f" = {p['pct']} % (first class, elements, grams, score)")
    c = report["combined"]
    print(f"== combined (files + catalogue, all languages): confident found {c['confident_found']} / "
          f"{c['confident_lines']} = {c['confident_found_pct']} %; grams in bounds {c['grams_in_bounds']} / "
          f"{c['bounded_parts']} = {c['grams_in_bounds_pct']} %; white LED never outranks NdFeB motor "
          f"{c['white_led_never_outranks']} / {c['white_led_files_checked']} files")

    listed = [o for r in [*file_results, *cat_results.values()] for o in r.outcomes
              if o.split == "dev" or args.show]
    if listed:
        print("\nLines" + ("" if args.show else " (dev split only; --show lists holdout lines too)") + ":")
        current = None
        for o in listed:
            if o.source != current:
                current = o.source
                print(f" {current}")
            print(fmt_line(o))
        differing = [k for k, per in by_id.items()
                     if k not in same and (args.show or next(iter(per.values())).split == "dev")]
        for k in differing:
            print(f"  parity differs {k} " + " | ".join(f"{lang}: {signature(o)}" for lang, o in by_id[k].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
