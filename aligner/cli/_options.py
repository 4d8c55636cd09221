"""Option declarations shared by the commands: each declared once, typer and stdlib only.

Names that a registry owns (output formats, input formats, backends) come from it through
``choice``, so a new writer, reader or backend is a new choice everywhere without another
list to keep in step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from aligner.output.formats import FORMATS
from aligner.translation.backends import BACKENDS

DEFAULT_FORMAT = "tsv"  # what corpus tools read; -o FILE.jsonl etc. picks another


def choice(kind: str, names: Sequence[str]) -> dict[str, Any]:
    """The ``typer.Option`` settings of a string option whose values are ``names``: shown
    as ``<a|b|c>`` in the help, anything else a usage error listing them."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            raise typer.BadParameter(f"unknown {kind} {value!r}; choose one of: {', '.join(names)}")
        return value

    return {"callback": check, "metavar": f"<{'|'.join(names)}>"}


BACKEND_NAMES = ("auto", *BACKENDS)


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class ParagraphMode(str, Enum):
    line = "line"
    blank = "blank"


def _format_name(value: str | None) -> str | None:
    if value is not None and value not in FORMATS:
        raise typer.BadParameter(f"unknown format {value!r}; choose from {', '.join(FORMATS)}")
    return value


def format_names(value: str) -> tuple[str, ...]:
    """``-f tsv,jsonl`` of batch: known names, each once, at least one."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        given = ", ".join(unknown) or "(none)"
        raise typer.BadParameter(f"unknown format {given}; choose from {', '.join(FORMATS)}")
    return names


EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", "-e", help="Input encoding (default: UTF-8, or from a BOM)."),
]
ParagraphsOption = Annotated[
    ParagraphMode,
    typer.Option(
        "--paragraphs",
        help="line: every non-empty line is a paragraph; "
        "blank: blank lines separate paragraphs, wrapped lines are joined.",
    ),
]


def not_nan(value: float | None) -> float | None:
    """Option callback: click's FloatRange lets NaN through (every comparison is False)."""
    if value is not None and math.isnan(value):
        raise typer.BadParameter("must be a number, not NaN")
    return value


MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        callback=not_nan,
        help="Drop pairs below this confidence (tsv, moses, tmx).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Output file (moses: path prefix). Default: stdout."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        callback=_format_name,
        metavar="FORMAT",
        help=f"Output format: {', '.join(FORMATS)}. "
        f"Default: from the -o extension, else {DEFAULT_FORMAT}.",
    ),
]
FormatsOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMATS", help=f"Comma-separated: {', '.join(FORMATS)}."
    ),
]
MetaOption = Annotated[
    Path | None, typer.Option(help="Also write the run's signature as JSON here.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar (batch: no summary either).")
]

# the translator, as TranslatorOptions takes it
ModelOption = Annotated[
    str | None,
    typer.Option(
        help="Hugging Face model id or local folder.  \\[default: Helsinki-NLP/opus-mt-id-en]"
    ),
]
BackendOption = Annotated[
    str, typer.Option(help="Translation backend.", **choice("backend", BACKEND_NAMES))
]
DeviceOption = Annotated[Device, typer.Option(help="Where to run the model.")]
ComputeTypeOption = Annotated[
    str | None,
    typer.Option(help="Weight/compute type, e.g. float32, float16, int8 (backend default)."),
]
BeamsOption = Annotated[
    int | None, typer.Option(min=1, help="Beam size.  \\[default: the model's generation config]")
]
BatchTokensOption = Annotated[
    int | None, typer.Option(min=1, help="Padded source tokens per batch.")
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Glossary TSV (source<TAB>target, # comments): terms whose target must be in "
        "the output, enforced from the n-best list; the pair is flagged term:<source> if not.",
    ),
]
ThreadsOption = Annotated[
    int | None,
    typer.Option(min=1, help="CPU threads for the model, in all.  \\[default: every core allowed]"),
]
ParallelBatchesOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Batches decoded side by side, sharing --threads (the output is the same "
        "for any value).  \\[default: one per thread, at most 4; CUDA: 2 per GPU]",
    ),
]
