"""jsonl: one JSON object per pair (``Pair.to_json()``), one per line, no header.

Written with ``ensure_ascii=False``; JSON escapes every control character and line break
inside strings, so each pair is one line. Run metadata never goes here (see ``--meta``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from aligner.common.jsontext import json_text
from aligner.output.formats import register_format
from aligner.output.formats._writer import Writer
from aligner.types import Pair


@register_format("jsonl", extensions=(".jsonl", ".ndjson"), corpus=False, needs_path=False)
class JsonlWriter(Writer):
    def write(self, pairs: Iterable[Pair], streams: Sequence[TextIO]) -> None:
        (out,) = streams
        for pair in pairs:
            out.write(json_text(pair.to_json()) + "\n")
