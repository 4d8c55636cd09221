"""Output writers: each format round-trips, survives hostile text, filters and writes atomically."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from aligner.errors import FormatError, OutputError
from aligner.output.formats import (
    FORMATS,
    WriteReport,
    get_writer,
    infer_format,
    output_paths,
    write_meta,
    write_pairs,
)
from aligner.output.formats.tmx import xml_safe
from aligner.types import Pair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = (
    "a\tb\nc\r\nd\re\x00f\x07g\x1bh\x0bi\x0cj\x85k\u2028l\u2029m "
    "<&>\"' \ud800 \udfff مرحبا بالعالم 😀👍🏽 \ufffe\uffff end"
)
CORPUS = ("tsv", "moses", "tmx")
REVIEW = ("jsonl", "xliff", "text", "html")


def pair(
    index: int,
    source: str = "",
    target: str = "",
    confidence: float = 0.5,
    *,
    paragraph: int = 0,
    doc: str = "doc.txt",
    flags: frozenset[str] = frozenset(),
    bead: str = "1-1",
) -> Pair:
    return Pair(
        doc=doc,
        paragraph=paragraph,
        source_ids=(index,),
        target_ids=(index,) if target else (),
        source=source or f"Kalimat nomor {index}.",
        target=target,
        confidence=confidence,
        flags=flags,
        bead=bead,
        logprob=-1.25,
        tokens=7,
    )


def sample() -> list[Pair]:
    return [
        pair(0, "Jakarta adalah ibu kota.", "Jakarta is the capital.", 0.9123, paragraph=0),
        pair(1, "Ia besar.", "It is big.", 0.42, paragraph=0, flags=frozenset({"ratio", "copy"})),
        pair(2, "Sumber saja.", "", 0.0, paragraph=1, bead="1-0"),
        pair(3, "Kota itu ramai.", "The city is busy.", 0.77777, paragraph=2),
    ]


META = {"model": "Helsinki-NLP/opus-mt-id-en", "options": {"beams": 4, "device": "cpu"}}


def write(tmp_path: Path, fmt: str, pairs: Iterable[Pair], **kw: object) -> WriteReport:
    out = tmp_path / ("out" if fmt == "moses" else f"out.{fmt}")
    return write_pairs(pairs, fmt, out, **kw)  # type: ignore[arg-type]


def as_stream(fmt: str, pairs: list[Pair], **kw: object) -> str:
    stream = io.StringIO()
    write_pairs(pairs, fmt, None, stream=stream, **kw)  # type: ignore[arg-type]
    return stream.getvalue()


# --- registry, names and paths ---------------------------------------------------------


def test_formats_tuple_and_registry() -> None:
    assert FORMATS == (
        "tsv",
        "jsonl",
        "moses",
        "tmx",
        "xliff",
        "text",
        "html",
        "docx",
        "bilingual-docx",
        "ids",
        "parquet",
    )
    for name in FORMATS:
        writer = get_writer(name)
        assert writer.name == name
        assert writer.corpus == (name in CORPUS)
        assert writer.needs_path == (name == "moses")


def test_unknown_format_lists_valid_names(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        write_pairs(sample(), "csv", tmp_path / "out.csv")
    message = str(info.value)
    assert "'csv'" in message
    assert all(name in message for name in FORMATS)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.tsv", "tsv"),
        ("OUT.TSV", "tsv"),
        ("a/b/corpus.jsonl", "jsonl"),
        ("x.ndjson", "jsonl"),
        ("x.json", None),
        ("memory.tmx", "tmx"),
        ("draft.xlf", "xliff"),
        ("draft.XLIFF", "xliff"),
        ("article.en.txt", "text"),
        ("review.html", "html"),
        ("review.HTM", "html"),
        ("corpus", None),
        ("corpus.id", None),
        ("corpus.en", None),
        ("corpus.csv", None),
        ("corpus.parquet", "parquet"),
        (".tsv", None),  # a hidden file named ".tsv" has no suffix
    ],
)
def test_infer_format(name: str, expected: str | None) -> None:
    assert infer_format(Path(name)) == expected


def test_output_paths() -> None:
    assert output_paths("moses", Path("d/train")) == (
        Path("d/train.id"),
        Path("d/train.en"),
        Path("d/train.scores"),
    )
    assert output_paths("tsv", Path("d/x.tsv")) == (Path("d/x.tsv"),)


# --- tsv --------------------------------------------------------------------------------


def test_tsv_sample() -> None:
    assert as_stream("tsv", sample()) == (
        "Jakarta adalah ibu kota.\tJakarta is the capital.\t0.9123\n"
        "Ia besar.\tIt is big.\t0.4200\n"
        "Sumber saja.\t\t0.0000\n"
        "Kota itu ramai.\tThe city is busy.\t0.7778\n"
    )


def test_tsv_hostile_text_stays_three_fields_on_one_line() -> None:
    text = as_stream("tsv", [pair(0, HOSTILE, HOSTILE, 0.5)])
    lines = text.splitlines()  # the strictest reader: splits on every Unicode line break
    assert len(lines) == 1
    source, target, score = lines[0].split("\t")
    assert source == target
    assert score == "0.5000"
    assert source.startswith("a b c d e\x00f\x07g\x1bh i j k l m <&>\"' \ufffd \ufffd مرحبا")
    assert "😀👍🏽" in source
    text.encode("utf-8")  # lone surrogates replaced: valid UTF-8


# --- jsonl ------------------------------------------------------------------------------


def test_jsonl_fields_and_types(tmp_path: Path) -> None:
    write(tmp_path, "jsonl", sample(), meta=META)
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # no header line, no metadata mixed in
    records = [json.loads(line) for line in lines]
    for record, original in zip(records, sample(), strict=True):
        assert record == original.to_json()
        assert list(record) == [
            "doc",
            "paragraph",
            "source_ids",
            "target_ids",
            "source",
            "target",
            "confidence",
            "logprob",
            "tokens",
            "flags",
            "bead",
        ]
        assert isinstance(record["paragraph"], int)
        assert all(isinstance(i, int) for i in record["source_ids"] + record["target_ids"])
        assert isinstance(record["confidence"], float)
        assert isinstance(record["logprob"], float) and isinstance(record["tokens"], int)
        assert record["flags"] == sorted(record["flags"])
    assert records[1]["flags"] == ["copy", "ratio"]
    assert lines[0] == json.dumps(sample()[0].to_json(), ensure_ascii=False)


def test_jsonl_hostile_text_round_trips_exactly(tmp_path: Path) -> None:
    write(tmp_path, "jsonl", [pair(0, HOSTILE, HOSTILE)])
    raw = (tmp_path / "out.jsonl").read_bytes()
    text = raw.decode("utf-8")  # valid UTF-8 although the text has lone surrogates
    assert text.count("\n") == 1
    assert "مرحبا" in text and "😀" in text  # ensure_ascii=False: written as is
    record = json.loads(text)
    assert record["source"] == HOSTILE and record["target"] == HOSTILE


# --- moses ------------------------------------------------------------------------------


def test_moses_files_line_aligned(tmp_path: Path) -> None:
    pairs = [*sample(), pair(4, HOSTILE, "x\ny\u2028z\tw", 0.25)]
    report = write(tmp_path, "moses", pairs)
    assert report.paths == output_paths("moses", tmp_path / "out")
    source, target, scores = (p.read_text(encoding="utf-8").splitlines() for p in report.paths)
    assert len(source) == len(target) == len(scores) == 5
    assert source[0] == "Jakarta adalah ibu kota." and target[0] == "Jakarta is the capital."
    assert target[2] == ""  # a 1-0 bead keeps its line, so the files stay aligned
    assert target[4] == "x y z w"
    assert scores == ["0.9123", "0.4200", "0.0000", "0.7778", "0.2500"]


def test_moses_needs_a_path() -> None:
    with pytest.raises(FormatError, match="moses"):
        write_pairs(sample(), "moses", None, stream=io.StringIO())


# --- tmx --------------------------------------------------------------------------------


def test_tmx_parses_with_both_parsers(tmp_path: Path) -> None:
    write(tmp_path, "tmx", sample(), meta=META)
    path = tmp_path / "out.tmx"
    for root in (ET.parse(path).getroot(), lxml.etree.parse(str(path)).getroot()):
        assert root.tag == "tmx" and root.get("version") == "1.4"
        header = root.find("header")
        assert header is not None
        assert header.get("srclang") == "id"
        for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf"):
            assert header.get(attribute)
        props = {p.get("type"): p.text for p in header.findall("prop")}
        assert props == {
            "x-model": "Helsinki-NLP/opus-mt-id-en",
            "x-options.beams": "4",
            "x-options.device": "cpu",
        }
        units = root.findall("body/tu")
        assert len(units) == 4
        first = {p.get("type"): p.text for p in units[1].findall("prop")}
        assert first == {
            "x-confidence": "0.4200",
            "x-bead": "1-1",
            "x-doc": "doc.txt",
            "x-paragraph": "0",
            "x-flags": "copy ratio",
        }
        tuvs = units[0].findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["id", "en"]
        assert [t.findtext("seg") for t in tuvs] == [
            "Jakarta adalah ibu kota.",
            "Jakarta is the capital.",
        ]
        assert units[2].findall("tuv")[1].findtext("seg") == ""


def test_tmx_hostile_text_is_valid_xml(tmp_path: Path) -> None:
    write(tmp_path, "tmx", [pair(0, HOSTILE, HOSTILE)], meta={"note": "bad\x01\ud800 <meta>"})
    path = tmp_path / "out.tmx"
    expected = xml_safe(HOSTILE).replace("\r\n", "\n").replace("\r", "\n")  # XML line ends
    for root in (ET.parse(path).getroot(), lxml.etree.parse(str(path)).getroot()):
        segs = [seg.text for seg in root.iter("seg")]
        assert segs == [expected, expected]
        assert root.find("header/prop").text == "bad <meta>"  # type: ignore[union-attr]
    assert "\x00" not in expected and "\x07" not in expected and "\ud800" not in expected
    assert "<&>\"' " in expected and "مرحبا" in expected and "😀👍🏽" in expected
    assert "\t" in expected and "\x85" in expected and "\u2028" in expected


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("a\x00b\x08c\x0bd\x1fe", "abcde"),
        ("keep\t\n\r", "keep\t\n\r"),
        ("\ud800x\udc00", "x"),
        ("\ufffe\uffff\ufffd", "\ufffd"),
        ("\U0001f600\U0010ffff", "\U0001f600\U0010ffff"),
        ("\x7f\x85\x9f", "\x7f\x85\x9f"),  # allowed by XML 1.0 (discouraged, not forbidden)
    ],
)
def test_xml_safe(text: str, clean: str) -> None:
    assert xml_safe(text) == clean


def test_tmx_streams_one_unit_at_a_time() -> None:
    stream = io.StringIO()
    seen: list[str] = []

    def pairs() -> Iterator[Pair]:
        for item in sample():
            seen.append(stream.getvalue())
            yield item

    write_pairs(pairs(), "tmx", None, stream=stream)
    # before the third pair is produced, the first two units are already written
    assert seen[2].count("<tu>") == 2 and "</tmx>" not in seen[2]


# --- text -------------------------------------------------------------------------------


def test_text_is_the_english_article_by_paragraph() -> None:
    # paragraph 1 holds only a 1-0 bead: it stays as an empty line
    assert as_stream("text", sample()) == (
        "Jakarta is the capital. It is big.\n\nThe city is busy.\n"
    )


def test_text_gaps_documents_and_line_breaks() -> None:
    pairs = [
        pair(0, target="One.", paragraph=1),
        pair(1, target="Two\nlines.", paragraph=1),
        pair(2, target="", paragraph=1, bead="1-0"),
        pair(3, target="Four.", paragraph=4),
        pair(0, target="Other doc.", paragraph=0, doc="b.txt"),
    ]
    assert as_stream("text", pairs) == "\nOne. Two lines.\n\n\nFour.\n\nOther doc.\n"


def test_text_empty_input_writes_empty_file(tmp_path: Path) -> None:
    write(tmp_path, "text", [])
    assert (tmp_path / "out.text").read_bytes() == b""


# --- html -------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Collects every attribute that could load something from outside the page."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data") or (tag == "link"):
                self.external.append(f"{tag} {name}={value}")


def test_html_review_page(tmp_path: Path) -> None:
    pairs = [*sample(), pair(4, HOSTILE, "<script>alert(1)</script>", 1.0)]
    write(tmp_path, "html", pairs, meta=META)
    text = (tmp_path / "out.html").read_text(encoding="utf-8")
    links = _Links()
    links.feed(text)
    assert links.external == []  # self-contained
    assert "@import" not in text and "url(" not in text
    page = lxml.html.fromstring(text)
    rows = page.xpath("//tr[contains(concat(' ', @class, ' '), ' pair ')]")
    assert len(rows) == 5
    assert [r.get("data-confidence") for r in rows] == [
        "0.9123",
        "0.4200",
        "0.0000",
        "0.7778",
        "1.0000",
    ]
    assert [r.get("class").split()[1] for r in rows] == ["c9", "c4", "c0", "c7", "c9"]
    cells = rows[0].findall("td")
    assert cells[1].get("lang") == "id" and cells[1].text_content() == "Jakarta adalah ibu kota."
    assert cells[2].get("lang") == "en" and cells[2].text_content() == "Jakarta is the capital."
    assert [b.text for b in rows[1].xpath(".//span[@class='badge']")] == ["copy", "ratio"]
    assert rows[2].xpath(".//span[@class='badge bead']")[0].text == "1-0"
    # hostile text is escaped (the script is text, not an element) and controls are visible
    assert page.xpath("//tbody//script") == []
    assert rows[4].findall("td")[2].text_content() == "<script>alert(1)</script>"
    hostile = rows[4].findall("td")[1].text_content()
    assert "U+0000" in hostile and "U+0007" in hostile and "\ufffd" in hostile
    assert [c.text for c in rows[4].xpath(".//span[@class='ctl']")][:3] == [
        "U+0000",
        "U+0007",
        "U+001B",
    ]
    assert "<&>\"'" in hostile and "مرحبا" in hostile
    # histogram: counts per tenth of [0, 1]
    bars = [int(b.text_content()) for b in page.xpath("//div[contains(@class, 'bar ')]")]
    assert bars == [1, 0, 0, 0, 1, 0, 0, 1, 0, 2]
    # run metadata shown
    meta = {r[0].text_content(): r[1].text_content() for r in page.xpath("//details//tr")}
    assert meta == {
        "model": "Helsinki-NLP/opus-mt-id-en",
        "options.beams": "4",
        "options.device": "cpu",
    }
    assert "5 pairs" in page.xpath("//p[@class='summary']")[0].text_content()


def test_html_without_pairs_or_meta(tmp_path: Path) -> None:
    write(tmp_path, "html", [])
    page = lxml.html.fromstring((tmp_path / "out.html").read_text(encoding="utf-8"))
    assert page.xpath("//tr[contains(@class, 'pair')]") == []
    assert "No run metadata" in page.text_content()


# --- all formats ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", CORPUS)
def test_min_confidence_filters_corpus_formats(tmp_path: Path, fmt: str) -> None:
    report = write(tmp_path, fmt, sample(), min_confidence=0.5)
    assert (report.written, report.dropped) == (2, 2)
    first = report.paths[0].read_text(encoding="utf-8")
    assert "Ia besar." not in first and "Sumber saja." not in first
    assert "Jakarta adalah ibu kota." in first and "Kota itu ramai." in first


@pytest.mark.parametrize("fmt", CORPUS)
def test_min_confidence_keeps_pairs_at_the_threshold(tmp_path: Path, fmt: str) -> None:
    report = write(tmp_path, fmt, sample(), min_confidence=0.42)
    assert (report.written, report.dropped) == (3, 1)


@pytest.mark.parametrize("fmt", REVIEW)
def test_min_confidence_ignored_by_review_formats(tmp_path: Path, fmt: str) -> None:
    filtered = write(tmp_path, fmt, sample(), min_confidence=0.99)
    content = filtered.paths[0].read_bytes()
    plain = write(tmp_path, fmt, sample())
    assert (filtered.written, filtered.dropped) == (4, 0)
    assert content == plain.paths[0].read_bytes()


def test_min_confidence_nan_rejected(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="NaN"):
        write(tmp_path, "tsv", sample(), min_confidence=float("nan"))


def test_nan_confidence_is_below_any_threshold() -> None:
    report = write_pairs(
        [pair(0, target="x", confidence=float("nan"))],
        "tsv",
        None,
        stream=io.StringIO(),
        min_confidence=0.0,
    )
    assert (report.written, report.dropped) == (0, 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_pairs_same_bytes(tmp_path: Path, fmt: str) -> None:
    first = [p.read_bytes() for p in write(tmp_path, fmt, sample(), meta=META).paths]
    second = [p.read_bytes() for p in write(tmp_path, fmt, iter(sample()), meta=META).paths]
    assert first == second
    if not get_writer(fmt).binary:  # a zip's bytes may hold any byte
        assert all(b"\r" not in data for data in first)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_survives_hostile_text(tmp_path: Path, fmt: str) -> None:
    pairs = [pair(0, HOSTILE, HOSTILE, 0.6, flags=frozenset({"copy"})), *sample()]
    report = write(tmp_path, fmt, pairs, meta={"note": HOSTILE})
    assert report.written == 5
    for path in report.paths:
        if fmt == "parquet":  # a table pyarrow reads back, one row per pair
            import pyarrow.parquet as pq

            assert pq.read_table(path).num_rows == 5
        elif get_writer(fmt).binary:  # docx: every XML part valid UTF-8 that XML parses
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith(".xml"):
                        lxml.etree.fromstring(archive.read(name))
        else:
            path.read_bytes().decode("utf-8")  # always valid UTF-8


def _failing(after: int) -> Iterator[Pair]:
    yield from sample()[:after]
    raise RuntimeError("model crashed mid-run")


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_mid_iteration_leaves_no_output(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(RuntimeError, match="mid-run"):
        write(tmp_path, fmt, _failing(3))  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []  # no output and no temp file


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_mid_iteration_keeps_previous_output(tmp_path: Path, fmt: str) -> None:
    before = write(tmp_path, fmt, sample()[:1])
    old = {p: p.read_bytes() for p in before.paths}
    with pytest.raises(RuntimeError):
        write(tmp_path, fmt, _failing(3))  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in before.paths} == old
    assert sorted(tmp_path.iterdir()) == sorted(old)


@pytest.mark.parametrize("fmt", ["tsv", "moses"])
def test_meta_file_is_written_with_the_output_or_not_at_all(tmp_path: Path, fmt: str) -> None:
    out, meta = tmp_path / "out" / "corpus.tsv", tmp_path / "run.json"
    out.parent.mkdir()
    with pytest.raises(RuntimeError, match="mid-run"):
        write_pairs(_failing(3), fmt, out, meta=META, meta_path=meta)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == [out.parent] and list(out.parent.iterdir()) == []
    report = write_pairs(sample(), fmt, out, meta=META, meta_path=meta)
    assert json.loads(meta.read_text("utf-8")) == META
    assert all(path.is_file() for path in report.paths)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_equal_to_input_is_refused(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("in" if fmt == "moses" else "in.txt")
    source = output_paths(fmt, out)[0]
    source.write_text("original input\n")
    with pytest.raises(OutputError, match="input"):
        write_pairs(sample(), fmt, out, inputs=[source])
    assert source.read_text() == "original input\n"
    assert sorted(tmp_path.iterdir()) == [source]


def test_unwritable_output_raises_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_pairs(sample(), "tsv", tmp_path / "missing" / "out.tsv")


def test_default_stream_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    report = write_pairs(sample()[:1], "tsv", None)
    assert capsys.readouterr().out == "Jakarta adalah ibu kota.\tJakarta is the capital.\t0.9123\n"
    assert report == WriteReport(written=1, dropped=0, paths=())


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx"])
def test_writers_stream_without_materialising(fmt: str) -> None:
    stream = io.StringIO()
    lengths: list[int] = []

    def pairs() -> Iterator[Pair]:
        for item in sample():
            lengths.append(len(stream.getvalue()))
            yield item

    write_pairs(pairs(), fmt, None, stream=stream)
    assert lengths[1] < lengths[2] < lengths[3]  # output grows while pairs are produced


def test_write_meta(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    meta = {"zeta": 1, "alpha": {"b": 2, "a": "é"}, "path": Path("x/y"), "odd": "\ud800"}
    write_meta(path, meta)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "é" in text  # UTF-8, not \\u escapes
    assert list(json.loads(text)) == ["alpha", "odd", "path", "zeta"]
    assert json.loads(text)["alpha"] == {"a": "é", "b": 2}
    assert json.loads(text)["path"] == "x/y"
    assert json.loads(text)["odd"] == "\ud800"
    assert re.fullmatch(r"\{.*\}\n", text, re.S)
    write_meta(path, meta)
    assert path.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_write_meta_refuses_an_input(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text("Halo.\n")
    with pytest.raises(OutputError, match="input"):
        write_meta(source, {"a": 1}, inputs=[source])
    assert source.read_text() == "Halo.\n"
