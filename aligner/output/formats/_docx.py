"""What the two Word writers share: translations per paragraph, and a byte-stable save."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from aligner.output.formats.tmx import xml_safe
from aligner.types import Pair

__all__ = ["paragraph_targets", "save_docx", "xml_safe"]

# zip entry times: python-docx stamps the current time, which would make every run's
# bytes differ; a fixed one keeps the output deterministic
_STAMP = (1980, 1, 1, 0, 0, 0)


def paragraph_targets(pairs: Iterable[Pair]) -> dict[int, str]:
    """Paragraph number -> its pairs' translations in order, joined with spaces, without
    the characters XML cannot hold (python-docx refuses them)."""
    parts: dict[int, list[str]] = {}
    for pair in pairs:
        texts = parts.setdefault(pair.paragraph, [])
        if pair.target.strip():
            texts.append(xml_safe(pair.target.strip()))
    return {paragraph: " ".join(texts) for paragraph, texts in parts.items()}


def save_docx(document: Any, out: IO[bytes]) -> None:
    """Save a python-docx Document to ``out`` with fixed zip timestamps, entries in order."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, _STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo's own default is STORED
            dst.writestr(entry, src.read(info))
