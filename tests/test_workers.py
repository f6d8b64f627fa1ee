"""The build's process pool: workers never outlive the build that started them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import workers

REPO = Path(__file__).resolve().parent.parent
SLEEPER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, sys.argv[1])
    from sitegen import workers
    def work(shared, item):
        os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never interleave
        time.sleep(120)
    workers.run_all(work, None, [1, 2], 2)
""")


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to read its status counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def times(shared: int, indexes: range) -> list[tuple[int, int]]:
    return [(shared * i, os.getpid()) for i in indexes]


def test_the_pool_gives_results_in_order_in_one_or_several_processes() -> None:
    ranges = workers.chunks(10, 2)
    assert [list(r) for r in ranges] == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    forked = workers.run_all(times, 3, ranges, 2)
    assert [[value for value, _ in part] for part in forked] == [[3 * i for i in r] for r in ranges]
    assert os.getpid() not in {pid for part in forked for _, pid in part}, "two jobs: the work is done in workers"
    assert {pid for part in workers.run_all(times, 3, ranges, 1) for _, pid in part} == {os.getpid()}


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_build_is_killed(how: int) -> None:
    """A build killed half-way (kill -9, or a preview server stopped) leaves no worker behind."""
    build = subprocess.Popen([sys.executable, "-c", SLEEPER, str(REPO)], stdout=subprocess.PIPE, text=True)
    assert build.stdout is not None
    pids = [int(build.stdout.readline()) for _ in range(2)]
    assert all(alive(pid) for pid in pids) and build.pid not in pids
    os.kill(build.pid, how)
    build.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if alive(pid)], "a worker outlived its build"


def test_the_collector_resumes_when_the_last_pause_ends_and_only_if_it_ran_before() -> None:
    import gc
    import threading
    assert gc.isenabled()
    with workers.collection_paused():
        inner_done = threading.Event()

        def other_thread() -> None:
            with workers.collection_paused():
                pass
            inner_done.set()
        threading.Thread(target=other_thread).start()
        assert inner_done.wait(10) and not gc.isenabled(), "an overlapping pause ended: the collector still waits"
    assert gc.isenabled()
    gc.disable()
    try:
        with workers.collection_paused():
            pass
        assert not gc.isenabled(), "a collector turned off before stays off"
    finally:
        gc.enable()


def frozen_objects(shared: object, item: int) -> int:
    import gc
    return gc.get_freeze_count()


def test_the_pool_freezes_what_the_workers_inherit_and_thaws_it_after() -> None:
    """The collector in a worker never walks the site it inherits (walking it would copy its memory pages)."""
    import gc
    frozen = workers.run_all(frozen_objects, None, [1, 2], 2)
    assert min(frozen) > 1000 and gc.get_freeze_count() == 0


def test_a_call_in_a_forked_process_returns_its_result_or_raises_its_exception() -> None:
    """The preview's full builds run this way, beside the threads that show edits and serve pages."""
    import threading

    from sitegen.diagnostics import BuildFailed, Diagnostic
    made, pid = workers.in_fork(lambda: ("made", os.getpid()))
    assert made == "made" and pid != os.getpid()
    problem = Diagnostic("spaces/x/space.yaml", 3, 7, "kind", "not a kind", "error")

    def fails() -> None:
        raise BuildFailed([problem])
    with pytest.raises(BuildFailed) as raised:
        workers.in_fork(fails)
    assert raised.value.diagnostics == [problem]
    with pytest.raises(RuntimeError, match="cannot pickle"):
        workers.in_fork(threading.Lock)  # a result that cannot be sent back
    with pytest.raises(RuntimeError, match="without an answer"):
        workers.in_fork(lambda: os._exit(3))


def test_a_forked_call_stopped_with_sigterm_cleans_up_and_raises_ended(tmp_path: Path) -> None:
    """The preview stops the full build of an edit when the next edit comes: the build's `finally` blocks run (its
    staging folder is removed) and the caller learns it ended."""
    import threading
    started, cleaned = tmp_path / "started", tmp_path / "cleaned"

    def long_build() -> None:
        try:
            started.touch()
            time.sleep(60)
        finally:
            cleaned.touch()

    def stop_when_started(pid: int | None) -> None:
        if pid is not None:
            threading.Thread(target=lambda: (wait_for(started.exists), os.kill(pid, signal.SIGTERM))).start()
    began = time.monotonic()
    with pytest.raises(workers.Ended):
        workers.in_fork(long_build, stop_when_started)
    assert cleaned.exists() and time.monotonic() - began < 30


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 20
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
