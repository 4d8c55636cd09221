"""Classes registered by name and imported lazily: what the readers and the writers share.

``Registry.get(name)`` imports ``PACKAGE.<module>`` the first time ``name`` is asked for
(the module is the name with hyphens as underscores, unless ``modules`` maps it); the
module registers its class with ``add`` when imported. An unknown name raises the
registry's error, listing the valid names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from aligner.errors import AlignerError

__all__ = ["Registry"]

T = TypeVar("T")
C = TypeVar("C", bound=type)


class Registry(Generic[T]):
    """``names`` in order; ``kind`` names them in errors ("output format")."""

    def __init__(
        self,
        kind: str,
        names: tuple[str, ...],
        package: str,
        error: type[AlignerError],
        modules: Mapping[str, str] | None = None,
    ) -> None:
        self.kind, self.names, self.package, self.error = kind, names, package, error
        self.modules = {name: (modules or {}).get(name, name.replace("-", "_")) for name in names}
        self._classes: dict[str, type[T]] = {}

    def add(self, name: str, cls: type[T]) -> None:
        self._classes[name] = cls

    def register(self, name: str, **attributes: Any) -> Callable[[C], C]:
        """Class decorator: set ``name`` and ``attributes`` on the class, add it here."""

        def wrap(cls: C) -> C:
            for key, value in {"name": name, **attributes}.items():
                setattr(cls, key, value)
            self.add(name, cls)
            return cls

        return wrap

    def get(self, name: str) -> type[T]:
        if name not in self.names:
            valid = ", ".join(self.names)
            raise self.error(f"unknown {self.kind} {name!r}; choose one of: {valid}")
        if name not in self._classes:
            importlib.import_module(f"{self.package}.{self.modules[name]}")
        return self._classes[name]
