"""aligner: Indonesian→English translation and sentence alignment.

The public API is listed in ``__all__``; names are imported lazily so that
``import aligner`` (and ``aligner --help``) never pulls in torch or transformers.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it (private modules behind a small public API)
_PUBLIC: dict[str, str] = {
    "Document": "aligner.types",
    "Sentence": "aligner.types",
    "Translation": "aligner.types",
    "Pair": "aligner.types",
    "Flag": "aligner.types",
    "RunSignature": "aligner.signature",
    "AlignerError": "aligner.errors",
    "read_document": "aligner.text.load",
    "read_input_file": "aligner.text.readers",
    "segment_document": "aligner.text.segmenter",
    "segment_text": "aligner.text.segmenter",
    "Translator": "aligner.translation.translator",
    "TranslatorOptions": "aligner.translation.stack",
    "TranslatorStack": "aligner.translation.stack",
    "build_stack": "aligner.translation.stack",
    "translate_document": "aligner.pipeline",
    "align_documents": "aligner.pipeline",
    "align_sentences": "aligner.alignment",
    "run_batch": "aligner.batch.runner",
    "BatchOptions": "aligner.batch.options",
    "write_pairs": "aligner.output.formats",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'aligner' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
