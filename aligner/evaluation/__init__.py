"""Stage 6, evaluation: translations and references in, scores and what the confidence is worth.

``readers`` takes HYP (plain text, a Moses side, our JSONL or TSV), REF and the optional
files exactly as they are; ``metrics`` wraps sacrebleu (BLEU, chrF, chrF++, TER with their
signatures, any subset of lines scored from sentence statistics); ``calibration`` measures
a per-line score against sentence chrF (Spearman, Kendall, the filter curve, flags);
``significance`` is the paired bootstrap against a baseline; ``evaluate`` runs them all into
one ``Evaluation``; ``summary`` and ``report`` render it as a text table and an HTML page.
sacrebleu and numpy are imported only when scoring starts.
"""

from __future__ import annotations

from aligner.evaluation.evaluate import Evaluation, Inputs, evaluate, load
from aligner.evaluation.readers import HypFormat

__all__ = ["Evaluation", "HypFormat", "Inputs", "evaluate", "load"]
