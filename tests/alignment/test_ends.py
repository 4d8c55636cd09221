"""Sentence-end evidence: kinds of endings and their costs, estimated on a path."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.alignment.ends import end_costs, end_kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Die anderen Teilnehmer waren :", 1),
        ("Les autres membres étaient : ", 1),
        ("le 6 juillet 1956 J.Hartog et Tom Patey ;", 2),
        ("« une phrase coupée , »", 3),
        ("Eine ganze Satz .", 0),
        ("Stiftung für alpine Forschungen , Zürich", 0),  # no punctuation: a title
        ("Thyangboché ;", 0),  # one word: a label, not a clause
        ("", 0),
    ],
)
def test_end_kinds(text: str, kind: int) -> None:
    assert end_kinds([text]).tolist() == [kind]


def test_colons_that_go_on_are_cheap_to_merge_and_full_stops_cost_nothing() -> None:
    kinds = np.array([0] * 40 + [1] * 10)
    finals = np.concatenate([np.ones(40, dtype=bool), np.arange(10) < 2])  # 2 of 10 colons end
    go, stop = end_costs(kinds, finals)
    assert np.allclose(go[:40], 0.0) and np.allclose(stop[:40], 0.0)
    assert (go[40:] < 0).all() and (stop[40:] > 0).all()


def test_a_text_of_whole_sentences_has_no_end_evidence() -> None:
    kinds = np.zeros(30, dtype=np.int64)
    go, stop = end_costs(kinds, np.arange(30) % 3 > 0)
    assert not go.any() and not stop.any()
    go, stop = end_costs(kinds, np.ones(30, dtype=bool))  # every sentence its own bead
    assert not go.any() and not stop.any()
