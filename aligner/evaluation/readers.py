"""Read what ``aligner evaluate`` scores: hypotheses, references, sources, scores, documents.

Lines are taken exactly as the file holds them: strict UTF-8, split on ``\\n`` only (a ``\\r``
before it belongs to the line end, as in sacrebleu), one final line end optional. There is
no Unicode normalisation and no stripping of spaces, zero-width characters or a BOM,
unlike ``aligner.text.load``: metric scores must be those of the files as published
(the TICO-19 references hold zero-width spaces that sacrebleu counts in chrF).

Hypotheses come as plain text or a Moses side (one translation per line), our JSONL (the
``target`` field, with ``confidence``, ``flags`` and ``doc``) or our TSV (the second
column, with the confidence in the third).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from aligner.errors import EvaluationError
from aligner.text import file_lines

__all__ = [
    "HypFormat",
    "Hypotheses",
    "check_lengths",
    "read_docs",
    "read_hypotheses",
    "read_lines",
    "read_scores",
]


class HypFormat(str, Enum):
    """How to read HYP: ``auto`` goes by the extension (.jsonl, .tsv; anything else is text)."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    tsv = "tsv"


@dataclass(frozen=True, slots=True)
class Hypotheses:
    """One translation per line, and what our formats carry beside it."""

    path: str
    texts: tuple[str, ...]
    confidence: tuple[float, ...] | None = None  # NaN where a JSONL line has none
    flags: tuple[frozenset[str], ...] | None = None
    docs: tuple[str, ...] | None = None


def read_lines(path: Path) -> list[str]:
    """The lines of ``path`` as they are (see the module docstring)."""
    return file_lines(path)


def _format(path: Path, fmt: HypFormat) -> HypFormat:
    if fmt is not HypFormat.auto:
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return HypFormat.jsonl
    return HypFormat.tsv if suffix == ".tsv" else HypFormat.text


def read_hypotheses(path: Path, fmt: HypFormat = HypFormat.auto) -> Hypotheses:
    """HYP in any of the formats above; an empty file is an error."""
    lines = read_lines(path)
    if not lines:
        raise EvaluationError("the hypothesis file is empty", path=path)
    kind = _format(path, fmt)
    if kind is HypFormat.jsonl:
        return _from_jsonl(path, lines)
    if kind is HypFormat.tsv:
        return _from_tsv(path, lines)
    return Hypotheses(str(path), tuple(lines))


def _from_tsv(path: Path, lines: list[str]) -> Hypotheses:
    texts, scores = [], []
    for number, line in enumerate(lines, 1):
        fields = line.split("\t")
        if len(fields) != 3:
            raise EvaluationError(
                f"line {number} has {len(fields)} tab-separated fields, not 3 "
                "(source, target, confidence)",
                path=path,
            )
        texts.append(fields[1])
        scores.append(_number(fields[2], path, number))
    return Hypotheses(str(path), tuple(texts), confidence=tuple(scores))


def _from_jsonl(path: Path, lines: list[str]) -> Hypotheses:
    records = [_record(line, path, number) for number, line in enumerate(lines, 1)]
    confidence = tuple(_confidence(r, path, n) for n, r in enumerate(records, 1))
    flags = tuple(_flags(r, path, n) for n, r in enumerate(records, 1))
    docs = [r.get("doc") for r in records]
    return Hypotheses(
        str(path),
        tuple(r["target"] for r in records),
        confidence=None if all(math.isnan(c) for c in confidence) else confidence,
        flags=flags if any("flags" in r for r in records) else None,
        docs=tuple(str(d) for d in docs) if all(d is not None for d in docs) else None,
    )


def _record(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        raise EvaluationError(f"line {number} is not JSON", path=path) from None
    if not isinstance(record, dict):
        raise EvaluationError(f"line {number} is not a JSON object", path=path)
    if not isinstance(record.get("target"), str):
        raise EvaluationError(f"line {number} has no 'target' text", path=path)
    return record


def _confidence(record: dict[str, Any], path: Path, number: int) -> float:
    value = record.get("confidence")
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvaluationError(f"line {number}: 'confidence' is not a number", path=path)
    return float(value)


def _flags(record: dict[str, Any], path: Path, number: int) -> frozenset[str]:
    value = record.get("flags", [])
    if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
        raise EvaluationError(f"line {number}: 'flags' is not a list of strings", path=path)
    return frozenset(value)


def _number(text: str, path: Path, number: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise EvaluationError(f"line {number}: {text!r} is not a number", path=path) from None
    if math.isnan(value):
        raise EvaluationError(f"line {number}: the score is NaN", path=path)
    return value


def read_scores(path: Path) -> tuple[float, ...]:
    """One number per line (e.g. a Moses ``.scores`` file, or any external score)."""
    return tuple(_number(line, path, n) for n, line in enumerate(read_lines(path), 1))


def read_docs(path: Path) -> tuple[str, ...]:
    """One document id per line."""
    return tuple(read_lines(path))


def check_lengths(hyp: str, count: int, others: list[tuple[str, str, int]]) -> None:
    """Every other file (``(role, path, lines)``) has as many lines as HYP, or a one-line
    error naming both files and their counts."""
    for role, path, lines in others:
        if lines != count:
            raise EvaluationError(
                f"line counts differ: {hyp} has {count} lines, {role} {path} has {lines}"
            )
