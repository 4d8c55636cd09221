"""Sentence features for alignment: anchors that survive translation, and n-gram profiles.

Anchors are tokens a translator copies rather than translates: numbers (normalised so that
``100.000``, ``100,000`` and ``100000`` agree, and ``2,75`` agrees with ``2.75``), names,
acronyms, URLs, loanwords. Rather than guessing which capitalised word is a name, every
token of three or more letters is a candidate and only those that occur on *both* sides of
the document are kept: an Indonesian word that never appears in the English text can never
match, so it costs nothing to drop. A capitalised token is kept apart from the same word in
lower case (``Para`` starting a sentence is not a name). Cognate prefixes
(``presiden``/``president``, ``polisi``/``police``) are a weaker class, and words of the small
built-in lexicon (``lexicon.py``: ``Senin``/``Monday``, ``kata``/``said``) add their concept.

Features are stored per sentence as a compact CSR structure (``FeatureRows``) so that the
aligner can compute banded overlaps between groups of consecutive sentences with numpy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.alignment.params import AlignParams
from aligner.common.lexicon import english_concept, indonesian_concept
from aligner.common.textrules import NUMBER, normalise_number

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_PREFIX = 4  # cognate prefix length: presiden/president, informasi/information
_MIN_COGNATE = 5  # shorter words share prefixes by chance too often

_CONCEPT = {"id": indonesian_concept, "en": english_concept}

KINDNUMBER = 0
KIND_TOKEN = 1
KIND_COGNATE = 2
KIND_LEXICON = 3
KIND_NAME = 4  # a capitalised token or acronym: names survive translation most reliably


def sentence_features(text: str, lang: str | None = None) -> list[tuple[int, str]]:
    """The (kind, value) anchor candidates of one sentence, distinct, in order of first use.

    With ``lang`` ("id" or "en"), words of the small built-in lexicon add their concept.
    """
    concept = _CONCEPT.get(lang or "")
    found: dict[tuple[int, str], None] = {}
    rest = _URL.sub(lambda m: _add(found, KIND_TOKEN, m.group().lower().rstrip(".,;")), text)
    for match in NUMBER.finditer(rest):
        found[(KINDNUMBER, normalise_number(match.group()))] = None
    for match in _WORD.finditer(rest):
        word = match.group()
        lower = word.lower()
        if len(word) >= 3 or (len(word) == 2 and word.isupper()):
            found[(KIND_NAME if word[0].isupper() else KIND_TOKEN, lower)] = None
        if len(word) >= _MIN_COGNATE:
            found[(KIND_COGNATE, lower[:_PREFIX])] = None
        meaning = concept(word) if concept is not None else None
        if meaning is not None:
            found[(KIND_LEXICON, meaning)] = None
    return list(found)


def _add(found: dict[tuple[int, str], None], kind: int, value: str) -> str:
    found[(kind, value)] = None
    return " "


def char_ngrams(text: str, n: int = 4) -> set[str]:
    """Distinct character n-grams of the lower-cased words, padded with spaces.

    The measure behind MT similarity: a Dice coefficient over these sets behaves like
    chrF at one n-gram order and is cheap enough for every cell of the alignment band.
    """
    padded = " " + " ".join(_WORD.findall(text.lower()) + NUMBER.findall(text)) + " "
    return {padded[k : k + n] for k in range(max(0, len(padded) - n + 1))}


@dataclass(frozen=True, slots=True)
class FeatureRows:
    """Per-sentence sets of integer feature ids with a weight each (CSR layout).

    Row ``i`` holds ``ids[indptr[i]:indptr[i+1]]``; consecutive rows are contiguous, so a
    group of ``k`` sentences starting at ``i`` is the slice ``indptr[i]:indptr[i+k]``.
    """

    indptr: np.ndarray  # int64, len rows + 1
    ids: np.ndarray  # int64 feature ids
    weights: np.ndarray  # float64, weight of each entry's feature

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def gather(self, starts: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Entries of the groups ``starts[r] .. starts[r]+size-1``: (group, id, weight)."""
        begin = self.indptr[starts]
        lengths = self.indptr[starts + size] - begin
        group = np.repeat(np.arange(len(starts)), lengths)
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        pos = np.repeat(begin, lengths) + offsets
        return group, self.ids[pos], self.weights[pos]

    def distinct_counts(self, size: int, weighted: bool = False) -> np.ndarray:
        """Number (or total weight) of distinct features in each group of ``size`` rows."""
        count = self.rows - size + 1
        if count <= 0:
            return np.zeros(0)
        group, ids, weights = self.gather(np.arange(count), size)
        keys = group.astype(np.int64) * (int(self.ids.max(initial=0)) + 1) + ids
        _, first = np.unique(keys, return_index=True)
        values = weights[first] if weighted else np.ones(len(first))
        return np.bincount(group[first], weights=values, minlength=count)


def build_rows(sets: Sequence[Iterable[int]], weight_of: np.ndarray | None = None) -> FeatureRows:
    """Pack per-sentence feature-id sets into ``FeatureRows`` (weights default to 1)."""
    lists = [sorted(set(s)) for s in sets]
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=indptr[1:])
    ids = np.fromiter((i for x in lists for i in x), dtype=np.int64, count=int(indptr[-1]))
    weights = np.ones(len(ids)) if weight_of is None else weight_of[ids].astype(np.float64)
    return FeatureRows(indptr, ids, weights)


def band_overlap(
    x: FeatureRows,
    y: FeatureRows,
    x_starts: np.ndarray,
    x_size: int,
    y_first: int,
    y_count: int,
    y_size: int,
) -> np.ndarray:
    """Weighted overlap of X groups with a window of Y groups: a dense (len(x_starts), y_count).

    Entry [r, c] is the total X-weight of distinct features shared by the X group starting at
    ``x_starts[r]`` and the Y group starting at ``y_first + c``. A sort-merge join on feature
    ids, so the work is the number of matching entry pairs (no BLAS: its threads thrash on a
    busy machine, and the matrices are small and sparse).
    """
    xg, xi, xw = _distinct(*x.gather(x_starts, x_size))
    yg, yi, _ = _distinct(*y.gather(np.arange(y_first, y_first + y_count), y_size))
    order = np.argsort(yi, kind="stable")
    yi, yg = yi[order], yg[order]
    begin = np.searchsorted(yi, xi, side="left")
    counts = np.searchsorted(yi, xi, side="right") - begin
    total = int(counts.sum())
    cells = len(x_starts) * y_count
    if total == 0:
        return np.zeros((len(x_starts), y_count))
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = yg[np.repeat(begin, counts) + offsets]
    flat = np.repeat(xg, counts) * y_count + cols
    summed = np.bincount(flat, weights=np.repeat(xw, counts), minlength=cells)
    return summed.reshape(len(x_starts), y_count)


def _distinct(
    group: np.ndarray, ids: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries with (group, id) duplicates removed: a group is a set of features."""
    if len(ids) == 0:
        return group, ids, weights
    keys = group.astype(np.int64) * (int(ids.max()) + 1) + ids
    _, first = np.unique(keys, return_index=True)
    return group[first], ids[first], weights[first]


# ---------------------------------------------------------------------------- document rows


def paragraph_starts(paragraphs: Sequence[int] | None, count: int) -> np.ndarray:
    if paragraphs is None or count == 0:
        return np.zeros(count, dtype=bool)
    par = np.asarray(paragraphs)
    return np.concatenate([[True], par[1:] != par[:-1]])


def anchor_rows(
    source: Sequence[str], target: Sequence[str], params: AlignParams
) -> tuple[FeatureRows, ...]:
    """Rows of anchors (features found on both sides, weighted by rarity), numbers, and
    anchors weighted for the miss penalty."""
    src_feats = [sentence_features(s, "id") for s in source]
    tgt_feats = [sentence_features(t, "en") for t in target]
    df_s: dict[tuple[int, str], int] = {}
    df_t: dict[tuple[int, str], int] = {}
    for feats, df in ((src_feats, df_s), (tgt_feats, df_t)):
        for sentence in feats:
            for f in sentence:
                df[f] = df.get(f, 0) + 1
    shared = sorted(f for f in df_s if f in df_t)
    ids = {f: k for k, f in enumerate(shared)}
    weights = (
        np.array(
            [anchor_weight(f, df_s[f], df_t[f], len(source), len(target), params) for f in shared]
        )
        if shared
        else np.zeros(0)
    )
    # An anchor that survives translation occurs about as often on each side; a feature
    # shared by accident (frequent on one side, rare on the other) says little when missing.
    balance = np.array([min(df_s[f], df_t[f]) / max(df_s[f], df_t[f]) for f in shared])
    numbers = sorted({f for f in (*df_s, *df_t) if f[0] == KINDNUMBER})
    num_ids = {f: k for k, f in enumerate(numbers)}
    return (
        build_rows([[ids[f] for f in s if f in ids] for s in src_feats], weights),
        build_rows([[ids[f] for f in s if f in ids] for s in tgt_feats], weights),
        build_rows([[num_ids[f] for f in s if f in num_ids] for s in src_feats]),
        build_rows([[num_ids[f] for f in s if f in num_ids] for s in tgt_feats]),
        build_rows([[ids[f] for f in s if f in ids] for s in src_feats], weights * balance),
        build_rows([[ids[f] for f in s if f in ids] for s in tgt_feats], weights * balance),
    )


def anchor_weight(
    feature: tuple[int, str], df_s: int, df_t: int, n: int, m: int, params: AlignParams
) -> float:
    """Evidence of a shared anchor: log inverse frequency, capped, cognates discounted."""
    rarity = math.log(1.0 + (n + m) / (df_s + df_t))
    weight = min(params.cap, rarity)
    if feature[0] == KIND_LEXICON:
        return weight * params.lexicon
    return weight * params.cognate if feature[0] == KIND_COGNATE else weight


def ngram_rows(mt: Sequence[str], target: Sequence[str]) -> tuple[FeatureRows, FeatureRows]:
    vocab: dict[str, int] = {}
    mt_sets = [[vocab.setdefault(g, len(vocab)) for g in char_ngrams(s)] for s in mt]
    tgt_sets = [[vocab.setdefault(g, len(vocab)) for g in char_ngrams(t)] for t in target]
    return build_rows(mt_sets), build_rows(tgt_sets)


def char_lengths(texts: Sequence[str]) -> np.ndarray:
    return np.array([max(1, len(t)) for t in texts], dtype=np.float64)
