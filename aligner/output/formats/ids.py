"""ids: one bead per line as sentence indices, ``[0]:[0, 1]:0.9731``, no text.

Source ids, target ids (0-based, as in jsonl), confidence with four decimals; an unaligned
sentence is ``[5]:[]:0.8100`` or ``[]:[7]:…``. The format vecalign writes and reads, which
its ``score.py`` and bertalign's ``eval.py`` score (``scripts/eval_align.py --gold`` too).
Not a corpus format: every bead is written, ``--min-confidence`` never drops one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer, format_confidence
from aligner.types import Pair


@register_format("ids", extensions=(".ids",), corpus=False, needs_path=False)
class IdsWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        (out,) = streams
        for pair in pairs:
            source = ", ".join(map(str, pair.source_ids))
            target = ", ".join(map(str, pair.target_ids))
            out.write(f"[{source}]:[{target}]:{format_confidence(pair.confidence)}\n")
