"""Duplicate detection in bounded memory, for corpora of any size.

A pair's key is its normalised source and target (casefolded, digits removed, everything
but letters dropped: ``Harga naik 5%.`` and ``harga naik 7 %`` are near-duplicates), hashed
to 64 bits (BLAKE2b). Keys are kept exactly, in a set of integers, up to ``exact_limit``
(default 4 million keys, about 300 MB); beyond that the set is folded into a Bloom filter of
``bloom_bytes`` (default 256 MiB, 7 hash functions) and every later key goes there. The
filter's memory is fixed; its price is false positives: a unique pair taken for a duplicate,
at a rate that grows with the keys held (about 0.1% at 100 million keys with the default
size). ``false_positive_rate`` estimates it and the summary reports it when the fallback ran.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Final

__all__ = ["BloomFilter", "Deduplicator", "pair_key"]

EXACT_LIMIT: Final = 4_000_000
BLOOM_BYTES: Final = 256 * 2**20
BLOOM_HASHES: Final = 7

_NOT_LETTER = re.compile(r"[\W\d_]+")


def pair_key(source: str, target: str) -> int:
    """The 64-bit key of a pair under near-duplicate normalisation."""
    text = f"{_NOT_LETTER.sub('', source.casefold())}\t{_NOT_LETTER.sub('', target.casefold())}"
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


class BloomFilter:
    """A fixed-size Bloom filter of 64-bit keys (double hashing from the key's halves)."""

    def __init__(self, size_bytes: int = BLOOM_BYTES, hashes: int = BLOOM_HASHES) -> None:
        self.bits = bytearray(size_bytes)
        self.size = size_bytes * 8
        self.hashes = hashes
        self.count = 0

    def _positions(self, key: int) -> list[int]:
        low, high = key & 0xFFFFFFFF, (key >> 32) | 1
        return [(low + i * high) % self.size for i in range(self.hashes)]

    def add(self, key: int) -> bool:
        """Add ``key``; True when it (probably) was there already."""
        present = True
        for position in self._positions(key):
            byte, bit = divmod(position, 8)
            if not self.bits[byte] >> bit & 1:
                present = False
                self.bits[byte] |= 1 << bit
        self.count += not present
        return present

    def false_positive_rate(self) -> float:
        return (1 - math.exp(-self.hashes * self.count / self.size)) ** self.hashes


class Deduplicator:
    """``seen(source, target)``: True for a pair whose key came before (and records it)."""

    def __init__(self, exact_limit: int = EXACT_LIMIT, bloom_bytes: int = BLOOM_BYTES) -> None:
        self.exact: set[int] | None = set()
        self.exact_limit = exact_limit
        self.bloom_bytes = bloom_bytes
        self.bloom: BloomFilter | None = None

    def seen(self, source: str, target: str) -> bool:
        key = pair_key(source, target)
        if self.exact is not None:
            if key in self.exact:
                return True
            self.exact.add(key)
            if len(self.exact) > self.exact_limit:
                self._fold()
            return False
        assert self.bloom is not None  # one of the two is always set
        return self.bloom.add(key)

    def _fold(self) -> None:
        self.bloom = BloomFilter(self.bloom_bytes)
        for key in self.exact or ():
            self.bloom.add(key)
        self.exact = None

    def false_positive_rate(self) -> float | None:
        """The Bloom filter's estimated false-positive rate, None while exact."""
        return None if self.bloom is None else self.bloom.false_positive_rate()
