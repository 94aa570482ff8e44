"""The one object that holds the current job: source file, import options, the latest output of each stage.

Pages read from the session and redraw on ``changed(stage)``; they never call each other. Every computation runs
in the session's task slot (a new request cancels the running one), so the window never freezes. A new import
invalidates the later stages; an as-of or scenario change re-runs scoring only; an override re-runs mapping and
scoring.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.gui.workers import Task, TaskRunner, gc_paused
from desktop.i18n import _

if TYPE_CHECKING:
    import pandas as pd

    from desktop.app.results import Results
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.mapping import PartLibrary
    from desktop.core.scoring.config import ScoringConfig
    from desktop.core.types import Assessment, ImportOptions, ImportResult, MappedTable
    from desktop.gui.settings import Settings


class Stage(IntEnum):
    KNOWLEDGE = 0
    SOURCE = 1      # a new file / stored document; everything after it is invalid
    IMPORTED = 2
    MAPPED = 3
    SCORED = 4


class Session(QObject):
    changed = Signal(int)        # Stage
    busy = Signal(object)        # Task started (for the progress strip)
    knowledge_failed = Signal(object)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = TaskRunner(self)
        self.runner.started.connect(self.busy)
        self._knowledge_runner = TaskRunner(self)
        self.knowledge: Knowledge | None = None
        self.source_path: str | None = None
        self.import_options: ImportOptions | None = None
        self.imported: ImportResult | None = None
        self.mapped: MappedTable | None = None
        self.assessment: Assessment | None = None
        self.parts_frame: pd.DataFrame | None = None
        self.as_of: dt.date | None = settings.as_of()
        self.scenario: str = "baseline"
        self.config: ScoringConfig | None = None
        self.library: PartLibrary | None = None
        self.extra_overrides: list[dict[str, Any]] = []
        self.stored: dict[str, Any] | None = None     # read-only results from a .reerisk whose source is gone
        self.document_path: str | None = None
        self.dirty = False

    # -- queries ------------------------------------------------------------------------------------------------
    def effective_as_of(self) -> dt.date:
        return self.as_of or dt.date.today()

    def effective_config(self) -> ScoringConfig:
        return self.config or self.settings.scoring_config()

    def has_results(self) -> bool:
        return self.assessment is not None

    @property
    def results(self) -> Results | None:
        """What is shown: the live assessment, or the stored results of a reopened document, or None. Pages read
        this one model instead of branching on ``assessment`` and ``stored``."""
        from desktop.app.results import Results

        if self.assessment is not None:
            return Results.live(self.assessment)
        if self.stored is not None:
            return Results.stored(self.stored)
        return None

    # -- knowledge ----------------------------------------------------------------------------------------------
    def load_knowledge(self) -> None:
        """Load the knowledge base in the background (emits changed(KNOWLEDGE))."""

        def work(_: Task) -> Knowledge:
            from desktop.core.knowledge import default_knowledge

            return default_knowledge()

        self._knowledge_runner.start(work, self._knowledge_loaded, self.knowledge_failed.emit)

    def _knowledge_loaded(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.changed.emit(Stage.KNOWLEDGE)

    # -- stage updates --------------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.runner.cancel()
        self.source_path = None
        self.import_options = None
        self.imported = self.mapped = self.assessment = None
        self.parts_frame = None
        self.stored = None
        self.document_path = None
        self.extra_overrides = []
        self.dirty = False
        self.changed.emit(Stage.SOURCE)

    def set_imported(self, imported: ImportResult, options: ImportOptions) -> Task:
        """A new import: drop the later stages and re-run mapping and scoring."""
        self.runner.cancel()
        self.source_path = imported.path
        self.import_options = options
        self.imported = imported
        self.mapped = self.assessment = None
        self.parts_frame = None
        self.stored = None
        self.document_path = None
        self.dirty = False           # nothing to save until the user changes something (override, date, scenario)
        self.changed.emit(Stage.IMPORTED)
        return self.remap()

    def remap(self) -> Task:
        """Re-run mapping (with the user's part library) and scoring."""
        imported = self.imported
        if imported is None:
            raise RuntimeError("nothing imported")
        as_of, scenario, config = self.effective_as_of(), self.scenario, self.effective_config()
        extra = list(self.extra_overrides)

        def work(task: Task) -> tuple[Any, ...]:
            from desktop.app.library import load_library
            from desktop.app.parts_frame import build_parts_frame
            from desktop.core.knowledge import default_knowledge
            from desktop.core.pipeline import map_stage, score_stage
            from desktop.core.progress import check, sub_progress

            knowledge = default_knowledge()
            library = load_library(extra)
            with gc_paused():
                mapped = map_stage(imported, knowledge, library, sub_progress(task, 0.0, 0.6))
                assessment = score_stage(mapped, as_of=as_of, scenario=scenario, config=config,
                                         knowledge=knowledge, progress=sub_progress(task, 0.6, 0.95))
                check(task)
                frame = build_parts_frame(assessment)
            return knowledge, library, mapped, assessment, frame

        return self.runner.start(work, self._mapped, label=_("Mapping parts…"))

    def _mapped(self, result: tuple[Any, ...]) -> None:
        self.knowledge, self.library, self.mapped, self.assessment, self.parts_frame = result
        self.changed.emit(Stage.MAPPED)
        self.changed.emit(Stage.SCORED)

    def rescore(self, *, as_of: dt.date | None | str = "keep", scenario: str | None = None,
                config: ScoringConfig | None | str = "keep") -> Task | None:
        """Re-run scoring with a new as-of date, scenario or configuration (``"keep"`` keeps the current one)."""
        if not isinstance(as_of, str):
            self.as_of = as_of
        if scenario is not None:
            self.scenario = scenario
        if not isinstance(config, str):
            self.config = config
        mapped = self.mapped
        if mapped is None:
            return None
        self.dirty = True
        as_of_date, scen, cfg = self.effective_as_of(), self.scenario, self.effective_config()

        def work(task: Task) -> tuple[Any, ...]:
            from desktop.app.parts_frame import build_parts_frame
            from desktop.core.knowledge import default_knowledge
            from desktop.core.pipeline import score_stage

            with gc_paused():
                assessment = score_stage(mapped, as_of=as_of_date, scenario=scen, config=cfg,
                                         knowledge=default_knowledge(), progress=task)
                return assessment, build_parts_frame(assessment)

        return self.runner.start(work, self._scored, label=_("Scoring…"))

    def _scored(self, result: tuple[Any, ...]) -> None:
        self.assessment, self.parts_frame = result
        self.changed.emit(Stage.SCORED)

    def apply_override(self, part_number: str | None, mpn: str | None, **override: Any) -> Task:
        """Save an override in the user's part library, then re-map and re-score at once."""
        from desktop.app.library import save_override

        save_override(part_number, mpn, **override)
        self.dirty = True
        return self.remap()

    def run_source(self, path: str, options: ImportOptions,
                   on_failure: Callable[[BaseException], None] | None = None) -> Task:
        """Import ``path`` with ``options`` (no wizard) and run the whole pipeline (reopening a document)."""

        def work(task: Task) -> Any:
            from desktop.core.pipeline import import_stage
            from desktop.core.progress import sub_progress

            with gc_paused():
                return import_stage(path, options, sub_progress(task, 0.0, 1.0))

        document = self.document_path

        def imported(result: ImportResult) -> None:
            self.set_imported(result, options)
            self.document_path, self.dirty = document, False

        return self.runner.start(work, imported, on_failure, label=_("Reading the BOM…"))

    def show_stored(self, stored: dict[str, Any], document_path: str, frame: pd.DataFrame | None = None) -> None:
        """Show results saved in a document whose source BOM is missing or changed (read-only). ``frame`` is their
        parts table, built in a worker (``Results.stored(stored).frame()``); without it, it is built here."""
        self.runner.cancel()
        if frame is None:
            from desktop.app.results import Results

            frame = Results.stored(stored).frame()
        self.source_path = stored.get("source", {}).get("path")
        self.imported = self.mapped = self.assessment = None
        self.parts_frame = frame
        self.stored = stored
        self.document_path = document_path
        self.dirty = False
        self.changed.emit(Stage.SOURCE)

    def source_name(self) -> str:
        return Path(self.source_path).name if self.source_path else ""
