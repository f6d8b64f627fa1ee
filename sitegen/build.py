"""The build, top to bottom: load -> validate -> link -> plan -> render -> write. Each phase is timed."""
from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from PIL import Image

from . import booklet, content, feeds, jsonschema, link, search
from .cards import Context
from .diagnostics import BuildFailed, Diagnostic, Diagnostics
from .directory import Country, settle_places
from .entrykind import EntryKind, Writer
from .i18n import Strings, load_strings
from .kinds import KINDS
from .model import Site
from .plan import PlannedPage, plan_site
from .render import make_environment
from .urls import Urls, normalize_base_url
from .views import page_context
from .write import Staging, check_output_folder

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"

# Output families written after the pages, each its own timed phase: (phase name, writer). A writer gets the
# render context, the planned pages and the staging folder; it raises BuildFailed for a problem it finds.
# Entry kinds add their own (kinds.py): the spaces' map data and open data, for example.
OUTPUT_FAMILIES: tuple[tuple[str, Writer], ...] = (("schemas", jsonschema.publish), ("booklet", booklet.write_booklets),
                                                   ("feeds", feeds.write_feeds),
                                                   ("nested feeds", feeds.write_nested_feeds))


def output_families(kinds: tuple[EntryKind, ...]) -> tuple[tuple[str, Writer], ...]:
    return OUTPUT_FAMILIES + tuple(family for kind in kinds for family in kind.outputs)


@dataclass
class BuildResult:
    pages: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)


@contextmanager
def phase(result: BuildResult, name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    result.timings[name] = time.perf_counter() - start


@dataclass(frozen=True)
class Prepared:
    """The content loaded, checked and linked, and the table of contents: everything before writing."""

    site: Site
    strings: dict[str, Strings]
    urls: Urls
    places: tuple[Country, ...]
    pages: tuple[PlannedPage, ...]


def build_site(content_dir: Path, output: Path, base_url: str | None = None, templates: Path = TEMPLATES,
               strict: bool = False, kinds: tuple[EntryKind, ...] = KINDS) -> BuildResult:
    """Build the whole site into `output`; on any error (with `strict`, any warning too) raise BuildFailed
    and leave `output` as it was."""
    result, diags = BuildResult(), Diagnostics()
    check_output_folder(output.resolve())
    ready = prepare(content_dir, templates, base_url, diags, result, kinds)
    if strict and diags.warnings:
        raise BuildFailed(diags.items)
    result.warnings = diags.warnings
    with Staging(output) as staging:
        with phase(result, "assets"):
            ctx = Context(ready.site, ready.places, ready.urls, ready.strings, copy_photos(ready.site, ready.urls, staging),
                          copy_assets(templates, staging), content_dir, content_in_repository(content_dir), kinds)
        with phase(result, "render"):
            render_pages(ready.pages, ctx, templates, staging)
        with phase(result, "index"):
            search.build_index(staging.root, len(ready.pages), search.expected_counts(ready.pages, kinds))
        for name, write_family in output_families(kinds):
            with phase(result, name):
                write_family(ctx, ready.pages, staging)
        result.pages = len(ready.pages)
        result.files = sum(1 for p in staging.root.rglob("*") if p.is_file())
        with phase(result, "write"):
            staging.commit()
    return result


def prepare(content_dir: Path, templates: Path, base_url: str | None, diags: Diagnostics,
            result: BuildResult, kinds: tuple[EntryKind, ...] = KINDS) -> Prepared:
    """Load and validate every file, then link and plan; collect every problem and abort once per phase."""
    with phase(result, "load"):
        site = content.load_site(content_dir, kinds, diags)
        strings = load_strings(templates / "i18n", site.config.languages, diags) if site else {}
        stop_on_errors(diags)
        assert site is not None
    with phase(result, "link"):
        urls = Urls(normalize_base_url(base_url or site.config.base_url), strings, kinds)
        site, places = settle_places(site, diags)
        pages = plan_site(site, places, urls, kinds)
        link.check_references(site, kinds, diags)
        link.check_collisions(pages, diags)
        stop_on_errors(diags)
    return Prepared(site, strings, urls, places, pages)


def check_content(content_dir: Path, templates: Path = TEMPLATES) -> Diagnostics:
    """Every problem in the content, as a build would find it, writing nothing."""
    diags = Diagnostics()
    try:
        prepare(content_dir, templates, None, diags, BuildResult())
    except BuildFailed:
        pass
    return diags


def content_in_repository(content_dir: Path) -> str:
    """Where the content folder sits in its git repository ('content'), for links to GitHub's editor."""
    folder = content_dir.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return folder.relative_to(parent).as_posix()
    return "content"


def stop_on_errors(diags: Diagnostics) -> None:
    if diags.errors:
        raise BuildFailed(diags.items)


def render_pages(pages: tuple[PlannedPage, ...], ctx: Context, templates: Path, staging: Staging) -> None:
    env = make_environment(templates)
    for page in pages:
        html = env.get_template(page.template).render(page_context(page, ctx))
        staging.write(ctx.urls.output_file(page.path), html)


def copy_photos(site: Site, urls: Urls, staging: Staging) -> dict[str, tuple[int, int]]:
    """Each space's photos under media/<slug>/, and their sizes (for width/height: no layout shift)."""
    sizes = {}
    for space in site.spaces:
        for photo in space.photos:
            path = urls.photo(space, photo)
            staging.copy(photo.path, path)
            with Image.open(photo.path) as image:
                sizes[path] = image.size
    return sizes


def copy_assets(templates: Path, staging: Staging) -> dict[str, str]:
    """The stylesheet, scripts and icons, with a short content hash for cache busting."""
    versions = {}
    for source in sorted((templates / "assets").rglob("*")):
        if source.is_file():
            name = source.relative_to(templates / "assets").as_posix()
            staging.copy(source, f"assets/{name}")
            versions[name] = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    return versions
