"""The Japanese catalogue covers every marked string, and its entries are well formed.

Strings are marked with N_() or _() (desktop/i18n.py); this test finds them with the ast module, so a new
message without a translation fails CI instead of showing English in a Japanese briefing or window.
Counted messages come in pairs (singular, plural): ``ngettext``/``Ctx.tn(singular, plural, n)`` or a call with a
``plural=`` keyword (``Message(N_(singular), params, plural=N_(plural))``, ``Line(...)``). Each pair needs a
plural entry (``msgid``/``msgid_plural``/``msgstr[0]``) instead of a plain one.
"""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from desktop.i18n import parse_po, translation_for

ROOT = Path(__file__).resolve().parent.parent
PO_DIR = ROOT / "resources" / "translations" / "ja"
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[:!][^}]*)?\}")


def _name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _text(node: ast.expr | None) -> str | None:
    """A string literal, bare or wrapped in N_()/_()."""
    if isinstance(node, ast.Call) and _name(node) in ("N_", "_") and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        return node.value
    return None


@cache
def _calls() -> tuple[tuple[str, ast.Call], ...]:
    """Every call in desktop/, parsed once, so that node identities hold between the two scans below."""
    found = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [(f"{path.relative_to(ROOT)}:{node.lineno}", node) for node in ast.walk(tree)
                  if isinstance(node, ast.Call)]
    return tuple(found)


def _walk_calls():
    return iter(_calls())


def _pairs_and_parts() -> tuple[dict[str, tuple[str, str]], set[int]]:
    """singular -> (plural, where) for every counted message, and the ids of the N_() calls that mark them."""
    pairs: dict[str, tuple[str, str]] = {}
    parts: set[int] = set()
    for where, node in _walk_calls():
        if _name(node) in ("ngettext", "tn") and len(node.args) >= 2:
            forms = [node.args[0], node.args[1]]
        else:
            kw = next((k.value for k in node.keywords if k.arg == "plural"), None)
            first = next((a for a in node.args if _text(a)), None)  # Message(N_(…)) or _say(tr, N_(…))
            if kw is None or first is None:
                continue
            forms = [first, kw]
        singular, plural = _text(forms[0]), _text(forms[1])
        if singular and plural:
            pairs.setdefault(singular, (plural, where))
            parts |= {id(f) for f in forms}
    return pairs, parts


def plural_pairs() -> dict[str, tuple[str, str]]:
    return _pairs_and_parts()[0]


def marked_strings() -> dict[str, str]:
    """Plain (uncounted) marked strings -> where. The two forms of a counted message are checked by
    plural_pairs(); the same text marked alone elsewhere is still a plain string and needs its own entry."""
    _pairs, parts = _pairs_and_parts()
    found: dict[str, str] = {}
    for where, node in _walk_calls():
        if not node.args or _name(node) not in ("N_", "_", "gettext") or id(node) in parts:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
            found.setdefault(arg.value, where)
    return found


def test_every_marked_string_has_a_japanese_translation():
    tr = translation_for("ja")
    missing = [f"{where}: {msgid!r}" for msgid, where in marked_strings().items() if not tr.has(msgid)]
    assert not missing, f"{len(missing)} untranslated strings:\n" + "\n".join(missing[:80])


def test_every_counted_message_has_a_japanese_plural_entry_with_its_placeholders():
    tr = translation_for("ja")
    pairs = plural_pairs()
    assert pairs, "no counted message found: the extraction of ngettext()/plural= pairs is broken"
    problems = []
    for singular, (plural, where) in pairs.items():
        if not tr.has_plural(singular):
            problems.append(f"{where}: no plural entry (msgid/msgid_plural/msgstr[0]) for {singular!r}")
            continue
        japanese = tr.ngettext(singular, plural, 2)
        if set(PLACEHOLDER.findall(japanese)) != set(PLACEHOLDER.findall(plural)):
            problems.append(f"{where}: placeholders differ in {plural!r} -> {japanese!r}")
        if tr.ngettext(singular, plural, 1) != japanese:
            problems.append(f"{where}: Japanese has one form, but {singular!r} has two")
    assert not problems, "\n".join(problems[:50])


def test_plural_entries_in_the_catalogue_are_used_by_the_code():
    """An old plural entry left behind after a message changed is dead weight that hides a missing one."""
    pairs = plural_pairs()
    unused = []
    for po in sorted(PO_DIR.glob("*.po")):
        _messages, plurals = parse_po(po)
        unused += [f"{po.name}: {msgid!r}" for msgid in plurals if msgid not in pairs]
    assert not unused, "\n".join(unused)


def test_the_po_reader_keeps_plural_forms(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid "{n} part"\nmsgid_plural "{n} parts"\nmsgstr[0] "{n} 部品"\n\n'
                  'msgid "plain"\nmsgstr "普通"\n', encoding="utf-8")
    messages, plurals = parse_po(po)
    assert messages == {"plain": "普通"}
    assert plurals == {"{n} part": ("{n} 部品",)}


def test_translations_keep_placeholders_and_are_consistent_across_files():
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for po in sorted(PO_DIR.glob("*.po")):
        messages, plurals = parse_po(po)
        entries = list(messages.items()) + [(f"{msgid} (plural)", "|".join(forms)) for msgid, forms in plurals.items()]
        for msgid, msgstr in entries:  # plural entries: placeholders are checked by the counted-message test
            if msgid in messages and set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(msgstr)):
                problems.append(f"{po.name}: placeholders differ in {msgid!r} -> {msgstr!r}")
            if msgid in seen and seen[msgid][1] != msgstr:
                problems.append(f"{po.name}: {msgid!r} also in {seen[msgid][0]} with another translation")
            seen[msgid] = (po.name, msgstr)
    assert not problems, "\n".join(problems[:50])
