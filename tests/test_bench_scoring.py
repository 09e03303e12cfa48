"""The OCR benchmark's pure scores: score.py's word F1 rule, CER counts and dictionary words."""

from __future__ import annotations

import unicodedata

import pytest

from benchmarks.bench_scoring import cer_counts, dictionary_words, english_words, word_f1, words


def test_words_follow_the_dev_set_rule() -> None:
    decomposed = unicodedata.normalize("NFD", "Họ và tên")
    assert words(f"{decomposed}: ........ NGUYỄN  Văn_____An, 12/03/2020") == {
        "họ": 1, "và": 1, "tên": 1, "nguyễn": 1, "văn": 1, "an": 1, "12/03/2020": 1}


def test_word_f1_ignores_order_and_counts_repeats() -> None:
    assert word_f1("tên họ và", "họ và tên") == 1.0
    assert word_f1("", "họ và tên") == 0.0
    # 2 of 3 read, 1 spurious: precision 2/3, recall 2/3
    assert word_f1("họ và tến", "họ và tên") == pytest.approx(2 / 3)
    # a word read twice matches once
    assert word_f1("họ họ", "họ") == pytest.approx(2 / 3)


def test_cer_counts_pool_edits_and_reference_characters() -> None:
    assert cer_counts("Họ  và\ntên", "Họ và tên") == (0, 9)
    assert cer_counts("Ho va ten", "Họ và tên") == (3, 9)


def test_dictionary_words_count_vietnamese_syllables_and_listed_english_words() -> None:
    text = "Cộng hòa, xã hội! qzx 123 with (form) kđt"
    assert dictionary_words(text) == 4  # cộng hòa xã hội
    assert dictionary_words(text, frozenset({"with", "form"})) == 6
    assert dictionary_words("ĐỘC LẬP") == 2  # upper case is the same syllable


def test_english_words_missing_list_is_empty(tmp_path) -> None:
    assert english_words(tmp_path / "absent") == frozenset()
    listed = tmp_path / "words"
    listed.write_text("A\nform\nForm's\nthe\nx\n", encoding="utf-8")
    assert english_words(listed) == frozenset({"form", "the"})
