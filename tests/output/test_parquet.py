"""The parquet writer: JSONL's fields as typed columns, the signature in the schema's
metadata, byte-stable, streamed in row groups, and a one-line error without pyarrow;
translate, align and batch write it from the CLI, and check for pyarrow before any work."""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.common.jsontext import replace_surrogates
from aligner.errors import FormatError
from aligner.output.formats import get_writer, infer_format, write_pairs
from aligner.output.formats import parquet as parquet_format
from aligner.types import Pair

COLUMNS = ["doc", "paragraph", "source_ids", "target_ids", "source", "target",
           "confidence", "logprob", "tokens", "flags", "bead"]  # fmt: skip
META = {"model": "Helsinki-NLP/opus-mt-id-en", "options": {"beams": 4, "device": "cpu"}}
HOSTILE = (
    "a\tb\nc\r\nd\re\x00f\x07g\x1bh\x0bi\x0cj\x85k\u2028l\u2029m "
    "<&>\"' \ud800 \udfff مرحبا بالعالم 😀👍🏽 \ufffe\uffff end"
)
FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]
INSTALL = "pip install 'aligner[parquet]'"
runner = CliRunner()


def sample() -> list[Pair]:
    return [
        Pair("a.txt", 0, (0,), (0,), "Jakarta adalah ibu kota.", "Jakarta is the capital.",
             0.9123, logprob=-0.5, tokens=6),
        Pair("a.txt", 0, (1,), (1,), "Ia besar.", "Ia besar.", 0.42,
             frozenset({"ratio", "copy"}), logprob=-3.5, tokens=4),
        Pair("a.txt", 1, (2,), (), "Sumber saja.", "", 0.0, bead="1-0"),  # alignment: nulls
        Pair("b.txt", 2, (3, 4), (2,), "Kota itu. Ramai.", "The city is busy.", 0.77777,
             bead="2-1", logprob=-1.25, tokens=7),
    ]  # fmt: skip


def write(path: Path, pairs: list[Pair] | Iterator[Pair], **kw: object) -> list[dict]:
    write_pairs(pairs, "parquet", path, **kw)  # type: ignore[arg-type]
    return pq.read_table(path).to_pylist()


def test_registered_as_a_binary_review_format_that_embeds_the_metadata() -> None:
    writer = get_writer("parquet")
    assert writer.extensions == (".parquet",) and writer.binary and writer.uses_meta
    assert not writer.corpus and not writer.needs_path
    assert infer_format(Path("corpus.parquet")) == infer_format(Path("X.PARQUET")) == "parquet"


def test_rows_are_the_jsonl_records_in_jsonl_column_order(tmp_path: Path) -> None:
    rows = write(tmp_path / "out.parquet", sample(), meta=META)
    assert rows == [pair.to_json() for pair in sample()]
    assert list(rows[0]) == COLUMNS == list(sample()[0].to_json())
    assert rows[1]["flags"] == ["copy", "ratio"]  # sorted, as in jsonl
    assert rows[2]["logprob"] is None and rows[2]["tokens"] is None


def test_columns_have_fixed_types(tmp_path: Path) -> None:
    write_pairs(sample(), "parquet", tmp_path / "out.parquet")
    schema = pq.read_schema(tmp_path / "out.parquet")
    ints, strings = pa.list_(pa.field("element", pa.int64(), nullable=False)), pa.string()
    assert [(f.name, f.type) for f in schema] == [
        ("doc", strings), ("paragraph", pa.int64()), ("source_ids", ints),
        ("target_ids", ints), ("source", strings), ("target", strings),
        ("confidence", pa.float64()), ("logprob", pa.float64()), ("tokens", pa.int64()),
        ("flags", pa.list_(pa.field("element", pa.string(), nullable=False))),
        ("bead", strings),
    ]  # fmt: skip
    assert [f.name for f in schema if f.nullable] == ["logprob", "tokens"]
    assert schema.remove_metadata() == parquet_format.schema().remove_metadata()


def test_the_signature_is_in_the_schema_metadata(tmp_path: Path) -> None:
    meta = {**META, "path": Path("x/y"), "note": "é \ud800"}
    write_pairs(sample(), "parquet", tmp_path / "out.parquet", meta=meta)
    metadata = pq.read_schema(tmp_path / "out.parquet").metadata
    assert set(metadata) == {b"aligner"}  # nothing else: pyarrow's own schema copy aside
    text = metadata[b"aligner"].decode("utf-8")
    assert json.loads(text) == {**META, "path": "x/y", "note": "é \ud800"}
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_min_confidence_keeps_every_pair_like_jsonl(tmp_path: Path) -> None:
    filtered = write_pairs(sample(), "parquet", tmp_path / "f.parquet", min_confidence=0.99)
    plain = write_pairs(sample(), "parquet", tmp_path / "p.parquet")
    assert (filtered.written, filtered.dropped) == (4, 0)
    assert filtered.paths[0].read_bytes() == plain.paths[0].read_bytes()


def test_zero_pairs_give_a_valid_file_with_the_schema_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    report = write_pairs([], "parquet", path, meta=META)
    table = pq.read_table(path)
    assert report.written == 0 and table.num_rows == 0
    assert table.column_names == COLUMNS
    assert json.loads(table.schema.metadata[b"aligner"]) == META


def test_same_pairs_and_meta_give_the_same_bytes_in_a_file_and_on_stdout(tmp_path: Path) -> None:
    write_pairs(sample(), "parquet", tmp_path / "a.parquet", meta=META)
    write_pairs(iter(sample()), "parquet", tmp_path / "b.parquet", meta=META)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    write_pairs(sample(), "parquet", None, stream=stream, meta=META)
    first = (tmp_path / "a.parquet").read_bytes()
    assert first == (tmp_path / "b.parquet").read_bytes()
    assert stream.buffer.getvalue() == first  # type: ignore[attr-defined]
    write_pairs(sample(), "parquet", tmp_path / "c.parquet", meta={"other": 1})
    assert (tmp_path / "c.parquet").read_bytes() != first  # the metadata is in the bytes


def test_non_ascii_and_control_characters_survive(tmp_path: Path) -> None:
    hostile = Pair(HOSTILE, 0, (0,), (0,), HOSTILE, HOSTILE, 0.6,
                   frozenset({"boilerplate:\ud800", "copy"}), bead="1-1")  # fmt: skip
    (row,) = write(tmp_path / "out.parquet", [hostile])
    expected = replace_surrogates(HOSTILE)  # UTF-8 cannot hold a lone surrogate; all else kept
    assert row["source"] == row["target"] == row["doc"] == expected
    assert "\x00" in expected and "\r\n" in expected and "\u2028" in expected
    assert "مرحبا" in expected and "😀👍🏽" in expected and "\ufffe\uffff" in expected
    assert row["flags"] == ["boilerplate:\ufffd", "copy"]


def test_nan_confidence_stays_nan_not_null(tmp_path: Path) -> None:
    nan = Pair("d", 0, (0,), (0,), "Halo.", "Hello.", math.nan, logprob=math.nan, tokens=2)
    (row,) = write(tmp_path / "out.parquet", [nan])
    assert math.isnan(row["confidence"]) and math.isnan(row["logprob"])
    assert "NaN" in json.dumps(nan.to_json())  # as jsonl writes it


def test_pairs_are_streamed_in_row_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_format, "ROW_GROUP", 3)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    written: list[int] = []

    def pairs() -> Iterator[Pair]:
        for number in range(8):
            written.append(len(stream.buffer.getvalue()))  # type: ignore[attr-defined]
            yield Pair("d", 0, (number,), (number,), f"Kalimat {number}.", f"S {number}.", 0.5)

    write_pairs(pairs(), "parquet", None, stream=stream)
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    assert pq.ParquetFile(io.BytesIO(data)).metadata.num_row_groups == 3  # 3 + 3 + 2 rows
    # a row group is on its way out before the pairs after it are produced
    assert written[3] > written[2] and written[6] > written[5]
    assert pq.read_table(io.BytesIO(data)).column("source_ids").to_pylist() == [
        [n] for n in range(8)
    ]


@pytest.fixture
def no_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow as if not installed: importing it fails."""
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.usefixtures("no_pyarrow")
def test_without_pyarrow_a_one_line_error_before_any_pair_or_file(tmp_path: Path) -> None:
    consumed: list[Pair] = []

    def pairs() -> Iterator[Pair]:
        for item in sample():
            consumed.append(item)
            yield item

    with pytest.raises(FormatError) as info:
        write_pairs(pairs(), "parquet", tmp_path / "out.parquet", meta_path=tmp_path / "m.json")
    assert INSTALL in str(info.value) and "\n" not in str(info.value)
    assert consumed == [] and list(tmp_path.iterdir()) == []
    write_pairs(sample(), "jsonl", tmp_path / "out.jsonl")  # other formats need no pyarrow


# --- the commands -----------------------------------------------------------------------


ARTICLE = Path(__file__).parents[1] / "data" / "translate-article.id.txt"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _translate(tiny_model: Path, *args: str):
    return runner.invoke(app, ["translate", "--model", str(tiny_model), *FAST, *args])


def test_translate_writes_the_jsonl_records_and_the_signature(
    tiny_model: Path, tmp_path: Path
) -> None:
    out, meta, jsonl = tmp_path / "out.parquet", tmp_path / "run.json", tmp_path / "out.jsonl"
    result = _translate(tiny_model, str(ARTICLE), "-f", "parquet", "-o", str(out),
                        "--meta", str(meta), "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _translate(tiny_model, str(ARTICLE), "-o", str(jsonl), "-q").exit_code == 0
    table = pq.read_table(out)
    lines = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert table.to_pylist() == lines and len(lines) > 5
    signature = json.loads(table.schema.metadata[b"aligner"])
    assert signature == json.loads(meta.read_text("utf-8"))
    assert signature["mode"] == "translate" and signature["options"]["format"] == "parquet"
    assert signature["translator"]["model"]  # the model, its weights' hash among them


def test_translate_parquet_to_stdout_is_the_file(tiny_model: Path, tmp_path: Path) -> None:
    result = _translate(tiny_model, str(ARTICLE), "-f", "parquet", "-q")
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert table.column_names == COLUMNS and table.num_rows > 5


@pytest.mark.usefixtures("no_pyarrow")
def test_translate_without_pyarrow_fails_before_the_model_loads(tmp_path: Path) -> None:
    missing_model = tmp_path / "no-such-model"  # loading it would be another error
    result = runner.invoke(app, ["translate", str(ARTICLE), "--model", str(missing_model),
                                 "-o", str(tmp_path / "out.parquet")])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"aligner: error: the parquet format needs pyarrow: {INSTALL}"
    ]
    assert list(tmp_path.iterdir()) == []


def test_align_without_a_model_has_null_logprob_and_tokens(tmp_path: Path) -> None:
    data = ARTICLE.parent
    out, jsonl = tmp_path / "a.parquet", tmp_path / "a.jsonl"
    for path in (out, jsonl):
        result = runner.invoke(
            app,
            [
                "align",
                str(data / "align_news.id"),
                str(data / "align_news.en"),
                "--no-mt",
                "-o",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.stderr
    rows = pq.read_table(out).to_pylist()
    assert rows == _lines(jsonl) and {row["bead"] for row in rows} >= {"1-1"}
    assert all(row["logprob"] is None and row["tokens"] is None for row in rows)
    signature = json.loads(pq.read_schema(out).metadata[b"aligner"])
    assert signature["mode"] == "align" and signature["options"]["no_mt"] is True


def _folder(root: Path) -> Path:
    src = root / "in"
    (src / "deep").mkdir(parents=True)
    (src / "a.txt").write_text(
        "Harga beras naik lagi. Pemerintah berjanji.\nBaca juga: berita terkini hari ini.\n",
        encoding="utf-8",
    )
    (src / "deep" / "b.txt").write_text("Hujan deras mengguyur Jakarta.\nHarga beras naik lagi.\n",
                                        encoding="utf-8")  # fmt: skip
    return src


def test_batch_corpus_and_docs_parquet_equal_their_jsonl(tiny_model: Path, tmp_path: Path) -> None:
    src, out = _folder(tmp_path), tmp_path / "out"
    result = runner.invoke(app, ["batch", str(src), str(out), "--model", str(tiny_model),
                                 *FAST, "-f", "parquet,jsonl", "-q"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    corpus = pq.read_table(out / "corpus.parquet")
    assert corpus.to_pylist() == _lines(out / "corpus.jsonl") and corpus.num_rows > 3
    meta = json.loads(corpus.schema.metadata[b"aligner"])
    assert meta["documents"] == 2 and meta["aligner"]["mode"] == "batch"  # the signature
    for name in ("a.txt", "deep/b.txt"):
        doc = pq.read_table(out / "docs" / f"{name}.parquet")
        assert doc.to_pylist() == _lines(out / "docs" / f"{name}.jsonl")
        assert json.loads(doc.schema.metadata[b"aligner"])["input"] == name


@pytest.mark.usefixtures("no_pyarrow")
def test_batch_without_pyarrow_fails_before_any_work(tmp_path: Path) -> None:
    src, out = _folder(tmp_path), tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "batch",
            str(src),
            str(out),
            "--model",
            str(tmp_path / "no-such-model"),
            "-f",
            "jsonl,parquet",
        ],
    )
    assert result.exit_code == 1
    assert INSTALL in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
