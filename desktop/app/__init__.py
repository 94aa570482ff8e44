"""The application layer: what the desktop app and the command line do with the core, without Qt.

* :mod:`desktop.app.document` – the saved-assessment format (``.reerisk``): build, validate, save, load, reopen.
* :mod:`desktop.app.library` – the user's part library: load with recovery, overrides, the CLI's library, and
  the steps of the Library menu and the ``library``/``survey`` commands (list, export, import, surveys).
* :mod:`desktop.app.results` – one read model over a live :class:`~desktop.core.types.Assessment` and the stored
  results of a reopened document, so that no page branches on which of the two it shows.
* :mod:`desktop.app.window_state` – the main window's decisions (what a path to open is, which actions results
  allow, title, status line, the "Save As" proposal), so that the window itself is wiring.

It may import ``desktop.core`` (and ``desktop.paths``/``desktop.i18n``) but never PySide6 or ``desktop.gui``; the
core never imports it (import-linter contracts in pyproject.toml). Everything here may run in a worker thread.
"""
