"""The link phase: references between entries resolve, and no two pages share a URL."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics, did_you_mean
from .model import Entry, Site
from .plan import PlannedPage
from .sources import load_markdown_file

SECTION_OF = {"theme": "themes", "space": "spaces"}


def check_references(site: Site, diags: Diagnostics) -> None:
    known = {"theme": {t.slug for t in site.themes}, "space": {s.slug for s in site.spaces}}
    for entry in site.entries():
        for ref in entry.refs:
            if ref.slug not in known[ref.kind]:
                hint = did_you_mean(ref.slug, known[ref.kind])
                diags.error(ref.path, ref.line, ref.col, ref.field,
                            f"'{ref.field}': there is no {ref.kind} '{ref.slug}' in {SECTION_OF[ref.kind]}/{hint}")


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
