"""sacrebleu's corpus metrics, their signatures, and scores of any subset of lines.

BLEU, chrF, chrF++ and TER with sacrebleu's defaults, the signature and the score line
exactly as the ``sacrebleu`` command prints them. Each metric's sentence-level sufficient
statistics are extracted once (the hooks ``sacrebleu.significance`` itself uses), so a
document, a filter-curve step or one sentence is scored by summing rows, without
tokenising again; ``tests/evaluation/test_evaluation.py`` checks this against
``corpus_score``.
sacrebleu and numpy are imported inside the functions: ``aligner --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from sacrebleu.metrics.base import Metric

__all__ = ["METRICS", "LineStats", "MetricScore", "line_stats", "make_metric"]

# our key -> sacrebleu metric; the order is the order of every table and of the JSON
METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")
WIDTH = 1  # decimals of the score line: sacrebleu's own default (``--width 1``)


def make_metric(key: str) -> Metric:
    """A fresh sacrebleu metric with its default options (chrF++: word order 2)."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    makers: dict[str, Any] = {
        "bleu": BLEU,
        "chrf": CHRF,
        "chrf++": lambda: CHRF(word_order=2),
        "ter": TER,
    }
    metric: Metric = makers[key]()
    return metric


@dataclass(frozen=True, slots=True)
class MetricScore:
    """One corpus score: ``line`` is what ``sacrebleu -f text`` prints for it."""

    key: str  # bleu, chrf, chrf++, ter
    name: str  # sacrebleu's name: BLEU, chrF2, chrF2++, TER
    score: float
    signature: str
    verbose: str  # BLEU's precisions and brevity penalty; empty for the others
    line: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": self.score,
            "signature": self.signature,
            "verbose": self.verbose,
            "line": self.line,
        }


class LineStats:
    """Sentence-level statistics of one metric over a corpus: score any subset of lines."""

    def __init__(self, key: str, hypotheses: Sequence[str], references: Sequence[str]) -> None:
        import numpy as np

        self.key = key
        self.metric = make_metric(key)
        rows = self.metric._extract_corpus_statistics(list(hypotheses), [list(references)])
        self.rows = rows
        # int64 for the counts (float32, as significance uses, would round large sums)
        self.array: np.ndarray[Any, Any] = np.asarray(
            rows, dtype=np.float64 if key == "ter" else np.int64
        )

    def corpus(self) -> MetricScore:
        """The corpus score, exactly as ``corpus_score`` computes and sacrebleu prints it."""
        score = self.metric._aggregate_and_compute(self.rows)
        signature = self.metric.get_signature().format()
        return MetricScore(
            key=self.key,
            name=score.name,
            score=float(score.score),
            signature=signature,
            verbose=score._verbose,
            line=score.format(width=WIDTH, signature=signature),
        )

    def score(self, lines: Sequence[int]) -> float:
        """The corpus score of ``lines`` (indices) alone."""
        total = self.array[list(lines)].sum(axis=0)
        return float(self.metric._compute_score_from_stats(total.tolist()).score)

    def sentence(self, line: int) -> float:
        """The sentence-level score of one line (what ``sentence_score`` gives)."""
        return float(self.metric._compute_score_from_stats(self.rows[line]).score)


def line_stats(
    hypotheses: Sequence[str], references: Sequence[str], keys: Sequence[str] = METRICS
) -> dict[str, LineStats]:
    """``LineStats`` for each metric in ``keys``."""
    return {key: LineStats(key, hypotheses, references) for key in keys}
