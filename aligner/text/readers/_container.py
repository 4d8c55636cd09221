"""What the zip-based readers (docx, odt) check before they parse: the bytes are a zip.

A password-protected Office document is not a zip but an OLE compound file holding an
``EncryptionInfo`` stream; an old binary ``.doc`` is one holding a ``WordDocument``
stream. Both get their own one-line error naming the file, as does anything else that is
not a zip archive.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

from aligner.errors import CorruptInputError, EncryptedInputError

__all__ = ["check_zip", "open_zip"]

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# stream names in an OLE directory are UTF-16-LE
_ENCRYPTION_INFO: Final = "EncryptionInfo".encode("utf-16-le")
_WORD_DOCUMENT: Final = "WordDocument".encode("utf-16-le")


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


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """``data`` as an open zip archive, after ``check_zip``."""
    check_zip(data, name, kind)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptInputError(f"a damaged {kind} file ({exc})", path=name) from None
