"""The options of a batch run (what ``aligner batch`` parses into)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["BatchOptions"]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    glob: str = "**/*.txt"
    formats: tuple[str, ...] = ("tsv", "jsonl")
    min_confidence: float | None = None
    resume: bool = True
    cache: Path | None = None  # None: OUT_DIR/.aligner-cache.sqlite
    use_cache: bool = True
    chunk_sentences: int = 512  # sentences per model call, gathered across files
    align: bool = False  # pair NAME.id.* with NAME.en.* (or target_dir/REL) and align
    target_dir: Path | None = None
    lang: str = "id"
    encoding: str | None = None  # None: UTF-8 (BOM-detected UTF-16/32); see aligner.text.load
    paragraphs: str = "line"  # see aligner.text.load.PARAGRAPH_MODES
    input_format: str | None = None  # None: each file's reader from its extension
    html_all: bool = False  # html: every text block, not only the extracted article
    keep_noise: bool = False  # corpus.tsv/moses/tmx keep pairs flagged as noise (aligner.clean)
    clean: bool = False  # corpus.tsv/moses/tmx also leave out what `aligner clean` removes
