"""Reading documents: encodings, BOMs, binary refusal, normalisation, paragraph modes."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest

from aligner.errors import (
    AlignerError,
    BinaryInputError,
    DecodeError,
    InputNotFoundError,
    OptionError,
)
from aligner.text.load import normalise, read_document, read_document_bytes

TEXT = "Harga naik. “Kami siap,” katanya.\nBaris kedua é."


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom"],
)
def test_unicode_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    document = read_document(write(tmp_path, data))
    assert document.paragraphs == ("Harga naik. “Kami siap,” katanya.", "Baris kedua é.")
    assert document.encoding == encoding
    assert document.path == str(tmp_path / "doc.txt")


def test_invalid_utf8_names_file_and_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "Kafe é\n".encode() + b"caf\xe9 enak.\n")
    with pytest.raises(DecodeError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message == f"{path}: not valid UTF-8 at byte 11 (use --encoding to name the encoding)"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + b"ab\xff")
    with pytest.raises(DecodeError, match="at byte 5"):
        read_document(path)


def test_named_encoding_reads_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, "Kafé enak. Harganya murah.".encode("latin-1"))
    document = read_document(path, encoding="latin-1")
    assert document.paragraphs == ("Kafé enak. Harganya murah.",)
    assert document.encoding == "latin-1"


def test_named_utf8_accepts_a_bom(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, codecs.BOM_UTF8 + b"Halo."), encoding="utf-8")
    assert document.paragraphs == ("Halo.",)


def test_named_encoding_that_does_not_fit(tmp_path: Path) -> None:
    path = write(tmp_path, b"ok \x81")
    with pytest.raises(DecodeError, match=r"not valid cp1252 at byte 3$"):
        read_document(path, encoding="cp1252")


def test_unknown_encoding(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="unknown encoding 'klingon'"):
        read_document(write(tmp_path, b"Halo."), encoding="klingon")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", "image.png")
    with pytest.raises(BinaryInputError, match=r"image\.png: binary file"):
        read_document(path)


def test_utf16_without_bom_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "Halo dunia.".encode("utf-16-le"))
    with pytest.raises(BinaryInputError, match=r"UTF-16 without a BOM, use --encoding utf-16-le"):
        read_document(path)
    assert read_document(path, encoding="utf-16-le").paragraphs == ("Halo dunia.",)


def test_nul_in_utf16_text_is_refused_after_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF16_LE + "ab\x00c".encode("utf-16-le"))
    with pytest.raises(BinaryInputError):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"nope\.txt: no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputNotFoundError, match="is a directory"):
        read_document(tmp_path)


def test_errors_share_the_root() -> None:
    for error in (BinaryInputError, DecodeError, InputNotFoundError, OptionError):
        assert issubclass(error, AlignerError)


def test_empty_file_has_no_paragraphs(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, b"")).paragraphs == ()
    assert read_document(write(tmp_path, b"\n \n\t\n")).paragraphs == ()
    assert read_document(write(tmp_path, codecs.BOM_UTF8)).paragraphs == ()


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, b"Satu.\r\nDua.\rTiga.\n\r\nEmpat."))
    assert document.paragraphs == ("Satu.", "Dua.", "Tiga.", "Empat.")


def test_spaces_and_invisible_characters_are_normalised() -> None:
    raw = "Rp\u00a0100.000\u202fdan\u2007x. Kata\u00adkata\u200b dan zero\u200dwidth\ufeff."
    assert normalise(raw) == "Rp 100.000 dan x. Katakata dan zerowidth."


def test_text_is_nfc() -> None:
    assert normalise("Kafe\u0301") == "Kafé"


def test_offsets_refer_to_the_normalised_text(tmp_path: Path) -> None:
    from aligner.text.segmenter import segment_document

    path = write(tmp_path, "Har\u00adga\u00a0naik. Ya.\r\n".encode())
    document = read_document(path)
    (paragraph,) = document.paragraphs
    assert paragraph == "Harga naik. Ya."
    for sentence in segment_document(document):
        assert paragraph[sentence.start : sentence.end] == sentence.text


def test_blank_mode_joins_wrapped_lines(tmp_path: Path) -> None:
    data = b"Baris satu\nberlanjut di sini.\n\n  Paragraf dua.  \n\n\n***\nTiga\nempat.\n"
    document = read_document(write(tmp_path, data), paragraphs="blank")
    assert document.paragraphs == (
        "Baris satu berlanjut di sini.",
        "Paragraf dua.",
        "***",
        "Tiga empat.",
    )


def test_line_mode_is_the_default(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, b"Baris satu\nberlanjut.\n\nDua.\n"))
    assert document.paragraphs == ("Baris satu", "berlanjut.", "Dua.")


def test_unknown_paragraph_mode(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="line, blank"):
        read_document(write(tmp_path, b"x"), paragraphs="sentence")


def test_stdin_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF8 + b"Halo dunia.\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    document = read_document("-")
    assert document.path == "-"
    assert document.paragraphs == ("Halo dunia.",)


def test_stdin_errors_name_stdin() -> None:
    with pytest.raises(DecodeError, match=r"^<stdin>: not valid UTF-8 at byte 0"):
        read_document_bytes(b"\xff", "-")


def test_bytes_already_read() -> None:
    document = read_document_bytes(b"Satu.\nDua.", "batch/a.txt", paragraphs="line")
    assert document.path == "batch/a.txt"
    assert document.paragraphs == ("Satu.", "Dua.")


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16"])
def test_a_bom_wins_over_a_named_encoding(bom_codec: str) -> None:
    # align reads both sides with one --encoding: the English side's BOM must still count
    data = "“Kafe itu ramai.” Harga naik.\n".encode(bom_codec)
    doc = read_document_bytes(data, "x.txt", encoding="latin-1")
    assert doc.paragraphs == ("“Kafe itu ramai.” Harga naik.",)
