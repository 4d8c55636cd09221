"""Sentence segmentation: rule tables (Indonesian and English), the article, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import AlignerError, OptionError
from aligner.text import abbreviations
from aligner.text.load import read_document
from aligner.text.segmenter import SEGMENTER_VERSION, segment_document, segment_text
from aligner.types import Document

DATA = Path(__file__).parents[1] / "data"


def sentences(text: str, lang: str = "id") -> list[str]:
    return [s.text for s in segment_text(text, lang)]


# Each row: (rule, paragraph, expected sentences).
INDONESIAN = [
    (
        "plain full stops",
        "Hujan turun sejak pagi. Jalan-jalan tergenang air.",
        ["Hujan turun sejak pagi.", "Jalan-jalan tergenang air."],
    ),
    (
        "titles before names",
        "Prof. Dr. Ir. H. Ahmad Yani membuka acara. Ia disambut Hj. Siti Aminah.",
        ["Prof. Dr. Ir. H. Ahmad Yani membuka acara.", "Ia disambut Hj. Siti Aminah."],
    ),
    (
        "forms of address",
        "Yth. Bpk. Joko dan Sdr. Budi diundang. Ny. Ratna dan dr. Tirta juga hadir.",
        ["Yth. Bpk. Joko dan Sdr. Budi diundang.", "Ny. Ratna dan dr. Tirta juga hadir."],
    ),
    (
        "police rank with Pol. and a degree before a lower-case verb",
        "Kapolres AKBP Pol. Budi Santoso, S.I.K. mengatakan pelaku sudah ditangkap. "
        "Brigjen Pol. Agus Rianto membenarkan hal itu.",
        [
            "Kapolres AKBP Pol. Budi Santoso, S.I.K. mengatakan pelaku sudah ditangkap.",
            "Brigjen Pol. Agus Rianto membenarkan hal itu.",
        ],
    ),
    (
        "military ranks and (Purn.)",
        "Jend. (Purn.) Wiranto tiba di lokasi. Letjen. Sutiyoso menyusul.",
        ["Jend. (Purn.) Wiranto tiba di lokasi.", "Letjen. Sutiyoso menyusul."],
    ),
    (
        "degree ends a sentence before a capital",
        "Rapat dipimpin oleh Budi Santoso, S.H. Ia membuka rapat pukul 09.00 WIB.",
        ["Rapat dipimpin oleh Budi Santoso, S.H.", "Ia membuka rapat pukul 09.00 WIB."],
    ),
    (
        "medical degrees inside a sentence",
        "dr. Rina Wulandari, Sp.A. menjelaskan gejalanya. Menurut Dr. Andi, M.Sc. "
        "kasus ini jarang.",
        [
            "dr. Rina Wulandari, Sp.A. menjelaskan gejalanya.",
            "Menurut Dr. Andi, M.Sc. kasus ini jarang.",
        ],
    ),
    (
        "addresses and references before numbers",
        "Kantornya di Jl. Jend. Sudirman Kav. 52-53 No. 7, Kel. Karet, Kec. Setiabudi, "
        "Kab. Bogor. Hubungi Tel. (021) 555-1234.",
        [
            "Kantornya di Jl. Jend. Sudirman Kav. 52-53 No. 7, Kel. Karet, Kec. Setiabudi, "
            "Kab. Bogor.",
            "Hubungi Tel. (021) 555-1234.",
        ],
    ),
    (
        "RT. and RW. before numbers, RT as an acronym ending a sentence",
        "Ia tinggal di RT. 05 RW. 03 Kelurahan Cempaka. Surat diserahkan ke Ketua RT. "
        "Warga setuju.",
        [
            "Ia tinggal di RT. 05 RW. 03 Kelurahan Cempaka.",
            "Surat diserahkan ke Ketua RT.",
            "Warga setuju.",
        ],
    ),
    (
        "company prefixes",
        "PT. Maju Jaya dan CV. Sentosa memenangi tender. Saham PT Astra International "
        "Tbk. naik 2,75 persen.",
        [
            "PT. Maju Jaya dan CV. Sentosa memenangi tender.",
            "Saham PT Astra International Tbk. naik 2,75 persen.",
        ],
    ),
    (
        "Tbk. ends a sentence before a capital",
        "Laporan itu dirilis PT Bank Central Asia Tbk. Harga sahamnya naik.",
        ["Laporan itu dirilis PT Bank Central Asia Tbk.", "Harga sahamnya naik."],
    ),
    (
        "money",
        "Harganya Rp. 100.000 per kilogram. Bantuan US$ 1,5 juta dan Rp. 2 miliar cair.",
        ["Harganya Rp. 100.000 per kilogram.", "Bantuan US$ 1,5 juta dan Rp. 2 miliar cair."],
    ),
    (
        "abbreviated months before a day or year",
        "Sidang digelar 12 Agt. 2021 di Jakarta. Putusan dibacakan Des. 2021.",
        ["Sidang digelar 12 Agt. 2021 di Jakarta.", "Putusan dibacakan Des. 2021."],
    ),
    (
        "dll. before lower case goes on",
        "Ia membeli beras, gula, dll. untuk korban banjir. Mereka berterima kasih.",
        ["Ia membeli beras, gula, dll. untuk korban banjir.", "Mereka berterima kasih."],
    ),
    (
        "dll. before upper case ends",
        "Ia membeli beras, gula, minyak, dll. Semua dibagikan gratis.",
        ["Ia membeli beras, gula, minyak, dll.", "Semua dibagikan gratis."],
    ),
    (
        "dsb., dkk. and tsb. by the case of the next word",
        "Penelitian Budi dkk. menunjukkan hal tsb. Hasilnya berupa grafik, tabel, dsb. "
        "dan dimuat di jurnal.",
        [
            "Penelitian Budi dkk. menunjukkan hal tsb.",
            "Hasilnya berupa grafik, tabel, dsb. dan dimuat di jurnal.",
        ],
    ),
    (
        "all-caps acronyms end sentences",
        "Pasukan itu dikirim ke AS. Laporan itu disiarkan BBC. Rancangannya dibahas di DPR. "
        "Belum ada keputusan.",
        [
            "Pasukan itu dikirim ke AS.",
            "Laporan itu disiarkan BBC.",
            "Rancangannya dibahas di DPR.",
            "Belum ada keputusan.",
        ],
    ),
    (
        "acronyms spelled like abbreviations still end sentences",
        "Laporan itu diaudit oleh BPK. Hasilnya diserahkan ke DPR. Negeri ini kaya SDA. "
        "Wajib pajak melapor SPT. Batasnya Maret.",
        [
            "Laporan itu diaudit oleh BPK.",
            "Hasilnya diserahkan ke DPR.",
            "Negeri ini kaya SDA.",
            "Wajib pajak melapor SPT.",
            "Batasnya Maret.",
        ],
    ),
    (
        "thousands separators, decimals and times",
        "Sebanyak 100.000 orang hadir pukul 10.30 WIB. Inflasi naik 2,75 persen.",
        ["Sebanyak 100.000 orang hadir pukul 10.30 WIB.", "Inflasi naik 2,75 persen."],
    ),
    (
        "a number or time ends a sentence",
        "Korban tewas mencapai 14.000. Acara dimulai pukul 19.00. Tamu berdatangan.",
        ["Korban tewas mencapai 14.000.", "Acara dimulai pukul 19.00.", "Tamu berdatangan."],
    ),
    (
        "URLs and e-mail addresses",
        "Kunjungi www.detik.com/berita?id=5 atau https://kompas.id/a.b/c. "
        "Kirim surat ke redaksi@kompas.co.id. Terima kasih.",
        [
            "Kunjungi www.detik.com/berita?id=5 atau https://kompas.id/a.b/c.",
            "Kirim surat ke redaksi@kompas.co.id.",
            "Terima kasih.",
        ],
    ),
    (
        "ellipses",
        "Dia terdiam... Lalu pergi. Kami menunggu… dan menunggu. Tunggu… Apa itu?",
        ["Dia terdiam...", "Lalu pergi.", "Kami menunggu… dan menunggu.", "Tunggu…", "Apa itu?"],
    ),
    (
        "?! and repeated marks",
        "Benarkah?! Saya tidak percaya!!! Apa?! tanya dia.",
        ["Benarkah?!", "Saya tidak percaya!!!", "Apa?! tanya dia."],
    ),
    (
        "closing quote after final punctuation",
        "Ia berkata, “Kami siap.” Semua bertepuk tangan.",
        ["Ia berkata, “Kami siap.”", "Semua bertepuk tangan."],
    ),
    (
        "closing parenthesis after final punctuation",
        "Harga naik tajam (lihat tabel.) Pemerintah belum berkomentar.",
        ["Harga naik tajam (lihat tabel.)", "Pemerintah belum berkomentar."],
    ),
    (
        "quote then a lower-case reporting verb goes on",
        "“Kami tidak akan mundur,” katanya. “Lawan!” tegas Menteri. “Siapa?” tanya warga.",
        ["“Kami tidak akan mundur,” katanya.", "“Lawan!” tegas Menteri.", "“Siapa?” tanya warga."],
    ),
    (
        "opening quote belongs to the sentence it opens",
        'Ia pulang lebih awal. “Kami lelah,” ujarnya. "Besok lagi." Mereka tertawa.',
        ["Ia pulang lebih awal.", "“Kami lelah,” ujarnya.", '"Besok lagi."', "Mereka tertawa."],
    ),
    (
        "doubled apostrophes as quotes",
        "Iran melakukan tes ''yang terkait senjata.'' Laporan itu dibantah.",
        ["Iran melakukan tes ''yang terkait senjata.''", "Laporan itu dibantah."],
    ),
    (
        "initials inside names, a letter before a sentence starter",
        "Joko S. Widodo hadir. Tim B. Mereka kalah telak.",
        ["Joko S. Widodo hadir.", "Tim B.", "Mereka kalah telak."],
    ),
    (
        "list numbers at the start of a sentence",
        "1. Pendahuluan singkat. 2. Metode penelitian.",
        ["1. Pendahuluan singkat.", "2. Metode penelitian."],
    ),
    (
        "joined titles",
        "Prof.Dr. Budi hadir. Ia datang.",
        ["Prof.Dr. Budi hadir.", "Ia datang."],
    ),
    (
        "a space before the full stop",
        "Rambutnya keriting (coklat) . Kakinya berbulu.",
        ["Rambutnya keriting (coklat) .", "Kakinya berbulu."],
    ),
    (
        "a dateline with a domain name",
        "JAKARTA, KOMPAS.com - Harga cabai naik. Pedagang mengeluh.",
        ["JAKARTA, KOMPAS.com - Harga cabai naik.", "Pedagang mengeluh."],
    ),
    (
        "case-variant abbreviations",
        "Alamatnya JL. Merdeka no. 5 di Kab. Garut. Ia pindah.",
        ["Alamatnya JL. Merdeka no. 5 di Kab. Garut.", "Ia pindah."],
    ),
    (
        "ordinary words that look like abbreviations still end sentences",
        "Ia tinggal di kota. Hal itu wajar. Semua sel. Mereka diam.",
        ["Ia tinggal di kota.", "Hal itu wajar.", "Semua sel.", "Mereka diam."],
    ),
    (
        "spaced ellipsis",
        "Ia menunggu . . . Lalu pergi. Kami menunggu . . . lalu pulang.",
        ["Ia menunggu . . .", "Lalu pergi.", "Kami menunggu . . . lalu pulang."],
    ),
    (
        "names written in lower case start a sentence",
        "Ia membeli iPhone. iPhone itu mahal. Warga mengurus e-KTP. e-KTP itu gratis.",
        ["Ia membeli iPhone.", "iPhone itu mahal.", "Warga mengurus e-KTP.", "e-KTP itu gratis."],
    ),
    (
        "an era letter after a year is not an initial",
        "Masjid itu dibangun pada 1442 H. Candi itu berdiri tahun 850 M. Kerajaan runtuh.",
        ["Masjid itu dibangun pada 1442 H.", "Candi itu berdiri tahun 850 M.", "Kerajaan runtuh."],
    ),
    (
        "shortened given names",
        "Menurut Moh. Mahfud dan Muh. Yamin, hal itu benar. Ia setuju.",
        ["Menurut Moh. Mahfud dan Muh. Yamin, hal itu benar.", "Ia setuju."],
    ),
    ("letterless line", "–––", ["–––"]),
    (
        "no final punctuation",
        "Bank Dunia: kemiskinan global menurun",
        ["Bank Dunia: kemiskinan global menurun"],
    ),
]

ENGLISH = [
    (
        "titles",
        "Mr. Smith went to Washington. He met Dr. Jones and Gov. Brown.",
        ["Mr. Smith went to Washington.", "He met Dr. Jones and Gov. Brown."],
    ),
    (
        "U.S. before a noun goes on",
        "The U.S. Army arrived. It was late.",
        ["The U.S. Army arrived.", "It was late."],
    ),
    (
        "U.S. before a sentence starter ends",
        "He lives in the U.S. The weather is fine.",
        ["He lives in the U.S.", "The weather is fine."],
    ),
    (
        "months before numbers",
        "On Jan. 5 the vote was held. Results came on Sept. 10.",
        ["On Jan. 5 the vote was held.", "Results came on Sept. 10."],
    ),
    (
        "no. is a word before a capital",
        "He said no. Then he left.",
        ["He said no.", "Then he left."],
    ),
    ("No. before a number", "See No. 5 on the list.", ["See No. 5 on the list."]),
    (
        "company suffixes",
        "Apple Inc. reported profits. Shares rose.",
        ["Apple Inc. reported profits.", "Shares rose."],
    ),
    (
        "etc. and p.m.",
        "They bought apples, pears, etc. The meeting is at 5 p.m. tomorrow. Be there.",
        ["They bought apples, pears, etc.", "The meeting is at 5 p.m. tomorrow.", "Be there."],
    ),
    (
        "quotes and reporting verbs",
        '"We are ready," he said. "Go!" shouted the officer. She agreed.',
        ['"We are ready," he said.', '"Go!" shouted the officer.', "She agreed."],
    ),
    (
        "e.g. and initials",
        "Writers, e.g. J. R. R. Tolkien, wrote it. He died in 1973.",
        ["Writers, e.g. J. R. R. Tolkien, wrote it.", "He died in 1973."],
    ),
    (
        "Indonesian street names in English news",
        "Traffic was heavy on Jl. Gatot Subroto. Police closed it.",
        ["Traffic was heavy on Jl. Gatot Subroto.", "Police closed it."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in INDONESIAN], ids=[row[0] for row in INDONESIAN]
)
def test_indonesian_rules(text: str, expected: list[str]) -> None:
    assert sentences(text, "id") == expected


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in ENGLISH], ids=[row[0] for row in ENGLISH]
)
def test_english_rules(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def test_english_rules_differ_from_indonesian() -> None:
    # "Bpk." is an Indonesian title; English text does not list it.
    assert sentences("Ia bertemu Mr. Smith di sana.", "id") == ["Ia bertemu Mr. Smith di sana."]
    assert sentences("He met Bpk. Joko there.", "id") == ["He met Bpk. Joko there."]
    assert sentences("He met Bpk. Joko there.", "en") == ["He met Bpk.", "Joko there."]


def test_offsets_index_and_paragraph() -> None:
    text = "  Ia datang.   “Kami siap,” katanya.  "
    result = segment_text(text, "id", paragraph=4, first_index=10)
    assert [(s.start, s.end) for s in result] == [(2, 12), (15, 36)]
    assert [text[s.start : s.end] for s in result] == [s.text for s in result]
    assert [s.index for s in result] == [10, 11]
    assert {s.paragraph for s in result} == {4}


def test_letterless_segments_are_not_translatable() -> None:
    for text in ("–––", "***", "2024", "* * *"):
        (only,) = segment_text(text)
        assert only.text == text
        assert only.translatable is False
    assert segment_text("Ia datang.")[0].translatable is True


def test_empty_and_blank_paragraphs_give_nothing() -> None:
    assert segment_text("") == []
    assert segment_text(" \t ") == []


def test_unknown_language_lists_the_choices() -> None:
    with pytest.raises(OptionError, match=r"'fr'.*id, en") as caught:
        segment_text("Bonjour.", "fr")
    assert isinstance(caught.value, AlignerError)
    with pytest.raises(OptionError):
        segment_document(Document("x", ("Halo.",), "utf-8"), "xx")


def test_segmenter_version_is_a_string() -> None:
    assert isinstance(SEGMENTER_VERSION, str) and SEGMENTER_VERSION


def test_segment_document_counts_across_paragraphs() -> None:
    document = Document("x.txt", ("Satu. Dua.", "–––", "Tiga."), "utf-8")
    result = segment_document(document)
    assert [(s.paragraph, s.index, s.text) for s in result] == [
        (0, 0, "Satu."),
        (0, 1, "Dua."),
        (1, 2, "–––"),
        (2, 3, "Tiga."),
    ]
    assert [s.translatable for s in result] == [True, True, False, True]


def test_article_matches_hand_checked_segmentation() -> None:
    document = read_document(DATA / "article-ukraine.id.txt")
    result = segment_document(document)
    expected = (DATA / "article-ukraine.segments.txt").read_text(encoding="utf-8")
    paragraphs = [block.split("\n") for block in expected.rstrip("\n").split("\n\n")]
    assert len(document.paragraphs) == len(paragraphs) == 25
    assert len(result) == 35
    got = [[s.text for s in result if s.paragraph == p] for p in range(len(paragraphs))]
    assert got == paragraphs
    untranslatable = [s.text for s in result if not s.translatable]
    assert untranslatable == ["–––"]
    assert result[-1].text == "Posted By : togel hongkonģ malam ini"


# Property tests: text built from pieces that exercise every rule.
_PIECES = st.sampled_from(
    [
        "Ia",
        "datang",
        "AS",
        "Dr.",
        "Jl.",
        "dll.",
        "No.",
        "Tbk.",
        "S.H.",
        "U.S.",
        "Mr.",
        "100.000",
        "10.30",
        "2,75",
        "www.x.co.id",
        "a@b.id",
        "...",
        "…",
        "?!",
        ".",
        "!",
        "?",
        "“",
        "”",
        '"',
        "'",
        "(",
        ")",
        "–––",
        "katanya",
        "Kami",
        "e.g.",
        "1.",
        "J.",
        " ",
        "  ",
        "\t",
        "\n",
        "é",
        "ß",
        "x",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=40).map(" ".join) | st.text(max_size=200)


def _check_partition(text: str, lang: str) -> None:
    result = segment_text(text, lang, first_index=3)
    assert [s.index for s in result] == list(range(3, 3 + len(result)))
    position = 0
    for sentence in result:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= position
        assert text[position : sentence.start].strip() == ""  # only whitespace between
        position = sentence.end
    assert text[position:].strip() == ""
    assert "".join("".join(s.text.split()) for s in result) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_property_indonesian_partition(text: str) -> None:
    _check_partition(text, "id")


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_property_english_partition(text: str) -> None:
    _check_partition(text, "en")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_abbreviation_tables_are_well_formed(lang: str) -> None:
    table = abbreviations.table(lang)
    assert all(form.endswith(".") and " " not in form for form in table)
    assert set(table.values()) <= {"never", "number", "can_end"}
    # Acronyms that end sentences must never be listed as unable to end one.
    for acronym in ("AS.", "RT.", "DPR.", "BBC.", "NATO.", "PBB.", "BPK.", "SDA.", "MS."):
        assert table.get(acronym) != "never"
