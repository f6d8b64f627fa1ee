"""The address booklets: per language, one print-ready A5 PDF of the whole directory and one per country
(a member prints the country they travel in), linked from every page and from each country's page.

The booklet's HTML comes from the templates' booklet/ folder (autoescaped, like the site's pages); its layout
(page size, running heads, page numbers, contents and index with page numbers, bookmarks) is booklet.css, laid
out by WeasyPrint. WeasyPrint is imported only where a PDF is made, so `check` and `build --no-booklet` run
without it. The same content gives the same bytes: the PDF's dates are the content's edition date, never the
build's time, and WeasyPrint writes no random file identifier unless asked to. Each booklet's key (its context,
templates, fonts and the code's version) lets an unchanged booklet be reused; the QR codes are kept in the
build cache, since choosing each one's mask is slow.
"""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup

from . import cache, workers
from .cards import Context, country_groups, theme_list
from .diagnostics import BuildFailed, Diagnostic
from .directory import Country
from .i18n import slugify, sort_key
from .model import Space
from .render import make_environment
from .urls import shown
from .write import Staging

TEMPLATE = "booklet/booklet.html"

# DejaVu Sans (Debian's fonts-dejavu-core), found through fontconfig or in the usual font folders, and
# embedded (as subsets) in the PDF.
FONT_FAMILY = "DejaVu Sans"
FONT_FILES = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
FONT_PACKAGE = "fonts-dejavu-core"
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                Path.home() / ".fonts")

# From this many spaces the booklets are made side by side in processes of their own (started afresh, one
# booklet each, so that each booklet's memory is given back when it is done); below it, starting a process
# (about a second, mostly to import WeasyPrint) costs more than it saves.
SIDE_BY_SIDE_FROM = 100


@dataclass(frozen=True)
class Booklet:
    """One PDF: a language's whole directory (country None) or one country's spaces."""

    lang: str
    country: str | None
    path: str


def booklets(ctx: Context) -> list[Booklet]:
    """Every booklet of the site, the largest first (so the pool starts the longest work first)."""
    found = []
    for lang in ctx.site.config.languages:
        found.append(Booklet(lang, None, ctx.urls.booklet(lang)))
        found += [Booklet(lang, country.code, ctx.urls.country_booklet(country, lang)) for country in
                  sorted(ctx.places, key=lambda country: -len(country.spaces))]
    return found


def write_booklets(ctx: Context, templates: Path, staging: Staging, keep: Callable[[Staging, str, str], bool],
                   wrote: Callable[[Staging, str, str], None], jobs: int,
                   known_key: Callable[[str], str | None] = lambda path: None) -> None:
    """Each booklet whose key is new is made (side by side for a large directory); `keep` reuses the others.
    `known_key` gives a booklet's previous key when nothing the build reads has changed (no context to make)."""
    fonts = font_faces()  # a missing font stops the build here, before any work
    base = cache.digest(cache.code_version(), cache.folder_digest(templates / "booklet"),
                        *(face["url"] for face in fonts), *(Path(face["path"]).read_bytes() for face in fonts))
    prints = cache.Fingerprints()
    keyed = [(book, known_key(book.path) or cache.digest(base, prints.of(booklet_context(ctx, book, fonts, lazy=True))))
             for book in booklets(ctx)]
    todo = [(book, key) for book, key in keyed if not keep(staging, book.path, key)]
    if not todo:
        return
    codes = QrCodes(cache.cache_folder(staging.output) / "qr-codes.json")
    side_by_side = len(ctx.site.spaces) >= SIDE_BY_SIDE_FROM and jobs > 1 and len(todo) > 1
    made = make_side_by_side(ctx, templates, [book for book, _ in todo], codes, jobs) if side_by_side else \
        [make_booklet(ctx, templates, book, codes) for book, _ in todo]
    for (book, key), (pdf, new_codes) in zip(todo, made, strict=True):
        staging.write(book.path, pdf)
        wrote(staging, book.path, key)
        codes.known.update(new_codes)
    codes.save()


def make_side_by_side(ctx: Context, templates: Path, todo: list[Booklet], codes: QrCodes,
                      jobs: int) -> list[tuple[bytes, dict[str, str]]]:
    """Each booklet in a process started afresh (spawned, not forked from a build that may run threads),
    given the context once; a process makes one booklet and ends, so its memory is returned."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=spawn, max_tasks_per_child=1,
                             initializer=workers.die_with_parent) as pool:
        done = [pool.submit(make_booklet, ctx, templates, book, codes) for book in todo]
        try:
            return [future.result() for future in done]
        except BuildFailed:
            raise
        except Exception as problem:  # a worker that died (memory) or failed: the build names the booklet
            failed = Diagnostic(TEMPLATE, 0, 0, "booklet", f"a booklet failed: {problem}", "error")
            raise BuildFailed([failed]) from problem


def make_booklet(ctx: Context, templates: Path, book: Booklet, codes: QrCodes) -> tuple[bytes, dict[str, str]]:
    """One booklet: its HTML from the templates, laid out as a PDF; and the QR codes it had to compute."""
    template = make_environment(templates).get_template(TEMPLATE)
    html = template.render(booklet_context(ctx, book, font_faces(), codes=codes))
    return render_pdf(html, templates / "booklet"), codes.new


def render_pdf(html: str, stylesheets: Path) -> bytes:
    """Lay out one booklet and return its PDF. Only local files are read (the stylesheet and the fonts)."""
    from weasyprint import HTML  # imported here only: it is slow to import and needs Pango
    from weasyprint.urls import URLFetcher
    fetcher = URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    pdf = HTML(string=html, base_url=stylesheets.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    return cast(bytes, pdf)  # WeasyPrint has no types; with no target, write_pdf returns the bytes


def font_faces() -> list[dict[str, str]]:
    """The @font-face sources, as file URLs; a missing font stops the build with what to install."""
    found = find_fonts()
    missing = [name for _, name in FONT_FILES if name not in found]
    if missing:
        raise BuildFailed([Diagnostic(FONT_FAMILY, 0, 0, "booklet",
                                      f"the booklet's fonts are missing ({', '.join(missing)}): "
                                      f"install Debian's {FONT_PACKAGE}", "error")])
    return [{"weight": weight, "url": found[name].as_uri(), "path": str(found[name])} for weight, name in FONT_FILES]


def font_identity() -> str:
    """The font files a booklet would use, by path, size and times (build.site_key: new fonts, new booklets)."""
    return "\n".join(f"{path}:{cache.stat_line(path)}" for _, path in sorted(find_fonts().items()))


def find_fonts() -> dict[str, Path]:
    """The font files by name: where fontconfig knows them (fc-list), else in the usual font folders."""
    wanted = {name for _, name in FONT_FILES}
    found: dict[str, Path] = {}
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", "--format", "%{file}\n", FONT_FAMILY], capture_output=True, text=True,
                                check=False).stdout.splitlines()
        found = {Path(line).name: Path(line) for line in sorted(listed) if Path(line).name in wanted}
    for folder in FONT_FOLDERS:
        if wanted - found.keys() and folder.is_dir():
            found.update({path.name: path for path in sorted(folder.rglob("DejaVuSans*.ttf"))
                          if path.name in wanted and path.name not in found})
    return found


def edition_date(spaces: tuple[Space, ...]) -> dt.date | None:
    """A booklet's edition: the newest date among its spaces, when one was checked (`verified`) or added
    (`added`); never the day of the build, so the same content gives the same booklet."""
    dates = [date for space in spaces for date in (space.verified, space.added) if date]
    return max(dates, default=None)


class QrCodes:
    """QR code images by URL, kept in the build cache between builds: segno's choice of a mask is slow and a
    URL's code never changes (segno's version is part of the file)."""

    def __init__(self, path: Path):
        self.path, self.version = path, cache.digest(*(f"{n}={cache._version(n)}" for n in ("segno", "pillow")))
        self.known: dict[str, str] = {}
        self.new: dict[str, str] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.known = data["codes"] if data.get("version") == self.version else {}
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def image(self, url: str) -> Markup:
        """The QR code of `url` as a PNG data URI, one pixel per module and a two-module margin; the stylesheet
        sizes it and keeps its edges sharp (image-rendering: pixelated). Not SVG: WeasyPrint parses every SVG
        path, which made a booklet of 2,000 spaces a quarter slower."""
        uri = self.known.get(url) or self.new.get(url)
        if uri is None:
            import segno  # only where a booklet is made
            uri = self.new[url] = segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=2)
        return Markup(f'<img class="qr" src="{uri}" alt="">')

    def save(self) -> None:
        if not self.new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".part")
        codes = dict(sorted({**self.known, **self.new}.items()))
        temporary.write_text(json.dumps({"version": self.version, "codes": codes}), encoding="utf-8")
        temporary.replace(self.path)


# -- what the template shows ----------------------------------------------------------------

def booklet_context(ctx: Context, book: Booklet, fonts: list[dict[str, str]], codes: QrCodes | None = None,
                    lazy: bool = False) -> dict[str, Any]:
    """What booklet.html shows. With `lazy`, the QR codes are left out (each follows from its URL, which is
    there): the booklet's key is made of this."""
    lang, urls, config = book.lang, ctx.urls, ctx.site.config
    t = ctx.strings[lang]
    places = tuple(country for country in ctx.places if book.country in (None, country.code))
    spaces = tuple(space for country in places for space in country.spaces)
    edition = edition_date(spaces)
    site_title = config.title.get(lang) or ""
    qr = _qr_maker(codes, lazy)
    countries = directory(ctx, places, lang, qr)
    cities = [city for country in countries for city in country["cities"]]
    scope = t.country(book.country) if book.country else ""
    return {
        "lang": lang, "t": t, "fonts": fonts,
        "site_title": site_title, "tagline": config.tagline.get(lang) or "", "scope": scope,
        "title": " – ".join(filter(None, (site_title, t("booklet_title"), scope))), "author": t("booklet_author"),
        "edition": {"text": t.date(edition), "iso": edition.isoformat()} if edition else None,
        "counts": t.join([t("count_spaces", count=len(spaces)), t("count_cities", count=len(cities)),
                          t("count_countries", count=len(countries))]),
        "contact_email": config.contact_email,
        "home": qr_link(urls.absolute(urls.home(lang)), qr),
        "licence": t("footer_licence", licence=config.data_licence.name),
        "countries": countries,
        "themes": [asdict(theme) for theme in theme_list(lang, ctx)],
        "smartlabs": qr_link(urls.absolute(urls.themes(lang)), qr),
        "city_index": sorted(cities, key=lambda city: (sort_key(city["name"]), sort_key(city["country"]))),
        "space_index": sorted((space for city in cities for space in city["spaces"]),
                              key=lambda space: (sort_key(space["title"]), sort_key(space["city"]))),
    }


QrMaker = Callable[[str], Markup]


def _qr_maker(codes: QrCodes | None, lazy: bool) -> QrMaker:
    if lazy:
        return lambda url: Markup("")
    return (codes or QrCodes(Path("/nonexistent/qr-codes.json"))).image


def directory(ctx: Context, places: tuple[Country, ...], lang: str, qr: QrMaker) -> list[dict[str, Any]]:
    """The countries and cities as the site's pages list them (same names, same order), each space's card
    completed with what a printed entry shows, and an id for the contents, the index and the bookmarks."""
    space_at = {ctx.urls.href(ctx.urls.entry(space, lang)): space for country in places for space in country.spaces}
    countries = [asdict(country) for country in country_groups(places, lang, ctx)]
    for country in countries:
        country["id"] = f"country-{country['anchor']}"
        for city in country["cities"]:
            city.update(id=f"city-{slugify(city['href'])}", country=country["name"],
                        head=f"{country['name']} · {city['name']}")
            city["spaces"] = [printed_entry(card, space_at[card["href"]], lang, ctx, qr) for card in city["spaces"]]
        country["head"] = country["cities"][0]["head"]  # a country's first page starts with its first city
    return countries


def printed_entry(card: dict[str, Any], space: Space, lang: str, ctx: Context, qr: QrMaker) -> dict[str, Any]:
    """A space card (name, kind, access, city, summary) with Smart's role, the address, the contact, the
    services as short labels and a QR code of the space's page."""
    contact = space.contact
    return dict(card, id=f"space-{space.slug}",
                role=ctx.site.vocabulary.label("smart_roles", space.smart_role, lang),
                services=[ctx.site.vocabulary.label("services", word, lang) for word in space.services],
                street=space.address.street, postcode=space.address.postcode,
                email=contact.email, phone=contact.phone.replace(" ", "\u00a0"),  # a number is never broken
                website=shown(contact.website),
                page=qr_link(ctx.urls.absolute(ctx.urls.entry(space, lang)), qr))


def qr_link(url: str, qr: QrMaker) -> dict[str, Any]:
    """A web address as printed: the URL, its readable form and its QR code."""
    return {"url": url, "text": shown(url), "qr": qr(url)}


