"""The site's table of contents: every page, its type (and so its template), its language, path and alternates."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .directory import Country
from .model import Site
from .urls import Urls


@dataclass(frozen=True)
class PlannedPage:
    page_type: str
    lang: str
    path: str
    alternates: tuple[tuple[str, str], ...]
    item: Any = None
    source: Path | None = None

    @property
    def template(self) -> str:
        return f"{self.page_type}.html"


def plan_site(site: Site, places: tuple[Country, ...], urls: Urls) -> tuple[PlannedPage, ...]:
    """Every page of the site, in a stable order."""
    langs = site.config.languages
    pages = [PlannedPage("language-choice", site.config.default_language, "", _alternates(langs, urls.home)),
             PlannedPage("not-found", site.config.default_language, "404.html", ())]
    pages += _each_language(langs, "home", urls.home)
    pages += _each_language(langs, "spaces", urls.spaces)
    pages += _each_language(langs, "map", urls.map)
    for country in places:
        pages += _each_language(langs, "country", lambda lang, c=country: urls.country(c, lang), country)
        for city in country.cities:
            pages += _each_language(langs, "city", lambda lang, c=city: urls.city(c, lang), city)
    pages += _each_language(langs, "themes", urls.themes)
    pages += _each_language(langs, "search", urls.search)
    pages += _each_language(langs, "add-space", urls.add_space)
    pages += _each_language(langs, "open-data", urls.open_data)
    for page_type, entries in (("space", site.spaces), ("theme", site.themes), ("lab", site.labs), ("page", site.pages)):
        for entry in entries:
            pages += _each_language(langs, page_type, lambda lang, e=entry: urls.entry(e, lang), entry, entry.source)
    return tuple(pages)


def _alternates(langs: tuple[str, ...], path_of: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    return tuple((lang, path_of(lang)) for lang in langs)


def _each_language(langs: tuple[str, ...], page_type: str, path_of: Callable[[str], str], item: Any = None,
                   source: Path | None = None) -> Iterator[PlannedPage]:
    """One page per language for one item; each knows the item's path in every language (its alternates)."""
    alternates = _alternates(langs, path_of)
    for lang, path in alternates:
        yield PlannedPage(page_type, lang, path, alternates, item, source)
