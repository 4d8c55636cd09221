"""``--segmented`` and ``--mt`` of ``align`` and ``translate``: pre-split input, a given MT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from aligner.types import Document, Pair, Sentence, SupportsTranslate

SegmentedOption = Annotated[
    bool,
    typer.Option(
        "--segmented",
        help="Pre-split input: line i is sentence i (0-based), not re-segmented; "
        "a blank line is an empty sentence that keeps its number.",
    ),
]
MtFileOption = Annotated[
    Path | None,
    typer.Option(
        "--mt",
        metavar="FILE",
        help="Existing MT of SRC_ID as the bridge, line i for source line i (needs "
        "--segmented); no model is loaded.",
    ),
]


def check_mt_options(mt: Path | None, segmented: bool, no_mt: bool, model: str | None) -> None:
    """``--mt`` needs ``--segmented`` and replaces the model: refuse what contradicts it."""
    from aligner.errors import OptionError

    if mt is None:
        return
    if not segmented:
        raise OptionError("--mt needs --segmented (line i of the MT file translates line i)")
    if no_mt or model is not None:
        raise OptionError(f"--mt {mt} is the bridge: drop {'--no-mt' if no_mt else '--model'}")


def read_segmented(source: Path, encoding: str | None) -> Document:
    from aligner.text.lines import read_lines

    return read_lines("-" if str(source) == "-" else source, encoding)


def sentences(doc: Document, segmented: bool, lang: str) -> list[Sentence]:
    """The sentences of ``doc``: its lines when pre-split, else what the segmenter finds."""
    if segmented:
        from aligner.text.lines import line_sentences

        return line_sentences(doc)
    from aligner.text.segmenter import segment_document

    return segment_document(doc, lang)


def align_lines(
    src: Document,
    tgt: Document,
    mt: Path | None,
    translator: SupportsTranslate | None,
    encoding: str | None,
    progress: Callable[[int], None] | None = None,
) -> list[Pair]:
    """Align pre-split documents; the bridge is the ``mt`` file, else ``translator``."""
    from aligner.pipeline import align_segmented
    from aligner.text.lines import line_sentences, read_mt

    source, target = line_sentences(src), line_sentences(tgt)
    bridge = read_mt(mt, source, src.path, encoding) if mt is not None else None
    return align_segmented(src.path, source, target, translator=translator, mt=bridge,
                           paragraphs=False, progress=progress)  # fmt: skip
