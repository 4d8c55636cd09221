"""The input-format fixtures shared by the reader, docx-writer and CLI tests
(``tests/data/inputs/``, built by ``scripts/make_input_fixtures.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from aligner.text.segmenter import segment_document
from aligner.types import Document

DATA = Path(__file__).parent / "data"
INPUTS = DATA / "inputs"
PAGES = ("news-portal.id.html", "news-inline.id.html", "news-semantic.id.html")


def _fixtures() -> ModuleType:  # scripts/ is not a package: load the builder by path
    path = Path(__file__).parent.parent / "scripts" / "make_input_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_input_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = _fixtures()
BODY = FIXTURES.article_body()
BODY_SENTENCES = [s.text for s in segment_document(Document("body", tuple(BODY), "utf-8"))]
