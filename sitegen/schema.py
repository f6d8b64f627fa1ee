"""From read files to the model, field by field: the one place that knows which fields exist."""
from __future__ import annotations

from pathlib import Path
from .diagnostics import Diagnostics
from .fields import FieldReader, check_slug, is_file_name
from .model import (Address, Contact, Geo, Lab, Licence, Link, Localized, Page, Photo, Ref, SiteConfig, Space, Text, Theme,
                    Vocabulary)
from .sources import MarkdownDoc, YamlDoc

SITE_FIELDS = ("title", "tagline", "languages", "default_language", "base_url", "repository", "contact_email",
               "data_licence", "map")
MAP_FIELDS = ("tiles", "attribution")
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = Link("OpenStreetMap", "https://www.openstreetmap.org/copyright")
VOCABULARY_GROUPS = ("kinds", "smart_roles", "access", "services", "hosts", "lab_statuses")
REQUIRED_WORDS = {
    "kinds": ("shared-workspace", "third-place"),
    "smart_roles": ("manages", "supports", "uses"),
    "access": ("members", "open"),
    "lab_statuses": ("forming", "active", "closed"),
}
SPACE_FIELDS = ("name", "kind", "smart_role", "access", "address", "geo", "services", "hosts", "themes", "contact",
                "opening_hours", "photos", "verified", "added", "summary", "description")
ADDRESS_FIELDS = ("street", "postcode", "city", "country")
CONTACT_FIELDS = ("email", "phone", "website")
THEME_FIELDS = ("order",)
LAB_FIELDS = ("theme", "languages", "status", "meets", "contact")
LAB_CONTACT_FIELDS = ("email", "website")
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")
SPACE_FRONT_MATTER = ("summary", "name")
ENTRY_FRONT_MATTER = ("title", "summary", "slug")
SUMMARY_LIMIT = 160


# -- site.yaml -------------------------------------------------------------------------

def site_config(doc: YamlDoc, diags: Diagnostics) -> SiteConfig:
    r = FieldReader(doc, diags)
    r.only("", SITE_FIELDS)
    languages = _site_languages(r)
    default = r.text("default_language", required=True)
    if default and default not in languages:
        r.error("default_language", f"'default_language': '{default}' is not one of the languages ({', '.join(languages)})")
    r.only("data_licence", ("name", "url"))
    r.mapping("data_licence", required=True)
    base_url = r.url("base_url", required=True)
    return SiteConfig(
        title=_complete(r, "title", languages),
        tagline=r.localized("tagline", languages),
        languages=languages,
        default_language=default if default in languages else (languages[0] if languages else "nl"),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        repository=r.url("repository", required=True),
        contact_email=r.email("contact_email", required=True),
        data_licence=Licence(r.text("data_licence.name", required=True), r.url("data_licence.url", required=True)),
        map_tiles=_map_tiles(r), map_attribution=_map_attribution(r),
    )


def _map_tiles(r: FieldReader) -> str:
    """The tile server: OpenStreetMap's unless site.yaml names another; its URL has {z}, {x} and {y}."""
    r.mapping("map")
    r.only("map", MAP_FIELDS)
    tiles = r.url("map.tiles")
    if tiles and not all(part in tiles for part in ("{z}", "{x}", "{y}")):
        r.error("map.tiles", "'map.tiles' must contain {z}, {x} and {y}, as in " + OSM_TILES)
        return OSM_TILES
    return tiles or OSM_TILES


def _map_attribution(r: FieldReader) -> Link:
    """Whom the tiles are credited to: a text and a link (no HTML from data)."""
    if r.mapping("map.attribution") is None:
        if r.present("map.tiles"):
            r.error("map", "'map.attribution' is required with 'map.tiles': the tile provider must be credited")
        return OSM_ATTRIBUTION
    r.only("map.attribution", ("label", "url"))
    return Link(r.text("map.attribution.label", required=True, one_line=True), r.url("map.attribution.url", required=True))


def _site_languages(r: FieldReader) -> tuple[str, ...]:
    if not r.present("languages"):
        r.missing("languages")
    codes = [r.language(f"languages[{i}]") for i, _ in enumerate(r.items("languages"))]
    if r.present("languages") and not any(codes):
        r.error("languages", "'languages' must list at least one language code")
    return tuple(dict.fromkeys(code for code in codes if code))


def _complete(r: FieldReader, field_path: str, languages: tuple[str, ...]) -> Localized:
    """A localized text that must exist in every language of the site."""
    value = r.localized(field_path, languages, required=True)
    if value:
        for lang in languages:
            if not value.get(lang):
                r.error(field_path, f"'{field_path}' has no text in '{lang}'; add '{lang}: …'")
    return value


# -- vocabulary.yaml -------------------------------------------------------------------

def vocabulary(doc: YamlDoc, languages: tuple[str, ...], diags: Diagnostics) -> Vocabulary:
    r = FieldReader(doc, diags)
    r.only("", VOCABULARY_GROUPS)
    groups = []
    for group in VOCABULARY_GROUPS:
        words = r.mapping(group, required=True) or {}
        for required in REQUIRED_WORDS.get(group, ()):
            if words and required not in words:
                r.error(group, f"vocabulary '{group}' must contain the word '{required}'; add it with its labels",
                        key=True)
        groups.append((group, tuple(_vocabulary_word(r, group, word, languages) for word in words)))
    return Vocabulary(tuple(groups))


def _vocabulary_word(r: FieldReader, group: str, word: str, languages: tuple[str, ...]) -> tuple[str, Localized]:
    problem = check_slug(word)
    if problem:
        r.error(f"{group}.{word}", f"vocabulary '{group}': {problem}", key=True)
    return word, _complete(r, f"{group}.{word}", languages)


# -- spaces ----------------------------------------------------------------------------

def space(slug: str, doc: YamlDoc, texts: dict[str, MarkdownDoc], site: SiteConfig, vocab: Vocabulary,
          diags: Diagnostics) -> Space:
    """One space from its space.yaml and its nl.md/fr.md (already read)."""
    r = FieldReader(doc, diags)
    r.only("", SPACE_FIELDS)
    langs = site.languages
    name = r.localized("name", langs, required=True)
    return Space(
        slug=slug, source=doc.path.parent, texts=_space_texts(r, texts, name, site, diags), name=name,
        kind=r.word("kind", vocab.words("kinds"), "kinds", required=True),
        smart_role=r.word("smart_role", vocab.words("smart_roles"), "smart_roles", required=True),
        access=r.word("access", vocab.words("access"), "access", required=True),
        address=_address(r, langs), geo=_geo(r),
        services=r.words("services", vocab.words("services"), "services"),
        hosts=r.words("hosts", vocab.words("hosts"), "hosts"),
        themes=r.slugs("themes"), refs=_refs(r, "theme", "themes"), contact=_contact(r, "contact", CONTACT_FIELDS),
        opening_hours=r.text("opening_hours", one_line=True), photos=_photos(r, langs),
        verified=r.date("verified"), added=r.date("added"),
    )


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


def _address(r: FieldReader, langs: tuple[str, ...]) -> Address:
    if r.mapping("address", required=True) is None:
        return Address("", "", Localized(), "")
    r.only("address", ADDRESS_FIELDS)
    return Address(street=r.text("address.street", one_line=True), postcode=r.text("address.postcode", one_line=True),
                   city=r.localized("address.city", langs, required=True), country=r.country("address.country"))


def _geo(r: FieldReader) -> Geo | None:
    if r.mapping("geo") is None:
        return None
    r.only("geo", ("lat", "lon"))
    lat = r.number("geo.lat", -90, 90, required=True)
    lon = r.number("geo.lon", -180, 180, required=True)
    return Geo(lat, lon) if lat is not None and lon is not None else None


def _contact(r: FieldReader, field_path: str, allowed: tuple[str, ...]) -> Contact:
    if r.mapping(field_path) is None:
        return Contact()
    r.only(field_path, allowed)
    phone = r.phone(f"{field_path}.phone") if "phone" in allowed else ""
    return Contact(email=r.email(f"{field_path}.email"), phone=phone, website=r.url(f"{field_path}.website"))


def _photos(r: FieldReader, langs: tuple[str, ...]) -> tuple[Photo, ...]:
    photos = []
    for i, item in enumerate(r.items("photos")):
        where = f"photos[{i}]"
        if not isinstance(item, dict):
            r.error(where, f"'{where}' must be a mapping with 'file' and 'alt'")
            continue
        r.only(where, ("file", "alt"))
        photo = _photo(r, where, langs)
        if photo:
            photos.append(photo)
    return tuple(photos)


def _photo(r: FieldReader, where: str, langs: tuple[str, ...]) -> Photo | None:
    name = r.text(f"{where}.file", required=True)
    alt = _complete(r, f"{where}.alt", langs)
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
    return Photo(name, folder / name, alt)


def _space_texts(r: FieldReader, files: dict[str, MarkdownDoc], name: Localized, site: SiteConfig,
                 diags: Diagnostics) -> tuple[Text, ...]:
    """Each language's text, from its .md file or from the inline summary/description, never both."""
    inline_summary = r.localized("summary", site.languages)
    inline_body = r.localized("description", site.languages)
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
    r = FieldReader(doc.front, diags)
    r.only("", SPACE_FRONT_MATTER)
    summary = r.text("summary", required=True, one_line=True)
    _check_summary(r, "summary", summary)
    title = r.text("name", one_line=True) or name.get(lang) or name.pick((lang,))[0]
    return Text(lang, title, summary, doc.body, None, doc.path, doc.body_line)


def _check_summary(r: FieldReader, field_path: str, summary: str) -> None:
    if len(summary) > SUMMARY_LIMIT:
        r.warning(field_path, f"'{field_path}' is {len(summary)} characters long; keep it under {SUMMARY_LIMIT}")


# -- themes, labs, pages ---------------------------------------------------------------

def entry_text(doc: MarkdownDoc, lang: str, diags: Diagnostics) -> Text:
    """A theme's, lab's or page's text: title, optional summary and URL slug, the body."""
    r = FieldReader(doc.front, diags)
    r.only("", ENTRY_FRONT_MATTER)
    summary = r.text("summary", one_line=True)
    _check_summary(r, "summary", summary)
    return Text(lang, r.text("title", required=True, one_line=True), summary, doc.body, r.slug("slug") or None,
                doc.path, doc.body_line)


def theme(slug: str, doc: YamlDoc, texts: tuple[Text, ...], diags: Diagnostics) -> Theme:
    r = FieldReader(doc, diags)
    r.only("", THEME_FIELDS)
    return Theme(slug=slug, source=doc.path.parent, texts=texts, order=r.whole_number("order", 1, 99) or 99)


def lab(slug: str, doc: YamlDoc, texts: tuple[Text, ...], vocab: Vocabulary, diags: Diagnostics) -> Lab:
    r = FieldReader(doc, diags)
    r.only("", LAB_FIELDS)
    languages = tuple(code for i, _ in enumerate(r.items("languages")) if (code := r.language(f"languages[{i}]")))
    return Lab(slug=slug, source=doc.path.parent, texts=texts, theme=r.slug("theme", required=True),
               languages=languages,
               status=r.word("status", vocab.words("lab_statuses"), "lab_statuses", required=True),
               meets=r.slug("meets") or None, refs=_refs(r, "theme", "theme") + _refs(r, "space", "meets"), contact=_contact(r, "contact", LAB_CONTACT_FIELDS))


def page(slug: str, folder: Path, texts: tuple[Text, ...]) -> Page:
    return Page(slug=slug, source=folder, texts=texts)
