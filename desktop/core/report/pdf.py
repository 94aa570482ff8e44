"""The management briefing PDF (reportlab platypus): ``build_pdf``.

Sections: title block and executive summary with key figures (page 1), charts, top risks, regulatory context
on the as-of date, recommendations by kind, appendix (method, parts to verify, sources). Every sentence is
generated from the assessment; every piece of user text is escaped. Long lists go to the workbook, so a
20,000-part BOM still gives a briefing of a few pages.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop.core.errors import OutputError, ReportError
from desktop.core.progress import Progress, check
from desktop.i18n import N_, translation_for

if TYPE_CHECKING:
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.report.options import BriefingOptions
    from desktop.core.types import Assessment


def build_pdf(assessment: Assessment, path: str | os.PathLike[str], options: BriefingOptions,
              knowledge: Knowledge, progress: Progress | None = None) -> Path:
    """Write the briefing for ``assessment`` to ``path``.

    Args:
        assessment: the scored BOM.
        path: target .pdf file; written atomically (a temporary file in the same folder, then renamed).
        options: language, title-block fields, confidentiality mark, logo and the length of the top-risks table.
        knowledge: the knowledge base the assessment was scored with (controls, sources, supply options).
        progress: optional progress sink; cancelling raises :class:`~desktop.core.errors.Cancelled`.

    Returns:
        The path written.

    Raises:
        ReportError: the options are invalid (e.g. an unreadable logo) or the document cannot be laid out.
        OutputError: the file cannot be written (permission denied, locked by another program).
    """
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, PageBreak
    from reportlab.platypus.doctemplate import LayoutError

    from desktop.core.report import pdf_back, pdf_decision, pdf_front
    from desktop.core.report.fonts import set_marker_language
    from desktop.core.report.format import TIER_LABELS, fmt_date, label
    from desktop.core.report.pdf_doc import make_doc, numbered_canvas
    from desktop.core.report.pdf_styles import Ctx, make_styles

    target = Path(path)
    _check_folder(target)
    tr = translation_for(options.lang)
    set_marker_language(options.lang)
    st = make_styles(options.lang)
    report = (lambda f, m: progress.update(f, m)) if progress is not None else (lambda f, m: None)

    buffer = io.BytesIO()
    product = pdf_front.product_name(assessment, options)
    title = tr.gettext(N_("Rare-earth supply risk briefing")) + " — " + product
    subject = tr.gettext(N_("Overall risk {tier} on {date}")).format(
        tier=label(TIER_LABELS, assessment.summary.tier, tr), date=fmt_date(assessment.as_of, options.lang))
    doc = make_doc(buffer, title=title, author=options.author or options.company or "", subject=subject,
                   keywords="rare earths, export controls, BOM, reerisk", lang=options.lang)
    ctx = Ctx(assessment=assessment, knowledge=knowledge, options=options, tr=tr, st=st, width=doc.width,
              citations={})
    steps = [
        (N_("Writing the decision page"), lambda: pdf_front.title_block(ctx) + pdf_decision.decision_page(ctx)),
        (N_("Writing the executive summary"), lambda: [PageBreak()] + pdf_front.executive_summary(ctx)),
        (N_("Writing the recommendations"), lambda: [CondPageBreak(70 * mm)] + pdf_back.recommendations(ctx)),
        (N_("Listing the top risks"), lambda: [CondPageBreak(60 * mm)] + pdf_front.top_risks(ctx)),
        (N_("Writing the regulatory context"), lambda: [CondPageBreak(90 * mm)] + pdf_back.regulatory_context(ctx)),
        (N_("Drawing the charts"), lambda: [CondPageBreak(120 * mm)] + pdf_front.charts_section(ctx)),
        (N_("Writing the appendix"), lambda: [PageBreak()] + pdf_back.appendix(ctx)),
    ]
    story: list = []
    for n, (message, make) in enumerate(steps):
        check(progress)
        report(n / (len(steps) + 1), tr.gettext(message))
        story += make()
    check(progress)
    report(len(steps) / (len(steps) + 1), tr.gettext(N_("Laying out the pages")))
    canvas = numbered_canvas(
        page_label=tr.gettext(N_("Page {page} of {pages}")),
        header_left=f"{tr.gettext(N_('Rare-earth supply risk briefing'))} — {product}",
        header_right=options.confidentiality_mark(tr),
        footer_left=tr.gettext(N_("As of {date} · reerisk")).format(date=fmt_date(assessment.as_of, options.lang)),
    )
    try:
        doc.build(story, canvasmaker=canvas)
    except LayoutError as exc:
        raise ReportError(N_("The briefing could not be laid out: {reason}"), {"reason": str(exc)[:200]},
                          detail=repr(exc)) from exc
    write_atomically(target, buffer.getvalue())
    report(1.0, tr.gettext(N_("Briefing saved")))
    return target


def _check_folder(target: Path) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(N_("Cannot write {path}: the folder does not exist."), {"path": str(target)})
    if target.is_dir():
        raise OutputError(N_("Cannot write {path}: it is a folder."), {"path": str(target)})


def write_atomically(target: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``.

    ``data`` may be a function that writes to the open binary file, so that a large output (the JSON of a
    200 MB BOM) is streamed instead of held in memory whole.

    Raises:
        OutputError: permission denied, the target is open (locked) in another program, or the disk is full.
    """
    _check_folder(target)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~" + target.stem[:40], suffix=target.suffix, dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
        # mkstemp creates the file private (0600); a briefing is a normal document others may need to read.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
        tmp_name = None
    except PermissionError as exc:
        raise OutputError(N_("Cannot write {path}: permission denied, or the file is open in another program. "
                             "Close it and try again."), {"path": str(target)}, detail=repr(exc)) from exc
    except OSError as exc:
        raise OutputError(N_("Cannot write {path}: {reason}"), {"path": str(target), "reason": exc.strerror or
                                                                 str(exc)}, detail=repr(exc)) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
