"""Stage 4, output: a stream of ``Pair`` in, files out. Writers are registered by name in
``formats`` and imported lazily; every file goes through ``io``'s atomic writes, which other
stages (``aligner clean``) use through this module. ``readers`` reads every pair format
back into ``Pair``s (``aligner convert``, post-edited XLIFF and TMX included), and
``rebuild`` checks read pairs against the document they are to rebuild (``--source``)."""

from __future__ import annotations

from aligner.output.io import atomic_write_group, ensure_not_input

__all__ = ["atomic_write_group", "ensure_not_input"]
