"""The filters of aligner clean, one job each; language guesses; bounded-memory dedup."""

from __future__ import annotations

import pytest

from aligner.clean.dedup import BloomFilter, Deduplicator, pair_key
from aligner.clean.filters import (
    BoilerplateFilter,
    CopyFilter,
    EmptyFilter,
    Filter,
    LanguageFilter,
    LengthRatioFilter,
    MisalignedFilter,
    RepeatFilter,
    ScoreFilter,
    TruncatedFilter,
)
from aligner.clean.language import ENGLISH, INDONESIAN, foreign, guess

SOURCE = "Pemerintah akan membangun jalan baru di Jawa Barat tahun depan."
TARGET = "The government will build a new road in West Java next year."

CASES: list[tuple[Filter, str, str, float | None, str | None]] = [
    (EmptyFilter(), SOURCE, "", None, "empty"),
    (EmptyFilter(), "***", TARGET, None, "empty"),
    (EmptyFilter(), SOURCE, TARGET, None, None),
    (LengthRatioFilter(), SOURCE, "Road.", None, "ratio"),
    (LengthRatioFilter(), SOURCE, TARGET * 3, None, "ratio"),
    (LengthRatioFilter(), "Harga naik.", "Prices went up again.", None, None),  # short source
    (CopyFilter(), SOURCE, SOURCE, None, "copy"),
    (CopyFilter(), SOURCE, TARGET, None, None),
    (RepeatFilter(), SOURCE, "The government will build build build build", None, "repeat"),
    (RepeatFilter(), SOURCE, "The road the road the road in West Java", None, "repeat"),
    (RepeatFilter(), SOURCE, TARGET, None, None),
    (TruncatedFilter(), SOURCE, "The government will build a new", None, "truncated"),
    (TruncatedFilter(), SOURCE, "The government builds roads.", None, None),  # ends a sentence
    (TruncatedFilter(), "Penduduk DKI Capai 9,6 Juta Jiwa", "Population Rate", None, "truncated"),
    (TruncatedFilter(), "Iran tolak sanksi baru", "Iran dismisses new sanctions", None, None),
    (
        LanguageFilter("tgt"),
        SOURCE,
        "Die Regierung wird im nächsten Jahr eine neue Straße bauen.",
        None,
        "lang-tgt:de",
    ),
    (LanguageFilter("tgt"), SOURCE, SOURCE, None, "lang-tgt:id"),
    (LanguageFilter("tgt"), SOURCE, TARGET, None, None),
    (LanguageFilter("src"), TARGET, TARGET, None, "lang-src:en"),
    (LanguageFilter("src"), SOURCE, TARGET, None, None),
    (LanguageFilter("tgt"), SOURCE, "Jl. Sudirman", None, None),  # too short to judge
    (
        BoilerplateFilter(),
        "Posted By : togel hongkong malam ini",
        "Hong Kong lottery tonight",
        None,
        "boilerplate:spam",
    ),
    (BoilerplateFilter(), SOURCE, "Copyright © 2024 Kompas.com", None, "boilerplate:copyright"),
    (BoilerplateFilter(), SOURCE, TARGET, None, None),
    (ScoreFilter(0.5), SOURCE, TARGET, 0.2, "score"),
    (ScoreFilter(0.5), SOURCE, TARGET, 0.7, None),
    (ScoreFilter(0.5), SOURCE, TARGET, None, None),  # no score: kept
    (
        MisalignedFilter(),
        "Harga naik 5 persen menjadi Rp 12.000 pada 2023 di Medan, kata Budi.",
        "The weather in Paris was cold on Tuesday.",
        None,
        "misaligned",
    ),
    (
        MisalignedFilter(),
        "Harga naik 5 persen menjadi Rp 12.000 pada 2023.",
        "Prices rose 5 percent to Rp 12,000 in 2023.",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("filt", "source", "target", "score", "expected"), CASES)
def test_filter(
    filt: Filter, source: str, target: str, score: float | None, expected: str | None
) -> None:
    assert filt.check(source, target, score) == expected


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        (
            "Kami tidak akan membiarkan siapa pun membanting kebijakan pintu terbuka NATO.",
            INDONESIAN,
            None,
        ),
        (
            "We will not let anyone slam NATO's open door policy, the ambassador said.",
            INDONESIAN,
            "en",
        ),
        (
            "We will not let anyone slam NATO's open door policy, the ambassador said.",
            ENGLISH,
            None,
        ),
        ("Kerajaan Malaysia akan membina jalan baharu di Johor tahun hadapan.", INDONESIAN, None),
        ("OK.", INDONESIAN, None),
        ("2024", ENGLISH, None),
    ],
)
def test_foreign_language(text: str, expected: frozenset[str], found: str | None) -> None:
    assert foreign(text, expected) == found


def test_guess_ranks_languages() -> None:
    result = guess("Das ist ein Satz in deutscher Sprache, ganz ohne Zweifel.")
    assert result.code == "de"
    assert result.share(frozenset({"de"})) > 0.95
    assert guess("***").code == "und"


def test_near_duplicates_share_a_key() -> None:
    near = pair_key("harga naik 7 %", "PRICES ROSE")
    assert pair_key("Harga naik 5%.", "Prices rose 5%.") == near
    assert pair_key("Harga naik.", "Prices rose.") != pair_key("Harga turun.", "Prices fell.")


def test_deduplicator_exact_then_bloom() -> None:
    dedup = Deduplicator(exact_limit=3, bloom_bytes=1024)
    pairs = [(f"kalimat nomor {w}", f"sentence {w}") for w in ("satu", "dua", "tiga", "empat")]
    assert [dedup.seen(*p) for p in pairs] == [False] * 4  # the 4th key folds into the filter
    assert dedup.false_positive_rate() is not None
    assert all(dedup.seen(*p) for p in pairs)  # every earlier key is still known
    assert not dedup.seen("kalimat lain", "another sentence")


def test_bloom_filter_rate_grows_with_keys() -> None:
    bloom = BloomFilter(size_bytes=64, hashes=3)
    assert bloom.false_positive_rate() == 0.0
    for key in range(50):
        bloom.add(key * 0x9E3779B97F4A7C15 & (2**64 - 1))
    assert 0.0 < bloom.false_positive_rate() < 1.0
