"""Pair outputs byte for byte: sha256 of every pair output on the fixtures with the tiny model.

The hashes in ``tests/data/golden.json`` were recorded before the package was restructured
(issue #9); a change that alters outputs on purpose re-records them in the same commit and
says why:

    ALIGNER_REGOLD=1 python -m pytest tests/test_golden.py

Run-signature metadata (TMX header, HTML page, ``--meta``, the manifest) is not hashed here:
it names versions and paths. CTranslate2's int8 arithmetic can differ between processor
families, so the hashes hold for the machine kind CI runs on.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden.json"
runner = CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.stderr)


def _outputs(work: Path, model: str) -> dict[str, str]:
    """Run every command on the fixtures in ``work`` and hash what it wrote."""
    for name in ("article-ukraine.id.txt", "align_news.id", "align_news.en"):
        shutil.copy(DATA / name, work / name)
    found: dict[str, str] = {}
    for fmt in ("tsv", "jsonl", "moses", "text"):
        out = f"t-{fmt}"
        _run("translate", "article-ukraine.id.txt", "-f", fmt, "-o", out, "--model", model, "-q")
        for path in sorted(work.glob(f"{out}*")):
            found[f"translate/{path.name}"] = _sha(path)
    _run("align", "align_news.id", "align_news.en", "-o", "a-mt.jsonl", "--model", model, "-q")
    _run("align", "align_news.id", "align_news.en", "-o", "a-nomt.jsonl", "--no-mt", "-q")
    found["align/mt.jsonl"] = _sha(work / "a-mt.jsonl")
    found["align/nomt.jsonl"] = _sha(work / "a-nomt.jsonl")
    (work / "in" / "sub").mkdir(parents=True)
    shutil.copy(DATA / "article-ukraine.id.txt", work / "in" / "ukraine.txt")
    shutil.copy(DATA / "translate-article.id.txt", work / "in" / "sub" / "article.txt")
    _run("batch", "in", "out", "--model", model, "-f", "tsv,jsonl,moses", "-q")
    for path in sorted((work / "out").rglob("*")):
        rel = path.relative_to(work / "out").as_posix()
        if path.is_file() and (rel.startswith("corpus") or rel.startswith("docs/")):
            found[f"batch/{rel}"] = _sha(path)
    return found


def test_pair_outputs_are_byte_identical(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = _outputs(tmp_path, str(tiny_model))
    if os.environ.get("ALIGNER_REGOLD"):
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert found == expected
