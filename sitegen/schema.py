"""From read files to the model, field by field: the one place that knows which fields exist.

Every file's fields are declared once, in declarations.py (`SITE`, `VOCABULARY`, `SPACE`, `THEME`, `LAB`
and the front matter of the Markdown files): each `Field` has a name, a type, whether it is required, an English
description, its vocabulary group or its own fields. The readers at the end of this module read a file through
its declaration (`read_fields`), and sitegen/jsonschema.py turns the same declarations into the JSON Schemas that
editors use. A new field is one more `Field` here, plus whatever the model makes of it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import hours, photos
from .diagnostics import Diagnostics
from .fields import FieldReader, check_slug, is_file_name
from .model import (Address, Contact, Geo, Lab, Licence, Link, Localized, Page, Photo, Ref, SiteConfig, Space, Text, Theme,
                    Vocabulary)
from .sources import MarkdownDoc, YamlDoc
from .declarations import (COMPLETE, COUNTRY, DATE, EMAIL, ENTRY_TEXT, Field, FileSpec, LAB, LABELS, LANGUAGE,
                           LANGUAGES, LIST, LOCALIZED, MAPPING, NUMBER, OSM_ATTRIBUTION, OSM_TILES, PHONE, PHOTO,
                           PHOTO_LIMIT, PHOTO_TYPES, REQUIRED_WORDS, SITE, SLUG, SLUGS, SPACE, SPACE_TEXT,
                           STALE_MONTHS, SUMMARY_LIMIT, TEXT, THEME, URL, VOCABULARY, WHOLE_NUMBER, WORD, WORDS,
                           and_join, find_field)

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
            r.error(where, f"'{where}' must be a mapping with {and_join([repr(name) for name in field.names])}")
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
    v["opening_hours"] = hours.check_field(r, "opening_hours")
    _check_verified(r, v["verified"])
    return Space(
        slug=slug, source=doc.path.parent, texts=_space_texts(r, texts, v, site, diags), name=v["name"],
        kind=v["kind"], smart_role=v["smart_role"], access=v["access"], address=_address(v["address"]),
        geo=_geo(v["geo"]), services=v["services"], hosts=v["hosts"], themes=v["themes"],
        refs=_refs(r, "theme", "themes"), contact=_contact(v["contact"]), opening_hours=v["opening_hours"],
        photos=tuple(photo for where, item in v["photos"] if (photo := _photo(r, where, item))),
        verified=v["verified"], added=v["added"], positions=_positions(r, POSITIONS),
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
    return Address(street=fields["street"], postcode=fields["postcode"], city=fields["city"], country=fields["country"],
                   region=fields["region"])


POSITIONS = ("address.city", "address.region", "geo")  # fields that later phases report on


def _positions(r: FieldReader, field_paths: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Where each field is: its value when it is on the key's line, else the key (`city:` above its languages)."""
    found = []
    for field_path in (f for f in field_paths if r.present(f)):
        key, value = r.doc.where(field_path, key=True), r.doc.where(field_path)
        found.append((field_path, *(value if value[0] == key[0] else key)))
    return tuple(found)


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
    unusable = photos.problem(folder / name)
    if unusable:
        r.error(f"{where}.file", f"'{where}.file': '{name}' {unusable}")
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

