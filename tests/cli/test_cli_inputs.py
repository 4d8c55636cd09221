"""Web pages, Word, ODT and Markdown files through `aligner translate` and `aligner batch`,
with the tiny model (its English is noise: these tests check where text goes, not what)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from inputs import BODY_SENTENCES, FIXTURES, INPUTS, PAGES
from typer.testing import CliRunner

from aligner.cli import app
from aligner.text.readers import read_input_file
from aligner.text.segmenter import segment_document

FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]
runner = CliRunner()


def _translate(tiny_model: Path, *args: str):
    return runner.invoke(app, ["translate", "--model", str(tiny_model), *FAST, *args])


def _small_docx(path: Path) -> Path:
    """A short article in Word: a Heading 1 title, two paragraphs, a table, a footer."""
    document = docx.Document()
    document.add_heading("Harga beras naik", level=1)
    document.add_paragraph("Harga beras naik di Jakarta. Warga mengeluh.")
    document.add_paragraph("Pemerintah akan menambah pasokan.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Kota", "Harga"
    document.sections[0].footer.paragraphs[0].text = "Hak cipta Kabar Dunia."
    document.save(str(path))
    return path


def test_help_lists_the_input_and_output_formats(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # rich draws the help to this width: no wrapping
    result = runner.invoke(app, ["translate", "--help"])
    assert result.exit_code == 0
    for text in ("--input-format", "txt|html|docx|odt|md", "--html-all", "docx", "bilingual-docx"):
        assert text in result.output, text


def test_a_news_page_translates_to_pairs_of_the_article_only(tiny_model, tmp_path):
    out, meta = tmp_path / "pairs.jsonl", tmp_path / "run.json"
    page = INPUTS / PAGES[0]
    result = _translate(tiny_model, str(page), "-o", str(out), "--meta", str(meta))
    assert result.exit_code == 0, result.stderr
    sources = [json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()]
    assert sources == [s.text for s in segment_document(read_input_file(page))]
    assert set(BODY_SENTENCES) <= set(sources)  # every sentence of the article body
    for chrome in FIXTURES.CHROME:  # and no page chrome: removed, not only flagged
        assert not any(chrome in source for source in sources), chrome
    dropped = json.loads(meta.read_text("utf-8"))["input"]
    assert dropped["format"] == "html" and dropped["dropped_blocks"] > 0
    assert f"extraction left out {dropped['dropped_blocks']} text blocks" in result.stderr


def test_the_article_docx_translates_to_the_same_document_in_english(tiny_model, tmp_path):
    out = tmp_path / "article.en.docx"
    result = _translate(tiny_model, str(INPUTS / "article.id.docx"), "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    before, after = docx.Document(str(INPUTS / "article.id.docx")), docx.Document(str(out))
    assert len(after.paragraphs) == len(before.paragraphs)
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert after.paragraphs[0].style.name == "Heading 1"
    changed = [(b.text, a.text) for b, a in zip(before.paragraphs, after.paragraphs, strict=True)]
    for old, new in changed:  # translated, except lines without letters (copied through)
        assert (new == old) == (old.strip() in ("", "–––")), old
    cells = [(b.text, a.text) for b, a in zip(before.tables[0]._cells, after.tables[0]._cells,
                                               strict=True)]  # fmt: skip
    assert len(cells) == 6 and all(new and new != old for old, new in cells)
    footer = after.sections[0].footer.paragraphs[0].text
    assert footer and footer != before.sections[0].footer.paragraphs[0].text


def test_bilingual_docx_has_one_row_per_pair(tiny_model, tmp_path):
    source = _small_docx(tmp_path / "small.docx")
    review, pairs = tmp_path / "review.bilingual.docx", tmp_path / "pairs.jsonl"
    result = _translate(tiny_model, str(source), "-f", "bilingual-docx", "-o", str(review))
    assert result.exit_code == 0, result.stderr
    assert _translate(tiny_model, str(source), "-o", str(pairs)).exit_code == 0
    records = [json.loads(line) for line in pairs.read_text("utf-8").splitlines()]
    rows = [[c.text for c in row.cells] for row in docx.Document(str(review)).tables[0].rows]
    assert len(rows) == len(records) + 1  # the header row, then one per pair
    assert [row[:2] for row in rows[1:]] == [[r["source"], r["target"]] for r in records]
    assert records[-1]["source"] == "Hak cipta Kabar Dunia."  # the footer, last


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.docx", "corrupt.docx: not a .docx file (not a zip archive)"),
        ("encrypted.docx", "encrypted.docx: the document is encrypted (password-protected)"),
        ("empty-page.html", "empty-page.html: no extractable text"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_writes_nothing(tiny_model, tmp_path, name,
                                                                  message):  # fmt: skip
    out = tmp_path / "out.docx"
    result = _translate(tiny_model, str(INPUTS / name), "-o", str(out))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("aligner: error: ") and message in line
    assert list(tmp_path.iterdir()) == []


def test_input_format_reads_a_page_saved_without_its_extension(tiny_model, tmp_path):
    page = tmp_path / "saved"
    page.write_text(
        "<html><head><title>Judul</title></head><body><nav>Beranda</nav><article>"
        "<p>Harga beras naik di Jakarta pada hari Senin menurut para pedagang.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = _translate(tiny_model, str(page), "--input-format", "html", "--html-all", "-q")
    assert result.exit_code == 0, result.stderr
    sources = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert sources[0] == "Judul" and "Beranda" in sources


def test_batch_takes_pages_and_word_files_and_records_the_bad_ones(tiny_model, tmp_path):
    src = tmp_path / "in"
    (src / "word").mkdir(parents=True)
    (src / "page.html").write_text(
        "<html><head><title>Harga beras naik</title></head><body><nav><a>Beranda</a>"
        "<a>Ekonomi</a></nav><article><h1>Harga beras naik</h1><p>Harga beras naik di "
        "Jakarta pada hari Senin, kata para pedagang di pasar induk.</p><p>Pemerintah "
        "berjanji menambah pasokan dari gudang Bulog dalam waktu dekat.</p></article>"
        "<footer>Hak Cipta © 2026 Kabar</footer></body></html>",
        encoding="utf-8",
    )
    shutil.copy(INPUTS / "empty-page.html", src / "empty.html")
    _small_docx(src / "word" / "small.docx")
    shutil.copy(INPUTS / "corrupt.docx", src / "word" / "corrupt.docx")
    out = tmp_path / "out"
    args = ["batch", str(src), str(out), "--glob", "**/*.*", "--model", str(tiny_model),
            "--backend", "transformers", "-f", "jsonl,docx,bilingual-docx", "-q"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.stderr
    lines = (out / "manifest.jsonl").read_text("utf-8").splitlines()
    records = {r["path"]: r for r in map(json.loads, lines)}
    assert {k: r["status"] for k, r in records.items()} == {
        "empty.html": "failed", "page.html": "done",
        "word/corrupt.docx": "failed", "word/small.docx": "done",
    }  # fmt: skip
    assert records["word/corrupt.docx"]["error"] == "not a .docx file (not a zip archive)"
    assert records["empty.html"]["error"].startswith("no extractable text")
    assert records["page.html"]["dropped_blocks"] == 2  # the menu, the footer
    assert records["page.html"]["dropped_chars"] == len("BerandaEkonomiHak Cipta © 2026 Kabar")
    assert "aligner: error: word/corrupt.docx: not a .docx file" in result.stderr
    translated = docx.Document(str(out / "docs" / "word" / "small.docx.docx"))
    assert translated.paragraphs[0].style.name == "Heading 1"
    assert (out / "docs" / "page.html.bilingual.docx").is_file()
    assert "text blocks left out by html extraction" in (out / "report.html").read_text("utf-8")
