"""Ship the top-level resources/ folder inside the wheel as desktop/_resources.

The project keeps resources/ at the repository root (knowledge base, fonts, translations, samples); a plain
`pip install .` must still find them, so the build copies them into the package. desktop/paths.py looks for the
repository copy first (development, editable installs) and then for desktop/_resources (wheel installs).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "desktop" / "_resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "resources", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})
