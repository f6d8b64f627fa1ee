"""The JSON Schemas of the content files: generated from the declarations in declarations.py, committed up to date, and
true to the content (every real and fixture YAML file passes; the corpus's typical mistakes fail)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sitegen import declarations
from sitegen.jsonschema import SCHEMAS_DIR, schema_files
from sitegen.scaffold import SCHEMA_LINE, schema_for
from support import FIXTURES_DIR, REAL_CONTENT_DIR, REPO_ROOT
from test_invalid import INVALID_DIR, make_site

SCHEMA_OF = {"site.yaml": "site", "vocabulary.yaml": "vocabulary", "space.yaml": "space", "theme.yaml": "theme",
             "lab.yaml": "lab"}
CONTENT_DIRS = (REAL_CONTENT_DIR, FIXTURES_DIR / "minimal", FIXTURES_DIR / "bilingual")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")
# Invalid cases whose mistake the schema sees too (the others need the vocabulary, the folder or the other files).
CAUGHT_BY_THE_SCHEMA = ("country-alpha-3", "country-lowercase", "email-invalid", "geo-lat-is-text",
                        "geo-lat-out-of-range", "geo-lon-out-of-range", "kind-unknown-word", "missing-access",
                        "missing-address",
                        "missing-address-city", "missing-address-country", "missing-kind", "missing-name",
                        "missing-smart-role", "name-is-a-list", "phone-invalid", "photo-item-not-a-mapping",
                        "photo-outside-folder", "photo-without-alt", "services-is-a-string", "space-unknown-field",
                        "theme-order-not-a-number", "themes-list-bad-slug", "url-data", "url-javascript",
                        "url-misspelled-scheme", "url-no-scheme", "verified-not-a-date", "empty-required-fields",
                        "photo-nested-alt-not-text", "meeting-start-not-a-time", "meeting-repeat-with-count-inside",
                        "meeting-online-not-https", "animator-without-name")


def validator(name: str) -> jsonschema.Draft202012Validator:
    document = json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """YAML as an editor's YAML server sees it: a date is the text it was written as."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def problems(path: Path) -> list[str]:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8-sig")))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(file)'}: {error.message}"
            for error in validator(SCHEMA_OF[path.name]).iter_errors(data)]


def content_yaml(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.yaml") if path.name in SCHEMA_OF)


def test_the_committed_schemas_are_the_generated_ones() -> None:
    """Stale schemas: run `python build.py schemas` and commit sitegen/schemas/."""
    generated = {name: text.encode() for name, text in schema_files().items()}
    committed = {path.name: path.read_bytes() for path in sorted(SCHEMAS_DIR.glob("*.json"))}
    assert committed == generated, "sitegen/schemas/ is stale: run `python build.py schemas`"
    assert sorted(generated) == sorted(f"{name}.schema.json" for name in SCHEMA_OF.values())


@pytest.mark.parametrize("name", sorted(SCHEMA_OF.values()))
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    document = json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["additionalProperties"] is False


def test_the_schemas_have_the_declared_fields_with_english_descriptions() -> None:
    """One declaration: the JSON Schema's properties are the fields the reader accepts, in the same order."""
    for spec in declarations.FILES:
        if not spec.schema:
            continue
        document = json.loads((SCHEMAS_DIR / f"{spec.schema}.schema.json").read_text(encoding="utf-8"))
        assert list(document["properties"]) == list(spec.names), spec.file
        assert document.get("required", []) == [field.name for field in spec.fields if field.required], spec.file
        for name, field in document["properties"].items():
            assert field["description"][0].isupper() and field["description"].endswith("."), (spec.file, name)
    space = json.loads((SCHEMAS_DIR / "space.schema.json").read_text(encoding="utf-8"))["properties"]
    assert space["kind"]["enum"] == ["shared-workspace", "third-place"]
    assert list(space["address"]["properties"]) == ["street", "postcode", "city", "country", "region"]
    assert space["address"]["required"] == ["city", "country"]
    assert list(space["photos"]["items"]["properties"]) == ["file", "alt"]
    assert space["services"]["items"] == {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}


@pytest.mark.parametrize("path", [path for folder in CONTENT_DIRS for path in content_yaml(folder)],
                         ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_every_content_file_is_valid_against_its_schema(path: Path) -> None:
    assert not problems(path)


@pytest.mark.parametrize("path", content_yaml(FIXTURES_DIR / "valid"),
                         ids=lambda path: path.relative_to(FIXTURES_DIR).as_posix())
def test_the_valid_corpus_is_valid_against_the_schemas(path: Path) -> None:
    assert not problems(path)


@pytest.mark.parametrize("name", CAUGHT_BY_THE_SCHEMA)
def test_the_schema_flags_the_mistake_of_an_invalid_case(name: str, tmp_path: Path) -> None:
    content = make_site(INVALID_DIR / name, tmp_path)
    found = {path.relative_to(content).as_posix(): problems(path) for path in content_yaml(content)}
    assert any(found.values()), f"{name}: no file of the case breaks its schema"


@pytest.mark.parametrize("path", content_yaml(REAL_CONTENT_DIR),
                         ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_every_real_content_file_names_its_schema_on_its_first_line(path: Path) -> None:
    match = MODELINE.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} does not start with '# yaml-language-server: $schema=…'"
    assert (path.parent / match[1]).resolve() == (SCHEMAS_DIR / f"{SCHEMA_OF[path.name]}.schema.json").resolve()
    relative = path.parent.relative_to(REAL_CONTENT_DIR)
    assert match[0] == SCHEMA_LINE.format(schema=schema_for(relative, SCHEMA_OF[path.name]))


def test_schema_for_points_from_the_entry_folder_to_the_schema() -> None:
    assert schema_for(Path("spaces/x"), "space") == "../../../sitegen/schemas/space.schema.json"
    assert schema_for(Path("."), "site") == "../sitegen/schemas/site.schema.json"
    deep = schema_for(Path("spaces/x"), "space", "tests/fixtures/bilingual")
    assert (FIXTURES_DIR / "bilingual/spaces/x" / deep).resolve() == (SCHEMAS_DIR / "space.schema.json").resolve()


def test_the_schemas_command_writes_the_committed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen import cli
    from sitegen import jsonschema as generator
    monkeypatch.setattr(cli, "write_schemas", lambda: generator.write_schemas(tmp_path))
    assert cli.main(["schemas"]) == 0
    written = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert written == {path.name: path.read_bytes() for path in SCHEMAS_DIR.glob("*.json")}
