"""What one input document may cost, checked before (and while) it is read.

A crawler brings home zip bombs, pages of hundreds of megabytes and XML built to explode;
each limit below keeps one of them from taking the machine's memory. The defaults hold a
single document's reading under about 1 GB of memory (``scripts/bench_faults.py``
measures the worst accepted and the refused cases); each can be raised by its
environment variable, a whole number (``ALIGNER_MAX_PART_MB=512``):

    ALIGNER_MAX_FILE_MB        256   any input file's size on disk (stdin: bytes read)
    ALIGNER_MAX_ARCHIVE_MB     256   a .docx/.odt's parts uncompressed, all together
    ALIGNER_MAX_PART_MB        64    one part of a .docx/.odt uncompressed
    ALIGNER_MAX_RATIO          200   a part's uncompressed/compressed size (parts over 1 MB)
    ALIGNER_MAX_PAGE_MB        8     an HTML page (extraction takes seconds per MB)
    ALIGNER_MAX_XML_ELEMENTS   1000000  elements in a .docx/.odt's XML, all parts together

Exceeding one is a LimitError naming the file, the limit and its variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Final

from aligner.errors import LimitError, OptionError

__all__ = ["MB", "RATIO_FLOOR", "Limits", "over_limit", "size"]

MB: Final = 1_000_000
RATIO_FLOOR: Final = 1 * MB  # smaller parts may compress as well as they like
# the environment variable of each field, and the unit its value is given in
_VARIABLES: Final = {
    "file_bytes": ("ALIGNER_MAX_FILE_MB", MB),
    "archive_bytes": ("ALIGNER_MAX_ARCHIVE_MB", MB),
    "part_bytes": ("ALIGNER_MAX_PART_MB", MB),
    "ratio": ("ALIGNER_MAX_RATIO", 1),
    "page_bytes": ("ALIGNER_MAX_PAGE_MB", MB),
    "xml_elements": ("ALIGNER_MAX_XML_ELEMENTS", 1),
}


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of the module doc; ``from_env`` reads their variables."""

    file_bytes: int = 256 * MB
    archive_bytes: int = 256 * MB
    part_bytes: int = 64 * MB
    ratio: int = 200
    page_bytes: int = 8 * MB
    xml_elements: int = 1_000_000

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, each raised (or lowered) by its environment variable if set."""
        values = {f.name: _env_value(f.name) for f in fields(cls)}
        return cls(**{name: value for name, value in values.items() if value is not None})


def _env_value(field: str) -> int | None:
    variable, unit = _VARIABLES[field]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) == 0:
        raise OptionError(f"{variable}={raw!r}: not a positive whole number")
    return int(raw) * unit


def over_limit(name: str, what: str, field: str, limit: int) -> LimitError:
    """The one-line error of a document whose ``what`` passes the ``field`` limit:
    ``bomb.docx: word/document.xml inflates to 3.2 GB, over the 64 MB part limit
    (ALIGNER_MAX_PART_MB raises it)``."""
    variable, unit = _VARIABLES[field]
    shown = f"{limit // unit:,} MB" if unit == MB else f"{limit:,}"
    kind = field.removesuffix("_bytes").replace("_", " ")
    return LimitError(f"{what}, over the {shown} {kind} limit ({variable} raises it)", path=name)


def size(count: int) -> str:
    """A byte count as people read it: ``3.2 GB``, ``640 kB``."""
    for unit, scale in (("GB", 10**9), ("MB", MB), ("kB", 1000)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"
