"""The one py3langid identifier of the process, restricted to the candidate languages,
loaded once (a preload thread and the first guess may ask at the same time).

py3langid ships its model LZMA-compressed: unpacking it costs about 0.45 s of CPU at every
start, most of a short run's start-up. The first load therefore keeps the restricted model
unpacked in the user cache folder (``identifier/`` of ``aligner.common.cachedir``, about
45 MB, keyed by py3langid's version, its model file and the candidates), as plain files that
later runs map rather than read: the 39 MB transition table of its tokenizer is used in
place (``mmap``), so a load takes about 0.01 s after numpy's import instead of the 0.07 s
of reading and copying a ``.npz`` (it sits before the first sentence is translated, on a
thread that shares the GIL). Looking a table up through the map costs about 5% more per
sentence that reaches the model. The cache is best effort: one that cannot be written or
read is ignored, and one cut short is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from aligner.common.cachedir import user_cache

__all__ = ["Identifier"]

# The tokenizer's automaton, written as raw native arrays (memoryview formats) and used as
# py3langid uses its own stdlib arrays: indexed from Python.
_TABLES = {"nextmove": "tk_nextmove", "row": "tk_row"}
# native unsigned integers, as py3langid's arrays are (``memoryview.cast`` formats)
_Format = Literal["B", "H", "I", "L", "Q"]
_FORMATS: dict[str, _Format] = {"B": "B", "H": "H", "I": "I", "L": "L", "Q": "Q"}
_MANIFEST = "manifest.json"  # written last: a folder without it, or sizes unlike it, is rebuilt


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

    def _cache_folder(self) -> Path:
        import py3langid
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        model = os.stat(MODEL_DIR / MODEL_FILE)
        version = getattr(py3langid, "__version__", "")
        key = f"{version}:{model.st_size}:{model.st_mtime_ns}:{','.join(self.languages)}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return user_cache() / "identifier" / f"py3langid-{digest}"

    def _load(self) -> Any:
        cached = self._cache_folder()
        try:
            return _read(cached)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass  # absent, cut short or not ours: rebuilt below
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        model.set_languages(list(self.languages))
        with contextlib.suppress(OSError):  # a read-only or full cache: no cache then
            _write(model, cached)
        return model


def _write(model: Any, folder: Path) -> None:
    """The restricted model's arrays as plain files in ``folder``, which appears whole (a
    folder renamed into place) or not at all."""
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, suffix=".tmp"))
    try:
        np.save(tmp / "ptc.npy", model.nb_ptc)
        np.save(tmp / "pc.npy", model.nb_pc)
        np.save(tmp / "output.npy", np.asarray(model.tk_output, dtype=np.int64))
        sizes = {}
        for name, attribute in _TABLES.items():
            table = memoryview(getattr(model, attribute))
            (tmp / f"{name}.bin").write_bytes(table)
            sizes[name] = [table.format, table.nbytes]
        manifest = {"classes": list(model.nb_classes), "tables": sizes}
        (tmp / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        if folder.exists():  # one cut short
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in folder.parent.glob("py3langid-*.npz"):  # earlier versions' one-file cache
        old.unlink(missing_ok=True)


def _read(folder: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
    tables = {name: _mapped(folder / f"{name}.bin", *manifest["tables"][name]) for name in _TABLES}
    return LanguageIdentifier(
        np.load(folder / "ptc.npy", allow_pickle=False),
        np.load(folder / "pc.npy", allow_pickle=False),
        list(manifest["classes"]),
        tables["nextmove"],
        np.load(folder / "output.npy", allow_pickle=False).tolist(),
        norm_probs=True,
        tk_row=tables["row"],
    )


def _mapped(path: Path, fmt: str, size: int) -> memoryview:
    """A raw native array file, mapped read-only, as an indexable view of ``fmt`` items."""
    code = _FORMATS.get(fmt)
    if code is None or path.stat().st_size != size:
        raise ValueError(f"{path}: not the table the manifest describes")
    with path.open("rb") as handle:  # the map outlives the file handle
        table = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return memoryview(table).cast(code)
