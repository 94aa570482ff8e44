"""The one object that holds the current job: source file, import options, the latest output of each stage.

Pages read from the session and redraw on ``changed(stage)``; they never call each other. Every computation runs
in the session's task slot (a new request cancels the running one), so the window never freezes. A new import
invalidates the later stages; an as-of or scenario change re-runs scoring only; an override re-runs mapping and
scoring.

Saved assessments are saved and opened here too (:meth:`Session.save_document`, :meth:`Session.open_document`) in a
slot of their own, so a save never cancels a re-score. The window only wires dialogs, menus and the status bar to
the signals below. Whatever the GUI thread shows is prepared in the workers: the parts table's texts
(``parts_texts``) with the frame, and a dropped stored document is freed in a worker, a few parts at a time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.gui.workers import Task, TaskRunner, free_in_pieces, gc_paused, release_in_background
from desktop.i18n import _, current_language

if TYPE_CHECKING:
    import pandas as pd

    from desktop.app.document import Opened
    from desktop.app.results import Results
    from desktop.core.knowledge.model import Knowledge
    from desktop.core.mapping import PartLibrary
    from desktop.core.scoring.config import ScoringConfig
    from desktop.core.types import Assessment, ImportOptions, ImportResult, MappedTable
    from desktop.gui.models.parts_model import TableTexts
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
    document_saved = Signal(str)            # the path written
    document_opened = Signal(str)           # a saved assessment was read (recent files)
    password_needed = Signal(str, object)   # reopening: the source BOM needs a password (path, ImportOptions)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = TaskRunner(self)
        self.runner.started.connect(self.busy)
        self._knowledge_runner = TaskRunner(self)
        # saving and opening documents: their own slot, so a save never cancels a running re-score (and vice versa)
        self.document_runner = TaskRunner(self)
        self.document_runner.started.connect(self.busy)
        self.knowledge: Knowledge | None = None
        self.source_path: str | None = None
        self.import_options: ImportOptions | None = None
        self.imported: ImportResult | None = None
        self.mapped: MappedTable | None = None
        self.assessment: Assessment | None = None
        self.parts_frame: pd.DataFrame | None = None
        self.parts_texts: TableTexts | None = None     # the table's display texts, made with parts_frame
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
    def _drop_stored(self) -> None:
        """Forget the stored document; it is freed in a worker (10 million objects: 0.3–0.7 s of held GIL when
        the last reference went on the GUI thread)."""
        stored, self.stored = self.stored, None
        if stored is not None:
            from desktop.app.document import dismantle

            release_in_background(stored, dismantle)

    @staticmethod
    def _release(*results: Any) -> None:
        """Results being replaced are freed in a worker, a piece at a time (tens of milliseconds of held GIL at
        100,000 parts when the last reference went on the GUI thread). Parts still in use stay whole."""
        release_in_background([results], free_in_pieces)

    def clear(self, emit: bool = True) -> None:
        """Forget the current BOM and results; ``emit`` False when new results follow at once (one reload)."""
        self.runner.cancel()
        self._release(self.imported, self.mapped, self.assessment, self.parts_frame, self.parts_texts)
        self.source_path = None
        self.import_options = None
        self.imported = self.mapped = self.assessment = None
        self.parts_frame = self.parts_texts = None
        self._drop_stored()
        self.document_path = None
        self.extra_overrides = []
        self.dirty = False
        if emit:
            self.changed.emit(Stage.SOURCE)

    def set_imported(self, imported: ImportResult, options: ImportOptions) -> Task:
        """A new import: drop the later stages and re-run mapping and scoring."""
        self.runner.cancel()
        self.source_path = imported.path
        self.import_options = options
        self._release(self.imported, self.mapped, self.assessment, self.parts_frame, self.parts_texts)
        self.imported = imported
        self.mapped = self.assessment = None
        self.parts_frame = self.parts_texts = None
        self._drop_stored()
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
                texts = _table_texts(frame, knowledge)
            return knowledge, library, mapped, assessment, frame, texts

        return self.runner.start(work, self._mapped, label=_("Mapping parts…"))

    def _mapped(self, result: tuple[Any, ...]) -> None:
        self._release(self.mapped, self.assessment, self.parts_frame, self.parts_texts)
        self.knowledge, self.library, self.mapped, self.assessment, self.parts_frame, self.parts_texts = result
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
                knowledge = default_knowledge()
                assessment = score_stage(mapped, as_of=as_of_date, scenario=scen, config=cfg,
                                         knowledge=knowledge, progress=task)
                frame = build_parts_frame(assessment)
                return assessment, frame, _table_texts(frame, knowledge)

        return self.runner.start(work, self._scored, label=_("Scoring…"))

    def _scored(self, result: tuple[Any, ...]) -> None:
        self._release(self.assessment, self.parts_frame, self.parts_texts)
        self.assessment, self.parts_frame, self.parts_texts = result
        self.changed.emit(Stage.SCORED)

    def apply_override(self, part_number: str | None, mpn: str | None, **override: Any) -> Task:
        """Save an override in the user's part library, then re-map and re-score at once."""
        from desktop.app.library import save_override

        save_override(part_number, mpn, **override)
        self.dirty = True
        return self.remap()

    def run_source(self, path: str, options: ImportOptions,
                   on_failure: Callable[[BaseException], None] | None = None,
                   on_imported: Callable[[ImportResult], None] | None = None) -> Task:
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
            if on_imported is not None:
                on_imported(result)

        return self.runner.start(work, imported, on_failure, label=_("Reading the BOM…"))

    def show_stored(self, stored: dict[str, Any], document_path: str, frame: pd.DataFrame | None = None,
                    texts: TableTexts | None = None) -> None:
        """Show results saved in a document whose source BOM is missing or changed (read-only). ``frame`` and
        ``texts`` are their parts table and its display texts, built in a worker (:func:`stored_view`); without
        them they are built here."""
        self.runner.cancel()
        if frame is None:
            frame, texts = stored_view(stored)
        self.source_path = stored.get("source", {}).get("path")
        self._release(self.imported, self.mapped, self.assessment, self.parts_frame, self.parts_texts)
        self.imported = self.mapped = self.assessment = None
        self.parts_frame, self.parts_texts = frame, texts
        if self.stored is not stored:
            self._drop_stored()
        self.stored = stored
        self.document_path = document_path
        self.dirty = False
        self.changed.emit(Stage.SOURCE)

    def source_name(self) -> str:
        return Path(self.source_path).name if self.source_path else ""

    # -- saved assessments ----------------------------------------------------------------------------------------
    def can_save(self) -> bool:
        return self.assessment is not None and self.import_options is not None

    def save_document(self, path: str, on_failure: Callable[[BaseException], None] | None = None) -> Task | None:
        """Save the assessment at ``path`` in a worker (JSON build, source hash and atomic write take seconds for a
        large BOM); ``document_saved`` follows. A save still running ends first (never cancelled half-way)."""
        if not self.can_save():
            return None
        assessment, options, library, lang = self.assessment, self.import_options, self.library, current_language()

        def work(_task: Task) -> Path:
            from desktop.app.document import write_assessment

            with gc_paused():
                return write_assessment(assessment, options, library, path, lang)

        def saved(written: Path) -> None:
            self.document_path = str(written)
            if self.assessment is assessment:      # nothing changed while it was being written
                self.dirty = False
            self.document_saved.emit(str(written))

        self.finish_document_task()
        return self.document_runner.start(work, saved, on_failure, label=_("Saving the assessment…"))

    def open_document(self, path: str, on_failure: Callable[[BaseException], None] | None = None) -> Task:
        """Open a saved assessment: reading, validating and re-hashing its source (and, when the source is gone,
        building the stored parts table and its texts) run in a worker; then :meth:`reopen`."""
        self.finish_document_task()

        def work(_task: Task) -> tuple[Opened, Any]:
            from desktop.app.document import open_saved

            with gc_paused():      # 100,000 parts' dicts: a full collection would hold the GIL for ~0.3 s
                opened = open_saved(path)
                view = None if opened.plan.live else stored_view(opened.document)
            return opened, view

        return self.document_runner.start(work, lambda result: self.reopen(*result, on_failure=on_failure),
                                          on_failure, label=_("Opening the assessment…"))

    def reopen(self, opened: Opened, view: tuple[pd.DataFrame, TableTexts] | None = None,
               on_failure: Callable[[BaseException], None] | None = None) -> None:
        """Show an opened document: re-run the pipeline from its source when the plan says it is the file that was
        assessed, else its stored results read-only. A source that cannot be re-read falls back to the stored
        results after ``on_failure`` (the error dialog); one that needs a password emits ``password_needed``."""
        from desktop.app import document as doc

        path, data, plan = opened.path, opened.document, opened.plan
        self.document_opened.emit(path)
        stored_view_follows = not (plan.live and plan.source)
        self.clear(emit=not stored_view_follows)
        self.as_of = doc.as_of_of(data)
        self.scenario = str(data.get("scenario") or "baseline")
        self.config = doc.config_of(data)
        self.extra_overrides = list(data.get("overrides") or [])
        if stored_view_follows:
            frame, texts = view if view is not None else (None, None)
            self.show_stored(data, path, frame, texts)
            return
        self.document_path = path
        options, source = doc.import_options_of(data), plan.source
        stash = [data]          # the stored results, kept only until the source has been read again

        def read(_result: ImportResult) -> None:
            release_in_background(stash.pop(), doc.dismantle)

        def failed(exc: BaseException) -> None:
            from desktop.core.errors import PasswordRequired

            document = stash.pop()
            if isinstance(exc, PasswordRequired):
                release_in_background(document, doc.dismantle)
                self.password_needed.emit(source, options)
                return
            if on_failure is not None:
                on_failure(exc)
            self.show_stored(document, path)

        self.run_source(source, options, on_failure=failed, on_imported=read)

    def finish_document_task(self) -> None:
        """Wait for the running save or open, in a local event loop (the window keeps painting), and deliver its
        result. A new document task would otherwise cancel it and drop its result."""
        task = self.document_runner.current
        if task is None:
            return
        from PySide6.QtCore import QCoreApplication, QEventLoop

        loop = QEventLoop()
        task.signals.finished.connect(loop.quit)
        if not task.is_done():
            loop.exec()
        QCoreApplication.sendPostedEvents()     # the queued succeeded/failed call of a task that ended quickly


def stored_view(stored: dict[str, Any]) -> tuple[pd.DataFrame, TableTexts]:
    """The parts frame of stored results and its display texts (slow for a large document: run in a worker)."""
    from desktop.app.results import Results
    from desktop.core.knowledge import default_knowledge

    frame = Results.stored(stored).frame()
    return frame, _table_texts(frame, default_knowledge())


def _table_texts(frame: pd.DataFrame, knowledge: Knowledge | None) -> TableTexts:
    from desktop.gui.models.parts_model import class_names, prepare_texts

    return prepare_texts(frame, class_names(knowledge))
