"""Drive the app and save a screenshot of every view, in English and Japanese.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1440x900x24" python docs/screenshots/take_screenshots.py

``--parts-list`` instead takes only the Japanese parts list with the window filling the screen, named after the
screen size and scale factor (``parts_ja_1920x1080_150.png``): the score and tier must be readable without
scrolling at every size. The scale factor is fixed when Qt starts, so run one process per size and scale::

    for size in 1280x720 1920x1080; do for scale in 1 1.5; do
        QT_SCALE_FACTOR=$scale xvfb-run -a -s "-screen 0 ${size}x24" \
            python docs/screenshots/take_screenshots.py --parts-list
    done; done
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("REERISK_USER_DIR", tempfile.mkdtemp(prefix="reerisk-shots-"))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(OUT.parent.parent))


def wait_until(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        time.sleep(0.02)
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def grab(widget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print("saved", name)


def parts_list() -> int:
    """The Japanese parts list, window fitted to the screen, the riskiest part selected."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from desktop.gui.app import apply_language, create_app
    from desktop.gui.main_window import MainWindow
    from desktop.gui.pages.start_page import sample_bom
    from desktop.gui.settings import Settings

    app = create_app(sys.argv)
    apply_language("ja")
    window = MainWindow(Settings())
    area = window.available_geometry()
    window.resize(area.size())          # as large as the screen allows (no window manager under Xvfb)
    window.move(area.topLeft())
    window.show()
    window.fit_to_screen()
    wait_until(lambda: window.session.knowledge is not None)
    wizard = window.start_import(str(sample_bom()))
    wait_until(lambda: wizard.result is not None and not wizard.busy())
    wizard.import_button.click()
    wait_until(lambda: window.session.assessment is not None)
    page = window.assessment_page
    frame = page.model.frame
    page._select_part(int(frame.sort_values("score", ascending=False).index[0]))
    screen = app.primaryScreen()
    physical = screen.geometry().size() * screen.devicePixelRatio()
    scale = round(screen.devicePixelRatio() * 100)
    name = f"parts_ja_{physical.width()}x{physical.height()}_{scale}.png"
    grab(window, name)
    table = page.table
    from desktop.gui.models.parts_model import COLUMN_INDEX

    tier = COLUMN_INDEX["tier"]
    right = table.columnViewportPosition(tier) + table.columnWidth(tier)
    fits = window.frameGeometry().height() <= area.height() + 1 and window.width() <= area.width()
    print(f"{name}: window {window.width()}x{window.height()} in {area.width()}x{area.height()} "
          f"(fits: {fits}); tier column ends at {right} of {table.viewport().width()} px "
          f"(in view: {right <= table.viewport().width()})")
    window.session.dirty = False
    window.close()
    return 0 if fits and right <= table.viewport().width() else 1


def main() -> int:
    if "--parts-list" in sys.argv:
        return parts_list()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from desktop.gui.app import apply_language, create_app
    from desktop.gui.main_window import MainWindow
    from desktop.gui.pages.start_page import sample_bom
    from desktop.gui.settings import Settings

    create_app(sys.argv)
    for lang in ("en", "ja"):
        apply_language(lang)
        window = MainWindow(Settings())
        window.resize(1400, 860)
        window.show()
        wait_until(lambda w=window: w.session.knowledge is not None)
        grab(window, f"start_{lang}.png")

        wizard = window.start_import(str(sample_bom()))
        wizard.resize(1100, 720)
        wait_until(lambda w=wizard: w.result is not None and not w.busy())
        grab(wizard, f"wizard_1_sheet_{lang}.png")
        wizard._set_step(1)
        grab(wizard, f"wizard_2_columns_{lang}.png")
        wizard._set_step(2)
        grab(wizard, f"wizard_3_check_{lang}.png")
        wizard.import_button.click()
        wait_until(lambda w=window: w.session.assessment is not None)
        page = window.assessment_page
        frame = page.model.frame
        target = int(frame.sort_values("score", ascending=False).index[0])
        page._select_part(target)
        grab(window, f"parts_{lang}.png")

        window.tabs.setCurrentIndex(2)
        wait_until(lambda w=window: w.elements_page.canvases["timeline"].canvas() is not None)
        grab(window, f"elements_{lang}.png")
        window.elements_page.chart_tabs.setCurrentIndex(3)
        window.elements_page.table_tabs.setCurrentIndex(1)
        grab(window, f"controls_{lang}.png")

        dialog = window.show_export("pdf")
        grab(dialog, f"export_{lang}.png")
        dialog.reject()
        dialog = window.show_settings()
        grab(dialog, f"settings_{lang}.png")
        dialog.reject()
        dialog = window.show_about()
        grab(dialog, f"about_{lang}.png")
        dialog.reject()
        window.session.dirty = False
        window.close()
        window.deleteLater()
        settle(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
