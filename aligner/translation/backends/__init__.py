"""Translation backends, registered by name and imported lazily.

``get_backend("ctranslate2")`` imports ``aligner.translation.backends.ct2`` only then, so neither
torch nor ctranslate2 is imported before a backend is asked for. ``auto`` picks
CTranslate2 when it is installed (it is a dependency) and transformers otherwise.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TypeVar

from aligner._registry import Registry
from aligner.errors import BackendError
from aligner.translation.backends.base import Backend, DecodeOptions

__all__ = [
    "BACKENDS",
    "Backend",
    "DecodeOptions",
    "get_backend",
    "register_backend",
    "resolve_name",
]

BACKENDS: tuple[str, ...] = ("transformers", "ctranslate2")
_registry: Registry[Backend] = Registry(
    "backend",
    BACKENDS,
    __name__,
    BackendError,
    modules={"transformers": "hf", "ctranslate2": "ct2"},
)

B = TypeVar("B", bound=type[Backend])


def register_backend(name: str) -> Callable[[B], B]:
    """Class decorator: make a Backend subclass available under ``name``."""

    return _registry.register(name)


def resolve_name(name: str) -> str:
    """Map ``auto`` to a concrete backend; reject unknown names listing the valid ones."""
    if name == "auto":
        return "ctranslate2" if importlib.util.find_spec("ctranslate2") else "transformers"
    if name not in BACKENDS:
        raise BackendError(f"unknown backend {name!r}; choose one of: auto, {', '.join(BACKENDS)}")
    return name


def get_backend(name: str) -> type[Backend]:
    """The Backend class registered under ``name`` (``auto`` resolved), imported on demand."""
    try:
        return _registry.get(resolve_name(name))
    except ImportError as exc:
        raise BackendError(f"backend {name!r} is not available: {exc}") from exc
