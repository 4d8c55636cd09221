"""tsv back to pairs: ``source<TAB>target<TAB>confidence``; each line its own paragraph."""

from __future__ import annotations

from collections.abc import Iterator

from aligner.output.readers import PairReader, register_pair_reader
from aligner.text import file_lines
from aligner.types import Pair


def line_pair(doc: str, index: int, source: str, target: str, confidence: float) -> Pair:
    """A pair of a line format: line ``index`` is paragraph and sentence ``index``."""
    return Pair(doc, index, (index,), (index,), source, target, confidence)


def confidence_of(text: str) -> float:
    """A confidence field; ValueError when it is not a number."""
    return float(text)


@register_pair_reader("tsv", extensions=(".tsv",))
class TsvReader(PairReader):
    def pairs(self) -> Iterator[Pair]:
        for index, line in enumerate(file_lines(self.path, bom=True)):
            fields = line.split("\t")
            if len(fields) != 3:
                raise self.error(f"line {index + 1}: {len(fields)} fields, not 3 "
                                 "(source, target, confidence)")  # fmt: skip
            try:
                confidence = confidence_of(fields[2])
            except ValueError:
                raise self.error(
                    f"line {index + 1}: confidence {fields[2]!r} is not a number"
                ) from None
            yield line_pair(str(self.path), index, fields[0], fields[1], confidence)
