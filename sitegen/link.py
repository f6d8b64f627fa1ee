"""The link phase: references between entries resolve, and no two pages share a URL."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics, did_you_mean
from .entrykind import EntryKind, named
from .model import Entry, Site
from .plan import PlannedPage
from .sources import load_markdown_file


def check_references(site: Site, kinds: tuple[EntryKind, ...], diags: Diagnostics) -> None:
    """Every reference by slug (a space's themes, a lab's theme and meeting place) names an entry that exists."""
    for entry in site.entries():
        for ref in entry.refs:
            if site.entry(ref.kind, ref.slug) is None:
                known = [other.slug for other in site.of(ref.kind)]
                hint = did_you_mean(ref.slug, known)
                folder = named(ref.kind, kinds).folder
                diags.error(ref.path, ref.line, ref.col, ref.field,
                            f"'{ref.field}': there is no {ref.kind} '{ref.slug}' in {folder}/{hint}")


def check_collisions(pages: tuple[PlannedPage, ...], diags: Diagnostics) -> None:
    """Two pages on one path: report each later one, at the `slug:` that put it there, naming the page it meets."""
    owners: dict[str, PlannedPage] = {}
    for page in pages:
        first = owners.setdefault(page.path, page)
        if first is page:
            continue
        folder = page.source or first.source or "content"
        path, line, col = _slug_position(page) or _slug_position(first) or (folder, 0, 0)
        if first.source is None:
            message = f"'/{page.path}' is already the URL of {_describe(first)}; give {_describe(page)} another slug"
        else:
            message = (f"two pages on one URL '/{page.path}': {_describe(page)} and {_describe(first)}; "
                       "give one of them another slug")
        diags.error(path, line, col, "slug", message)


def _slug_position(page: PlannedPage) -> tuple[Path, int, int] | None:
    """Where the page's `slug:` is written in its language's front matter, if it has one."""
    text = page.item.text(page.lang) if isinstance(page.item, Entry) else None
    if text is None or not text.slug:
        return None
    doc = load_markdown_file(text.source, Diagnostics())
    return (text.source, *doc.front.where("slug")) if doc else (text.source, 0, 0)


def _describe(page: PlannedPage) -> str:
    if page.source is not None:
        return f"{page.page_type} '{page.source.name}' ({page.lang})"
    return f"the {page.page_type} page ({page.lang})"
