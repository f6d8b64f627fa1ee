"""The add-a-space form in Debian's Chromium: it writes a space.yaml that `build.py check` accepts, in both languages.

The file is taken from the GitHub link the form makes (the `value` GitHub's new-file page fills in) and from the
e-mail link's body, written into a copy of the minimal site, and checked by the command line, as CI would.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from support import FIXTURES_DIR
from support.axe import run_axe
from support.browser import block_external_requests
from support.server import serve_directory
from test_invalid import describe_run, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = {"nl": "nl/ruimte-toevoegen/", "fr": "fr/ajouter-un-espace/"}
HOSTILE_NAME = 'Atelier "Zuid" <script>alert(1)</script>\nkind: x # {{ nope }}'


@pytest.fixture(scope="module")
def served(build_site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with serve_directory(build_site(FIXTURES_DIR / "minimal"), "/") as url:
        yield url


def open_form(browser: Browser, url: str, lang: str, errors: list[str]) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    block_external_requests(page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + PAGES[lang])
    page.wait_for_selector("#add-form:not([hidden])", timeout=15000)
    return page


def fill(page: Page, lang: str, name: str) -> None:
    other = "fr" if lang == "nl" else "nl"
    page.fill("#f-name", name)
    page.check('input[name="kind"][value="third-place"]')
    page.check('input[name="access"][value="open"]')
    page.select_option("#f-role", "supports")
    page.fill("#f-street", "Rue de l'Exemple 4")
    page.fill("#f-postcode", "4000")
    page.fill("#f-city", "Luik" if lang == "nl" else "Liège")
    page.fill(f"#f-city-{other}", "Liège" if lang == "nl" else "Luik")
    page.select_option("#f-country", "BE")
    page.fill("#f-hours", "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off")
    page.check('input[name="services"][value="wifi"]')
    page.check('input[name="services"][value="desks"]')
    page.fill("#f-email", "atelier@example.org")
    page.fill("#f-phone", "+32 4 123 45 67")
    page.fill("#f-website", "https://example.org/atelier")
    page.fill("#f-summary-nl", "Een werkplaats aan de Maas: \"open\" voor iedereen.")
    page.fill("#f-summary-fr", "Un atelier au bord de la Meuse, ouvert à tous.")
    page.fill("#f-description-nl", "Werkplekken en een keuken.\n\n- op afspraak\nkey: value")
    page.fill("#f-description-fr", "Des postes de travail et une cuisine.")


def made_file(page: Page) -> tuple[str, str, str]:
    """(slug, the file GitHub would get, the file the e-mail would hold), after a click on 'make'."""
    page.click("#space-form button[type=submit]")
    page.wait_for_selector(".add-result-actions:not([hidden])", timeout=15000)
    query = parse_qs(urlsplit(page.get_attribute(".add-github", "href") or "").query)
    mail = parse_qs(urlsplit(page.get_attribute(".add-mail", "href") or "").query)
    slug = query["filename"][0].removesuffix("/space.yaml")
    return slug, query["value"][0], mail["body"][0]


def check_file(tmp_path: Path, slug: str, text: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES_DIR / "minimal", content)
    (content / "spaces" / slug).mkdir()
    (content / "spaces" / slug / "space.yaml").write_text(text, encoding="utf-8")
    checked = run_cli(tmp_path, "check", "--content", "content", "--strict")
    assert checked.returncode == 0, describe_run(checked) + "\n" + text


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_form_writes_a_file_that_check_accepts(browser: Browser, served: str, lang: str, tmp_path: Path) -> None:
    errors: list[str] = []
    page = open_form(browser, served, lang, errors)
    fill(page, lang, "Atelier de la Meuse")
    slug, github_file, mail_file = made_file(page)
    assert slug == "atelier-de-la-meuse"
    assert github_file == mail_file == page.text_content(".add-yaml code")
    assert page.text_content(".add-result-status") in ("Het bestand is volledig en volgt het schema van de gids.",
                                                       "Le fichier est complet et suit le schéma du répertoire.")
    check_file(tmp_path, slug, github_file)
    data = yaml.safe_load(github_file)
    assert data["address"]["city"] == {"nl": "Luik", "fr": "Liège"} and data["services"] == ["desks", "wifi"]
    assert data["description"]["nl"] == "Werkplekken en een keuken.\n\n- op afspraak\nkey: value\n"
    assert not errors


def test_any_value_stays_text_in_the_file_and_on_the_page(browser: Browser, served: str, tmp_path: Path) -> None:
    errors: list[str] = []
    page = open_form(browser, served, "nl", errors)
    fill(page, "nl", HOSTILE_NAME)
    page.fill("#f-slug", "atelier-zuid")
    slug, github_file, _ = made_file(page)
    check_file(tmp_path, slug, github_file)
    assert yaml.safe_load(github_file)["name"] == HOSTILE_NAME.replace("\n", " ")
    assert page.locator(".add-yaml script").count() == 0 and page.locator("#add-result script").count() == 0
    assert not errors


def test_missing_fields_are_listed_with_links_and_nothing_is_offered(browser: Browser, served: str) -> None:
    page = open_form(browser, served, "fr", [])
    page.fill("#f-name", "Atelier")
    page.fill("#f-email", "not an address")
    page.click("#space-form button[type=submit]")
    page.wait_for_selector("#add-result:not([hidden])")
    problems = page.locator(".add-result-problems li").all_text_contents()
    assert "Ville ou commune: remplissez ce champ" in problems
    assert "Adresse e-mail: adresse e-mail non valable, comme nom@exemple.be" in problems
    assert any(text.startswith("Type d’espace") for text in problems)
    assert page.get_attribute("#f-city", "aria-invalid") == "true"
    assert page.locator(".add-result-actions").is_hidden()
    page.click('.add-result-problems a[href="#f-city"]')
    assert page.evaluate("document.activeElement.id") == "f-city"


@pytest.mark.parametrize("lang, typed, shown", [
    ("nl", "Mo-Fr 09:00-18:00; PH off", "Herkend: maandag–vrijdag 09:00–18:00; feestdagen: gesloten."),
    ("fr", "Mo-Fr 09:00-18:00; Jul-Aug off", "Reconnu : lundi–vendredi 09:00–18:00; juillet–août : fermé."),
    ("nl", "lundi-vendredi 9h-18h", "Kolom 1: Schrijf de dagen in het Engels, met twee letters"),
    ("nl", "Mo-Fr 9h-18h", "Kolom 7: Schrijf uren met een dubbelepunt en twee cijfers"),
    ("fr", "Mo-Fr 09:00-18:00;", "Colonne 18 : Retirez le ; final."),
    ("nl", "sunrise-sunset", "Deze vorm kent het formulier niet; de controle op GitHub zegt of ze klopt."),
])
def test_opening_hours_are_checked_as_they_are_typed(browser: Browser, served: str, lang: str, typed: str,
                                                     shown: str) -> None:
    page = open_form(browser, served, lang, [])
    page.fill("#f-hours", typed)
    assert shown in (page.text_content("#f-hours-check") or "")


def test_without_javascript_the_page_explains_the_other_ways(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    block_external_requests(page)
    page.goto(served + PAGES["nl"])
    assert page.locator("#add-form").is_hidden()
    assert page.locator("a", has_text="Een ruimte toevoegen op GitHub").is_visible()
    assert page.locator('a[href^="mailto:info@example.org"]').first.is_visible()
    context.close()


def test_the_form_offers_every_word_of_the_vocabulary(browser: Browser, served: str) -> None:
    page = open_form(browser, served, "fr", [])
    vocabulary = yaml.safe_load((FIXTURES_DIR / "minimal" / "vocabulary.yaml").read_text(encoding="utf-8"))
    offered = page.locator('input[name="services"]').evaluate_all("boxes => boxes.map(box => box.value)")
    assert offered == list(vocabulary["services"])
    assert unquote(page.locator("#f-country option").nth(1).get_attribute("value") or "") == "BE"


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_filled_form_and_its_result_pass_axe(browser: Browser, served: str, width: int, height: int) -> None:
    page = open_form(browser, served, "nl", [])
    page.set_viewport_size({"width": width, "height": height})
    fill(page, "nl", "Atelier de la Meuse")
    page.fill("#f-email", "wrong")
    page.click("#space-form button[type=submit]")
    page.wait_for_selector("#add-result:not([hidden])")
    assert run_axe(page) == []
    page.fill("#f-email", "atelier@example.org")
    made_file(page)
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing wider than the screen"
