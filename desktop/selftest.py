"""`reerisk --self-test`: run the whole job headless on the bundled sample and say what works.

Meant for the frozen app (a support person types ``reerisk-cli --self-test`` and reads the lines back) and for CI
after packaging: it proves that the bundle carries its resources, that the knowledge base, the Japanese font and
the translations load, and that a BOM goes through import → mapping → scoring → PDF + workbook.

Output: one line per check, ``ok    <name> <detail>`` or ``FAIL  <name>: <reason>``, then a summary line. The exit
code is 0 only if every check passed. A check never ends the run with a traceback: a missing module or resource
is reported as a FAIL line (``--verbose`` adds the traceback below it). Checks that need an earlier result (the
PDF needs the assessment) fail with "needs …" when that result is missing.

No Qt is needed for the pipeline checks; the last check only imports QtWidgets and looks for the platform
plugins, which is what a broken frozen build usually lacks.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from desktop import APP_NAME, __version__

OK = "ok    "
FAIL = "FAIL  "

#: Subfolders of resources/ the app cannot work without.
REQUIRED_RESOURCE_DIRS: tuple[str, ...] = ("knowledge", "fonts", "translations", "samples")
FONT_FILE: tuple[str, str] = ("fonts", "ipaexg.ttf")
#: Preferred sample; any other resources/samples/*.xlsx is used if it is missing.
SAMPLE_NAME = "sample_bom_ja.xlsx"
#: Characters the Japanese briefing cannot do without (the font must have glyphs for them).
JAPANESE_PROBE = "日本語の報告書：中国依存度、輸出管理、レアアース"
#: msgids that must be translated in the Japanese catalogue (control statuses: every briefing shows them).
KNOWN_MSGIDS: tuple[str, ...] = ("in force", "suspended", "expired")


class CheckFailed(Exception):
    """A check's own, user-readable reason for failing."""


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0

    def line(self) -> str:
        if self.ok:
            return f"{OK}{self.name} {self.detail}".rstrip()
        return f"{FAIL}{self.name}: {self.detail}"


def _describe(exc: BaseException) -> str:
    """A one-line reason for a failed check."""
    if isinstance(exc, CheckFailed):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError):
        return f"module {exc.name or '?'} is not available ({exc})"
    if isinstance(exc, ImportError):
        return f"cannot import: {exc}"
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class SelfTest:
    """Runs the checks in order; later checks use what earlier ones produced (``self.state``)."""

    def __init__(self, workdir: Path, stream: TextIO, verbose: bool = False) -> None:
        self.workdir = workdir
        self.stream = stream
        self.verbose = verbose
        self.state: dict[str, Any] = {}
        self.results: list[CheckResult] = []

    # -- plumbing ------------------------------------------------------------------------------------------

    def need(self, key: str, what: str) -> Any:
        if key not in self.state:
            raise CheckFailed(f"needs {what}, which failed above")
        return self.state[key]

    def run_check(self, name: str, func: Callable[[], str]) -> CheckResult:
        start = time.perf_counter()
        try:
            detail = func()
            result = CheckResult(name, True, detail, time.perf_counter() - start)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - a self-test reports every failure, SystemExit included
            result = CheckResult(name, False, _describe(exc), time.perf_counter() - start)
            if self.verbose:
                result.detail += "\n" + "".join(traceback.format_exception(exc)).rstrip()
        self.results.append(result)
        print(result.line(), file=self.stream, flush=True)
        return result

    # -- checks --------------------------------------------------------------------------------------------

    def check_resources(self) -> str:
        from desktop.paths import resources_dir

        folder = resources_dir()
        missing = [name for name in REQUIRED_RESOURCE_DIRS if not (folder / name).is_dir()]
        if missing:
            raise CheckFailed(f"{folder} has no {', '.join(missing)} folder")
        font = folder.joinpath(*FONT_FILE)
        if not font.is_file():
            raise CheckFailed(f"{font} is missing")
        self.state["resources"] = folder
        self.state["font"] = font
        return str(folder)

    def check_knowledge(self) -> str:
        from desktop.core.knowledge import default_knowledge

        kb = default_knowledge()
        if not kb.elements:
            raise CheckFailed("the knowledge base has no elements")
        self.state["knowledge"] = kb
        return f"{kb.version} (as of {kb.as_of.isoformat()})"

    def check_font_reportlab(self) -> str:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        font_path = self.need("font", "the resources folder")
        name = "ReerriskSelfTestIPAexGothic"
        font = TTFont(name, str(font_path))
        pdfmetrics.registerFont(font)
        missing = [ch for ch in JAPANESE_PROBE if ord(ch) not in font.face.charToGlyph]
        if missing:
            raise CheckFailed(f"{font_path.name} has no glyph for {''.join(missing)!r}")
        width = pdfmetrics.stringWidth(JAPANESE_PROBE, name, 10)
        if width <= 0:
            raise CheckFailed("reportlab measures Japanese text as zero width")
        return f"{font_path.name} registered ({len(font.face.charToGlyph)} glyphs)"

    def check_font_matplotlib(self) -> str:
        from matplotlib import font_manager

        font_path = self.need("font", "the resources folder")
        font_manager.fontManager.addfont(str(font_path))
        family = font_manager.FontProperties(fname=str(font_path)).get_name()
        found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        if Path(found).resolve() != Path(font_path).resolve():
            raise CheckFailed(f"matplotlib resolves {family!r} to {found}, not the bundled font")
        return f"finds {family!r}"

    def check_translations(self) -> str:
        from desktop.i18n import translation_for

        tr = translation_for("ja")
        count = tr.size()
        if count == 0:
            raise CheckFailed("the Japanese catalogue (resources/translations/ja/*.po) is empty or missing")
        for msgid in KNOWN_MSGIDS:
            if tr.has(msgid):
                text = tr.gettext(msgid)
                if text == msgid or not any(ord(ch) > 0x3000 for ch in text):
                    raise CheckFailed(f"{msgid!r} is 'translated' as {text!r}")
                return f"ja: {count} messages ({msgid!r} → {text!r})"
        raise CheckFailed(f"ja: {count} messages, but none of {', '.join(map(repr, KNOWN_MSGIDS))}")

    def check_sample(self) -> str:
        folder = self.need("resources", "the resources folder") / "samples"
        preferred = folder / SAMPLE_NAME
        candidates = [preferred] if preferred.is_file() else sorted(folder.glob("*.xlsx"))
        if not candidates:
            raise CheckFailed(f"no .xlsx sample in {folder}")
        self.state["sample"] = candidates[0]
        return candidates[0].name

    def check_assessment(self) -> str:
        from desktop.core.pipeline import assess_file

        sample = self.need("sample", "a sample BOM")
        kb = self.need("knowledge", "the knowledge base")
        assessment = assess_file(sample, knowledge=kb)
        summary = assessment.summary
        if summary.parts_total <= 0:
            raise CheckFailed(f"{sample.name}: no parts imported")
        if summary.parts_with_ree <= 0:
            raise CheckFailed(f"{sample.name}: {summary.parts_total} parts but none with rare earths")
        self.state["assessment"] = assessment
        return (f"{summary.parts_total} parts, {summary.parts_with_ree} with rare earths, "
                f"tier {summary.tier} (as of {assessment.as_of.isoformat()})")

    def check_pdf(self) -> str:
        from desktop.core.report import BriefingOptions, build_pdf

        assessment = self.need("assessment", "the assessment")
        kb = self.need("knowledge", "the knowledge base")
        path = self.workdir / "selftest_briefing_ja.pdf"
        build_pdf(assessment, path, BriefingOptions(lang="ja"), kb)
        if not path.is_file():
            raise CheckFailed(f"build_pdf wrote no file at {path}")
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise CheckFailed(f"{path.name} does not start with %PDF-")
        if not data.rstrip().endswith(b"%%EOF"):
            raise CheckFailed(f"{path.name} does not end with %%EOF (truncated?)")
        return f"Japanese briefing {len(data) // 1024} KiB"

    def check_workbook(self) -> str:
        import openpyxl

        from desktop.core.report import build_workbook

        assessment = self.need("assessment", "the assessment")
        path = self.workdir / "selftest_annotated.xlsx"
        build_workbook(assessment, path, lang="ja")
        if not path.is_file():
            raise CheckFailed(f"build_workbook wrote no file at {path}")
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            sheets = list(workbook.sheetnames)
            rows = sum(1 for _ in workbook[sheets[0]].iter_rows()) if sheets else 0
        finally:
            workbook.close()
        if not sheets or rows == 0:
            raise CheckFailed(f"{path.name} has no data")
        return f"{len(sheets)} sheets, {path.stat().st_size // 1024} KiB"

    def check_qt(self) -> str:
        from PySide6 import QtCore, QtWidgets  # noqa: F401 - importing QtWidgets is the check

        plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        found = sorted(p.name for p in plugins.glob("*")) if plugins.is_dir() else []
        if not found:
            raise CheckFailed(f"no Qt platform plugins in {plugins}")
        return f"PySide6 {QtCore.qVersion()}, {len(found)} platform plugins"

    # -- driver --------------------------------------------------------------------------------------------

    def run(self) -> bool:
        frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
        print(f"{APP_NAME} {__version__} self-test (Python {sys.version.split()[0]}, {sys.platform}, {frozen})",
              file=self.stream, flush=True)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("resources", self.check_resources),
            ("knowledge base", self.check_knowledge),
            ("font (reportlab)", self.check_font_reportlab),
            ("font (matplotlib)", self.check_font_matplotlib),
            ("translations", self.check_translations),
            ("sample BOM", self.check_sample),
            ("assessment", self.check_assessment),
            ("PDF briefing", self.check_pdf),
            ("workbook", self.check_workbook),
            ("Qt", self.check_qt),
        ]
        for name, func in checks:
            self.run_check(name, func)
        failed = [r for r in self.results if not r.ok]
        total = sum(r.seconds for r in self.results)
        if failed:
            print(f"self-test FAILED: {len(failed)} of {len(self.results)} checks failed ({total:.1f} s)",
                  file=self.stream, flush=True)
        else:
            print(f"self-test passed: {len(self.results)} checks ({total:.1f} s)", file=self.stream, flush=True)
        return not failed


def run(stream: TextIO | None = None, verbose: bool = False, keep: Path | None = None) -> tuple[bool, list[CheckResult]]:
    """Run every check; return (all passed, results). Output files go to ``keep`` or a temporary folder."""
    out = stream or sys.stdout
    if out is None:  # windowed app on Windows: no console; the log folder is the only place to write to
        from desktop.paths import log_file

        out = open(log_file().with_name("selftest.log"), "w", encoding="utf-8")  # noqa: SIM115
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        test = SelfTest(keep, out, verbose)
        ok = test.run()
    else:
        with tempfile.TemporaryDirectory(prefix=f"{APP_NAME}-selftest-") as tmp:
            test = SelfTest(Path(tmp), out, verbose)
            ok = test.run()
    return ok, test.results


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``reerisk --self-test``. Returns the exit code: 0 if all checks passed, else 1."""
    parser = argparse.ArgumentParser(prog=f"{APP_NAME} --self-test",
                                     description="Check the installation by assessing the bundled sample BOM.")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the traceback of a failed check")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the PDF and workbook to DIR and keep them")
    args = parser.parse_args([a for a in (argv or []) if a != "--self-test"])
    _reconfigure_stdout()
    ok, _ = run(verbose=args.verbose, keep=args.keep)
    return 0 if ok else 1


def _reconfigure_stdout() -> None:
    """Japanese text on a Windows console with a legacy code page must not raise UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
