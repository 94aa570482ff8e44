"""`reerisk` end to end in a subprocess: exit codes, JSON output, real BOMs, no tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from desktop import __version__
from desktop.paths import resource
from tests.conftest import real_bom_names

REPO = Path(__file__).resolve().parents[2]
SAMPLE = resource("samples", "sample_bom_ja.xlsx")
SCHEMA = json.loads(resource("schema", "assessment.schema.json").read_text(encoding="utf-8"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or REPO, env=env, timeout=300)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_usage_error_exit_2():
    proc = run("assess", str(SAMPLE), "--as-of", "2026-13-40")
    assert proc.returncode == 2 and "error:" in proc.stderr
    no_traceback(proc)
    assert run("assess").returncode == 2
    assert run("assess", str(SAMPLE), "--lang", "fr").returncode == 2


def test_missing_file_exit_3(tmp_path):
    proc = run("assess", str(tmp_path / "nope.xlsx"))
    assert proc.returncode == 3
    assert proc.stderr.startswith("error:") and "nope.xlsx" in proc.stderr
    no_traceback(proc)


def test_not_a_bom_exit_3(tmp_path):
    junk = tmp_path / "random.xlsx"
    junk.write_bytes(os.urandom(4096))
    proc = run("assess", str(junk))
    assert proc.returncode == 3 and proc.stderr.startswith("error:") and "random.xlsx" in proc.stderr
    no_traceback(proc)
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("\n".join(",".join(str(i * j) for j in range(6)) for i in range(30)), encoding="utf-8")
    proc = run("assess", str(numbers))
    assert proc.returncode == 3 and "numbers.csv" in proc.stderr
    no_traceback(proc)


def test_unwritable_output_exit_4(tmp_path):
    proc = run("assess", str(SAMPLE), "--json", str(tmp_path / "no" / "such" / "dir" / "out.json"))
    assert proc.returncode == 4 and proc.stderr.startswith("error:")
    no_traceback(proc)


def test_json_to_stdout_is_valid(tmp_path):
    proc = run("assess", str(SAMPLE), "--as-of", "2026-11-28", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["as_of"] == "2026-11-28"


def test_scenario_switch_changes_assumption(tmp_path):
    a = json.loads(run("assess", str(SAMPLE), "--as-of", "2026-11-28", "--json", "-").stdout)
    b = json.loads(run("assess", str(SAMPLE), "--as-of", "2026-11-28", "--scenario", "suspension-extended",
                       "--json", "-").stdout)
    assert a["scenario"] == "baseline" and b["scenario"] == "suspension-extended"
    assert a["assumptions"] != b["assumptions"]
    proc = run("assess", str(SAMPLE), "--scenario", "nope")
    assert proc.returncode != 0 and "Unknown scenario" in proc.stderr
    no_traceback(proc)


@pytest.mark.realbom
@pytest.mark.parametrize("name", real_bom_names())
def test_every_real_bom(tmp_path, real_boms_dir, name):
    out = tmp_path / "out.json"
    proc = run("assess", str(real_boms_dir / name), "--as-of", "2026-11-28", "--json", str(out))
    no_traceback(proc)
    assert proc.returncode in (0, 3), proc.stderr
    if proc.returncode == 3:
        assert proc.stderr.startswith("error:") and name in proc.stderr
        return
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    imp = data["import"]
    assert imp["rows_total"] == imp["rows_imported"] + len(imp["rows_skipped"])
    assert imp["rows_imported"] > 0


def test_knowledge_check_and_install(tmp_path):
    ok = run("knowledge", "--check", str(resource("knowledge")))
    assert ok.returncode == 0 and "valid" in ok.stdout
    broken = tmp_path / "kb"
    import shutil

    shutil.copytree(resource("knowledge"), broken)
    path = broken / "controls.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effective: 2025-04-04", "effective: 2025-13-04", 1),
                    encoding="utf-8")
    bad = run("knowledge", "--install", str(broken))
    assert bad.returncode != 0 and "controls.yaml" in bad.stderr and "effective" in bad.stderr
    no_traceback(bad)
    shown = run("knowledge")
    assert shown.returncode == 0 and "bundled" in shown.stdout  # the bundled data stays in use


def test_headless_commands_run_with_the_collector_paused(monkeypatch):
    """A headless command keeps everything it builds until it exits: the cyclic collector is paused for the
    whole run (and switched back on after it), the desktop app is not (it runs for hours)."""
    import gc

    from desktop import cli

    seen: dict[str, bool] = {}
    monkeypatch.setattr(cli, "_assess", lambda args: seen.setdefault("assess", gc.isenabled()) and 0)
    monkeypatch.setattr(cli, "_knowledge", lambda args: seen.setdefault("knowledge", gc.isenabled()) and 0)
    monkeypatch.setattr(cli, "_run_gui", lambda path: seen.setdefault("gui", gc.isenabled()) and 0)
    monkeypatch.setattr(cli, "configure_logging", lambda: None, raising=False)
    assert gc.isenabled()
    cli.main(["assess", str(SAMPLE)])
    cli.main(["knowledge", "--check", str(SAMPLE)])
    cli.main(["gui"])
    assert seen == {"assess": False, "knowledge": False, "gui": True}
    assert gc.isenabled()


def test_a_file_read_in_the_background_reports_its_errors_in_order(tmp_path, capsys):
    """`assess` reads the BOM in a background thread while the knowledge base loads: a usage error still wins
    over whatever the file holds, and the file's own errors (damaged, encrypted) arrive as before, one line each."""
    from desktop import cli
    from tests.core.importing_fixtures import encrypt_xlsx, write_xlsx

    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["Part No", "Description", "Qty"], ["M-1", "NdFeB magnet", 2]]})
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[:300])
    secret = encrypt_xlsx(good, tmp_path / "secret.xlsx", "s3cret")

    def run(*args: str) -> tuple[int, str]:
        code = cli.main(list(args))
        return code, capsys.readouterr().err

    code, err = run("assess", str(damaged), "--scenario", "no-such-scenario")
    assert code == 2 and "Unknown scenario" in err and "damaged" not in err
    code, err = run("assess", str(damaged))
    assert code == 3 and "damaged.xlsx is damaged" in err and "Traceback" not in err
    code, err = run("assess", str(secret))
    assert code == 3 and "secret.xlsx" in err and "Traceback" not in err
    code, err = run("assess", str(secret), "--password", "s3cret", "--json", str(tmp_path / "out.json"))
    assert code == 0, err
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [p["part_number"] for p in data["parts"]] == ["M-1"]
