"""The public data of alignment: ``Bead``, ``AlignParams`` and the version of the method."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALIGNER_VERSION", "AlignParams", "Bead"]

# 3: beads of up to five sentences in the gaps of the 1-1 anchors; 4: sentence-end evidence;
# 5: the MT term bounded at +-30, not +-15, and shared anchors rewarded less in the MT passes
ALIGNER_VERSION = "align-5"


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment unit: sentence indices on each side (either may be empty)."""

    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    confidence: float

    @property
    def shape(self) -> str:
        return f"{len(self.source_ids)}-{len(self.target_ids)}"


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Weights of the bead cost (log-likelihood units) and search settings."""

    merge: float = 4.0  # prior cost of a 1-2 / 2-1 bead
    merge22: float = 10.0  # prior cost of a 2-2 bead
    skip: float = 5.0  # cost of a 1-0 / 0-1 bead
    length: float = 1.0  # weight of the Gale–Church term
    variance: float = 30.0  # default variance per character of the length model
    match: float = 1.0  # reward per unit of shared anchor weight
    match_mt: float = 0.7  # the same in the MT passes (the MT's n-grams hold the anchors too)
    miss: float = 0.3  # penalty per unit of (balance-weighted) anchor weight on one side only
    bare: float = 0.5  # penalty for a pair that shares no anchor at all
    per_char: float = 0.5  # cost per 100 characters of a pair (skips pay a flat ``skip``)
    number: float = 0.5  # penalty per number on one side only
    cognate: float = 1.5  # weight of cognate prefixes relative to full tokens
    lexicon: float = 1.5  # weight of built-in lexicon concepts relative to full tokens
    cap: float = 3.0  # maximum weight of one anchor
    paragraph: float = 0.0  # penalty when a bead starts a paragraph on one side only
    inside: float = 4.0  # penalty when a group spans a paragraph boundary
    mt: float = 0.7  # weight of the MT log-likelihood ratio (see bridge.py)
    mt_clip: float = 30.0  # bound on that ratio per bead (15 saturated on good pairs)
    mt_min_t: float = 4.0  # separation (t statistic) MT must show on the document
    ends: float = 1.0  # weight of the sentence-end evidence of the MT passes (ends.py)
    temperature: float = 3.5  # of the posterior used as confidence (calibration)
    band: int = 24  # initial half-width of the first-pass band
    final_band: int = 12  # half-width around the first-pass path
