"""Shared test set-up: offscreen Qt, isolated user folders, data paths, and the one way to reach the real BOMs.

The real public BOMs live outside the repository (`../shared/real_boms`, several are GPL or non-commercial, so
they are not copied in). A fresh clone has no such folder and its test run must still pass, so every test that
reads them asks for the ``real_boms_dir`` fixture: it skips the test when the folder is absent, and any test
that uses it is marked ``realbom`` automatically (``-m "not realbom"`` leaves them all out). Set
``REERISK_REAL_BOMS`` to use a folder elsewhere.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BOM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def real_boms_folder() -> Path:
    """Where the real BOMs would be: ``$REERISK_REAL_BOMS``, else ``../shared/real_boms`` beside the repository."""
    configured = os.environ.get("REERISK_REAL_BOMS")
    return Path(configured).resolve() if configured else (REPO.parent / "shared" / "real_boms").resolve()


def real_bom_names() -> list[str]:
    """The BOM files in the real-BOM folder, for ``parametrize`` at collection time (empty when it is absent).

    An empty list makes pytest report the parametrized test as skipped, which is what a fresh clone should see.
    """
    folder = real_boms_folder()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in BOM_SUFFIXES)


@pytest.fixture(scope="session")
def real_boms_dir() -> Path:
    """The folder of real public BOMs; the test is skipped (not failed) when it is not there."""
    folder = real_boms_folder()
    if not folder.is_dir():
        pytest.skip(f"real BOMs not present ({folder}); set REERISK_REAL_BOMS or place ../shared/real_boms")
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that reads the real BOMs carries the ``realbom`` marker, whether or not its author added it."""
    for item in items:
        if "real_boms_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.realbom)


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the real user folder (part library, remembered mappings, logs, settings)."""
    folder = tmp_path_factory.mktemp("userdir")
    monkeypatch.setenv("REERISK_USER_DIR", str(folder))
    return folder
