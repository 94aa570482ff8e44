"""Options of the management briefing (what the export dialog and the CLI pass to :func:`build_pdf`)."""
from __future__ import annotations

from dataclasses import dataclass

from desktop.core.errors import ReportError
from desktop.i18n import N_, Translator

#: Default confidentiality mark (translated: 社外秘).
DEFAULT_CONFIDENTIALITY = N_("Confidential")


@dataclass(frozen=True)
class BriefingOptions:
    """What goes on the title block and how long the lists are.

    Attributes:
        lang: "en" or "ja".
        company: company name for the title block (optional).
        product: product or BOM name; ``None`` uses the BOM's file name.
        author: author shown on the title block and in the PDF metadata.
        confidentiality: mark printed on every page; ``None`` gives "Confidential" / "社外秘".
        logo: path of a PNG or JPG logo for the title block.
        top_n: number of parts in the top-risks table.
    """

    lang: str = "en"
    company: str | None = None
    product: str | None = None
    author: str | None = None
    confidentiality: str | None = None
    logo: str | None = None
    top_n: int = 10

    def __post_init__(self) -> None:
        if self.lang not in ("en", "ja"):
            raise ReportError(N_("Unsupported briefing language: {lang}"), {"lang": self.lang})
        if not 1 <= int(self.top_n) <= 100:
            raise ReportError(N_("The number of top risks must be between 1 and 100 (got {n})."),
                              {"n": self.top_n})

    def confidentiality_mark(self, tr: Translator) -> str:
        """The mark to print: the user's text, or the translated default."""
        text = (self.confidentiality or "").strip()
        return text or tr.gettext(DEFAULT_CONFIDENTIALITY)
