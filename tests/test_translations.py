"""The Japanese catalogue covers every marked string, and its entries are well formed.

Strings are marked with N_() or _() (desktop/i18n.py); this test finds them with the ast module, so a new
message without a translation fails CI instead of showing English in a Japanese briefing or window.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop.i18n import parse_po, translation_for

ROOT = Path(__file__).resolve().parent.parent
PO_DIR = ROOT / "resources" / "translations" / "ja"
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[:!][^}]*)?\}")


def marked_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in ("N_", "_", "gettext"):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_marked_string_has_a_japanese_translation():
    tr = translation_for("ja")
    missing = [f"{where}: {msgid!r}" for msgid, where in marked_strings().items() if not tr.has(msgid)]
    assert not missing, f"{len(missing)} untranslated strings:\n" + "\n".join(missing[:80])


def test_translations_keep_placeholders_and_are_consistent_across_files():
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for po in sorted(PO_DIR.glob("*.po")):
        messages, _plurals = parse_po(po)
        for msgid, msgstr in messages.items():
            if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(msgstr)):
                problems.append(f"{po.name}: placeholders differ in {msgid!r} -> {msgstr!r}")
            if msgid in seen and seen[msgid][1] != msgstr:
                problems.append(f"{po.name}: {msgid!r} also in {seen[msgid][0]} with another translation")
            seen[msgid] = (po.name, msgstr)
    assert not problems, "\n".join(problems[:50])
