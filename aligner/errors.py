"""The one exception tree of aligner.

Every error a user can cause (bad input, missing model, bad option) derives from
``AlignerError``; the CLI catches only that root and turns it into a one-line message
and a non-zero exit code. Anything else escaping is a bug and keeps its traceback:
broken invariants raise ordinary exceptions, never these.

An error about one file carries it as ``path`` (``InputError("no such file", path=p)``),
shown as ``p: no such file``; ``message`` is the text without it, which batch writes into
the manifest record of that file.

    AlignerError
    ├── InputError            a file or stdin cannot be read as text
    │   ├── InputNotFoundError    missing path, or a directory where a file is needed
    │   ├── BinaryInputError      NUL bytes: not a text file
    │   ├── DecodeError           bytes that are not valid in the expected encoding
    │   ├── CorruptInputError     a document file that is damaged or not what its format says
    │   ├── EncryptedInputError   a password-protected document
    │   ├── NoTextError           a document with no text to translate (e.g. an empty page)
    │   └── LimitError            a document over a size limit (zip bomb, huge page, XML)
    ├── OptionError           an option value outside its valid choices (e.g. --lang)
    ├── OutputError           an output path cannot be written
    ├── ModelError            a model cannot be found, downloaded, converted or loaded
    │   └── ModelNotFoundError    not local and not downloadable (offline)
    ├── BackendError          unknown or unavailable translation backend
    ├── ClusterError          a Ray cluster that cannot be reached, lacks resources or fails
    ├── FormatError           unknown output format or incompatible format options
    ├── AlignmentError        alignment input that cannot be aligned
    └── EvaluationError       evaluation input that cannot be scored (line counts, fields)
"""

from __future__ import annotations

import os


class AlignerError(Exception):
    """Root of every error aligner raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else os.fspath(path)

    def __str__(self) -> str:
        return self.message if self.path is None else f"{self.path}: {self.message}"


class InputError(AlignerError):
    """A file or stdin cannot be read as text."""


class InputNotFoundError(InputError):
    """The path does not exist, or is a directory where a file is needed."""


class BinaryInputError(InputError):
    """The input contains NUL bytes (after any BOM): it is not a text file."""


class DecodeError(InputError):
    """The input has bytes that are not valid in the expected encoding."""


class CorruptInputError(InputError):
    """A document file (docx, odt, html) that is damaged or not of its format."""


class EncryptedInputError(InputError):
    """A password-protected document: it cannot be read without the password."""


class NoTextError(InputError):
    """A document in which the reader finds no text (a page of scripts and menus only)."""


class LimitError(InputError):
    """A document that would cost more than a documented limit allows (``ALIGNER_MAX_*``):
    refused before, or while, it is read."""


class OptionError(AlignerError):
    """Options that do not go together, or a value outside its valid choices (the message
    lists the valid ones). The CLI's parameter callbacks raise ``typer.BadParameter`` for
    one value; everything checked after parsing raises this."""

    exit_code = 2


class OutputError(AlignerError):
    """An output path cannot be written."""


class ModelError(AlignerError):
    """A model cannot be found, downloaded, converted or loaded."""


class ModelNotFoundError(ModelError):
    """The model is not available locally and cannot be downloaded."""


class BackendError(AlignerError):
    """Unknown or unavailable translation backend."""


class ClusterError(AlignerError):
    """Ray is missing, unreachable, or short of what the run asks for (``--ray``)."""


class FormatError(AlignerError):
    """Unknown output format, or format options that do not fit together."""


class AlignmentError(AlignerError):
    """Input that cannot be aligned."""


class EvaluationError(AlignerError):
    """Hypotheses, references or scores that cannot be scored together."""


def os_reason(exc: OSError) -> str:
    """What went wrong, as the end of a one-line error: ``no space left on device``."""
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]
