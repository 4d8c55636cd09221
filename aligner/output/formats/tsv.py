"""tsv: ``source<TAB>target<TAB>confidence`` per pair, no header.

Tabs and line breaks inside the text become spaces, so every pair is exactly one line of
three fields; the confidence has four decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, format_confidence, one_line
from aligner.types import Pair


@register_format("tsv", extensions=(".tsv",), corpus=True, needs_path=False)
class TsvWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        (out,) = streams
        for pair in pairs:
            source = one_line(pair.source, tabs=True)
            target = one_line(pair.target, tabs=True)
            out.write(f"{source}\t{target}\t{format_confidence(pair.confidence)}\n")
