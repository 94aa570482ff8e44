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
from functools import lru_cache

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
    return text.isascii()


def weight(text: str) -> int:
    """Specificity of a matched string: its length, CJK characters counting double (they are denser)."""
    if text.isascii():
        return len(text)
    return 2 * len(text) - len(text.encode("ascii", "ignore"))   # each non-ASCII character counts once more


@lru_cache(maxsize=4096)
def is_generic(keyword: str) -> bool:
    """Whether a keyword alone is weak evidence (very short, or a generic word). Remembered: a BOM asks about the
    same few keywords for thousands of parts."""
    key = normalise(keyword)
    if key in GENERIC_KEYWORDS:
        return True
    return len(key) <= 3 if is_ascii(key) else len(key) <= 2


def _keyword_regex(keywords: Iterable[str], letters_only: bool = False) -> re.Pattern[str] | None:
    """The compiled :func:`_keyword_source` (None when there is no keyword)."""
    source = _keyword_source(keywords, letters_only)
    return re.compile(source) if source is not None else None


def _keyword_source(keywords: Iterable[str], letters_only: bool = False) -> str | None:
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
    return "|".join(groups) if groups else None


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
        self._compiled: tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...], re.Pattern[str] | None] | None \
            = None

    def _compile(self) -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...], re.Pattern[str] | None]:
        compiled = self._compiled
        if compiled is None:   # two threads may both compile: they get equal regexes
            compiled = self._compiled = (_keyword_regex(self._keyword_words),
                                         tuple(_pattern(p) for p in self.cls.patterns),
                                         _keyword_regex(self._negative_words, letters_only=True))
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

    def match(self, text: str, negative_text: str | None = None) -> Hit | None:
        """Best (most specific) match of the class in normalised ``text``; None if none or vetoed.

        No quick yes/no search runs first: the texts asked about are the class gate's candidates
        (:meth:`Rules.candidates`), and most of them do match.
        """
        keywords, patterns, negative = self._compile()
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


#: Zero-width escapes (word boundaries, start and end of the string) and the look-around openings.
_ZERO_WIDTH_ESCAPES = frozenset({"b", "B", "A", "Z"})
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
#: Group openings kept as they are; any other "(?" (inline flags, comments, conditionals, named back-references)
#: makes :func:`gate_source` refuse.
_PLAIN_GROUPS = ("(?:", "(?>")


def gate_source(source: str) -> str | None:
    """``source`` without its zero-width assertions, for a class gate (:meth:`Rules.candidates`); None when that
    cannot be done safely.

    Removed outside character sets: ``\\b``, ``\\B``, ``\\A``, ``\\Z``, ``^``, ``$`` and the look-arounds
    ``(?=…)``, ``(?!…)``, ``(?<=…)``, ``(?<!…)`` with their contents. An assertion consumes nothing and can only
    reject a match, so whatever the source matches, the result matches too, at the same place: a gate only has to
    be a superset. It is also faster: a pattern led by ``\\b`` or a look-behind stops the regex engine from
    skipping ahead to a possible first character. Groups become non-capturing (the gate only asks whether).
    Refused: back-references and conditionals (they need the groups), inline flags and comments, and an
    assertion followed by a quantifier.
    """
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        removed = False
        if ch == "\\":
            if i + 1 >= n or source[i + 1].isdigit():
                return None
            if source[i + 1] in _ZERO_WIDTH_ESCAPES:
                removed = True
            else:
                out.append(source[i:i + 2])
            i += 2
        elif ch == "[":
            end = _set_end(source, i)
            if end < 0:
                return None
            out.append(source[i:end])
            i = end
        elif ch in "^$":
            removed = True
            i += 1
        elif source.startswith(_LOOKAROUNDS, i):
            end = _group_end(source, i)
            if end < 0:
                return None
            removed = True
            i = end
        elif source.startswith("(?P<", i):   # a named group: the gate needs no group, only yes or no
            end = source.find(">", i)
            if end < 0:
                return None
            out.append("(?:")
            i = end + 1
        elif source.startswith("(?", i):
            opening = next((g for g in _PLAIN_GROUPS if source.startswith(g, i)), None)
            if opening is None:
                return None
            out.append(opening)
            i += len(opening)
        elif ch == "(":   # likewise a numbered group (saves the engine recording where each group matched)
            out.append("(?:")
            i += 1
        else:
            out.append(ch)
            i += 1
        if removed and i < n and source[i] in "*+?{":
            return None
    return "".join(out)


def necessary(regex: re.Pattern[str]) -> re.Pattern[str]:
    """A regex that finds something in every text in which ``regex`` does: ``regex`` without its zero-width
    assertions (:func:`gate_source`), or ``regex`` itself when they cannot be removed safely.

    A quick first test for a regex led by a look-behind, which makes the engine try every position in turn:
    without it the engine skips ahead to a possible first character. Only a text that passes is searched with
    ``regex`` itself, so the answers are the same.
    """
    source = gate_source(regex.pattern)
    return re.compile(source, regex.flags) if source is not None else regex


def _set_end(source: str, i: int) -> int:
    """The index after the character set that opens at ``source[i]`` ("["), or -1 if it does not close."""
    j = i + 1
    if source.startswith("^", j):
        j += 1
    if source.startswith("]", j):   # a "]" first in a set is a literal
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1 if j < len(source) else -1


class _Joined:
    """Strings joined with :data:`_SEPARATOR` for one C-level scan per gate (see :meth:`Rules.candidates`)."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.big = _SEPARATOR.join(strings)
        self.starts: list[int] = []
        self.ends: list[int] = []
        pos = 0
        for t in strings:
            self.starts.append(pos)
            pos += len(t)
            self.ends.append(pos)
            pos += len(_SEPARATOR)

    def matched(self, gate: re.Pattern[str], one_by_one: bool = False) -> set[int]:
        """The indices of the strings in which ``gate`` finds a match (reading them one by one when asked to, or
        when a match runs past the end of its string into the separator: it could hide a match in the next)."""
        out: set[int] = set()
        if not one_by_one:
            starts, ends = self.starts, self.ends
            for m in gate.finditer(self.big):
                i = bisect.bisect_right(starts, m.start()) - 1
                if m.end() > ends[i]:
                    break
                out.add(i)
            else:
                return out
        return {i for i, t in enumerate(self.strings) if gate.search(t) is not None}


#: Escapes that never match "|" (besides escaped punctuation other than "|"): whitespace, digits, word characters
#: and the usual control characters.
_BAR_FREE_ESCAPES = frozenset("sdwntrfvab")


def _may_match_bar(source: str) -> bool:
    """Whether the regex ``source`` (no assertions left: :func:`gate_source`) might consume a "|".

    Conservative: yes for ``.``, ``\\|``, ``\\S``, ``\\W``, ``\\D``, escapes by number or name, a negated set without
    "|", and a set holding "|" (itself, escaped, or in a range); no only when none of these occurs.
    """
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            if i + 1 >= n or not _bar_free_escape(source[i + 1]):
                return True
            i += 2
        elif ch == "[":
            end = _set_end(source, i)
            if end < 0 or _set_may_match_bar(source[i + 1:end - 1]):
                return True
            i = end
        elif ch == ".":
            return True
        else:
            i += 1
    return False


def _bar_free_escape(c: str) -> bool:
    """Whether the escape ``\\c`` outside a set never matches "|"."""
    return c in _BAR_FREE_ESCAPES or (not c.isalnum() and c != "|")


def _set_may_match_bar(body: str) -> bool:
    """Whether the set ``[body]`` may match "|" (conservative)."""
    negated = body.startswith("^")
    if negated:
        body = body[1:]
    chars: list[str] = []      # the set's characters in order; "" for \\s, \\d, \\w (no "|" among them)
    ranges: list[int] = []     # where an unescaped "-" stands between two characters
    i = 0
    while i < len(body):
        if body[i] == "\\":
            c = body[i + 1] if i + 1 < len(body) else "\\"
            if c in "sdw":
                chars.append("")
            elif not c.isalnum():   # an escaped punctuation character, "|" included, is itself
                chars.append(c)
            else:                   # \\S, \\W, \\D, \\x7c, \\N{…} …: may be "|"
                return True
            i += 2
        else:
            if body[i] == "-" and 0 < i < len(body) - 1:
                ranges.append(len(chars))
            chars.append(body[i])
            i += 1
    has_bar = "|" in chars or any(
        0 < k < len(chars) - 1 and chars[k - 1] and chars[k + 1] and chars[k - 1] <= "|" <= chars[k + 1]
        for k in ranges)
    return not has_bar if negated else has_bar


def _group_end(source: str, i: int) -> int:
    """The index after the group that opens at ``source[i]`` ("("), or -1 if it does not close."""
    depth = 0
    j = i
    while j < len(source):
        ch = source[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _set_end(source, j)
            if j < 0:
                return -1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


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

    def vetoed(self, class_id: str, text: str) -> bool:
        """Whether a negative keyword of the class occurs in normalised ``text``."""
        rule = self._by_id.get(class_id)
        return rule is not None and rule.negative_hit(text) is not None

    def _build_gate(self) -> None:
        """Index the rules for :meth:`candidates`.

        A word-bounded ASCII keyword can only match where a token of the text (a run of ``[a-z0-9]``) equals
        the keyword's first token — or, for a part-number family ("drv505*"), starts with it. So those keywords
        are looked up in a dict by token; a keyword of several words is then also looked for as a substring
        ("ceramic" alone is no "ceramic magnet"). Keywords in other scripts, patterns, and the rare keyword that
        does not start with a letter or digit are found by scanning with a regex (see :func:`gate_source`).
        """
        self._by_token: dict[str, set[int]] = {}
        self._phrases: dict[str, list[tuple[str, int]]] = {}
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        #: (rule, gate regex, read text by text, cannot match a "|": see :meth:`candidates`)
        self._scans: list[tuple[int, re.Pattern[str], bool, bool]] = []
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
                elif first.group(0) == word:
                    self._by_token.setdefault(word, set()).add(r)
                else:   # several words, or a family with more after its first word: the whole text must be there
                    self._phrases.setdefault(first.group(0), []).append((word, r))
            # sources, not compiled regexes: ClassRule compiles its own on first use, most never are
            scans = [normalise_pattern(p) for p in cls.patterns]
            keywords = _keyword_source(self.keywords[cls.id]) if fallback else None
            if keywords is not None:
                scans.append(keywords)
            elif literals:
                scans.append("|".join(re.escape(x) for x in sorted(literals, key=len, reverse=True)))
            # One scan per pattern rather than one of their union: alone, a pattern that starts with a letter or
            # a group of literals lets the engine skip ahead to that character; in a union that is lost.
            for source in scans:
                stripped = gate_source(source)
                if stripped is None:
                    self._scans.append((r, re.compile(source), True, False))
                else:
                    self._scans.append((r, re.compile(stripped), False, not _may_match_bar(stripped)))

    def candidates(self, texts: Sequence[str]) -> dict[str, frozenset[int]]:
        """For many texts at once: which rules can match each text (indices into ``self.rules``).

        A superset of the rules that match: :meth:`hits` then checks each candidate fully. Tokens are looked
        up in dicts (see :meth:`_build_gate`). The regex gates have their zero-width assertions removed
        (:func:`gate_source`) and scan one string holding all the texts, so a BOM with thousands of distinct
        descriptions costs one C-level scan per gate. That finds every text a gate matches on its own: without
        assertions a match depends only on the characters it consumes, so a match inside a text is a match
        inside the joined string, and the scan (leftmost, non-overlapping) can only miss it behind a match
        that runs past the end of its own text into the separator. The scan checks for exactly that and, if it
        ever happens, that gate reads the texts one by one instead. (With the patterns of classes.yaml it does not
        happen: ``.``, ``\\s`` and ``[^|]`` cannot cross the separator "\\n|\\x00|\\n".) A gate that could not be
        stripped (a back-reference, inline flags) always reads the texts one by one.

        Most gates cannot match a "|" (:func:`_may_match_bar`), so a match of theirs lies between two "|": they
        scan the distinct pieces between the field separators instead of the texts (a description shared by a
        thousand parts is read once), and a piece's match counts for every text that holds it.
        """
        unique = list(dict.fromkeys(t for t in texts if t))
        if not unique:
            return {}
        found: list[set[int]] = []
        by_token, phrases, by_prefix = self._by_token, self._phrases, self._by_prefix
        for t in unique:
            hit: set[int] = set()
            for token in set(_TOKEN.findall(t)):
                rules = by_token.get(token)
                if rules:
                    hit |= rules
                for phrase, r in phrases.get(token, ()):
                    if phrase in t:
                        hit.add(r)
                for word, r in by_prefix.get(token[:2], ()):
                    if token.startswith(word):
                        hit.add(r)
            found.append(hit)
        # The pieces between "|" (field separators and any "|" a cell holds), each once, and the texts they are in
        pieces: dict[str, list[int]] = {}
        for i, t in enumerate(unique):
            for piece in set(t.split("|")):
                if piece:
                    pieces.setdefault(piece, []).append(i)
        piece_texts = list(pieces)
        in_texts = list(pieces.values())
        whole, split = _Joined(unique), _Joined(piece_texts)
        for r, gate, one_by_one, no_bar in self._scans:
            if no_bar:   # a match holds no "|", so it lies inside one piece: scan the distinct pieces, far shorter
                for k in split.matched(gate, one_by_one):
                    for i in in_texts[k]:
                        found[i].add(r)
            else:
                for i in whole.matched(gate, one_by_one):
                    found[i].add(r)
        return {t: frozenset(f) for t, f in zip(unique, found, strict=True)}

    def hits(self, text: str, candidates: frozenset[int] | None = None, negative_text: str | None = None,
             demote: Callable[[Hit], bool] | None = None) -> list[Hit]:
        """All classes matching ``text`` (normalised), most specific first (ties: higher priority first).

        ``candidates`` (from :meth:`candidates`, which is asked when not given) limits the check to rules that can
        match. ``negative_text`` is
        the text that negative keywords are checked in (default ``text``). ``demote`` marks matches that only
        describe the part's context (its purpose, an add-on, a weak column): they count half as specific and
        never take a general class's place.
        """
        if candidates is None:
            candidates = self.candidates([text]).get(text, frozenset())
        out = [h for r in sorted(candidates) if (h := self.rules[r].match(text, negative_text)) is not None]
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
