"""The site's model: typed, frozen records built by schema.py. No I/O here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import cast


@dataclass(frozen=True)
class Localized:
    """A text given per language, e.g. a city's name, as (language, text) pairs in a fixed order."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, str]) -> Localized:
        return cls(tuple(sorted(values.items())))

    @classmethod
    def same(cls, text: str, languages: tuple[str, ...]) -> Localized:
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


@dataclass(frozen=True, eq=False)
class Entry:
    """What every entry shares: a slug, a folder and texts per language. Entries compare by identity: each is
    one folder of the content.

    `parent` is the entry whose folder holds this one (the lab of a journal entry), for nested kinds."""

    slug: str
    source: Path
    texts: tuple[Text, ...]
    refs: tuple[Ref, ...] = ()
    parent: Entry | None = None

    def text(self, lang: str) -> Text | None:
        return next((t for t in self.texts if t.lang == lang), None)

    def text_for(self, order: tuple[str, ...]) -> Text | None:
        """The text in the first language of `order` that has one (the fallback chain)."""
        return next((t for lang in order if (t := self.text(lang))), None)

    def title(self, text: Text | None, lang: str) -> str:
        """The entry's title on a page in `lang`, from the text shown there (None: no text at all)."""
        return text.title if text else self.slug

    def title_lang(self, text: Text, lang: str) -> str:
        """The language the title is written in, for its `lang` attribute."""
        return text.lang


@dataclass(frozen=True, eq=False)
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

    def title(self, text: Text | None, lang: str) -> str:
        """A space is called by its name: in the page's language, else in the first language it has one; the
        text's own title (its front matter `name`) when the text is in the page's language."""
        if text and text.lang == lang:
            return text.title
        return self.name.pick((lang,) + self.name.languages())[0]

    def title_lang(self, text: Text, lang: str) -> str:
        return lang  # a name is shown as written, in any language's page


@dataclass(frozen=True, eq=False)
class Theme(Entry):
    order: int = 0


DEFAULT_TIMEZONE = "Europe/Brussels"


@dataclass(frozen=True)
class Meeting:
    """A lab's meeting, or series of meetings: local times in the lab's time zone; `repeat` an RFC 5545 rule
    (without UNTIL and COUNT, which are `until` and `count`); `cancelled` dates of the series that do not take
    place. It takes place at a space (`space`, a slug) or online (`online`, an https address), or is not said."""

    start: dt.datetime
    end: dt.datetime
    repeat: str = ""
    until: dt.date | None = None
    count: int | None = None
    cancelled: tuple[dt.date, ...] = ()
    space: str = ""
    online: str = ""
    title: Localized = Localized()
    note: Localized = Localized()


@dataclass(frozen=True)
class Animator:
    """Who helps a lab document its progress: a name, and an e-mail or web address to reach them."""

    name: str
    email: str = ""
    website: str = ""


@dataclass(frozen=True, eq=False)
class Lab(Entry):
    theme: str = ""
    languages: tuple[str, ...] = ()
    status: str = ""
    meets: str | None = None
    contact: Contact = Contact()
    timezone: str = DEFAULT_TIMEZONE
    meetings: tuple[Meeting, ...] = ()
    animator: Animator | None = None


@dataclass(frozen=True, eq=False)
class Page(Entry):
    pass


@dataclass(frozen=True, eq=False)
class DatedEntry(Entry):
    """An entry of a given day, its folder named <YYYY-MM-DD>-<slug> (the date, then a slug)."""

    date: dt.date = dt.date(1970, 1, 1)


@dataclass(frozen=True, eq=False)
class JournalEntry(DatedEntry):
    """A dated entry of a lab's journal: progress, what was decided, budget asked and granted."""


@dataclass(frozen=True)
class Site:
    """The whole content: settings, words, and the entries of each kind (by kind name, in the kinds' order)."""

    config: SiteConfig
    vocabulary: Vocabulary
    by_kind: tuple[tuple[str, tuple[Entry, ...]], ...]

    def of(self, kind: str) -> tuple[Entry, ...]:
        return dict(self.by_kind).get(kind, ())

    def entries(self) -> Iterator[Entry]:
        for _, entries in self.by_kind:
            yield from entries

    def replacing(self, kind: str, entries: tuple[Entry, ...]) -> Site:
        """The same site with the entries of one kind replaced (a later phase settling their facts)."""
        return replace(self, by_kind=tuple((name, entries if name == kind else old) for name, old in self.by_kind))

    @property
    def spaces(self) -> tuple[Space, ...]:
        return cast("tuple[Space, ...]", self.of("space"))

    @property
    def themes(self) -> tuple[Theme, ...]:
        return cast("tuple[Theme, ...]", self.of("theme"))

    @property
    def labs(self) -> tuple[Lab, ...]:
        return cast("tuple[Lab, ...]", self.of("lab"))

    @property
    def pages(self) -> tuple[Page, ...]:
        return cast("tuple[Page, ...]", self.of("page"))

    @cached_property
    def _by_slug(self) -> dict[tuple[str, str], Entry]:
        return {(kind, entry.slug): entry for kind, entries in self.by_kind for entry in entries
                if entry.parent is None}

    def entry(self, kind: str, slug: str) -> Entry | None:
        """A top-level entry by kind and slug."""
        return self._by_slug.get((kind, slug))

    def space(self, slug: str) -> Space | None:
        return cast("Space | None", self.entry("space", slug))

    def theme(self, slug: str) -> Theme | None:
        return cast("Theme | None", self.entry("theme", slug))

    def children(self, parent: Entry, kind: str) -> tuple[Entry, ...]:
        """The entries of a nested kind that sit in `parent`'s folder."""
        return tuple(entry for entry in self.of(kind) if entry.parent is parent)

    def labs_of_theme(self, slug: str) -> tuple[Lab, ...]:
        return tuple(lab for lab in self.labs if lab.theme == slug)

    def labs_meeting_at(self, slug: str) -> tuple[Lab, ...]:
        return tuple(lab for lab in self.labs if lab.meets == slug)

    def spaces_of_theme(self, slug: str) -> tuple[Space, ...]:
        return tuple(space for space in self.spaces if slug in space.themes)
