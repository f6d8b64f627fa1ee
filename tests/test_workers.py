"""The build's process pool: workers never outlive the build that started them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
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
