"""Compare py3langid and lingua-language-detector on short sentences (issue #12).

Short sentences are what a language identifier sees in an article: Indonesian lines from
news-valid.id and tico19-test.id, English ones from news-valid.en and tico19-test.en, cut
to their first N words. A prediction of Indonesian counts Malay as right (identifiers
confuse the two, and the corpus rule treats them alike). Both tools are restricted to the
same candidate languages (those an Indonesian article quotes).

    python scripts/compare_langid.py [--words 6] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

CANDIDATES = ("id", "ms", "en", "ar", "nl", "tl", "fr", "de", "es", "zh")  # lingua has no Javanese
SAME = {"id": {"id", "ms"}, "en": {"en"}}


def _samples(data: Path, words: int) -> list[tuple[str, str]]:
    files = {
        "id": ["news-valid.id", "realmt/tico19-test.id"],
        "en": ["news-valid.en", "realmt/tico19-test.en"],
    }
    out = []
    for lang, names in files.items():
        for name in names:
            for line in (data / name).read_text(encoding="utf-8").splitlines():
                cut = " ".join(line.split()[:words])
                if cut:
                    out.append((lang, cut))
    return out


def _py3langid() -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return lambda text: str(ident.classify(text)[0])


def _lingua() -> Callable[[str], str]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in CANDIDATES]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def detect(text: str) -> str:
        lang = detector.detect_language_of(text)
        return "?" if lang is None else lang.iso_code_639_1.name.lower()

    return detect


def _measure(
    name: str, make: Callable[[], Callable[[str], str]], samples: list[tuple[str, str]]
) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    detect = make()
    detect("warm up")
    loaded = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    start = time.perf_counter()
    right = {"id": 0, "en": 0}
    total = {"id": 0, "en": 0}
    for lang, text in samples:
        total[lang] += 1
        right[lang] += detect(text) in SAME[lang]
    seconds = time.perf_counter() - start
    print(
        f"| {name} | {right['id'] / total['id']:.4f} | {right['en'] / total['en']:.4f} "
        f"| {len(samples) / seconds:,.0f} | {loaded:.2f} | {peak:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=6)
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/data")
    parser.add_argument("--only", choices=("py3langid", "lingua"))
    args = parser.parse_args()
    samples = _samples(args.data, args.words)
    print(f"{len(samples)} samples, first {args.words} words")
    print("| library | id (id or ms) | en | sentences/s | load s | load MiB (traced) |")
    print("|---|---|---|---|---|---|")
    for name, make in (("py3langid", _py3langid), ("lingua", _lingua)):
        if args.only in (None, name):
            _measure(name, make, samples)


if __name__ == "__main__":
    main()
