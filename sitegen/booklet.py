"""The address booklet: one print-ready A5 PDF per language, built with the site and linked from every page.

The booklet's HTML comes from templates/booklet/ (autoescaped, like the site's pages); its layout (page size,
running heads, page numbers, contents and index with page numbers, bookmarks) is booklet.css, laid out by
WeasyPrint. The same content gives the same bytes: the PDF's dates are the content's edition date, never the
build's time, and WeasyPrint writes no random file identifier unless asked to.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import segno
from markupsafe import Markup

from .diagnostics import BuildFailed, Diagnostic
from .i18n import slugify, sort_key
from .model import Site, Space
from .plan import PlannedPage
from .render import make_environment
from .cards import Context, country_groups, theme_list
from .write import Staging

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
TEMPLATE = "booklet/booklet.html"
STYLESHEET_FOLDER = TEMPLATES / "booklet"

# DejaVu Sans from Debian's fonts-dejavu-core, read from its local files and embedded (as subsets) in the PDF.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
FONT_PACKAGE = "fonts-dejavu-core"

# From this many spaces the booklets are made side by side, each in a process of its own; below it, starting
# a process (about a second, mostly to import WeasyPrint) costs more than it saves.
SIDE_BY_SIDE_FROM = 100


def write_booklets(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    """The booklet in each of the site's languages, at the path urls.booklet gives."""
    font_faces()  # a missing font stops the build here, before any work
    languages = ctx.site.config.languages
    side_by_side = len(ctx.site.spaces) >= SIDE_BY_SIDE_FROM and (os.cpu_count() or 1) > 1
    for lang, pdf in zip(languages, make_booklets(ctx, languages, side_by_side)):
        staging.write(ctx.urls.booklet(lang), pdf)


def make_booklets(ctx: Context, languages: tuple[str, ...], side_by_side: bool) -> list[bytes]:
    """Each language's PDF. WeasyPrint (and the QR codes' mask choice) use one core: for a large directory the
    languages are made at the same time, each in a Python process started afresh (`python -m sitegen.booklet`:
    the context in, the PDF out) rather than forked from the build, whose threads a fork would copy half-way."""
    if not side_by_side:
        return [make_booklet(ctx, lang) for lang in languages]
    with ThreadPoolExecutor(min(len(languages), os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda lang: make_in_process(ctx, lang), languages))


def make_in_process(ctx: Context, lang: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "sitegen.booklet"], input=pickle.dumps((ctx, lang)),
                          capture_output=True, cwd=PROJECT, check=False)
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise BuildFailed([Diagnostic(TEMPLATE, 0, 0, "booklet", f"the {lang} booklet failed: {problem[0]}", "error")])
    return done.stdout


def make_booklet(ctx: Context, lang: str) -> bytes:
    """One language's booklet: its HTML from the templates, laid out as a PDF."""
    template = make_environment(TEMPLATES).get_template(TEMPLATE)
    return render_pdf(template.render(booklet_context(ctx, lang)))


def render_pdf(html: str) -> bytes:
    """Lay out one booklet and return its PDF. Only local files are read (the stylesheet and the fonts).
    WeasyPrint is imported here, not with the module: importing it costs `check` a second it does not need."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher
    fetcher = URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    return HTML(string=html, base_url=STYLESHEET_FOLDER.as_uri() + "/", url_fetcher=fetcher).write_pdf()


def font_faces() -> list[dict[str, str]]:
    """The @font-face sources, as file URLs; a missing font stops the build with what to install."""
    missing = [name for _, name in FONT_FILES if not (FONT_DIR / name).is_file()]
    if missing:
        raise BuildFailed([Diagnostic(FONT_DIR.as_posix(), 0, 0, "booklet",
                                      f"the booklet's fonts are missing ({', '.join(missing)}): "
                                      f"install Debian's {FONT_PACKAGE}", "error")])
    return [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONT_FILES]


def edition_date(site: Site) -> dt.date | None:
    """The booklet's edition: the newest date in the directory, when a space was checked (`verified`) or
    added (`added`); never the day of the build, so the same content gives the same booklet."""
    dates = [date for space in site.spaces for date in (space.verified, space.added) if date]
    return max(dates, default=None)


# -- what the template shows ----------------------------------------------------------------

def booklet_context(ctx: Context, lang: str) -> dict[str, Any]:
    t, urls, config = ctx.strings[lang], ctx.urls, ctx.site.config
    edition = edition_date(ctx.site)
    site_title = config.title.get(lang) or ""
    countries = directory(ctx, lang)
    cities = [city for country in countries for city in country["cities"]]
    return {
        "lang": lang, "t": t, "fonts": font_faces(),
        "site_title": site_title, "tagline": config.tagline.get(lang) or "",
        "title": f"{site_title} – {t('booklet_title')}", "author": t("booklet_author"),
        "edition": {"text": t.date(edition), "iso": edition.isoformat()} if edition else None,
        "counts": t.join([t("count_spaces", count=len(ctx.site.spaces)), t("count_cities", count=len(cities)),
                          t("count_countries", count=len(countries))]),
        "contact_email": config.contact_email,
        "home": qr_link(urls.absolute(urls.home(lang))),
        "licence": t("footer_licence", licence=config.data_licence.name),
        "countries": countries,
        "themes": [asdict(theme) for theme in theme_list(lang, ctx)], "smartlabs": qr_link(urls.absolute(urls.themes(lang))),
        "city_index": sorted(cities, key=lambda city: (sort_key(city["name"]), sort_key(city["country"]))),
        "space_index": sorted((space for city in cities for space in city["spaces"]),
                              key=lambda space: (sort_key(space["title"]), sort_key(space["city"]))),
    }


def directory(ctx: Context, lang: str) -> list[dict[str, Any]]:
    """The countries and cities as the site's pages list them (same names, same order), each space's card
    completed with what a printed entry shows, and an id for the contents, the index and the bookmarks."""
    space_at = {ctx.urls.href(ctx.urls.entry(space, lang)): space for space in ctx.site.spaces}
    countries = [asdict(country) for country in country_groups(ctx.places, lang, ctx)]
    for country in countries:
        country["id"] = f"country-{country['anchor']}"
        for city in country["cities"]:
            city.update(id=f"city-{slugify(city['href'])}", country=country["name"],
                        head=f"{country['name']} · {city['name']}")
            city["spaces"] = [printed_entry(card, space_at[card["href"]], lang, ctx) for card in city["spaces"]]
        country["head"] = country["cities"][0]["head"]  # a country's first page starts with its first city
    return countries


def printed_entry(card: dict[str, Any], space: Space, lang: str, ctx: Context) -> dict[str, Any]:
    """A space card (name, kind, access, city, summary) with Smart's role, the address, the contact, the
    services as short labels and a QR code of the space's page."""
    contact = space.contact
    return dict(card, id=f"space-{space.slug}",
                role=ctx.site.vocabulary.label("smart_roles", space.smart_role, lang),
                services=[ctx.site.vocabulary.label("services", word, lang) for word in space.services],
                street=space.address.street, postcode=space.address.postcode,
                email=contact.email, phone=contact.phone.replace(" ", "\u00a0"),  # a number is never broken
                website=without_scheme(contact.website),
                page=qr_link(ctx.urls.absolute(ctx.urls.entry(space, lang))))


def qr_link(url: str) -> dict[str, Any]:
    """A web address as printed: the URL, its readable form and its QR code."""
    return {"url": url, "text": without_scheme(url), "qr": qr_image(url)}


def qr_image(url: str) -> Markup:
    """The QR code of `url` as a PNG data URI, one pixel per module and a two-module margin; the stylesheet
    sizes it and keeps its edges sharp (image-rendering: pixelated). Not SVG: WeasyPrint parses every SVG
    path, which made a booklet of 2,000 spaces a quarter slower."""
    code = segno.make(url, error="m", micro=False)
    return Markup(f'<img class="qr" src="{code.png_data_uri(scale=1, border=2)}" alt="">')


def without_scheme(url: str) -> str:
    """'https://example.org/a/' -> 'example.org/a'; the site's space pages show websites the same way."""
    return url.split("://", 1)[1].rstrip("/") if "://" in url else url


if __name__ == "__main__":  # the worker of make_in_process: (context, language) pickled on stdin, the PDF on stdout
    sys.stdout.buffer.write(make_booklet(*pickle.load(sys.stdin.buffer)))
