"""``--segmented`` and ``--mt`` of ``align`` and ``translate``: pre-split input, a given MT."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aligner.errors import OptionError
from aligner.text.lines import line_sentences, read_lines
from aligner.text.lines import read_mt as read
from aligner.text.segmenter import segment_document

if TYPE_CHECKING:
    from aligner.types import Document, Sentence

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


def check_mt_options(
    mt: Path | None,
    segmented: bool,
    no_mt: bool,
    model: str | None,
    glossary: Path | None = None,
) -> None:
    """``--mt`` needs ``--segmented`` and replaces the model: refuse what contradicts it.
    ``--glossary`` works through the model (its checks and n-best list): it needs one."""

    if glossary is not None and (no_mt or mt is not None):
        raise OptionError(f"--glossary needs the model: drop {'--no-mt' if no_mt else '--mt'}")
    if mt is None:
        return
    if not segmented:
        raise OptionError("--mt needs --segmented (line i of the MT file translates line i)")
    if no_mt or model is not None:
        raise OptionError(f"--mt {mt} is the bridge: drop {'--no-mt' if no_mt else '--model'}")


def read_segmented(source: Path, encoding: str | None) -> Document:

    return read_lines(source, encoding)


def sentences(doc: Document, segmented: bool, lang: str) -> list[Sentence]:
    """The sentences of ``doc``: its lines when pre-split, else what the segmenter finds."""
    if segmented:
        return line_sentences(doc)

    return segment_document(doc, lang)


def read_mt(path: Path, source: tuple[str, list[Sentence]], encoding: str | None) -> list[str]:
    """The ``--mt`` file: line *i* is the MT of source sentence *i* (counts must agree)."""

    name, sentences = source
    return read(path, sentences, name, encoding)
