"""JSON Schemas (draft 2020-12) of the content files, generated from the field declarations in declarations.py.

Editors use them: a YAML file that starts with `# yaml-language-server: $schema=<path>` gets completion, the
fields' descriptions and its mistakes underlined in VS Code (with Red Hat's YAML extension). They help while
typing; the build stays the judge (it also knows the site's own languages and vocabulary, and the photos on disk).
`python build.py schemas` writes them to sitegen/schemas/; a test fails when the written ones are stale.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import declarations
from .fields import EMAIL_RE, PHONE_RE, SLUG_RE
from .declarations import Field, FileSpec

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
LANGUAGE_CODE = "^[a-z]{2,3}$"
# The languages the README documents, offered first by completion; any other language code is allowed too.
DOCUMENTED_LANGUAGES = {"nl": "The text in Dutch.", "fr": "The text in French."}
ONE_LINE = r"^\s*[^\n]*\s*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


if TYPE_CHECKING:
    from .plan import PlannedPage
    from .views import Context
    from .write import Staging


def published() -> tuple[FileSpec, ...]:
    """The file declarations that have a JSON Schema (front matter in Markdown files has none)."""
    return tuple(spec for spec in declarations.FILES if spec.schema)


def file_name(spec: FileSpec) -> str:
    return f"{spec.schema}.schema.json"


def schema_files() -> dict[str, str]:
    """Every schema as JSON text, by file name ('space.schema.json'): what `python build.py schemas` writes."""
    return {file_name(spec): json.dumps(file_schema(spec), indent=2, ensure_ascii=False) + "\n" for spec in published()}


def publish(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    """The build's writer: the schemas on the site too, under schemas/, for editors and other tools."""
    for name, text in schema_files().items():
        staging.write(ctx.urls.schema(name), text)


def write_schemas(folder: Path = SCHEMAS_DIR) -> list[Path]:
    """Write the schemas into `folder` (sitegen/schemas/); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        written.append(folder / name)
    return written


def file_schema(spec: FileSpec) -> dict[str, Any]:
    return {"$schema": DIALECT, "title": spec.file, "description": _sentence(spec.description),
            **_object(spec.fields)}


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "object", "properties": {field.name: field_schema(field) for field in fields}}
    required = [field.name for field in fields if field.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def field_schema(field: Field) -> dict[str, Any]:
    """One field's schema: its description, then what its value may be."""
    return {"description": _sentence(field.description), **_value(field)}


def _value(field: Field) -> dict[str, Any]:
    kind, required = field.type, field.required
    if kind == declarations.MAPPING:
        return _object(field.fields)
    if kind == declarations.LIST:
        return {"type": "array", "items": _object(field.fields)}
    if kind == declarations.TEXT:
        return _text(field.one_line, required, field.numeric)
    if kind in (declarations.LOCALIZED, declarations.COMPLETE):
        return _localized(required)
    if kind == declarations.WORD:
        return _word(field.group)
    if kind == declarations.WORDS:
        return {"type": "array", "items": _word(field.group)}
    if kind == declarations.LABELS:
        return _labels(field.group)
    if kind == declarations.SLUG:
        return _pattern(SLUG_RE.pattern)
    if kind == declarations.SLUGS:
        return {"type": "array", "items": _pattern(SLUG_RE.pattern)}
    if kind == declarations.EMAIL:
        return _pattern(_optional_prefix("mailto:") + EMAIL_RE.pattern[1:], ["info@example.org"])
    if kind == declarations.PHONE:
        return _pattern(_optional_prefix("tel:") + PHONE_RE.pattern[1:], ["+32 2 123 45 67"])
    if kind == declarations.URL:
        return _pattern(r"^" + _any_case("http") + r"[sS]?://[^\s/?#]+[^\s]*$", ["https://www.example.org/"])
    if kind == declarations.COUNTRY:
        return _pattern("^[A-Z]{2}$", ["BE", "FR", "NL", "LU", "DE"])
    if kind == declarations.LANGUAGE:
        return _pattern(LANGUAGE_CODE, ["nl", "fr"])
    if kind == declarations.LANGUAGES:
        return {"type": "array", "items": _pattern(LANGUAGE_CODE), **({"minItems": 1} if required else {}),
                "examples": [["nl", "fr"]]}
    if kind == declarations.DATE:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2026-05-01"]}
    if kind == declarations.NUMBER:
        return {"type": "number", "minimum": field.low, "maximum": field.high}
    if kind == declarations.WHOLE_NUMBER:
        return {"type": "integer", "minimum": int(field.low), "maximum": int(field.high)}
    if kind == declarations.PHOTO:
        types = "|".join(_any_case(suffix[1:]) for suffix in declarations.PHOTO_TYPES)
        return _pattern(rf"^[^/\\]+\.({types})$", ["photo.jpg"])
    raise ValueError(f"field '{field.name}' has a type without a JSON Schema: '{kind}'")


def _text(one_line: bool, required: bool, numeric: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {"type": ["string", "number"] if numeric else "string"}
    if required:
        result["minLength"] = 1
    if one_line:
        result["pattern"] = ONE_LINE
    return result


def _localized(required: bool) -> dict[str, Any]:
    """One text for every language, or a mapping of language codes to texts."""
    per_language = {"type": "object",
                    "properties": {lang: {"description": text, "type": "string"}
                                   for lang, text in DOCUMENTED_LANGUAGES.items()},
                    "patternProperties": {LANGUAGE_CODE: {"type": "string"}},
                    "additionalProperties": False}
    if required:
        per_language["minProperties"] = 1
    return {"anyOf": [_text(False, required), per_language]}


def _word(group: str) -> dict[str, Any]:
    """A word the code relies on is one of a fixed list; other groups are open lists of slugs."""
    words = declarations.REQUIRED_WORDS.get(group)
    return {"type": "string", "enum": list(words)} if words else _pattern(SLUG_RE.pattern)


def _labels(group: str) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "object", "propertyNames": {"pattern": SLUG_RE.pattern},
                              "additionalProperties": _localized(True)}
    if group in declarations.REQUIRED_WORDS:
        result["required"] = list(declarations.REQUIRED_WORDS[group])
    return result


def _pattern(pattern: str, examples: list[Any] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "string", "pattern": pattern}
    if examples:
        result["examples"] = examples
    return result


def _any_case(word: str) -> str:
    """'jpg' -> '[jJ][pP][gG]': JSON Schema patterns have no flag for case."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _optional_prefix(prefix: str) -> str:
    return f"^(?:{_any_case(prefix)})?"


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + ("" if phrase.endswith(".") else ".")
