"""One evaluation: read HYP, REF and the optional files, check they line up, score them.

``evaluate`` reads everything first (so a bad file fails before minutes of scoring), then
computes the corpus metrics, per-document and per-sentence scores, what the confidence and
``--scores`` are worth, the flags, and the paired bootstrap against ``--baseline``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.checks import check_flags, make_checks
from aligner.common.textrules import has_loop, text_flags
from aligner.evaluation.calibration import FlagSummary, ScoreQuality, score_quality, summarise_flags
from aligner.evaluation.metrics import METRICS, LineStats, MetricScore, line_stats
from aligner.evaluation.readers import (
    HypFormat,
    Hypotheses,
    check_lengths,
    read_docs,
    read_hypotheses,
    read_lines,
    read_scores,
)
from aligner.evaluation.significance import Comparison, paired_bootstrap
from aligner.types import Flag

__all__ = ["DocumentScore", "Evaluation", "Inputs", "evaluate", "load", "source_flags"]

_CHECKS = make_checks(names=("number", "url"))  # no glossary: evaluate has none


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read, line counts checked."""

    hyp: Hypotheses
    ref_path: str
    references: tuple[str, ...]
    sources: tuple[str, ...] | None = None
    src_path: str | None = None
    docs: tuple[str, ...] | None = None  # --docs, else the JSONL's doc field
    scores: tuple[float, ...] | None = None
    scores_path: str | None = None
    baseline: tuple[str, ...] | None = None
    baseline_path: str | None = None


def load(
    hyp: Path,
    ref: Path,
    *,
    src: Path | None = None,
    docs: Path | None = None,
    scores: Path | None = None,
    baseline: Path | None = None,
    hyp_format: HypFormat = HypFormat.auto,
) -> Inputs:
    """Read every file; a one-line error if one is unreadable or their line counts differ."""
    hypotheses = read_hypotheses(hyp, hyp_format)
    references = tuple(read_lines(ref))
    sources = tuple(read_lines(src)) if src else None
    doc_ids = read_docs(docs) if docs else None
    given = read_scores(scores) if scores else None
    other = read_hypotheses(baseline).texts if baseline else None
    files: list[tuple[str, Path | None, Sequence[object] | None]] = [
        ("REF", ref, references), ("--src", src, sources), ("--docs", docs, doc_ids),
        ("--scores", scores, given), ("--baseline", baseline, other),
    ]  # fmt: skip
    counts = [(role, str(path), len(lines)) for role, path, lines in files if lines is not None]
    check_lengths(str(hyp), len(hypotheses.texts), counts)
    return Inputs(
        hyp=hypotheses,
        ref_path=str(ref),
        references=references,
        sources=sources,
        src_path=None if src is None else str(src),
        docs=doc_ids or hypotheses.docs,
        scores=given,
        scores_path=None if scores is None else str(scores),
        baseline=other,
        baseline_path=None if baseline is None else str(baseline),
    )


@dataclass(frozen=True, slots=True)
class DocumentScore:
    doc: str
    lines: int
    bleu: float
    chrf: float

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "lines": self.lines, "bleu": self.bleu, "chrf": self.chrf}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The scores of one HYP against REF, and the per-line data the report plots."""

    inputs: Inputs
    metrics: dict[str, MetricScore]
    sentence_chrf: tuple[float, ...]
    documents: tuple[DocumentScore, ...] | None
    confidence: ScoreQuality | None
    scores: ScoreQuality | None
    flags: FlagSummary | None
    text_flags: FlagSummary | None
    line_text_flags: tuple[frozenset[str], ...] | None
    baseline: dict[str, Comparison] | None

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` object; docs/evaluation.md documents it field by field."""
        from sacrebleu import __version__ as sacrebleu_version

        inputs = self.inputs
        return {
            "hyp": inputs.hyp.path,
            "ref": inputs.ref_path,
            "src": inputs.src_path,
            "lines": len(self.sentence_chrf),
            **{key: score.to_json() for key, score in self.metrics.items()},
            "documents": _json_list(self.documents),
            "confidence": _json_or_none(self.confidence),
            "scores": _json_or_none(self.scores),
            "flags": _json_or_none(self.flags),
            "text_flags": _json_or_none(self.text_flags),
            "baseline": self._baseline_json(),
            "sacrebleu": sacrebleu_version,
        }

    def _baseline_json(self) -> dict[str, Any] | None:
        if self.baseline is None:
            return None
        tests = {key: c.to_json() for key, c in self.baseline.items()}
        return {"path": self.inputs.baseline_path, **tests}

    def sentence_records(self) -> Iterator[dict[str, Any]]:
        """One record per line for ``--sentences``: line number, doc, chrF and what is known."""
        inputs = self.inputs
        for index, chrf in enumerate(self.sentence_chrf):
            record: dict[str, Any] = {"line": index + 1, "chrf": chrf}
            if inputs.docs is not None:
                record["doc"] = inputs.docs[index]
            if inputs.hyp.confidence is not None:
                value = inputs.hyp.confidence[index]
                record["confidence"] = None if math.isnan(value) else value
            if inputs.scores is not None:
                record["score"] = inputs.scores[index]
            if inputs.hyp.flags is not None:
                record["flags"] = sorted(inputs.hyp.flags[index])
            if self.line_text_flags is not None:
                record["text_flags"] = sorted(self.line_text_flags[index])
            yield record


def _json_or_none(value: ScoreQuality | FlagSummary | None) -> dict[str, Any] | None:
    return None if value is None else value.to_json()


def _json_list(values: Sequence[DocumentScore] | None) -> list[dict[str, Any]] | None:
    return None if values is None else [value.to_json() for value in values]


def source_flags(source: str, hypothesis: str) -> frozenset[str]:
    """The text flags of a (source, hypothesis) pair: ``empty``, ``copy``, ``ratio`` as the
    translator judges them, ``repeat`` on the hypothesis' words (the translator looks at
    the model's subword pieces, which a finished text no longer has), and the ``number`` and
    ``url`` checks of ``aligner.checks`` (``number:2011``)."""
    flags = set(text_flags(source, hypothesis)) | check_flags(source, hypothesis, _CHECKS)
    if has_loop(hypothesis.split()):
        flags.add(Flag.REPEAT.value)
    return frozenset(flags)


def _kinds(flags: frozenset[str]) -> frozenset[str]:
    return frozenset(f.split(":", 1)[0] for f in flags)


def _documents(docs: Sequence[str], bleu: LineStats, chrf: LineStats) -> list[DocumentScore]:
    lines: dict[str, list[int]] = {}
    for index, doc in enumerate(docs):
        lines.setdefault(doc, []).append(index)  # documents in order of first line
    return [
        DocumentScore(doc, len(indices), bleu.score(indices), chrf.score(indices))
        for doc, indices in lines.items()
    ]


def evaluate(inputs: Inputs, *, resamples: int = 1000) -> Evaluation:
    """Score ``inputs`` (see ``load``)."""
    hyp = inputs.hyp
    stats = line_stats(hyp.texts, inputs.references, METRICS)
    bleu, chrf = stats["bleu"], stats["chrf"]
    sentence = tuple(chrf.sentence(i) for i in range(len(hyp.texts)))
    line_flags = None
    if inputs.sources is not None:
        line_flags = tuple(map(source_flags, inputs.sources, hyp.texts))
    # the summary counts checks by kind (number), the lines say what is missing (number:2011)
    kinds = None if line_flags is None else tuple(map(_kinds, line_flags))
    return Evaluation(
        inputs=inputs,
        metrics={key: stats[key].corpus() for key in METRICS},
        sentence_chrf=sentence,
        documents=None if inputs.docs is None else tuple(_documents(inputs.docs, bleu, chrf)),
        confidence=None
        if hyp.confidence is None
        else score_quality("confidence", hyp.confidence, bleu, chrf, sentence),
        scores=None
        if inputs.scores is None
        else score_quality(str(inputs.scores_path), inputs.scores, bleu, chrf, sentence),
        flags=None if hyp.flags is None else summarise_flags("hyp", hyp.flags, sentence),
        text_flags=None if kinds is None else summarise_flags("src", kinds, sentence),
        line_text_flags=line_flags,
        baseline=None
        if inputs.baseline is None
        else paired_bootstrap(hyp.texts, inputs.baseline, inputs.references, resamples),
    )
