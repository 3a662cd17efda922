"""The unit tables and the counting words (etl/data/units.tsv, measure_words.tsv, people_nouns.txt)."""

import pytest

from etl.quantities import find
from etl.units import _DATA, load_entries, people_nouns, unit_info

ENTRIES = load_entries()
KINDS = {"count", "rate", "amount", "measure", "duration", "other"}


def test_every_surface_is_listed_once_with_a_known_kind() -> None:
    surfaces = [e.unit.surface for e in ENTRIES]
    assert len(surfaces) == len(set(surfaces))
    assert {e.unit.kind for e in ENTRIES} <= KINDS
    assert all(e.unit.symbol and e.unit.factor > 0 for e in ENTRIES)


def test_guards_are_characters_or_words_never_blank() -> None:
    for e in ENTRIES:
        assert " " not in e.not_before and "\t" not in e.not_before
        assert all(w.strip() == w and w for w in e.not_before_words)
        assert not (e.only_before and (e.not_before or e.not_before_words))


def test_the_files_have_headers_and_no_stray_columns() -> None:
    for name, columns in (("units.tsv", 7), ("measure_words.tsv", 4)):
        rows = [line for line in (_DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        assert all(len(row.split("\t")) == columns for row in rows), name


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.unit.kind == "count"], ids=lambda e: e.unit.surface)
def test_every_counting_word_counts_after_an_arabic_number(entry) -> None:
    number, value = ("三", 3) if entry.unit.surface == "大" else ("37", 37)  # 十大工程, never 37大
    sentence = f"全年累计完成{number}{entry.unit.surface}。"
    assert [(q.value, q.unit.surface) for q in find(sentence)] == [(value, entry.unit.surface)]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [("修订条例3条例", "条例"), ("财政支出5支出", "支出"), ("三次产业", "产业"), ("10根据", "根据"), ("3本级", "本级")],
)
def test_a_guarded_word_is_not_a_unit(sentence: str, word: str) -> None:
    assert all(not sentence[q.end :].startswith(word[1:]) or q.unit.surface != word[0] for q in find(sentence))


def test_units_and_people() -> None:
    assert unit_info("成").factor == 10 and unit_info("折").kind == "rate"
    assert unit_info("未知").kind == "count"  # an unknown surface is a plain count
    nouns = people_nouns()
    assert "群众" in nouns and len(nouns) == len(set(nouns))
    assert list(nouns) == sorted(nouns, key=len, reverse=True)  # the longest word is tried first
