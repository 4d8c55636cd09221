"""Queues that give up when the other side has stopped, and threads that keep their error.

The batch driver runs a reader, the model loop and a few writers in threads joined by
bounded queues; a thread that dies must never leave another waiting forever on a full or
empty queue, so every wait polls a ``stop`` event.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["END", "Worker", "get", "put"]

END = object()  # end of a queue
_POLL = 0.1  # seconds between looks at the stop event


def put(target: queue.Queue[Any], item: Any, stop: threading.Event) -> bool:
    """Put, waiting for room, unless ``stop`` is set meanwhile (then False)."""
    while True:
        try:
            target.put(item, timeout=_POLL)
            return True
        except queue.Full:
            if stop.is_set():
                return False


def get(source: queue.Queue[Any], stop: threading.Event) -> Any:
    """Get, waiting; ``END`` when ``stop`` is set (the producer died) and nothing is left."""
    while True:
        try:
            return source.get(timeout=_POLL)
        except queue.Empty:
            if stop.is_set():
                return END


class Worker(threading.Thread):
    """A daemon thread that keeps its exception for the main thread to re-raise and sets
    ``failed`` when it dies of one, so nobody waits on it forever."""

    def __init__(self, target: Callable[..., None], failed: threading.Event, *args: Any) -> None:
        super().__init__(daemon=True)
        self._work, self._failed, self._args = target, failed, args
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._work(*self._args)
        except BaseException as exc:
            self.error = exc
            self._failed.set()

    def reraise(self) -> None:
        if self.error is not None:
            raise self.error
