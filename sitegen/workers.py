"""The build's processes: a pool sized to the machine (or `--jobs`), forked so that each worker starts with
the loaded site in its memory instead of receiving it through a pipe."""
from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What a forked worker reads: set in the parent just before the pool starts, inherited by the fork.
_shared: dict[int, Any] = {}  # what the workers read, inherited through fork: by call, never pickled
_tokens = itertools.count()
_pauses = {"count": 0, "was_enabled": True}
_pause_lock = threading.Lock()


def available_cores() -> int:
    """The cores this process may run on (a container's or a CI runner's limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_jobs(jobs: int | None) -> int:
    return max(1, jobs if jobs else available_cores())


def run_all(work: Callable[[Any, Item], Result], shared: Any, items: Sequence[Item], jobs: int) -> list[Result]:
    """`work(shared, item)` for every item, in order: in this process when one job suffices, else in `jobs`
    forked processes. An exception in a worker (a BuildFailed) is raised here."""
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(shared, item) for item in items]
    token = next(_tokens)  # two builds at once in one process (threads) each reach their own `shared`
    _shared[token] = shared
    gc.freeze()  # the collector in a worker never walks (and so never copies) the pages it inherits
    try:
        with ProcessPoolExecutor(min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent) as pool:
            return list(pool.map(_run, [work] * len(items), [token] * len(items), items))
    finally:
        del _shared[token]
        gc.unfreeze()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector waits while a large graph of objects is made (the site loaded and linked, a cache
    unpickled) or an edit is shown. While such a graph grows, the collector walks all of it again and again: at
    10,000 spaces that was a third of `check`'s time, and one walk is a pause of about half a second. Objects are
    still freed when no longer used; pauses may nest and overlap (the preview's threads), and the collector
    resumes when the last one ends."""
    with _pause_lock:
        if _pauses["count"] == 0:
            _pauses["was_enabled"] = gc.isenabled()
            gc.disable()
        _pauses["count"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses["count"] -= 1
            if _pauses["count"] == 0 and _pauses["was_enabled"]:
                gc.enable()


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def die_with_parent() -> None:
    """A worker ends when the build ends, however it ends (a killed build, a stopped preview server), instead of
    staying behind as an orphan; where prctl(2) does not exist, nothing changes."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass


def _run(work: Callable[[Any, Item], Result], token: int, item: Item) -> Result:
    return work(_shared[token], item)


def chunks(count: int, jobs: int, per_job: int = 4) -> list[range]:
    """`count` items cut into ranges, a few per job so that a slow range does not leave a core idle."""
    pieces = max(1, min(count, jobs * per_job))
    size = -(-count // pieces)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]
