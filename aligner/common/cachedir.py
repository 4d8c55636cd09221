"""aligner's per-user cache folder: ``$ALIGNER_CACHE``, else the platform's user cache
folder (platformdirs: ``~/.cache/aligner`` on Linux, ``~/Library/Caches/aligner`` on macOS,
``%LOCALAPPDATA%\\aligner\\Cache`` on Windows). The model store, the language
identifier's unpacked model and the model folders' fingerprints live under it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["user_cache"]


def user_cache() -> Path:
    """The cache folder (not created here)."""
    if os.environ.get("ALIGNER_CACHE"):
        return Path(os.environ["ALIGNER_CACHE"])
    import platformdirs

    return platformdirs.user_cache_path("aligner", appauthor=False)
