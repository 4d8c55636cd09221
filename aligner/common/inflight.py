"""Work on several items at once, handed back in the items' order; one piece of work
started in the background."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["in_background", "in_order"]

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


def in_background(work: Callable[[], R], *, name: str) -> Future[R]:
    """``work()`` started now on a thread named ``name``; the future holds its result or
    its exception. Not a daemon: the interpreter waits for it at exit rather than tear
    down what it runs (native code, such as a model load) underneath it."""
    future: Future[R] = Future()

    def run() -> None:
        future.set_running_or_notify_cancel()
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to whoever asks for the result
            future.set_exception(exc)

    threading.Thread(target=run, name=name).start()
    return future
