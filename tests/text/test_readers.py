"""Input readers (aligner.text.readers): registry, formats, and the bad inputs they refuse."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from inputs import BODY, BODY_SENTENCES, DATA, FIXTURES, INPUTS, PAGES  # tests/inputs.py

from aligner.errors import (
    CorruptInputError,
    DecodeError,
    EncryptedInputError,
    NoTextError,
    OptionError,
)
from aligner.text.load import read_document
from aligner.text.readers import (
    READERS,
    ReadOptions,
    get_reader,
    infer_input_format,
    read_input_bytes,
    read_input_file,
)
from aligner.text.segmenter import segment_document
from aligner.translation.backends import BACKENDS


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["translate", "-", "--input-format", "pdf"], READERS),
        (["translate", "-", "--backend", "marian"], ("auto", *BACKENDS)),
    ],
)
def test_the_cli_choices_are_the_registered_names(args: list[str], names: tuple[str, ...]):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "aligner", *args], input="", capture_output=True, text=True
    )
    assert run.returncode == 2
    assert f"choose one of: {', '.join(names)}" in run.stderr


def test_an_unknown_reader_is_refused_with_the_valid_names():
    with pytest.raises(OptionError, match=r"unknown input format 'pdf'.*txt, html, docx, odt, md"):
        get_reader("pdf")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.txt", "txt"), ("a.id", "txt"), ("noext", "txt"), ("-", "txt"),
        ("page.HTML", "html"), ("page.htm", "html"), ("x.xhtml", "html"),
        ("doc.docx", "docx"), ("doc.odt", "odt"), ("README.md", "md"), ("a.markdown", "md"),
    ],
)  # fmt: skip
def test_the_format_comes_from_the_extension(path, expected):
    assert infer_input_format(path) == expected


def test_txt_through_the_registry_is_the_text_reader():
    path = DATA / "article-ukraine.id.txt"
    assert read_input_file(path) == read_document(path)
    blank = read_input_file(path, "txt", ReadOptions(paragraphs="blank"))
    assert blank == read_document(path, paragraphs="blank")


def test_input_format_overrides_the_extension(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes((INPUTS / PAGES[0]).read_bytes())
    assert read_input_file(page, "html").paragraphs[1] == BODY[0]
    assert read_input_file(page).paragraphs[0].startswith("<!DOCTYPE html>")


# ----------------------------------------------------------------------------- html


@pytest.mark.parametrize("page", PAGES)
def test_a_news_page_gives_the_article_and_none_of_the_chrome(page):
    document = read_input_file(INPUTS / page)
    assert document.paragraphs[0] == FIXTURES.TITLE  # the title first, once
    assert document.paragraphs.count(FIXTURES.TITLE) == 1
    for line in BODY:
        assert line in document.paragraphs
    text = "\n".join(document.paragraphs)
    for chrome in FIXTURES.CHROME:
        assert chrome not in text, chrome
    sentences = {s.text for s in segment_document(document)}
    assert set(BODY_SENTENCES) <= sentences


@pytest.mark.parametrize("page", PAGES)
def test_what_extraction_leaves_out_is_counted_and_html_all_keeps_it(page):
    document = read_input_file(INPUTS / page)
    everything = read_input_file(INPUTS / page, options=ReadOptions(html_all=True))
    assert document.origin is not None and everything.origin is not None
    left_out = [p for p in everything.paragraphs if p not in "\n".join(document.paragraphs)]
    assert document.origin.dropped_blocks == len(left_out) > 0
    assert document.origin.dropped_chars == sum(map(len, left_out))
    assert everything.origin.dropped_blocks == everything.origin.dropped_chars == 0
    text = "\n".join(everything.paragraphs)
    assert "Hak Cipta © 2026" in text and "Bagikan:" in text and "Beranda" in text
    for line in BODY:
        assert line in everything.paragraphs


def test_a_page_with_no_article_is_one_line_naming_the_file():
    path = INPUTS / "empty-page.html"
    with pytest.raises(NoTextError, match=r"^.*empty-page\.html: no extractable text") as info:
        read_input_file(path)
    assert "\n" not in str(info.value)
    with pytest.raises(NoTextError, match=r"empty-page\.html: no text in the page"):
        read_input_file(path, options=ReadOptions(html_all=True))


def _page(body: str, charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>Judul</title></head><body>'
        f"<nav><a href='/'>Beranda</a></nav><article><h1>Judul</h1>{body}</article></body></html>"
    )


def test_a_declared_charset_decodes_a_page_that_is_not_utf8():
    text = "<p>Harga kopi naik 5 persen – kata pedagang di pasar.</p>" * 3
    data = _page(text, "windows-1252").encode("cp1252")
    document = read_input_bytes(data, "page.html", options=ReadOptions(html_all=True))
    assert document.encoding == "windows-1252"
    assert "Harga kopi naik 5 persen – kata pedagang di pasar." in document.paragraphs


def test_a_wrong_charset_declaration_falls_back_to_a_guess():
    data = _page("<p>Harga kopi naik – kata pedagang.</p>", "x-no-such-charset").encode("cp1252")
    document = read_input_bytes(data, "page.html", options=ReadOptions(html_all=True))
    assert "Harga kopi naik – kata pedagang." in document.paragraphs


def test_a_page_in_an_encoding_the_user_names_wrongly_is_an_error():
    data = _page("<p>Harga kopi – naik.</p>").encode("utf-8")
    with pytest.raises(DecodeError, match=r"page\.html: not valid ascii"):
        read_input_bytes(data, "page.html", options=ReadOptions(encoding="ascii"))


# ----------------------------------------------------------------------------- docx


def test_a_docx_reads_header_body_table_cells_and_footer_in_order():
    document = read_input_file(INPUTS / "article.id.docx")
    paragraphs = document.paragraphs
    assert paragraphs[0] == "Kabar Dunia – Internasional"  # the header
    assert paragraphs[1] == FIXTURES.TITLE
    assert paragraphs[-1].startswith("Hak cipta Kabar Dunia")  # the footer
    assert paragraphs[-2] == "Sikap kedua pihak"  # a list item, last in the body
    table = ["Pihak", "Tuntutan", "Rusia", "Jaminan NATO tidak berekspansi"]
    start = paragraphs.index("Pihak")
    assert list(paragraphs[start : start + 4]) == table
    assert paragraphs[start - 1] == BODY[3]  # the table stands after the fourth paragraph
    assert [p for p in paragraphs if p in BODY] == BODY
    assert document.origin is not None and document.origin.format == "docx"
    assert document.origin.data == (INPUTS / "article.id.docx").read_bytes()


def test_docx_runs_hyperlinks_tabs_and_breaks_make_one_clean_paragraph(tmp_path):
    import docx

    source = docx.Document()
    paragraph = source.add_paragraph("Harga ")
    paragraph.add_run("beras").bold = True
    run = paragraph.add_run(" naik.\tKata")
    run.add_break()
    paragraph.add_run("pedagang.")
    source.add_paragraph("")  # empty: skipped
    path = tmp_path / "runs.docx"
    source.save(str(path))
    assert read_input_file(path).paragraphs == ("Harga beras naik. Kata pedagang.",)


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("corrupt.docx", None, CorruptInputError, "not a .docx file (not a zip archive)"),
        ("encrypted.docx", None, EncryptedInputError, "encrypted (password-protected)"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
         CorruptInputError, "an old binary Word .doc"),
        ("odt.docx", (INPUTS / "article.id.odt").read_bytes(), CorruptInputError,
         "not a readable Word document"),
    ],
)  # fmt: skip
def test_bad_docx_is_one_line_naming_the_file(name, data, error, message):
    data = (INPUTS / name).read_bytes() if data is None else data
    with pytest.raises(error) as info:
        read_input_bytes(data, f"in/{name}")
    assert str(info.value).startswith(f"in/{name}: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_docx_without_text_is_refused(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(NoTextError, match=r"blank\.docx: no text in the document"):
        read_input_file(path)


# ----------------------------------------------------------------------------- odt, md


def test_an_odt_reads_heading_spans_lists_and_table_cells():
    paragraphs = read_input_file(INPUTS / "article.id.odt").paragraphs
    assert paragraphs[:7] == (FIXTURES.TITLE, *BODY[:6])
    assert paragraphs[7:] == ("Rusia menuntut jaminan.", "AS menolak tuntutan itu.",
                              "Pihak", "Tuntutan")  # fmt: skip


def test_an_encrypted_odt_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as odt:
        odt.writestr("content.xml", b"\x8a\x01garbled")
        odt.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:'
            '1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data'
            "/></manifest:file-entry></manifest:manifest>",
        )
    with pytest.raises(EncryptedInputError, match=r"secret\.odt: the document is encrypted"):
        read_input_bytes(buffer.getvalue(), "secret.odt")


def test_markdown_gives_block_text_and_passes_code_through():
    paragraphs = read_input_file(INPUTS / "article.id.md").paragraphs
    assert paragraphs[0] == FIXTURES.TITLE  # "# " gone
    assert paragraphs[1] == BODY[0]  # *emphasis* gone
    assert "Rusia menuntut jaminan tertulis." in paragraphs  # **strong** gone
    assert "AS menolak tuntutan itu." in paragraphs  # the link's text
    assert paragraphs[-1] == "curl https://example.org/api"  # the code block as it stands


def test_help_imports_no_reader_library():
    code = (
        "import sys; from aligner.cli import app; from aligner.text.readers import get_reader\n"
        "for name in ('html', 'docx', 'odt', 'md'): get_reader(name)\n"
        "heavy = ('trafilatura', 'docx', 'markdown_it', 'lxml')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
