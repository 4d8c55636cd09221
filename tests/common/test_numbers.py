"""Numbers read the Indonesian and the English way, and matched one for one."""

from __future__ import annotations

import pytest

from aligner.common.numbers import (
    english_numbers,
    indonesian_numbers,
    indonesian_style,
    unmatched,
)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("100.000", {"100000"}),
        ("1.234.567", {"1234567"}),
        ("12,5", {"12.5"}),
        ("1,10", {"1.1"}),
        ("1.234,56", {"1234.56"}),
        ("1,000", {"1", "1000"}),  # Indonesian decimal or English thousands
        ("12.00", {"12", "t12:00"}),  # a time, or twelve
        ("08.30", {"8.3", "t8:30"}),
        ("25.70", {"25.7"}),  # no time: 70 minutes
        ("0,5", {"0.5"}),
        ("2010", {"2010"}),
        ("14:00", {"t14:00"}),
    ],
)
def test_indonesian_readings(text: str, values: set[str]) -> None:
    (number,) = indonesian_numbers(text)
    assert number.text == text
    assert number.values == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("100,000", {"100000"}),
        ("12.5", {"12.5"}),
        ("12.50", {"12.5"}),
        ("1,234.56", {"1234.56"}),
        ("8:30", {"t8:30"}),
        ("1,10", {"1.1"}),  # Indonesian style: still read for its value
        ("1.000.000", {"1000000"}),
    ],
)
def test_english_readings(text: str, values: set[str]) -> None:
    (number,) = english_numbers(text)
    assert number.values == values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,10", True),
        ("2,5", True),
        ("1.000.000", True),
        ("1.234,56", True),
        ("1,000", False),
        ("1,234,567", False),
        ("12.5", False),
        ("100", False),
        ("12:00", False),
    ],
)
def test_indonesian_style(text: str, expected: bool) -> None:
    assert indonesian_style(text) is expected


@pytest.mark.parametrize(
    ("source", "output", "lost", "extra"),
    [
        ("pada tahun 2010-2011", "by 2010-211", ["2011"], ["211"]),
        ("diare (20-25%)", "diarrhea (2025%)", ["20", "25"], ["2025"]),
        ("per 100.000 populasi", "per 100,000 population", [], []),
        ("sebesar 12,5 persen", "of 12.5 percent", [], []),
        ("pukul 12.00", "at 12:00", [], []),
        ("pukul 12.00", "at 12 noon", [], []),
        ("yang ke-1000", "the 1000th", [], []),
        ("dua minggu", "2 weeks", [], []),
        ("2 minggu", "two weeks", [], []),
        ("kedua", "2nd", [], []),
        ("dua kali", "twice", [], []),  # a spelled number never demands one
        ("1,5 juta orang", "1.5 million people", [], []),
        ("1,5 juta orang", "1,500,000 people", [], []),
        ("5 dan 5", "5", ["5"], []),  # a multiset: one 5 is missing
        ("tanpa angka", "no numbers", [], []),
        ("2020", "in the year", ["2020"], []),
        ("tahun ini", "in 2020", [], ["2020"]),
        ("(Gbr.2)", "(Fig. 2)", [], []),  # a number after a full stop
    ],
)
def test_unmatched(source: str, output: str, lost: list[str], extra: list[str]) -> None:
    got_lost, got_extra = unmatched(indonesian_numbers(source), english_numbers(output))
    assert sorted(n.text for n in got_lost) == sorted(lost)
    assert sorted(n.text for n in got_extra) == sorted(extra)
