"""`aligner convert`: every pair format into every other and back, fields as documented
(docs/post-editing.md), post-edits brought along, bad input refused in one line."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import docx
import lxml.etree
import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.output.formats import write_pairs
from aligner.output.formats.xliff import NS
from aligner.output.readers import READERS, open_pairs
from aligner.types import Pair

INPUTS = Path(__file__).parents[1] / "data" / "inputs"
EXT = {"jsonl": ".jsonl", "tsv": ".tsv", "moses": "", "tmx": ".tmx", "xliff": ".xlf",
       "parquet": ".parquet"}  # fmt: skip
TEXT = {"source", "target"}
# what each format carries (the table of docs/post-editing.md); "confidence4": four decimals
CARRIES = {
    "jsonl": TEXT | {"confidence", "doc", "paragraph", "ids", "flags", "bead", "scores"},
    "parquet": TEXT | {"confidence", "doc", "paragraph", "ids", "flags", "bead", "scores", "meta"},
    "xliff": TEXT | {"confidence", "doc", "paragraph", "ids", "flags", "bead", "scores", "meta"},
    "tmx": TEXT | {"confidence4", "doc", "paragraph", "ids", "flags", "bead", "meta"},
    "tsv": TEXT | {"confidence4"},
    "moses": TEXT | {"confidence4"},
}
META = {"model": {"name": "tiny-marian", "weights": "abc123"}, "beams": "1"}
PAIRS = [
    Pair("news.txt", 0, (0,), (0,), "Harga beras naik.", "Rice prices rise.", 0.912345678,
         logprob=-0.46, tokens=5),
    Pair("news.txt", 0, (1,), (1,), "Baca juga: banjir", "Read also: floods", 0.81234567,
         frozenset({"boilerplate:read-also"}), logprob=-1.1, tokens=6),
    Pair("news.txt", 2, (2, 3), (2,), "Dua. Kalimat.", "Two sentences.", 0.3333333, bead="2-1",
         logprob=-3.3, tokens=3),
    Pair("news.txt", 3, (4,), (3,), "2024", "2024", 1.0, frozenset({"passthrough"}),
         logprob=0.0, tokens=2),
]  # fmt: skip


def _survives(original: Pair, back: Pair, fields: set[str]) -> None:
    assert (back.source, back.target) == (original.source, original.target)
    if "confidence" in fields:
        assert back.confidence == original.confidence
    else:  # every format keeps four decimals at least
        assert back.confidence == pytest.approx(original.confidence, abs=5e-5)
    checks = {
        "doc": ("doc",),
        "paragraph": ("paragraph",),
        "ids": ("source_ids", "target_ids"),
        "flags": ("flags",),
        "bead": ("bead",),
        "scores": ("logprob", "tokens"),
    }
    for name, attributes in checks.items():
        if name in fields:
            for attribute in attributes:
                assert getattr(back, attribute) == getattr(original, attribute), attribute


def _convert(runner: CliRunner, path: Path, fmt_in: str, out: Path, fmt_out: str) -> None:
    result = runner.invoke(
        app, ["convert", str(path), "--from", fmt_in, "-o", str(out), "-f", fmt_out]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("first", READERS)
@pytest.mark.parametrize("second", READERS)
def test_every_format_into_every_other_and_back(tmp_path: Path, first: str, second: str):
    runner = CliRunner()
    start = tmp_path / f"start{EXT[first]}"
    write_pairs(PAIRS, first, start, meta=META)
    middle, back = tmp_path / f"middle{EXT[second]}", tmp_path / f"back{EXT[first]}"
    _convert(runner, start, first, middle, second)
    _convert(runner, middle, second, back, first)
    reader = open_pairs(back, first)
    pairs = list(reader.pairs())
    assert len(pairs) == len(PAIRS)
    kept = CARRIES[first] & CARRIES[second]
    for original, read in zip(PAIRS, pairs, strict=True):
        _survives(original, read, kept)
    assert reader.meta == (META if "meta" in kept else {})


def test_formats_that_cannot_say_fill_in_the_same_way(tmp_path: Path):
    start = tmp_path / "c.tsv"
    write_pairs(PAIRS, "tsv", start)
    back = list(open_pairs(start).pairs())
    assert [p.doc for p in back] == [str(start)] * 4
    assert [(p.paragraph, p.source_ids, p.target_ids) for p in back] == [
        (i, (i,), (i,)) for i in range(4)
    ]
    assert all(p.bead == "1-1" and not p.flags and p.logprob is None for p in back)


def _xliff(tmp_path: Path, pairs: list[Pair] = PAIRS) -> Path:
    path = tmp_path / "draft.xlf"
    write_pairs(pairs, "xliff", path, meta=META)
    return path


def _edit(path: Path, edits: dict[str, str], states: dict[str, str] | None = None) -> None:
    tree = lxml.etree.parse(str(path))
    for unit in tree.iter(f"{{{NS}}}trans-unit"):
        target = unit.find(f"{{{NS}}}target")
        target.text = edits.get(unit.get("id"), target.text)
        target.set("state", (states or {}).get(unit.get("id"), target.get("state")))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_a_post_edited_xliff_becomes_a_tmx_with_the_edits_flagged(tmp_path: Path):
    path = _xliff(tmp_path)
    _edit(path, {"p0.s0": "The price of rice goes up."}, {"p2.s2-3": "final"})
    out = tmp_path / "edited.tmx"
    result = CliRunner().invoke(app, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = list(open_pairs(out).pairs())
    assert back[0].target == "The price of rice goes up." and "post-edited" in back[0].flags
    assert back[2].flags == {"confirmed"}
    assert [p.target for p in back[1:]] == [p.target for p in PAIRS[1:]]
    assert not any("post-edited" in p.flags for p in back[1:])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.xlf", "<html/>", "not an XLIFF 1.2 file"),
        ("bad.tmx", '<tmx version="1.4"><header srclang="id"/><body><tu><tuv xml:lang="id">'
         '<seg>a</seg></tuv><tuv xml:lang="de"><seg>b</seg></tuv></tu></body></tmx>',
         "<tu> 1: no id and en <tuv> pair (languages: de, id)"),
        ("bad.tsv", "only one field\n", "line 1: 1 fields, not 3"),
        ("bad.jsonl", '{"doc": "x"}\n', "line 1: not a pair"),
        ("bad.parquet", "not parquet", "not a Parquet file"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, name: str, text: str, message: str
):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["convert", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith(f"aligner: error: {bad}: ") and message in line, line
    assert "\n" not in line and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_an_unknown_extension_asks_for_from(tmp_path: Path):
    odd = tmp_path / "pairs.csv"
    odd.write_text("a\tb\t0.5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["convert", str(odd), "-o", str(tmp_path / "o.tmx")])
    assert result.exit_code != 0 and "--from" in result.output


def test_units_that_no_longer_match_the_source_document_are_refused(tmp_path: Path):
    from aligner.text.readers import read_input_file

    document = read_input_file(INPUTS / "article.id.docx")
    pairs = [Pair(document.path, i, (i,), (i,), text, f"EN {i}", 0.9)
             for i, text in enumerate(document.paragraphs)]  # fmt: skip
    path = _xliff(tmp_path, [*pairs[:3], replace(pairs[3], source="Kalimat lain sama sekali.")])
    out = tmp_path / "out.docx"
    args = ["convert", str(path), "-o", str(out), "--source", str(INPUTS / "article.id.docx")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert f"{path}: unit p3.s3: source 'Kalimat lain sama sekali.' is not in paragraph 4" in (
        result.output
    )
    assert not out.exists()


def test_nan_survives_xliff_and_jsonl(tmp_path: Path):
    path = _xliff(tmp_path, [replace(PAIRS[0], confidence=math.nan)])
    (pair,) = open_pairs(path).pairs()
    assert math.isnan(pair.confidence)


def test_convert_rebuilds_the_word_document_with_the_edits(tmp_path: Path, tiny_model: Path):
    runner = CliRunner()
    source = INPUTS / "article.id.docx"
    fast = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]
    draft, model_docx = tmp_path / "draft.xlf", tmp_path / "model.docx"
    for out in (draft, model_docx):
        args = ["translate", str(source), "--model", str(tiny_model), *fast, "-o", str(out), "-q"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    same = tmp_path / "same.docx"
    result = runner.invoke(app, ["convert", str(draft), "-o", str(same), "--source", str(source)])
    assert result.exit_code == 0, result.output
    assert same.read_bytes() == model_docx.read_bytes()  # as -f docx does from the model

    units = list(lxml.etree.parse(str(draft)).iter(f"{{{NS}}}trans-unit"))
    first_body = next(u for u in units if u.get("id").startswith("p1."))
    _edit(draft, {first_body.get("id"): "An edited first paragraph."})
    edited = tmp_path / "edited.docx"
    result = runner.invoke(app, ["convert", str(draft), "-o", str(edited), "--source", str(source)])
    assert result.exit_code == 0, result.output
    before, after = docx.Document(str(model_docx)), docx.Document(str(edited))
    assert [p.style.name for p in after.paragraphs] == [
        p.style.name for p in docx.Document(str(source)).paragraphs
    ]
    changed = [
        (a.text, b.text)
        for a, b in zip(before.paragraphs, after.paragraphs, strict=True)
        if a.text != b.text
    ]
    assert len(changed) == 1 and changed[0][1].startswith("An edited first paragraph.")


def test_moses_needs_from_and_its_files_must_agree(tmp_path: Path):
    prefix = tmp_path / "corpus"
    (tmp_path / "corpus.id").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "corpus.en").write_text("A\n", encoding="utf-8")
    out = tmp_path / "out.tmx"
    result = CliRunner().invoke(app, ["convert", str(prefix), "-o", str(out)])
    assert result.exit_code != 0 and "--from" in result.output
    result = CliRunner().invoke(app, ["convert", str(prefix), "--from", "moses", "-o", str(out)])
    assert result.exit_code == 1 and "differ in length (2, 1 and 2 lines)" in result.output
    assert not out.exists()
