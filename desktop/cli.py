"""Command line front end. The contract (PRODUCT.md):

    reerisk                      # opens the desktop app
    reerisk gui [FILE]           # the same, opening FILE
    reerisk assess FILE [--sheet NAME|all ...] [--as-of YYYY-MM-DD] [--lang en|ja] [--scenario ID]
                        [--json PATH|-] [--pdf PATH] [--xlsx PATH] [--password PW]
    reerisk --version

Exit codes: 0 success; 2 usage error; 3 the input cannot be read as a BOM; 4 an output cannot be written;
1 unexpected failure (short message plus the log file's path). No traceback unless --debug.

This module stays light: heavy modules are imported inside the commands, and the GUI only for `gui`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from desktop import __version__

EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3, 4

log = logging.getLogger("reerisk")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit code 2 with one clear line, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _mapping(text: str) -> tuple[str, str]:
    from desktop.core.types import MAPPABLE_FIELDS

    field, sep, header = text.partition("=")
    if not sep or not field.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"expected field=Header, got {text!r}")
    if field.strip() not in MAPPABLE_FIELDS:
        raise argparse.ArgumentTypeError(f"unknown field {field.strip()!r} in {text!r}; the fields are: "
                                         + ", ".join(MAPPABLE_FIELDS))
    return field.strip(), header.strip()


def _check_map(args: argparse.Namespace, imported: Any, tr: Any) -> str | None:
    """The error line when a ``--map field=Header`` names no header of the imported header row, else None.

    The importer ignores a choice whose header it cannot find (the wizard's remembered mappings rely on that);
    on the command line that would silently assess with another column, so the CLI refuses it (exit 2, nothing
    written).
    """
    from desktop.core.importing.synonyms import norm_header
    from desktop.i18n import N_

    for fld, header in args.map:
        choice = imported.columns.get(fld)
        if choice is not None and norm_header(choice.header) == norm_header(header):
            continue
        headers = ", ".join(f"\u201c{h}\u201d" for h in imported.headers if str(h).strip())
        return tr.gettext(N_("--map {field}={header}: {file} has no column \u201c{header}\u201d in its header row "
                             "(row {row}); its headers are: {headers}.")).format(
            field=fld, header=header, file=Path(imported.path).name, row=imported.header_row, headers=headers)
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reerisk", description="Rare-earth exposure of a bill of materials.")
    parser.add_argument("--version", action="version", version=f"reerisk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="run the whole pipeline on the bundled sample and report each check")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the desktop app")
    gui.add_argument("file", nargs="?", help="a BOM or a saved assessment to open")

    a = sub.add_parser("assess", help="assess a BOM headless")
    a.add_argument("file", help="BOM file (.xlsx .xlsm .xls .xlsb .ods .csv .tsv)")
    a.add_argument("--sheet", action="append", metavar="NAME",
                   help="sheet(s) to assess: repeat the option or separate names with commas; 'all' for every "
                        "sheet with a BOM table (default: every sheet that looks like a BOM)")
    a.add_argument("--header-row", type=int, metavar="N",
                   help="1-based header row of the first sheet assessed; 0 = its table has no header row "
                        "(default: detected)")
    a.add_argument("--map", action="append", type=_mapping, default=[], metavar="FIELD=HEADER",
                   help="map a field to a column header, e.g. --map quantity=員数 (repeatable)")
    a.add_argument("--password", help="password of an encrypted workbook")
    a.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="date of the assessment (default: today)")
    a.add_argument("--lang", choices=("en", "ja"), default="en", help="language of texts and the briefing")
    a.add_argument("--scenario", action="append", metavar="ID",
                   help="baseline | suspension-extended | october-2025-in-force | embargo | halt-<element>; "
                        "repeat to combine (e.g. --scenario halt-Dy --scenario halt-Tb); 'reerisk scenarios' "
                        "lists them")
    a.add_argument("--destination", metavar="CC", help="your destination country (ISO code, e.g. JP)")
    a.add_argument("--exclude-trace", action="store_true",
                   help="do not count trace rare earths (MLCC dopants) as rare-earth parts")
    a.add_argument("--library", metavar="PATH", help="part library with overrides (default: the user's)")
    a.add_argument("--json", metavar="PATH|-", help="write the JSON result ('-' for standard output)")
    a.add_argument("--pdf", metavar="PATH", help="write the management briefing (PDF)")
    a.add_argument("--xlsx", metavar="PATH", help="write the annotated workbook")
    a.add_argument("--company", help="company name for the briefing")
    a.add_argument("--product", help="product or BOM name for the briefing (default: the file name)")
    a.add_argument("--author", help="author shown in the briefing")
    a.add_argument("--confidentiality", help="confidentiality mark (default: Confidential / 社外秘)")
    a.add_argument("--logo", metavar="PATH", help="logo image (PNG/JPG) for the briefing")
    a.add_argument("--annual-volume", type=_non_negative, metavar="N",
                   help="finished products per year: the briefing states kilograms per year by element")
    stock = a.add_mutually_exclusive_group()
    stock.add_argument("--stock-weeks", type=_non_negative, metavar="W",
                       help="stock on hand in weeks of production (for weeks of cover and the reorder date)")
    stock.add_argument("--stock-units", type=_non_negative, metavar="N",
                       help="stock on hand in finished-product sets (weeks of cover need --annual-volume)")
    a.add_argument("--lead-time-weeks", type=_non_negative, metavar="W",
                   help="replenishment lead time of the rare-earth parts in weeks")
    a.add_argument("--debug", action="store_true", dest="debug_sub", help="show tracebacks")

    from desktop.cli_more import add_commands  # survey, library, compare, scenarios (issue 11)

    add_commands(sub, _date)

    k = sub.add_parser("knowledge", help="show, check or update the knowledge base")
    k.add_argument("--check", metavar="DIR", help="validate a knowledge-base folder without installing it")
    k.add_argument("--install", metavar="DIR|ZIP", help="validate and install an updated knowledge base")
    return parser


def _non_negative(text: str) -> float:
    """argparse type: a finite number of zero or more ("1,200" accepted); otherwise a usage error (exit 2)."""
    import argparse
    import math

    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of zero or more, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return _run_gui(None)
    if from_command_line:  # the real command (not a test calling main): process-wide settings are ours to make
        # Failures while writing the log (disk full, file-size limit) and errors in objects being collected (an
        # aborted workbook's temporary stream) must not print tracebacks: the one-line `error:` is the message.
        logging.raiseExceptions = False
        sys.unraisablehook = lambda unraisable: log.debug("ignored: %r", unraisable.exc_value)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must never stop a message
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(args.debug or getattr(args, "debug_sub", False))
    from desktop.logging_setup import configure_logging

    log_path = configure_logging()  # once per process: `reerisk gui FILE` finds it in place (one line per record)
    try:
        if args.self_test:
            from desktop.selftest import main as self_test

            return self_test(["--verbose"] if debug else [])
        if args.command == "gui":
            return _run_gui(args.file)
        from desktop.cli_more import COMMANDS

        if args.command not in ("assess", "knowledge", *COMMANDS):
            return _run_gui(None)
        # A headless command is one short run that keeps what it builds (the BOM, its mappings and scores) until
        # it exits: the cyclic collector would only walk those objects again and again (≈0.13 s of a 100,000-row
        # `assess`). Reference counting still frees everything as usual; reference cycles wait for the exit.
        from desktop.core.progress import gc_paused

        with gc_paused():
            if args.command == "assess":
                return _assess(args)
            if args.command == "knowledge":
                return _knowledge(args)
            from desktop.cli_more import run

            return run(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        # The reader went away (e.g. `reerisk assess … | head`): stop quietly, as Unix tools do.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter shutdown from writing again
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # the last resort: one line, the log file, no traceback unless --debug
        from desktop.core.errors import Cancelled, CoreError

        if isinstance(exc, Cancelled):
            return EXIT_UNEXPECTED
        log.exception("command failed")
        if debug:
            raise
        if isinstance(exc, CoreError):
            print(f"error: {exc.render(_translator(args))}", file=sys.stderr)
            return exc.exit_code
        where = f" (details in {log_path})" if log_path else ""
        print(f"error: unexpected failure: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_UNEXPECTED


def _translator(args: argparse.Namespace):
    from desktop.i18n import translation_for

    return translation_for(getattr(args, "lang", "en"))


def _run_gui(path: str | None) -> int:
    try:
        from desktop.gui.app import main as gui
    except ImportError as exc:
        print(f"error: the desktop app cannot start: {exc}", file=sys.stderr)
        return EXIT_UNEXPECTED
    return int(gui(path) or 0)


def gui_main() -> int:
    """Entry point of the `reerisk-gui` gui-script (no console window on Windows)."""
    args = sys.argv[1:]
    return _run_gui(args[0] if args else None)


def _assess(args: argparse.Namespace) -> int:
    from desktop.core.errors import InputError, OutputError
    from desktop.core.types import ImportOptions
    from desktop.i18n import N_, set_language

    tr = set_language(args.lang)
    args.scenario = "+".join(args.scenario) if args.scenario else "baseline"   # several combine (issue 11)
    path = Path(args.file)
    if not path.exists():
        raise InputError(N_("{path}: file not found"), {"path": str(path)})
    if not path.is_file():  # a folder, a pipe or a device: reading it would fail late or wait forever
        raise InputError(N_("{path}: not a file (a folder, pipe or device cannot be read as a BOM)"),
                         {"path": str(path)})
    if args.logo and not Path(args.logo).is_file():
        raise OutputError(N_("{path}: logo file not found"), {"path": args.logo})
    outputs = _checked_outputs(args, path)
    sheets = tuple(args.sheet or ())
    options = ImportOptions(sheet=(sheets[0] if len(sheets) == 1 else sheets) or None, header_row=args.header_row,
                            column_map=dict(args.map),
                            password=args.password)
    # The sheets are parsed in the background while the library and the knowledge base load (before anything
    # imports pandas: ≈0.2 s that the parse runs beside); the file's errors surface where the import always
    # raised them, after the checks below.
    from desktop.core.importing.container import OpeningAhead

    opening = OpeningAhead(path, options)

    from desktop.app.library import library_for_assess
    from desktop.core.scoring.config import ScoringConfig

    # a named library must exist; the default one is healed, and a set-aside file is reported before going on
    library = library_for_assess(args.library or None, warn=lambda notice: print(
        f"warning: {notice.message().render(tr)}", file=sys.stderr))

    destination = None
    if args.destination:
        from desktop.core.knowledge import normalise_country

        destination = normalise_country(args.destination)
        if destination is None:
            print(f"error: unknown country {args.destination!r}", file=sys.stderr)
            return EXIT_USAGE
    config = ScoringConfig(include_trace=not args.exclude_trace, destination=destination)
    # An unknown scenario, or embargo without a destination, is a usage error (exit 2) whatever the BOM holds.
    from desktop.core.knowledge import default_knowledge
    from desktop.core.scoring import check_scenario, parse_scenario

    check_scenario(parse_scenario(args.scenario, tuple(default_knowledge().elements)), config)
    from desktop.core.pipeline import import_stage, map_stage, score_stage

    imported = import_stage(path, options, book=opening.result())
    bad_map = _check_map(args, imported, tr)   # a --map mistake is known before anything is mapped or scored
    if bad_map:
        print(f"error: {bad_map}", file=sys.stderr)
        return EXIT_USAGE
    kb = default_knowledge()
    assessment = score_stage(map_stage(imported, kb, library), as_of=args.as_of, scenario=args.scenario,
                             config=config, knowledge=kb)

    assessment = _display_safe(assessment)
    failures = _write_outputs(assessment, args, path, outputs)
    if args.json != "-":
        _print_summary(assessment, tr, args)
    return _report_failures(failures, tr)


def _checked_outputs(args: argparse.Namespace, source: Path) -> list[tuple[str, Path]]:
    """The requested output files, refused with exit 2 when one is an input (the BOM, the library, the logo),
    two outputs share a file, or an existing file is not of the output's kind. Nothing has been written yet."""
    from desktop.core.errors import UsageError
    from desktop.core.outputs import refuse_reason

    inputs = [source, args.library, args.logo]
    accepted: list[tuple[str, Path]] = []
    for kind, value in (("json", args.json), ("pdf", args.pdf), ("xlsx", args.xlsx)):
        if not value or value == "-":
            continue
        reason = refuse_reason(value, kind, inputs, accepted)
        if reason is not None:
            raise UsageError(reason.msgid, reason.params)
        accepted.append((kind, Path(value)))
    return accepted


def _display_safe(assessment: Any) -> Any:
    """The assessment with a printable source path: a file name that is not valid UTF-8 is shown with U+FFFD
    in the summary, JSON, briefing and workbook instead of failing every writer (the file itself was read)."""
    import dataclasses

    from desktop.core.outputs import display_path

    imported = assessment.mapped.imported
    shown = display_path(imported.path)
    if shown == imported.path:
        return assessment
    mapped = dataclasses.replace(assessment.mapped, imported=dataclasses.replace(imported, path=shown))
    return dataclasses.replace(assessment, mapped=mapped)


def _write_outputs(assessment: Any, args: argparse.Namespace, source: Path,
                   outputs: list[tuple[str, Path]]) -> list[tuple[str, Path, BaseException]]:
    """Attempt every requested output, each independent of the others (a failed PDF never stops the workbook).

    Returns:
        (kind, path, error) of each output that failed, in the order attempted.
    """
    from desktop.core.errors import Cancelled
    from desktop.core.outputs import display_path
    from desktop.core.recovery import clean_output_orphans

    failures: list[tuple[str, Path, BaseException]] = []
    if args.json == "-":
        sys.stdout.writelines(_json_chunks(assessment, args))
        sys.stdout.write("\n")
    for kind, target in outputs:
        try:
            _check_writable(target)
            clean_output_orphans(target)
            if kind == "json":
                _write_bytes(target, lambda fh: fh.writelines(_json_chunks(assessment, args, binary=True)))
            elif kind == "pdf":
                from desktop.core.knowledge import default_knowledge
                from desktop.core.report import BriefingOptions, build_pdf

                product = args.product or display_path(source.stem)
                opts = BriefingOptions(lang=args.lang, company=args.company, product=product,
                                       author=args.author, confidentiality=args.confidentiality,
                                       logo=args.logo, annual_volume=args.annual_volume,
                                       stock_weeks=args.stock_weeks, stock_units=args.stock_units,
                                       lead_time_weeks=args.lead_time_weeks)
                build_pdf(assessment, target, opts, default_knowledge())
            else:
                from desktop.core.knowledge import default_knowledge
                from desktop.core.report import build_workbook

                build_workbook(assessment, target, lang=args.lang, knowledge=default_knowledge())
        except (Cancelled, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - reported below with its exit code; the next output still runs
            log.exception("writing %s failed", target)
            failures.append((kind, target, _as_output_error(exc, target)))
    return failures


def _json_chunks(assessment: Any, args: argparse.Namespace, binary: bool = False) -> Any:
    """The JSON result as a stream of text pieces, or of its UTF-8 bytes with ``binary`` (never the whole
    document in memory, issue 14); indented up to 5 000 parts, compact above (``json_indent``)."""
    from desktop.core.report.json_out import iter_json, iter_json_bytes, json_indent

    writer = iter_json_bytes if binary else iter_json
    return writer(assessment, lang=args.lang, indent=json_indent(assessment))


def _as_output_error(exc: BaseException, target: Path) -> BaseException:
    """An operating-system failure while writing (disk full, file-size limit, …) is an output error (exit 4)."""
    from desktop.core.errors import OutputError
    from desktop.core.outputs import display_path
    from desktop.i18n import N_

    if isinstance(exc, OSError):
        return OutputError(N_("{path}: cannot write: {reason}"),
                           {"path": display_path(target), "reason": exc.strerror or str(exc)}, detail=repr(exc))
    return exc


def _report_failures(failures: list[tuple[str, Path, BaseException]], tr: Any) -> int:
    """One `error:` line per failed output, a last line naming them all; the first failure's exit code."""
    from desktop.core.errors import CoreError
    from desktop.core.outputs import KIND_NAMES, display_path
    from desktop.core.types import Message
    from desktop.i18n import N_

    if not failures:
        return EXIT_OK
    for _kind, _target, exc in failures:
        text = exc.render(tr) if isinstance(exc, CoreError) else f"unexpected failure: {type(exc).__name__}: {exc}"
        print(f"error: {text}", file=sys.stderr)
    names = [Message(N_("{kind} ({path})"), {"kind": Message(KIND_NAMES[k]), "path": display_path(t)})
             for k, t, _e in failures]
    print("error: " + Message(N_("not written: {outputs}"), {"outputs": names}).render(tr), file=sys.stderr)
    first = failures[0][2]
    return first.exit_code if isinstance(first, CoreError) else EXIT_UNEXPECTED


def _check_writable(path: Path) -> None:
    from desktop.core.errors import OutputError
    from desktop.i18n import N_

    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(N_("{path}: cannot write: the folder does not exist"), {"path": str(path)})
    if path.is_dir():
        raise OutputError(N_("{path}: cannot write: it is a folder"), {"path": str(path)})
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(N_("{path}: cannot write: permission denied"), {"path": str(path)})


def _write_bytes(path: Path, data: Any) -> None:
    """Atomic write (temporary file beside the target, then rename): a kill leaves the old or the new file.
    ``data`` is bytes, or a function that writes them to the open file (streamed output)."""
    from desktop.core.report.pdf import write_atomically

    write_atomically(path, data)


def _print_summary(assessment: Any, tr: Any, args: argparse.Namespace) -> None:
    from desktop.core.types import TIER_LABELS, Message
    from desktop.i18n import N_

    s = assessment.summary
    imp = assessment.mapped.imported
    used = getattr(imp, "sheets_used", ())
    counts = {"path": imp.path, "imported": imp.rows_imported, "total": imp.rows_total, "skipped": len(imp.skipped)}
    # "0 of 1 row imported, 1 skipped": the noun follows the total
    lines = [
        Message(N_("{path}: sheets {sheets}; {imported} of {total} row imported, {skipped} skipped"),
                counts | {"sheets": list(used)},
                plural=N_("{path}: sheets {sheets}; {imported} of {total} rows imported, {skipped} skipped"),
                count="total") if len(used) > 1 else
        Message(N_("{path}: sheet {sheet}, no header row; {imported} of {total} row imported, {skipped} skipped"),
                counts | {"sheet": imp.sheet or "-"},
                plural=N_("{path}: sheet {sheet}, no header row; {imported} of {total} rows imported, "
                          "{skipped} skipped"), count="total") if imp.header_row == 0 else
        Message(N_("{path}: sheet {sheet}, header row {header}; {imported} of {total} row imported, "
                   "{skipped} skipped"),
                counts | {"sheet": imp.sheet or "-", "header": imp.header_row},
                plural=N_("{path}: sheet {sheet}, header row {header}; {imported} of {total} rows imported, "
                          "{skipped} skipped"), count="total"),
        Message(N_("As of {as_of}: overall tier {tier} (score {score}); {ree} of {parts} parts contains rare "
                   "earths, {controlled} of them under export controls in force"),
                {"as_of": assessment.as_of.isoformat(), "tier": Message(TIER_LABELS[s.tier]), "score": s.score,
                 "ree": s.parts_with_ree, "parts": s.parts_total, "controlled": s.parts_controlled},
                plural=N_("As of {as_of}: overall tier {tier} (score {score}); {ree} of {parts} parts contain rare "
                          "earths, {controlled} of them under export controls in force"), count="ree"),
    ]
    lines += list(getattr(s, "verdict", ())[1:])  # unclassified and not-fitted counts (the first repeats the above)
    from desktop.core.report.format import fmt_mass

    for e in assessment.elements[:8]:
        grams = "?" if e.grams_total is None else fmt_mass(e.grams_total)  # mg/µg/kg, never 5e-06
        lines.append(Message(N_("  {symbol}: score {score} ({tier}), {grams} per product, {n} part"),
                             {"symbol": e.symbol, "score": e.score, "tier": Message(TIER_LABELS[e.tier]),
                              "grams": grams, "n": e.parts_count},
                             plural=N_("  {symbol}: score {score} ({tier}), {grams} per product, {n} parts")))
    for w in assessment.warnings:
        lines.append(Message(N_("warning: {text}"), {"text": w}))
    stream = sys.stderr if args.json == "-" else sys.stdout
    for line in lines:
        print(line.render(tr), file=stream)


def _knowledge(args: argparse.Namespace) -> int:
    from desktop.core.errors import KnowledgeError
    from desktop.core.knowledge import default_knowledge, install_knowledge, load_knowledge

    try:
        if args.check:
            kb = load_knowledge(Path(args.check))
            print(f"ok: knowledge base {kb.version} (as of {kb.as_of.isoformat()}) is valid")
            return EXIT_OK
        if args.install:
            kb = install_knowledge(Path(args.install))
    except KnowledgeError as exc:   # an invalid update is bad input, like an unreadable BOM: exit 3, nothing changed
        print(f"error: {exc.render(_translator(args))}", file=sys.stderr)
        return EXIT_INPUT
    if args.install:
        print(f"installed knowledge base {kb.version} (as of {kb.as_of.isoformat()})")
        return EXIT_OK
    kb = default_knowledge()
    print(f"knowledge base {kb.version} (as of {kb.as_of.isoformat()}, {kb.origin}) at {kb.folder}")
    for w in kb.warnings_en + kb.load_warnings:
        print(f"warning: {w}")
    return EXIT_OK
