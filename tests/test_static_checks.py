"""ruff and mypy pass, with the configuration in pyproject.toml, whenever the test suite runs.

Running them as tests means the README's one command (``pytest``) and ``.ci/run`` enforce them with no extra
step. The headless core reached zero mypy errors in issue 12; any new error fails here. The tools come with the
``test`` extra; a checkout without them skips with the reason rather than failing on a missing tool.
"""
from __future__ import annotations

import getpass
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]' brings it)")


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_ruff_finds_nothing() -> None:
    _require("ruff")
    proc = _run(["ruff", "check", "--no-cache", "--output-format", "concise", "desktop", "tests", "benchmarks"],
                timeout=120)
    assert proc.returncode == 0, f"ruff found problems:\n{proc.stdout}{proc.stderr}"


def test_mypy_finds_no_error_in_the_core() -> None:
    """The files and options come from [tool.mypy]; the cache lives in the temporary folder (a re-run is fast)."""
    _require("mypy")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (some containers): one cache for all
        user = "any"
    cache = Path(tempfile.gettempdir()) / f"reerisk-mypy-cache-{user}"
    proc = _run(["mypy", "--cache-dir", str(cache), "--no-error-summary", "--hide-error-context"], timeout=600)
    assert proc.returncode == 0, f"mypy found errors:\n{proc.stdout}{proc.stderr}"
