"""The class gate (``Rules.candidates``) must let through every text a class can match: it is a fast path.

The gate looks keywords up by token and scans one string holding all the texts with each class's patterns, their
zero-width assertions removed (``text.gate_source``). If it ever missed a text, that part would silently lose a
class; these tests fail as soon as it does, on every class of the shipped knowledge base and on adversarial
patterns and texts (separator characters in the text, matches that would run from one text into the next,
anchors, back-references).
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from desktop.core.knowledge import load_knowledge
from desktop.core.mapping.text import Rules, gate_source, normalise, rules_for

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout" / "catalogue"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _matching(rules: Rules, text: str) -> frozenset[int]:
    """The rules whose keywords or patterns find something in ``text`` on its own (negatives not applied)."""
    out = set()
    for r, rule in enumerate(rules.rules):
        if (rule.keywords is not None and rule.keywords.search(text)) or any(p.search(text) for p in rule.patterns):
            out.add(r)
    return frozenset(out)


def _texts(kb, rules: Rules) -> list[str]:
    """Texts built from the knowledge base and the held-out catalogue lines (as text only), with variants that
    put each piece at the start and end of a text, next to separator characters, glued to letters and digits
    (where word boundaries decide) and split over fields."""
    pieces: list[str] = []
    for c in kb.classes.values():
        pieces.extend(k.rstrip("*") for k in rules.keywords[c.id])
        pieces.extend(k.rstrip("*") + "a12" for k in rules.keywords[c.id] if k.endswith("*"))
    for path in sorted(HELDOUT.glob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            pieces.append(line.split(",", 1)[1].rsplit(",", 2)[0])
    texts: set[str] = set()
    for i, piece in enumerate(pieces):
        p = rules.vocabulary.canonical(normalise(piece)).text
        if not p:
            continue
        other = pieces[(i * 7 + 3) % len(pieces)]
        texts.update({p, f"x{p}", f"{p}9", f"| {p}", f"{p} |", f"\n{p}\n", f"{p}\x00", f"{p} | {normalise(other)}",
                      f"{normalise(other)} | {p}", f"{p}\n|\x00|\n{p}", p.replace(" ", " | ", 1)})
    return sorted(texts)


def test_gate_is_a_superset_on_every_class_of_the_knowledge_base(kb):
    rules = rules_for(kb.classes, kb.vocabulary)
    texts = _texts(kb, rules)
    assert len(texts) > 5000
    batch = rules.candidates(texts)
    missed = []
    for t in texts:
        expected = _matching(rules, t)
        for got in (batch.get(t, frozenset()), rules.candidates([t]).get(t, frozenset())):
            if not expected <= got:
                missed.append((t, sorted(rules.rules[r].cls.id for r in expected - got)))
    assert not missed, missed[:20]
    # every regex gate of the shipped classes could be stripped (else it reads texts one by one: slower)
    assert all(not one_by_one for _r, _gate, one_by_one, _no_bar in rules._scans)


def test_gate_is_a_superset_in_chunks_as_the_mapper_asks(kb):
    """The mapper asks 500 sorted texts at a time; chunk edges and neighbours differ from one big call."""
    rules = rules_for(kb.classes, kb.vocabulary)
    texts = sorted(_texts(kb, rules))
    for start in range(0, len(texts), 500):
        chunk = texts[start:start + 500]
        got = rules.candidates(chunk)
        for t in chunk:
            assert _matching(rules, t) <= got[t], t


def _rules(kb, *patterns: str, keywords: tuple[str, ...] = ()) -> Rules:
    base = next(iter(kb.classes.values()))
    classes = {f"c{i}": dataclasses.replace(base, id=f"c{i}", keywords_en=keywords if i == 0 else (),
                                            keywords_ja=(), patterns=(p,), negative_keywords=(), specialises=())
               for i, p in enumerate(patterns)}
    return Rules(classes)


def test_a_gate_match_running_into_the_next_text_falls_back_to_one_text_at_a_time(kb):
    """``[\\s\\S]`` crosses the separator: a match from "aq" would swallow the "qw" of the next text."""
    rules = _rules(kb, r"q[\s\S]*?w", r"\bq\b.*?x")
    texts = ["aq", "bqw", "q | zx", "q\n|\x00|\nxw"]
    got = rules.candidates(texts)
    assert 0 in got["bqw"] and 0 not in got["aq"]
    assert 1 in got["q | zx"] and 1 not in got["aq"]
    for t in texts:
        assert _matching(rules, t) <= got[t], t


def test_anchored_and_lookaround_patterns_are_found_in_every_text(kb):
    """In the joined string "^" matches only before the first text and "$" only after the last; the gate drops
    them (a superset), so the second and later texts are still found."""
    rules = _rules(kb, r"^mot\b", r"amp$", r"(?<=x)yz", r"(?<![a-z])led(?!s)")
    texts = ["a motor", "lamp post", "mot 1", "big amp", "xyz", "ayz", "led bar", "xled", "leds"]
    got = rules.candidates(texts)
    for t in texts:
        assert _matching(rules, t) <= got.get(t, frozenset()), t
    assert 0 in got["mot 1"] and 1 in got["big amp"] and 2 in got["xyz"] and 3 in got["led bar"]


def test_a_pattern_that_cannot_be_stripped_reads_each_text(kb):
    rules = _rules(kb, r"(ab)\1", r"(?i:MOT)")
    assert [one_by_one for _r, _g, one_by_one, _no_bar in rules._scans] == [True, True]
    got = rules.candidates(["xabab", "abab", "ab", "mot"])
    assert 0 in got["xabab"] and 0 in got["abab"] and 0 not in got["ab"] and 1 in got["mot"]


def test_multi_word_keywords_need_the_whole_phrase(kb):
    """A keyword of several words is looked up by its first word and then as a substring: "ceramic" alone does
    not make a text a candidate for "ceramic magnet" (the gate stays a superset: the phrase itself does)."""
    rules = _rules(kb, r"zzz", keywords=("ceramic magnet", "drv505*"))
    got = rules.candidates(["ceramic capacitor", "ferrite ceramic magnet ring", "drv5055a1", "drv50"])
    assert 0 not in got["ceramic capacitor"] and 0 in got["ferrite ceramic magnet ring"]
    assert 0 in got["drv5055a1"] and 0 not in got["drv50"]


@pytest.mark.parametrize(("source", "stripped"), [
    (r"\bfoo\b", "foo"),
    (r"(?<![a-z0-9])(?:ab|cd)(?![a-z0-9])", "(?:ab|cd)"),
    (r"[\b^$\]]x", r"[\b^$\]]x"),             # inside a set these are characters, not assertions
    (r"[]a]\\b", r"[]a]\\b"),                 # an escaped backslash followed by "b" is no word boundary
    (r"^a$|\Ab\Z", "a|b"),
    (r"(?!a(b)[)]c)d", "d"),
    (r"(?:x|\b)(?P<n>y)(?>z)", "(?:x|)(?:y)(?>z)"),
    (r"(a|b)[(]c\(d\)", r"(?:a|b)[(]c\(d\)"),
])
def test_gate_source_removes_only_zero_width_assertions(source, stripped):
    assert gate_source(source) == stripped
    re.compile(stripped)


@pytest.mark.parametrize("source", [r"(a)\1", r"(?P<n>a)(?P=n)", r"(?i)x", r"a(?#note)", r"(a)?(?(1)b|c)",
                                    r"\b*x", r"(?=a)+b", r"[unclosed", r"(?!unclosed"])
def test_gate_source_refuses_what_it_cannot_strip_safely(source):
    assert gate_source(source) is None


def test_vocabulary_rewrite_finds_what_the_one_alternation_finds(kb):
    """The vocabulary reads terms and other-language words with two regexes (``_finditer_either``, a fast path);
    the matches must be exactly those of the single alternation ``terms|words`` (place, length, and the term
    winning a tie), on Japanese, Chinese and mixed texts, including words glued to terms."""
    from desktop.core.mapping.vocabulary import _finditer_either, vocabulary_for

    vocab = vocabulary_for(kb.vocabulary)
    assert vocab._terms is not None and vocab._words is not None
    combined = re.compile(f"(?:{vocab._terms.pattern})|(?:{vocab._words.pattern})")
    terms = sorted(k for k in vocab.english if k and not k.isascii())
    words = sorted(w for term in kb.vocabulary for w in term.words)
    texts = [f"{t}{w} {w}{t}{w}" for t, w in zip(terms, words * (len(terms) // len(words) + 1), strict=False)]
    texts += [f"{w} {t}" for w, t in zip(words, terms, strict=False)]
    texts += [f"{a}{b}" for a, b in zip(terms, terms[1:], strict=False)]
    for path in sorted(HELDOUT.glob("*.csv")):
        texts += [normalise(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(texts) > 500
    for t in texts:
        assert [m.span() for m in _finditer_either(vocab._terms, vocab._words, t)] == \
            [m.span() for m in combined.finditer(t)], t


def test_vocabulary_rewrite_two_regexes_on_ties_and_overlaps():
    """A term and a word at the same place (the term wins), a word overlapping a term, words glued together."""
    from desktop.core.knowledge.model import VocabularyTerm
    from desktop.core.mapping.vocabulary import Vocabulary, _finditer_either

    vocab = Vocabulary((VocabularyTerm("type", "magnet", ("ｉｍａｎ－磁", "磁石"), ("iman", "imanes")),
                        VocabularyTerm("type", "motor", ("モータ",), ("motor eléctrico", "eléctrico"))))
    combined = re.compile(f"(?:{vocab._terms.pattern})|(?:{vocab._words.pattern})")
    for t in ("iman-磁 iman", "iman-x 磁", "imanes磁石 iman", "磁石iman", "motor eléctrico モータ eléctrico", "x iman磁石iman",
              "ímanes imanes", "モータiman磁 eléctricoモータ"):
        assert [m.span() for m in _finditer_either(vocab._terms, vocab._words, t)] == \
            [m.span() for m in combined.finditer(t)], t
    assert vocab.canonical("iman-磁 iman").pieces[0][2:] == (0, 6)   # the term, not the word "iman"


def test_material_quick_check_changes_no_answer(kb):
    """``find_material`` first rules texts out with one search (look-arounds removed, a superset); every answer
    must be what trying the materials in order gives, on texts built to sit at the look-arounds' edges."""
    from desktop.core.mapping import materials

    def in_order(text: str, material: str = "") -> materials.MaterialHit | None:
        for source in (material, text):
            for regex, label, profile, cls in materials._MATERIALS if source else ():
                if regex.search(source):
                    return materials.MaterialHit(label=label, profile=profile, class_id=cls, is_grade=False)
        return None

    words = ["sm2co17", "2:17 magnet", "2-17系", "smco5", "1:5 rotor magnet", "smco", "samarium cobalt", "sm-fe-n",
             "bonded ndfeb", "ndfeb ring bonded", "ネオジ", "neo magnet", "ferrite", "ferrite bead", "フェライトコア",
             "铁氧体磁珠", "alnico", "アルニコ", "磁石", "steel"]
    texts = [f"{a}{w}{b}" for w in words for a in ("", "x", "1", " ") for b in ("", "x", "7", " | core", " bead")]
    for path in sorted(HELDOUT.glob("*.csv")):
        texts += [normalise(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    rules = rules_for(kb.classes, kb.vocabulary)
    texts += [rules.vocabulary.canonical(t).text for t in texts]
    for t in texts:
        assert materials.find_material(t) == in_order(t), t
        assert materials.find_material("x", t) == in_order("x", t), t


def test_quick_first_tests_never_rule_out_a_match(kb):
    """Each quick first test (``text.necessary``: the regex without its assertions) must find something in every
    text in which its exact regex does, else a magnet grade would be lost."""
    from desktop.core.mapping import materials

    pairs = [(materials._N_GRADE, materials._N_GRADE_QUICK), (materials._BARE_GRADE, materials._BARE_GRADE_QUICK)]
    assert all(quick is not exact for exact, quick in pairs)   # each could be stripped (else no speed-up)
    rules = rules_for(kb.classes, kb.vocabulary)
    texts = _texts(kb, rules)
    texts += [f"{a}{g}{b}" for g in ("n42sh", "n 52", "n40-h", "45sh", "48h", "n35", "55uh magnet")
              for a in ("", "x", "1", " ", "-", "magnet ") for b in ("", "x", "9", " ", "m", " magnet")]
    for exact, quick in pairs:
        for t in texts:
            assert not exact.search(t) or quick.search(t), (exact.pattern[:40], t)
    for t in texts:   # and the answers themselves
        assert materials.find_grade(t) == _find_grade_unhurried(t), t
        assert materials.find_grade("x", t) == _find_grade_unhurried("x", t), t


def _find_grade_unhurried(text: str, material: str = ""):
    """``materials.find_grade`` as it read before its quick tests and its lazy magnet context."""
    from desktop.core.mapping import materials as M

    context = bool(M._MAGNET_CONTEXT.search(text) or M._GRADE_WITH_SIZE.search(text))
    for source in (material, text):
        if not source:
            continue
        in_material = source is material
        m = M._N_GRADE.search(source)
        if m and ((m.group(3) and not m.group(2)) or context or in_material):
            return M._grade_hit(f"N{m.group(1)}{(m.group(3) or '').upper()}", m.group(3) or "")
        m = M._BARE_GRADE.search(source)
        if m and (context or in_material):
            return M._grade_hit(m.group(0), m.group(2))
    return None


def test_context_spans_unchanged_by_the_word_tests(kb):
    """``mapper._context_spans`` asks whether a purpose or add-on word occurs before running its regexes; the
    spans must be those the regexes alone give."""
    from desktop.core.mapping import mapper

    rules = rules_for(kb.classes, kb.vocabulary)
    texts = _texts(kb, rules) + [f"{a} {w} {b}" for w in ("for", "fuer", "für", "with", "w/", "incl.", "including",
                                                          "plus", "带编码器", "ブレーキ付き", "withstand", "forte")
                                 for a in ("motor", "", "x") for b in ("encoder", "", "| y", "(z)")]
    for t in texts:
        canon = rules.vocabulary.canonical(t)
        purpose = [m.span() for m in mapper._FOR.finditer(canon.text)]
        addon = [m.span() for m in mapper._WITH.finditer(canon.text)] + \
            [m.span() for m in mapper._ATTACHED.finditer(canon.text)]
        got = mapper._context_spans(canon.text, canon)
        assert got[1] == addon and got[0][:len(purpose)] == purpose, t


@pytest.mark.parametrize(("source", "may"), [
    (r"a.b", True), (r"[^|]x", False), (r"[^a]", True), (r"[a-z]", False), (r"[ -~]", True), (r"\|", True),
    (r"\S", True), (r"\W", True), (r"\D", True), (r"[\s]", False), (r"[\S]", True), (r"x\.y", False),
    (r"\x7c", True), (r"[\x7c]", True), (r"\N{VERTICAL LINE}", True), (r"[,|;]", True), (r"[^,;|()]*", False),
    (r"[^!\-~]", True), (r"[!\-~]", False), (r"[a-]", False), (r"[-|]", True), (r"[^-|]", False),
    (r"[x×*]", False), (r"[./·*-]", False), (r"[\s\-_]", False), (r"[^\n]*", True), (r"[{-}]", True),
    (r"[^]|]", False), (r"[]a]", False), (r"\d+\s?kv", False),
])
def test_may_match_bar_is_conservative(source, may):
    """A gate said never to match "|" scans the pieces between "|" only: saying so wrongly would lose matches."""
    from desktop.core.mapping.text import _may_match_bar

    assert _may_match_bar(source) is may
    if not may:   # check against the regex engine itself on every "|" context
        assert re.search(source, "|") is None or re.search(source, "|").group(0).count("|") == 0


def test_gate_finds_matches_across_fields_and_in_shared_pieces(kb):
    """Gates that may match "|" read whole texts (a match across fields); the others read the distinct pieces
    between "|" and count for every text holding a matching piece."""
    rules = _rules(kb, r"\bled\b.*white", r"kv\s?\d{3}", r"a[^x]*b", r"[^,]+\|[^,]+")
    assert [no_bar for *_, no_bar in rules._scans] == [False, True, False, False]
    texts = ["led | white", "motor | kv 920", "drone | kv 920", "kv 920 | spare", "a | b", "x | y", "kv9 | 20"]
    got = rules.candidates(texts)
    for t in texts:
        assert _matching(rules, t) <= got[t], t
    assert 0 in got["led | white"] and 2 in got["a | b"] and 3 in got["x | y"]
    assert all(1 in got[t] for t in ("motor | kv 920", "drone | kv 920", "kv 920 | spare"))
    assert 1 not in got["kv9 | 20"]
