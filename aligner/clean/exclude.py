"""Which pairs of a translation or batch run the corpus formats leave out.

By default: noise (``common.flags.is_noise``: boilerplate, or a source that is not Indonesian);
``keep_noise`` keeps it. With ``clean``: also every pair that a filter of ``aligner clean``
would remove (empty, ratio, copy, repeat, truncated, boilerplate, languages, duplicates).
The object counts what it left out, for the message on stderr and the batch report.
"""

from __future__ import annotations

from collections import Counter

from aligner.clean.dedup import Deduplicator
from aligner.clean.filters import default_filters
from aligner.clean.process import pair_reasons
from aligner.common.flags import is_noise
from aligner.types import Pair

__all__ = ["CorpusExclusion"]


class CorpusExclusion:
    """``exclusion(pair)`` is True for a pair to leave out; ``counts``: noise, clean."""

    def __init__(self, *, keep_noise: bool = False, clean: bool = False) -> None:
        self.keep_noise = keep_noise
        self.filters = default_filters() if clean else None
        self.dedup = Deduplicator() if clean else None
        self.counts: Counter[str] = Counter()

    @property
    def active(self) -> bool:
        return not self.keep_noise or self.filters is not None

    def __call__(self, pair: Pair) -> bool:
        if not self.keep_noise and is_noise(pair):
            self.counts["noise"] += 1
            return True
        if self.filters is None or self.dedup is None:
            return False
        if pair_reasons(self.filters, pair.source, pair.target, None) or self.dedup.seen(
            pair.source, pair.target
        ):
            self.counts["clean"] += 1
            return True
        return False

    def message(self, total: int) -> str | None:
        """What was left out, for stderr; None when nothing was."""
        if not sum(self.counts.values()):
            return None
        parts = []
        if self.counts["noise"]:
            parts.append(f"{self.counts['noise']} flagged as noise (boilerplate or not "
                         "Indonesian; --keep-noise keeps them)")  # fmt: skip
        if self.counts["clean"]:
            parts.append(f"{self.counts['clean']} removed by --clean")
        return f"left out {sum(self.counts.values())} of {total} pairs: " + ", ".join(parts)
