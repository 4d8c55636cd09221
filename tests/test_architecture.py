"""The shape of the package: stages that keep to themselves, size limits, the public API.

These read the source with ``ast``; they fail when a module, class or function outgrows
its limit, when a stage imports from a package that sits above it or from a sibling
stage's internals, when a package imports another's private module, or when two modules
share a name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aligner

PACKAGE = Path(aligner.__file__).parent
DATA_TABLES = {"text/abbreviations.py", "common/lexicon.py", "clean/rules.py"}
MODULE_LINES, CLASS_LINES, FUNCTION_LINES = 450, 200, 60
# lower layers first: a package may import only from packages at its own level or below
STAGES = {"text", "translation", "alignment", "output", "clean", "checks", "evaluation"}
LAYERS = [
    {"errors", "types", "__init__", "_registry", "common"},
    {*STAGES, "signature"},
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
        "__version__",
        "Document",
        "Sentence",
        "Translation",
        "Pair",
        "Flag",
        "AlignerError",
        "read_document",
        "segment_document",
        "segment_text",
        "Translator",
        "TranslatorOptions",
        "TranslatorStack",
        "build_stack",
        "translate_document",
        "align_documents",
        "align_sentences",
        "run_batch",
        "BatchOptions",
        "write_pairs",
        "RunSignature",
        "read_input_file",
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
            # a function's signature does not count: a command's options are one per line
            start = node.lineno if isinstance(node, ast.ClassDef) else node.body[0].lineno
            size = (node.end_lineno or node.lineno) - start + 1
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


def test_stages_use_only_each_others_public_api() -> None:
    """A stage may import a sibling stage's package (its ``__init__``), never a module inside it."""
    wrong: list[str] = []
    for path in _modules():
        rel = _rel(path)
        own = rel.split("/")[0].removesuffix(".py")
        if own not in STAGES:
            continue
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = _top(name)
            if top in STAGES and top != own and name != f"aligner.{top}":
                wrong.append(f"{rel} imports {name}")
    assert wrong == []


def test_no_package_imports_another_packages_private_module() -> None:
    wrong: list[str] = []
    for path in _modules():
        rel = _rel(path)
        own = rel.split("/")[0].removesuffix(".py")
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")[1:]
            private = any(part.startswith("_") for part in parts[1:])
            if private and parts[0] != own:
                wrong.append(f"{rel} imports {name}")
    assert wrong == []


def _allowed_twin(paths: list[str]) -> bool:
    """A ``cli/`` module named after its command, or a format's reader beside its writer
    (documents: ``text/readers``; pairs: ``output/readers``)."""
    rest = [p for p in paths if not p.startswith("cli/")]
    if len(rest) <= 1:
        return True
    folders = sorted(p.rsplit("/", 1)[0] for p in rest)
    return folders in (["output/formats", "text/readers"], ["output/formats", "output/readers"])


def test_no_two_modules_share_a_name() -> None:
    by_name: dict[str, list[str]] = {}
    for path in _modules():
        if path.name != "__init__.py":
            by_name.setdefault(path.name, []).append(_rel(path))
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert {name: paths for name, paths in shared.items() if not _allowed_twin(paths)} == {}


def test_stages_import_each_other_without_a_cycle() -> None:
    edges: dict[str, set[str]] = {stage: set() for stage in STAGES}
    for path in _modules():
        own = _rel(path).split("/")[0].removesuffix(".py")
        if own in STAGES:
            tops = {_top(n) for n in _imports(ast.parse(path.read_text(encoding="utf-8")))}
            edges[own] |= {top for top in tops if top in STAGES and top != own}

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in edges[start]
        )

    assert sorted(stage for stage in STAGES if reaches(stage, stage)) == []
