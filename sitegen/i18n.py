"""Languages: the UI strings of each language (every key in every language), and locale data from Babel."""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from anyascii import anyascii
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .diagnostics import Diagnostics
from .sources import load_yaml_file

PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
StringValue = str | dict[str, str]  # a string, or its plural forms ({'one': ..., 'other': ...})


@dataclass(frozen=True)
class Strings:
    """One language's UI strings and its locale data."""

    lang: str
    table: dict[str, StringValue]

    @property
    def locale(self) -> Locale:
        return locale_of(self.lang)

    def __call__(self, key: str, count: int | None = None, **values: Any) -> str:
        """The string for `key`, in the plural form for `count`, with {placeholders} filled."""
        text = self._pick(key, count)
        if count is not None:
            values["count"] = self.number(count)
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The string for `key`, or `default` when the strings do not have it."""
        return self(key) if key in self.table else default

    def html(self, key: str, count: int | None = None, **values: Any) -> Markup:
        """Like calling, for strings that hold markup (a link): the string and plain values are escaped."""
        if count is not None:
            values["count"] = self.number(count)
        return Markup(escape(self._pick(key, count))).format(**values)

    def forms(self, key: str) -> dict[str, str]:
        """A string's plural forms as written ({'other': text} for a plain string), for scripts to choose from."""
        text = self.table[key]
        return dict(text) if isinstance(text, dict) else {"other": text}

    def _pick(self, key: str, count: int | None) -> str:
        text = self.table[key]
        if isinstance(text, dict):
            form = self.locale.plural_form(count if count is not None else 1)
            text = text.get(form, text["other"])
        return text

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def full_date(self, value: dt.date) -> str:
        """'donderdag 14 januari 2027'."""
        return format_date(value, format="full", locale=self.lang)

    def month(self, value: dt.date) -> str:
        """'januari 2027'."""
        return format_skeleton("yMMMM", value, locale=self.lang)

    def time_range(self, start: dt.datetime, end: dt.datetime) -> str:
        """'18:30–20:30'; with the end's date when it ends on another day."""
        if start.date() == end.date():
            return format_interval(start.time(), end.time(), "Hm", locale=self.lang)
        until = f"{self.full_date(end)}, {format_time(end, 'short', locale=self.lang)}"
        return f"{format_time(start, 'short', locale=self.lang)} – {until}"

    def zone_name(self, zone: str) -> str:
        """Where a time zone's times are, as 'tijd in Duitsland (Berlijn)'."""
        return get_timezone_location(ZoneInfo(zone), locale=self.lang)

    def join(self, items: Iterable[str]) -> str:
        items = list(items)
        return format_list(items, locale=self.locale) if items else ""

    def country(self, code: str) -> str:
        return cast(str, self.locale.territories.get(code, code))  # Babel's locale data is untyped

    def language_name(self, code: str) -> str:
        """Another language's name as written in a sentence of this one ('Frans', 'néerlandais')."""
        return locale_of(code).get_display_name(self.lang) or code

    def own_name(self) -> str:
        name = self.locale.get_display_name(self.lang) or self.lang
        return name[:1].upper() + name[1:]


@functools.cache
def locale_of(code: str) -> Locale:
    """Babel's locale data for a language code, parsed once per process (parsing is slow and pages ask often)."""
    return Locale.parse(code)


def load_strings(folder: Path, languages: tuple[str, ...], diags: Diagnostics) -> dict[str, Strings]:
    """Every language's strings file; a key missing in any language is an error that names it."""
    tables = {lang: _load_table(folder / f"{lang}.yaml", diags) for lang in languages}
    every_key = sorted(set().union(*(table.keys() for table in tables.values() if table is not None)))
    for lang, table in tables.items():
        if table is None:
            continue
        for key in every_key:
            if key not in table:
                others = ", ".join(sorted(f"{other}.yaml" for other, t in tables.items() if t and key in t))
                diags.error(folder / f"{lang}.yaml", 0, 0, key, f"missing string '{key}' (it is in {others})")
    return {lang: Strings(lang, table) for lang, table in tables.items() if table is not None}


def _load_table(path: Path, diags: Diagnostics) -> dict[str, StringValue] | None:
    if not path.is_file():
        diags.error(path, 0, 0, "",
                    f"no strings file for language '{path.stem}': copy another language's file and translate it")
        return None
    doc = load_yaml_file(path, diags)
    if doc is None:
        return None
    for key, value in doc.data.items():
        if not _is_string_value(value):
            diags.error(path, *doc.where(key), key, f"'{key}' must be text, or a mapping of plural forms with 'other'")
    return doc.data


def _is_string_value(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, dict) and "other" in value and all(
        form in PLURAL_FORMS and isinstance(text, str) for form, text in value.items())


def slugify(text: str) -> str:
    """A URL slug from a name: 'Liège' -> 'liege', 'Sint-Jans-Molenbeek' -> 'sint-jans-molenbeek'; 'x' when
    nothing is left."""
    return slug_of(text) or "x"


def slug_of(text: str) -> str:
    """A URL slug from a name in any script, transliterated by anyascii ('Москва' -> 'moskva', 'Straße' ->
    'strasse'), or '' when the name has no letter or digit."""
    plain = re.sub(r"['`]", " ", anyascii(unicodedata.normalize("NFC", text))).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def fold_accents(text: str) -> str:
    """Text without diacritics, for sorting and matching ('Liège' -> 'Liege')."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sort_key(text: str) -> tuple[str, str]:
    return (fold_accents(text).casefold(), text)
