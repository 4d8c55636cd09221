"""Stage: what must survive translation, checked on one (Indonesian source, English output) pair.

Takes a pair of strings and returns parametrised flags naming what is missing
(``number:2011``, ``url:https://who.int``, ``term:Dewan Keamanan``). Each check is a small
class registered by name, with its own documented rule:

    number   the numbers of the source and of the output differ (``aligner.common.numbers``)
    url      a URL, e-mail address, @handle or #hashtag of the source is not in the output
    term     a glossary term of the source whose target is not in the output

``number`` and ``url`` always run; ``term`` runs with a glossary (``load_glossary``). The
translator runs them on every output and, where one fails, looks for an n-best hypothesis
that passes (flag ``enforced``); ``aligner clean --drop number,term`` and
``aligner evaluate --src`` run them on existing pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Final, TypeVar

from aligner._registry import Registry
from aligner.checks.glossary import Glossary, GlossaryEntry, load_glossary
from aligner.errors import OptionError
from aligner.types import Flag, flag

__all__ = [
    "CHECKS",
    "CHECKS_VERSION",
    "Check",
    "Glossary",
    "GlossaryEntry",
    "check_flags",
    "checks_signature",
    "failed",
    "get_check",
    "load_glossary",
    "make_checks",
    "register_check",
]

CHECKS: Final = ("number", "url", "term")
CHECKS_VERSION: Final = "checks-1"  # bump when a rule changes which pairs are flagged


class Check:
    """One rule on a (source, output) pair; ``missing`` lists what the output lacks."""

    name: ClassVar[str] = ""
    flag: ClassVar[Flag]

    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary

    def missing(self, source: str, output: str) -> list[str]:
        """What of ``source`` the ``output`` lacks, as the flag values; empty: it passes."""
        raise NotImplementedError

    def flags(self, source: str, output: str) -> frozenset[str]:
        return frozenset(flag(self.flag, value) for value in self.missing(source, output))


_registry: Registry[Check] = Registry("check", CHECKS, __name__, OptionError)

C = TypeVar("C", bound=type[Check])


def register_check(name: str, kind: Flag) -> Callable[[C], C]:
    """Class decorator: make a Check available under ``name``, flagging ``kind``."""

    return _registry.register(name, flag=kind)


def get_check(name: str) -> type[Check]:
    """The Check class for ``name``; an unknown name raises OptionError listing the valid ones."""
    return _registry.get(name)


def make_checks(
    glossary: Glossary | None = None, names: Iterable[str] = CHECKS
) -> tuple[Check, ...]:
    """The checks of ``names`` (``term`` only with a glossary that has entries)."""
    return tuple(
        get_check(name)(glossary)
        for name in names
        if name != "term" or (glossary is not None and glossary.entries)
    )


def check_flags(source: str, output: str, checks: Sequence[Check]) -> frozenset[str]:
    """The flags of every check that ``output`` fails."""
    found: set[str] = set()
    for check in checks:
        found |= check.flags(source, output)
    return frozenset(found)


def failed(source: str, output: str, checks: Sequence[Check]) -> tuple[Check, ...]:
    """The checks that ``output`` fails."""
    return tuple(check for check in checks if check.missing(source, output))


def checks_signature(checks: Sequence[Check]) -> dict[str, Any]:
    """What the run signature records: the rules' version, the checks, the glossary hash."""
    glossary = next((c.glossary for c in checks if c.glossary is not None), None)
    return {
        "version": CHECKS_VERSION,
        "names": [check.name for check in checks],
        "glossary_sha256": glossary.sha256 if glossary is not None else None,
    }
