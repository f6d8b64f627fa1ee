"""The swap of a finished site into place, and the recovery after builds that were stopped or killed."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import write
from sitegen.write import MARKER, OutputCollision, Staging, exchange, leftovers, recover
from sitetools import left_in, snapshot
from support import FIXTURES_DIR, REPO_ROOT

BUILD = [sys.executable, str(REPO_ROOT / "build.py"), "--content", "content", "--output", "output"]


def site_folder(root: Path, name: str, page: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("x\n")
    (folder / "index.html").write_text(page)
    return folder


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


# -- recovery ----------------------------------------------------------------------------------------------

def test_recover_restores_the_parked_old_site_when_the_output_is_missing(tmp_path: Path) -> None:
    """A build killed between the two renames of a swap left no output, only the old site parked and its own."""
    pid = dead_pid()
    site_folder(tmp_path, f".output.old-{pid}-1", "old")
    site_folder(tmp_path, f".output.staging-{pid}-1", "new, maybe unfinished")
    recover(tmp_path / "output")
    assert left_in(tmp_path) == ["output"]
    assert (tmp_path / "output" / "index.html").read_text() == "old"


def test_recover_removes_what_killed_builds_left_and_nothing_else(tmp_path: Path) -> None:
    pid = dead_pid()
    site_folder(tmp_path, "output", "current")
    site_folder(tmp_path, f".output.staging-{pid}", "killed while rendering")
    site_folder(tmp_path, f".output.staging-{pid}-7", "killed after the exchange: the old site")
    (tmp_path / f".output.staging-{pid}-8").mkdir()  # killed between mkdir and the marker
    half = site_folder(tmp_path, f".output.old-{pid}-2", "half removed")
    (half / "index.html").unlink()
    foreign = tmp_path / f".output.staging-{pid}-9"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not ours: no marker")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        site_folder(tmp_path, f".output.staging-{running.pid}-1", "a build still running")
        recover(tmp_path / "output")
        running.kill()
    assert left_in(tmp_path) == [f".output.staging-{pid}-9", f".output.staging-{running.pid}-1", "output"]
    assert (tmp_path / "output" / "index.html").read_text() == "current"


@pytest.mark.slow
def test_a_build_recovers_before_it_writes(tmp_path: Path) -> None:
    pid = dead_pid()
    shutil.copytree(FIXTURES_DIR / "minimal", tmp_path / "content")
    site_folder(tmp_path, f".output.old-{pid}-1", "old")
    subprocess.run(BUILD, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    assert left_in(tmp_path) == ["content", "output"]
    assert "Atelier Een" in (tmp_path / "output" / "nl" / "ruimten" / "atelier-een" / "index.html").read_text()


def test_the_gitignore_matches_the_names_a_build_leaves_beside_the_output() -> None:
    for name in (".output.staging-4242", ".output.staging-4242-3", ".output.old-4242-3"):
        done = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=REPO_ROOT)
        assert done.returncode == 0, f"{name} is not ignored"


# -- the swap -----------------------------------------------------------------------------------------------

def test_the_swap_is_one_atomic_exchange_here(tmp_path: Path) -> None:
    new, output = site_folder(tmp_path, "new", "new"), site_folder(tmp_path, "output", "old")
    assert exchange(new, output)
    assert (output / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"


@pytest.mark.slow
@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_two_builds_swapping_at_the_same_moment_leave_one_complete_site(tmp_path: Path, atomic: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both builds reach the swap together (a barrier in every rename); neither may fail but with OutputCollision,
    and the output is one build's complete site, with nothing left beside it."""
    site_folder(tmp_path, "output", "old")
    if not atomic:
        monkeypatch.setattr(write, "exchange", lambda first, second: False)
    barrier = threading.Barrier(2, timeout=2)

    def together(rename: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def synchronised(source: Any, target: Any) -> None:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            rename(source, target)
        return synchronised
    monkeypatch.setattr(os, "rename", together(os.rename))
    monkeypatch.setattr(os, "replace", together(os.replace))
    outcomes: list[str] = []

    def build(page: str) -> None:
        try:
            with Staging(tmp_path / "output") as staging:
                staging.write("index.html", page)
                staging.commit()
            outcomes.append("committed")
        except OutputCollision:
            outcomes.append("collision")
        except BaseException as other:  # noqa: BLE001 - recorded, then asserted
            outcomes.append(repr(other))
    threads = [threading.Thread(target=build, args=(page,)) for page in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["committed", "committed"], ["collision", "committed"]), outcomes
    assert left_in(tmp_path) == ["output"]
    assert (tmp_path / "output" / "index.html").read_text() in ("A", "B")
    assert (tmp_path / "output" / MARKER).is_file()


# -- builds stopped from outside ---------------------------------------------------------------------------

def started_build(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(BUILD, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_staging(root: Path, build: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not leftovers(root / "output") and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_build_stopped_by_a_signal_cleans_up_and_says_so(tmp_path: Path, number: int) -> None:
    shutil.copytree(FIXTURES_DIR / "bilingual", tmp_path / "content")
    subprocess.run(BUILD, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    before = snapshot(tmp_path / "output")
    build = started_build(tmp_path)
    wait_for_staging(tmp_path, build)
    build.send_signal(number)
    _, err = build.communicate(timeout=120)
    name = signal.Signals(number).name
    assert build.returncode == 128 + number, err
    assert err.splitlines() == [f"error: the build was stopped ({name}); the previous output in output is intact"]
    assert left_in(tmp_path) == ["content", "output"]
    assert snapshot(tmp_path / "output") == before


@pytest.mark.slow
def test_twenty_builds_killed_at_random_moments_then_the_next_build_recovers(tmp_path: Path) -> None:
    """kill -9 at moments spread over a whole build (the swap included); after each kill a complete site is in
    place or parked for recovery, and the next build leaves a complete site and nothing beside it."""
    shutil.copytree(FIXTURES_DIR / "minimal", tmp_path / "content")
    start = time.monotonic()
    subprocess.run(BUILD, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - start
    moments, litter = random.Random(14), 0
    for kill in range(20):
        build = started_build(tmp_path)
        time.sleep(moments.uniform(0.3, 1.2) * duration)
        build.kill()
        build.communicate()
        complete = [path for path in [tmp_path / "output", *leftovers(tmp_path / "output")]
                    if (path / "index.html").is_file() and (path / "pagefind" / "pagefind-entry.json").is_file()]
        assert complete, f"kill {kill}: no complete site left: {left_in(tmp_path)}"
        litter += bool(leftovers(tmp_path / "output"))
    print(f"a build takes {duration:.1f} s; {litter} of 20 kills left a folder for the next build to recover")
    recovered = subprocess.run(BUILD, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert recovered.returncode == 0, recovered.stderr
    assert left_in(tmp_path) == ["content", "output"]
    assert "Atelier Een" in (tmp_path / "output" / "nl" / "ruimten" / "atelier-een" / "index.html").read_text()
