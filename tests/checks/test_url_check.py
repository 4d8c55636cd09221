"""The url check: URLs, e-mail addresses, @handles and #hashtags kept verbatim."""

from __future__ import annotations

import pytest

from aligner.checks import check_flags, make_checks
from aligner.checks.url import verbatim_tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Lihat https://covid19.go.id/p/berita.", ["https://covid19.go.id/p/berita"]),
        ("Kunjungi www.who.int, lalu", ["www.who.int"]),
        ("di laman kemkes.go.id atau", ["kemkes.go.id"]),
        ("laporan News.com.au menyebut", ["News.com.au"]),
        ("Surel humas@kemkes.go.id.", ["humas@kemkes.go.id"]),
        ("Ikuti @KemenkesRI dan #DiRumahAja!", ["@KemenkesRI", "#DiRumahAja"]),
        ("nomor #1 dan et al. 2020", []),
        ("Pukul 12.00 WIB", []),
    ],
)
def test_tokens(text: str, tokens: list[str]) -> None:
    assert verbatim_tokens(text) == tokens


@pytest.mark.parametrize(
    ("source", "output", "flags"),
    [
        ("Lihat https://who.int/id.", "See https://who.int/id.", set()),
        ("Lihat https://who.int/id.", "See https://who.int/en.", {"url:https://who.int/id"}),
        ("Ikuti @KemenkesRI", "Follow @kemenkesri", set()),  # handles ignore case
        ("Ikuti @KemenkesRI", "Follow @Kemenkes", {"url:@KemenkesRI"}),
        ("laporan News.com.au", "a news.com.au report", set()),  # so do domains
        ("https://x.id/AbC", "https://x.id/abc", {"url:https://x.id/AbC"}),  # a path does not
        ("#DiRumahAja sekarang", "#StayAtHome now", {"url:#DiRumahAja"}),
        ("Surel a.b@x.co.id", "Mail a.b@x.co.id", set()),
        ("Tanpa tautan.", "No link.", set()),
    ],
)
def test_url_flags(source: str, output: str, flags: set[str]) -> None:
    assert check_flags(source, output, make_checks(names=["url"])) == flags
