"""Index beads: the ids writer, parsing, and strict / lax scores (Véronis–Langlais)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.evaluation.alignment_scores import parse_beads, read_beads, score_beads
from aligner.output.formats import get_writer, infer_format
from aligner.types import Pair


def _pair(source_ids: tuple[int, ...], target_ids: tuple[int, ...], confidence: float) -> Pair:
    return Pair("d", 0, source_ids, target_ids, "s", "t", confidence)


def test_ids_writer_writes_vecalign_lines_that_read_back() -> None:
    out = io.StringIO()
    beads = [((0,), (0, 1)), ((1,), ()), ((), (2,)), ((2, 3), (3,))]
    get_writer("ids")().write([_pair(s, t, 0.97314) for s, t in beads], [out])
    assert out.getvalue().splitlines()[:3] == [
        "[0]:[0, 1]:0.9731",
        "[1]:[]:0.9731",
        "[]:[2]:0.9731",
    ]
    assert parse_beads(out.getvalue().splitlines(), "out") == beads
    assert infer_format(Path("x.ids")) == "ids"


def test_gold_without_confidence_reads(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.write_text("[0]:[0]\n\n[1, 2]:[1]\n[]:[2]\n", encoding="utf-8")
    assert read_beads(gold) == [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]


def test_a_bad_line_is_an_error_naming_file_and_line() -> None:
    with pytest.raises(InputError, match=r"pred: line 2 is not a bead"):
        parse_beads(["[0]:[0]", "0-0"], "pred")


def test_strict_and_lax_scores_by_hand() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((), (3,)), ((3,), (4,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3, 4))]
    scores = score_beads([(gold, test)])
    # precision over all 5 predicted beads: strict [0]:[0] and [2]:[]; lax also [1]:[1] and
    # [3]:[3, 4] (they share a sentence on both sides with a gold bead); []:[2] misses both
    assert (scores.strict_precision, scores.lax_precision) == (2 / 5, 4 / 5)
    # recall over the 3 gold beads with both sides, against the predicted ones with both
    assert (scores.strict_recall, scores.lax_recall) == (1 / 3, 1.0)
    assert scores.strict_f1 == pytest.approx(2 * 0.4 / 3 / (0.4 + 1 / 3))
    assert score_beads([(gold, gold)]).as_dict()["strict_f1"] == 1.0
