"""The term check and the glossary file: Indonesian forms, English forms, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks import Glossary, GlossaryEntry, check_flags, load_glossary, make_checks
from aligner.errors import AlignerError

GLOSSARY = Glossary(
    "g.tsv",
    (
        GlossaryEntry("Dewan Keamanan", ("Security Council",)),
        GlossaryEntry("vaksin", ("vaccine", "vaccination")),
        GlossaryEntry("tenggiling", ("pangolin",)),
    ),
)


@pytest.mark.parametrize(
    ("source", "output", "flags"),
    [
        ("Dewan Keamanan PBB bersidang.", "The UN Security Council met.", set()),
        ("Dewan Keamanan PBB bersidang.", "The UN Safety Board met.", {"term:Dewan Keamanan"}),
        ("dewan keamanan bersidang", "the security council met", set()),  # any case
        ("Vaksinnya tiba.", "The vaccine arrived.", set()),  # clitic -nya
        ("Vaksinnya tiba.", "The shot arrived.", {"term:vaksin"}),
        ("Vaksin-vaksin tiba.", "Vaccines arrived.", set()),  # reduplicated plural
        ("vaksin-vaksinnya tiba", "the jabs arrived", {"term:vaksin"}),
        ("Vaksinlah dia!", "Vaccinate him!", {"term:vaksin"}),
        ("Vaksinkah itu?", "Is that a vaccination?", set()),  # the second target
        ("vaksinasi massal", "mass jabs", set()),  # another word: no match
        ("tenggiling itu", "that pangolin's scales", set()),
        ("Tanpa istilah.", "No term.", set()),
    ],
)
def test_term_flags(source: str, output: str, flags: set[str]) -> None:
    assert check_flags(source, output, make_checks(GLOSSARY, names=["term"])) == flags


def test_no_glossary_no_term_check() -> None:
    assert [c.name for c in make_checks()] == ["number", "url"]
    assert [c.name for c in make_checks(GLOSSARY)] == ["number", "url", "term"]


def test_glossary_file(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes(
        "\ufeff# OmegaT layout\n\nDewan Keamanan\tSecurity Council\tUN organ\n"
        "vaksin\tvaccine\nvaksin\tvaccination\r\n".encode()
    )
    glossary = load_glossary(path)
    assert glossary.entries == (
        GlossaryEntry("Dewan Keamanan", ("Security Council",)),
        GlossaryEntry("vaksin", ("vaccine", "vaccination")),
    )
    other = tmp_path / "h.tsv"
    other.write_text("vaksin\tvaccine\nvaksin\tvaccination\nDewan Keamanan\tSecurity Council\n")
    assert load_glossary(other).sha256 != glossary.sha256  # the order of entries counts
    other.write_text(
        "# another comment\nDewan Keamanan\tSecurity Council\nvaksin\tvaccine\n"
        "vaksin\tvaccination\n"
    )
    assert load_glossary(other).sha256 == glossary.sha256  # comments do not count


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"vaksin\tvaccine\nvaksin\n", "line 2: expected source<TAB>target"),
        (b"a\tb\tc\td\n", "line 1: expected source<TAB>target"),
        (b"# c\n\tvaccine\n", "line 2: empty source term"),
        (b"vaksin\t \n", "line 1: empty target term"),
        (b"vaksin\tvaccine\nb\xe9bas\tb\n", "line 2: not valid UTF-8"),
    ],
)
def test_bad_glossary_is_one_line_naming_file_and_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(data)
    with pytest.raises(AlignerError) as info:
        load_glossary(path)
    text = str(info.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_missing_glossary(tmp_path: Path) -> None:
    with pytest.raises(AlignerError, match="no such glossary file"):
        load_glossary(tmp_path / "none.tsv")


def test_a_large_glossary_finds_the_same_terms_in_glossary_order() -> None:
    filler = tuple(GlossaryEntry(f"kata{i} lain", (f"word{i}",)) for i in range(3000))
    large = Glossary("big.tsv", (*filler[:1500], *GLOSSARY.entries, *filler[1500:]))
    check = make_checks(large, names=["term"])
    source = "Tenggiling, vaksin-vaksinnya dan Dewan Keamanan; kata2999 lain, kata7 lain."
    assert check_flags(source, "nothing", check) == {
        "term:tenggiling", "term:vaksin", "term:Dewan Keamanan", "term:kata2999 lain",
        "term:kata7 lain",
    }  # fmt: skip
    missing = check[0].missing(source, "nothing")
    assert missing == ["kata7 lain", "Dewan Keamanan", "vaksin", "tenggiling", "kata2999 lain"]
