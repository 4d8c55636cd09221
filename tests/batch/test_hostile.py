"""aligner batch over a crawl with hostile files in it: each fails alone, with its reason,
and every other file is done."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from aligner.batch.runner import BatchOptions, run_batch

INPUTS = Path(__file__).parents[1] / "data" / "inputs"


def _bomb(base: Path, member: str) -> bytes:
    """``base`` with ``member`` 40 MB of one repeated line, packed a few hundred times."""
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = b"<p>lol</p>" * 4_000_000 if info.filename == member else source.read(info)
            bomb.writestr(info.filename, data)
    return out.getvalue()


def test_a_bomb_among_good_files_fails_alone(
    tmp_path: Path, translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("article.id.docx", "article.id.odt", "news-portal.id.html"):
        (src / name).write_bytes((INPUTS / name).read_bytes())
    (src / "a.txt").write_text("Harga beras naik lagi.\n", encoding="utf-8")
    (src / "bomb.docx").write_bytes(_bomb(INPUTS / "article.id.docx", "word/document.xml"))
    (src / "bomb.odt").write_bytes(_bomb(INPUTS / "article.id.odt", "content.xml"))
    (src / "big.html").write_bytes(b"<p>Kata di sini.</p>" * 100_000)  # 2 MB
    monkeypatch.setenv("ALIGNER_MAX_PAGE_MB", "1")
    result = run_batch(src, tmp_path / "out", translator, BatchOptions(glob="*"))
    statuses = {r.path: r.status for r in result.records}
    errors = {r.path: r.error or "" for r in result.failed}
    assert statuses == {
        "a.txt": "done",
        "article.id.docx": "done",
        "article.id.odt": "done",
        "news-portal.id.html": "done",
        "big.html": "failed",
        "bomb.docx": "failed",
        "bomb.odt": "failed",
    }
    assert errors["bomb.docx"].startswith("word/document.xml inflates ")
    assert errors["bomb.odt"].startswith("content.xml inflates ")
    assert "ALIGNER_MAX_RATIO" in errors["bomb.odt"]
    assert "over the 1 MB page limit (ALIGNER_MAX_PAGE_MB raises it)" in errors["big.html"]
    assert all("\n" not in error for error in errors.values())
