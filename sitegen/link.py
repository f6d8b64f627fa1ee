"""The link phase: references between entries resolve, and no two pages share a URL."""
from __future__ import annotations

from .diagnostics import Diagnostics, did_you_mean
from .model import Site
from .plan import PlannedPage

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
    """Two pages on one path: report each later one, naming what already has the path."""
    owners: dict[str, PlannedPage] = {}
    for page in pages:
        first = owners.setdefault(page.path, page)
        if first is page:
            continue
        diags.error(page.source or first.source or "content", 0, 0, "slug",
                    f"two pages on one URL '/{page.path}': {_describe(page)} and {_describe(first)}; give one another slug")


def _describe(page: PlannedPage) -> str:
    if page.source is not None:
        return f"{page.page_type} '{page.source.name}' ({page.lang})"
    return f"the {page.page_type} page ({page.lang})"
