"""The docx and bilingual-docx writers: structure kept, one row per pair, byte-stable."""

from __future__ import annotations

import io
import json

import docx
import pytest
from inputs import INPUTS, PAGES

from aligner.output.formats import get_writer, infer_format, output_paths, write_pairs
from aligner.output.formats.bilingual_docx import LOW_CONFIDENCE, SHADE
from aligner.text.readers import read_input_file
from aligner.text.segmenter import segment_document
from aligner.types import Document, Pair


def _pairs(document: Document) -> list[Pair]:
    """Writer input: one pair per sentence, its target naming paragraph and sentence, so
    that where each one lands can be checked (the writers never see a model)."""
    return [
        Pair(document.path, s.paragraph, (s.index,), (s.index,), s.text,
             f"EN{s.paragraph}.{s.index}", 0.9 if s.index % 3 else 0.2)
        for s in segment_document(document)
    ]  # fmt: skip


def _expected(pairs: list[Pair]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for pair in pairs:
        out.setdefault(pair.paragraph, []).append(pair.target)
    return {k: " ".join(v) for k, v in out.items()}


def _texts(path) -> dict[str, list[str]]:
    document = docx.Document(str(path))
    section = document.sections[0]
    return {
        "body": [p.text for p in document.paragraphs],
        "styles": [p.style.name for p in document.paragraphs],
        "cells": [c.text for t in document.tables for r in t.rows for c in r.cells],
        "header": [p.text for p in section.header.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
    }


def test_docx_is_inferred_from_the_extension_and_bilingual_docx_never():
    assert infer_format("out.docx") == "docx"
    assert infer_format("out.bilingual.docx") == "docx"
    assert output_paths("bilingual-docx", "review.bilingual.docx")[0].name.endswith(".docx")
    assert get_writer("bilingual-docx").extensions == (".bilingual.docx",)


def test_a_docx_input_comes_back_with_its_structure_and_each_text_in_place(tmp_path):
    source = read_input_file(INPUTS / "article.id.docx")
    pairs = _pairs(source)
    out = tmp_path / "out.docx"
    write_pairs(pairs, "docx", out, origin=source.origin)
    before, after = _texts(INPUTS / "article.id.docx"), _texts(out)
    assert len(after["body"]) == len(before["body"])  # empty paragraphs too
    assert after["styles"] == before["styles"]
    assert after["styles"][0] == "Heading 1" and after["styles"][-1] == "List Bullet"
    # every non-empty paragraph, wherever it is, holds the targets of its own pairs
    expected = _expected(pairs)
    translated = read_input_file(out).paragraphs  # read in the same order as the source
    assert translated == tuple(expected[k] for k in range(len(source.paragraphs)))
    assert after["cells"][0] == expected[source.paragraphs.index("Pihak")]
    assert after["footer"] == [expected[len(source.paragraphs) - 1]]
    assert after["header"] == [expected[0]]


def test_inline_formatting_is_simplified_to_the_first_run(tmp_path):
    source_doc = docx.Document()
    paragraph = source_doc.add_paragraph()
    paragraph.add_run("Harga ").italic = True
    paragraph.add_run("beras").bold = True
    paragraph.add_run(" naik.")
    path = tmp_path / "runs.docx"
    source_doc.save(str(path))
    source = read_input_file(path)
    write_pairs(_pairs(source), "docx", tmp_path / "out.docx", origin=source.origin)
    runs = docx.Document(str(tmp_path / "out.docx")).paragraphs[0].runs
    assert [r.text for r in runs] == ["EN0.0", "", ""]  # the runs stay, their text goes
    assert runs[0].italic


def test_a_paragraph_starting_with_a_link_gets_its_translation_outside_the_link(tmp_path):
    from docx.oxml import OxmlElement

    source_doc = docx.Document()
    paragraph = source_doc.add_paragraph()
    link, run, text = OxmlElement("w:hyperlink"), OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "Baca"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(" selengkapnya di sini.").bold = True
    path = tmp_path / "link.docx"
    source_doc.save(str(path))
    source = read_input_file(path)
    assert source.paragraphs == ("Baca selengkapnya di sini.",)  # the link's text is read
    write_pairs(_pairs(source), "docx", tmp_path / "out.docx", origin=source.origin)
    out = docx.Document(str(tmp_path / "out.docx")).paragraphs[0]
    assert [r.text for r in out.runs] == ["EN0.0"] and out.runs[0].bold
    assert out._p.xpath("string(./w:hyperlink)") == ""


@pytest.mark.parametrize("name", [PAGES[0], "article.id.md"])
def test_other_inputs_give_a_plain_document_one_paragraph_per_paragraph(tmp_path, name):
    source = read_input_file(INPUTS / name)
    pairs = _pairs(source)
    write_pairs(pairs, "docx", tmp_path / "out.docx", origin=source.origin)
    body = _texts(tmp_path / "out.docx")["body"]
    assert body == [_expected(pairs)[k] for k in range(len(source.paragraphs))]


def test_bilingual_docx_has_a_header_row_and_one_row_per_pair_low_ones_shaded(tmp_path):
    source = read_input_file(INPUTS / "article.id.docx")
    pairs = _pairs(source)
    out = tmp_path / "review.bilingual.docx"
    write_pairs(pairs, "bilingual-docx", out, origin=source.origin)
    (table,) = docx.Document(str(out)).tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Indonesian", "English", "Confidence"]
    assert rows[1:] == [[p.source, p.target, f"{p.confidence:.4f}"] for p in pairs]
    for row, pair in zip(table.rows[1:], pairs, strict=True):
        fills = [c._tc.xpath("./w:tcPr/w:shd/@w:fill") for c in row.cells]
        assert fills == ([[SHADE]] * 3 if pair.confidence < LOW_CONFIDENCE else [[]] * 3)


def test_flags_go_into_the_confidence_cell(tmp_path):
    pair = Pair("d", 0, (0,), (0,), "***", "***", 1.0, frozenset({"passthrough"}))
    write_pairs([pair], "bilingual-docx", tmp_path / "r.docx")
    cells = docx.Document(str(tmp_path / "r.docx")).tables[0].rows[1].cells
    assert cells[2].text == "1.0000 passthrough"


@pytest.mark.parametrize("fmt", ["docx", "bilingual-docx"])
def test_same_pairs_give_the_same_bytes_on_stdout_and_in_a_file(tmp_path, fmt):
    source = read_input_file(INPUTS / "article.id.docx")
    pairs = _pairs(source)
    write_pairs(pairs, fmt, tmp_path / "a.docx", origin=source.origin)
    write_pairs(pairs, fmt, tmp_path / "b.docx", origin=source.origin)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    write_pairs(pairs, fmt, None, stream=stream, origin=source.origin)
    stream.flush()
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert stream.buffer.getvalue() == (tmp_path / "a.docx").read_bytes()  # type: ignore[attr-defined]


def test_meta_beside_a_binary_output_is_json(tmp_path):
    write_pairs([], "docx", tmp_path / "o.docx", meta={"k": 1}, meta_path=tmp_path / "m.json")
    assert json.loads((tmp_path / "m.json").read_text("utf-8")) == {"k": 1}
    assert docx.Document(str(tmp_path / "o.docx")).paragraphs == []
