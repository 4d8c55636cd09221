"""The human-readable table ``aligner evaluate`` prints without ``--json``.

First sacrebleu's own score lines, exactly as ``sacrebleu -f text`` prints them (so they can
be pasted into a paper or compared with a leaderboard), then the scores at four decimals
and the sections that apply: documents, confidence and ``--scores``, flags, baseline.
"""

from __future__ import annotations

from collections.abc import Iterator

from aligner.evaluation.calibration import FlagSummary, ScoreQuality
from aligner.evaluation.evaluate import Evaluation
from aligner.evaluation.significance import Comparison

__all__ = ["LABELS", "render_text"]

LABELS = {"bleu": "BLEU", "chrf": "chrF", "chrf++": "chrF++", "ter": "TER"}


def render_text(evaluation: Evaluation) -> str:
    """The whole table, lines joined, ending in a newline."""
    return "\n".join(_lines(evaluation)) + "\n"


def _lines(evaluation: Evaluation) -> Iterator[str]:
    yield from (score.line for score in evaluation.metrics.values())
    yield ""
    scores = " · ".join(f"{LABELS[k]} {s.score:.4f}" for k, s in evaluation.metrics.items())
    yield f"{len(evaluation.sentence_chrf)} lines · {scores}"
    if evaluation.documents is not None:
        yield from _documents(evaluation)
    for quality in (evaluation.confidence, evaluation.scores):
        if quality is not None:
            yield from _quality(quality)
    for summary in (evaluation.flags, evaluation.text_flags):
        if summary is not None:
            yield from _flags(summary)
    if evaluation.baseline is not None:
        yield from _baseline(str(evaluation.inputs.baseline_path), evaluation.baseline)


def _documents(evaluation: Evaluation) -> Iterator[str]:
    docs = evaluation.documents or ()
    width = max(len("document"), *(len(d.doc) for d in docs))
    yield ""
    yield f"{'document':<{width}}  {'lines':>6}  {'BLEU':>7}  {'chrF':>7}"
    for doc in docs:
        yield f"{doc.doc:<{width}}  {doc.lines:>6}  {doc.bleu:>7.2f}  {doc.chrf:>7.2f}"


def corr_text(value: float | None) -> str:
    """A correlation to four places, or a dash where there is none."""
    return "–" if value is None else f"{value:.4f}"


def _quality(quality: ScoreQuality) -> Iterator[str]:
    yield ""
    yield (
        f"{quality.source} vs sentence chrF ({quality.lines} lines): "
        f"Spearman {corr_text(quality.spearman)}, Kendall {corr_text(quality.kendall)}"
    )
    yield f"{'dropped':>8}  {'kept':>7}  {'min score':>9}  {'BLEU':>7}  {'chrF':>7}  mean chrF"
    for p in quality.curve:
        yield (
            f"{p.dropped:>8.0%}  {p.kept:>7}  {p.min_score:>9.4f}  {p.bleu:>7.2f}  "
            f"{p.chrf:>7.2f}  {p.mean_sentence_chrf:>9.2f}"
        )


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _flags(summary: FlagSummary) -> Iterator[str]:
    origin = "flags of HYP" if summary.source == "hyp" else "text flags on --src and HYP"
    yield ""
    yield (
        f"{origin}: {summary.flagged} of {summary.lines} lines "
        f"({summary.flagged / summary.lines:.1%}); mean sentence chrF "
        f"{_mean(summary.flagged_chrf)} flagged, {_mean(summary.unflagged_chrf)} unflagged"
    )
    for name, count, mean in summary.by_flag:
        yield f"  {name:<14} {count:>7} lines ({count / summary.lines:>6.2%})  mean chrF {mean:.2f}"


def _baseline(path: str, tests: dict[str, Comparison]) -> Iterator[str]:
    yield ""
    yield f"paired bootstrap against {path}:"
    for key, test in tests.items():
        yield (
            f"  {LABELS[key]:<5} {test.score:.4f} vs {test.baseline:.4f} "
            f"({test.score - test.baseline:+.4f}), p = {test.p_value:.4f}  "
            f"[{test.signature}]"
        )
