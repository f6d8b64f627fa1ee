"""The map in Chromium with every tile request blocked: markers, clusters, popups, keyboard, no errors."""
from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from sitegen.build import build_site
from sitetools import REPO, build
from support.server import serve_directory

sys.path.insert(0, str(REPO))
from benchmark import make_content  # noqa: E402  (the synthetic directory generator)

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

TILE_HOST = "tile.openstreetmap.org"
COUNT_MARKERS = r"""el => {
  let total = 0;
  for (const icon of el.querySelectorAll('.leaflet-marker-icon')) {
    total += icon.classList.contains('finder-cluster') ? parseInt(icon.textContent.replace(/\D/g, ''), 10) : 1;
  }
  return total;
}"""


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    out = tmp_path_factory.mktemp("map") / "out"
    build("bilingual", out, "https://example.org/repo/")
    with serve_directory(out, "/repo/") as url:
        yield url, out


class Visit:
    """A page with every non-local request blocked; it records blocked tile requests and console errors."""

    def __init__(self, browser: Browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.tiles: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)

    def _route(self, route) -> None:
        address = route.request.url
        if address.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            self.tiles.append(address) if TILE_HOST in address else None
            route.abort("blockedbyclient")

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if "ERR_BLOCKED_BY_CLIENT" not in e and TILE_HOST not in e]

    def close(self) -> None:
        self.context.close()


def markers_on(visit: Visit, selector: str) -> int:
    """The markers the map shows once it has settled: while it zooms to its spaces, the clusters of the old
    zoom level and of the new one are both on the map for a moment."""
    visit.page.wait_for_selector(f"{selector}[data-markers]", timeout=15000)
    counts = [-1]
    for _ in range(40):
        counts.append(visit.page.eval_on_selector(selector, COUNT_MARKERS))
        if counts[-1] == counts[-2]:
            break
        visit.page.wait_for_timeout(400)
    return counts[-1]


def located(site: Path) -> list[dict]:
    return json.loads((site / "data" / "spaces.geojson").read_text())["features"]


@pytest.mark.parametrize("lang, path", [("nl", "nl/kaart/"), ("fr", "fr/carte/")])
def test_every_space_with_coordinates_has_a_marker(browser: Browser, bilingual: tuple[str, Path], lang: str,
                                                   path: str) -> None:
    url, site = bilingual
    visit = Visit(browser, url + path)
    assert markers_on(visit, "#finder-map") == len(located(site)) == 5
    assert visit.tiles, "the map asks the configured tile server for tiles"
    assert not visit.unexpected_errors(), visit.unexpected_errors()
    visit.close()


@pytest.mark.parametrize("lang, path, expected", [
    ("nl", "nl/kaart/", "/repo/nl/ruimten/werkhof-kreuzberg/"),
    ("fr", "fr/carte/", "/repo/fr/espaces/werkhof-kreuzberg/"),
])
def test_a_popup_opened_from_the_keyboard_links_to_the_page_in_its_language(
        browser: Browser, bilingual: tuple[str, Path], lang: str, path: str, expected: str) -> None:
    url, _ = bilingual
    visit = Visit(browser, url + path)
    markers_on(visit, "#finder-map")
    marker = visit.page.locator(".leaflet-marker-icon[alt='Werkhof Kreuzberg']")
    assert marker.get_attribute("tabindex") == "0", "markers can be reached with Tab"
    marker.focus()
    visit.page.keyboard.press("Enter")
    link = visit.page.locator(".leaflet-popup-content a").first
    link.wait_for(timeout=5000)
    assert link.get_attribute("href") == expected
    assert "Berlin" in visit.page.inner_text(".leaflet-popup-content")
    assert not visit.unexpected_errors()
    visit.close()


def test_a_space_page_shows_its_own_place(browser: Browser, bilingual: tuple[str, Path]) -> None:
    url, _ = bilingual
    visit = Visit(browser, url + "fr/espaces/huis-van-de-makers/")
    assert markers_on(visit, "#map-space") == 1
    assert visit.page.get_attribute("#map-space .leaflet-marker-icon", "alt") == "Maison des Créateurs"
    assert not visit.unexpected_errors()
    visit.close()


def test_the_map_page_lists_every_space_without_javascript(bilingual: tuple[str, Path]) -> None:
    _, site = bilingual
    html = (site / "nl/kaart/index.html").read_text()
    for slug in ("atelier-kanaal", "de-koepel", "le-quai", "atelier-du-leman", "werkhof-kreuzberg"):
        assert f'href="/repo/nl/ruimten/{slug}/"' in html


def test_many_markers_are_clustered_and_counted_by_their_content(browser: Browser,
                                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("many")
    (work / "content").mkdir()
    make_content(work / "content", 120)
    build_site(work / "content", work / "out", "http://127.0.0.1/")
    with serve_directory(work / "out", "/") as url:
        visit = Visit(browser, url + "nl/kaart/")
        assert markers_on(visit, "#finder-map") == 120
        assert visit.page.locator("#finder-map .finder-cluster").count() > 0
        assert not visit.unexpected_errors()
        visit.close()


def test_the_map_keeps_its_height_while_loading(bilingual: tuple[str, Path]) -> None:
    _, site = bilingual
    css = next((site / "assets").glob("site.css")).read_text()
    assert ".map { height:" in css


HOSTILE_CREDIT = ('https://www.openstreetmap.org/copyright"onmouseover="alert(document.domain)"'
                  'style="position:fixed;inset:0;display:block"x="')


def with_credit(html: str, url: str) -> str:
    """The page with another credit address, written the way Jinja writes it: in the finder's JSON settings
    (`tojson`), or in a space's map's data attribute (HTML-escaped)."""
    found = re.search(r'(<script type="application/json" id="finder-config">)(.*?)(</script>)', html, re.S)
    if found:
        settings = json.loads(found[2])
        settings["credit"]["url"] = url
        written = json.dumps(settings).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return html[:found.start(2)] + written + html[found.end(2):]
    escaped = url.replace("&", "&amp;").replace('"', "&#34;")
    return re.sub(r'data-attribution-url="[^"]*"', f'data-attribution-url="{escaped}"', html)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["nl/kaart/index.html", "fr/espaces/huis-van-de-makers/index.html"])
def test_a_credit_url_that_would_close_its_attribute_runs_no_script(browser: Browser, bilingual: tuple[str, Path],
                                                                   tmp_path: Path, path: str) -> None:
    """check refuses such a URL; should one reach a page all the same (as HTML-escaped data, the way Jinja writes
    it), the map builds its credit as DOM nodes: the link carries the text as its address, no handler exists."""
    _, site = bilingual
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / path
    html = page.read_text(encoding="utf-8")
    page.write_text(with_credit(html, HOSTILE_CREDIT), encoding="utf-8")
    with serve_directory(copy, "/repo/") as url:
        visit = Visit(browser, url + path.removesuffix("index.html"))
        dialogs: list[str] = []
        visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        markers_on(visit, ".map")
        credit = visit.page.locator(".leaflet-control-attribution a").last
        # as written, or as URL() writes it
        assert credit.get_attribute("href") in (HOSTILE_CREDIT, HOSTILE_CREDIT.replace('"', "%22"))
        assert credit.inner_text() == "OpenStreetMap"
        assert visit.page.locator("[onmouseover], [style*='inset']").count() == 0
        visit.page.mouse.move(200, 200)
        credit.hover()
        assert dialogs == [] and not visit.unexpected_errors(), (dialogs, visit.errors)
        visit.close()


def test_no_script_builds_html_from_strings() -> None:
    """Every script of ours builds DOM nodes: no innerHTML, outerHTML, insertAdjacentHTML or document.write."""
    scripts = [path for path in (REPO / "templates" / "assets").glob("*.js")]
    inline = re.findall(r"<script>(.*?)</script>", "".join(p.read_text() for p in (REPO / "templates").glob("*.html")),
                        re.S)
    for source in [path.read_text(encoding="utf-8") for path in scripts] + inline:
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source), source[:200]
