"""From read files to the model, field by field: the one place that knows which fields exist.

Every file's fields are declared once, in the declarations below (`SITE`, `VOCABULARY`, `SPACE`, `THEME`, `LAB`
and the front matter of the Markdown files): each `Field` has a name, a type, whether it is required, an English
description, its vocabulary group or its own fields. The readers at the end of this module read a file through
its declaration (`read_fields`), and sitegen/jsonschema.py turns the same declarations into the JSON Schemas that
editors use. A new field is one more `Field` here, plus whatever the model makes of it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics
from .fields import FieldReader, check_slug, is_file_name
from .model import (Address, Contact, Geo, Lab, Licence, Link, Localized, Page, Photo, Ref, SiteConfig, Space, Text, Theme,
                    Vocabulary)
from .sources import MarkdownDoc, YamlDoc

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = Link("OpenStreetMap", "https://www.openstreetmap.org/copyright")
REQUIRED_WORDS = {  # the words the code itself relies on; a site may add others to these groups
    "kinds": ("shared-workspace", "third-place"),
    "smart_roles": ("manages", "supports", "uses"),
    "access": ("members", "open"),
    "lab_statuses": ("forming", "active", "closed"),
}
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")
SUMMARY_LIMIT = 160
PHOTO_LIMIT = 1_000_000  # bytes: a larger photo slows every page it is on
STALE_MONTHS = 18        # a 'verified' date older than this is a warning: the facts need checking


# -- the declarations ------------------------------------------------------------------

# Field types: what a value is, how it is read (read_field) and how it is described (jsonschema.py).
TEXT = "text"              # one text
LOCALIZED = "localized"    # one text for every language, or one per language {nl: …, fr: …}
COMPLETE = "complete"      # the same, but every language of the site must have a text
WORD = "word"              # a word of a vocabulary group
WORDS = "words"            # a list of words of a vocabulary group
LABELS = "labels"          # a vocabulary group: word -> labels per language
SLUG = "slug"
SLUGS = "slugs"
EMAIL = "email"
PHONE = "phone"
URL = "url"                # an http(s) web address
COUNTRY = "country"        # an ISO 3166-1 alpha-2 code
LANGUAGE = "language"      # a language code
LANGUAGES = "languages"    # a list of language codes
DATE = "date"
NUMBER = "number"
WHOLE_NUMBER = "whole number"
PHOTO = "photo"            # a photo file's name in the entry's own folder
MAPPING = "mapping"        # nested fields
LIST = "list"              # a list of mappings, each with the nested fields


@dataclass(frozen=True)
class Field:
    """One field of a file. `description` is a phrase in English that completes 'fill in …'."""

    name: str
    type: str
    description: str
    required: bool = False
    group: str = ""                      # WORD, WORDS, LABELS: the vocabulary group
    fields: tuple["Field", ...] = ()     # MAPPING, LIST: the nested fields
    low: float | None = None             # NUMBER, WHOLE_NUMBER: the range
    high: float | None = None
    one_line: bool = False               # TEXT: no line breaks
    numeric: bool = False                # TEXT: may be written as a number (a postcode)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


@dataclass(frozen=True)
class FileSpec:
    """The fields of one kind of file; `schema` names its JSON Schema (sitegen/schemas/<schema>.schema.json)."""

    file: str
    description: str
    fields: tuple[Field, ...]
    schema: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


def _and(words: tuple[str, ...] | list[str], conjunction: str = "and") -> str:
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1] if len(words) > 1 else "".join(words)


def _group(name: str, what: str) -> Field:
    required = REQUIRED_WORDS.get(name, ())
    tail = f"; {_and(required)} are required" if required else "; new words can be added"
    return Field(name, LABELS, f"{what}: each word (a slug) with its label per language{tail}", required=True, group=name)


_EMAIL = Field("email", EMAIL, "an e-mail address, such as info@example.org")
_WEBSITE = Field("website", URL, "a web address that starts with https:// (or http://)")

SITE = FileSpec("site.yaml", "the settings of the site", schema="site", fields=(
    Field("title", COMPLETE, "the site's name, one text per language ({nl: …, fr: …})", required=True),
    Field("tagline", LOCALIZED, "one line under the site's name, one text per language"),
    Field("languages", LANGUAGES, "the site's languages in menu order, as language codes ([nl, fr])", required=True),
    Field("default_language", LANGUAGE, "the language of x-default and of fallbacks: one of the languages",
          required=True),
    Field("base_url", URL, "where the site is published, such as https://smart-coop.github.io/third-places/",
          required=True),
    Field("repository", URL, "the GitHub repository's address, such as https://github.com/smart-coop/third-places",
          required=True),
    Field("contact_email", EMAIL, "the e-mail address visitors write to", required=True),
    Field("data_licence", MAPPING, "the licence of the directory's data: {name, url}", required=True, fields=(
        Field("name", TEXT, "the licence's name, such as CC BY 4.0", required=True),
        Field("url", URL, "the licence's web address", required=True),
    )),
    Field("map", MAPPING, "the map's tiles and their credit: {tiles, attribution}; OpenStreetMap's when absent", fields=(
        Field("tiles", URL, f"the tile server's address with {{z}}, {{x}} and {{y}}, such as {OSM_TILES}"),
        Field("attribution", MAPPING, "whom the tiles are credited to: {label, url}; required with 'tiles'", fields=(
            Field("label", TEXT, "the credit's text, such as OpenStreetMap", required=True, one_line=True),
            Field("url", URL, "the credit's web address", required=True),
        )),
    )),
))

VOCABULARY = FileSpec("vocabulary.yaml", "the controlled words of the directory, with a label per language",
                      schema="vocabulary", fields=(
    _group("kinds", "the kinds of space"),
    _group("smart_roles", "Smart's roles in a space"),
    _group("access", "who may use a space"),
    _group("services", "what a space offers"),
    _group("hosts", "the events a space can host"),
    _group("lab_statuses", "the stages of a SmartLab"),
))

SPACE = FileSpec("space.yaml", "the facts of one space (and, in the one-file form, its texts)", schema="space", fields=(
    Field("name", LOCALIZED, "the space's name: one text, or one per language ({nl: …, fr: …})", required=True),
    Field("kind", WORD, "the kind of space: shared-workspace (a workspace shared by workers) or third-place "
                        "(open to the neighbourhood, with its own programme)", required=True, group="kinds"),
    Field("smart_role", WORD, "Smart's role: manages (Smart runs it), supports (Smart supports the partner who runs "
                              "it) or uses (members use a space run by others)", required=True, group="smart_roles"),
    Field("access", WORD, "who may come in: members (Smart's members) or open (everyone)", required=True,
          group="access"),
    Field("address", MAPPING, "the address: {street, postcode, city, country}", required=True, fields=(
        Field("street", TEXT, "the street and number", one_line=True),
        Field("postcode", TEXT, "the postcode", one_line=True, numeric=True),
        Field("city", LOCALIZED, "the city: one text, or one per language ({nl: Brussel, fr: Bruxelles})",
              required=True),
        Field("country", COUNTRY, "the country, as a two-letter ISO 3166-1 code such as BE or FR", required=True),
    )),
    Field("geo", MAPPING, "the place on the map: {lat, lon} in decimal degrees", fields=(
        Field("lat", NUMBER, "the latitude in decimal degrees, such as 50.8553", required=True, low=-90, high=90),
        Field("lon", NUMBER, "the longitude in decimal degrees, such as 4.336", required=True, low=-180, high=180),
    )),
    Field("services", WORDS, "what the space offers: words of the group 'services' in vocabulary.yaml "
                             "([desks, wifi])", group="services"),
    Field("hosts", WORDS, "the events the space can host: words of the group 'hosts' in vocabulary.yaml "
                          "([concerts, exhibitions])", group="hosts"),
    Field("themes", SLUGS, "the SmartLab themes of the space, as theme slugs ([third-places])"),
    Field("contact", MAPPING, "how to reach the space: {email, phone, website}", fields=(
        _EMAIL,
        Field("phone", PHONE, "a phone number, such as +32 2 123 45 67"),
        _WEBSITE,
    )),
    Field("opening_hours", TEXT, "the opening hours in OpenStreetMap's syntax, such as Mo-Fr 09:00-18:00",
          one_line=True),
    Field("photos", LIST, "photos of the space: a list of {file, alt}", fields=(
        Field("file", PHOTO, f"a photo ({_and(PHOTO_TYPES, 'or')}) in the space's own folder", required=True),
        Field("alt", COMPLETE, "what the photo shows, for those who cannot see it, one text per language", required=True),
    )),
    Field("verified", DATE, "the date the facts were last checked, as YYYY-MM-DD"),
    Field("added", DATE, "the date the space joined the directory, as YYYY-MM-DD (the order of the news feeds)"),
    Field("summary", LOCALIZED, "one line about the space per language ({nl: …, fr: …}), "
                                "for a space without nl.md or fr.md"),
    Field("description", LOCALIZED, "the description in Markdown per language, for a space without nl.md or fr.md"),
))

THEME = FileSpec("theme.yaml", "one SmartLab theme", schema="theme", fields=(
    Field("order", WHOLE_NUMBER, "the theme's place in lists, from 1", low=1, high=99),
))

LAB = FileSpec("lab.yaml", "one SmartLab group", schema="lab", fields=(
    Field("theme", SLUG, "the slug of the group's SmartLab theme", required=True),
    Field("languages", LANGUAGES, "the group's working languages, as language codes ([nl, fr])"),
    Field("status", WORD, "the group's stage: forming, active or closed", required=True, group="lab_statuses"),
    Field("meets", SLUG, "the slug of the space where the group meets"),
    Field("contact", MAPPING, "how to reach the group: {email, website}", fields=(_EMAIL, _WEBSITE)),
))

SPACE_TEXT = FileSpec("<lang>.md of a space", "the front matter of a space's text", fields=(
    Field("summary", TEXT, "one sentence about the space, on one line", required=True, one_line=True),
    Field("name", TEXT, "the space's name in this language, when it differs", one_line=True),
))

ENTRY_TEXT = FileSpec("<lang>.md of a theme, lab or page", "the front matter of a theme's, lab's or page's text",
                      fields=(
    Field("title", TEXT, "the page's title", required=True, one_line=True),
    Field("summary", TEXT, "one line about the page", one_line=True),
    Field("slug", SLUG, "the page's URL slug in this language"),
))

FILES = (SITE, VOCABULARY, SPACE, THEME, LAB, SPACE_TEXT, ENTRY_TEXT)


def find_field(fields: tuple[Field, ...], field_path: str) -> Field | None:
    """The declaration of a field path such as 'photos[1].alt' or 'address.city.nl' (the nearest declared one)."""
    found = None
    for part in re.sub(r"\[\d+\]", "", field_path).split("."):
        field = next((f for f in fields if f.name == part), None)
        if field is None:
            break
        found, fields = field, field.fields
    return found


# -- reading through the declarations --------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What reading a field may need besides the file: the site's languages and its vocabulary."""

    languages: tuple[str, ...] = ()
    vocab: Vocabulary | None = None

    def words(self, group: str) -> tuple[str, ...]:
        return self.vocab.words(group) if self.vocab else ()


def reader(doc: YamlDoc, spec: FileSpec, diags: Diagnostics) -> FieldReader:
    """A FieldReader that explains an empty required field with its declared description."""
    def hint(field_path: str) -> str:
        field = find_field(spec.fields, field_path)
        return f"fill in {field.description}" if field else "fill it in"
    return FieldReader(doc, diags, hint)


def read_fields(r: FieldReader, fields: tuple[Field, ...], prefix: str, scope: Scope,
                known: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every declared field of the mapping at `prefix` ('' for the whole file), by name.

    Unknown fields are reported first, so that a misspelled required field is reported once, as unknown; with
    `known` (fields read already, after that report), they are not reported again."""
    if known is None:
        r.only(prefix, (field.name for field in fields))
    values = dict(known or {})
    for field in fields:
        if field.name not in values:
            values[field.name] = read_field(r, field, f"{prefix}.{field.name}" if prefix else field.name, scope)
    return values


def read_field(r: FieldReader, field: Field, at: str, scope: Scope) -> Any:
    """One field's value, checked for its declared type; a safe empty value after reporting a problem.

    A MAPPING gives a dict of its fields (None when absent), a LIST a list of (path, dict) for its items."""
    kind, required = field.type, field.required
    if required and kind in (PHONE, WORDS, SLUGS, DATE, WHOLE_NUMBER, LIST) and not r.present(at):
        r.missing(at)  # the typed readers of these take no `required`
    if kind == MAPPING:
        return read_fields(r, field.fields, at, scope) if r.mapping(at, required=required) is not None else None
    if kind == LIST:
        return _read_list(r, field, at, scope)
    if kind in (TEXT, PHOTO):
        return r.text(at, required=required, one_line=field.one_line)
    if kind == LOCALIZED:
        return r.localized(at, scope.languages, required=required)
    if kind == COMPLETE:
        return _complete(r, at, scope.languages, required)
    if kind == WORD:
        return r.word(at, scope.words(field.group), field.group, required=required)
    if kind == WORDS:
        return r.words(at, scope.words(field.group), field.group)
    if kind == LABELS:
        return _labels(r, field, at, scope)
    if kind == SLUG:
        return r.slug(at, required=required)
    if kind == SLUGS:
        return r.slugs(at)
    if kind == EMAIL:
        return r.email(at, required=required)
    if kind == PHONE:
        return r.phone(at)
    if kind == URL:
        return r.url(at, required=required)
    if kind == COUNTRY:
        return r.country(at, required=required)
    if kind == LANGUAGE:
        return r.language(at, required=required)
    if kind == LANGUAGES:
        if required and not r.present(at):
            r.missing(at)
        codes = (r.language(f"{at}[{i}]") for i, _ in enumerate(r.items(at)))
        return tuple(dict.fromkeys(code for code in codes if code))
    if kind == DATE:
        return r.date(at)
    if kind == NUMBER:
        return r.number(at, field.low, field.high, required=required)
    if kind == WHOLE_NUMBER:
        return r.whole_number(at, int(field.low), int(field.high))
    raise ValueError(f"field '{field.name}' has an unknown type '{kind}'")


def _read_list(r: FieldReader, field: Field, at: str, scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for i, item in enumerate(r.items(at)):
        where = f"{at}[{i}]"
        if isinstance(item, dict):
            items.append((where, read_fields(r, field.fields, where, scope)))
        else:
            r.error(where, f"'{where}' must be a mapping with {_and([repr(name) for name in field.names])}")
    return items


def _complete(r: FieldReader, field_path: str, languages: tuple[str, ...], required: bool = True) -> Localized:
    """A localized text that must exist in every language of the site."""
    value = r.localized(field_path, languages, required=required)
    if value:
        for lang in languages:
            if not value.get(lang):
                r.error(field_path, f"'{field_path}' has no text in '{lang}'; add '{lang}: …'")
    return value


def _labels(r: FieldReader, field: Field, at: str, scope: Scope) -> tuple[tuple[str, Localized], ...]:
    """A vocabulary group: its words, each a slug with a label in every language."""
    words = r.mapping(at, required=field.required) or {}
    for required in REQUIRED_WORDS.get(field.group, ()):
        if words and required not in words:
            r.error(at, f"vocabulary '{at}' must contain the word '{required}'; add it with its labels", key=True)
    labels = []
    for word in words:
        problem = check_slug(word)
        if problem:
            r.error(f"{at}.{word}", f"vocabulary '{at}': {problem}", key=True)
        labels.append((word, _complete(r, f"{at}.{word}", scope.languages)))
    return tuple(labels)


# -- site.yaml -------------------------------------------------------------------------

def site_config(doc: YamlDoc, diags: Diagnostics) -> SiteConfig:
    r = reader(doc, SITE, diags)
    r.only("", SITE.names)
    languages = read_field(r, find_field(SITE.fields, "languages"), "languages", Scope())
    if r.present("languages") and not languages:
        r.error("languages", "'languages' must list at least one language code")
    v = read_fields(r, SITE.fields, "", Scope(languages), known={"languages": languages})
    default = v["default_language"]
    if default and default not in languages:
        r.error("default_language", f"'default_language': '{default}' is not one of the languages ({', '.join(languages)})")
    licence = v["data_licence"] or {"name": "", "url": ""}
    base_url = v["base_url"]
    return SiteConfig(
        title=v["title"], tagline=v["tagline"], languages=languages,
        default_language=default if default in languages else (languages[0] if languages else "nl"),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        repository=v["repository"], contact_email=v["contact_email"],
        data_licence=Licence(licence["name"], licence["url"]),
        map_tiles=_map_tiles(r, v["map"]), map_attribution=_map_attribution(r, v["map"]),
    )


def _map_tiles(r: FieldReader, map_fields: dict[str, Any] | None) -> str:
    """The tile server: OpenStreetMap's unless site.yaml names another; its URL has {z}, {x} and {y}."""
    tiles = map_fields["tiles"] if map_fields else ""
    if tiles and not all(part in tiles for part in ("{z}", "{x}", "{y}")):
        r.error("map.tiles", "'map.tiles' must contain {z}, {x} and {y}, as in " + OSM_TILES)
        return OSM_TILES
    return tiles or OSM_TILES


def _map_attribution(r: FieldReader, map_fields: dict[str, Any] | None) -> Link:
    """Whom the tiles are credited to: a text and a link (no HTML from data)."""
    attribution = map_fields["attribution"] if map_fields else None
    if attribution is None:
        if r.present("map.tiles"):
            r.error("map", "'map.attribution' is required with 'map.tiles': the tile provider must be credited")
        return OSM_ATTRIBUTION
    return Link(attribution["label"], attribution["url"])


# -- vocabulary.yaml -------------------------------------------------------------------

def vocabulary(doc: YamlDoc, languages: tuple[str, ...], diags: Diagnostics) -> Vocabulary:
    v = read_fields(reader(doc, VOCABULARY, diags), VOCABULARY.fields, "", Scope(languages))
    return Vocabulary(tuple((group, v[group]) for group in VOCABULARY.names))


# -- spaces ----------------------------------------------------------------------------

def space(slug: str, doc: YamlDoc, texts: dict[str, MarkdownDoc], site: SiteConfig, vocab: Vocabulary,
          diags: Diagnostics) -> Space:
    """One space from its space.yaml and its nl.md/fr.md (already read)."""
    r = reader(doc, SPACE, diags)
    v = read_fields(r, SPACE.fields, "", Scope(site.languages, vocab))
    _check_verified(r, v["verified"])
    return Space(
        slug=slug, source=doc.path.parent, texts=_space_texts(r, texts, v, site, diags), name=v["name"],
        kind=v["kind"], smart_role=v["smart_role"], access=v["access"], address=_address(v["address"]),
        geo=_geo(v["geo"]), services=v["services"], hosts=v["hosts"], themes=v["themes"],
        refs=_refs(r, "theme", "themes"), contact=_contact(v["contact"]), opening_hours=v["opening_hours"],
        photos=tuple(photo for where, item in v["photos"] if (photo := _photo(r, where, item))),
        verified=v["verified"], added=v["added"],
    )


def today() -> dt.date:
    """The date warnings that age are measured from: today, or SOURCE_DATE_EPOCH's date when it is set
    (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _check_verified(r: FieldReader, verified: dt.date | None) -> None:
    if verified and verified < months_before(today(), STALE_MONTHS):
        r.warning("verified", f"'verified' is {verified.isoformat()}, more than {STALE_MONTHS} months ago: check the "
                              "facts with the space, then write the date of the check")


def _refs(r: FieldReader, kind: str, field_path: str) -> tuple[Ref, ...]:
    """References to other entries, with their positions, for the link phase to check."""
    value = r.raw(field_path)
    paths = [f"{field_path}[{i}]" for i in range(len(value))] if isinstance(value, list) else [field_path]
    refs = []
    for where in paths:
        slug = r.raw(where)
        if isinstance(slug, str) and check_slug(slug) is None:
            refs.append(Ref(kind, slug, where, r.doc.path, *r.doc.where(where)))
    return tuple(refs)


def _address(fields: dict[str, Any] | None) -> Address:
    if fields is None:
        return Address("", "", Localized(), "")
    return Address(street=fields["street"], postcode=fields["postcode"], city=fields["city"], country=fields["country"])


def _geo(fields: dict[str, Any] | None) -> Geo | None:
    if fields is None or fields["lat"] is None or fields["lon"] is None:
        return None
    return Geo(fields["lat"], fields["lon"])


def _contact(fields: dict[str, Any] | None) -> Contact:
    if fields is None:
        return Contact()
    return Contact(email=fields["email"], phone=fields.get("phone", ""), website=fields["website"])


def _photo(r: FieldReader, where: str, fields: dict[str, Any]) -> Photo | None:
    name = fields["file"]
    if not name:
        return None
    folder = r.doc.path.parent
    if not is_file_name(name):
        r.error(f"{where}.file", f"'{where}.file': '{name}' must be a file in the space's own folder, without '/' or '..'")
        return None
    if Path(name).suffix.lower() not in PHOTO_TYPES:
        r.error(f"{where}.file", f"'{where}.file': '{name}' is not a photo type the site accepts ({', '.join(PHOTO_TYPES)})")
        return None
    if not (folder / name).is_file():
        r.error(f"{where}.file", f"'{where}.file': there is no file '{name}' in {folder.name}/")
        return None
    size = (folder / name).stat().st_size
    if size > PHOTO_LIMIT:
        r.warning(f"{where}.file", f"'{where}.file': '{name}' is {size / 1_000_000:.1f} MB, which slows every page "
                                   f"that shows it; make it smaller than {PHOTO_LIMIT // 1_000_000} MB "
                                   "(1600 pixels wide is plenty)")
    return Photo(name, folder / name, fields["alt"])


def _space_texts(r: FieldReader, files: dict[str, MarkdownDoc], v: dict[str, Any], site: SiteConfig,
                 diags: Diagnostics) -> tuple[Text, ...]:
    """Each language's text, from its .md file or from the inline summary/description, never both."""
    name, inline_summary, inline_body = v["name"], v["summary"], v["description"]
    texts = []
    for lang in site.languages:
        if lang in files:
            for field_name, inline in (("summary", inline_summary), ("description", inline_body)):
                if inline.get(lang):
                    r.error(f"{field_name}.{lang}",
                            f"'{field_name}' in '{lang}' is given twice: inline here and in {lang}.md; keep one")
            texts.append(_space_text_from_file(files[lang], name, lang, diags))
        elif inline_summary.get(lang) or inline_body.get(lang):
            texts.append(_inline_text(r, lang, name, inline_summary, inline_body))
    if not texts and name:
        r.error("", "the space has no text in any language: add nl.md or fr.md with a 'summary', or an inline 'summary'")
    return tuple(texts)


def _inline_text(r: FieldReader, lang: str, name: Localized, summary: Localized, body: Localized) -> Text:
    if not summary.get(lang):
        r.error("summary", f"missing required field 'summary.{lang}' (there is a description in '{lang}')")
    _check_summary(r, f"summary.{lang}", summary.get(lang) or "")
    line = r.doc.where(f"description.{lang}")[0] if body.get(lang) else 1
    return Text(lang, name.get(lang) or name.pick((lang,))[0], summary.get(lang) or "", body.get(lang) or "",
                None, r.doc.path, line)


def _space_text_from_file(doc: MarkdownDoc, name: Localized, lang: str, diags: Diagnostics) -> Text:
    r = reader(doc.front, SPACE_TEXT, diags)
    v = read_fields(r, SPACE_TEXT.fields, "", Scope())
    _check_summary(r, "summary", v["summary"])
    title = v["name"] or name.get(lang) or name.pick((lang,))[0]
    return Text(lang, title, v["summary"], doc.body, None, doc.path, doc.body_line)


def _check_summary(r: FieldReader, field_path: str, summary: str) -> None:
    if len(summary) > SUMMARY_LIMIT:
        r.warning(field_path, f"'{field_path}' is {len(summary)} characters long; keep it under {SUMMARY_LIMIT}")


# -- themes, labs, pages ---------------------------------------------------------------

def entry_text(doc: MarkdownDoc, lang: str, diags: Diagnostics) -> Text:
    """A theme's, lab's or page's text: title, optional summary and URL slug, the body."""
    r = reader(doc.front, ENTRY_TEXT, diags)
    v = read_fields(r, ENTRY_TEXT.fields, "", Scope())
    _check_summary(r, "summary", v["summary"])
    return Text(lang, v["title"], v["summary"], doc.body, v["slug"] or None, doc.path, doc.body_line)


def theme(slug: str, doc: YamlDoc, texts: tuple[Text, ...], diags: Diagnostics) -> Theme:
    v = read_fields(reader(doc, THEME, diags), THEME.fields, "", Scope())
    return Theme(slug=slug, source=doc.path.parent, texts=texts, order=v["order"] or 99)


def lab(slug: str, doc: YamlDoc, texts: tuple[Text, ...], vocab: Vocabulary, diags: Diagnostics) -> Lab:
    r = reader(doc, LAB, diags)
    v = read_fields(r, LAB.fields, "", Scope(vocab=vocab))
    return Lab(slug=slug, source=doc.path.parent, texts=texts, theme=v["theme"], languages=v["languages"],
               status=v["status"], meets=v["meets"] or None, refs=_refs(r, "theme", "theme") + _refs(r, "space", "meets"),
               contact=_contact(v["contact"]))


def page(slug: str, folder: Path, texts: tuple[Text, ...]) -> Page:
    return Page(slug=slug, source=folder, texts=texts)

