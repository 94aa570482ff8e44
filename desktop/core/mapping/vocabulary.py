"""One vocabulary for English, Japanese and Chinese part texts (resources/knowledge/vocabulary.yaml).

The class rules are written once, in English. Before they read a part's text, every Japanese or Chinese term of
the vocabulary is rewritten to its English form, and the class keywords are rewritten the same way; so
"ブラシレスモータ", "无刷电机" and "brushless motor" are the same text to the rules, and the same part reaches the
same class, grams and score in any of the three languages.

Terms compose ("陶瓷" + "电容" -> "ceramic capacitor"); at each place the longest term wins, so a listed compound
("電磁石", electromagnet) is never split. Text that no term covers is kept as it is. :class:`Canonical` keeps a
map back to the original text, so that the evidence quotes what the user wrote ("ステッピングモータ in 品名"),
not the rewrite.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.knowledge.model import VocabularyTerm

_WORD_CHAR = re.compile(r"[0-9a-z]")


@dataclass(frozen=True)
class Canonical:
    """A normalised text with its vocabulary terms rewritten to English, and the way back."""

    text: str
    original: str
    #: Rewritten pieces: (start in ``text``, end in ``text``, start in ``original``, end in ``original``).
    pieces: tuple[tuple[int, int, int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that produced ``text[start:end]``."""
        return self._to_original(start, left=True), self._to_original(end, left=False)

    def quote(self, start: int, end: int) -> str:
        """The user's words behind ``text[start:end]``."""
        a, b = self.original_span(start, end)
        return self.original[a:b].strip() or self.text[start:end].strip()

    def _to_original(self, pos: int, left: bool) -> int:
        if not self.pieces:
            return pos
        starts = [p[0] for p in self.pieces]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        c0, c1, o0, o1 = self.pieces[i]
        if pos < c1 or (pos == c1 and not left):
            return o0 if left else o1
        return o1 + (pos - c1)   # after a rewritten piece: same offset from its end


class Vocabulary:
    """The compiled rewrite of one knowledge base's vocabulary."""

    def __init__(self, terms: Iterable[VocabularyTerm]) -> None:
        self.english: dict[str, str] = {}
        self.kinds: dict[str, set[str]] = {}
        words: list[str] = []
        for term in terms:
            for t in term.terms:
                self.english[_normalise(t)] = term.en
            for w in term.words:
                key = _normalise(w)
                self.english[key] = term.en
                if key:
                    words.append(key)
            if term.en:
                self.kinds.setdefault(term.kind, set()).add(term.en)
        word_set = set(words)
        keys = sorted((k for k in self.english if k and k not in word_set), key=len, reverse=True)
        #: the terms (matched anywhere), and the other languages' words: whole words only ("iman" is not inside
        #: "imanes" unless listed). Read as the one alternation ``terms|words``: at each place a term is tried
        #: first, then a word (see :func:`_finditer_either`).
        self._terms = re.compile("|".join(re.escape(k) for k in keys)) if keys else None
        self._words: re.Pattern[str] | None = None
        if words:
            bounded = "|".join(re.escape(w) for w in sorted(word_set, key=len, reverse=True))
            self._words = re.compile(rf"(?<![^\W_])(?:{bounded})(?![^\W_])")

    def __bool__(self) -> bool:
        return self._terms is not None or self._words is not None

    def canonical(self, text: str) -> Canonical:
        """Rewrite the vocabulary terms of normalised ``text`` (see :func:`mapping.text.normalise`).

        A rewritten term is set off by single spaces, so that "42步进电机" reads "42 stepper motor". Every inserted
        space is recorded as a piece with an empty original span, so offsets map back exactly.
        """
        # plain-ASCII text can only hold other-language words (Japanese and Chinese terms are never ASCII):
        # scanning it for the words alone keeps mapping fast on English BOMs
        terms = None if text.isascii() else self._terms
        if terms is None and self._words is None:
            return Canonical(text, text)
        out: list[str] = []
        pieces: list[tuple[int, int, int, int]] = []
        length = 0
        last_was_term = False

        def space(at: int) -> None:
            nonlocal length
            if out and not out[-1].endswith(" "):
                pieces.append((length, length + 1, at, at))
                out.append(" ")
                length += 1

        pos = 0
        for m in _accepted(_finditer_either(terms, self._words, text), text):
            if m.start() > pos:
                chunk = text[pos:m.start()]
                if last_was_term and _needs_space(chunk[0]):
                    space(pos)
                out.append(chunk)
                length += len(chunk)
            english = self.english[m.group(0)]
            space(m.start())
            pieces.append((length, length + len(english), m.start(), m.end()))
            if english:
                out.append(english)
                length += len(english)
            last_was_term = True
            pos = m.end()
        if not pieces:
            return Canonical(text, text)
        if pos < len(text):
            chunk = text[pos:]
            if _needs_space(chunk[0]):
                space(pos)
            out.append(chunk)
        return Canonical("".join(out).rstrip(), text, tuple(pieces))

    def rewrite(self, text: str) -> str:
        """Only the rewritten text (for keywords)."""
        return " ".join(self.canonical(text).text.split())

    def attributes(self, canonical_text: str) -> dict[str, tuple[str, ...]]:
        """The vocabulary concepts (by kind) that occur as words in a canonical text: the part's attributes."""
        found: dict[str, tuple[str, ...]] = {}
        for kind, words in self.kinds.items():
            hits = tuple(sorted(w for w in words if _has_word(canonical_text, w)))
            if hits:
                found[kind] = hits
        return found


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "\u30fc"


def _finditer_either(first: re.Pattern[str] | None, second: re.Pattern[str] | None,
                     text: str) -> list[re.Match[str]]:
    """The matches ``re.finditer`` gives for the alternation ``first|second``, found with the two regexes apart.

    Leftmost place first; where both match at one place, ``first`` wins; each match starts where the last one
    ended. Why apart: ``first`` (the terms, each led by a literal character) then lets the regex engine skip
    ahead to a possible first character, which the combined regex (its second half led by a look-behind) does
    not: the rewrite took four times longer. Neither regex can match an empty string (no term or word is empty).
    """
    if first is None or second is None:
        only = first if first is not None else second
        return list(only.finditer(text)) if only is not None else []
    out: list[re.Match[str]] = []
    a, b = first.search(text), second.search(text)
    while True:
        if a is not None and (b is None or a.start() <= b.start()):
            m = a
        elif b is not None:
            m = b
        else:
            return out
        out.append(m)
        pos = m.end()
        if a is not None and a.start() < pos:
            a = first.search(text, pos)
        if b is not None and b.start() < pos:
            b = second.search(text, pos)


def _accepted(matches: list[re.Match[str]], text: str) -> list[re.Match[str]]:
    """The term matches to rewrite. A katakana term inside a longer katakana word is taken only when the word
    ends with it or another term follows at once (Japanese compounds end on their head noun: "シロッコファン" is a
    fan), so "ファン" is not read in "ファンクション" (function), nor "ホール" in "ホールド"."""
    out: list[re.Match[str]] = []
    for i, m in enumerate(matches):
        end = m.end()
        if _is_katakana(m.group(0)[-1]) and end < len(text) and _is_katakana(text[end]):
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following is None or following.start() != end:
                continue
        out.append(m)
    return out


def _needs_space(ch: str) -> bool:
    return ch != " " and ch not in "|,;:/)]}）】"


def _has_word(text: str, word: str) -> bool:
    start = 0
    while True:
        i = text.find(word, start)
        if i < 0:
            return False
        before = text[i - 1] if i else " "
        after = text[i + len(word)] if i + len(word) < len(text) else " "
        if not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after):
            return True
        start = i + 1


def _normalise(text: str) -> str:
    from desktop.core.mapping.text import normalise

    return normalise(text)


_CACHE: dict[int, tuple[tuple[VocabularyTerm, ...], Vocabulary]] = {}


def vocabulary_for(terms: tuple[VocabularyTerm, ...]) -> Vocabulary:
    """The compiled vocabulary, cached per knowledge base (which is immutable)."""
    entry = _CACHE.get(id(terms))
    if entry is not None and entry[0] is terms:
        return entry[1]
    vocab = Vocabulary(terms)
    if len(_CACHE) >= 8:
        _CACHE.clear()
    _CACHE[id(terms)] = (terms, vocab)
    return vocab
