"""Boilerplate rules: for every rule, lines that must match and real sentences that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.clean.boilerplate import boilerplate_reason, fold
from aligner.clean.rules import RULES

DATA = Path(__file__).parents[1] / "data"

MATCHES = [
    # spam: advertising words, and gambling words with an advertising cue
    ("spam", "Posted By : togel hongkonģ malam ini"),
    ("spam", "Daftar situs slot gacor terpercaya 2024 dengan bonus deposit 25 ribu"),
    ("spam", "Link alternatif Sbobet88 login"),
    ("spam", "Bocoran togel sgp hari ini paling jitu"),
    ("spam", "Keluaran HK hari ini, data SGP 2023 terlengkap"),
    ("spam", "Agen judi bola dan casino online terpercaya di Indonesia"),
    ("spam", "RTP slot tinggi hari ini, maxwin"),
    ("spam", "Prediksi togel sidney 4D"),
    # posted-by
    ("posted-by", "Diposting oleh Admin pada 12.30"),
    ("posted-by", "Posted by redaksi"),
    ("posted-by", "Ditulis oleh: Budi Santoso"),
    # byline
    (
        "byline",
        "Aamer Madhani dan Ellen Knickmeyer di Washington dan Yuras Karmanau di Kyiv, "
        "Ukraina, berkontribusi.",
    ),
    ("byline", "Penulis Associated Press Jill Lawless di London berkontribusi untuk laporan ini."),
    (
        "byline",
        "Lee Keath di Kairo dan Zeina Karam di Beirut turut berkontribusi dalam laporan ini.",
    ),
    # credit
    ("credit", "Penulis: Budi Santoso"),
    ("credit", "Editor : Ani Rahmawati"),
    ("credit", "Sumber: Antara"),
    ("credit", "Pewarta: Rina Wijaya"),
    ("credit", "Foto: Reuters/Willy Kurniawan"),
    ("credit", "(ant)"),
    ("credit", "(dtk/jpr)"),
    # read-also
    ("read-also", "Baca juga: Harga Beras Naik Lagi"),
    ("read-also", "BACA JUGA Presiden Resmikan Tol Baru"),
    ("read-also", "Simak juga: Video Banjir di Kemang"),
    ("read-also", "Baca selengkapnya di sini"),
    ("read-also", "Selengkapnya: klik tautan berikut"),
    # share
    ("share", "Bagikan artikel ini"),
    ("share", "Share: Facebook, Twitter, WhatsApp"),
    ("share", "Ikuti kami di Google News"),
    ("share", "Follow Instagram @beritaterkini"),
    # tags
    ("tags", "Kata kunci: banjir, Jakarta, hujan"),
    ("tags", "Tags: politik, pemilu"),
    # copyright
    ("copyright", "Copyright © 2024 Kompas.com"),
    ("copyright", "© 2023 detikcom, All Rights Reserved"),
    ("copyright", "Hak Cipta Dilindungi Undang-Undang"),
    # dateline
    ("dateline", "Selasa, 11 Januari 2022 10:30 WIB"),
    ("dateline", "12 Jan. 2022"),
    ("dateline", "Jakarta, 5 Maret 2024"),
    ("dateline", "Senin, 03/04/2023 - 14.05 WIB"),
    # url
    ("url", "https://www.antaranews.com/berita/123456/harga-beras"),
    ("url", "www.kompas.com"),
]


def _near_misses() -> list[str]:
    lines = (DATA / "boilerplate-near-misses.id.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


@pytest.mark.parametrize(("reason", "text"), MATCHES)
def test_rule_matches(reason: str, text: str) -> None:
    assert boilerplate_reason(text) == reason


@pytest.mark.parametrize("text", _near_misses())
def test_real_sentences_are_not_boilerplate(text: str) -> None:
    """Quotes with "kata", dates inside sentences, names, news about gambling, labels
    without a colon: each near a rule, none of them boilerplate."""
    assert boilerplate_reason(text) is None


def test_every_reason_has_a_matching_example() -> None:
    assert {rule.reason for rule in RULES} == {reason for reason, _ in MATCHES}


def test_article_footer_and_byline() -> None:
    segments = (DATA / "article-ukraine.segments.txt").read_text(encoding="utf-8").splitlines()
    found = {line: boilerplate_reason(line) for line in segments if line.strip()}
    flagged = {line: reason for line, reason in found.items() if reason is not None}
    assert flagged == {
        "Aamer Madhani dan Ellen Knickmeyer di Washington dan Yuras Karmanau di Kyiv, Ukraina, "
        "berkontribusi.": "byline",
        "Posted By : togel hongkonģ malam ini": "spam",
    }


def test_fold_removes_marks_and_spaces() -> None:
    assert fold("  togel   hongkonģ\u00a0malam ") == "togel hongkong malam"


def test_long_lines_are_fast_to_reject() -> None:
    """Nested name patterns must not backtrack catastrophically on a long capitalised line."""
    text = " ".join(["Budi Santoso dan Ani"] * 400) + " tidak"
    assert boilerplate_reason(text) is None
