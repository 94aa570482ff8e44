"""The `reerisk` subcommands of issue 11: supplier surveys, the shared part library, compare and scenarios.

Kept apart from desktop/cli.py (which registers them with :func:`add_commands` and runs them with :func:`run`) so
that the assess command's module stays readable. Same contract: errors are CoreErrors with exit codes (2 usage,
3 bad input, 4 output), one `error:` line each, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

COMMANDS = ("survey", "library", "compare", "scenarios")


def add_commands(sub: Any, date_type: Any) -> None:
    """Add the subcommands to the `reerisk` parser's subparsers."""
    s = sub.add_parser("survey", help="supplier surveys: export workbooks, import the answers")
    ss = s.add_subparsers(dest="survey_command", required=True)
    se = ss.add_parser("export", help="one survey workbook per supplier of a BOM")
    se.add_argument("file", help="BOM file")
    se.add_argument("--out", required=True, metavar="DIR", help="folder for the workbooks")
    se.add_argument("--sheet", help="sheet of the BOM (default: every sheet that looks like a BOM)")
    se.add_argument("--lang", choices=("en", "ja"), default="en")
    si = ss.add_parser("import", help="import answered survey workbooks or IPC-1752A XML declarations")
    si.add_argument("files", nargs="+", metavar="FILE_OR_DIR",
                    help="answered workbooks (.xlsx), IPC-1752A declarations (.xml), or folders holding them")
    si.add_argument("--library", metavar="PATH", help="part library to store into (default: the user's)")
    si.add_argument("--lang", choices=("en", "ja"), default="en")

    lib = sub.add_parser("library", help="the part library: list, export, import")
    ls = lib.add_subparsers(dest="library_command", required=True)
    ll = ls.add_parser("list", help="show the entries")
    ll.add_argument("--json", action="store_true", help="as JSON on standard output")
    ll.add_argument("--library", metavar="PATH", help="library file (default: the user's)")
    ll.add_argument("--lang", choices=("en", "ja"), default="en")
    lx = ls.add_parser("export", help="write the library (overrides and declarations) to one file to share")
    lx.add_argument("path", help="file to write (.json)")
    lx.add_argument("--library", metavar="PATH", help="library file (default: the user's)")
    lx.add_argument("--lang", choices=("en", "ja"), default="en")
    li = ls.add_parser("import", help="take a colleague's exported library (newer entry wins, older kept)")
    li.add_argument("path", help="an exported library file")
    li.add_argument("--library", metavar="PATH", help="library file (default: the user's)")
    li.add_argument("--lang", choices=("en", "ja"), default="en")

    c = sub.add_parser("compare", help="what changed between two BOMs, two saved assessments, or two dates")
    c.add_argument("old", help="BOM, saved assessment (.reerisk) or assessment JSON")
    c.add_argument("new", help="BOM, saved assessment (.reerisk) or assessment JSON (may be the same BOM)")
    c.add_argument("--as-of-old", type=date_type, metavar="YYYY-MM-DD", help="date of the old side (BOM only)")
    c.add_argument("--as-of-new", type=date_type, metavar="YYYY-MM-DD", help="date of the new side (BOM only)")
    c.add_argument("--scenario", action="append", metavar="ID", help="scenario for BOM sides (repeatable)")
    c.add_argument("--library", metavar="PATH", help="part library (default: the user's)")
    c.add_argument("--json", metavar="PATH|-", help="write the comparison as JSON ('-' for standard output)")
    c.add_argument("--pdf", metavar="PATH", help="write the 'What changed since the last briefing' page (PDF)")
    c.add_argument("--lang", choices=("en", "ja"), default="en")

    sc = sub.add_parser("scenarios", help="list the scenarios")
    sc.add_argument("--json", action="store_true", help="as JSON on standard output")
    sc.add_argument("--lang", choices=("en", "ja"), default="en")


def run(args: argparse.Namespace) -> int:
    from desktop.i18n import set_language

    tr = set_language(getattr(args, "lang", "en"))
    if args.command == "survey":
        return _survey_export(args, tr) if args.survey_command == "export" else _survey_import(args, tr)
    if args.command == "library":
        return {"list": _library_list, "export": _library_export, "import": _library_import}[
            args.library_command](args, tr)
    if args.command == "compare":
        return _compare(args, tr)
    return _scenarios(args, tr)


def _library_for_assess(args: argparse.Namespace, tr: Any) -> Any:
    from desktop.app.library import library_for_assess

    return library_for_assess(getattr(args, "library", None) or None, warn=_warner(tr))


def _warner(tr: Any) -> Any:
    """Print a set-aside notice (the user's own damaged library renamed) as a `warning:` line."""
    return lambda notice: print(f"warning: {notice.message().render(tr)}", file=sys.stderr)


def _say(tr: Any, msgid: str, *, plural: str = "", count: str = "n", **params: Any) -> str:
    """Render ``msgid`` in ``tr``'s language; with ``plural``, ``msgid`` is the singular and the parameter named
    by ``count`` chooses the form."""
    from desktop.core.types import Message

    return Message(msgid, params, plural=plural, count=count).render(tr)


# -- survey: the steps are desktop.app.library's (the GUI's Library menu runs the same ones) ----------------------

def _survey_export(args: argparse.Namespace, tr: Any) -> int:
    from desktop.app.library import export_surveys
    from desktop.core.types import ImportOptions

    done = export_surveys(args.file, args.out, ImportOptions(sheet=args.sheet) if args.sheet else None)
    for path in done.written:
        print(path)
    print(done.message().render(tr))
    return 0


def _survey_import(args: argparse.Namespace, tr: Any) -> int:
    """Read every file first, then store all good declarations in one locked update: a file that cannot be read
    at all is reported and the others still count; nothing stored is lost (older entries go into history)."""
    from desktop.app.library import read_declaration_files, store_declaration_reading

    reading = read_declaration_files(args.files)
    for failure in reading.failures:
        print(f"error: {failure.render(tr)}", file=sys.stderr)
    for problem in reading.problems:
        print(f"error: {problem.render(tr)}", file=sys.stderr)
    done = store_declaration_reading(reading, args.library, warn=_warner(tr))
    print(done.message().render(tr))
    return 0 if done.complete else 3


# -- library: the steps are desktop.app.library's (the GUI's Library menu runs the same ones) ---------------------

def _library_list(args: argparse.Namespace, tr: Any) -> int:
    from desktop.app.library import list_entries
    from desktop.core.mapping.library import SOURCE_LABELS
    from desktop.core.masses import fmt_mass
    from desktop.i18n import N_

    listing = list_entries(args.library, warn=_warner(tr))
    if args.json:
        json.dump({"library": str(listing.path), "entries": [e.to_json() for e in listing.entries]}, sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(listing.message().render(tr))
    for e in listing.entries:
        what = (tr.gettext(N_("rare-earth free")) if e.rare_earth_free else
                "; ".join(f"{s} {fmt_mass(g.grams)}" for s, g in e.grams.items() if g.grams is not None)
                or (e.class_id or "-"))
        key = " / ".join(x for x in (e.part_number, e.mpn) if x)
        origin = f"{tr.gettext(SOURCE_LABELS.get(e.source, e.source))}" + (f" {e.supplier}" if e.supplier else "") + \
            (f" ({e.file})" if e.file else "")
        history = _say(tr, N_("{n} older version"), plural=N_("{n} older versions"), n=len(e.history)) if e.history else ""
        print(f"  {key}: {what} — {origin}; {e.author or '-'} {e.recorded_at or e.date}"
              + (f"; {e.note}" if e.note else "") + (f"; {history}" if history else ""))
    return 0


def _library_export(args: argparse.Namespace, tr: Any) -> int:
    from desktop.app.library import export_library

    print(export_library(args.path, args.library, warn=_warner(tr)).message().render(tr))
    return 0


def _library_import(args: argparse.Namespace, tr: Any) -> int:
    from desktop.app.library import import_library

    print(import_library(args.path, args.library, warn=_warner(tr)).message().render(tr))
    return 0


# -- compare ------------------------------------------------------------------------------------------------------

def _compare(args: argparse.Namespace, tr: Any) -> int:
    from desktop.core.compare import (
        compare_results,
        comparison_lines,
        comparison_to_json,
        is_results_file,
        load_results,
    )
    from desktop.core.errors import InputError, UsageError
    from desktop.core.knowledge import default_knowledge
    from desktop.i18n import N_

    scenario = "+".join(args.scenario) if args.scenario else "baseline"
    kb = default_knowledge()
    from desktop.core.outputs import refuse_reason

    accepted: list[tuple[str, Path]] = []
    for kind, value in (("json", args.json), ("pdf", args.pdf)):
        if not value or value == "-":
            continue
        reason = refuse_reason(value, kind, [args.old, args.new, args.library], accepted)
        if reason is not None:
            raise UsageError(reason.msgid, reason.params)
        accepted.append((kind, Path(value)))
    library, library_loaded = None, False     # the library is loaded once, for the first BOM side
    sides = []
    for label, path_text, as_of in (("old", args.old, args.as_of_old), ("new", args.new, args.as_of_new)):
        path = Path(path_text)
        if not path.is_file():
            raise InputError(N_("{path}: file not found"), {"path": str(path)})
        if is_results_file(path):
            if as_of is not None:
                raise UsageError(N_("--as-of-{side} applies to a BOM, not to a saved assessment ({path})"),
                                 {"side": label, "path": str(path)})
            sides.append(load_results(path))
            continue
        from desktop.core.pipeline import assess_file
        from desktop.core.report.json_out import assessment_to_json
        from desktop.core.scoring import check_scenario, parse_scenario
        from desktop.core.scoring.config import ScoringConfig

        check_scenario(parse_scenario(scenario, tuple(kb.elements)), ScoringConfig())
        if not library_loaded:
            library, library_loaded = _library_for_assess(args, tr), True
        sides.append(assessment_to_json(assess_file(path, as_of=as_of, scenario=scenario, knowledge=kb,
                                                    library=library or None), "en"))
    cmp = compare_results(sides[0], sides[1], kb, old_label=args.old, new_label=args.new)
    data = comparison_to_json(cmp, tr)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if args.json == "-":
        sys.stdout.write(text + "\n")
    elif args.json:
        from desktop.core.declarations.common import write_atomically

        write_atomically(Path(args.json), text.encode("utf-8"))
    if args.pdf:
        from desktop.core.report.compare_pdf import build_comparison_pdf

        build_comparison_pdf(cmp, Path(args.pdf), lang=args.lang)
    stream = sys.stderr if args.json == "-" else sys.stdout
    for line in comparison_lines(cmp, tr):
        print(line, file=stream)
    return 0


# -- scenarios ----------------------------------------------------------------------------------------------------

def _scenarios(args: argparse.Namespace, tr: Any) -> int:
    from desktop.core.knowledge import default_knowledge
    from desktop.core.scenario_names import scenario_label
    from desktop.core.scoring.scenarios import scenario_catalogue
    from desktop.i18n import translation_for

    en, ja = translation_for("en"), translation_for("ja")
    kb = default_knowledge()
    items = scenario_catalogue(tuple(kb.elements))

    def name(t: Any, s: Any) -> str:   # the names the briefing, the workbook and the GUI show
        return scenario_label(s.id, t, lambda sym: (kb.elements[sym].name_ja if t.lang == "ja"
                                                    else kb.elements[sym].name_en))

    if args.json:
        json.dump({"scenarios": [{"id": s.id, "name": {"en": name(en, s), "ja": name(ja, s)},
                                  "changes": {"en": en.gettext(s.changes), "ja": ja.gettext(s.changes)},
                                  "combinable": s.combinable} for s in items],
                   "combine": "--scenario A --scenario B: any halt-<element> scenarios together, plus at most one "
                              "of suspension-extended, october-2025-in-force, embargo"},
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for s in items:
        print(f"{s.id}\t{name(en, s)} / {name(ja, s)}\n    {tr.gettext(s.changes)}")
    return 0
