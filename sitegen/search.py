"""The search index: Pagefind over the written site, one index per language (from each page's <html lang>).

Only entry pages carry `data-pagefind-body`, so menus, footers and lists of other entries stay out.

Pagefind runs as its command-line program (the binary of the pagefind[bin] package), once over the whole site,
and the build waits for it to exit. Not through its Python API: that API's service answers "written" while its
files may still be queued for writing (Pagefind writes through tokio's File, which returns before the bytes
reach the disk and is dropped without a flush), and the API then stops the service with SIGTERM, so about one
build in five on a busy machine found pagefind-entry.json, or another file of the bundle, empty. A program that
exits normally finishes its queued writes first. A write that fails (a full disk) is still lost silently, so
the bundle is verified before the site is published: the entry file must parse and every compressed file must
decompress whole.
"""
from __future__ import annotations

import errno
import gzip
import json
import os
import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path
from typing import NoReturn

from pagefind.service import get_executable

from . import workers
from .diagnostics import BuildFailed, Diagnostic, display_path
from .entrykind import EntryKind
from .plan import PlannedPage

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
COMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")  # gzip, checked whole
FOUND_PAGES = re.compile(r"Found (\d+) files? matching")
SPACE_PROBE_BYTES = 1 << 20


def expected_counts(pages: tuple[PlannedPage, ...], kinds: tuple[EntryKind, ...]) -> dict[str, int]:
    """How many pages each language's index must hold: every page of an indexed kind, in that language."""
    indexed = {kind.name for kind in kinds if kind.indexed}
    return dict(sorted(Counter(page.lang for page in pages if page.page_type in indexed).items()))


def build_index(site: Path, html_pages: int, expected: dict[str, int]) -> dict[str, int]:
    """Index the written site into site/pagefind/; fail the build when Pagefind failed, read or indexed too little,
    or left its bundle incomplete."""
    read = run_pagefind(site, timeout=120 + html_pages / 50)
    verify_bundle(site / BUNDLE)
    counts = indexed_counts(site)
    if read != html_pages or counts != expected:
        fail(site, f"the search index is incomplete: Pagefind read {read} of {html_pages} pages and indexed "
                   f"{counts}, expected {expected}")
    return counts


def run_pagefind(site: Path, timeout: float) -> int:
    """Run Pagefind over the site and wait for it to exit; the number of HTML files it found."""
    binary = get_executable()
    if binary is None:
        fail(site, "Pagefind's program is not installed: install the project again (pip install -e .)")
    try:
        done = subprocess.run([str(binary), "--site", ".", "--output-subdir", BUNDLE], cwd=site, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=timeout,
                              preexec_fn=workers.die_with_parent)  # never writing after the build ended
    except subprocess.TimeoutExpired:
        fail(site, f"Pagefind did not finish indexing within {timeout:.0f} seconds and was stopped")
    found = FOUND_PAGES.search(done.stdout)
    if done.returncode != 0 or not found:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no message"]
        fail(site, f"Pagefind failed (exit status {done.returncode}): {said[0]}")
    return int(found.group(1))


def verify_bundle(bundle: Path) -> None:
    """Every compressed file of the bundle decompresses whole and the entry file parses; a file cut short by a full
    disk is reported as the full disk it is."""
    for path in sorted(bundle.rglob("*")):
        if path.suffix in COMPRESSED and not _whole(path):
            incomplete(path)
    try:
        json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        incomplete(bundle / ENTRY)


def indexed_counts(site: Path) -> dict[str, int]:
    """Pages per language, as the written bundle's entry file states them."""
    entry = json.loads((site / BUNDLE / ENTRY).read_text(encoding="utf-8"))
    return dict(sorted((lang, int(info["page_count"])) for lang, info in entry["languages"].items()))


def _whole(path: Path) -> bool:
    try:
        gzip.decompress(path.read_bytes())
        return True
    except (OSError, EOFError, zlib.error):
        return False


def incomplete(path: Path) -> NoReturn:
    """A file of the bundle is cut short: raise the full disk it comes from, else report Pagefind's failure."""
    probe = path.parent / f".space-probe-{os.getpid()}"
    try:
        with probe.open("wb") as handle:
            handle.write(bytes(SPACE_PROBE_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            raise OSError(err.errno, os.strerror(err.errno), str(path)) from None
        raise
    finally:
        probe.unlink(missing_ok=True)
    fail(path, "Pagefind wrote this file of the search index incompletely; build again")


def fail(path: Path, message: str) -> NoReturn:
    raise BuildFailed([Diagnostic(display_path(path), 0, 0, "search", message)])
