"""The one place that finds files: bundled resources and the user's data folders. No Qt.

Resources live in the repository's top-level ``resources/`` folder. A wheel carries them as
``desktop/_resources`` (see setup.py) and a PyInstaller build as ``<bundle>/resources``.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from desktop import APP_NAME

IS_FROZEN = bool(getattr(sys, "frozen", False))


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """Return the folder that holds knowledge/, fonts/, translations/, samples/, icons/ and schema/."""
    override = os.environ.get("REERISK_RESOURCES")
    candidates: list[Path] = []
    if override:
        candidates.append(Path(override))
    if IS_FROZEN:
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        candidates += [base / "resources", Path(sys.executable).parent / "resources"]
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "_resources"]
    for candidate in candidates:
        if (candidate / "knowledge").is_dir():
            return candidate
    raise FileNotFoundError(
        "reerisk cannot find its resources folder (looked in: " + ", ".join(str(c) for c in candidates) + ")"
    )


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource("fonts", "ipaexg.ttf")``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user writable folder (part library, remembered mappings, logs). Created on demand."""
    override = os.environ.get("REERISK_USER_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_NAME
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        path = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    """The log file the CLI and GUI write to; its path is shown with unexpected errors."""
    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{APP_NAME}.log"


def part_library_file() -> Path:
    """Default location of the user's part library (overrides by part number)."""
    return user_data_dir() / "part_library.json"


def mapping_memory_file() -> Path:
    """Column mappings remembered by header signature."""
    return user_data_dir() / "remembered_mappings.json"
