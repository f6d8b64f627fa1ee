"""A fixture site loaded, linked and planned in-process, with the render context views need: no output written."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from sitegen.build import TEMPLATES, BuildResult, Prepared, prepare
from sitegen.cards import Context
from sitegen.diagnostics import Diagnostics
from sitegen.entrykind import EntryKind
from sitegen.kinds import KINDS
from sitegen.plan import PlannedPage

from . import FIXTURES_DIR


def prepared(name: str = "bilingual", base_url: str = "https://example.org/",
             kinds: tuple[EntryKind, ...] = KINDS, templates: Path = TEMPLATES) -> tuple[Prepared, Context]:
    """The fixture `name` prepared as a build would, and a Context for its views (assets unversioned)."""
    content = FIXTURES_DIR / name
    ready = prepare(content, templates, base_url, Diagnostics(), BuildResult(), kinds=kinds)
    sizes = {}
    for space in ready.site.spaces:
        for photo in space.photos:
            with Image.open(photo.path) as image:
                sizes[ready.urls.photo(space, photo)] = image.size
    versions = {path.relative_to(templates / "assets").as_posix(): "test"
                for path in (templates / "assets").rglob("*") if path.is_file()}
    ctx = Context(ready.site, ready.places, ready.urls, ready.strings, sizes, versions, content, "content", kinds)
    return ready, ctx


def planned(ready: Prepared, page_type: str, lang: str, slug: str | None = None) -> PlannedPage:
    """The one planned page of a type in a language (of the entry `slug`, for entry pages)."""
    found = [page for page in ready.pages if page.page_type == page_type and page.lang == lang
             and (slug is None or getattr(page.item, "slug", None) == slug)]
    assert len(found) == 1, (page_type, lang, slug, len(found))
    return found[0]
