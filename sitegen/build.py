"""The build, top to bottom: load -> validate -> link -> plan -> render -> index -> output families -> swap.
Each phase is timed. Rendering runs in a pool of processes, and every output made by key (pages, the search
index, the booklets) is reused from the previous output when its key is unchanged (see cache.py)."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from PIL import Image

from . import booklet, cache, content, feeds, jsonschema, link, prose, search, workers
from .cache import Fingerprints, Manifest, TemplateDigests, file_stat
from .cards import Context
from .diagnostics import BuildFailed, Diagnostic, Diagnostics
from .directory import Country, settle_places
from .entrykind import EntryKind, Writer
from .i18n import Strings, load_strings
from .kinds import KINDS
from .locations import TEMPLATES, content_in_repository
from .model import Site
from .places import VERDICTS, check_places
from .plan import PlannedPage, plan_site
from .render import make_environment, render_page
from .urls import Urls, normalize_base_url
from .views import page_context
from .write import Staging, check_output_folder, reuse, reuse_tree

# Output families written after the pages, each its own timed phase: (phase name, writer). A writer gets the
# render context, the planned pages and the staging folder; it raises BuildFailed for a problem it finds.
# Entry kinds add their own (kinds.py): the spaces' map data and open data, for example.
OUTPUT_FAMILIES: tuple[tuple[str, Writer], ...] = (("schemas", jsonschema.publish), ("feeds", feeds.write_feeds),
                                                   ("nested feeds", feeds.write_nested_feeds))


def output_families(kinds: tuple[EntryKind, ...]) -> tuple[tuple[str, Writer], ...]:
    return OUTPUT_FAMILIES + tuple(family for kind in kinds for family in kind.outputs)

ENTRIES = "entries.pickle"  # in the cache folder: the entries read, by their folders' content
# In the cache folder: each Markdown text's HTML, each point's place check, as the last run made them.
KEPT_TABLES: tuple[tuple[str, cache.KeptTable], ...] = (("markdown.pickle", prose.CONVERTED),
                                                        ("places.pickle", VERDICTS))
INDEX_ENTRY = "pagefind-entry.json"  # the bundle's entry file: the index's key is recorded on it

# What a build does with the slow outputs: make them (reused when unchanged), leave them out, or carry the
# previous output's over as they are (the preview server's quick builds; they are brought up to date after).
Slow = Literal["make", "skip", "carry"]


@dataclass
class BuildResult:
    pages: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # outputs made anew (the rest were reused)
    reused: int = 0
    context: Context | None = None  # what the pages were rendered from (the preview renders edits from it)


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
               strict: bool = False, jobs: int | None = None, booklets: Slow = "make", index: Slow = "make",
               prepared: Prepared | None = None, kinds: tuple[EntryKind, ...] = KINDS) -> BuildResult:
    """Build the whole site into `output`; on any error (with `strict`, any warning too) raise BuildFailed
    and leave `output` as it was. `jobs` processes render (default: one per core)."""
    result, diags, jobs = BuildResult(), Diagnostics(), workers.default_jobs(jobs)
    output = output.resolve()
    check_output_folder(output)
    with workers.collection_paused():  # the memo's entries and the site are one graph, made in one go
        ready = prepared or prepare(content_dir, templates, base_url, diags, result, jobs,
                                    cache.EntryMemo.stored(cache.cache_folder(output) / ENTRIES), kinds)
    if strict and diags.warnings:
        raise BuildFailed(diags.items)
    result.warnings = diags.warnings
    made = Made(output, cache.load_manifest(output), Manifest(), result)
    with Staging(output) as staging:
        with phase(result, "assets"):
            ctx = Context(ready.site, ready.places, ready.urls, ready.strings,
                          copy_photos(ready.site, ready.urls, staging), copy_assets(templates, staging), content_dir,
                          content_in_repository(content_dir), kinds)
            made.current.site = site_key(ctx, templates, made.prints, booklets)
        result.context = ctx
        with phase(result, "render"):
            render_pages(ready.pages, ctx, templates, staging, made, jobs)
        with phase(result, "index"):
            write_index(ready.pages, staging, made, index, kinds)
        for name, write_family in output_families(kinds):
            with phase(result, name):
                made.family(staging, name, partial(write_family, ctx, ready.pages, staging))
        with phase(result, "booklet"):
            write_booklets(ctx, templates, staging, made, booklets, jobs)
        result.pages = len(ready.pages)
        result.files = sum(len(files) for _, _, files in os.walk(staging.root))
        with phase(result, "write"):
            cache.forget(output)
            staging.commit()
            cache.save_manifest(output, made.current)
    return result


def prepare(content_dir: Path, templates: Path, base_url: str | None, diags: Diagnostics,
            result: BuildResult, jobs: int = 1, memo: cache.EntryMemo | None = None,
            kinds: tuple[EntryKind, ...] = KINDS) -> Prepared:
    """Load and validate every file, then link and plan; collect every problem and abort once per phase."""
    with workers.collection_paused():
        return _prepare(content_dir, templates, base_url, diags, result, jobs, memo, kinds)


def _prepare(content_dir: Path, templates: Path, base_url: str | None, diags: Diagnostics,
             result: BuildResult, jobs: int, memo: cache.EntryMemo | None, kinds: tuple[EntryKind, ...]) -> Prepared:
    prose.warm_up()
    with phase(result, "load"):
        site = content.load_site(content_dir, kinds, diags, memo, jobs)
        strings = load_strings(templates / "i18n", site.config.languages, diags) if site else {}
        if memo is not None:
            memo.save()
    with kept_tables(memo):
        with phase(result, "markdown"):
            if site is not None:
                prose.convert_bodies(prose.bodies_of(site), diags)
            stop_on_errors(diags)
            assert site is not None
        with phase(result, "link"):
            urls = Urls(normalize_base_url(base_url or site.config.base_url), strings, kinds)
            site, places = settle_places(site, diags)
            check_places(site.spaces, diags)
            pages = plan_site(site, places, urls, kinds)
            link.check_references(site, kinds, diags)
            link.check_collisions(pages, diags)
            stop_on_errors(diags)
    return Prepared(site, strings, urls, places, pages)


@contextmanager
def kept_tables(memo: cache.EntryMemo | None) -> Iterator[None]:
    """The results earlier runs kept beside the entries (when they are kept), loaded before and saved after,
    also when the content has errors."""
    folder = memo.path.parent if memo is not None and memo.path is not None else None
    files = [(folder / name, table) for name, table in KEPT_TABLES] if folder else []
    for path, table in files:
        table.load(path)
    try:
        yield
    finally:
        for path, table in files:
            table.save(path)


def check_content(content_dir: Path, templates: Path = TEMPLATES, jobs: int | None = None,
                  cache_dir: Path | None = None, kinds: tuple[EntryKind, ...] = KINDS) -> Diagnostics:
    """Every problem in the content, as a build would find it, writing nothing but (with `cache_dir`) the
    entries it read, for the next check or build."""
    diags = Diagnostics()
    with workers.collection_paused():  # the memo's entries and the site are one graph, made in one go
        memo = cache.EntryMemo.stored(cache_dir / ENTRIES) if cache_dir else None
        try:
            prepare(content_dir, templates, None, diags, BuildResult(), workers.default_jobs(jobs), memo, kinds)
        except BuildFailed:
            pass
    return diags


def stop_on_errors(diags: Diagnostics) -> None:
    if diags.errors:
        raise BuildFailed(diags.items)


# -- outputs made by key, reused when unchanged ----------------------------------------------------------

def site_key(ctx: Context, templates: Path, prints: Fingerprints, booklets: Slow) -> str:
    """The key of everything a build reads: the code, the templates, the render context (the site, its places,
    strings and addresses), the photos' files and (making booklets) the fonts. Equal to the previous build's, every
    output is made as before."""
    photos = [f"{photo.path}:{cache.stat_line(photo.path)}" for space in ctx.site.spaces for photo in space.photos]
    fonts = booklet.font_identity() if booklets == "make" else booklets
    return cache.digest(cache.code_version(), cache.folder_digest(templates), prints.of(ctx), fonts, *photos)


@dataclass
class Made:
    """The previous output and its manifest, and the manifest of the output being built."""

    output: Path
    previous: Manifest
    current: Manifest
    result: BuildResult
    prints: Fingerprints = field(default_factory=Fingerprints)  # the render context's, shared by every page

    def same_site(self) -> bool:
        """Nothing the build reads has changed since the previous build: each output has its previous key."""
        return bool(self.current.site) and self.current.site == self.previous.site

    def known_key(self, path: str) -> str | None:
        """The key `path` had in the previous build, when nothing the build reads has changed since."""
        known = self.previous.outputs.get(path) if self.same_site() else None
        return known[0] if known else None

    def family(self, staging: Staging, name: str, write: Callable[[], None]) -> None:
        """An output family (the feeds, the open data, ...): its previous files when nothing changed, else made."""
        key = cache.digest("family", name, self.current.site)
        files = [path for path, (known, _) in self.previous.outputs.items() if known == key]
        if self.same_site() and files and all(self.previous.reusable(self.output, path, key) for path in files):
            for path in files:
                self.keep(staging, path, key)
            return
        start = len(staging.written)
        write()
        for path in staging.written[start:]:
            self.wrote(staging, path, key)

    def keep(self, staging: Staging, path: str, key: str) -> bool:
        """Link the previous output's `path` into the staging folder when it was made from `key`."""
        if not self.previous.reusable(self.output, path, key):
            return False
        reuse(staging, self.output, path)
        self.current.record(path, key, self.previous.outputs[path][1])
        self.result.reused += 1
        return True

    def wrote(self, staging: Staging, path: str, key: str) -> None:
        self.current.record(path, key, file_stat(staging.root / path) or (0, 0, 0))
        self.result.written.append(path)

    def carry(self, staging: Staging, wanted: Callable[[str], bool], tree: str | None = None) -> None:
        """The previous output's files of one kind as they are, with their old keys, so that a later build
        that makes them sees they are stale (the preview's quick builds)."""
        carried = {path: known for path, known in self.previous.outputs.items()
                   if wanted(path) and file_stat(self.output / path) == tuple(known[1])}
        if tree and carried:
            reuse_tree(staging, self.output, tree)
        for path, (key, stat) in carried.items():
            if not tree:
                reuse(staging, self.output, path)
            self.current.record(path, key, stat)


@dataclass
class RenderJob:
    """What each render worker reads (inherited through fork): the pages, their context and the cache."""

    pages: tuple[PlannedPage, ...]
    ctx: Context
    staging: Staging
    made: Made
    env_templates: Path

    def __post_init__(self) -> None:
        self.prints = self.made.prints
        self.env = make_environment(self.env_templates)
        self.template_digest = TemplateDigests(self.env)
        self.base = cache.digest(cache.code_version())
        for name in sorted({page.template for page in self.pages}):  # compiled once, before the fork
            self.env.get_template(name)
            self.template_digest(name)
        self.prints.of(self.ctx)  # the site's fingerprint, once, before the fork


PageRecord = tuple[str, str, cache.Stat | None]  # output path, key, the written file's stat (None: reused)


def render_pages(pages: tuple[PlannedPage, ...], ctx: Context, templates: Path, staging: Staging, made: Made,
                 jobs: int) -> None:
    """Every page's context, its key, and its HTML where the key is new; in `jobs` processes."""
    job = RenderJob(pages, ctx, staging, made, templates)
    for records in workers.run_all(_render_range, job, workers.chunks(len(pages), jobs), jobs):
        for path, key, stat in records:
            if stat is None:
                made.current.record(path, key, made.previous.outputs[path][1])
                made.result.reused += 1
            else:
                made.current.record(path, key, stat)
                made.result.written.append(path)


def _render_range(job: RenderJob, indexes: range) -> list[PageRecord]:
    return [_render_one(job, job.pages[i]) for i in indexes]


def _render_one(job: RenderJob, page: PlannedPage) -> PageRecord:
    path = Urls.output_file(page.path)
    known = job.made.known_key(path)  # nothing changed: no context to make
    if known and _reused(job, path, known):
        return path, known, None
    context = page_context(page, job.ctx)
    key = cache.digest(job.base, page.template, job.template_digest(page.template), job.prints.of(context))
    if _reused(job, path, key):
        return path, key, None
    job.staging.write(path, render_page(job.env, page.template, context, page.path, page.source))
    return path, key, file_stat(job.staging.root / path)


def _reused(job: RenderJob, path: str, key: str) -> bool:
    if not job.made.previous.reusable(job.made.output, path, key):
        return False
    reuse(job.staging, job.made.output, path)
    return True


def write_index(pages: tuple[PlannedPage, ...], staging: Staging, made: Made, mode: Slow,
                kinds: tuple[EntryKind, ...]) -> None:
    """The search index over the written pages; reused whole when no page it reads has changed."""
    if mode == "skip":
        return
    if mode == "carry":
        made.carry(staging, lambda path: path.startswith(f"{search.BUNDLE}/"), tree=search.BUNDLE)
        return
    entry = f"{search.BUNDLE}/{INDEX_ENTRY}"
    key = cache.combined((path, key) for path, (key, _) in made.current.outputs.items() if path.endswith(".html"))
    if made.previous.reusable(made.output, entry, key):
        reuse_tree(staging, made.output, search.BUNDLE)
        made.current.record(entry, key, made.previous.outputs[entry][1])
        made.result.reused += 1
        return
    search.build_index(staging.root, len(pages), search.expected_counts(pages, kinds))
    made.wrote(staging, entry, key)


def write_booklets(ctx: Context, templates: Path, staging: Staging, made: Made, mode: Slow, jobs: int) -> None:
    """The booklets, each reused when its content, templates and fonts are unchanged."""
    if mode == "carry":
        made.carry(staging, lambda path: path.endswith(".pdf"))
    elif mode == "make":
        booklet.write_booklets(ctx, templates, staging, made.keep, made.wrote, jobs, made.known_key)


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
