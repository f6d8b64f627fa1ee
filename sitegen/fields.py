"""Typed reading of YAML fields: each check reports file, line, column and field, and returns a safe default."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale

from .diagnostics import Diagnostics, closest, did_you_mean
from .i18n import slug_of
from .model import Localized
from .sources import YamlDoc

MAX_SLUG = 80  # characters: a longer slug makes an unwieldy web address, and a far longer one a file name too long
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,22}[0-9]$")
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
WEB_SCHEMES = ("http", "https")
# Controls a text may not hold: C0 but tab and line feed, DEL and C1. YAML lets them in through escapes ("\x01"),
# and they make feeds ill-formed XML and reach pages and terminals.
TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that change how the text around them is shown: bidi controls and marks, line and paragraph
# separators, zero-width spaces (U+200B, U+2060, U+FEFF). The pages isolate each name's direction themselves.
INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# What a web address cannot hold as is: spaces, controls, invisible characters and the characters that end an HTML
# attribute or a URL in running text (RFC 3986 percent-encodes them all).
# Halves of a character: YAML reads each '\\uD83D'-style escape on its own, so a pair written as two escapes
# becomes two halves (joined again on reading) and a lone half cannot be written to a page at all.
SURROGATE = re.compile("[\ud800-\udfff]")
URL_UNSAFE = re.compile('[\\s"<>\\\\`\x00-\x1f\x7f-\x9f]|' + INVISIBLE.pattern)
URL_ESCAPES = {'"': "%22", "<": "%3C", ">": "%3E", "\\": "%5C", "`": "%60", " ": "%20"}
COUNTRY_CODES = frozenset(c for c in Locale("en").territories
                          if isinstance(c, str) and len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)
_MISSING = object()

TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping", bool: "yes/no"}


def describe(value: Any) -> str:
    """How a volunteer would name the type of a value they wrote."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    if isinstance(value, (list, dict)):
        return TYPE_NAMES[type(value)]
    return f"{TYPE_NAMES.get(type(value), type(value).__name__)} ({value!r})"


def text_problem(text: str) -> str | None:
    """Why a text from the content cannot be shown as it is (a control or an invisible character), or None."""
    found = TEXT_CONTROL.search(text) or INVISIBLE.search(text) or SURROGATE.search(text)
    return f"contains {describe_character(found.group())}; delete it" if found else None


def join_surrogates(text: str) -> str:
    """'\\ud83d\\ude00' as YAML reads it (two halves) made the one character it writes; a lone half stays."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass") if SURROGATE.search(text) \
        else text


def describe_character(char: str) -> str:
    """'a control character (U+0001, written "\\x01")', 'an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)'."""
    code = ord(char)
    if TEXT_CONTROL.match(char) or char in "\t\n":
        escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return f'a control character (U+{code:04X}, written "{escape}")'
    if SURROGATE.match(char):
        return f'half of a character (U+{code:04X}, written "\\u{code:04x}" without its other half)'
    if INVISIBLE.match(char):
        return f"an invisible character (U+{code:04X} {unicodedata.name(char, '')})".replace(" )", ")")
    if char.isspace():
        return "a space" if char == " " else f"a space character (U+{code:04X})"
    return f"a '{char}'"


def check_slug(slug: str) -> str | None:
    """Why a slug is not valid, or None."""
    if len(slug) > MAX_SLUG:
        return (f"'{slug[:24]}…' is not a valid slug: it is {len(slug)} characters long, more than {MAX_SLUG}; "
                "shorten it")
    if SLUG_RE.match(slug):
        return None
    if "/" in slug or ".." in slug or "\\" in slug:
        return f"'{slug}' is not a valid slug: it must not contain '/', '\\' or '..'"
    rules = []
    if slug != slug.lower():
        rules.append("lower-case letters")
    if any(c.isspace() for c in slug):
        rules.append("hyphens instead of spaces")
    if not rules:
        rules.append("only a-z, digits and single hyphens")
    suggestion = slug_of(slug)
    hint = f" ('{suggestion}')" if suggestion else ""
    return f"'{slug}' is not a valid slug: use {' and '.join(rules)}{hint}"


class FieldReader:
    """Reads the fields of one YAML document (a file, or a front matter block) and reports what is wrong."""

    def __init__(self, doc: YamlDoc, diags: Diagnostics, hint: Callable[[str], str] | None = None):
        """`hint` says what to write in a required field that is there but empty (its declaration's description)."""
        self.doc, self.diags = doc, diags
        self.hint = hint or (lambda field_path: "fill it in")
        self.misspelled: set[str] = set()  # fields whose name was misspelled: reported once, as unknown

    # -- positions and reporting -------------------------------------------------

    def error(self, field_path: str, message: str, key: bool = False) -> None:
        line, col = self.doc.where(field_path, key=key)
        self.diags.error(self.doc.path, line, col, field_path, message)

    def warning(self, field_path: str, message: str) -> None:
        line, col = self.doc.where(field_path)
        self.diags.warning(self.doc.path, line, col, field_path, message)

    def raw(self, field_path: str) -> Any:
        """The value at a dotted path, or _MISSING."""
        value: Any = self.doc.data
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", field_path):
            if part.startswith("["):
                index = int(part[1:-1])
                value = value[index] if isinstance(value, list) and index < len(value) else _MISSING
            else:
                value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
            if value is _MISSING:
                break
        return value

    def present(self, field_path: str) -> bool:
        return self.raw(field_path) not in (_MISSING, None)

    def missing(self, field_path: str) -> None:
        """A required field without a value: at its own key when it is written but empty ('kind:', 'name: ""'),
        else at the mapping that lacks it."""
        if field_path in self.misspelled:
            return
        if field_path in self.doc.keys:
            line, col = self.doc.keys[field_path]
            self.diags.error(self.doc.path, line, col, field_path, f"'{field_path}' is empty: {self.hint(field_path)}")
            return
        parent = field_path.rsplit(".", 1)[0] if "." in field_path else ""
        self.error(parent, f"missing required field '{field_path}'", key=bool(parent))

    # -- structure ---------------------------------------------------------------

    def only(self, prefix: str, allowed: Iterable[str]) -> None:
        """Report every field of the mapping at `prefix` that is not in `allowed`, with a suggestion.

        Call it before reading the mapping's fields: a required field that is only misspelled is then not
        reported a second time as missing."""
        mapping = self.doc.data if not prefix else self.raw(prefix)
        if not isinstance(mapping, dict):
            return
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                where = f"{prefix}.{key}" if prefix else key
                meant = closest(key, (name for name in allowed if name not in mapping))
                if meant:
                    self.misspelled.add(f"{prefix}.{meant}" if prefix else meant)
                hint = f" (did you mean '{meant}'?)" if meant else ""
                self.error(where, f"unknown field '{where}'{hint}", key=True)

    def mapping(self, field_path: str, required: bool = False) -> dict[str, Any] | None:
        value = self.raw(field_path)
        if value in (_MISSING, None):
            if required:
                self.missing(field_path)
            return None
        if not isinstance(value, dict):
            self.error(field_path, f"'{field_path}' must be a mapping of fields, not {describe(value)}")
            return None
        return value

    def items(self, field_path: str) -> list[Any]:
        value = self.raw(field_path)
        if value in (_MISSING, None):
            return []
        if not isinstance(value, list):
            self.error(field_path, f"'{field_path}' must be a list ('- item' lines), not {describe(value)}")
            return []
        return value

    # -- scalars -----------------------------------------------------------------

    def text(self, field_path: str, required: bool = False, one_line: bool = False) -> str:
        value = self.raw(field_path)
        if value in (_MISSING, None) or value == "":
            if required:
                self.missing(field_path)
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # a postcode such as 1080 is text that looks like a number
        if not isinstance(value, str):
            self.error(field_path, f"'{field_path}' must be text, not {describe(value)}")
            return ""
        if one_line and "\n" in value.strip():
            self.error(field_path, f"'{field_path}' must be one line")
        value = join_surrogates(value)
        problem = text_problem(value)
        if problem:
            self.error(field_path, f"'{field_path}' {problem}")
            return ""
        if required and not value.strip():
            self.missing(field_path)
        return value.strip()

    def localized(self, field_path: str, languages: tuple[str, ...], required: bool = False) -> Localized:
        """Either one text for every language, or a mapping {nl: …, fr: …}."""
        value = self.raw(field_path)
        if isinstance(value, dict):
            self.only(field_path, languages)
            texts = {lang: self.text(f"{field_path}.{lang}") for lang in languages}
            texts = {lang: text for lang, text in texts.items() if text}
            if required and not texts:
                self.error(field_path, f"'{field_path}' needs a text in at least one language ({', '.join(languages)})")
            return Localized.of(texts)
        if isinstance(value, (list, bool, dt.date)):
            example = ", ".join(f"{lang}: …" for lang in languages)
            self.error(field_path,
                       f"'{field_path}' must be text, or one text per language {{{example}}}, not {describe(value)}")
            return Localized()
        text = self.text(field_path, required=required)
        return Localized.same(text, languages) if text else Localized()

    def number(self, field_path: str, low: float, high: float, required: bool = False) -> float | None:
        value = self.raw(field_path)
        if value in (_MISSING, None):
            if required:
                self.missing(field_path)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(field_path, f"'{field_path}' must be a number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.error(field_path, f"'{field_path}' is {value}, outside the range {low:g} to {high:g}")
            return None
        return float(value)

    def whole_number(self, field_path: str, low: int, high: int) -> int | None:
        value = self.raw(field_path)
        if value in (_MISSING, None):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(field_path, f"'{field_path}' must be a whole number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.error(field_path, f"'{field_path}' is {value}, outside the range {low} to {high}")
            return None
        return value

    def date(self, field_path: str) -> dt.date | None:
        value = self.raw(field_path)
        if value in (_MISSING, None):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.error(field_path, f"'{field_path}' must be a date written as YYYY-MM-DD, not {describe(value)}")
        return None

    # -- controlled values -------------------------------------------------------

    def word(self, field_path: str, words: tuple[str, ...], group: str, required: bool = False) -> str:
        value = self.text(field_path, required=required)
        if value and value not in words:
            hint = did_you_mean(value, words) or f" (one of: {', '.join(words)})"
            self.error(field_path, f"'{field_path}': unknown word '{value}' in vocabulary '{group}'{hint}")
            return ""
        return value

    def words(self, field_path: str, words: tuple[str, ...], group: str) -> tuple[str, ...]:
        found = []
        for i, _ in enumerate(self.items(field_path)):
            word = self.word(f"{field_path}[{i}]", words, group)
            if word and word not in found:
                found.append(word)
        return tuple(found)

    def slugs(self, field_path: str) -> tuple[str, ...]:
        found = []
        for i, _ in enumerate(self.items(field_path)):
            slug = self.slug(f"{field_path}[{i}]")
            if slug and slug not in found:
                found.append(slug)
        return tuple(found)

    def slug(self, field_path: str, required: bool = False) -> str:
        value = self.text(field_path, required=required)
        problem = check_slug(value) if value else None
        if problem:
            self.error(field_path, f"'{field_path}': {problem}")
            return ""
        return value

    def country(self, field_path: str, required: bool = True) -> str:
        value = self.text(field_path, required=required)
        if value and value not in COUNTRY_CODES:
            hint = f" (did you mean '{value.upper()}'?)" if value.upper() in COUNTRY_CODES else ""
            self.error(field_path,
                       f"'{field_path}': '{value}' is not a two-letter country code (ISO 3166-1) "
                       f"such as BE or FR{hint}")
            return ""
        return value

    def language(self, field_path: str, required: bool = False) -> str:
        value = self.text(field_path, required=required)
        if value and (not re.fullmatch(r"[a-z]{2,3}", value) or value not in Locale("en").languages):
            self.error(field_path, f"'{field_path}': '{value}' is not a language code such as nl, fr or en")
            return ""
        return value

    # -- contact data --------------------------------------------------------------

    def email(self, field_path: str, required: bool = False) -> str:
        value = self.text(field_path, required=required)
        if value.lower().startswith("mailto:"):
            value = value[len("mailto:"):]
        if value and not EMAIL_RE.match(value):
            self.error(field_path, f"'{field_path}': '{value}' is not a valid e-mail address such as name@example.org")
            return ""
        return value

    def phone(self, field_path: str) -> str:
        value = self.text(field_path)
        if value.lower().startswith("tel:"):
            value = value[len("tel:"):]
        digits = re.sub(r"\D", "", value)
        if value and (not PHONE_RE.match(value) or not 6 <= len(digits) <= 15):
            self.error(field_path,
                       f"'{field_path}': '{value}' is not a valid phone number; write it as +32 2 123 45 67")
            return ""
        return value

    def url(self, field_path: str, required: bool = False) -> str:
        value = self.text(field_path, required=required)
        if not value:
            return ""
        try:
            parts = urlsplit(value)
        except ValueError:
            self.error(field_path, f"'{field_path}': '{_shorten(value)}' is not a valid web address")
            return ""
        scheme = parts.scheme.lower()
        if not scheme:
            self.error(field_path, f"'{field_path}': '{_shorten(value)}' has no http:// or https:// at its start"
                                   f"{_with_scheme(value)}")
            return ""
        if scheme not in WEB_SCHEMES:
            close = difflib.get_close_matches(scheme, WEB_SCHEMES, n=1, cutoff=0.6)
            hint = f" (did you mean '{_shorten(close[0] + value[len(scheme):])}'?)" if close else ""
            self.error(field_path, f"'{field_path}': only http:// and https:// links are allowed, not '{scheme}:' "
                                   f"('{_shorten(value)}'){hint}")
            return ""
        if not parts.netloc:
            self.error(field_path, f"'{field_path}': '{_shorten(value)}' is not a valid web address")
            return ""
        unsafe = URL_UNSAFE.search(value)
        if unsafe:
            char = unsafe.group()
            hint = f" (write it as {URL_ESCAPES[char]})" if char in URL_ESCAPES else ""
            self.error(field_path, f"'{field_path}': '{_shorten(value)}' is not a valid web address: it contains "
                                   f"{describe_character(char)}{hint}")
            return ""
        return value


def _with_scheme(value: str) -> str:
    """'; write 'https://www.example.org'' when the value looks like a host name, else ''."""
    return f"; write 'https://{_shorten(value)}'" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value) else ""


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_file_name(name: str) -> bool:
    """A plain file name inside the entry's own folder: no folders, no way out."""
    return bool(name) and Path(name).name == name and name not in (".", "..") and "\\" not in name
