"""The shared text rules against plain reference definitions."""

from __future__ import annotations

import random

import pytest

from aligner.common.textrules import (
    REPEAT_MAX_N,
    REPEAT_TIMES,
    REPEAT_TIMES_DEFAULT,
    has_loop,
    normalise_number,
)


def _loops_by_definition(tokens: list[str]) -> bool:
    """An n-gram repeated ``times`` times back to back, checked position by position."""
    for n in range(1, REPEAT_MAX_N + 1):
        times = REPEAT_TIMES.get(n, REPEAT_TIMES_DEFAULT)
        for start in range(len(tokens) - n * times + 1):
            gram = tokens[start : start + n]
            if all(tokens[start + k * n : start + (k + 1) * n] == gram for k in range(times)):
                return True
    return False


@pytest.mark.parametrize("seed", range(3))
def test_linear_loop_check_agrees_with_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        words = [rng.choice("abc") for _ in range(rng.randint(0, 14))]
        assert has_loop(words) == _loops_by_definition(words), words


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("100.000", "100000"),
        ("100,000", "100000"),
        ("2,75", "2.75"),
        ("2.75", "2.75"),
        ("1.234,56", "1234.56"),
        ("08", "8"),
        ("0", "0"),
    ],
)
def test_numbers_agree_across_notations(written: str, canonical: str) -> None:
    assert normalise_number(written) == canonical
