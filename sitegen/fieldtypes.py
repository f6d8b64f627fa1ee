"""Field types: each reads one kind of value from a YAML document and describes it as a JSON Schema.

A declaration (declarations.py) gives every field a name, one of these types and a description. Reading a file
(schema.py) and writing its JSON Schema (jsonschema.py) both ask the field's type, so the reader and the schema
cannot drift apart, and a new type is one class here. `read` reports what is wrong through the FieldReader (at
file, line, column and field) and returns a safe empty value; `schema` gives the JSON Schema of a value.
"""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateutil.rrule import rrulestr

from .diagnostics import did_you_mean
from .fields import EMAIL_RE, PHONE_RE, SLUG_RE, FieldReader, check_slug, describe
from .model import Localized, Vocabulary

LANGUAGE_CODE = "^[a-z]{2,3}$"
# The languages the README documents, offered first by completion; any other language code is allowed too.
DOCUMENTED_LANGUAGES = {"nl": "The text in Dutch.", "fr": "The text in French."}
ONE_LINE = r"^\s*[^\n]*\s*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Schema = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """What reading a field may need besides the file: the site's languages and its vocabulary."""

    languages: tuple[str, ...] = ()
    vocab: Vocabulary | None = None

    def words(self, group: str) -> tuple[str, ...]:
        return self.vocab.words(group) if self.vocab else ()


@dataclass(frozen=True)
class Field:
    """One field of a file. `description` is a phrase in English that completes 'fill in …'."""

    name: str
    type: FieldType
    description: str
    required: bool = False

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.type.fields

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def read(self, r: FieldReader, at: str, scope: Scope) -> Any:
        return self.type.read(r, at, self.required, scope)

    def schema(self) -> Schema:
        """The field's schema: its description, then what its value may be."""
        return {"description": sentence(self.description), **self.type.schema(self.required)}


class FieldType:
    """What a field's value is. Subclasses read it (`read`) and describe it (`schema`)."""

    fields: tuple[Field, ...] = ()  # the nested fields of a mapping, or of each item of a list

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> Any:
        raise NotImplementedError

    def schema(self, required: bool) -> Schema:
        raise NotImplementedError


def _require(r: FieldReader, at: str, required: bool) -> None:
    """For the readers that take no `required`: a required field that is absent or empty is reported."""
    if required and not r.present(at):
        r.missing(at)


# -- text ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text(FieldType):
    """One text; `numeric`: may be written as a number (a postcode)."""

    one_line: bool = False
    numeric: bool = False

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.text(at, required=required, one_line=self.one_line)

    def schema(self, required: bool) -> Schema:
        return text_schema(self.one_line, required, self.numeric)


@dataclass(frozen=True)
class PhotoFile(Text):
    """A photo file's name in the entry's own folder, of one of `types` ('.jpg', …)."""

    types: tuple[str, ...] = ()

    def schema(self, required: bool) -> Schema:
        suffixes = "|".join(any_case(suffix[1:]) for suffix in self.types)
        return pattern(rf"^[^/\\]+\.({suffixes})$", ["photo.jpg"])


@dataclass(frozen=True)
class LocalizedText(FieldType):
    """One text for every language, or one per language ({nl: …, fr: …}); `complete`: every language of the
    site must have its text."""

    complete: bool = False

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> Localized:
        value = r.localized(at, scope.languages, required=required)
        if self.complete and value:
            for lang in scope.languages:
                if not value.get(lang):
                    r.error(at, f"'{at}' has no text in '{lang}'; add '{lang}: …'")
        return value

    def schema(self, required: bool) -> Schema:
        per_language: Schema = {"type": "object",
                                "properties": {lang: {"description": text, "type": "string"}
                                               for lang, text in DOCUMENTED_LANGUAGES.items()},
                                "patternProperties": {LANGUAGE_CODE: {"type": "string"}},
                                "additionalProperties": False}
        if required:
            per_language["minProperties"] = 1
        return {"anyOf": [text_schema(False, required), per_language]}


# -- controlled words ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Grouped(FieldType):
    """A type about a vocabulary group; `fixed` are the group's words the code relies on."""

    group: str
    fixed: tuple[str, ...] = ()

    def word_schema(self) -> Schema:
        return {"type": "string", "enum": list(self.fixed)} if self.fixed else pattern(SLUG_RE.pattern)


class Word(_Grouped):
    """A word of a vocabulary group (the schema lists the fixed words, when the group has them)."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.word(at, scope.words(self.group), self.group, required=required)

    def schema(self, required: bool) -> Schema:
        return self.word_schema()


class Words(_Grouped):
    """A list of words of a vocabulary group."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[str, ...]:
        _require(r, at, required)
        return r.words(at, scope.words(self.group), self.group)

    def schema(self, required: bool) -> Schema:
        return {"type": "array", "items": self.word_schema()}


class Labels(_Grouped):
    """A vocabulary group: its words, each a slug with a label in every language; `fixed` words must be there."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[tuple[str, Localized], ...]:
        words = r.mapping(at, required=required) or {}
        for word in self.fixed:
            if words and word not in words:
                r.error(at, f"vocabulary '{at}' must contain the word '{word}'; add it with its labels", key=True)
        labels = []
        for word in words:
            problem = check_slug(word)
            if problem:
                r.error(f"{at}.{word}", f"vocabulary '{at}': {problem}", key=True)
            labels.append((word, LocalizedText(complete=True).read(r, f"{at}.{word}", True, scope)))
        return tuple(labels)

    def schema(self, required: bool) -> Schema:
        result: Schema = {"type": "object", "propertyNames": {"pattern": SLUG_RE.pattern},
                          "additionalProperties": LocalizedText().schema(True)}
        if self.fixed:
            result["required"] = list(self.fixed)
        return result


# -- codes and addresses -------------------------------------------------------------------

class Slug(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.slug(at, required=required)

    def schema(self, required: bool) -> Schema:
        return pattern(SLUG_RE.pattern)


class Slugs(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[str, ...]:
        _require(r, at, required)
        return r.slugs(at)

    def schema(self, required: bool) -> Schema:
        return {"type": "array", "items": pattern(SLUG_RE.pattern)}


class Email(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.email(at, required=required)

    def schema(self, required: bool) -> Schema:
        return pattern(optional_prefix("mailto:") + EMAIL_RE.pattern[1:], ["info@example.org"])


class Phone(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        _require(r, at, required)
        return r.phone(at)

    def schema(self, required: bool) -> Schema:
        return pattern(optional_prefix("tel:") + PHONE_RE.pattern[1:], ["+32 2 123 45 67"])


class EmailOrUrl(FieldType):
    """An e-mail address or an http(s) web address, read as (e-mail, web address)."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[str, str]:
        value = r.raw(at)
        if isinstance(value, str) and "://" in value:
            return "", r.url(at, required=required)
        return r.email(at, required=required), ""

    def schema(self, required: bool) -> Schema:
        return {"anyOf": [Email().schema(required), Url().schema(required)]}


class Url(FieldType):
    """An http(s) web address."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.url(at, required=required)

    def schema(self, required: bool) -> Schema:
        return pattern(r"^" + any_case("http") + r"[sS]?://[^\s/?#]+[^\s]*$", ["https://www.example.org/"])


class HttpsUrl(Url):
    """An https web address (read as any web address; the caller refuses http)."""

    def schema(self, required: bool) -> Schema:
        return pattern(r"^" + any_case("https") + r"://[^\s/?#]+[^\s]*$", ["https://meet.example.org/our-lab"])


class Country(FieldType):
    """An ISO 3166-1 alpha-2 code."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.country(at, required=required)

    def schema(self, required: bool) -> Schema:
        return pattern("^[A-Z]{2}$", ["BE", "FR", "NL", "LU", "DE"])


class Language(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        return r.language(at, required=required)

    def schema(self, required: bool) -> Schema:
        return pattern(LANGUAGE_CODE, ["nl", "fr"])


class Languages(FieldType):
    """A list of language codes, each given once."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[str, ...]:
        _require(r, at, required)
        codes = (r.language(f"{at}[{i}]") for i, _ in enumerate(r.items(at)))
        return tuple(dict.fromkeys(code for code in codes if code))

    def schema(self, required: bool) -> Schema:
        return {"type": "array", "items": pattern(LANGUAGE_CODE), **({"minItems": 1} if required else {}),
                "examples": [["nl", "fr"]]}


# -- dates and numbers ---------------------------------------------------------------------

class Date(FieldType):
    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> Any:
        _require(r, at, required)
        return r.date(at)

    def schema(self, required: bool) -> Schema:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2026-05-01"]}


@dataclass(frozen=True)
class Number(FieldType):
    low: float
    high: float

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> float | None:
        return r.number(at, self.low, self.high, required=required)

    def schema(self, required: bool) -> Schema:
        return {"type": "number", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True)
class WholeNumber(FieldType):
    low: int
    high: int

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> int | None:
        _require(r, at, required)
        return r.whole_number(at, self.low, self.high)

    def schema(self, required: bool) -> Schema:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


# -- nested fields -------------------------------------------------------------------------

class _Nested(FieldType):
    def __init__(self, *fields: Field):
        self.fields = fields


class Mapping(_Nested):
    """Nested fields: read as a dict by field name, or None when the mapping is absent."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> dict[str, Any] | None:
        return read_fields(r, self.fields, at, scope) if r.mapping(at, required=required) is not None else None

    def schema(self, required: bool) -> Schema:
        return object_schema(self.fields)


class ListOf(_Nested):
    """A list of mappings, each with the nested fields: read as (the item's field path, its fields) pairs."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> list[tuple[str, dict[str, Any]]]:
        _require(r, at, required)
        items = []
        for i, item in enumerate(r.items(at)):
            where = f"{at}[{i}]"
            if isinstance(item, dict):
                items.append((where, read_fields(r, self.fields, where, scope)))
            else:
                names = and_join([repr(field.name) for field in self.fields])
                r.error(where, f"'{where}' must be a mapping with {names}")
        return items

    def schema(self, required: bool) -> Schema:
        return {"type": "array", "items": object_schema(self.fields)}


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
            values[field.name] = field.read(r, f"{prefix}.{field.name}" if prefix else field.name, scope)
    return values


# -- JSON Schema pieces --------------------------------------------------------------------

def object_schema(fields: tuple[Field, ...]) -> Schema:
    result: Schema = {"type": "object", "properties": {field.name: field.schema() for field in fields}}
    required = [field.name for field in fields if field.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def text_schema(one_line: bool, required: bool, numeric: bool = False) -> Schema:
    result: Schema = {"type": ["string", "number"] if numeric else "string"}
    if required:
        result["minLength"] = 1
    if one_line:
        result["pattern"] = ONE_LINE
    return result


def pattern(regex: str, examples: list[Any] | None = None) -> Schema:
    result: Schema = {"type": "string", "pattern": regex}
    if examples:
        result["examples"] = examples
    return result


def any_case(word: str) -> str:
    """'jpg' -> '[jJ][pP][gG]': JSON Schema patterns have no flag for case."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def optional_prefix(prefix: str) -> str:
    return f"^(?:{any_case(prefix)})?"


def sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + ("" if phrase.endswith(".") else ".")


def and_join(words: tuple[str, ...] | list[str], conjunction: str = "and") -> str:
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1] if len(words) > 1 else "".join(words)


# -- meetings ------------------------------------------------------------------------------

LOCAL_TIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
_LOCAL_TIME_RE = re.compile(LOCAL_TIME_PATTERN)


class LocalDateTime(FieldType):
    """A date and a time of day without a time zone ('2027-01-14T18:30'), read in the zone of the entry."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> dt.datetime | None:
        _require(r, at, required)
        value = r.raw(at) if r.present(at) else None
        if value is None:
            return None
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            return value.replace(second=0, microsecond=0)
        if isinstance(value, str) and _LOCAL_TIME_RE.match(value.strip()):
            try:
                return dt.datetime.fromisoformat(value.strip().replace(" ", "T")).replace(second=0)
            except ValueError as err:
                r.error(at, f"'{at}': '{value}' is not a real date and time ({err})")
                return None
        if isinstance(value, dt.datetime):
            r.error(at, f"'{at}' must be a local time without a time zone, such as 2027-01-14T18:30: "
                        "the lab's 'timezone' says where it is")
            return None
        r.error(at, f"'{at}' must be a date and a time written as 2027-01-14T18:30, not {describe(value)}")
        return None

    def schema(self, required: bool) -> Schema:
        return pattern(LOCAL_TIME_PATTERN, ["2027-01-14T18:30"])


class TimeZone(FieldType):
    """A time zone of the IANA database ('Europe/Brussels')."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        value = r.text(at, required=required, one_line=True)
        if value and value not in time_zones():
            hint = did_you_mean(value, time_zones())
            r.error(at, f"'{at}': '{value}' is not a time zone such as Europe/Brussels or Europe/Paris{hint}")
            return ""
        return value

    def schema(self, required: bool) -> Schema:
        return pattern(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", ["Europe/Brussels", "Europe/Paris", "Europe/Amsterdam"])


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class Dates(FieldType):
    """A list of dates (YYYY-MM-DD)."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[dt.date, ...]:
        _require(r, at, required)
        dates = (r.date(f"{at}[{i}]") for i, _ in enumerate(r.items(at)))
        return tuple(sorted(set(day for day in dates if day)))

    def schema(self, required: bool) -> Schema:
        return {"type": "array", "items": Date().schema(True)}


# The parts of an RFC 5545 RRULE that `repeat` may hold. UNTIL and COUNT are fields of their own (until, count);
# BYHOUR, BYMINUTE and BYSECOND would make several meetings a day, whose time 'start' alone gives.
RULE_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYWEEKNO", "BYYEARDAY", "WKST")
RULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
OWN_FIELDS = {"UNTIL": "until", "COUNT": "count", "DTSTART": "start"}


class RepeatRule(FieldType):
    """How a meeting repeats: an RFC 5545 recurrence rule without UNTIL and COUNT ('FREQ=MONTHLY;BYDAY=2TH')."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> str:
        value = r.text(at, required=required, one_line=True)
        if not value:
            return ""
        problem = rule_problem(value.upper())
        if problem:
            r.error(at, f"'{at}': '{value}' is not a repetition rule: {problem}")
            return ""
        return value.upper()

    def schema(self, required: bool) -> Schema:
        freq = "|".join(RULE_FREQUENCIES)
        part = "(" + "|".join(name for name in RULE_PARTS if name != "FREQ") + ")=[A-Za-z0-9,+-]+"
        return pattern(f"^(FREQ=({freq})(;{part})*|({part};)+FREQ=({freq})(;{part})*)$",
                       ["FREQ=MONTHLY;BYDAY=2TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"])


def rule_problem(rule: str) -> str | None:
    """Why a rule is not one `repeat` accepts, in words for the volunteer; None when it is fine."""
    parts = [part.partition("=") for part in rule.split(";") if part.strip()]
    for name, equals, value in parts:
        if name in OWN_FIELDS:
            return f"write {name} as the meeting's own field '{OWN_FIELDS[name]}', not inside 'repeat'"
        if name not in RULE_PARTS or not equals or not value:
            return (f"'{name}{equals}{value}' is not a part such as FREQ=MONTHLY or BYDAY=2TH"
                    + did_you_mean(name, RULE_PARTS))
    freq = [value for name, _, value in parts if name == "FREQ"]
    if len(freq) != 1 or freq[0] not in RULE_FREQUENCIES:
        return f"it needs one FREQ of {and_join(RULE_FREQUENCIES, 'or')}, such as FREQ=MONTHLY;BYDAY=2TH"
    try:
        rrulestr(rule, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError) as err:
        return str(err).strip("\"'") or "its values cannot be read"
    return None


class Place(FieldType):
    """Where a meeting is: a space's slug, or {online: <https address>}. Read as (space slug, online address)."""

    def read(self, r: FieldReader, at: str, required: bool, scope: Scope) -> tuple[str, str]:
        if isinstance(r.raw(at), dict):
            r.only(at, ("online",))
            link = r.url(f"{at}.online", required=True)
            if link and not link.lower().startswith("https://"):
                r.error(f"{at}.online", f"'{at}.online': an online meeting's link must start with https://")
                return "", ""
            return "", link
        if r.present(at) and not isinstance(r.raw(at), str):
            r.error(at, f"'{at}' must be a space's slug or {{online: https://…}}, not {describe(r.raw(at))}")
            return "", ""
        return Slug().read(r, at, required, scope), ""

    def schema(self, required: bool) -> Schema:
        online = object_schema((Field("online", HttpsUrl(), "the https:// address of the online meeting",
                                      required=True),))
        return {"anyOf": [Slug().schema(required), online]}
