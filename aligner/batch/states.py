"""The states of one input file in a batch run, as an explicit enum.

    reader:      PENDING (read, segmented) | REFEED | UNCHANGED | SKIPPED | FAILED
    model loop:  PENDING -> DONE (pairs made) | FAILED;  REFEED -> UNCHANGED
    writers:     DONE -> outputs, canonical record, manifest line "done";
                 SKIPPED/FAILED -> manifest line;  UNCHANGED -> nothing to write

A manifest record keeps the final ones: DONE, FAILED or SKIPPED.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["JobState"]


class JobState(str, Enum):
    SKIPPED = "skipped"  # not processed: a bad symlink, an empty file, no sentences
    FAILED = "failed"  # unreadable or undecodable, or its translation or alignment failed
    UNCHANGED = "unchanged"  # done before with the same input and options: left as it is
    # unchanged, but its sentences still go through the chunks (answered by the memory), so
    # chunks are cut exactly as in an uninterrupted run; its outputs are not rewritten
    REFEED = "refeed"
    PENDING = "pending"  # read and segmented, waiting for the model
    DONE = "done"  # translated or aligned: its pairs go to a writer
