"""A longer reliability campaign than CI runs; its figures go into docs/reliability.md.

    python tests/reliability/campaign.py [--kills 50] [--writers 16] [--entries 50] [--fuzz 1000]

1. Kills: SIGKILL a process that keeps writing the part library, a saved assessment or a workbook, ``--kills``
   times each; count damaged targets, temporaries left behind, and temporaries left after the next start's cleanup.
2. Concurrent writers: ``--writers`` processes each add ``--entries`` overrides; count entries lost.
3. Fuzz: the hypothesis properties of test_fuzz.py with ``--fuzz`` examples each.
Not a test (no test_ prefix): it takes minutes.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.test_states import KILL_SCRIPTS, _age, _valid  # noqa: E402


def kills(kind: str, name: str, count: int) -> dict[str, int]:
    from desktop.core.recovery import clean_orphans, clean_output_orphans

    damaged = 0
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / name
        env = dict(os.environ, REERISK_USER_DIR=str(Path(folder) / "user"))
        script = textwrap.dedent(KILL_SCRIPTS[kind])
        for n in range(count):
            proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=REPO, env=env)
            time.sleep(0.5 + 0.037 * (n % 11))
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            if target.exists() and not _valid(kind, target):
                damaged += 1
            temps = [p for p in Path(folder).iterdir() if p.name not in (name, name + ".lock", "user")]
            seen.update(p.name for p in temps)  # each leftover counted once; the cleanup below must find them all
            for p in temps:
                _age(p)
        removed = clean_orphans(folder) if kind == "library" else clean_output_orphans(target)
        left_after = [p for p in Path(folder).iterdir() if p.name not in (name, name + ".lock", "user")]
    return {"kills": count, "damaged": damaged, "temp_files_left_by_kills": len(seen), "removed_at_start": len(removed),
            "left_after_start": len(left_after)}


def _writer(path: str, writer: int, entries: int) -> None:
    from desktop.core.mapping.library import PartLibrary

    for n in range(entries):
        PartLibrary.update(path, lambda lib, n=n: lib.set_override(part_number=f"W{writer}-{n}",
                                                                 rare_earth_free=True, date="2026-11-28"))


def writers(count: int, entries: int) -> dict[str, float]:
    from desktop.core.mapping.library import PartLibrary

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "part_library.json")
        ctx = multiprocessing.get_context("spawn")
        start = time.perf_counter()
        procs = [ctx.Process(target=_writer, args=(path, w, entries)) for w in range(count)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        seconds = time.perf_counter() - start
        kept = len(PartLibrary.load(path))
    return {"writers": count, "entries": count * entries, "kept": kept, "lost": count * entries - kept,
            "seconds": round(seconds, 1)}


def fuzz(examples: int) -> str:
    env = dict(os.environ, REERISK_FUZZ_EXAMPLES=str(examples), QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(HERE / "test_fuzz.py"), "-k", "random or damaged", "--hypothesis-show-statistics"],
                          cwd=REPO, env=env, capture_output=True, text=True)
    tail = [line for line in proc.stdout.splitlines() if "passed" in line or "failed" in line
            or "passing examples" in line or "invalid examples" in line or "Stopped because" in line]
    return f"{examples} examples per property in {time.perf_counter() - start:.0f} s:\n  " + "\n  ".join(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--fuzz", type=int, default=1000)
    args = parser.parse_args()
    for kind, name in (("library", "part_library.json"), ("document", "assessment.reerisk"),
                       ("workbook", "annotated.xlsx")):
        print(kind, kills(kind, name, args.kills), flush=True)
    print("concurrent writers", writers(args.writers, args.entries), flush=True)
    if args.fuzz:
        print("fuzz", fuzz(args.fuzz), flush=True)


if __name__ == "__main__":
    main()
