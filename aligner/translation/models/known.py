"""Models we know for Indonesian -> English: quality, size, licence and how to get them.

Scores are published FLORES devtest figures for ind -> eng (the OPUS-MT leaderboard,
``scores/ind-eng/``, and the NLLB paper's tables as the leaderboard reproduces them); our
throughput is measured by ``scripts/bench_models.py`` on random weights of each
architecture (CPU, int8, sentences/s): what decoding costs, whatever the weights say.
``docs/models.md`` shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["KNOWN", "KnownModel", "how_to_get", "licence"]

LEADERBOARD = "OPUS-MT leaderboard scores/ind-eng (FLORES-101 devtest)"
LEADERBOARD_200 = "OPUS-MT leaderboard scores/ind-eng (FLORES-200 devtest)"


@dataclass(frozen=True, slots=True)
class KnownModel:
    name: str
    arch: str  # an ``Arch`` value
    params: str
    int8_mb: int  # the CTranslate2 int8 conversion on disk, MiB
    bleu: float
    chrf: float | None  # None where the source gives none
    source: str
    licence: str
    sents_per_s: float | None  # scripts/bench_models.py; None: not measured
    url: str = ""  # a release to download and unpack, for models not on the hub

    @property
    def hub(self) -> bool:
        return not self.url


# int8 sizes and sentences/s: scripts/bench_models.py (beam 4, 24-token outputs, median of
# 2-3 runs on a shared 2-core machine in a quiet spell, still noisy); NLLB 3.3B's size is an
# estimate from its parameter count; None: speed not measured
KNOWN: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel(
            "Helsinki-NLP/opus-mt-id-en", "marian", "77M", 70, 33.4, 61.2,
            LEADERBOARD, "Apache-2.0", 10.7,
        ),
        KnownModel(
            "Tatoeba-MT-models/msa-eng", "marian-npz", "76M", 76, 38.5, 64.8,
            LEADERBOARD + ", opus+bt-2021-04-30", "CC-BY-4.0", 11.4,
            url="https://object.pouta.csc.fi/Tatoeba-MT-models/msa-eng/opus+bt-2021-04-30.zip",
        ),
        KnownModel(
            "facebook/m2m100_418M", "m2m100", "418M", 467, 33.2, None,
            LEADERBOARD, "MIT", 2.7,
        ),
        KnownModel(
            "facebook/m2m100_1.2B", "m2m100", "1.2B", 1189, 38.9, None,
            LEADERBOARD, "MIT", 1.3,
        ),
        KnownModel(
            "facebook/nllb-200-distilled-600M", "nllb", "600M", 592, 40.5, 65.3,
            LEADERBOARD_200, "CC-BY-NC-4.0 (non-commercial)", 1.5,
        ),
        KnownModel(
            "facebook/nllb-200-distilled-1.3B", "nllb", "1.3B", 1314, 43.2, None,
            LEADERBOARD_200, "CC-BY-NC-4.0 (non-commercial)", 0.74,
        ),
        KnownModel(
            "facebook/nllb-200-3.3B", "nllb", "3.3B", 3150, 44.3, None,
            LEADERBOARD_200, "CC-BY-NC-4.0 (non-commercial)", None,
        ),
    )
}  # fmt: skip


def licence(name: str, model_dir: Path | None = None) -> str:
    """A known model's licence, else what its model card says, else ``unknown``."""
    from aligner.translation.models.arch import licence_of

    for key in (name, name.split("-ct2-")[0]):
        if key in KNOWN:
            return KNOWN[key].licence
    return licence_of(model_dir) if model_dir is not None else "unknown"


def how_to_get(name: str, target: Path) -> str:
    """How to bring ``name`` to an offline machine, as a clause of one line."""
    known = KNOWN.get(name)
    if known is not None and known.url:
        return (
            f"download {known.url} on a connected machine, unzip it into {target}/ "
            f"(or anywhere, and pass --model DIR)"
        )
    return (
        f"run `aligner models download {name}` on a connected machine and copy "
        f"{target}/ to the same place here"
    )
