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
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

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


class Ended(RuntimeError):
    """The forked process ended without an answer: it was stopped (a newer edit), or it died."""


def in_fork(call: Callable[[], Result], running: Callable[[int | None], None] = lambda pid: None) -> Result:
    """`call()` in a process forked from this thread, with an interpreter lock of its own, so that this process's
    other threads run at full speed meanwhile; its result, or the exception it raised, comes back pickled.
    `running` is told the process's id once it runs, and None before the id may be taken by another process.
    SIGTERM stops the call: Ended is raised where it is, so that it cleans up on its way out."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: answer, then end without running the parent's exit handlers
        try:
            reader.close()
            die_with_parent()
            signal.signal(signal.SIGTERM, _stopped)
            _answer(call, writer)
        finally:
            os._exit(0)
    writer.close()
    running(pid)
    try:
        made, value = reader.recv()
    except EOFError:
        made, value = False, Ended("the forked process ended without an answer")
    finally:
        reader.close()
        running(None)
        os.waitpid(pid, 0)
    if made:
        return cast(Result, value)
    raise value


def _stopped(number: int, frame: object) -> None:
    raise Ended("stopped")


def _answer(call: Callable[[], Any], writer: Connection) -> None:
    try:
        outcome: tuple[bool, Any] = (True, call())
    except BaseException as problem:  # noqa: BLE001 - every failure is the caller's to handle
        outcome = (False, problem)
    try:
        writer.send(outcome)
    except Exception as unsendable:  # noqa: BLE001 - a result or exception that cannot be pickled
        writer.send((False, RuntimeError(f"{outcome[1]!r} ({unsendable})")))


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
