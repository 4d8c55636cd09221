"""The number check on Indonesian sources and English outputs, and on real MT (TICO-19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks import check_flags, get_check, make_checks

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(
    ("source", "output", "flags"),
    [
        # the real opus-mt-id-en errors on TICO-19 that motivated the check
        (
            "per 100.000 populasi pada tahun 2010-2011).",
            "per 100,000 population by 2010-211).",
            {"number:2011"},
        ),
        ("diare (20-25%), dan", "diarrhea (2025%), and", {"number:20", "number:25"}),
        (
            "sebesar 1,44% (95% CI: 1,10-1,86%)",
            "1.44% (95% CI: 1,10-1.86%)",
            {"number:1,10"},  # right value, Indonesian decimal comma
        ),
        ("ada 39.768 kasus", "there were 39.768 cases", {"number:39.768"}),
        ("Di Eurosurveillance 2020 terbitan 5 Maret", "In the March 5 issue", {"number:2020"}),
        ("tahun ini", "in 2020", {"number:+2020"}),  # a number the source does not have
        # what must pass
        ("pukul 08.00 pagi", "at 8:00 a.m.", set()),
        ("pukul 08.00 pagi", "at 8 a.m.", set()),
        ("abad ke-21", "the 21st century", set()),
        ("tiga minggu", "3 weeks", set()),
        ("US$4,9 juta", "US$4.9 million", set()),
        ("12,5 tempat tidur per 100.000", "12.5 beds per 100,000", set()),
        ("Pada 5 Maret 2020", "On March 5, 2020", set()),
    ],
)
def test_number_flags(source: str, output: str, flags: set[str]) -> None:
    assert check_flags(source, output, make_checks(names=["number"])) == flags


def _numbers_table() -> list[tuple[str, bool, str, str]]:
    rows = []
    for line in (DATA / "tico19-numbers.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        number, error, source, _reference, output = line.split("\t")
        rows.append((number, error == "1", source, output))
    return rows


@pytest.mark.parametrize(("line", "error", "source", "output"), _numbers_table())
def test_real_number_errors_are_flagged_and_kept_numbers_are_not(
    line: str, error: bool, source: str, output: str
) -> None:
    """Real opus-mt output on TICO-19: flagged exactly where its numbers differ from the
    reference's (labelled in the file)."""
    assert bool(get_check("number")().missing(source, output)) is error, line
