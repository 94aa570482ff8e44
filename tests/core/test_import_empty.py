"""A BOM with a header and no part rows is bad input (exit 3), never an assessment that says "no rare earths"."""
from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.core.errors import InputError
from desktop.core.pipeline import assess_file


def test_header_only_csv_is_refused(tmp_path):
    f = tmp_path / "header_only.csv"
    f.write_text("Part number,Description,Qty\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        assess_file(f)
    assert "no part rows" in str(err.value)


def test_header_only_exits_3_with_one_line(tmp_path):
    f = tmp_path / "header_only.csv"
    f.write_text("品番,品名,数量\n,,\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "desktop", "assess", str(f), "--json", "-"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3 and run.stdout == ""
    assert run.stderr.count("error:") == 1 and "header_only.csv" in run.stderr
