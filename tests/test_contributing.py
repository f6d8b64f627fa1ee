"""What volunteers meet on GitHub: the issue forms, the pull request template and CONTRIBUTING.md."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from support import FIXTURES_DIR, REAL_CONTENT_DIR, REPO_ROOT

GITHUB = REPO_ROOT / ".github"
FORMS = GITHUB / "ISSUE_TEMPLATE"
FORM_FILES = ("propose-a-space.yml", "correct-a-space.yml", "join-a-smartlab.yml", "request-a-budget.yml")
CONTRIBUTING = REPO_ROOT / "CONTRIBUTING.md"
GOLDEN_SPACE_PAGE = REPO_ROOT / "tests/golden/bilingual/nl/ruimten/huis-van-de-makers/index.html"
CORPUS = (FIXTURES_DIR / "invalid", FIXTURES_DIR / "warnings")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's vendored copies of SchemaStore's GitHub schemas: no network needed."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_the_issue_forms_match_githubs_issue_form_schema() -> None:
    done = check_jsonschema("vendor.github-issue-forms", *(FORMS / name for name in FORM_FILES))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_template_chooser_config_matches_its_schema() -> None:
    done = check_jsonschema("vendor.github-issue-config", FORMS / "config.yml")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", FORM_FILES)
def test_every_form_label_is_in_dutch_and_french(name: str) -> None:
    form = load(FORMS / name)
    assert " / " in form["name"] and " / " in form["description"]
    for item in form["body"]:
        if item["type"] == "markdown":
            assert "**NL**" in item["attributes"]["value"] and "**FR**" in item["attributes"]["value"]
            continue
        labels = [item["attributes"]["label"]] + [option["label"] for option in item["attributes"].get("options", [])
                                                  if isinstance(option, dict)]
        assert all(" / " in label for label in labels), (item["id"], labels)
        assert re.fullmatch(r"[a-z_]+", item["id"]), item["id"]


def test_the_report_link_prefills_fields_the_correction_form_has() -> None:
    """The site's 'Report a change' link names the form and fills its fields by their ids (GitHub fills an issue
    form's input from a query parameter named like its id)."""
    html = GOLDEN_SPACE_PAGE.read_text(encoding="utf-8")
    href = re.search(r'href="([^"]*issues/new\?template=correct-a-space\.yml[^"]*)"', html)[1].replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    ids = {item["id"] for item in load(FORMS / "correct-a-space.yml")["body"] if "id" in item}
    assert "page" in ids
    assert set(query) - {"template", "title", "labels", "assignees"} <= ids, query
    assert query["page"] == ["https://example.org/nl/ruimten/huis-van-de-makers/"]


def test_the_chooser_links_to_this_repository_and_its_contact_address() -> None:
    site = load(REAL_CONTENT_DIR / "site.yaml")
    config = load(FORMS / "config.yml")
    urls = [link["url"] for link in config["contact_links"]]
    assert f"{site['repository']}/blob/main/CONTRIBUTING.md" in urls
    assert site["base_url"] in urls
    assert any(site["contact_email"] in link["about"] for link in config["contact_links"])


def test_the_pull_request_template_has_a_bilingual_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+(?:\n {6}.+)*)", text, re.MULTILINE)
    assert len(items) >= 5
    assert all(" /\n" in item or " / " in item for item in items), items


def corpus_lines() -> list[str]:
    return [line for folder in CORPUS for path in folder.glob("*/expected.txt")
            for line in path.read_text(encoding="utf-8").splitlines()]


def message_rows(section: str) -> list[str]:
    """The first code span of each table row in a section of CONTRIBUTING.md: a (part of a) real message."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)`", body, re.MULTILINE)


@pytest.mark.parametrize("section", ["Nederlands", "Français"])
def test_contributing_explains_real_messages(section: str) -> None:
    rows = message_rows(section)
    assert len(rows) >= 20, section
    lines = corpus_lines()
    unknown = [row for row in rows if not any(row in line for line in lines)]
    assert not unknown, ("messages that no corpus case gives (reword them from tests/fixtures/*/expected.txt): "
                         f"{unknown}")


def test_both_sections_give_the_same_table() -> None:
    assert message_rows("Nederlands") == message_rows("Français")


def test_contributing_names_the_add_pages_and_the_check() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for needle in ("/nl/ruimte-toevoegen/", "/fr/ajouter-un-espace/", "python build.py check", "Propose changes",
                   "Create pull request"):
        assert needle in text, needle
