"""Translation backends, registered by name and imported lazily.

``get_backend("ctranslate2")`` imports ``aligner.translation.backends.ct2`` only then, so neither
torch nor ctranslate2 is imported before a backend is asked for. ``auto`` picks
CTranslate2 when it is installed (it is a dependency) and transformers otherwise.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TypeVar

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

# backend name -> module that registers it when imported
BACKENDS: dict[str, str] = {
    "transformers": "aligner.translation.backends.hf",
    "ctranslate2": "aligner.translation.backends.ct2",
}
_registry: dict[str, type[Backend]] = {}

B = TypeVar("B", bound=type[Backend])


def register_backend(name: str) -> Callable[[B], B]:
    """Class decorator: make a Backend subclass available under ``name``."""

    def wrap(cls: B) -> B:
        cls.name = name
        _registry[name] = cls
        return cls

    return wrap


def resolve_name(name: str) -> str:
    """Map ``auto`` to a concrete backend; reject unknown names listing the valid ones."""
    if name == "auto":
        return "ctranslate2" if importlib.util.find_spec("ctranslate2") else "transformers"
    if name not in BACKENDS:
        valid = ", ".join(["auto", *BACKENDS])
        raise BackendError(f"unknown backend {name!r}; choose one of: {valid}")
    return name


def get_backend(name: str) -> type[Backend]:
    """The Backend class registered under ``name`` (``auto`` resolved), imported on demand."""
    name = resolve_name(name)
    if name not in _registry:
        try:
            importlib.import_module(BACKENDS[name])
        except ImportError as exc:
            raise BackendError(f"backend {name!r} is not available: {exc}") from exc
    return _registry[name]
