"""What the zip-based readers (docx, odt) check before they parse: the bytes are a zip,
and one whose parts stay within the limits (``_limits``).

A password-protected Office document is not a zip but an OLE compound file holding an
``EncryptionInfo`` stream; an old binary ``.doc`` is one holding a ``WordDocument``
stream. Both get their own one-line error naming the file, as does anything else that is
not a zip archive.

Sizes are read first from the zip's directory (``check_archive``: no byte inflated), then
held while a part is inflated (``member_chunks``): a directory can lie, and ``zipfile``
stops at the size it declares, where a lying part fails its CRC check.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Final

from aligner.errors import CorruptInputError, EncryptedInputError
from aligner.text.limits import RATIO_FLOOR, Limits, over_limit, size

__all__ = ["check_archive", "check_zip", "member_chunks", "open_zip"]

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# stream names in an OLE directory are UTF-16-LE
_ENCRYPTION_INFO: Final = "EncryptionInfo".encode("utf-16-le")
_WORD_DOCUMENT: Final = "WordDocument".encode("utf-16-le")
CHUNK: Final = 1 << 16  # bytes inflated at a time


def check_zip(data: bytes, name: str, kind: str) -> None:
    """Raise the error that fits unless ``data`` is a zip archive (``kind``: ".docx")."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise EncryptedInputError(
                "the document is encrypted (password-protected); "
                f"save an unprotected copy as {kind}",
                path=name,
            )
        if _WORD_DOCUMENT in data:
            message = f"an old binary Word .doc, not {kind}; save as {kind}"
            raise CorruptInputError(message, path=name)
        raise CorruptInputError(f"an OLE compound file, not {kind}", path=name)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptInputError(f"not a {kind} file (not a zip archive)", path=name)


def open_zip(data: bytes, name: str, kind: str, limits: Limits) -> zipfile.ZipFile:
    """``data`` as an open zip archive, after ``check_zip`` and ``check_archive``."""
    check_zip(data, name, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptInputError(f"a damaged {kind} file ({exc})", path=name) from None
    check_archive(archive, name, limits)
    return archive


def check_archive(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """The sizes the zip's directory declares, against ``limits``: per part (its size and
    its compression ratio), then all parts together."""
    total = 0
    for info in archive.infolist():
        inflated, packed = info.file_size, max(info.compress_size, 1)
        if inflated > RATIO_FLOOR and inflated > limits.ratio * packed:
            what = f"{info.filename} inflates {inflated // packed:,} times (to {size(inflated)})"
            raise over_limit(name, what, "ratio", limits.ratio)
        if inflated > limits.part_bytes:
            what = f"{info.filename} inflates to {size(inflated)}"
            raise over_limit(name, what, "part_bytes", limits.part_bytes)
        total += inflated
    if total > limits.archive_bytes:
        what = f"its parts inflate to {size(total)}"
        raise over_limit(name, what, "archive_bytes", limits.archive_bytes)


def member_chunks(
    archive: zipfile.ZipFile, member: str, name: str, limits: Limits
) -> Iterator[bytes]:
    """The inflated bytes of ``member`` a chunk at a time, never more than the directory
    declared nor the part limit (KeyError if there is no such member)."""
    info = archive.getinfo(member)
    allowed, read = min(info.file_size, limits.part_bytes), 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > allowed:
                declared = size(info.file_size)
                what = f"{member} inflates past the {declared} its zip directory declares"
                raise over_limit(name, what, "part_bytes", limits.part_bytes)
            yield chunk
