"""The corpus noise options shared by translate and batch, kept apart from
``_shared.py`` so each command adds them with two lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aligner.clean.exclude import CorpusExclusion

if TYPE_CHECKING:
    from aligner.clean.exclude import CorpusExclusion

KeepNoiseOption = Annotated[
    bool,
    typer.Option(
        "--keep-noise",
        help="Keep pairs flagged boilerplate or not Indonesian in tsv, moses and tmx "
        "(they are left out by default).",
    ),
]
CleanOption = Annotated[
    bool,
    typer.Option(
        "--clean",
        help="Also leave out of tsv, moses and tmx what `aligner clean` would remove.",
    ),
]


def corpus_exclusion(keep_noise: bool, clean: bool) -> CorpusExclusion:

    return CorpusExclusion(keep_noise=keep_noise, clean=clean)
