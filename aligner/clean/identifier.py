"""The one py3langid identifier of the process, restricted to the candidate languages,
loaded once (a preload thread and the first guess may ask at the same time).

py3langid ships its model LZMA-compressed: unpacking it costs about 0.45 s of CPU at every
start, most of a short run's start-up. The first load therefore keeps the restricted model
unpacked in the user cache folder (``identifier/`` of ``aligner.common.cachedir``, about
45 MB, keyed by the py3langid version and the candidates), which later runs read in about
0.06 s. The cache is best effort: one that cannot be written or read is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import zipfile
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligner.common.cachedir import user_cache

__all__ = ["Identifier"]


class Identifier:
    """py3langid's ``LanguageIdentifier`` (normalised probabilities) over ``languages``."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = tuple(languages)
        self._lock = threading.Lock()
        self._model: Any = None

    def get(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def preload(self) -> None:
        """Load on a daemon thread (started before a translation model loads, it overlaps
        with it). A failure is left for the first guess to raise."""

        def load() -> None:
            with contextlib.suppress(Exception):  # the first guess loads again and raises
                self.get()

        threading.Thread(target=load, name="aligner-langid-load", daemon=True).start()

    def _cache_file(self) -> Path:
        from importlib.metadata import version

        key = f"{version('py3langid')}:{','.join(self.languages)}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return user_cache() / "identifier" / f"py3langid-{digest}.npz"

    def _load(self) -> Any:
        cached = self._cache_file()
        try:
            return _read(cached)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            # absent, cut short or not ours: rebuilt below
            pass
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        model.set_languages(list(self.languages))
        with contextlib.suppress(OSError):  # a read-only or full cache: no cache then
            _write(model, cached)
        return model


def _write(model: Any, path: Path) -> None:
    """The restricted model's arrays, uncompressed, written whole or not at all."""
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(
                out,
                ptc=model.nb_ptc,
                pc=model.nb_pc,
                classes=np.asarray(model.nb_classes),
                nextmove=_numpy(model.tk_nextmove),
                row=_numpy(model.tk_row),
                output=np.asarray(model.tk_output, dtype=np.int64),
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            _stdlib(data["nextmove"]),
            data["output"].tolist(),
            norm_probs=True,
            tk_row=_stdlib(data["row"]),
        )


def _numpy(values: array[int]) -> Any:
    import numpy as np

    return np.frombuffer(values, dtype=f"u{values.itemsize}")


def _stdlib(values: Any) -> array[int]:
    """A numpy unsigned array as py3langid keeps its automaton: a stdlib ``array``."""
    codes = {2: "H", 4: "I", 8: "L"}
    out = array(codes[values.dtype.itemsize])
    out.frombytes(memoryview(values).cast("B"))
    return out
