"""The core is headless: importing and running the pipeline never loads Qt (complements import-linter)."""
from __future__ import annotations

import subprocess
import sys

from desktop import __version__
from desktop.paths import resource


def test_pipeline_runs_without_qt():
    code = (
        "import sys, datetime\n"
        "from desktop.core.pipeline import assess_file\n"
        "from desktop.core.report.json_out import assessment_to_json\n"
        f"a = assess_file(r'{resource('samples', 'sample_bom_ja.xlsx')}', as_of=datetime.date(2026, 11, 28))\n"
        "assessment_to_json(a)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop.gui'))]\n"
        "assert not bad, bad\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_cli_start_up_stays_light():
    """`reerisk --version` must not import pandas, matplotlib, reportlab or Qt."""
    code = ("import sys\nfrom desktop.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
            "heavy = [m for m in ('pandas', 'matplotlib', 'reportlab', 'PySide6', 'openpyxl') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout  # main() really ran: argparse printed the version
