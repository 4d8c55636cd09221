"""Measure the checks of ``aligner.checks`` on real MT output with references (TICO-19).

For each check: the lines it flags, its precision (the share of flagged lines whose output
really disagrees with the reference on that point) and recall (the share of such lines it
flags), both counted on the lines where the source and the reference agree on that point
(the reference kept the source's numbers or links: lines where it took liberties, such as
spelled-out numbers, converted units or corrected dates, no check on source and output can
judge), and the sentence chrF of flagged against unflagged lines.

    python scripts/eval_checks.py [DATA] [--show N]

DATA is the folder of ``tico19-test.{id,en,opus-mt-id-en.en}`` (default:
../shared/data/realmt). ``--show N`` prints N false positives and N misses per check.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.checks import Check, make_checks
from aligner.checks.url import UrlCheck
from aligner.common.numbers import (
    Number,
    english_numbers,
    indonesian_numbers,
    indonesian_style,
    unmatched,
)

URL = UrlCheck()
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "realmt"


def _digits(numbers: list[Number]) -> list[Number]:
    return [n for n in numbers if not n.spelled]


def numbers_agree(source: str, reference: str) -> bool:
    """The source's and the reference's digit numbers agree after normalisation."""
    lost, extra = unmatched(
        _digits(indonesian_numbers(source)), _digits(english_numbers(reference))
    )
    return not lost and not extra


def numbers_wrong(reference: str, output: str, *, spelled: bool = True) -> bool:
    """The output's numbers differ from the reference's digit numbers (with ``spelled``, a
    spelled number of the output, ``two weeks`` for ``2 weeks``, stands for its digits), or
    one is in Indonesian style where the reference's is not."""
    ref, out = _digits(english_numbers(reference)), english_numbers(output)
    lost, extra = unmatched(ref, out if spelled else _digits(out))
    styled = {n.text for n in out if indonesian_style(n.text)} - {n.text for n in ref}
    return bool(lost or extra or styled)


def digits_wrong(reference: str, output: str) -> bool:
    """``numbers_wrong`` counting digits only: ``two weeks`` for ``2 weeks`` is an error."""
    return numbers_wrong(reference, output, spelled=False)


def urls_agree(source: str, reference: str) -> bool:
    """The reference kept the source's links (compared as the check compares them)."""
    return not URL.missing(source, reference)


def urls_wrong(reference: str, output: str) -> bool:
    """A link of the reference is not in the output."""
    return bool(URL.missing(reference, output))


@dataclass
class Tally:
    flagged: int = 0
    eligible: int = 0
    true_positive: int = 0
    false_positive: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    chrf_flagged: list[float] = field(default_factory=list)
    chrf_clean: list[float] = field(default_factory=list)


def tally(
    check: Check,
    rows: list[tuple[str, str, str]],
    agree: Callable[[str, str], bool],
    wrong: Callable[[str, str], bool],
    chrf: list[float],
) -> Tally:
    result = Tally()
    for number, ((source, reference, output), score) in enumerate(
        zip(rows, chrf, strict=True), start=1
    ):
        flagged = bool(check.missing(source, output))
        result.flagged += flagged
        (result.chrf_flagged if flagged else result.chrf_clean).append(score)
        if not agree(source, reference):
            continue
        result.eligible += 1
        error = wrong(reference, output)
        result.true_positive += flagged and error
        if flagged and not error:
            result.false_positive.append(number)
        if error and not flagged:
            result.missed.append(number)
    return result


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def report(name: str, result: Tally, total: int) -> str:
    flagged_eligible = result.true_positive + len(result.false_positive)
    errors = result.true_positive + len(result.missed)
    mean = statistics.fmean
    return (
        f"| {name} | {result.flagged} / {total} | {result.eligible} | {flagged_eligible} "
        f"| {errors} | {_ratio(result.true_positive, flagged_eligible)} "
        f"| {_ratio(result.true_positive, errors)} "
        f"| {mean(result.chrf_flagged) if result.chrf_flagged else float('nan'):.1f} "
        f"| {mean(result.chrf_clean):.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    read = lambda name: (args.data / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    sources, references = read("tico19-test.id"), read("tico19-test.en")
    outputs = read("tico19-test.opus-mt-id-en.en")
    rows = list(zip(sources, references, outputs, strict=True))
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    chrf = [metric.sentence_score(out, [ref]).score for _, ref, out in rows]
    print(
        "| check | lines flagged | eligible lines | flagged (eligible) | real errors "
        "| precision | recall | chrF flagged | chrF unflagged |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    rules = {
        "number": (numbers_agree, numbers_wrong),
        "number (digits only)": (numbers_agree, digits_wrong),
        "url": (urls_agree, urls_wrong),
    }
    for name, (agree, wrong) in rules.items():
        check = make_checks(names=[name.split()[0]])[0]
        result = tally(check, rows, agree, wrong, chrf)
        print(report(name, result, len(rows)))
        for label, lines in (("false positive", result.false_positive), ("missed", result.missed)):
            for number in lines[: args.show]:
                source, reference, output = rows[number - 1]
                print(f"  {label} {number}: {check.missing(source, output)}")
                print(f"    src {source}\n    ref {reference}\n    out {output}")


if __name__ == "__main__":
    main()
