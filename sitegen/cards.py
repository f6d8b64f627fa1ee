"""Cards: the typed pieces that pages, feeds, data files and the booklet show of an entry or a place.

A card is a frozen record of what is shown, already in one language: titles picked through the language
fallback, words turned into their labels, links made by urls.py. `Context` is what every card and view may
read. Views (views.py) put cards on pages; the output families (maps, feeds, open data, the booklet) reuse them,
so a space is named and linked the same way everywhere.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from .directory import City, Country
from .entrykind import EntryKind, kind_of
from .i18n import Strings, slugify, sort_key
from .model import DatedEntry, Entry, Lab, Localized, Site, Space, Text
from .thumbs import THUMB_SIZE
from .urls import Urls

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What every view may read: the site, its places, its URLs and strings, and facts about files."""

    site: Site
    places: tuple[Country, ...]
    urls: Urls
    strings: dict[str, Strings]
    photo_sizes: dict[str, tuple[int, int]]
    asset_versions: dict[str, str]
    content_dir: Path
    content_in_repo: str
    kinds: tuple[EntryKind, ...]
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """What `make` returns, made once per key for this build (the directory's groups, per language)."""
        if key not in self.cache:
            self.cache[key] = make()
        return cast(T, self.cache[key])  # the cache holds what each key's `make` returned

    def text(self, entry: Entry, lang: str) -> Text | None:
        """The entry's text shown on a page in `lang`: its own, or the first in the fallback order."""
        return entry.text_for(self.site.config.fallback_order(lang))

    def label(self, group: str, word: str, lang: str) -> str:
        return self.site.vocabulary.label(group, word, lang)

    @cached_property
    def _city_of(self) -> dict[str, City]:
        return {space.slug: city for country in self.places for city in country.cities for space in city.spaces}

    def city_of(self, space: Space) -> City:
        """The city a space is in (looked up, not searched: a directory has thousands of spaces)."""
        return self._city_of[space.slug]


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class EntryLink:
    """An entry as a link: its title (in `lang`, the language it is written in) and one line about it."""

    title: str
    lang: str
    summary: str
    href: str


@dataclass(frozen=True)
class LabLink(EntryLink):
    status: str
    status_word: str


@dataclass(frozen=True)
class ThemeCard(EntryLink):
    labs: tuple[LabLink, ...]


@dataclass(frozen=True)
class PhotoCard:
    src: str
    alt: str
    lang: str
    width: int
    height: int


@dataclass(frozen=True)
class SpaceCard(EntryLink):
    """A space in a list: name, place, kind and access (label and word), its first photo if any and that photo's
    thumbnail (thumbs.py), and its coordinates (None when unknown)."""

    kind: str
    kind_word: str
    access: str
    access_word: str
    city: str
    country: str
    photo: tuple[PhotoCard, ...]
    thumb: PhotoCard | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class CityGroup:
    name: str
    href: str
    count: int
    spaces: tuple[SpaceCard, ...]
    slug: str = ""


@dataclass(frozen=True)
class CountryGroup:
    name: str
    anchor: str
    href: str
    count: int
    cities: tuple[CityGroup, ...]
    code: str = ""


@dataclass(frozen=True)
class ChildLink(EntryLink):
    """An entry inside another (a journal entry in a lab), with its date when it has one."""

    date: str
    iso: str


@dataclass(frozen=True)
class NestedList:
    """The entries of one nested kind inside an entry (a lab's journal): newest first when dated, else by title;
    `feed` is their Atom feed when the kind writes one."""

    kind: str
    heading: str
    items: tuple[ChildLink, ...]
    feed: str | None


def nested_lists(entry: Entry, lang: str, ctx: Context) -> tuple[NestedList, ...]:
    """The lists of the kinds nested in an entry's kind that have entries in it."""
    own = kind_of(entry, ctx.kinds).name
    lists = []
    for kind in (kind for kind in ctx.kinds if kind.parent == own):
        children = ctx.site.children(entry, kind.name)
        if children:
            items = sorted((_child_link(child, lang, ctx) for child in children),
                           key=lambda link: (link.iso, sort_key(link.title)), reverse=True)
            feed = ctx.urls.href(ctx.urls.child_feed(entry, kind.section, lang)) if kind.feed else None
            lists.append(NestedList(kind.name, ctx.strings[lang].get(f"section_{kind.name}", kind.name),
                                    tuple(items), feed))
    return tuple(lists)


def _child_link(entry: Entry, lang: str, ctx: Context) -> ChildLink:
    link = entry_link(entry, lang, ctx)
    day = entry.date if isinstance(entry, DatedEntry) else None
    return ChildLink(link.title, link.lang, link.summary, link.href, ctx.strings[lang].date(day) if day else "",
                     day.isoformat() if day else "")


def entry_link(entry: Entry, lang: str, ctx: Context) -> EntryLink:
    text = ctx.text(entry, lang)
    return EntryLink(entry.title(text, lang), text.lang if text else lang, text.summary if text else "",
                     ctx.urls.href(ctx.urls.entry(entry, lang)))


def lab_link(lab: Lab, lang: str, ctx: Context) -> LabLink:
    link = entry_link(lab, lang, ctx)
    return LabLink(link.title, link.lang, link.summary, link.href, ctx.label("lab_statuses", lab.status, lang),
                   lab.status)


def city_name(name: Localized, lang: str) -> str:
    """A city's name in `lang`, else in the first language it has one."""
    return name.pick((lang,) + name.languages())[0]


def photos(space: Space, lang: str, ctx: Context) -> tuple[PhotoCard, ...]:
    result = []
    for photo in space.photos:
        path = ctx.urls.photo(space, photo)
        width, height = ctx.photo_sizes[path]
        alt, alt_lang = photo.alt.pick(ctx.site.config.fallback_order(lang))
        result.append(PhotoCard(ctx.urls.href(path), alt, alt_lang, width, height))
    return tuple(result)


def space_card(space: Space, lang: str, ctx: Context) -> SpaceCard:
    link = entry_link(space, lang, ctx)
    first = photos(space, lang, ctx)[:1]
    return SpaceCard(link.title, link.lang, link.summary, link.href,
                     kind=ctx.label("kinds", space.kind, lang), kind_word=space.kind,
                     access=ctx.label("access", space.access, lang), access_word=space.access,
                     city=city_name(space.address.city, lang), country=ctx.strings[lang].country(space.address.country),
                     photo=first, thumb=thumbnail(space, first[0], ctx) if first else None,
                     lat=space.geo.lat if space.geo else None, lon=space.geo.lon if space.geo else None)


def thumbnail(space: Space, photo: PhotoCard, ctx: Context) -> PhotoCard:
    width, height = THUMB_SIZE
    return PhotoCard(ctx.urls.href(ctx.urls.thumbnail(space, space.photos[0])), photo.alt, photo.lang, width, height)


def sorted_cards(spaces: tuple[Space, ...], lang: str, ctx: Context) -> tuple[SpaceCard, ...]:
    return tuple(sorted((space_card(s, lang, ctx) for s in spaces), key=lambda card: sort_key(card.title)))


def country_groups(countries: tuple[Country, ...], lang: str, ctx: Context) -> tuple[CountryGroup, ...]:
    """Countries by name in `lang`, each with its cities by name and their spaces by name."""
    t, urls = ctx.strings[lang], ctx.urls
    groups = [CountryGroup(t.country(c.code), slugify(t.country(c.code)), urls.href(urls.country(c, lang)),
                           len(c.spaces), city_groups(c.cities, lang, ctx), c.code) for c in countries]
    return tuple(sorted(groups, key=lambda group: sort_key(group.name)))


def city_groups(cities: tuple[City, ...], lang: str, ctx: Context) -> tuple[CityGroup, ...]:
    groups = [CityGroup(city_name(c.name, lang), ctx.urls.href(ctx.urls.city(c, lang)), len(c.spaces),
                        sorted_cards(c.spaces, lang, ctx), c.slug(lang)) for c in cities]
    return tuple(sorted(groups, key=lambda group: sort_key(group.name)))


def theme_list(lang: str, ctx: Context) -> tuple[ThemeCard, ...]:
    """The themes in their order, each with its labs."""
    themes = sorted(ctx.site.themes, key=lambda theme: (theme.order, theme.slug))
    cards = []
    for theme in themes:
        link = entry_link(theme, lang, ctx)
        labs = tuple(lab_link(lab, lang, ctx) for lab in ctx.site.labs_of_theme(theme.slug))
        cards.append(ThemeCard(link.title, link.lang, link.summary, link.href, labs))
    return tuple(cards)


def crumbs(ctx: Context, lang: str, *trail: tuple[str, str]) -> tuple[Link, ...]:
    """The breadcrumb trail: home, then (label, path) pairs."""
    t, urls = ctx.strings[lang], ctx.urls
    return (Link(t("nav_home"), urls.href(urls.home(lang))),) + tuple(
        Link(label, urls.href(path)) for label, path in trail)
