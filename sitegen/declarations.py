"""The declarations of the content files' fields: each file's fields written once.

Each `Field` has a name, a type (a class of fieldtypes.py, which reads the value and describes it as JSON
Schema), whether it is required and an English description. schema.py reads every file through these
declarations, and jsonschema.py turns them into the JSON Schemas that editors use. A new field is one more
`Field` here, plus whatever the model makes of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .fieldtypes import (
    Country,
    Date,
    Dates,
    Email,
    EmailOrUrl,
    Field,
    Labels,
    Language,
    Languages,
    ListOf,
    LocalDateTime,
    LocalizedText,
    Mapping,
    Number,
    Phone,
    PhotoFile,
    Place,
    RepeatRule,
    Slug,
    Slugs,
    Text,
    TimeZone,
    Url,
    WholeNumber,
    Word,
    Words,
    and_join,
)
from .model import DEFAULT_TIMEZONE, Link

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
MAX_MEETINGS = 200       # meetings in one series of a lab: more would fill its page and its calendar
MAX_YEARS = 5            # a series of meetings ends within this many years of its first meeting

# The types the declarations below use, named for reading.
TEXT, ONE_LINE, POSTCODE = Text(), Text(one_line=True), Text(one_line=True, numeric=True)
LOCALIZED, COMPLETE = LocalizedText(), LocalizedText(complete=True)
SLUG, SLUGS, EMAIL, PHONE, URL = Slug(), Slugs(), Email(), Phone(), Url()
COUNTRY, LANGUAGE, LANGUAGES, DATE = Country(), Language(), Languages(), Date()


def word(group: str) -> Word:
    return Word(group, REQUIRED_WORDS.get(group, ()))


def words(group: str) -> Words:
    return Words(group, REQUIRED_WORDS.get(group, ()))


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


def _group(name: str, what: str) -> Field:
    required = REQUIRED_WORDS.get(name, ())
    tail = f"; {and_join(required)} are required" if required else "; new words can be added"
    return Field(name, Labels(name, required), f"{what}: each word (a slug) with its label per language{tail}",
                 required=True)


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
    Field("data_licence", Mapping(
        Field("name", TEXT, "the licence's name, such as CC BY 4.0", required=True),
        Field("url", URL, "the licence's web address", required=True),
    ), "the licence of the directory's data: {name, url}", required=True),
    Field("map", Mapping(
        Field("tiles", URL, f"the tile server's address with {{z}}, {{x}} and {{y}}, such as {OSM_TILES}"),
        Field("attribution", Mapping(
            Field("label", ONE_LINE, "the credit's text, such as OpenStreetMap", required=True),
            Field("url", URL, "the credit's web address", required=True),
        ), "whom the tiles are credited to: {label, url}; required with 'tiles'"),
    ), "the map's tiles and their credit: {tiles, attribution}; OpenStreetMap's when absent"),
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
    Field("kind", word("kinds"), "the kind of space: shared-workspace (a workspace shared by workers) or third-place "
                                 "(open to the neighbourhood, with its own programme)", required=True),
    Field("smart_role", word("smart_roles"), "Smart's role: manages (Smart runs it), supports (Smart supports the "
                                             "partner who runs it) or uses (members use a space run by others)",
          required=True),
    Field("access", word("access"), "who may come in: members (Smart's members) or open (everyone)", required=True),
    Field("address", Mapping(
        Field("street", ONE_LINE, "the street and number"),
        Field("postcode", POSTCODE, "the postcode"),
        Field("city", LOCALIZED, "the city: one text, or one per language ({nl: Brussel, fr: Bruxelles})",
              required=True),
        Field("country", COUNTRY, "the country, as a two-letter ISO 3166-1 code such as BE or FR", required=True),
        Field("region", LOCALIZED, "only when two towns of one country share the city's name: the region or "
                                   "department that tells them apart ({nl: …, fr: …} or one text)"),
    ), "the address: {street, postcode, city, country, region}", required=True),
    Field("geo", Mapping(
        Field("lat", Number(-90, 90), "the latitude in decimal degrees, such as 50.8553", required=True),
        Field("lon", Number(-180, 180), "the longitude in decimal degrees, such as 4.336", required=True),
    ), "the place on the map: {lat, lon} in decimal degrees"),
    Field("services", words("services"), "what the space offers: words of the group 'services' in vocabulary.yaml "
                                         "([desks, wifi])"),
    Field("hosts", words("hosts"), "the events the space can host: words of the group 'hosts' in vocabulary.yaml "
                                   "([concerts, exhibitions])"),
    Field("themes", SLUGS, "the SmartLab themes of the space, as theme slugs ([third-places])"),
    Field("contact", Mapping(
        _EMAIL,
        Field("phone", PHONE, "a phone number, such as +32 2 123 45 67"),
        _WEBSITE,
    ), "how to reach the space: {email, phone, website}"),
    Field("opening_hours", ONE_LINE, "the opening hours in OpenStreetMap's syntax, such as Mo-Fr 09:00-18:00"),
    Field("photos", ListOf(
        Field("file", PhotoFile(types=PHOTO_TYPES), f"a photo ({and_join(PHOTO_TYPES, 'or')}) in the space's own "
                                                    "folder", required=True),
        Field("alt", COMPLETE, "what the photo shows, for those who cannot see it, one text per language",
              required=True),
    ), "photos of the space: a list of {file, alt}"),
    Field("verified", DATE, "the date the facts were last checked, as YYYY-MM-DD"),
    Field("added", DATE, "the date the space joined the directory, as YYYY-MM-DD (the order of the news feeds)"),
    Field("summary", LOCALIZED, "one line about the space per language ({nl: …, fr: …}), "
                                "for a space without nl.md or fr.md"),
    Field("description", LOCALIZED, "the description in Markdown per language, for a space without nl.md or fr.md"),
))

THEME = FileSpec("theme.yaml", "one SmartLab theme", schema="theme", fields=(
    Field("order", WholeNumber(1, 99), "the theme's place in lists, from 1"),
))

LAB = FileSpec("lab.yaml", "one SmartLab group", schema="lab", fields=(
    Field("theme", SLUG, "the slug of the group's SmartLab theme", required=True),
    Field("languages", LANGUAGES, "the group's working languages, as language codes ([nl, fr])"),
    Field("status", word("lab_statuses"), "the group's stage: forming, active or closed", required=True),
    Field("meets", SLUG, "the slug of the space where the group meets"),
    Field("contact", Mapping(_EMAIL, _WEBSITE), "how to reach the group: {email, website}"),
    Field("timezone", TimeZone(), f"the time zone of the meetings' times, such as {DEFAULT_TIMEZONE} (the default)"),
    Field("meetings", ListOf(
        Field("start", LocalDateTime(), "when the (first) meeting starts, in the lab's time zone, such as "
                                        "2027-01-14T18:30", required=True),
        Field("end", LocalDateTime(), "when the (first) meeting ends, such as 2027-01-14T20:30", required=True),
        Field("repeat", RepeatRule(), "how the meeting repeats, as an RFC 5545 rule such as FREQ=MONTHLY;BYDAY=2TH "
                                      "(every second Thursday of the month) or FREQ=WEEKLY;INTERVAL=2 (every other "
                                      "week); it needs 'until' or 'count'"),
        Field("until", DATE, "the last day a repeating meeting may take place, as YYYY-MM-DD"),
        Field("count", WholeNumber(1, MAX_MEETINGS), "how many times a repeating meeting takes place"),
        Field("except", Dates(), "the dates a repeating meeting does not take place, as [YYYY-MM-DD, …]"),
        Field("place", Place(), "where: the slug of a space, or {online: https://…} for a meeting online"),
        Field("title", LOCALIZED, "the meeting's name, one text or one per language ({nl: …, fr: …}); the "
                                  "lab's title when absent"),
        Field("note", LOCALIZED, "one line for whoever comes, one text or one per language ({nl: …, fr: …})"),
    ), "the group's meetings: a list of {start, end, repeat, until, count, except, place, title, note}"),
    Field("animator", Mapping(
        Field("name", ONE_LINE, "the animator's name", required=True),
        Field("contact", EmailOrUrl(), "an e-mail address or a web address to reach the animator"),
    ), "who helps the group document its progress: {name, contact}"),
))

SPACE_TEXT = FileSpec("<lang>.md of a space", "the front matter of a space's text", fields=(
    Field("summary", ONE_LINE, "one sentence about the space, on one line", required=True),
    Field("name", ONE_LINE, "the space's name in this language, when it differs"),
))

ENTRY_TEXT = FileSpec("<lang>.md of a theme, lab or page", "the front matter of a theme's, lab's or page's text",
                      fields=(
    Field("title", ONE_LINE, "the page's title", required=True),
    Field("summary", ONE_LINE, "one line about the page"),
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
