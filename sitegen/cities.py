"""City identity: which spaces are in one city, what that city is called, and its slug in each language.

Spaces of one country are in the same city when any of the names they give it is the same after folding case,
accents and punctuation ('Liège', 'LIEGE' and 'liège' fold alike), and their `region` does not tell them apart.
A plain name (`city: Namur`) joins a city written per language (`city: {nl: Namen, fr: Namur}`), and the city
keeps the fullest set of names: a name written per language is preferred to a plain one.

What is reported, each at the `city` (or `region`) line of every file involved:
- one city with two different names in one language, both written per language: an error naming the other file
  and the spelling to use;
- a name that differs from the others only by accents, case or punctuation: a warning with the usual spelling;
- a name shared by towns of several regions, written without `region`: an error listing the regions;
- two cities of one country whose slugs would be the same, or a slug longer than MAX_SLUG: an error.

A city's slug in a language is its name there, transliterated into Latin letters by anyascii ('Москва' ->
'moskva'), followed by its region's when it has one ('saint-denis-la-reunion').
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from babel import Locale

from .diagnostics import Diagnostics, display_path
from .fields import MAX_SLUG
from .i18n import slug_of
from .model import Localized, Space

CITY, REGION = "address.city", "address.region"


@functools.lru_cache(maxsize=65536)  # city names repeat across thousands of spaces and every check
def fold(text: str) -> str:
    """A name as compared: without case, accents and punctuation ('Sint-Jans-Molenbeek' ~ 'sint jans molenbeek')."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain.casefold()))


def english_name(lang: str) -> str:
    """'Dutch' for 'nl': the messages are in English."""
    return cast(str, Locale("en").languages.get(lang, lang))  # Babel's locale data is untyped


def english_country(code: str) -> str:
    return cast(str, Locale("en").territories.get(code, code))


@dataclass(frozen=True)
class Written:
    """What one space writes about its city: its names, whether it is one plain name, its folded region."""

    space: Space
    names: Localized
    plain: bool
    region: str

    @property
    def folds(self) -> frozenset[str]:
        return frozenset(fold(text) for _, text in self.names.pairs)

    @property
    def file(self) -> Path:
        return self.space.source / "space.yaml"

    def name(self, lang: str) -> str:
        return self.names.get(lang) or ""


@dataclass(frozen=True)
class Identity:
    """One city as found: its names and region in every language, its slug in every language, its spaces."""

    country: str
    names: Localized
    region: Localized
    slugs: Localized
    members: tuple[Written, ...]


def identify(spaces: tuple[Space, ...], languages: tuple[str, ...], diags: Diagnostics) -> tuple[Identity, ...]:
    """The cities of these spaces, country by country; problems reported as they are found."""
    by_country: dict[str, list[Space]] = {}
    for space in spaces:
        by_country.setdefault(space.address.country, []).append(space)
    found: list[Identity] = []
    for country, members in sorted(by_country.items()):
        cities = [_identity(country, group, languages, diags) for group in _groups(_written(members, diags))]
        found += _check_slugs(cities, languages, diags)
    return tuple(found)


# -- which spaces are one city ----------------------------------------------------------------

def _written(spaces: list[Space], diags: Diagnostics) -> list[Written]:
    """Each space's city, a space without `region` taking the region of the only town of its name that has one."""
    region_of = _region_keys(spaces)
    written = [Written(space, space.address.city, _is_plain(space.address.city),
                       region_of.get(_region_folds(space)[0], "") if _region_folds(space) else "")
               for space in sorted(spaces, key=lambda space: space.slug)]
    regions: dict[str, set[str]] = {}
    for item in written:
        for name in item.folds if item.region else ():
            regions.setdefault(name, set()).add(item.region)
    return [_settle_region(item, regions, written, diags) for item in written]


def _is_plain(names: Localized) -> bool:
    return len({text for _, text in names.pairs}) <= 1


def _region_folds(space: Space) -> list[str]:
    return sorted({fold(text) for _, text in space.address.region.pairs})


def _region_keys(spaces: list[Space]) -> dict[str, str]:
    """Each folded region name -> one key for its region: names written together ({nl: …, fr: …}) are one region."""
    key: dict[str, str] = {}
    for folds in sorted((_region_folds(space) for space in spaces if space.address.region), key=len, reverse=True):
        known = sorted({key[name] for name in folds if name in key})
        target = known[0] if known else folds[0]
        for name in list(key):
            if key[name] in known:
                key[name] = target
        key.update({name: target for name in folds})
    return key


def _settle_region(item: Written, regions: dict[str, set[str]], written: list[Written], diags: Diagnostics) -> Written:
    if item.region:
        return item
    candidates = sorted(set().union(*(regions.get(name, set()) for name in item.folds)))
    if len(candidates) == 1:
        return Written(item.space, item.names, item.plain, candidates[0])
    if candidates:
        _report(diags, item.space, CITY, f"'{CITY}': there are several towns called '{item.names.pairs[0][1]}'"
                                         f" in {english_country(item.space.address.country)}: "
                                         f"{_regions_of(candidates, written)}; "
                                         f"add 'region:' with the one this space is in")
    return item


def _regions_of(regions: list[str], written: list[Written]) -> str:
    examples = []
    for region in regions:
        item = next(w for w in written if w.region == region)
        examples.append(f"'{item.space.address.region.pairs[0][1]}' in {display_path(item.file)}")
    return ", ".join(examples)


def _groups(written: list[Written]) -> list[list[Written]]:
    """Union-find: two spaces with the same region and one name in common are one city."""
    parent = list(range(len(written)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, item in enumerate(written):
        for name in sorted(item.folds):
            parent[root(i)] = root(first.setdefault((item.region, name), i))
    groups: dict[int, list[Written]] = {}
    for i, item in enumerate(written):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())


# -- what the city is called ------------------------------------------------------------------

def _identity(country: str, members: list[Written], languages: tuple[str, ...], diags: Diagnostics) -> Identity:
    _warn_variants(members, languages, diags)
    names = {lang: _name(members, lang, diags) for lang in languages}
    fallback = next((text for text in names.values() if text), "")
    names = {lang: text or fallback for lang, text in names.items()}
    regions = {lang: _preferred([(w.space.address.region.get(lang) or "", _is_plain(w.space.address.region))
                                 for w in members]) for lang in languages}
    slugs = {lang: "-".join(part for part in (slug_of(names[lang]), slug_of(regions[lang])) if part)
             for lang in languages}
    return Identity(country, Localized.of(names), Localized.of({k: v for k, v in regions.items() if v}),
                    Localized.of(slugs), tuple(members))


def _name(members: list[Written], lang: str, diags: Diagnostics) -> str:
    """The city's name in one language; two names written per language for it are a conflict."""
    explicit = [w for w in members if not w.plain and w.name(lang)]
    if len({fold(w.name(lang)) for w in explicit}) > 1:
        _report_conflicts(explicit, lang, _preferred([(w.name(lang), w.plain) for w in members]), diags)
    return _preferred([(w.name(lang), w.plain) for w in members])


def _preferred(written: list[tuple[str, bool]]) -> str:
    """The name to show from what spaces write, as (text, plain): the names written per language if there are any,
    else the plain ones; the name most of them give, in its usual spelling."""
    pool = [text for text, plain in written if text and not plain] or [text for text, _ in written if text]
    if not pool:
        return ""
    counts = Counter(fold(text) for text in pool)
    chosen = min(counts, key=lambda name: (-counts[name], name))
    return _spelling([text for text, _ in written if text and fold(text) == chosen])


def _spelling(texts: list[str]) -> str:
    """The usual spelling of one name: the most written; on a tie the one with accents, then capitals."""
    counts = Counter(text for text in texts if text)
    if not counts:
        return ""
    return min(counts, key=lambda text: (-counts[text], -sum(not c.isascii() for c in text),
                                          -sum(c.isupper() for c in text), text))


def _warn_variants(members: list[Written], languages: tuple[str, ...], diags: Diagnostics) -> None:
    """A name spelt differently only by accents, case or punctuation: a warning (once per file) with the usual
    spelling."""
    messages: dict[Space, str] = {}
    for lang in languages:
        by_fold: dict[str, list[Written]] = {}
        for item in (w for w in members if w.name(lang)):
            by_fold.setdefault(fold(item.name(lang)), []).append(item)
        for items in by_fold.values():
            usual = _spelling([w.name(lang) for w in items])
            model = next(w for w in items if w.name(lang) == usual)
            for item in (w for w in items if w.name(lang) != usual):
                messages.setdefault(item.space, f"'{CITY}': '{item.name(lang)}' is written '{usual}' in "
                                                f"{display_path(model.file)}; write it the same way, accents and "
                                                "capitals included")
    for space, message in messages.items():
        _report(diags, space, CITY, message, warning=True)


def _report_conflicts(pool: list[Written], lang: str, spelling: str, diags: Diagnostics) -> None:
    """One city, two names in one language: an error in each file, naming another file that writes it otherwise."""
    for item in pool:
        other = next(w for w in pool if fold(w.name(lang)) != fold(item.name(lang)))
        shared = _shared_name(item, other)
        also = f" (both call it '{shared[1]}' in {english_name(shared[0])})" if shared else ""
        _report(diags, item.space, CITY, f"'{CITY}': one city with two {english_name(lang)} names: "
                                         f"'{item.name(lang)}' here, '{other.name(lang)}' in {display_path(other.file)}"
                                         f"{also}; write '{spelling}' in both, or correct the name that joins them "
                                         "if they are two cities")


def _shared_name(one: Written, other: Written) -> tuple[str, str] | None:
    return next(((lang, text) for lang, text in one.names.pairs if fold(text) == fold(other.name(lang))), None)


# -- slugs ------------------------------------------------------------------------------------

def _check_slugs(cities: list[Identity], languages: tuple[str, ...], diags: Diagnostics) -> list[Identity]:
    """Every city has a slug in every language, short enough, and no other city of its country has it. A city
    whose slug is taken is reported, and given another (the build stops before it is published)."""
    for city in cities:
        _check_slug(city, languages, diags)
    result: list[Identity] = []
    for number, city in enumerate(cities):
        slugs, met = dict(city.slugs.pairs), set()
        for lang, slug in city.slugs.pairs:
            other = next((c for c in result if c.slugs.get(lang) == slug), None)
            if other is not None and slug:
                if id(other) not in met:
                    _report_same_slug(city, other, lang, slug, diags)
                met.add(id(other))
                slugs[lang] = f"{slug}-{number}"
        result.append(replace(city, slugs=Localized.of(slugs)))
    return result


def _check_slug(city: Identity, languages: tuple[str, ...], diags: Diagnostics) -> None:
    name = city.names.get(languages[0]) or ""
    if not name:
        return  # no city at all: reported where the address is read
    if not all(slug_of(city.names.get(lang) or "") for lang in languages):
        _report(diags, city.members[0].space, CITY, f"'{CITY}': '{name}' has no letter or digit to make the city's "
                                                    "web address from; write the city's name")
    longest = max(len(city.slugs.get(lang) or "") for lang in languages)
    if longest > MAX_SLUG:
        long_name = any(len(slug_of(city.names.get(lang) or "")) > MAX_SLUG for lang in languages)
        field = CITY if long_name else REGION
        for item in city.members:
            _report(diags, item.space, field, f"'{field}': the city's slug would be {longest} characters long, "
                                              f"more than {MAX_SLUG}; write the usual, short name")


def _report_same_slug(city: Identity, other: Identity, lang: str, slug: str, diags: Diagnostics) -> None:
    for one, two in ((city, other), (other, city)):
        _report(diags, one.members[0].space, CITY,
                f"'{CITY}': '{one.names.get(lang)}' and '{two.names.get(lang)}' "
                f"({display_path(two.members[0].file)}) are two cities whose slug would be '{slug}'; if they are one "
                "city, write the same name in both, else add 'region:' to tell them apart")


def _report(diags: Diagnostics, space: Space, field: str, message: str, warning: bool = False) -> None:
    line, col = space.position(field)
    (diags.warning if warning else diags.error)(space.source / "space.yaml", line, col, field, message)
