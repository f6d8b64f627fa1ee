"""The finder's pages: the spaces list, each country and city, and the map, all one finder (finder.js) over the
same data file (finder.py), each with a paged list that is complete without JavaScript.

Without JavaScript a list page shows LIST_PAGE spaces under their country and city headings, with links to
the other pages; with it, finder.js shows the same first page from the data file, then filters, sorts and pages
it in the browser. A country or city page is the finder limited to that place (its `scope`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any, cast

from .cards import CityGroup, Context, CountryGroup, Link, SpaceCard, city_name, crumbs
from .directory import City, Country
from .entryviews import MapSettings, map_settings
from .finder import Row, rows
from .frame import PageView
from .plan import LIST_PAGE, PlannedPage

# The finder's messages, by the i18n key's part after 'finder_'; plural forms are kept for Intl.PluralRules.
MESSAGES = ("count", "count_of", "show", "none", "more", "open", "closed", "unknown", "maybe", "until", "opens",
            "locating", "located", "location_failed", "near_city", "near_unknown", "area", "remove", "search_area",
            "tiles_failed", "zoom_in", "zoom_out", "locate", "popup_link", "distance_m", "distance_km",
            "clear", "filters_chosen", "show_all", "show_fewer", "loading", "near_label", "open_now", "close")


@dataclass(frozen=True)
class ListedCity:
    name: str
    href: str
    cards: tuple[SpaceCard, ...]


@dataclass(frozen=True)
class ListedCountry:
    name: str
    href: str
    cities: tuple[ListedCity, ...]


@dataclass(frozen=True)
class Pager:
    """Links between the pages of a list: previous, next, and every page by number (the current one unlinked)."""

    number: int
    count: int
    previous: str | None
    next: str | None
    pages: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class FinderView(PageView):
    """A list page: its spaces of this page grouped by country and city, its pager, the places to go to, and the
    finder's settings (a JSON object for the script)."""

    heading: str
    total: int
    listed: tuple[ListedCountry, ...]
    pager: Pager
    places: tuple[CountryGroup, ...] | tuple[CityGroup, ...]
    map: MapSettings
    finder: dict[str, Any]
    view: str
    scope: str
    country_booklet_href: str | None = None  # a country's own printed booklet


def _listed(found: tuple[Row, ...]) -> tuple[ListedCountry, ...]:
    """One page's rows under their country and city, in order."""
    countries = []
    for _, in_country in groupby(found, key=lambda row: row.country):
        rows_here = list(in_country)
        country = rows_here[0].place[0]
        cities = tuple(ListedCity(members[0].place[1].name, members[0].place[1].href, tuple(r.card for r in members))
                       for members in (list(group) for _, group in groupby(rows_here, key=lambda row: row.city)))
        countries.append(ListedCountry(country.name, country.href, cities))
    return tuple(countries)


def _pager(page: PlannedPage, path_of: Callable[[int], str], ctx: Context) -> Pager:
    """The pager: the first and last pages and two on each side of this one, a gap (a link without href) between."""
    def href(number: int) -> str:
        return ctx.urls.href(path_of(number))
    numbers = sorted({1, page.count, *range(max(1, page.number - 2), min(page.count, page.number + 2) + 1)})
    links: list[Link] = []
    for number in numbers:
        if links and int(links[-1].label) != number - 1:
            links.append(Link("…", ""))
        links.append(Link(str(number), href(number)))
    return Pager(page.number, page.count, href(page.number - 1) if page.number > 1 else None,
                 href(page.number + 1) if page.number < page.count else None, tuple(links))


def _scoped(ctx: Context, lang: str, keep: Callable[[Row], bool]) -> tuple[tuple[Row, ...], tuple[CountryGroup, ...]]:
    found, groups = rows(ctx, lang)
    return tuple(row for row in found if keep(row)), groups


def finder_settings(ctx: Context, lang: str, scope: dict[str, str], view: str) -> dict[str, Any]:
    """What finder.js needs: its data, its scope (a country or a city), its messages and the map's settings."""
    t, urls = ctx.strings[lang], ctx.urls
    config = ctx.site.config

    def asset(name: str) -> str:
        return urls.href(urls.asset(name)) + f"?v={ctx.asset_versions.get(name, '')}"
    return {"data": urls.href(urls.finder_data(lang)), "scope": scope, "view": view, "pageSize": LIST_PAGE,
            "mapScript": asset("finder-map.js"),
            "outlines": asset("vendor/world-atlas/countries-110m.json"),
            "leaflet": {"css": [asset("vendor/leaflet/leaflet.css"),
                                asset("vendor/leaflet.markercluster/MarkerCluster.css")],
                        "js": [asset("vendor/leaflet/leaflet.js"),
                               asset("vendor/leaflet.markercluster/leaflet.markercluster.js")]},
            "tiles": config.map_tiles, "credit": {"label": config.map_attribution.label,
                                                   "url": config.map_attribution.url},
            "groups": [{"param": param, "name": t(key)} for param, key in FILTER_GROUPS],
            "messages": {name: t.forms(f"finder_{name}") for name in MESSAGES}}


# The filter groups in the order the sheet shows them: (address parameter, i18n key of the label).
FILTER_GROUPS = (("country", "facet_country"), ("city", "facet_city"), ("kind", "facet_kind"),
                 ("access", "facet_access"), ("role", "facet_role"), ("service", "facet_services"),
                 ("theme", "facet_themes"), ("hosts", "facet_hosts"))


def _finder_view(page: PlannedPage, ctx: Context, found: tuple[Row, ...], groups: tuple[CountryGroup, ...],
                 path_of: Callable[[int], str], scope: dict[str, str], **fields: Any) -> FinderView:
    start = (page.number - 1) * LIST_PAGE
    view = "map" if page.page_type == "map" else "list"
    return FinderView(**fields, total=len(found), listed=_listed(found[start:start + LIST_PAGE]),
                      pager=_pager(page, path_of, ctx), map=map_settings(ctx, page.lang),
                      finder=finder_settings(ctx, page.lang, scope, view), view=view,
                      scope=",".join(f"{key}={value}" for key, value in scope.items()))


def spaces_view(page: PlannedPage, ctx: Context) -> FinderView:
    t, lang = ctx.strings[page.lang], page.lang
    found, groups = _scoped(ctx, lang, lambda row: True)
    return _finder_view(page, ctx, found, groups, lambda n: ctx.urls.spaces(lang, n), {},
                        title=_numbered(t("spaces_title"), page, t), heading=t("spaces_title"),
                        description=t("spaces_intro"), crumbs=crumbs(ctx, lang), places=groups)


def map_view(page: PlannedPage, ctx: Context) -> FinderView:
    t, lang = ctx.strings[page.lang], page.lang
    found, groups = _scoped(ctx, lang, lambda row: True)
    return _finder_view(page, ctx, found, groups, lambda n: ctx.urls.spaces(lang, n), {},
                        title=t("map_title"), heading=t("map_title"), description=t("map_intro"),
                        crumbs=crumbs(ctx, lang), places=groups)


def country_view(page: PlannedPage, ctx: Context) -> FinderView:
    country, lang = cast(Country, page.item), page.lang
    t = ctx.strings[lang]
    name = t.country(country.code)
    found, groups = _scoped(ctx, lang, lambda row: row.space.address.country == country.code)
    here = next(group for group in groups if group.code == country.code)
    return _finder_view(page, ctx, found, groups, lambda n: ctx.urls.country(country, lang, n),
                        {"country": country.code}, title=_numbered(name, page, t), heading=name,
                        description=t("country_intro", count=len(found), country=name), places=here.cities,
                        country_booklet_href=ctx.urls.href(ctx.urls.country_booklet(country, lang)),
                        crumbs=crumbs(ctx, lang, (t("nav_spaces"), ctx.urls.spaces(lang))))


def city_view(page: PlannedPage, ctx: Context) -> FinderView:
    city, lang, urls = cast(City, page.item), page.lang, ctx.urls
    t = ctx.strings[lang]
    country = next(c for c in ctx.places if c.code == city.country)
    name = city_name(city.name, lang)
    members = set(city.spaces)
    found, groups = _scoped(ctx, lang, lambda row: row.space in members)
    return _finder_view(page, ctx, found, groups, lambda n: urls.city(city, lang, n),
                        {"country": city.country, "city": city.slug(lang)}, title=_numbered(name, page, t),
                        heading=name, description=t("city_intro", count=len(found), city=name), places=(),
                        crumbs=crumbs(ctx, lang, (t("nav_spaces"), urls.spaces(lang)),
                                      (t.country(country.code), urls.country(country, lang))))


def _numbered(title: str, page: PlannedPage, t: Any) -> str:
    """A list page's title, with its page number after the first: 'Alle ruimten (pagina 2 van 7)'."""
    return title if page.first else f"{title} ({t('list_page_of', number=page.number, pages=page.count)})"


FINDER_VIEWS: dict[str, Callable[[PlannedPage, Context], PageView]] = {
    "spaces": spaces_view, "country": country_view, "city": city_view, "map": map_view}
