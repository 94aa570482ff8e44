"""What the main window offers and says, decided without Qt: the main window only wires these to widgets.

Before this module the window's slots held the decisions themselves (which file kind a dropped path is, which
actions a read-only view allows, how the title and the status line read, where "Save As" proposes to save). Here
they are plain functions of the session's state, tested without a window, and the window stays wiring.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.app.document import SUFFIX
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.app.results import Results
    from desktop.i18n import Translator

DOCUMENT_FILTER = N_("reerisk assessments (*.reerisk)")
READ_ONLY_STATUS = N_("Saved results (read only)")


class OpenTarget(Enum):
    """What a path given to "Open" (menu, recent files, drag and drop, command line) is."""

    FOLDER = "folder"        # a folder: the user is told to pick a BOM inside it
    MISSING = "missing"      # gone since it was listed (recent files): told, and dropped from the list
    DOCUMENT = "document"    # a saved assessment (.reerisk): reopened
    BOM = "bom"              # anything else: the import wizard reads it (and refuses what it cannot read)


def open_target(path: str | Path) -> OpenTarget:
    candidate = Path(path)
    if candidate.is_dir():
        return OpenTarget.FOLDER
    if not candidate.is_file():
        return OpenTarget.MISSING
    return OpenTarget.DOCUMENT if candidate.suffix.lower() == SUFFIX else OpenTarget.BOM


def open_dialog_filter(tr: Translator) -> str:
    """The "Open" dialog's filter: every readable file (BOMs and saved assessments) first, then assessments alone,
    then each BOM type (the importer's list) and all files."""
    from desktop.core.importing import file_dialog_filter

    parts = file_dialog_filter(tr).split(";;")
    parts[0] = parts[0].replace(")", f" *{SUFFIX})", 1)
    parts.insert(1, tr.gettext(DOCUMENT_FILTER))
    return ";;".join(parts)


def suggested_document_path(folder: Path, source_name: str) -> Path:
    """Where "Save Assessment As" proposes to save: the BOM's name with the document suffix, in ``folder``."""
    stem = Path(source_name).stem if source_name else "assessment"
    return folder / (stem + SUFFIX)


@dataclass(frozen=True)
class Actions:
    """Which actions the results on screen allow."""

    save: bool       # save / save as
    export: bool     # PDF briefing and Excel workbook
    views: bool      # the parts and elements tabs, and Find


def available_actions(results: Results | None) -> Actions:
    """Saving and exporting need live results (stored ones are read-only); the views need any results."""
    live = results is not None and results.is_live
    return Actions(save=live, export=live, views=results is not None)


def window_title(source_name: str, document_path: str | None, app_name: str) -> str:
    """The window title: the document's name when there is one, else the BOM's, with Qt's ``[*]`` mark for unsaved
    changes; the application's name alone when nothing is open."""
    name = Path(document_path).name if document_path else source_name
    return f"{name}[*] — {app_name}" if name else app_name


def status_line(results: Results | None, file_name: str, scenario_text: str, tr: Translator) -> str:
    """The status bar's text: what is shown (file, parts, as-of date, scenario), or that the results are read-only."""
    if results is None:
        return ""
    if not results.is_live:
        return tr.gettext(READ_ONLY_STATUS)
    return tr.ngettext(N_("{file}: {parts} part · as of {date} · scenario {scenario}"),
                       N_("{file}: {parts} parts · as of {date} · scenario {scenario}"), results.parts_total).format(
        file=file_name, parts=f"{results.parts_total:,}", date=results.as_of.isoformat() if results.as_of else "",
        scenario=scenario_text)


@dataclass(frozen=True)
class Box:
    """A rectangle in device-independent pixels (a window's position and size, or a screen's available area)."""

    x: int
    y: int
    width: int
    height: int


def fit_window(area: Box, window: Box, frame: tuple[int, int], minimum: tuple[int, int]) -> tuple[Box, tuple[int, int]]:
    """The window's place and size so that all of it – title bar (``frame`` is what the window manager adds,
    width and height) and status bar with Cancel – is on ``area``, and the minimum size that still fits there.

    At 150 % on a 1920×1080 screen only 1280×≈690 logical pixels are left; a window restored from a bigger
    screen, or with the minimum size of a big one, would hang off the bottom edge."""
    frame_w, frame_h = frame
    max_w, max_h = max(320, area.width - frame_w), max(240, area.height - frame_h)
    fitted_minimum = (min(minimum[0], max_w), min(minimum[1], max_h))
    width, height = min(window.width, max_w), min(window.height, max_h)
    x = min(max(window.x, area.x), area.x + area.width - width - frame_w)
    y = min(max(window.y, area.y), area.y + area.height - height - frame_h)
    return Box(x, y, width, height), fitted_minimum
