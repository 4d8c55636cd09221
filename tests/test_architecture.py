"""The shape issue #9 set: stage packages with no import cycle, size limits, the public API.

These read the source with ``ast``; they fail when a module, class or function outgrows
its limit, or when a stage starts importing from a package that sits above it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aligner

PACKAGE = Path(aligner.__file__).parent
DATA_TABLES = {"text/abbreviations.py", "alignment/lexicon.py", "clean/rules.py"}
MODULE_LINES, CLASS_LINES, FUNCTION_LINES = 450, 200, 60
# lower layers first: a package may import only from packages at its own level or below
LAYERS = [
    {"errors", "types", "__init__", "_registry"},
    {"text", "translation", "alignment", "output", "clean", "evaluation", "signature"},
    {"pipeline"},
    {"batch"},
    {"cli", "__main__"},
]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _top(name: str) -> str:
    return name.split(".")[1] if name.count(".") else "__init__"


def _layer(top: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "aligner" or name.startswith("aligner.")}


def test_public_api() -> None:
    expected = {
        "__version__", "Document", "Sentence", "Translation", "Pair", "Flag", "AlignerError",
        "read_document", "segment_document", "segment_text", "Translator",
        "translate_document", "align_documents", "align_sentences", "run_batch",
        "BatchOptions", "write_pairs", "RunSignature", "read_input_file",
    }
    assert set(aligner.__all__) == expected
    for name in aligner.__all__:
        assert getattr(aligner, name) is not None
    with pytest.raises(AttributeError):
        _ = aligner.no_such_name  # type: ignore[attr-defined]


def test_sizes() -> None:
    too_big: list[str] = []
    for path in _modules():
        rel, text = _rel(path), path.read_text(encoding="utf-8")
        if rel not in DATA_TABLES and text.count("\n") > MODULE_LINES:
            too_big.append(f"{rel}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if isinstance(node, ast.ClassDef) and size > CLASS_LINES:
                too_big.append(f"{rel}: class {node.name} {size} lines")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and size > FUNCTION_LINES:
                too_big.append(f"{rel}: {node.name}() {size} lines")
    assert too_big == []


def test_stages_never_import_from_above() -> None:
    wrong: list[str] = []
    for path in _modules():
        rel = _rel(path)
        own = rel.split("/")[0].removesuffix(".py")
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name == "aligner" or _top(name) == own:
                continue
            if _layer(_top(name)) > _layer(own):
                wrong.append(f"{rel} imports {name}")
    assert wrong == []
