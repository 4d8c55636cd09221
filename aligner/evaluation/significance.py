"""``--baseline``: paired bootstrap resampling against another system's output.

sacrebleu's own implementation (``sacrebleu.significance.PairedTest`` with
``test_type="bs"``, as ``sacrebleu --paired-bs`` runs it; its seed is ``SACREBLEU_SEED``,
12345 unless set, so the p-values are reproducible), on BLEU and chrF: TER's statistics
take twenty times longer to extract and MT papers report the test on BLEU and chrF. The
p-value is that of the difference being due to chance (Koehn 2004, as in Moses'
``bootstrap-hypothesis-difference-significance.pl``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aligner.evaluation.metrics import make_metric

if TYPE_CHECKING:
    from sacrebleu.significance import Result

__all__ = ["TESTED", "Comparison", "paired_bootstrap"]

TESTED: tuple[str, ...] = ("bleu", "chrf")


@dataclass(frozen=True, slots=True)
class Comparison:
    """HYP against the baseline on one metric."""

    key: str
    score: float
    baseline: float
    p_value: float
    mean: float  # bootstrap mean of HYP's score, and half its 95% interval
    ci: float
    baseline_mean: float
    baseline_ci: float
    signature: str  # the metric's signature with the test's seed and resample count

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "baseline": self.baseline,
            "difference": self.score - self.baseline,
            "p_value": self.p_value,
            "mean": self.mean,
            "ci": self.ci,
            "baseline_mean": self.baseline_mean,
            "baseline_ci": self.baseline_ci,
            "signature": self.signature,
        }


def paired_bootstrap(
    hypotheses: Sequence[str],
    baseline: Sequence[str],
    references: Sequence[str],
    resamples: int = 1000,
) -> dict[str, Comparison]:
    """Paired bootstrap of HYP against ``baseline`` on each metric of ``TESTED``."""
    from sacrebleu.significance import PairedTest

    metrics = {key: make_metric(key) for key in TESTED}
    test = PairedTest(
        [("baseline", list(baseline)), ("hyp", list(hypotheses))],
        metrics,
        [list(references)],
        test_type="bs",
        n_samples=resamples,
    )
    signatures, results = test()
    names = [name for name in results if name != "System"]  # sacrebleu's names, in order
    comparisons = {}
    for key, name in zip(TESTED, names, strict=True):
        base, system = (_result(value) for value in results[name])
        comparisons[key] = Comparison(
            key=key,
            score=_float(system.score),
            baseline=_float(base.score),
            p_value=_float(system.p_value),
            mean=_float(system.mean),
            ci=_float(system.ci),
            baseline_mean=_float(base.mean),
            baseline_ci=_float(base.ci),
            signature=signatures[name].format(),
        )
    return comparisons


def _result(value: object) -> Result:
    from sacrebleu.significance import Result

    if not isinstance(value, Result):
        raise TypeError(f"sacrebleu's paired test gave {value!r}, not a Result")
    return value


def _float(value: float | None) -> float:
    if value is None:  # the bootstrap test always fills these in
        raise TypeError("sacrebleu's paired bootstrap left a score out")
    return float(value)
