"""A knowledge base installed by an earlier version (no vocabulary.yaml, no scaling.yaml) stays usable after an
upgrade: the required file added since (vocabulary.yaml) comes from the bundled folder; the user's own files
are used."""
from __future__ import annotations

import shutil

import pytest
import yaml

from desktop.core.errors import KnowledgeError
from desktop.core.knowledge.loader import load_knowledge
from desktop.paths import resource


def _old_install(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(resource("knowledge"), folder)
    (folder / "vocabulary.yaml").unlink()
    (folder / "scaling.yaml").unlink()
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    meta["version"] = "2025.1.0-user"
    (folder / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return folder


def test_an_install_from_an_earlier_version_still_loads(tmp_path):
    kb = load_knowledge(_old_install(tmp_path))
    bundled = load_knowledge()
    assert kb.version == "2025.1.0-user" and kb.origin == "user"
    assert len(kb.vocabulary) == len(bundled.vocabulary) > 0
    assert kb.scaling == {}          # optional, and tied to the classes of its own release: class ranges are used


def test_a_missing_original_file_is_still_an_error(tmp_path):
    folder = _old_install(tmp_path)
    (folder / "classes.yaml").unlink()
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(folder)
    assert "classes.yaml" in str(err.value)
