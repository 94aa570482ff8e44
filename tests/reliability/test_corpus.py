"""The hostile corpus through the command line: every case gives its documented exit code and message, never a
traceback or an "unexpected failure", and no input file is ever changed.

The corpus is generated fresh into tmp_path by ``make_bad_corpus.build`` (the copy in tests/data/bad is for
people and the GUI); the manifest's expectations are the contract. Runtime cases (a non-UTF-8 file name, a
FIFO, a file-size limit) are built here because git cannot store them.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.make_bad_corpus import GOOD_ROWS, HEADER, _csv, build, cases

CASES = [case for case, _data in cases() if case.cli_exit is not None and case.kind != "document"]
DOCUMENTS = [case for case, _data in cases() if case.kind == "document"]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "bad"
    build(folder)
    return folder


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from desktop.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def check_clean(code: int, text: str) -> None:
    assert "Traceback" not in text, text
    assert "unexpected failure" not in text.lower(), text
    assert code != 1, text


def argv_for(case, folder: Path, out: Path) -> list[str]:
    args = [a.replace("{dir}", str(folder)).replace("{out}", str(out)) for a in case.args]
    if case.kind == "library":
        return ["assess", str(folder / "negative_quantities.csv"), "--library", str(folder / case.name), "--json", str(out / "r.json"), *args]
    if case.kind == "default_library":
        return ["assess", str(folder / "negative_quantities.csv"), "--json", str(out / "r.json"), *args]
    if not any(a in args for a in ("--json", "--pdf", "--xlsx")):
        args = ["--json", str(out / "result.json"), *args]
    return ["assess", str(folder / case.name), "--as-of", "2026-11-28", *args]


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.kind != "runtime"], ids=lambda c: c.name)
def test_cli_outcome(case, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("REERISK_USER_DIR", str(user))
    out = tmp_path / "out"
    out.mkdir()
    if case.kind == "default_library":
        (user / "part_library.json").write_bytes((corpus / case.name).read_bytes())
    before = digests(corpus)
    code, text = run_main(argv_for(case, corpus, out), capsys)
    check_clean(code, text)
    assert code == case.cli_exit, f"{case.name}: {case.what}\n{text}"
    assert case.cli_fragment.lower() in text.lower(), text
    assert digests(corpus) == before, "an input file was changed"
    if code == 0:
        for produced in out.iterdir():
            assert produced.stat().st_size > 0
            if produced.suffix == ".json":
                json.loads(produced.read_text(encoding="utf-8"))
    if case.kind == "default_library":  # set aside, named in the warning, and not re-created silently
        assert not (user / "part_library.json").exists()
        backups = list(user.glob("part_library.json.corrupt-*"))
        assert len(backups) == 1 and backups[0].name in text
    if case.name == "out_independent.csv":  # the failed PDF did not stop the JSON or the workbook
        assert (out / "r.json").is_file() and (out / "a.xlsx").is_file() and code == 4
    assert not [p for p in out.iterdir() if p.name.startswith(".~")], "temporary files left behind"


@pytest.mark.parametrize("case", DOCUMENTS, ids=lambda c: c.name)
def test_saved_assessments_are_not_boms(case, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`assess` given a saved assessment (damaged or not) says it cannot read it as a BOM: exit 3."""
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    code, text = run_main(["assess", str(corpus / case.name), "--json", str(tmp_path / "r.json")], capsys)
    check_clean(code, text)
    assert code == 3 and text.startswith("error:"), text


def test_markup_is_printed_not_interpreted(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    code, text = run_main(["assess", str(corpus / "markup_descriptions.csv"), "--pdf", str(tmp_path / "b.pdf")],
                          capsys)
    assert code == 0, text
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages)
    assert "<b>NdFeB</b>" in pdf.replace("\n", " ")


# --- runtime cases ------------------------------------------------------------------------------------------------
def good_bom(path: Path) -> Path:
    path.write_bytes(_csv([HEADER, *GOOD_ROWS]))
    return path


def test_non_utf8_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    name = os.fsdecode(b"bom-\xff\xfe.csv")
    bom = good_bom(tmp_path / name)
    out = tmp_path / "out"
    out.mkdir()
    code, text = run_main(["assess", str(bom), "--json", str(out / "r.json"), "--pdf", str(out / "b.pdf"),
                           "--xlsx", str(out / "a.xlsx")], capsys)
    check_clean(code, text)
    assert code == 0, text
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert data["input"]["path"].endswith("bom-\ufffd\ufffd.csv")


def test_markup_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    bom = good_bom(tmp_path / "<h1>markup name<hr>.csv")
    code, text = run_main(["assess", str(bom), "--json", str(tmp_path / "r.json")], capsys)
    check_clean(code, text)
    assert code == 0 and "<h1>markup name<hr>.csv" in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    fifo = tmp_path / "bom.csv"
    os.mkfifo(fifo)
    code, text = run_main(["assess", str(fifo), "--json", str(tmp_path / "r.json")], capsys)
    check_clean(code, text)
    assert code == 3 and "not a file" in text


def test_folder_and_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    (tmp_path / "bom.csv").mkdir()
    code, text = run_main(["assess", str(tmp_path / "bom.csv")], capsys)
    assert code == 3 and "not a file" in text
    code, text = run_main(["assess", str(tmp_path / "nothing.csv")], capsys)
    assert code == 3 and "not found" in text


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_file_size_limit_while_writing_is_exit_4(tmp_path: Path) -> None:
    """EFBIG from the OS (a quota or ulimit) is an output error: exit 4, every failed output named, no traceback."""
    bom = good_bom(tmp_path / "bom.csv")
    env = dict(os.environ, REERISK_USER_DIR=str(tmp_path / "user"), PYTHONIOENCODING="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    proc = subprocess.run([sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main())",
                           "assess", str(bom), "--xlsx", str(tmp_path / "a.xlsx"), "--pdf", str(tmp_path / "b.pdf")],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO, timeout=300,
                          preexec_fn=limit)
    assert proc.returncode == 4, proc.stderr
    assert "Traceback" not in proc.stderr and "not written" in proc.stderr and "b.pdf" in proc.stderr
    assert not (tmp_path / "b.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")], "temporary files left behind"


def test_corpus_in_the_repository_matches_the_generator(tmp_path: Path) -> None:
    """tests/data/bad is what make_bad_corpus.py writes (regenerate it after changing a case)."""
    fresh = tmp_path / "bad"
    build(fresh)
    stored = REPO / "tests" / "data" / "bad"
    assert digests(stored) == digests(fresh)
    assert len([c for c, _ in cases()]) >= 60


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null device")
def test_device_as_output_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """`--json /dev/null` must never replace the device with a file (the atomic rename would, as root)."""
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path))
    bom = good_bom(tmp_path / "bom.csv")
    code, text = run_main(["assess", str(bom), "--json", "/dev/null"], capsys)
    assert code == 2 and "device or pipe" in text
    assert Path("/dev/null").is_char_device()
