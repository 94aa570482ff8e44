"""Text normalisation and the compiled keyword/pattern rules of the component classes.

Rules (docs/ARCHITECTURE.md "classes.yaml record"): matching is on NFKC-normalised, lower-cased text with
underscores read as spaces, in which the Japanese and Chinese terms of the vocabulary (mapping/vocabulary.py)
are rewritten to English; keywords are rewritten the same way, so one rule serves all three languages; ASCII keywords are word-bounded (a trailing ``*`` leaves the end open, for
part-number families such as ``drv505*``), other keywords (Japanese, Chinese) match as substrings; ``patterns`` are regular expressions on the same text. One regex per class and per keyword kind is
compiled once per knowledge base.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from desktop.core.knowledge.model import ComponentClass, VocabularyTerm
from desktop.core.mapping.vocabulary import Vocabulary, vocabulary_for

_SEPARATOR = "\n|\x00|\n"
_TOKEN = re.compile(r"[a-z0-9]+")

#: Separator between the text fields of one part (patterns use ``[^|]`` to stay inside one field).
FIELD_SEP = " | "

#: Keywords that say little on their own (besides very short ones): a match on one of these alone is weak.
GENERIC_KEYWORDS = frozenset({
    "magnet", "マグネット", "磁钢", "capacitor", "capacitance", "stepper", "leds", "light emitting diode",
    "bead", "coreless", "neodymium", "neodym", "bldc", "brushless",
})

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, lower case, underscores as spaces, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return _WS.sub(" ", text).strip()


def is_ascii(text: str) -> bool:
    return all(ord(ch) < 128 for ch in text)


def weight(text: str) -> int:
    """Specificity of a matched string: its length, CJK characters counting double (they are denser)."""
    if text.isascii():
        return len(text)
    return 2 * len(text) - len(text.encode("ascii", "ignore"))   # each non-ASCII character counts once more


def is_generic(keyword: str) -> bool:
    """Whether a keyword alone is weak evidence (very short, or a generic word)."""
    key = normalise(keyword)
    if key in GENERIC_KEYWORDS:
        return True
    return len(key) <= 3 if is_ascii(key) else len(key) <= 2


def _keyword_regex(keywords: Iterable[str], letters_only: bool = False) -> re.Pattern[str] | None:
    """One alternation, longest first. ASCII keywords are bounded by non-alphanumerics (by non-letters only
    when ``letters_only``: negative keywords such as "kg/cm" must also veto "13kg/cm").

    The boundary assertions wrap whole groups rather than each keyword: a leading look-behind on every
    alternative stops the regex engine from skipping ahead, which made matching about seven times slower.
    Keywords with non-ASCII characters come first, so "hb型" wins over "hb" at the same position.
    """
    edge = "a-z" if letters_only else "a-z0-9"
    bounded: list[str] = []
    prefixes: list[str] = []
    other: list[str] = []
    for kw in sorted({normalise(k) for k in keywords if k and k.strip()}, key=len, reverse=True):
        if not is_ascii(kw):
            other.append(re.escape(kw))
        elif kw.endswith("*") and len(kw) > 1:      # "drv505*": a part-number family (any suffix)
            prefixes.append(re.escape(kw.rstrip("*")))
        else:
            bounded.append(re.escape(kw))
    groups: list[str] = []
    if other:
        groups.append("(?:" + "|".join(other) + ")")
    if bounded:
        groups.append(rf"(?<![{edge}])(?:" + "|".join(bounded) + rf")(?![{edge}])")
    if prefixes:
        groups.append(rf"(?<![{edge}])(?:" + "|".join(prefixes) + ")")
    return re.compile("|".join(groups)) if groups else None


@dataclass(frozen=True)
class Hit:
    """The best match of one class in one text."""

    class_id: str
    text: str          # the matched text (normalised)
    weight: int        # specificity
    pattern: bool      # matched by a pattern rather than a keyword
    distinct: int      # number of distinct matched strings
    generic: bool      # the only match is a generic keyword
    start: int = -1    # where the best match starts in the text (-1: not known)
    end: int = -1


class ClassRule:
    """The compiled rules of one class: keywords, patterns and negative keywords.

    The regexes are compiled on first use. Compiling every class's rules costs more than mapping a typical BOM's
    texts (≈0.05 s of a 100,000-row run), and the class gate (:meth:`Rules.candidates`) hands most texts only a
    few of the 70-odd classes, so most classes are never asked to match at all.
    """

    def __init__(self, cls: ComponentClass, keywords: tuple[str, ...], negative: tuple[str, ...]) -> None:
        self.cls = cls
        self._keyword_words = keywords
        self._negative_words = negative
        self._compiled: tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...], re.Pattern[str] | None,
                              re.Pattern[str] | None] | None = None

    def _compile(self) -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...], re.Pattern[str] | None,
                                re.Pattern[str] | None]:
        compiled = self._compiled
        if compiled is None:   # two threads may both compile: they get equal regexes
            keywords = _keyword_regex(self._keyword_words)
            patterns = tuple(_pattern(p) for p in self.cls.patterns)
            compiled = self._compiled = (
                keywords, patterns, _keyword_regex(self._negative_words, letters_only=True),
                _union(([keywords] if keywords is not None else []) + list(patterns)))
        return compiled

    @property
    def keywords(self) -> re.Pattern[str] | None:
        return self._compile()[0]

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return self._compile()[1]

    @property
    def negative(self) -> re.Pattern[str] | None:
        return self._compile()[2]

    @property
    def any(self) -> re.Pattern[str] | None:
        """Keywords or patterns: one C-level search rejects most texts."""
        return self._compile()[3]

    def match(self, text: str, negative_text: str | None = None) -> Hit | None:
        """Best (most specific) match of the class in normalised ``text``; None if none or vetoed."""
        keywords, patterns, negative, any_ = self._compile()
        if any_ is not None and any_.search(text) is None:
            return None
        found: dict[str, bool] = {}
        where: dict[str, tuple[int, int]] = {}
        if keywords is not None:
            for m in keywords.finditer(text):
                found.setdefault(m.group(0), False)
                where.setdefault(m.group(0), m.span())
        for pat in patterns:
            for m in pat.finditer(text):
                matched = m.group(0).strip()
                if matched:
                    found.setdefault(matched, True)
                    lead = len(m.group(0)) - len(m.group(0).lstrip())
                    where.setdefault(matched, (m.start() + lead, m.start() + lead + len(matched)))
        if not found:
            return None
        if negative is not None and negative.search(text if negative_text is None else negative_text):
            return None
        best = max(found, key=lambda s: (weight(s), not found[s]))
        generic = len(found) == 1 and not found[best] and is_generic(best)
        start, end = where[best]
        return Hit(self.cls.id, best, weight(best), found[best], len(found), generic, start, end)

    def negative_hit(self, text: str) -> str | None:
        if self.negative is None:
            return None
        m = self.negative.search(text)
        return m.group(0) if m else None


def _union(regexes: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """A regex that matches wherever any of ``regexes`` would (used only as a yes/no gate)."""
    if not regexes:
        return None
    return re.compile("|".join(f"(?:{r.pattern})" for r in regexes))


def _pattern(p: str) -> re.Pattern[str]:
    return re.compile(normalise_pattern(p))


def normalise_pattern(p: str) -> str:
    """Patterns are written for normalised text; only case is folded here (text is lower case).

    Escapes keep their case: ``\\S``, ``\\D``, ``\\W``, ``\\B`` mean the opposite of their lower-case forms.
    """
    if p == p.lower():
        return p
    return _ESCAPE_OR_UPPER.sub(lambda m: m.group(1) or m.group(0).lower(), p)


_ESCAPE_OR_UPPER = re.compile(r"(\\.)|[^\\]")


class Rules:
    """Compiled rules of all classes of one knowledge base."""

    def __init__(self, classes: Mapping[str, ComponentClass], vocabulary: Vocabulary | None = None) -> None:
        self.classes = dict(classes)
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary(())
        self.rules: list[ClassRule] = []
        #: each class's keywords as the rules read them (normalised, vocabulary terms rewritten to English)
        self.keywords: dict[str, tuple[str, ...]] = {}
        for cls in classes.values():
            self.keywords[cls.id] = self._rewrite((*cls.keywords_en, *cls.keywords_ja))
            self.rules.append(ClassRule(cls, self.keywords[cls.id], self._rewrite(cls.negative_keywords)))
        self._any_regex: re.Pattern[str] | None = None
        self._any_done = False
        self._build_gate()
        self.hs_index = _hs_index(classes)
        self._by_id = {rule.cls.id: rule for rule in self.rules}

    def _rewrite(self, keywords: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for k in keywords:
            if not k or not k.strip():
                continue
            key = normalise(k)
            star = key.endswith("*")
            text = self.vocabulary.rewrite(key.rstrip("*"))   # exactly as the part texts are rewritten
            if text:
                out.append(text + ("*" if star else ""))
        return tuple(dict.fromkeys(out))

    @property
    def _any(self) -> re.Pattern[str] | None:
        """One search over every class's keywords and patterns: a text that matches none (screws, resistors…)
        skips the per-class loop entirely. Used only without a gate (small BOMs), so compiled on first use."""
        if not self._any_done:
            self._any_regex = _union([r.any for r in self.rules if r.any is not None])
            self._any_done = True
        return self._any_regex

    def vetoed(self, class_id: str, text: str) -> bool:
        """Whether a negative keyword of the class occurs in normalised ``text``."""
        rule = self._by_id.get(class_id)
        return rule is not None and rule.negative_hit(text) is not None

    def _build_gate(self) -> None:
        """Index the rules for :meth:`candidates`.

        A word-bounded ASCII keyword can only match where a token of the text (a run of ``[a-z0-9]``) equals
        the keyword's first token — or, for a part-number family ("drv505*"), starts with it. So those keywords
        are looked up in a dict by token. Keywords in other scripts, patterns, and the rare keyword that does
        not start with a letter or digit are found by scanning with a regex.
        """
        self._by_token: dict[str, set[int]] = {}
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        self._scans: list[tuple[int, re.Pattern[str]]] = []
        for r, rule in enumerate(self.rules):
            cls = rule.cls
            literals: list[str] = []
            fallback = False
            for kw in set(self.keywords[cls.id]):
                if not is_ascii(kw):
                    literals.append(kw)
                    continue
                family = kw.endswith("*") and len(kw) > 1
                word = kw.rstrip("*") if family else kw
                first = _TOKEN.match(word)
                if first is None:
                    fallback = True
                elif family and first.group(0) == word:
                    self._by_prefix.setdefault(word[:2], []).append((word, r))
                else:
                    self._by_token.setdefault(first.group(0), set()).add(r)
            scans: list[re.Pattern[str]] = [_pattern(p) for p in cls.patterns]   # not rule.patterns: see ClassRule
            keywords = _keyword_regex(self.keywords[cls.id]) if fallback else None
            if keywords is not None:
                scans.append(keywords)
            elif literals:
                scans.append(re.compile("|".join(re.escape(x) for x in sorted(literals, key=len, reverse=True))))
            gate = _union(scans)
            if gate is not None:
                self._scans.append((r, gate))

    def candidates(self, texts: Sequence[str]) -> dict[str, frozenset[int]]:
        """For many texts at once: which rules can match each text (indices into ``self.rules``).

        A superset of the rules that match: :meth:`hits` then checks each candidate fully. Tokens are looked
        up in dicts (see :meth:`_build_gate`); the regex gates scan one string holding all the texts, so a BOM
        with thousands of distinct descriptions costs one C-level scan per gate. The separator
        ("\\n|\\x00|\\n") cannot be crossed by ``.``, ``\\s`` or ``[^|]``, so no match spans two texts.
        """
        unique = list(dict.fromkeys(t for t in texts if t))
        if not unique:
            return {}
        found: list[set[int]] = []
        by_token, by_prefix = self._by_token, self._by_prefix
        for t in unique:
            hit: set[int] = set()
            for token in set(_TOKEN.findall(t)):
                rules = by_token.get(token)
                if rules:
                    hit |= rules
                for word, r in by_prefix.get(token[:2], ()):
                    if token.startswith(word):
                        hit.add(r)
            found.append(hit)
        big = _SEPARATOR.join(unique)
        starts: list[int] = []
        pos = 0
        for t in unique:
            starts.append(pos)
            pos += len(t) + len(_SEPARATOR)
        for r, gate in self._scans:
            for m in gate.finditer(big):
                found[bisect.bisect_right(starts, m.start()) - 1].add(r)
        return {t: frozenset(f) for t, f in zip(unique, found, strict=True)}

    def hits(self, text: str, candidates: frozenset[int] | None = None, negative_text: str | None = None,
             demote: Callable[[Hit], bool] | None = None) -> list[Hit]:
        """All classes matching ``text`` (normalised), most specific first (ties: higher priority first).

        ``candidates`` (from :meth:`candidates`) limits the check to rules that can match. ``negative_text`` is
        the text that negative keywords are checked in (default ``text``). ``demote`` marks matches that only
        describe the part's context (its purpose, an add-on, a weak column): they count half as specific and
        never take a general class's place.
        """
        if candidates is not None:
            out = [h for r in sorted(candidates) if (h := self.rules[r].match(text, negative_text)) is not None]
        elif self._any is not None and self._any.search(text) is None:
            return []
        else:
            out = [h for rule in self.rules if (h := rule.match(text, negative_text)) is not None]
        demoted: set[str] = set()
        if demote is not None:
            for i, h in enumerate(out):
                if demote(h):
                    demoted.add(h.class_id)
                    out[i] = replace(h, weight=max(1, h.weight // 2))
        out.sort(key=lambda h: (-h.weight, -self.classes[h.class_id].priority, h.class_id))
        return self._specialise(out, demoted)

    def _specialise(self, hits: list[Hit], demoted: set[str] = frozenset()) -> list[Hit]:  # type: ignore[assignment]
        """A class that specialises another matched class (``specialises`` in classes.yaml) takes its place.

        "brushless outrunner 2207 1750kv" matches the general brushless-motor class on "brushless" and the drone
        class on the KV rating; the drone class is the more precise answer whatever the lengths of the matches.
        """
        if len(hits) < 2:
            return hits
        out = list(hits)
        for h in hits:
            general = self.classes[h.class_id].specialises
            if not general or h.class_id in demoted:
                continue
            i = out.index(h)
            j = next((k for k, g in enumerate(out[:i]) if g.class_id in general), None)
            if j is not None:
                out.pop(i)
                g = out[j]
                out.insert(j, replace(h, weight=max(h.weight, g.weight), generic=h.generic and g.generic))
        return out

    def hs_candidates(self, digits: str) -> tuple[tuple[str, ...], str] | None:
        """Classes listing the longest code that prefixes the BOM's HS code: (class ids by priority, code)."""
        digits = re.sub(r"\D", "", digits or "")
        if len(digits) < 4:
            return None
        for length in range(min(len(digits), 10), 3, -1):
            cands = self.hs_index.get(digits[:length])
            if cands:
                code = digits[:length]
                ranked = tuple(sorted(cands, key=lambda cid: -self.classes[cid].priority))
                return ranked, f"{code[:4]}.{code[4:]}" if len(code) > 4 else code
        return None

    def hs_class(self, digits: str) -> tuple[str, str] | None:
        """The class an HS code points to when it is specific enough: (class id, matched code) or None.

        The longest class code that prefixes the BOM code wins; several classes on that code are resolved by a
        strictly higher ``priority``, otherwise the code is not used.
        """
        found = self.hs_candidates(digits)
        if found is None:
            return None
        ranked, code = found
        if len(ranked) == 1 or self.classes[ranked[0]].priority > self.classes[ranked[1]].priority:
            return ranked[0], code
        return None


def _hs_index(classes: Mapping[str, ComponentClass]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for cls in classes.values():
        for code in cls.hs_codes:
            digits = re.sub(r"\D", "", code)
            if len(digits) >= 4:
                index.setdefault(digits, []).append(cls.id)
    return index


_CACHE: dict[tuple[int, int], tuple[Mapping[str, ComponentClass], tuple[VocabularyTerm, ...], Rules]] = {}


def rules_for(classes: Mapping[str, ComponentClass], vocabulary: tuple[VocabularyTerm, ...] = ()) -> Rules:
    """Compiled rules, cached per classes mapping and vocabulary (a knowledge base is immutable)."""
    key = (id(classes), id(vocabulary))
    entry = _CACHE.get(key)
    if entry is not None and entry[0] is classes and entry[1] is vocabulary:
        return entry[2]
    rules = Rules(classes, vocabulary_for(vocabulary))
    if len(_CACHE) >= 8:
        _CACHE.clear()
    _CACHE[key] = (classes, vocabulary, rules)
    return rules
