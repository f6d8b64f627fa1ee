"""The only code that turns an item and a language into a path, a URL and its alternates.

A path here is relative to the site's root ('nl/ruimten/lavallee/'); `href` adds the base path
('/repo/nl/ruimten/lavallee/') so links work at any depth, also in 404.html.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .directory import City, Country
from .entrykind import EntryKind, kind_of
from .i18n import Strings, slugify
from .model import Entry, Photo, Space

CALENDAR_FILE = "agenda.ics"


def shown(url: str) -> str:
    """An outgoing address as a page shows it: 'https://example.org/a/' -> 'example.org/a'."""
    return url.split("://", 1)[1].rstrip("/") if "://" in url else url


def normalize_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Urls:
    """Paths and URLs of the site published at `base_url`; `kinds` say in which section each kind's pages are."""

    base_url: str
    strings: dict[str, Strings]
    kinds: tuple[EntryKind, ...]

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    # -- paths of pages ------------------------------------------------------------------

    def section(self, name: str, lang: str) -> str:
        return f"{lang}/{self.strings[lang]('path_' + name)}/"

    def home(self, lang: str) -> str:
        return f"{lang}/"

    def spaces(self, lang: str, number: int = 1) -> str:
        """The list of all spaces (the finder), or page `number` of its list for visitors without JavaScript."""
        return self.paged(self.section("spaces", lang), lang, number)

    def paged(self, first: str, lang: str, number: int) -> str:
        """Page `number` of a paged list whose first page is at `first`: 'nl/ruimten/pagina/2/'."""
        return first if number == 1 else f"{first}{self.strings[lang]('path_page')}/{number}/"

    def themes(self, lang: str) -> str:
        return self.section("themes", lang)

    def map(self, lang: str) -> str:
        return self.section("map", lang)

    def map_data(self) -> str:
        return self.data_file("spaces.geojson")

    def search(self, lang: str) -> str:
        return self.section("search", lang)

    def booklet(self, lang: str) -> str:
        return f"{lang}/{self.strings[lang]('path_booklet')}.pdf"

    def country_booklet(self, country: Country, lang: str) -> str:
        """One country's booklet, beside the whole one: 'nl/adresboekje-belgie.pdf'."""
        return f"{lang}/{self.strings[lang]('path_booklet')}-{slugify(self.strings[lang].country(country.code))}.pdf"

    def search_bundle(self) -> str:
        return "pagefind/"

    def country(self, country: Country, lang: str, number: int = 1) -> str:
        first = self.section("countries", lang) + slugify(self.strings[lang].country(country.code)) + "/"
        return self.paged(first, lang, number)

    def city(self, city: City, lang: str, number: int = 1) -> str:
        country = slugify(self.strings[lang].country(city.country))
        first = self.section("countries", lang) + f"{country}/{city.slug(lang)}/"
        return self.paged(first, lang, number)

    def entry(self, entry: Entry, lang: str) -> str:
        """An entry's page: in its kind's section ('nl/ruimten/lavallee/'), at the language's root for a kind
        without one ('nl/over/'), or below its parent's page for a nested kind; its slug in that language."""
        text = entry.text(lang)
        slug = text.slug if text and text.slug else entry.slug
        section = kind_of(entry, self.kinds).section
        if entry.parent is not None:
            inside = self.entry(entry.parent, lang)
            return inside + (f"{self.strings[lang]('path_' + section)}/" if section else "") + f"{slug}/"
        return (self.section(section, lang) if section else f"{lang}/") + f"{slug}/"

    def agenda(self, lang: str) -> str:
        return self.section("agenda", lang)

    @staticmethod
    def calendar(page: str) -> str:
        """The calendar (.ics) of a page's meetings: a lab's, a theme's, or the agenda's with all labs'."""
        return page + CALENDAR_FILE

    def webcal(self, path: str) -> str:
        """A calendar's address for 'subscribe' links: webcal: makes calendar programs subscribe to it."""
        return "webcal:" + self.absolute(path).split(":", 1)[1]

    def child_feed(self, parent: Entry, section: str, lang: str) -> str:
        """The Atom feed of the entries of a nested kind in one entry (a lab's journal), beside their pages."""
        return self.entry(parent, lang) + f"{self.strings[lang]('path_' + section)}/feed.xml"

    def feed(self, lang: str) -> str:
        return f"{lang}/feed.xml"

    def schema(self, name: str) -> str:
        return f"schemas/{name}"

    def sitemap(self) -> str:
        return "sitemap.xml"

    def data_file(self, name: str) -> str:
        return f"data/{name}"

    def add_space(self, lang: str) -> str:
        return self.section("add", lang)

    def open_data(self, lang: str) -> str:
        return self.section("data", lang)

    def photo(self, space: Space, photo: Photo) -> str:
        return f"media/{space.slug}/{photo.file}"

    def thumbnail(self, space: Space, photo: Photo) -> str:
        """A photo made small for cards and the finder (thumbs.py): a WebP beside no content file."""
        return f"thumbs/{space.slug}/{photo.file}.webp"

    def finder_data(self, lang: str) -> str:
        """The finder's data in one language (finder.py): every space in a compact, column-wise file."""
        return self.data_file(f"finder/{lang}.json")

    def finder_texts(self, lang: str, chunk: int) -> str:
        """One chunk of the spaces' one-line summaries, loaded when a map popup needs it."""
        return self.data_file(f"finder/{lang}-{chunk}.json")

    def map_preview(self) -> str:
        """The home page's small map of the directory's cities (preview.py)."""
        return self.data_file("finder/preview.svg")

    def asset(self, name: str) -> str:
        return f"assets/{name}"

    def asset_href(self, versions: Mapping[str, str], name: str) -> str:
        """An asset's link with a short hash of its content, so browsers fetch it again when it changes."""
        return self.href(self.asset(name)) + f"?v={versions[name]}"

    # -- from paths to links and files -----------------------------------------------------

    def href(self, path: str) -> str:
        """The link to a path, from any page: the base path included, the path percent-encoded (a photo may be
        called 'gevel #1.jpg')."""
        return self.base_path + quote(path, safe="/")

    def absolute(self, path: str) -> str:
        return self.base_url + quote(path, safe="/")

    @staticmethod
    def output_file(path: str) -> str:
        """The file that serves a path: directory paths get index.html."""
        return path + "index.html" if path == "" or path.endswith("/") else path
