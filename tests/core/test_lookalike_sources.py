"""Every look-alike class (a part family used as an exclusion: "this holds no rare earths") names a real source.

Issue 8, section 5: an exclusion is a claim about what a part family is made of, so it must rest on a datasheet,
catalogue or paper, not on the placeholder ``analyst`` alone. ``analyst`` may stay beside real sources where the class
also rests on engineering judgement.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
import yaml

from desktop.core.knowledge import load_knowledge

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "knowledge"
PLACEHOLDER = "analyst"


def _problems(classes: Iterable[Mapping], sources: Mapping[str, Mapping]) -> list[str]:
    """Return one line per look-alike class that cites no real source or cites an undefined or url-less one."""
    out: list[str] = []
    for cls in classes:
        if cls.get("kind") != "lookalike":
            continue
        cited = list(cls.get("sources") or [])
        real = [s for s in cited if s != PLACEHOLDER]
        if not real:
            out.append(f"{cls['id']}: no source other than {PLACEHOLDER!r}")
        for sid in cited:
            if sid not in sources:
                out.append(f"{cls['id']}: cites undefined source {sid!r}")
            elif sid != PLACEHOLDER and not (sources[sid].get("url") and sources[sid].get("quality")):
                out.append(f"{cls['id']}: source {sid!r} has no url or quality")
    return out


def _bundled() -> tuple[list[dict], dict[str, dict]]:
    classes = yaml.safe_load((BUNDLED / "classes.yaml").read_text(encoding="utf-8"))["classes"]
    sources = yaml.safe_load((BUNDLED / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    return classes, {s["id"]: s for s in sources}


def test_every_lookalike_names_a_real_source():
    classes, sources = _bundled()
    lookalikes = [c for c in classes if c.get("kind") == "lookalike"]
    assert len(lookalikes) >= 15  # the exclusion families of issue 8 (ferrite, alnico, induction motor, ...)
    assert _problems(classes, sources) == []


def test_loaded_knowledge_keeps_the_lookalike_sources():
    """The loader must carry the cited ids through, each resolving to a source with a title."""
    kb = load_knowledge()
    lookalikes = [c for c in kb.classes.values() if c.kind == "lookalike"]
    assert lookalikes
    for cls in lookalikes:
        real = [s for s in cls.sources if s != PLACEHOLDER]
        assert real, cls.id
        assert all(kb.sources[s].title for s in real), cls.id


@pytest.mark.parametrize(("sources_cited", "expected"), [
    ([PLACEHOLDER], "no source other than 'analyst'"),
    ([], "no source other than 'analyst'"),
    (["no_such_source", PLACEHOLDER], "cites undefined source 'no_such_source'"),
    (["bare"], "source 'bare' has no url or quality"),
])
def test_the_check_catches_a_weak_exclusion(sources_cited: list[str], expected: str):
    classes = [{"id": "x_lookalike", "kind": "lookalike", "sources": sources_cited},
               {"id": "y_ree", "kind": "ree", "sources": [PLACEHOLDER]}]  # only look-alikes are held to this
    sources = {PLACEHOLDER: {"id": PLACEHOLDER}, "bare": {"id": "bare", "title": "t"}}
    assert any(expected in p for p in _problems(classes, sources))
    assert not any(p.startswith("y_ree") for p in _problems(classes, sources))
