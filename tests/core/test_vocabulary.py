"""The EN/JA/ZH vocabulary (mapping/vocabulary.py, knowledge/vocabulary.yaml): rewrites, composition, the
katakana head rule, whole words in other languages, the way back to the user's words, and validation."""
from __future__ import annotations

import pytest

from desktop.core.errors import KnowledgeError
from desktop.core.knowledge import load_knowledge
from desktop.core.knowledge.fields import Context
from desktop.core.knowledge.model import VocabularyTerm
from desktop.core.knowledge.parsers import parse_vocabulary
from desktop.core.mapping.text import normalise
from desktop.core.mapping.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocab():
    return Vocabulary(load_knowledge().vocabulary)


def rw(vocab, text):
    return vocab.canonical(normalise(text)).text


@pytest.mark.parametrize("text,expected", [
    ("ステッピングモータ", "stepper motor"), ("步进电机", "stepper motor"), ("步進電機", "stepper motor"),
    ("42步进电机", "42 stepper motor"), ("无刷电机 100W", "brushless motor 100w"),
    ("ブラシレスDCモータ", "brushless dc motor"), ("陶瓷电容", "ceramic capacitor"), ("喇叭", "speaker"),
    ("ネオジム磁石", "neodymium magnet"), ("电机支架", "motor bracket"),
    ("ドローン用モータ", "drone motor"),            # 用 (for) is a word break
])
def test_terms_compose_to_english(vocab, text, expected):
    assert rw(vocab, text) == expected


def test_longest_term_wins(vocab):
    assert rw(vocab, "電磁石") == "electromagnet"             # not 電 + magnet
    assert rw(vocab, "赤外LED") == "infrared led"             # not red
    assert rw(vocab, "ステアリングモータ") == "steering motor"  # no "ring" inside steering


def test_katakana_term_inside_a_longer_word_is_left_alone(vocab):
    assert "fan" not in rw(vocab, "ファンクション")             # function, not fan
    assert rw(vocab, "シロッコファン").endswith("fan")          # a compound ends on its head noun


def test_text_without_terms_is_unchanged(vocab):
    assert rw(vocab, "M3x8 socket head cap screw") == "m3x8 socket head cap screw"
    assert rw(vocab, "未知の部品XYZ") == normalise("未知の部品XYZ").replace("の", " ")


def test_other_languages_match_whole_words_only(vocab):
    assert rw(vocab, "Imán neodimio 6x2 mm") == "magnet neodymium 6x2 mm"
    assert rw(vocab, "Motor paso a paso") == "stepper motor"
    assert "magnet" not in rw(vocab, "imanesque")            # not a listed word


def test_quote_maps_back_to_the_users_words(vocab):
    c = vocab.canonical(normalise("42步进电机 1.8度"))
    i = c.text.index("stepper motor")
    assert c.quote(i, i + len("stepper motor")) == "步进电机"
    j = c.text.index("1.8")
    assert c.quote(j, j + 3) == "1.8"


def test_attributes_by_kind(vocab):
    attrs = vocab.attributes(rw(vocab, "ブラシレスモータ用ブラケット"))
    assert attrs["type"] == ("motor",) and attrs["qualifier"] == ("brushless",) and attrs["accessory"] == ("bracket",)


def test_same_attributes_in_three_languages(vocab):
    texts = ("white LED", "白色LED", "白色发光二极管")
    assert len({tuple(sorted(vocab.attributes(rw(vocab, t)).items())) for t in texts}) == 1


@pytest.mark.parametrize("doc,problem", [
    ({"terms": [{"kind": "type", "en": "motor", "ja": ["motor"]}]}, "ASCII"),
    ({"terms": [{"kind": "type", "en": "motor", "ja": ["モータ"]}, {"kind": "type", "en": "engine", "ja": ["モータ"]}]},
     "already rewritten"),
    ({"terms": [{"kind": "colourful", "en": "x", "ja": ["赤"]}]}, "kind"),
    ({"terms": [{"kind": "type", "en": "motor"}]}, "at least one"),
    ({"terms": [{"kind": "type", "en": "モータ", "ja": ["電動機"]}]}, "ASCII"),
])
def test_bad_vocabulary_is_rejected_with_record_and_field(doc, problem):
    with pytest.raises(KnowledgeError) as err:
        parse_vocabulary(doc, Context())
    assert problem in str(err.value) and "vocabulary.yaml" in str(err.value)


def test_parsed_terms():
    terms = parse_vocabulary({"terms": [{"kind": "type", "en": "Stepper  Motor", "ja": ["ステッピングモータ"],
                                         "other": ["Schrittmotor"]}]}, Context())
    assert terms == (VocabularyTerm("type", "stepper motor", ("ステッピングモータ",), ("schrittmotor",)),)


def test_every_magnet_device_specialises_the_bare_magnet_class():
    """By rule (knowledge/parsers.py), not class by class in classes.yaml: a servo motor named with 'permanent
    magnet' is a servo motor."""
    kb = load_knowledge()
    devices = [c for c in kb.classes.values() if c.basis == "magnet"]
    assert devices and all("ndfeb_sintered_magnet" in c.specialises for c in devices)
    assert "ndfeb_sintered_magnet" not in kb.classes["ndfeb_sintered_magnet"].specialises
