"""The finder's data: every space in one compact file per language, read by templates/assets/finder.js.

Layout (FORMAT below), chosen by measuring at 10,000 spaces (benchmark.py prints the sizes):
- one file per language, `data/finder/<lang>.json`, since a page needs its own language's names only;
- column-wise: one array per field, so gzip sees long runs of alike values;
- words as small numbers: kinds, access, roles, countries and cities are indexes into `groups`, whose
  entries carry the word (the address parameter's value) and its label in that language; services, themes
  and events hosted are bit masks over their group;
- coordinates quantised to 1e-4 degree (11 m or less, far below the 100 m a distance is shown to) and written
  as the difference from the previous located space, in the list's order (country, city, name), so most are
  short numbers;
- opening hours as an index into a table of distinct schedules (hours.schedule), time zones likewise;
- the rows in the order of the list without JavaScript, so the finder's first page is the page already shown;
- one-line summaries, which only map popups show, in chunks of TEXT_CHUNK spaces loaded when a popup opens.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import hours, places
from .cards import CityGroup, Context, CountryGroup, SpaceCard, country_groups
from .model import Space
from .plan import PlannedPage
from .urls import Urls
from .write import Staging

FORMAT = 1
QUANTUM = 10_000  # coordinates in 1e-4 degree
TEXT_CHUNK = 250
MASK_BITS = 30  # a bit mask is one number while a group has no more words than this; else a list of numbers

# The filter groups: (address parameter, vocabulary group or the kind of place, Space attribute, many values).
WORD_GROUPS = (("kind", "kinds", "kind", False), ("access", "access", "access", False),
               ("role", "smart_roles", "smart_role", False), ("service", "services", "services", True),
               ("hosts", "hosts", "hosts", True))


@dataclass(frozen=True)
class Row:
    """One space in the finder's order, with its card in the page's language and where it is in the groups."""

    space: Space
    card: SpaceCard
    country: int
    city: int
    place: tuple[CountryGroup, CityGroup]


def rows(ctx: Context, lang: str) -> tuple[tuple[Row, ...], tuple[CountryGroup, ...]]:
    """The spaces in the order of the list (country, city, name, in `lang`), and the groups they come from."""
    return ctx.memo(("rows", lang), lambda: _rows(ctx, lang))


def _rows(ctx: Context, lang: str) -> tuple[tuple[Row, ...], tuple[CountryGroup, ...]]:
    groups = country_groups(ctx.places, lang, ctx)
    by_href = {space_href(space, lang, ctx.urls): space for space in ctx.site.spaces}
    found, city_index = [], 0
    for country_index, country in enumerate(groups):
        for city in country.cities:
            found += [Row(by_href[card.href], card, country_index, city_index, (country, city)) for card in city.spaces]
            city_index += 1
    return tuple(found), groups


def space_href(space: Space, lang: str, urls: Urls) -> str:
    return urls.href(urls.entry(space, lang))


def finder_data(ctx: Context, lang: str) -> dict[str, Any]:
    """The finder's file for one language (see the module's docstring)."""
    listed, groups = rows(ctx, lang)
    vocab, urls = ctx.site.vocabulary, ctx.urls
    words = {param: vocab.words(group) for param, group, _, _ in WORD_GROUPS}
    themes = [theme.slug for theme in sorted(ctx.site.themes, key=lambda theme: (theme.order, theme.slug))]
    schedules: dict[str, int] = {}
    zones: dict[str, int] = {}
    columns: dict[str, list[Any]] = {name: [] for name in
                                     ("name", "slug", "city", *words, "theme", "lat", "lon", "hours", "zone", "thumb")}
    previous = (0, 0)
    for row in listed:
        space, card = row.space, row.card
        columns["name"].append(card.title)
        columns["slug"].append(card.href.rstrip("/").rsplit("/", 1)[1])
        columns["city"].append(row.city)
        for param, _, attribute, many in WORD_GROUPS:
            value = getattr(space, attribute)
            columns[param].append(_mask(value, words[param]) if many else words[param].index(value))
        columns["theme"].append(_mask(space.themes, themes))
        previous = _place(space, previous, columns)
        columns["hours"].append(_index(schedules, _schedule(space.opening_hours)) if space.opening_hours else -1)
        columns["zone"].append(_index(zones, places.timezone(space.address.country, space.geo) or "UTC"))
        columns["thumb"].append(card.thumb.src.removeprefix(urls.href("thumbs/")) if card.thumb else "")
    return {"format": FORMAT, "count": len(listed), "quantum": QUANTUM, "textChunk": TEXT_CHUNK,
            "pages": urls.href(urls.spaces(lang)), "thumbs": urls.href("thumbs/"),
            "texts": urls.href(urls.finder_texts(lang, 0)).removesuffix("0.json"),
            "groups": _groups(ctx, lang, groups, words, themes),
            "hours": [json.loads(text) for text in schedules], "zones": list(zones), "rows": columns}


def _mask(values: tuple[str, ...], words: tuple[str, ...] | list[str]) -> int | list[int]:
    bits = [words.index(value) for value in values if value in words]
    if len(words) <= MASK_BITS:
        return sum(1 << bit for bit in set(bits))
    chunks = [0] * ((len(words) + MASK_BITS - 1) // MASK_BITS)
    for bit in set(bits):
        chunks[bit // MASK_BITS] |= 1 << (bit % MASK_BITS)
    return chunks


@cache
def _schedule(text: str) -> str:
    """The schedule of an opening-hours text, as JSON: computed once per distinct text (most spaces share a few)."""
    return json.dumps(hours.schedule(text), sort_keys=True)


def _index(table: dict[str, int], key: str) -> int:
    return table.setdefault(key, len(table))


def _place(space: Space, previous: tuple[int, int], columns: dict[str, list[Any]]) -> tuple[int, int]:
    """Append the space's quantised coordinates as differences from the previous located space (null without)."""
    if space.geo is None:
        columns["lat"].append(None)
        columns["lon"].append(None)
        return previous
    point = (round(space.geo.lat * QUANTUM), round(space.geo.lon * QUANTUM))
    columns["lat"].append(point[0] - previous[0])
    columns["lon"].append(point[1] - previous[1])
    return point


def _groups(ctx: Context, lang: str, countries: tuple[CountryGroup, ...], words: dict[str, tuple[str, ...]],
            themes: list[str]) -> dict[str, list[list[Any]]]:
    """Each filter group's values as [address value, label, …]: countries [ISO code, name, page], cities [slug,
    name, country's index, centre's lat and lon (for 'near a city'; null without located spaces), page], words
    [word, label]."""
    cities: list[list[Any]] = []
    for index, country in enumerate(countries):
        cities += [[city.slug, city.name, index, *_centre(city.spaces), city.href] for city in country.cities]
    result: dict[str, list[list[Any]]] = {"country": [[c.code, c.name, c.href] for c in countries], "city": cities}
    for param, group, _, _ in WORD_GROUPS:
        result[param] = [[word, ctx.label(group, word, lang)] for word in words[param]]
    titles = {theme.slug: ctx.text(theme, lang) for theme in ctx.site.themes}
    result["theme"] = [[slug, (text.title if (text := titles[slug]) else slug)] for slug in themes]
    return result


def _centre(cards: tuple[SpaceCard, ...]) -> list[float | None]:
    located = [card for card in cards if card.lat is not None and card.lon is not None]
    if not located:
        return [None, None]
    return [round(sum(c.lat for c in located if c.lat is not None) / len(located), 4),
            round(sum(c.lon for c in located if c.lon is not None) / len(located), 4)]


def texts(ctx: Context, lang: str) -> list[list[str]]:
    """The summaries in the finder's order, in chunks of TEXT_CHUNK."""
    listed, _ = rows(ctx, lang)
    summaries = [row.card.summary for row in listed]
    return [summaries[start:start + TEXT_CHUNK] for start in range(0, len(summaries), TEXT_CHUNK)]


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_finder_data(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    for lang in ctx.site.config.languages:
        staging.write(ctx.urls.finder_data(lang), _dump(finder_data(ctx, lang)))
        for number, chunk in enumerate(texts(ctx, lang)):
            staging.write(ctx.urls.finder_texts(lang, number), _dump(chunk))

