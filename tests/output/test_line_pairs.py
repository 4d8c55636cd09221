"""Line formats read back (tsv, moses, jsonl): line ends and encodings as files come."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.evaluation.readers import read_lines
from aligner.output.readers import open_pairs


def test_crlf_moses_sides_lose_no_text_and_gain_no_carriage_return(tmp_path: Path) -> None:
    (tmp_path / "c.id").write_bytes("\ufeffSatu.\r\nDua.\r\n".encode())
    (tmp_path / "c.en").write_bytes(b"One.\r\nTwo.\r\n")
    pairs = list(open_pairs(tmp_path / "c", "moses").pairs())
    assert [(p.source, p.target) for p in pairs] == [("Satu.", "One."), ("Dua.", "Two.")]


def test_a_tsv_that_is_not_utf8_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(b"Satu.\tOne.\t0.9\nb\xe9bas\tx\t0.5\n")
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 16") as caught:
        list(open_pairs(path).pairs())
    assert str(path) in str(caught.value)


def test_evaluation_keeps_a_bom_as_text(tmp_path: Path) -> None:
    path = tmp_path / "ref.txt"
    path.write_bytes("\ufeffOne.\r\nTwo.".encode())
    assert read_lines(path) == ["\ufeffOne.", "Two."]
