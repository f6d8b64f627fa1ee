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
from .declarations import FileSpec
from .fieldtypes import object_schema, sentence

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


if TYPE_CHECKING:
    from .cards import Context
    from .plan import PlannedPage
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
    return {"$schema": DIALECT, "title": spec.file, "description": sentence(spec.description),
            **object_schema(spec.fields)}
