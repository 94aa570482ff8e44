"""Shared test set-up: offscreen Qt, isolated user folders, data paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
REAL_BOMS = (REPO.parent / "shared" / "real_boms").resolve()
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the real user folder (part library, remembered mappings, logs, settings)."""
    folder = tmp_path_factory.mktemp("userdir")
    monkeypatch.setenv("REERISK_USER_DIR", str(folder))
    return folder


@pytest.fixture
def real_boms() -> Path:
    if not REAL_BOMS.is_dir():
        pytest.skip("../shared/real_boms is not present")
    return REAL_BOMS


def real_bom(name: str) -> Path:
    path = REAL_BOMS / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path
