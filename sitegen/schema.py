"""From read files to the model, field by field: the one place that knows which fields exist.

Every file's fields are declared once, in declarations.py (`SITE`, `VOCABULARY`, `SPACE`, `THEME`, `LAB`
and the front matter of the Markdown files): each `Field` has a name, a type (fieldtypes.py), whether it is
required and an English description. The readers here read a file through its declaration (`read_fields`) and
turn the values into the model; sitegen/jsonschema.py turns the same declarations into the JSON Schemas that
editors use.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from pathlib import Path
from typing import Any

from . import hours, photos
from .declarations import (
    ENTRY_TEXT,
    LAB,
    LANGUAGES,
    OSM_ATTRIBUTION,
    OSM_TILES,
    PHOTO_LIMIT,
    PHOTO_TYPES,
    SITE,
    SPACE,
    SPACE_TEXT,
    STALE_MONTHS,
    SUMMARY_LIMIT,
    THEME,
    VOCABULARY,
    FileSpec,
    find_field,
)
from .diagnostics import Diagnostics
from .fields import FieldReader, check_slug, is_file_name
from .fieldtypes import Scope, read_fields
from .meetings import read_meetings
from .model import (
    DEFAULT_TIMEZONE,
    Address,
    Animator,
    Contact,
    Geo,
    Lab,
    Licence,
    Link,
    Localized,
    Photo,
    Ref,
    SiteConfig,
    Space,
    Text,
    Theme,
    Vocabulary,
)
from .sources import MarkdownDoc, YamlDoc


def reader(doc: YamlDoc, spec: FileSpec, diags: Diagnostics) -> FieldReader:
    """A FieldReader that explains an empty required field with its declared description."""
    def hint(field_path: str) -> str:
        field = find_field(spec.fields, field_path)
        return f"fill in {field.description}" if field else "fill it in"
    return FieldReader(doc, diags, hint)


# -- site.yaml -------------------------------------------------------------------------

def site_config(doc: YamlDoc, diags: Diagnostics) -> SiteConfig:
    r = reader(doc, SITE, diags)
    r.only("", SITE.names)
    languages = LANGUAGES.read(r, "languages", True, Scope())
    if r.present("languages") and not languages:
        r.error("languages", "'languages' must list at least one language code")
    v = read_fields(r, SITE.fields, "", Scope(languages), known={"languages": languages})
    default = v["default_language"]
    if default and default not in languages:
        r.error("default_language",
                f"'default_language': '{default}' is not one of the languages ({', '.join(languages)})")
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
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
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
        r.error(f"{where}.file",
                f"'{where}.file': '{name}' must be a file in the space's own folder, without '/' or '..'")
        return None
    if Path(name).suffix.lower() not in PHOTO_TYPES:
        r.error(f"{where}.file",
                f"'{where}.file': '{name}' is not a photo type the site accepts ({', '.join(PHOTO_TYPES)})")
        return None
    if (folder / name).is_symlink():  # sources.report_links names the link itself: one problem, one error
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
        r.error("", "the space has no text in any language: "
                    "add nl.md or fr.md with a 'summary', or an inline 'summary'")
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


def lab(slug: str, doc: YamlDoc, texts: tuple[Text, ...], config: SiteConfig, vocab: Vocabulary,
        diags: Diagnostics) -> Lab:
    r = reader(doc, LAB, diags)
    v = read_fields(r, LAB.fields, "", Scope(config.languages, vocab))
    places = tuple(ref for i, _ in enumerate(v["meetings"]) for ref in _refs(r, "space", f"meetings[{i}].place"))
    return Lab(slug=slug, source=doc.path.parent, texts=texts, theme=v["theme"], languages=v["languages"],
               status=v["status"], meets=v["meets"] or None,
               refs=_refs(r, "theme", "theme") + _refs(r, "space", "meets") + places,
               contact=_contact(v["contact"]), timezone=v["timezone"] or DEFAULT_TIMEZONE,
               meetings=read_meetings(r, v["meetings"]), animator=_animator(v["animator"]))


def _animator(fields: dict[str, Any] | None) -> Animator | None:
    if fields is None or not fields["name"]:
        return None
    email, website = fields["contact"]
    return Animator(fields["name"], email, website)
