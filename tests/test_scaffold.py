"""`new space|lab` and the add-a-space page's one-file template: starting points that build once filled in."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.build import build_site
from sitegen.scaffold import space_yaml
from sitetools import FIXTURES, run_cli

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

FILLED = {"name: \"\"": "name: \"Atelier Twee\"", "kind: ": "kind: third-place ", "smart_role: ": "smart_role: uses ",
          "access: ": "access: open ", "  city: \"\"": "  city: \"Namen\"", "  country: ": "  country: BE "}


def fill(text: str) -> str:
    for empty, filled in FILLED.items():
        text = text.replace(empty, filled, 1)
    return text


def test_a_new_space_names_what_is_missing_then_builds_once_filled(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    made = run_cli("new", "space", "atelier-twee", "--content", "content", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "content/spaces/atelier-twee"
    assert sorted(p.name for p in folder.iterdir()) == ["fr.md", "nl.md", "space.yaml"]
    checked = run_cli("check", "--content", "content", cwd=tmp_path)
    assert checked.returncode == 1
    for field in ("kind", "smart_role", "access", "name", "address.country", "address.city"):
        assert re.search(rf"space\.yaml:\d+:\d+: error: .*'{re.escape(field)}'", checked.stderr), field
    (folder / "space.yaml").write_text(fill((folder / "space.yaml").read_text()))
    for lang in ("nl", "fr"):
        text = (folder / f"{lang}.md").read_text()
        (folder / f"{lang}.md").write_text(text.replace('summary: ""', "summary: Een werkplaats in Namen."))
    result = build_site(tmp_path / "content", tmp_path / "out")
    assert (tmp_path / "out/nl/ruimten/atelier-twee/index.html").is_file()
    assert result.pages > 0


def test_new_refuses_a_bad_slug_and_an_existing_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    bad = run_cli("new", "space", "Atelier Twee", "--content", "content", cwd=tmp_path)
    assert bad.returncode == 1 and "not a valid slug" in bad.stderr
    again = run_cli("new", "space", "atelier-een", "--content", "content", cwd=tmp_path)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_a_new_lab_has_its_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    assert run_cli("new", "lab", "samen-sterk", "--content", "content", cwd=tmp_path).returncode == 0
    assert (tmp_path / "content/labs/samen-sterk/lab.yaml").read_text().startswith("# yaml-language-server: $schema=")


def test_the_one_file_space_of_the_add_page_builds_once_filled(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    text = fill(space_yaml("", None, inline_text=True)).replace('  nl: ""', '  nl: "Een werkplaats."', 1)
    folder = tmp_path / "content/spaces/atelier-twee"
    folder.mkdir()
    (folder / "space.yaml").write_text(text)
    build_site(tmp_path / "content", tmp_path / "out")
    assert "Een werkplaats." in (tmp_path / "out/nl/ruimten/atelier-twee/index.html").read_text()


def test_the_add_page_links_to_githubs_editor_with_the_template(tmp_path: Path) -> None:
    build_site(FIXTURES / "bilingual", tmp_path / "out", "https://example.org/")
    html = (tmp_path / "out/fr/ajouter-un-espace/index.html").read_text()
    href = re.search(r'<a class="button" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    assert parts.netloc == "github.com"
    assert parts.path == "/example/third-places/new/main/tests/fixtures/bilingual/spaces"
    query = parse_qs(parts.query)
    assert query["filename"] == ["nouvel-espace/space.yaml"]
    # the fixture lives at tests/fixtures/bilingual/, two folders deeper than content/
    schema_line = "# yaml-language-server: $schema=../../../../../sitegen/schemas/space.schema.json"
    assert query["value"][0].startswith(schema_line)
    assert "description:" in query["value"][0]


def test_edit_links_point_at_the_entrys_own_file(tmp_path: Path) -> None:
    build_site(FIXTURES / "bilingual", tmp_path / "out", "https://example.org/")
    repo = "https://github.com/example/third-places"
    space = (tmp_path / "out/nl/ruimten/huis-van-de-makers/index.html").read_text()
    assert f'href="{repo}/edit/main/tests/fixtures/bilingual/spaces/huis-van-de-makers/nl.md"' in space
    assert f'href="{repo}/edit/main/tests/fixtures/bilingual/spaces/huis-van-de-makers/space.yaml"' in space
    one_file = (tmp_path / "out/fr/espaces/le-quai/index.html").read_text()
    assert f'href="{repo}/edit/main/tests/fixtures/bilingual/spaces/le-quai/space.yaml"' in one_file
    untranslated = (tmp_path / "out/fr/espaces/de-koepel/index.html").read_text()
    assert f"{repo}/new/main/tests/fixtures/bilingual/spaces/de-koepel?filename=fr.md" in untranslated
    assert "issues/new?template=correct-a-space.yml" in space


def test_new_meeting_adds_a_commented_meeting_that_builds_once_uncommented(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "bilingual", tmp_path / "content")
    lab = tmp_path / "content/labs/plekken-delen/lab.yaml"
    before = lab.read_text()
    made = run_cli("new", "meeting", "plekken-delen", "--content", "content", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert run_cli("check", "--content", "content", cwd=tmp_path).returncode == 0, "a commented meeting changes nothing"
    added = lab.read_text()[len(before.split("animator:")[0]):].split("animator:")[0]
    assert added.count("#    end: ") == 1, added
    lab.write_text(lab.read_text().replace("#  ", "  ").replace("place: lavallee", "place: le-quai"))
    result = build_site(tmp_path / "content", tmp_path / "out")
    calendar = (tmp_path / "out/nl/labs/plekken-delen/agenda.ics").read_text()
    assert calendar.count("BEGIN:VEVENT") == 2 and "RRULE:FREQ=WEEKLY;UNTIL=" in calendar and ";INTERVAL=2" in calendar
    assert result.pages > 0


def test_new_meeting_in_a_lab_without_meetings_adds_the_key_too(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "bilingual", tmp_path / "content")
    assert run_cli("new", "meeting", "egalite-en-scene", "--content", "content", cwd=tmp_path).returncode == 0
    lab = tmp_path / "content/labs/egalite-en-scene/lab.yaml"
    lab.write_text(re.sub(r"^# (meetings:|-|  )", r"\1", lab.read_text(), flags=re.MULTILINE)
                   .replace("place: lavallee", "place: le-quai"))
    checked = run_cli("check", "--content", "content", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_new_journal_starts_a_dated_entry_that_names_what_is_missing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "bilingual", tmp_path / "content")
    made = run_cli("new", "journal", "plekken-delen", "--name", "eerste-avond", "--content", "content", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    folders = list((tmp_path / "content/labs/plekken-delen/journal").iterdir())
    assert len(folders) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\d-eerste-avond", folders[0].name)
    assert "## Budget" in (folders[0] / "fr.md").read_text() and "Toegekend" in (folders[0] / "nl.md").read_text()
    checked = run_cli("check", "--content", "content", cwd=tmp_path)
    assert checked.returncode == 1 and re.search(r"eerste-avond/nl\.md:2:1: error: 'title' is empty", checked.stderr)
    for lang in ("nl", "fr"):
        path = folders[0] / f"{lang}.md"
        path.write_text(path.read_text().replace('title: ""', "title: De eerste avond", 1))
    assert run_cli("check", "--content", "content", cwd=tmp_path).returncode == 0
    missing = run_cli("new", "journal", "nergens", "--content", "content", cwd=tmp_path)
    assert missing.returncode == 1 and "there is no lab 'nergens'" in missing.stderr
