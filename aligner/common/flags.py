"""What a pair's flags say about it, for every stage that filters or marks pairs."""

from __future__ import annotations

from typing import Final

from aligner.types import Flag, Pair

__all__ = ["NOISE_PREFIXES", "is_noise"]

NOISE_PREFIXES: Final = (f"{Flag.BOILERPLATE.value}:", f"{Flag.LANG_SRC.value}:")


def is_noise(pair: Pair) -> bool:
    """Boilerplate, or a source that is not Indonesian: corpus formats leave such a pair out
    unless asked to keep it (``--keep-noise``); a wrong output language is only flagged."""
    return any(f.startswith(NOISE_PREFIXES) for f in pair.flags)
