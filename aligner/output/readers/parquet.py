"""parquet back to pairs: the columns are ``Pair.to_json()``'s fields; every field survives,
and the run metadata (the schema's ``aligner`` key) too. Needs pyarrow, like the writer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from aligner.output.readers import PairReader, register_pair_reader
from aligner.types import Pair

META_KEY = b"aligner"


@register_pair_reader("parquet", extensions=(".parquet",))
class ParquetReader(PairReader):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        from aligner.output.formats import get_writer

        get_writer("parquet").check_available()  # pyarrow missing: the writer's one line
        import pyarrow
        import pyarrow.parquet as pq

        from aligner.errors import InputNotFoundError

        if not self.path.is_file():
            raise InputNotFoundError("no such file", path=self.path)
        try:
            self.file = pq.ParquetFile(str(self.path))
        except (pyarrow.ArrowException, OSError) as exc:
            raise self.error(f"not a Parquet file ({exc})") from None
        metadata = self.file.schema_arrow.metadata or {}
        self.meta = json.loads(metadata[META_KEY]) if META_KEY in metadata else {}

    def pairs(self) -> Iterator[Pair]:
        row = 0
        for batch in self.file.iter_batches():
            for record in batch.to_pylist():
                row += 1
                try:
                    yield Pair.from_json(record)
                except (KeyError, TypeError) as exc:
                    raise self.error(f"row {row}: not a pair (column {exc} missing)") from None
