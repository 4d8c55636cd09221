"""Confidence arithmetic and each flag on crafted cases (pure functions, no model)."""

from __future__ import annotations

import math

import pytest

from aligner.common.textrules import (
    RATIO_RANGE,
    is_copy,
    is_empty,
    is_ratio_outlier,
    text_flags,
)
from aligner.translation.confidence import confidence, is_repeat


def test_confidence_is_geometric_mean_probability():
    conf, total, tokens = confidence([math.log(0.5), math.log(0.125)])
    assert conf == pytest.approx(0.25)
    assert total == pytest.approx(math.log(0.0625))
    assert tokens == 2


def test_confidence_of_certain_tokens_is_one():
    assert confidence([0.0, 0.0, 0.0])[0] == 1.0


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Joko Widodo", "Joko Widodo", True),
        ("Harga beras naik di Jakarta.", "harga beras naik di jakarta", True),
        ("Harga beras naik di Jakarta.", "Rice prices rise in Jakarta.", False),
        ("OK.", "OK.", False),  # too short to call it a copy
        ("Presiden", "", False),
    ],
)
def test_copy(source, target, expected):
    assert is_copy(source, target) is expected


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (["▁the", "▁the", "▁the", "▁the", "</s>"], True),
        (["▁very", "▁very", "▁very", "▁good", "</s>"], False),  # three is still English
        (["▁in", "▁the", "▁in", "▁the", "▁in", "▁the"], True),
        (["▁a", "▁b", "▁c", "▁d", "▁a", "▁b", "▁c", "▁d", "▁a", "▁b", "▁c", "▁d"], True),
        (["▁Rice", "▁prices", "▁rose", "▁in", "▁the", "▁city", "."], False),
        ([], False),
    ],
)
def test_repeat(pieces, expected):
    assert is_repeat(pieces) is expected


def test_ratio_range_edges():
    source = "x" * 100
    low, high = RATIO_RANGE
    assert not is_ratio_outlier(source, "y" * int(100 * low))
    assert not is_ratio_outlier(source, "y" * int(100 * high))
    assert is_ratio_outlier(source, "y" * (int(100 * low) - 1))
    assert is_ratio_outlier(source, "y" * (int(100 * high) + 1))
    assert not is_ratio_outlier("Kata dia.", "He said that he would come back tomorrow.")


def test_empty():
    assert is_empty("  \n") and not is_empty("a")


@pytest.mark.parametrize(
    ("source", "target", "flags"),
    [
        ("Harga beras naik di seluruh Jawa minggu ini.", "Rice prices rose across Java.", set()),
        ("Harga beras naik di seluruh Jawa minggu ini.", "", {"empty"}),
        ("Harga beras naik di seluruh Jawa minggu ini.", "Rice.", {"ratio"}),
        (
            "Harga beras naik di seluruh Jawa minggu ini.",
            "Harga beras naik di seluruh Jawa minggu ini.",
            {"copy"},
        ),
    ],
)
def test_text_flags(source, target, flags):
    assert text_flags(source, target) == flags


def test_copy_of_long_texts_is_judged_by_words():
    text = " ".join(f"kata{i % 97} lain{i % 13}" for i in range(3000))
    assert is_copy(text, text.upper())
    assert not is_copy(text, " ".join(f"word{i % 89}" for i in range(3000)))
