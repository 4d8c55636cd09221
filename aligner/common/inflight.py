"""Work on several items at once, handed back in the items' order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["in_order"]

T = TypeVar("T")
R = TypeVar("R")


def in_order(
    work: Callable[[T], R], items: Iterable[T], *, workers: int, depth: int, name: str
) -> Iterator[R]:
    """``work(item)`` for every item, ``workers`` at once on threads named ``name``, at most
    ``depth`` started ahead of the one handed back; results in the items' order, so the
    caller sees what a loop over the items would give. One worker: a plain loop."""
    if workers <= 1:
        yield from map(work, items)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix=name)
    queued: deque[Future[R]] = deque()
    try:
        for item in items:
            queued.append(pool.submit(work, item))
            if len(queued) >= depth:
                yield queued.popleft().result()
        while queued:
            yield queued.popleft().result()
    finally:  # an error, or a caller that stopped early: drop what has not started
        pool.shutdown(wait=True, cancel_futures=True)
