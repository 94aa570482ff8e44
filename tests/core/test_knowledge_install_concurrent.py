"""Concurrent ``reerisk knowledge --install`` (issue 14): never "Directory not empty", always one complete base.

Before the install lock, two installs shared the ``knowledge.new``/``knowledge.old`` folders and 1–2 runs in 30
ended in "unexpected failure (Directory not empty)". Here 8 installs of 8 different updates start at once, with
readers running ``reerisk knowledge`` meanwhile; every install must exit 0, every reader must see a valid base,
and the folder left behind must be exactly one of the 8 updates over the bundled files.
"""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import paths
from desktop.core.knowledge import load_knowledge
from desktop.core.knowledge.loader import FILES, OPTIONAL_FILES

REPO = Path(__file__).resolve().parents[2]
WRITERS = 8
READERS = 4


def _update(folder: Path, version: str) -> Path:
    """A one-file update: the bundled meta.yaml with another version."""
    folder.mkdir(parents=True)
    text = (paths.resource("knowledge") / "meta.yaml").read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^version: .*$', f'version: "{version}"', text)
    assert n == 1
    (folder / "meta.yaml").write_text(text, encoding="utf-8")
    return folder / "meta.yaml"


def _cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "desktop", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("round_no", [1, 2])
def test_concurrent_installs_leave_one_complete_knowledge_base(tmp_path: Path, round_no: int):
    user = tmp_path / "user"
    env = dict(os.environ, REERISK_USER_DIR=str(user), PYTHONPATH=str(REPO))
    if round_no == 2:  # installs over an existing installation, with a leftover of an older version beside it
        proc = _cli("knowledge", "--install", str(_update(tmp_path / "first", "2027.00.0")), env=env)
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
        (user / "knowledge.old").mkdir()
        (user / "knowledge.old" / "meta.yaml").write_text("stale", encoding="utf-8")
    updates = {f"2027.{round_no:02d}.{i}": _update(tmp_path / f"u{i}", f"2027.{round_no:02d}.{i}")
               for i in range(WRITERS)}
    procs = [_cli("knowledge", "--install", str(src), env=env) for src in updates.values()]
    procs += [_cli("knowledge", env=env) for _ in range(READERS)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for rc, out, err in results:
        assert rc == 0, err
        assert "unexpected failure" not in err and "Traceback" not in err, err
        assert "invalid" not in out + err, out + err  # a reader never saw a half-swapped folder
    installed = [re.search(r"installed knowledge base (\S+)", out) for _, out, _ in results[:WRITERS]]
    assert sorted(m.group(1) for m in installed if m) == sorted(updates)

    target = user / "knowledge"
    kb = load_knowledge(target, origin="user")
    assert kb.version in updates
    bundled = paths.resource("knowledge")
    for name in FILES + OPTIONAL_FILES:
        expected = updates[kb.version] if name == "meta.yaml" else bundled / name
        assert filecmp.cmp(target / name, expected, shallow=False), name
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in bundled.iterdir())
    # No staging or swapped-out folder is left behind (only the lock file beside the installation).
    assert sorted(p.name for p in user.iterdir() if p.name != "logs") == ["knowledge", "knowledge.lock"]


def test_install_keeps_a_young_staging_folder_of_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A ``.knowledge-new-*`` folder may be another install still copying: only old ones are removed."""
    monkeypatch.setenv("REERISK_USER_DIR", str(tmp_path / "user"))
    from desktop.core.knowledge import install_knowledge

    user = paths.user_data_dir()
    young = user / ".knowledge-new-young"
    shutil.copytree(paths.resource("knowledge"), young)
    stale_old = user / ".knowledge-old-stale"
    stale_old.mkdir()
    kb = install_knowledge(_update(tmp_path / "u", "2027.09.9"))
    assert kb.version == "2027.09.9"
    assert young.is_dir() and not stale_old.exists()
