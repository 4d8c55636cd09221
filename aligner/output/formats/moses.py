"""moses: line-aligned ``OUT.id`` and ``OUT.en``, plus ``OUT.scores`` (one confidence a line).

``OUT`` is a path prefix. Line breaks and tabs inside the text become spaces, so line N of each
file belongs to pair N. All three files are renamed into place only when all are complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, format_confidence, one_line
from aligner.types import Pair

SUFFIXES = (".id", ".en", ".scores")


@register_format("moses", extensions=(), corpus=True, needs_path=True)
class MosesWriter(Writer):
    @classmethod
    def paths(cls, output: Path) -> tuple[Path, ...]:
        output = Path(output)
        return tuple(output.with_name(output.name + suffix) for suffix in SUFFIXES)

    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        source, target, scores = streams
        for pair in pairs:
            source.write(one_line(pair.source, tabs=True) + "\n")
            target.write(one_line(pair.target, tabs=True) + "\n")
            scores.write(format_confidence(pair.confidence) + "\n")
