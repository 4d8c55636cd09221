"""parquet: the pairs as one Apache Parquet table, which pandas, Ray Data, Spark and
Hugging Face ``datasets`` read natively (written with pyarrow).

One row per pair; the columns are the JSONL fields (``Pair.to_json()``) in the same order,
with fixed types, so that every file of a corpus has the same schema whatever its values:

    doc string, paragraph int64, source_ids list<int64>, target_ids list<int64>,
    source string, target string, confidence double, logprob double?, tokens int64?,
    flags list<string> (sorted), bead string

Only ``logprob`` and ``tokens`` are nullable (null where jsonl writes ``null``: alignment
without a model). A NaN confidence stays NaN, not null, as jsonl writes ``NaN``. Strings
are UTF-8 and keep every character (control characters and line breaks included), except
a lone surrogate, which UTF-8 cannot hold: it becomes U+FFFD, as in tsv. Like jsonl,
parquet keeps every pair (``--min-confidence`` drops none): filter on the ``confidence``
and ``flags`` columns instead.

The run metadata (the signature ``--meta`` writes) is in the schema's key-value metadata
under ``aligner``, as JSON with sorted keys: ``pq.read_schema(path).metadata[b"aligner"]``.
Pairs are written ``ROW_GROUP`` at a time, each batch its own row group, so a million-pair
corpus never sits in memory at once. Nothing in the file depends on the time: the same
pairs and metadata give the same bytes (with the same pyarrow, whose version the file
names). With no pairs the file still holds the schema and the metadata.

pyarrow is an optional dependency (``pip install 'aligner[parquet]'``), imported only when
this format is written; without it ``check_available`` raises a one-line FormatError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, BinaryIO, Final

from aligner.common.jsontext import json_text, replace_surrogates
from aligner.errors import FormatError
from aligner.output.formats import register_format
from aligner.output.formats._writer import BinaryWriter
from aligner.types import Pair

__all__ = ["META_KEY", "ROW_GROUP", "ParquetWriter", "schema"]

META_KEY: Final = "aligner"
# rows per row group: large enough to compress well and to read fast, small enough that a
# batch of them (Python objects and Arrow buffers) stays a few megabytes
ROW_GROUP: Final = 10_000
MISSING: Final = "the parquet format needs pyarrow: pip install 'aligner[parquet]'"
_STRINGS: Final = ("doc", "source", "target", "bead")


@register_format(
    "parquet", extensions=(".parquet",), corpus=False, needs_path=False, uses_meta=True
)
class ParquetWriter(BinaryWriter):
    @classmethod
    def check_available(cls) -> None:
        _pyarrow()

    def write_binary(self, pairs: Iterable[Pair], streams: Sequence[BinaryIO]) -> None:
        pa, pq = _pyarrow()
        (out,) = streams
        table_schema = schema(self.meta)
        # closed by the with even when the pairs fail: pyarrow would otherwise finish the
        # file from its finaliser, after the temp file it writes to is gone. Snappy named,
        # not left to pyarrow's default: every Parquet reader has it, and the bytes stay put
        with pq.ParquetWriter(out, table_schema, compression="snappy") as writer:
            for chunk in _chunks(pairs, ROW_GROUP):
                rows = [_record(pair) for pair in chunk]
                table = pa.Table.from_pylist(rows, schema=table_schema)
                writer.write_table(table, row_group_size=ROW_GROUP)


def schema(meta: Mapping[str, Any] | None = None) -> Any:
    """The pyarrow schema of the pairs, ``meta`` under ``META_KEY`` as sorted-key JSON."""
    pa, _ = _pyarrow()

    def list_of(item: Any) -> Any:  # lists never hold a null: their items are not nullable
        return pa.list_(pa.field("element", item, nullable=False))

    fields = [
        pa.field("doc", pa.string(), nullable=False),
        pa.field("paragraph", pa.int64(), nullable=False),
        pa.field("source_ids", list_of(pa.int64()), nullable=False),
        pa.field("target_ids", list_of(pa.int64()), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("target", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("logprob", pa.float64()),
        pa.field("tokens", pa.int64()),
        pa.field("flags", list_of(pa.string()), nullable=False),
        pa.field("bead", pa.string(), nullable=False),
    ]
    text = json_text(dict(meta or {}), sort_keys=True, default=str)  # valid UTF-8 always
    return pa.schema(fields, metadata={META_KEY: text.encode("utf-8")})


def _record(pair: Pair) -> dict[str, Any]:
    """``pair.to_json()`` with its strings made encodable as UTF-8 (see module doc)."""
    record = pair.to_json()
    for name in _STRINGS:
        record[name] = replace_surrogates(record[name])
    record["flags"] = sorted(replace_surrogates(flag) for flag in record["flags"])
    return record


def _chunks(pairs: Iterable[Pair], size: int) -> Iterator[list[Pair]]:
    """Consecutive lists of ``size`` pairs (the last one shorter), consumed lazily."""
    iterator = iter(pairs)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pyarrow() -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``, or the one-line error saying how to install them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise FormatError(MISSING) from exc
    return pyarrow, pyarrow.parquet
