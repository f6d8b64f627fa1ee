"""A name written right to left keeps its place where it stands in a line of other text, in Chromium.

The bilingual fixture, with 'Huis van de Makers' renamed in Arabic and moved to Beirut: each line that holds the
name or the city with other text isolates them (<bdi>, or dir="auto" on their link), so the Unicode bidi algorithm
cannot carry the count, comma or status next to them over to the other side."""
from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from sitegen.build import build_site
from support import FIXTURES_DIR
from support.browser import block_external_requests
from support.server import serve_directory

NAME, CITY = "بيت الصناع 12", "بيروت"
ISOLATED = """(element) => {
  const line = element.closest('li, p, div, dd, dt, address, h1, h2, h3, td, th, span.muted');
  if (line && line.textContent.trim() === element.textContent.trim()) { return true; }  // alone in its line
  for (let node = element; node && node !== line; node = node.parentElement) {
    if (['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(node).unicodeBidi)) { return true; }
  }
  return false;
}"""


LINE_HTML = ("(e) => (e.closest('li, p, div, dd, dt, address, h1, h2, h3, td, th, span.muted') || e)"
             ".outerHTML.slice(0, 300)")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("bidi")
    shutil.copytree(FIXTURES_DIR / "bilingual", root / "content")
    space = root / "content" / "spaces" / "huis-van-de-makers" / "space.yaml"
    text = space.read_text(encoding="utf-8")
    text = text.replace('  nl: "Huis van de Makers"\n  fr: "Maison des Créateurs"', f'  nl: "{NAME}"\n  fr: "{NAME}"')
    space.write_text(text.replace("Brussel", CITY).replace("Bruxelles", CITY).replace("country: BE", "country: LB"),
                     encoding="utf-8")
    build_site(root / "content", root / "out", "http://127.0.0.1/")
    with serve_directory(root / "out", "/") as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    block_external_requests(context)
    yield context.new_page()
    context.close()


def holders(page: Page, text: str) -> list:
    """The innermost elements whose own text is `text` and that are drawn (a datalist's options are not)."""
    return [handle for handle in page.query_selector_all("main *:not(datalist, datalist *)")
            if handle.evaluate("(e, t) => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() === t)",
                               text)]


@pytest.mark.browser
@pytest.mark.parametrize("path, text", [
    ("nl/landen/libanon/", CITY),                     # a country: the city, then its count
    ("city", CITY),                                   # a city: card 'city, country'
    ("nl/kaart/", CITY),                              # the map's list: 'city: name, name'
    ("nl/kaart/", NAME),
    ("nl/ruimten/", CITY),                            # every card
    ("fr/labs/reseau-bruxelles/", NAME),              # 'meets at: name, city'
    ("fr/labs/reseau-bruxelles/", CITY),
    ("fr/agenda/", NAME),                             # every lab's meetings
    ("nl/ruimten/huis-van-de-makers/", CITY),         # the address: 'postcode city'
])
def test_user_text_in_a_line_of_other_text_is_isolated(page: Page, site_url: str, path: str, text: str) -> None:
    if path == "city":  # its address comes from the city's name: follow the country page's link
        page.goto(site_url + "nl/landen/libanon/")
        path = page.locator(f"a:text-is('{CITY}')").first.get_attribute("href").lstrip("/")
    response = page.goto(site_url + path)
    assert response and response.ok, path
    if page.locator("#finder").count():  # its script replaces the list: read the lines it draws, not the ones it drops
        page.wait_for_selector("#finder.finder-ready")
    found = holders(page, text)
    assert found, f"{text} is not on {path}"
    lines = [handle.evaluate(LINE_HTML) for handle in found if not handle.evaluate(ISOLATED)]
    assert not lines, (path, lines)  # the line that holds the name without isolating it, as HTML


@pytest.mark.browser
def test_the_count_stays_after_a_right_to_left_city(page: Page, site_url: str) -> None:
    """On the country's page 'بيروت (1)': the count is drawn to the right of the city, as in every other line."""
    page.goto(site_url + "nl/landen/libanon/")
    link = page.locator(f".finder-places a:text-is('{CITY}')")
    count = link.locator("xpath=following-sibling::span[1]")
    assert link.bounding_box()["x"] + link.bounding_box()["width"] <= count.bounding_box()["x"] + 1
