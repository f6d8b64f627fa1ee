"""Atomic output: the new site is built in a folder beside the output and swapped in only when complete.

Beside an output folder `output` a build writes `.output.staging-PID-N` (N counts the builds of process PID) and,
where the file system cannot exchange two names in one step, parks the old site at `.output.old-PID-N` for the
moment between two renames. A build that is killed leaves these behind; the next build recovers (`recover`): it
restores the old site when it is the only one left, and removes the folders of builds that are no longer running.
"""
from __future__ import annotations

import ctypes
import errno
import itertools
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import BuildFailed, Diagnostic, display_path

MARKER = ".third-places-build"
LEFTOVER = re.compile(r"\.(?P<output>.+)\.(?P<kind>staging|old)-(?P<pid>\d+)(?:-\d+)?")
RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two names atomically (Linux 3.15+, ext4, btrfs, xfs, tmpfs, ...)
AT_FDCWD = -100
_builds = itertools.count(1)
_active: set[Path] = set()  # staging folders of builds running in this process (a server may build in a thread)
_active_lock = threading.Lock()


class OutputCollision(Exception):
    """Another build replaced the output at the same moment."""


class Staging:
    """A folder beside `output` that becomes `output` on commit, or disappears on failure."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        check_output_folder(self.output)
        self.suffix = f"{os.getpid()}-{next(_builds)}"
        self.root = leftover_path(self.output, "staging", self.suffix)
        self.written: list[str] = []  # what write and copy made, in order (build.Made.family reads it)

    def __enter__(self) -> Staging:
        recover(self.output)
        with _active_lock:
            _active.add(self.root)
        self.root.mkdir(parents=True)
        (self.root / MARKER).write_text("This folder is written by third-places; a build replaces it whole.\n")
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        try:
            with signals_held():  # a signal arriving now stops the build once the folder is gone, not half-way
                remove(self.root)
        finally:
            with _active_lock:
                _active.discard(self.root)

    def write(self, path: str, data: bytes | str) -> None:
        target = self.root / path
        self.written.append(path)
        with naming(target):
            _in_folder(target, lambda: _write_bytes(target, data.encode("utf-8") if isinstance(data, str) else data))

    def copy(self, source: Path, path: str) -> None:
        target = self.root / path
        self.written.append(path)
        with naming(target):
            _in_folder(target, lambda: shutil.copyfile(source, target))

    def commit(self) -> None:
        """Swap the finished site in; the old one is left at the staging folder's name, which __exit__ removes."""
        swap_in(self.root, self.output, leftover_path(self.output, "old", self.suffix))


STOPPING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold the signals that stop a build (they are delivered when the block ends); only the main thread's
    handlers raise, so other threads hold nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def naming(target: Path) -> Iterator[None]:
    """A failed write (a full disk, a read-only file system) names the file written, not the one copied from."""
    try:
        yield
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(target)) from err


def leftover_path(output: Path, kind: str, suffix: str) -> Path:
    return output.parent / f".{output.name}.{kind}-{suffix}"


def swap_in(new: Path, output: Path, parking: Path) -> None:
    """Make `new` the output. Where the file system can, the two names are exchanged in one step, so there is
    no moment without a complete output, and `new` then holds the old site. Elsewhere the old site is parked at
    `parking` for the moment between two renames, then moved back to `new`'s name."""
    try:
        if not output.exists():
            os.rename(new, output)
        elif not exchange(new, output):
            os.rename(output, parking)
            os.rename(new, output)
            os.rename(parking, new)
    except OSError as err:
        if err.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
            raise OutputCollision(str(output)) from err
        raise


def exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically with renameat2(RENAME_EXCHANGE); False where the system or file system has none."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def recover(output: Path) -> None:
    """Tidy up after builds that were killed: when the output is missing, the old site parked by an interrupted
    swap becomes the output again; then every staging or parked folder of a build no longer running, and written
    by this tool (it has the marker, or is empty), is removed."""
    stale = [path for path in leftovers(output) if not _running(path)]
    if not output.exists():
        parked = sorted((p for p in stale if ".old-" in p.name and (p / MARKER).is_file()),
                        key=lambda p: p.stat().st_mtime)
        if parked:
            os.rename(parked[-1], output)
            stale.remove(parked[-1])
    for path in stale:
        if (path / MARKER).is_file() or not any(path.iterdir()):
            remove(path)


def leftovers(output: Path) -> list[Path]:
    """The staging and parked folders beside the output, of any build."""
    if not output.parent.is_dir():
        return []
    return sorted(path for path in output.parent.iterdir() if path.is_dir() and not path.is_symlink()
                  and (found := LEFTOVER.fullmatch(path.name)) and found["output"] == output.name)


def _running(path: Path) -> bool:
    """Whether the build that made this folder still runs: this process's builds by their record, others by
    their process id."""
    found = LEFTOVER.fullmatch(path.name)
    assert found is not None  # a folder that leftovers() listed: its name matches
    pid = int(found["pid"])
    if pid == os.getpid():
        with _active_lock:
            return path in _active or path.name.replace(".old-", ".staging-") in {p.name for p in _active}
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove(folder: Path) -> None:
    """Delete a folder this tool wrote, its marker last: a build killed half-way through leaves a folder that the
    next build still recognises as its own."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def check_output_folder(output: Path) -> None:
    """Refuse to replace a folder this tool did not write (say, the repository or the content)."""
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise BuildFailed([Diagnostic(display_path(output), 0, 0, "--output",
                                      "the output folder exists and was not written by this tool; "
                                      "choose an empty or new folder", "error")])


# -- reusing unchanged files of the previous output (the build cache decides which) -----------------------

NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES}  # links refused or impossible


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """`target` becomes the same file as `source`: a hard link, or a copy (with its times) where the file
    system refuses links. The staging folder never writes into an existing file, so a link is never changed."""
    try:
        _link(source, target)
    except OSError as refused:
        if refused.errno not in NO_LINKS:  # a vanished source, an existing target: not a reason to copy
            raise
        shutil.copy2(source, target)


def _in_folder(target: Path, make: Callable[[], object]) -> None:
    """Make `target`, making its folder first when it is missing (asked only then: most exist; a build of
    10,000 spaces spent about 4% of its time asking)."""
    try:
        make()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        make()


def _write_bytes(target: Path, data: bytes) -> None:
    with open(target, "wb") as file:
        file.write(data)


def _link(source: Path | str, target: Path | str) -> None:
    """A hard link, making the target's folder first when it is missing (asked only then: most exist)."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        if os.path.lexists(source):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)


def reuse(staging: Staging, previous: Path, path: str) -> None:
    """The previous output's file at `path`, unchanged, into the staging folder."""
    link_or_copy(previous / path, staging.root / path)


def reuse_tree(staging: Staging, previous: Path, path: str) -> None:
    """A whole folder of the previous output (the search bundle), file by file."""
    shutil.copytree(previous / path, staging.root / path, copy_function=link_or_copy, dirs_exist_ok=True)
