"""jsonl back to pairs: one ``Pair.to_json()`` object a line; every field survives."""

from __future__ import annotations

import json
from collections.abc import Iterator

from aligner.output.readers import PairReader, register_pair_reader
from aligner.text import file_lines
from aligner.types import Pair


@register_pair_reader("jsonl", extensions=(".jsonl", ".ndjson"))
class JsonlReader(PairReader):
    def pairs(self) -> Iterator[Pair]:
        for number, line in enumerate(file_lines(self.path, bom=True), 1):
            if not line.strip():
                continue
            try:
                yield Pair.from_json(json.loads(line))
            except json.JSONDecodeError as exc:
                raise self.error(f"line {number}: not JSON ({exc.msg})") from None
            except (KeyError, TypeError, AttributeError) as exc:
                raise self.error(
                    f"line {number}: not a pair (field {exc} missing or wrong)"
                ) from None
