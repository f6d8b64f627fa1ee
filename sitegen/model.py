"""The site's model: typed, frozen records built by schema.py. No I/O here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping


@dataclass(frozen=True)
class Localized:
    """A text given per language, e.g. a city's name, as (language, text) pairs in a fixed order."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, str]) -> "Localized":
        return cls(tuple(sorted(values.items())))

    @classmethod
    def same(cls, text: str, languages: tuple[str, ...]) -> "Localized":
        return cls(tuple((lang, text) for lang in sorted(languages)))

    def get(self, lang: str) -> str | None:
        return dict(self.pairs).get(lang)

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.pairs)

    def pick(self, order: tuple[str, ...]) -> tuple[str, str]:
        """The text in the first language of `order` that has one, as (text, its language)."""
        values = dict(self.pairs)
        for lang in order:
            if values.get(lang):
                return values[lang], lang
        return "", order[0]

    def __bool__(self) -> bool:
        return bool(self.pairs)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    title: Localized
    tagline: Localized
    languages: tuple[str, ...]
    default_language: str
    base_url: str
    repository: str
    contact_email: str
    data_licence: Licence
    map_tiles: str
    map_attribution: Link

    def fallback_order(self, lang: str) -> tuple[str, ...]:
        """The languages to try for a text shown in `lang`: itself, the default, then the rest."""
        rest = tuple(code for code in self.languages if code not in (lang, self.default_language))
        return tuple(dict.fromkeys((lang, self.default_language) + rest))


@dataclass(frozen=True)
class Vocabulary:
    """The controlled words: group -> word -> labels, in the order the file gives them."""

    groups: tuple[tuple[str, tuple[tuple[str, Localized], ...]], ...]

    def words(self, group: str) -> tuple[str, ...]:
        return tuple(word for word, _ in dict(self.groups).get(group, ()))

    def label(self, group: str, word: str, lang: str) -> str:
        labels = dict(dict(self.groups)[group])[word]
        return labels.get(lang) or word


@dataclass(frozen=True)
class Text:
    """One language's prose of an entry: front matter fields and the Markdown body."""

    lang: str
    title: str
    summary: str
    body: str
    slug: str | None
    source: Path
    body_line: int


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: Localized
    country: str
    region: Localized = Localized()  # only to tell apart two towns of one name in one country


@dataclass(frozen=True)
class Geo:
    lat: float
    lon: float


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class Photo:
    file: str
    path: Path
    alt: Localized


@dataclass(frozen=True)
class Ref:
    """A reference from one entry to another by slug, with where it was written (checked by link.py)."""

    kind: str
    slug: str
    field: str
    path: Path
    line: int
    col: int


@dataclass(frozen=True)
class Entry:
    """What spaces, themes, labs and pages share: a slug, a folder and texts per language."""

    slug: str
    source: Path
    texts: tuple[Text, ...]
    refs: tuple[Ref, ...] = ()

    def text(self, lang: str) -> Text | None:
        return next((t for t in self.texts if t.lang == lang), None)

    def text_for(self, order: tuple[str, ...]) -> Text | None:
        """The text in the first language of `order` that has one (the fallback chain)."""
        return next((t for lang in order if (t := self.text(lang))), None)


@dataclass(frozen=True)
class Space(Entry):
    name: Localized = Localized()
    kind: str = ""
    smart_role: str = ""
    access: str = ""
    address: Address = field(default_factory=lambda: Address("", "", Localized(), ""))
    geo: Geo | None = None
    services: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    contact: Contact = Contact()
    opening_hours: str = ""
    photos: tuple[Photo, ...] = ()
    verified: dt.date | None = None
    added: dt.date | None = None
    positions: tuple[tuple[str, int, int], ...] = ()  # (field, line, col) in space.yaml, for later phases' reports

    def position(self, field_path: str) -> tuple[int, int]:
        """Where a field is written in space.yaml, (line, col); (1, 1) when it was not recorded."""
        return next(((line, col) for name, line, col in self.positions if name == field_path), (1, 1))


@dataclass(frozen=True)
class Theme(Entry):
    order: int = 0


@dataclass(frozen=True)
class Lab(Entry):
    theme: str = ""
    languages: tuple[str, ...] = ()
    status: str = ""
    meets: str | None = None
    contact: Contact = Contact()


@dataclass(frozen=True)
class Page(Entry):
    pass


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    vocabulary: Vocabulary
    spaces: tuple[Space, ...]
    themes: tuple[Theme, ...]
    labs: tuple[Lab, ...]
    pages: tuple[Page, ...]

    def entries(self) -> Iterator[Entry]:
        yield from self.spaces
        yield from self.themes
        yield from self.labs
        yield from self.pages

    def space(self, slug: str) -> Space | None:
        return next((s for s in self.spaces if s.slug == slug), None)

    def theme(self, slug: str) -> Theme | None:
        return next((t for t in self.themes if t.slug == slug), None)

    def labs_of_theme(self, slug: str) -> tuple[Lab, ...]:
        return tuple(lab for lab in self.labs if lab.theme == slug)

    def labs_meeting_at(self, slug: str) -> tuple[Lab, ...]:
        return tuple(lab for lab in self.labs if lab.meets == slug)

    def spaces_of_theme(self, slug: str) -> tuple[Space, ...]:
        return tuple(space for space in self.spaces if slug in space.themes)
