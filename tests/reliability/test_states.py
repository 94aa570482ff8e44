"""States that heal and writes that survive: concurrent library writers lose nothing, a kill during a library,
document or workbook write leaves the old or the new file, and the next start removes our temporaries (only
ours, only old ones). No Qt here except the saved-document module, which is Qt-free."""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.core.errors import CorruptStateError, OutputError
from desktop.core.mapping.library import PartLibrary, load_or_set_aside
from desktop.core.recovery import (
    clean_orphans,
    clean_output_orphans,
    clean_state_orphans,
    corrupt_name,
    quarantine,
    take_notices,
)

REPO = Path(__file__).resolve().parents[2]
WRITERS = 8
ENTRIES_EACH = 25


def _writer(path: str, writer: int) -> None:
    for n in range(ENTRIES_EACH):
        PartLibrary.update(path, lambda lib, n=n: lib.set_override(part_number=f"W{writer}-{n}",
                                                                 class_id="ndfeb_sintered_magnet",
                                                                 note=f"writer {writer}", date="2026-11-28"))


def test_concurrent_writers_lose_no_override(tmp_path: Path) -> None:
    """Issue 14 item 1: N processes saving overrides at once; every entry survives (the lock serialises them)."""
    path = tmp_path / "part_library.json"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), w)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    library = PartLibrary.load(path)
    expected = {f"W{w}-{n}" for w in range(WRITERS) for n in range(ENTRIES_EACH)}
    assert {e.part_number for e in library.entries()} == expected
    assert not list(tmp_path.glob("part_library.json.*.tmp"))


def test_without_the_lock_writers_do_lose_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: with the lock removed, read-modify-write from two threads loses entries."""
    import contextlib
    import threading

    from desktop.core.mapping import library as module

    monkeypatch.setattr(module, "_locked", lambda path: contextlib.nullcontext())
    path = tmp_path / "part_library.json"
    original_load = module.PartLibrary.load.__func__

    def slow_load(cls, p):  # widen the window between read and write, as a busy disk does
        lib = original_load(cls, p)
        time.sleep(0.01)
        return lib

    monkeypatch.setattr(module.PartLibrary, "load", classmethod(slow_load))
    threads = [threading.Thread(target=_writer, args=(str(path), w)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(list(PartLibrary.load(path).entries())) < 4 * ENTRIES_EACH


# --- corrupted state ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("content, reason", [
    (b"[1, 2]", "no 'entries'"),
    (b'{"format_version": 1, "entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    (b'{"format_version": 1, "entries": [{"part_number": "A", "grams": {"Nd": 1e999}}]}', "outside"),
    (b'{"format_version": 1, "entries": [{"part_number": "A", "grams": {"Nd": -1}}]}', "outside"),
    (b'{"format_version": 1, "entries": [{"part_number": "A", "grams": [1]}]}', "not an object"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
])
def test_damaged_library_is_reported_and_set_aside(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "part_library.json"
    path.write_bytes(content)
    with pytest.raises(CorruptStateError) as caught:
        PartLibrary.load(path)
    assert reason in caught.value.render() and caught.value.path == str(path)
    take_notices()
    library = load_or_set_aside(path)
    assert len(library) == 0 and not path.exists()
    [notice] = take_notices()
    assert notice.backup is not None and notice.backup.read_bytes() == content
    assert notice.backup.name.startswith("part_library.json.corrupt-")
    assert notice.backup.name in notice.message().render()


def test_update_never_writes_over_a_damaged_library(tmp_path: Path) -> None:
    path = tmp_path / "part_library.json"
    path.write_bytes(b"{broken")
    with pytest.raises(CorruptStateError):
        PartLibrary.update(path, lambda lib: lib.set_override(part_number="A", rare_earth_free=True))
    assert path.read_bytes() == b"{broken"


def test_quarantine_names_are_unique(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "a.json"
    first.write_text("1")
    one = quarantine(first)
    second.write_text("2")
    two = quarantine(second)
    assert one != two and one.read_text() == "1" and two.read_text() == "2"
    assert corrupt_name(tmp_path / "x").name.startswith("x.corrupt-")


def test_set_override_rejects_absurd_grams() -> None:
    library = PartLibrary()
    for bad in (float("inf"), float("nan"), -1.0, 1e12):
        with pytest.raises(ValueError):
            library.set_override(part_number="A", grams={"Nd": bad})
    with pytest.raises(ValueError):  # what could not be loaded again is never saved
        library.set_override(part_number="A", rare_earth_free=True, note="x" * 20_000)


def test_library_lock_timeout_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    from desktop.core.mapping import library as module

    path = tmp_path / "part_library.json"
    monkeypatch.setattr(module, "LOCK_TIMEOUT_S", 0.2)
    holder = FileLock(str(path) + ".lock")
    holder.acquire()
    try:
        with pytest.raises(OutputError, match="another program is saving it"):
            PartLibrary().save(path)
    finally:
        holder.release()


# --- orphaned temporary files -----------------------------------------------------------------------------------------
def _age(path: Path, seconds: float = 3600) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_start_up_cleanup_removes_only_our_old_temporaries(tmp_path: Path) -> None:
    ours_old = [tmp_path / "part_library.json.ab12cd_9.tmp", tmp_path / ".mapping-zz99yy88.json"]
    ours_new = tmp_path / "part_library.json.qq11ww22.tmp"            # a write in progress elsewhere
    not_ours = [tmp_path / "part_library.json", tmp_path / "notes.tmp", tmp_path / "part_library.json.bak.tmp",
                tmp_path / "part_library.json.corrupt-20261128-101010"]
    for p in [*ours_old, ours_new, *not_ours]:
        p.write_text("x")
    for p in [*ours_old, *not_ours]:
        _age(p)
    removed = clean_state_orphans(tmp_path)
    assert sorted(removed) == sorted(ours_old)
    assert ours_new.exists() and all(p.exists() for p in not_ours)


def test_output_cleanup_matches_only_this_target(tmp_path: Path) -> None:
    target = tmp_path / "briefing.pdf"
    mine = tmp_path / ".~briefingab12cd34.pdf"
    other = tmp_path / ".~report1ab2cd34.pdf"
    excel_lock = tmp_path / "~$briefing.pdf"
    for p in (mine, other, excel_lock):
        p.write_text("x")
        _age(p)
    assert clean_output_orphans(target) == [mine]
    assert other.exists() and excel_lock.exists()


KILL_SCRIPTS = {
    "library": """
        from desktop.core.mapping.library import PartLibrary
        import sys
        n = 0
        while True:
            n += 1
            PartLibrary.update(sys.argv[1], lambda lib: lib.set_override(part_number=f"P{n % 50}",
                               note="x" * 5000, rare_earth_free=True))
    """,
    "document": """
        from desktop.app.document import save_document
        import sys
        n = 0
        while True:
            n += 1
            save_document({"format": "reerisk-assessment", "format_version": 1, "n": n, "pad": "x" * 400000},
                          sys.argv[1])
    """,
    "workbook": """
        from desktop.core.report.pdf import write_atomically
        from pathlib import Path
        import sys
        n = 0
        while True:
            n += 1
            write_atomically(Path(sys.argv[1]), (b"PK\\x03\\x04" + str(n).encode()) * 200000)
    """,
}


def _valid(kind: str, path: Path) -> bool:
    data = path.read_bytes()
    if kind == "library":
        return len(PartLibrary.load(path)) >= 1
    if kind == "document":
        return json.loads(data)["format"] == "reerisk-assessment"
    return data.startswith(b"PK\x03\x04") and len(data) % 200000 == 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kind, name", [("library", "part_library.json"), ("document", "assessment.reerisk"),
                                        ("workbook", "annotated.xlsx")])
def test_kill_during_write_leaves_old_or_new_file_and_next_start_cleans(tmp_path: Path, kind: str,
                                                                         name: str) -> None:
    target = tmp_path / name
    env = dict(os.environ, REERISK_USER_DIR=str(tmp_path / "user"))
    script = textwrap.dedent(KILL_SCRIPTS[kind])
    kills = 12
    for n in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=REPO, env=env)
        time.sleep(0.6 + 0.05 * (n % 5))  # start-up, then a few writes; the kill lands mid-write most times
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        if target.exists():
            assert _valid(kind, target), f"kill {n}: {target.name} is damaged"
    assert target.exists()
    for leftover in tmp_path.iterdir():  # what a kill leaves behind is aged, then the next start runs
        _age(leftover)
    if kind == "library":
        clean_orphans(tmp_path)
    else:
        clean_output_orphans(target)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in (name, name + ".lock", "user"))
    assert left == [], left
