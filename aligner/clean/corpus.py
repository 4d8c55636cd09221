"""Parallel corpora as ``aligner clean`` reads and writes them: TSV, Moses, our JSONL.

Files are read as bytes, line by line, so a kept pair is written back exactly as it was read
(line ends, spacing, a third column included) and memory does not grow with the file.
Each line is decoded as UTF-8 on its own; a line that is not UTF-8, or a TSV line without 2
or 3 tab-separated fields, or a JSONL line that is not an object with ``source`` and
``target``, is *malformed*: an ``InputError`` naming the file and line, unless the caller
asked to skip such lines (then it is a :class:`Record` with ``problem`` set).

    TSV    source<TAB>target[<TAB>score], no quoting; "source<TAB>" is an empty target
    Moses  PREFIX.id and PREFIX.en, line-aligned (a different line count is an error)
    JSONL  one object per line with "source", "target" and optionally "confidence"
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from aligner.common.jsontext import json_text, replace_surrogates
from aligner.errors import InputError, InputNotFoundError

__all__ = ["CORPUS_FORMATS", "Record", "infer_corpus_format", "read_corpus", "render"]

CORPUS_FORMATS: Final = ("tsv", "moses", "jsonl")
_SUFFIXES: Final = {".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class Record:
    """One pair of a corpus: its 1-based line number, the texts, the score, the raw lines
    (one per file of the format: TSV and JSONL one, Moses two), or what is wrong with it."""

    line: int
    source: str
    target: str
    score: float | None
    raw: tuple[bytes, ...]
    problem: str | None = None


def infer_corpus_format(path: Path) -> str | None:
    """``tsv`` or ``jsonl`` from the suffix; Moses is named with ``--from moses``."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def corpus_paths(fmt: str, path: Path) -> tuple[Path, ...]:
    """The files of a corpus: Moses is ``PREFIX.id`` and ``PREFIX.en``."""
    if fmt == "moses":
        return (Path(f"{path}.id"), Path(f"{path}.en"))
    return (Path(path),)


def read_corpus(fmt: str, path: Path, *, skip_malformed: bool = False) -> Iterator[Record]:
    """Stream the pairs of the corpus at ``path`` (Moses: the prefix), in order."""
    files = corpus_paths(fmt, path)
    handles = [_open(file) for file in files]
    try:
        rows = _lockstep(handles, files) if fmt == "moses" else ((line,) for line in handles[0])
        for number, raw in enumerate(rows, start=1):
            record = _parse(fmt, number, raw)
            if record.problem is not None and not skip_malformed:
                hint = "(--skip-malformed to go on)"
                raise InputError(f"{files[0]}:{number}: {record.problem} {hint}")
            yield record
    finally:
        for handle in handles:
            handle.close()


def _open(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")  # closed by read_corpus
    except FileNotFoundError:
        raise InputNotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputNotFoundError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _lockstep(handles: list[IO[bytes]], files: tuple[Path, ...]) -> Iterator[tuple[bytes, ...]]:
    number = 0
    while True:
        lines = tuple(handle.readline() for handle in handles)
        number += 1
        if not any(lines):
            return
        if not all(lines):
            short = files[lines.index(b"")]
            raise InputError(f"{short}: ends at line {number - 1}, before the other side")
        yield lines


def _parse(fmt: str, number: int, raw: tuple[bytes, ...]) -> Record:
    try:
        texts = [_strip_eol(line.decode("utf-8")) for line in raw]
    except UnicodeDecodeError as exc:
        return Record(number, "", "", None, raw, f"not valid UTF-8 at byte {exc.start}")
    if fmt == "moses":
        return Record(number, texts[0], texts[1], None, raw)
    if fmt == "jsonl":
        return _parse_json(number, texts[0], raw)
    fields = texts[0].split("\t")
    if len(fields) not in (2, 3):
        problem = f"expected 2 or 3 tab-separated fields, found {len(fields)}"
        return Record(number, "", "", None, raw, problem)
    score = _score(fields[2]) if len(fields) == 3 else None
    if len(fields) == 3 and score is None:
        return Record(number, "", "", None, raw, f"third field {fields[2]!r} is not a number")
    return Record(number, fields[0], fields[1], score, raw)


def _parse_json(number: int, text: str, raw: tuple[bytes, ...]) -> Record:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return Record(number, "", "", None, raw, f"not JSON ({exc.msg})")
    if not isinstance(value, dict) or not all(
        isinstance(value.get(key), str) for key in ("source", "target")
    ):
        return Record(number, "", "", None, raw, "not an object with string source and target")
    score = value.get("confidence")
    number_score = float(score) if isinstance(score, int | float) else None
    return Record(number, value["source"], value["target"], number_score, raw)


def _score(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) else value


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


def render(record: Record, fmt: str, source_fmt: str) -> tuple[bytes, ...]:
    """The bytes ``record`` is written as in ``fmt``: the raw lines when the format is the
    one read, else the pair re-encoded (a final newline always)."""
    if fmt == source_fmt:
        return tuple(line if line.endswith(b"\n") else line + b"\n" for line in record.raw)
    if fmt == "moses":
        return (_line(flat(record.source)), _line(flat(record.target)))
    if fmt == "tsv":
        score = "" if record.score is None else f"\t{record.score}"
        return (_line(f"{flat(record.source)}\t{flat(record.target)}{score}"),)
    value = {
        "doc": "", "paragraph": 0, "source_ids": [record.line - 1],
        "target_ids": [record.line - 1], "source": record.source, "target": record.target,
        "confidence": record.score, "logprob": None, "tokens": None, "flags": [], "bead": "1-1",
    }  # fmt: skip
    return (_line(json_text(value)),)  # lone surrogates (from JSON escapes) as escapes


def flat(text: str) -> str:
    """``text`` as one tab-free line, breaks and tabs collapsed to one space; lone
    surrogates (a JSONL input's ``\\ud800`` escapes) become U+FFFD so UTF-8 holds them."""
    return replace_surrogates(" ".join(text.replace("\t", " ").splitlines()))


def _line(text: str) -> bytes:
    return (text + "\n").encode("utf-8")
