"""One logging setup for the CLI and the GUI: configured any number of times, every record is written once."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from desktop.logging_setup import configure_logging
from desktop.paths import log_file


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """Leave the root logger as the test found it (the handler holds a file in a temporary folder)."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _lines_with(path: Path, marker: str) -> int:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return sum(marker in line for line in path.read_text(encoding="utf-8").splitlines())


def _our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]


def test_configured_twice_a_record_is_written_once(tmp_path: Path) -> None:
    target = tmp_path / "reerisk.log"
    assert configure_logging(target) == target.resolve()
    assert configure_logging(target) == target.resolve()
    logging.getLogger("desktop.core.pipeline").info("marker-core")
    logging.getLogger("reerisk.gui").warning("marker-gui")
    assert _lines_with(target, "marker-core") == 1
    assert _lines_with(target, "marker-gui") == 1
    assert len(_our_handlers()) == 1


def test_defaults_to_the_log_file_in_the_user_data_folder() -> None:
    path = configure_logging()
    assert path == log_file().resolve()
    logging.getLogger("reerisk").info("marker-default")
    assert _lines_with(log_file(), "marker-default") == 1


def test_another_file_replaces_the_handler(tmp_path: Path) -> None:
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    configure_logging(first)
    configure_logging(second)
    logging.getLogger("reerisk").info("marker-moved")
    assert len(_our_handlers()) == 1
    assert _lines_with(second, "marker-moved") == 1
    assert _lines_with(first, "marker-moved") == 0


def test_a_log_that_cannot_be_opened_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert configure_logging(blocker / "reerisk.log") is None


def test_reerisk_gui_file_writes_every_line_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``reerisk gui FILE`` runs the CLI's setup and then the GUI's: a GUI record still lands in the log once."""
    pytest.importorskip("PySide6")
    import desktop.gui.app as gui_app
    from desktop import cli

    def fake_create_app(argv: list[str] | None = None) -> None:
        logging.getLogger("reerisk.gui").warning("marker-gui-start")
        raise KeyboardInterrupt  # stop before any window: the CLI answers "interrupted" and returns

    monkeypatch.setattr(gui_app, "create_app", fake_create_app)
    bom = tmp_path / "bom.csv"
    bom.write_text("Part,Qty\nmotor,1\n", encoding="utf-8")
    cli.main(["gui", str(bom)])
    assert _lines_with(log_file(), "marker-gui-start") == 1
