"""The search index: Pagefind over the written site, one index per language (from each page's <html lang>).

Only entry pages carry `data-pagefind-body`, so menus, footers and lists of other entries stay out.
One `add_directory` call indexes the whole site (each API call costs a round trip to Pagefind's service).
"""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .diagnostics import BuildFailed, Diagnostic
from .entrykind import EntryKind
from .plan import PlannedPage

BUNDLE = "pagefind"


def expected_counts(pages: tuple[PlannedPage, ...], kinds: tuple[EntryKind, ...]) -> dict[str, int]:
    """How many pages each language's index must hold: every page of an indexed kind, in that language."""
    indexed = {kind.name for kind in kinds if kind.indexed}
    return dict(sorted(Counter(page.lang for page in pages if page.page_type in indexed).items()))


def build_index(site: Path, html_pages: int, expected: dict[str, int]) -> dict[str, int]:
    """Index the written site into site/pagefind/; fail the build when Pagefind read or indexed too little."""
    read = _run_in_own_thread(site.resolve())
    counts = indexed_counts(site)
    if read != html_pages or counts != expected:
        raise BuildFailed([Diagnostic(str(site), 0, 0, "search",
                                      f"the search index is incomplete: Pagefind read {read} of {html_pages} pages "
                                      f"and indexed {counts}, expected {expected}")])
    return counts


def indexed_counts(site: Path) -> dict[str, int]:
    """Pages per language, as the written bundle's entry file states them."""
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return dict(sorted((lang, int(info["page_count"])) for lang, info in entry["languages"].items()))


def _run_in_own_thread(site: Path) -> int:
    """Pagefind's API is async; run it on a fresh event loop in its own thread, so a caller that already
    runs a loop (a server, a browser driver) can build too."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_index_directory(site))).result()


async def _index_directory(site: Path) -> int:
    config = IndexConfig(output_path=str(site / BUNDLE))
    async with PagefindIndex(config) as index:
        result = await index.add_directory(str(site))
    return int(result["page_count"])
