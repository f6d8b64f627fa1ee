"""Helpers shared by the tests: build a fixture in-process, snapshot a folder, run the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitegen.build import BuildResult, build_site
from sitegen.cache import cache_folder

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".csv", ".geojson", ".atom", ".ics"}


def build(name: str, output: Path, base_url: str | None = "https://example.org/") -> BuildResult:
    """Build a fixture site (or 'content' for the real one) into `output`."""
    content = REPO / "content" if name == "content" else FIXTURES / name
    return build_site(content, output, base_url)


def left_in(folder: Path) -> list[str]:
    """The names in `folder` after a build, but the build cache it keeps beside `output/` on purpose."""
    kept = cache_folder(folder / "output").name
    return sorted(path.name for path in folder.iterdir() if path.name != kept)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


SEARCH_BUNDLE = "pagefind/"


def stable_part(files: dict[str, bytes]) -> dict[str, bytes]:
    """The output without Pagefind's bundle, whose filter and meta files vary between runs (Pagefind #638)."""
    return {path: data for path, data in files.items() if not path.startswith(SEARCH_BUNDLE)}


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in `cwd`, its output captured."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)
