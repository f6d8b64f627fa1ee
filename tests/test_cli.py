"""Faults of the environment, not of the content: one line saying what went wrong and that the previous output is
intact, exit status 1, never a Python traceback. A full disk is a real 5 MB tmpfs where this machine lets the tests
mount one (they run as root), else a simulated ENOSPC."""
from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen import cli, write
from sitegen.cache import cache_folder
from sitegen.write import Staging
from sitetools import left_in, snapshot
from support import FIXTURES_DIR, REPO_ROOT

BUILD = [sys.executable, str(REPO_ROOT / "build.py"), "--content", "content", "--output", "output"]
STAGING_FILE = r"\.output\.staging-\d+-\d+/\S+"


def mount_tmpfs(folder: Path, size: str = "5m") -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 5 MB tmpfs holding the minimal site and a first, complete build of it."""
    folder = tmp_path / "disk"
    if not mount_tmpfs(folder):
        pytest.skip("this machine does not let the tests mount a tmpfs")
    try:
        shutil.copytree(FIXTURES_DIR / "minimal", folder / "content")
        subprocess.run(BUILD, cwd=folder, check=True, capture_output=True, timeout=300)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system until `leave` bytes are free."""
    info = os.statvfs(folder)
    with (folder / "filler").open("wb") as filler:
        filler.write(bytes(max(0, info.f_bavail * info.f_frsize - leave)))


def assert_one_line(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and re.fullmatch(pattern, lines[0]), lines


@pytest.mark.slow
@pytest.mark.parametrize("free_kb", [100, 400, 900, 1300], ids=lambda kb: f"{kb}KB-free")
def test_a_full_disk_is_one_line_and_the_previous_output_stays(disk: Path, free_kb: int) -> None:
    """With 100 KB free the assets do not fit, with 400 KB the pages, with 900 KB Pagefind's bundle (which it
    would cut short silently), with 1.3 MB the booklets."""
    shutil.rmtree(cache_folder(disk / "output"))  # else the build reuses every page and has nothing to write
    before = snapshot(disk / "output")
    fill(disk, free_kb * 1024)
    result = subprocess.run(BUILD, cwd=disk, capture_output=True, text=True, timeout=300)
    assert_one_line(result, f"error: the disk is full: cannot write {STAGING_FILE}; the build stopped and the "
                            "previous output in output is intact")
    assert left_in(disk) == ["content", "filler", "output"]
    assert snapshot(disk / "output") == before


def test_a_simulated_full_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Where no tmpfs can be mounted: ENOSPC from the fourth file written."""
    if mount_tmpfs(tmp_path / "probe", "1m"):
        subprocess.run(["umount", str(tmp_path / "probe")])
        pytest.skip("the real full disk is tested on a tmpfs")
    shutil.copytree(FIXTURES_DIR / "minimal", tmp_path / "content")
    written = iter(range(1000))
    real_write = Staging.write

    def write_until_full(self: Staging, path: str, data: bytes | str) -> None:
        if next(written) >= 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.root / path))
        real_write(self, path, data)
    monkeypatch.setattr(Staging, "write", write_until_full)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--content", "content", "--output", "output"]) == 1
    assert re.fullmatch(f"error: the disk is full: cannot write {STAGING_FILE}; the build stopped and nothing was "
                        "written to output\n", capsys.readouterr().err)


@pytest.mark.slow
def test_a_read_only_file_system_is_one_line_and_the_previous_output_stays(disk: Path) -> None:
    before = snapshot(disk / "output")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = subprocess.run(BUILD, cwd=disk, capture_output=True, text=True, timeout=300)
    assert_one_line(result, r"error: the file system is read-only: cannot write \.output\.staging-\d+-\d+; the build "
                            "stopped and the previous output in output is intact")
    assert snapshot(disk / "output") == before


@pytest.mark.slow
def test_two_builds_colliding_in_the_swap_say_so_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capfd: pytest.CaptureFixture[str]) -> None:
    """Where the file system cannot exchange two names in one step, two builds that swap at the same moment
    collide: the one that loses says so; the output is the other's complete site."""
    shutil.copytree(FIXTURES_DIR / "minimal", tmp_path / "content")
    subprocess.run(BUILD, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    before, after = threading.Barrier(2, timeout=120), threading.Barrier(2, timeout=120)

    def together(rename: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def synchronised(source: Any, target: Any) -> None:
            if ".old-" not in str(target):
                return rename(source, target)
            before.wait()  # both builds park the old site at the same moment ...
            try:
                return rename(source, target)
            finally:
                after.wait()  # ... and neither goes on before both have tried
        return synchronised
    monkeypatch.setattr(os, "rename", together(os.rename))
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(cli.main(["--content", "content", "--output",
                                                                           "output"]))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    err = capfd.readouterr().err
    assert sorted(statuses) == [0, 1], err
    assert err.splitlines() == ["error: another build replaced output at the same moment; this build stopped and "
                                "the output holds that build's complete site"], err
    assert left_in(tmp_path) == ["content", "output"]
    assert (tmp_path / "output" / "nl" / "ruimten" / "atelier-een" / "index.html").is_file()
