"""Build a noisy id→en test corpus from clean pairs, with a label for every line (issue #12).

Takes line-aligned Indonesian/English files (news-valid.id/.en), keeps most pairs as they
are, and injects noise of each kind at ``--rate`` of the pairs (seeded):

    copy        target = the source
    empty       target empty ("source<TAB>")
    wrong-lang  target in another language: another Indonesian line, or German/French text
    spam        a gambling advertisement on both sides (Indonesian spam, its English)
    duplicate   an earlier pair again, sometimes with changed case, digits or punctuation
    loop        the target ends in a decoder loop (a word or an n-gram repeated)
    truncated   the target cut off at 20-65% of its words
    shuffled    the target of another pair

Writes ``OUT.tsv`` (``source<TAB>target``) and ``OUT.labels`` (the kind of each line,
``clean`` for the untouched pairs):

    python scripts/make_noisy_corpus.py ../shared/data/news-valid OUT [--rate 0.05] [--seed 12]
        [--other ../shared/data/align-dev/textberg-dev.de ...] [--lines 0:1953]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

KINDS = ("copy", "empty", "wrong-lang", "spam", "duplicate", "loop", "truncated", "shuffled")

_SPAM_ID = (
    "Daftar situs slot gacor terpercaya {n} dengan bonus deposit {m} ribu",
    "Posted By : togel {city} malam ini",
    "Bocoran togel {city} hari ini {n} paling jitu",
    "Link alternatif {brand} login slot online gampang maxwin",
    "Prediksi togel {city} {n} angka main 4D hari ini",
    "Agen judi bola dan casino online terpercaya di Indonesia, daftar sekarang",
    "Keluaran {pool} hari ini, data {pool} {n} terlengkap",
    "Situs slot gacor hari ini RTP tinggi, bonus new member {m}%",
    "Bandar togel online resmi {brand}, deposit pulsa tanpa potongan",
    "Live draw {pool} {n} tercepat hanya di {brand}",
)
_SPAM_EN = (
    "Trusted gacor slot site list {n} with a deposit bonus of {m} thousand",
    "Hong Kong lottery tonight",
    "Today's {city} lottery leak {n} most accurate",
    "Alternative link {brand} slot login easy maxwin",
    "{city} lottery prediction {n} 4D numbers today",
    "Trusted online football gambling and casino agent in Indonesia, register now",
    "{pool} output today, complete {pool} data {n}",
    "Today's gacor slot site high RTP, new member bonus {m}%",
    "Official online lottery dealer {brand}, credit deposit without deductions",
    "Fastest live draw {pool} {n} only at {brand}",
)
_FILL = {
    "city": ("hongkong", "singapore", "sidney", "macau", "hongkonģ"),
    "pool": ("hk", "sgp", "sdy", "HK", "SGP"),
    "brand": ("Sbobet88", "Pragmatic Play", "Slot88", "Gacor77", "Togel4D"),
}


def _spam(rng: random.Random) -> tuple[str, str]:
    k = rng.randrange(len(_SPAM_ID))
    fill = {key: rng.choice(values) for key, values in _FILL.items()}
    fill.update(n=str(rng.randint(2019, 2026)), m=str(rng.choice((10, 25, 50, 100))))
    return _SPAM_ID[k].format(**fill), _SPAM_EN[k].format(**fill)


def _loop(target: str, rng: random.Random) -> str:
    words = target.rstrip(".!?\"'”").split()
    keep = words[: max(2, int(len(words) * rng.uniform(0.3, 0.9)))]
    n = rng.choice((1, 2, 3))
    gram = keep[-n:]
    return " ".join(keep + gram * rng.randint(3, 8))


def _truncate(target: str, rng: random.Random) -> str:
    words = target.split()
    return " ".join(words[: max(1, int(len(words) * rng.uniform(0.2, 0.65)))]).rstrip(".!?")


def _vary(text: str, rng: random.Random) -> str:
    """A near-duplicate: changed case, digits or final punctuation."""
    choice = rng.randrange(3)
    if choice == 0:
        return text.lower()
    if choice == 1:
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text) + " "
    return text.rstrip(".!?") + ("!" if text.endswith(".") else ".")


def _noisy(kind: str, i: int, pairs: list[tuple[str, str]], others: list[str],
           out: list[tuple[str, str]], rng: random.Random) -> tuple[str, str]:  # fmt: skip
    source, target = pairs[i]
    if kind == "copy":
        return source, source
    if kind == "empty":
        return source, ""
    if kind == "wrong-lang":
        other = rng.choice(others) if others and rng.random() < 0.5 else None
        return source, other if other is not None else rng.choice(pairs)[0]
    if kind == "spam":
        return _spam(rng)
    if kind == "duplicate" and out:
        old_source, old_target = rng.choice(out)
        if rng.random() < 0.5:
            return _vary(old_source, rng), _vary(old_target, rng)
        return old_source, old_target
    if kind == "loop":
        return source, _loop(target, rng)
    if kind == "truncated":
        return source, _truncate(target, rng)
    return source, rng.choice(pairs)[1]  # shuffled (and a duplicate before any output)


def build(pairs: list[tuple[str, str]], others: list[str], rate: float, seed: int
          ) -> list[tuple[str, str, str]]:  # fmt: skip
    rng = random.Random(seed)
    rows: list[tuple[str, str, str]] = []
    kept: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        rows.append((*pair, "clean"))
        kept.append(pair)
        for kind in KINDS:
            if rng.random() < rate:
                rows.append((*_noisy(kind, i, pairs, others, kept, rng), kind))
    return rows


def _others(paths: list[Path]) -> list[str]:
    lines: list[str] = []
    for path in paths:
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line.split()) >= 6]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix", type=Path, help="PREFIX.id and PREFIX.en, line-aligned")
    parser.add_argument("out", type=Path, help="writes OUT.tsv and OUT.labels")
    parser.add_argument("--rate", type=float, default=0.05, help="per kind, per clean pair")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--lines", default=":", help="a slice of the clean pairs, e.g. 0:200")
    parser.add_argument("--other", type=Path, nargs="*", default=[], help="other-language text")
    args = parser.parse_args()
    ids = Path(f"{args.prefix}.id").read_text(encoding="utf-8").splitlines()
    ens = Path(f"{args.prefix}.en").read_text(encoding="utf-8").splitlines()
    start, _, stop = args.lines.partition(":")
    window = slice(int(start) if start else None, int(stop) if stop else None)
    pairs = list(zip(ids, ens, strict=True))[window]
    rows = build(pairs, _others(args.other), args.rate, args.seed)
    with open(f"{args.out}.tsv", "w", encoding="utf-8") as tsv, \
            open(f"{args.out}.labels", "w", encoding="utf-8") as labels:  # fmt: skip
        for source, target, kind in rows:
            tsv.write(f"{source}\t{target}\n")
            labels.write(f"{kind}\n")
    counts = {kind: sum(1 for *_, k in rows if k == kind) for kind in ("clean", *KINDS)}
    print(f"{len(rows)} pairs: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
