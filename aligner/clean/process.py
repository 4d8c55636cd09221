"""``clean_corpus``: stream a parallel corpus through the filters, keep or reject each pair.

One pass, one pair at a time: memory is the deduplicator's (``aligner.clean.dedup``) and
nothing else grows with the input. Kept pairs are written in input order, exactly as read
(or re-encoded when the output format differs); rejected ones go to ``rejected`` as
``line<TAB>reasons<TAB>source<TAB>target`` with every reason that fired. A pair removed by
another filter is not recorded by the deduplicator, so only kept pairs count as seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aligner.checks import load_glossary
from aligner.clean.corpus import Record, corpus_paths, flat, read_corpus, render
from aligner.clean.dedup import Deduplicator
from aligner.clean.filters import Filter, MisalignedFilter, check_filters, default_filters
from aligner.output import atomic_write_group, ensure_not_input

__all__ = ["CleanOptions", "CleanSummary", "clean_corpus", "pair_reasons"]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """What ``aligner clean`` was asked: formats, thresholds, switches."""

    source_format: str
    output_format: str
    min_score: float | None = None
    drop_misaligned: bool = False
    dedup: bool = True
    skip_malformed: bool = False
    drop: tuple[str, ...] = ()  # checks of aligner.checks that remove a pair (--drop)
    glossary: Path | None = None  # the term check's glossary


@dataclass
class CleanSummary:
    """Pairs read, kept and removed; ``reasons`` counts every reason that fired (a pair can
    have several), ``misaligned`` the suspect pairs whether or not they were removed."""

    read: int = 0
    kept: int = 0
    removed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    misaligned: int = 0
    false_positive_rate: float | None = None


def pair_reasons(
    filters: Sequence[Filter], source: str, target: str, score: float | None
) -> list[str]:
    """Every reason the filters give to remove a pair, in filter order."""
    found = (f.check(source, target, score) for f in filters)
    return [reason for reason in found if reason is not None]


class _Cleaner:
    """The per-pair decision; holds the filters, the deduplicator and the counts."""

    def __init__(self, options: CleanOptions) -> None:
        self.options = options
        glossary = None if options.glossary is None else load_glossary(options.glossary)
        self.filters = default_filters(options.min_score)
        self.filters += check_filters(options.drop, glossary)
        self.misaligned = MisalignedFilter()
        self.dedup = Deduplicator() if options.dedup else None
        self.summary = CleanSummary()

    def reasons(self, record: Record) -> list[str]:
        if record.problem is not None:
            return ["malformed"]
        found = pair_reasons(self.filters, record.source, record.target, record.score)
        if self.misaligned.check(record.source, record.target, record.score):
            self.summary.misaligned += 1
            if self.options.drop_misaligned:
                found.append(self.misaligned.name)
        if not found and self.dedup is not None and self.dedup.seen(record.source, record.target):
            found.append("duplicate")
        return found

    def count(self, reasons: list[str]) -> None:
        self.summary.read += 1
        if reasons:
            self.summary.removed += 1
            self.summary.reasons.update({reason.split(":")[0] for reason in reasons})
        else:
            self.summary.kept += 1


def clean_corpus(
    source: Path,
    output: Path,
    options: CleanOptions,
    *,
    rejected: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> CleanSummary:
    """Clean the corpus at ``source`` into ``output`` (and ``rejected``), atomically: on an
    error nothing is left behind. ``progress(n)``: n more input bytes read."""
    inputs = list(corpus_paths(options.source_format, source))
    outputs = list(corpus_paths(options.output_format, output))
    extra = [rejected] if rejected is not None else []
    for path in (*outputs, *extra):
        ensure_not_input(path, inputs)
    cleaner = _Cleaner(options)
    records = read_corpus(options.source_format, source, skip_malformed=options.skip_malformed)
    with atomic_write_group([*outputs, *extra], "wb") as handles:
        _stream(cleaner, records, handles[: len(outputs)], handles[len(outputs) :], progress)
    if cleaner.dedup is not None:
        cleaner.summary.false_positive_rate = cleaner.dedup.false_positive_rate()
    return cleaner.summary


def _stream(
    cleaner: _Cleaner,
    records: Iterable[Record],
    outs: Sequence[IO[Any]],
    rejects: Sequence[IO[Any]],
    progress: Callable[[int], None] | None,
) -> None:
    fmt, source_fmt = cleaner.options.output_format, cleaner.options.source_format
    for record in records:
        reasons = cleaner.reasons(record)
        cleaner.count(reasons)
        if not reasons:
            for handle, data in zip(outs, render(record, fmt, source_fmt), strict=True):
                handle.write(data)
        elif rejects:
            rejects[0].write(_rejected_line(record, reasons))
        if progress is not None:
            progress(sum(len(line) for line in record.raw))


def _rejected_line(record: Record, reasons: list[str]) -> bytes:
    if record.problem is not None:
        texts = [record.problem, b"".join(record.raw).decode("utf-8", "replace")]
    else:
        texts = [record.source, record.target]
    source, target = (flat(text) for text in texts)
    return f"{record.line}\t{','.join(reasons)}\t{source}\t{target}\n".encode()
