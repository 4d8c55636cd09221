"""moses back to pairs: ``PREFIX.id``, ``PREFIX.en`` and ``PREFIX.scores``, line by line.

``PREFIX.scores`` may be missing (a corpus from elsewhere): the confidence is then NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from aligner.output.readers import PairReader, register_pair_reader
from aligner.output.readers.tsv import confidence_of, line_pair
from aligner.text import file_lines
from aligner.types import Pair


@register_pair_reader("moses", extensions=())
class MosesReader(PairReader):
    def pairs(self) -> Iterator[Pair]:
        source, target = (file_lines(self._side(s), bom=True) for s in (".id", ".en"))
        scores_path = self._side(".scores")
        scores = (
            file_lines(scores_path, bom=True)
            if scores_path.exists()
            else [str(math.nan)] * len(source)
        )
        if not len(source) == len(target) == len(scores):
            counts = f"{len(source)}, {len(target)} and {len(scores)} lines"
            raise self.error(f".id, .en and .scores differ in length ({counts})")
        for index, (src, tgt, score) in enumerate(zip(source, target, scores, strict=True)):
            try:
                confidence = confidence_of(score)
            except ValueError:
                raise self.error(f".scores line {index + 1}: {score!r} is not a number") from None
            yield line_pair(str(self.path), index, src, tgt, confidence)

    def _side(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)
