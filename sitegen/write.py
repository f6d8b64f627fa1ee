"""Atomic output: the new site is built in a folder beside the output and swapped in only when complete."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .diagnostics import BuildFailed, Diagnostic, display_path

MARKER = ".third-places-build"


class Staging:
    """A folder beside `output` that becomes `output` on commit, or disappears on failure."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        check_output_folder(self.output)
        self.root = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"

    def __enter__(self) -> "Staging":
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        (self.root / MARKER).write_text("This folder is written by third-places; a build replaces it whole.\n")
        return self

    def __exit__(self, kind, value, traceback) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, path: str, data: bytes | str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, source: Path, path: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def commit(self) -> None:
        """Swap the finished site in: the old output is renamed away, the new one renamed in, the old removed."""
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.root, self.output)
        shutil.rmtree(old, ignore_errors=True)


def check_output_folder(output: Path) -> None:
    """Refuse to replace a folder this tool did not write (say, the repository or the content)."""
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise BuildFailed([Diagnostic(display_path(output), 0, 0, "--output",
                                      "the output folder exists and was not written by this tool; "
                                      "choose an empty or new folder", "error")])


# -- reusing unchanged files of the previous output (the build cache decides which) -----------------------

def link_or_copy(source: Path | str, target: Path | str) -> None:
    """`target` becomes the same file as `source`: a hard link, or a copy (with its times) where the file
    system refuses links. The staging folder never writes into an existing file, so a link is never changed."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def reuse(staging: Staging, previous: Path, path: str) -> None:
    """The previous output's file at `path`, unchanged, into the staging folder."""
    link_or_copy(previous / path, staging.root / path)


def reuse_tree(staging: Staging, previous: Path, path: str) -> None:
    """A whole folder of the previous output (the search bundle), file by file."""
    shutil.copytree(previous / path, staging.root / path, copy_function=link_or_copy, dirs_exist_ok=True)
