"""The finder in Debian's Chromium, offline (tiles blocked), on the "finder" fixture served under /repo/.

The fixture has five spaces with known places and hours: Kantoor Gent (BE, open Mo-Fr 09:00-18:00), Atelier
Brussel (BE, members, no hours), Quai Lille (FR, Tu-Sa 10:00-18:00), a hostile name with a city in Hebrew
letters (BE, 24/7), and Zonder Ligging (NL, no coordinates).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from sitegen.build import build_site
from sitetools import REPO, build
from support.axe import run_axe
from support.server import serve_directory

sys.path.insert(0, str(REPO))
from benchmark import make_content  # noqa: E402  (the synthetic directory generator)

pytestmark = pytest.mark.browser
SPACES = {"nl": "nl/ruimten/", "fr": "fr/espaces/"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
BRUSSELS = dt.timezone(dt.timedelta(hours=1))  # December: Europe/Brussels is UTC+1
HOSTILE = "<img src=x onerror=\"alert('name')\"> O'Neil \"&\" <b>Co</b>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    out = tmp_path_factory.mktemp("finder") / "out"
    build("finder", out, "https://example.org/repo/")
    with serve_directory(out, "/repo/") as url:
        yield url, out


class Visit:
    """A browser context with only 127.0.0.1 reachable; it records errors, dialogs and blocked tile requests."""

    def __init__(self, browser: Browser, viewport: dict[str, int] = DESKTOP, **options: object) -> None:
        self.context: BrowserContext = browser.new_context(viewport=viewport, **options)  # type: ignore[arg-type]
        self.problems: list[str] = []
        self.tiles: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("dialog", lambda dialog: self.problems.append(f"dialog: {dialog.message}"))
        self.page.on("console", lambda message: self.problems.append(message.text)
                     if message.type in ("error", "warning") and "ERR_BLOCKED_BY_CLIENT" not in message.text else None)

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            self.tiles.append(route.request.url)
            route.abort("blockedbyclient")

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("#finder.finder-ready")
        return self.page

    def close(self) -> None:
        self.context.close()
        assert not self.problems, self.problems


def names(page: Page) -> list[str]:
    """The listed names. Their text, not innerText: a card is content-visibility:auto, and Chromium gives an empty
    innerText for one inserted since the last frame."""
    return page.locator(".finder-results .fcard-title").all_text_contents()


def status(page: Page) -> str:
    return page.inner_text(".finder-status")


def params(page: Page) -> list[tuple[str, str]]:
    """The address's parameters, once the finder has written them (it does, a timer's tick after the list)."""
    page.evaluate("() => new Promise(done => setTimeout(() => setTimeout(done, 0), 0))")
    return parse_qsl(urlsplit(page.url).query)


def count_of(page: Page, value: str) -> int:
    label = page.locator(f".finder-values label:has(input[value='{value}'])")
    return int(label.locator(".finder-value-count").inner_text())


def test_filters_show_counts_and_combine_or_within_a_group_and_across_groups(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser)
    page = visit.open(url + SPACES["nl"])
    assert status(page) == "5 ruimten"
    page.click(".finder-filters-button")
    assert (count_of(page, "BE"), count_of(page, "FR"), count_of(page, "NL")) == (3, 1, 1)
    assert (count_of(page, "open"), count_of(page, "members")) == (3, 2)
    page.check(".finder-values input[value='BE']")
    assert sorted(names(page)) == sorted(["Atelier Brussel", "Kantoor Gent", HOSTILE])
    assert status(page) == "3 van 5 ruimten"
    assert count_of(page, "FR") == 1, "a country's count is what ticking it would give, beside BE"
    assert (count_of(page, "open"), count_of(page, "members")) == (2, 1), "other groups count within BE"
    page.check(".finder-values input[value='FR']")
    assert len(names(page)) == 4, "BE or FR"
    page.check(".finder-values input[value='members']")
    assert sorted(names(page)) == ["Atelier Brussel", "Quai Lille"], "(BE or FR) and members only"
    assert page.inner_text(".finder-show") == "Toon 2 ruimten"
    page.check(".finder-values input[value='coaching']")
    assert names(page) == ["Quai Lille"]
    assert params(page) == [("country", "BE"), ("country", "FR"), ("access", "members"), ("service", "coaching")]
    page.click(".finder-show")
    chips = page.locator(".finder-chip")
    assert chips.count() == 4
    chips.first.click()
    assert ("country", "FR") in params(page) and ("country", "BE") not in params(page)
    visit.close()


def test_the_state_in_the_address_survives_a_reload_and_sets_every_control(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser)
    address = "?country=BE&service=wifi&near=51.0500,3.7200&open=now&sort=name&view=map"
    page = visit.open(url + SPACES["fr"] + address)
    expected = [("country", "BE"), ("service", "wifi"), ("near", "51.0500,3.7200"), ("open", "now"),
                ("sort", "name"), ("view", "map")]
    assert params(page) == expected
    assert page.get_attribute(".finder-open", "aria-pressed") == "true"
    assert page.get_attribute(".finder-near", "aria-pressed") == "true"
    assert page.eval_on_selector(".finder-sort-select", "s => s.value") == "name"
    page.click(".finder-filters-button")
    assert page.is_checked(".finder-values input[value='BE']") and page.is_checked(".finder-values input[value='wifi']")
    first = names(page)
    page.reload()
    page.wait_for_selector("#finder.finder-ready")
    assert params(page) == expected and names(page) == first
    page.goto(url + SPACES["fr"] + "?country=XX&kind=nonsense&near=999,0")
    page.wait_for_selector("#finder.finder-ready")
    assert params(page) == [] and len(names(page)) == 5, "unknown values are dropped, not obeyed"
    visit.close()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def shown_km(text: str) -> float:
    number = float(re.sub(r"[^\d,.]", "", text).replace(",", "."))
    return number / 1000 if text.strip().endswith(" m") else number


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_near_me_sorts_by_distance_and_shows_distances_right_to_100_m(browser: Browser, site, lang: str) -> None:
    url, out = site
    here = (51.0500, 3.7200)
    visit = Visit(browser, geolocation={"latitude": here[0], "longitude": here[1]}, permissions=["geolocation"])
    page = visit.open(url + SPACES[lang])
    page.click(".finder-near")
    page.wait_for_function("() => document.querySelector('.finder-near').getAttribute('aria-pressed') === 'true'")
    assert ("sort", "distance") in params(page)
    features = json.loads((out / "data/spaces.geojson").read_text())["features"]
    points = {f["properties"]["name"][lang]: f["geometry"]["coordinates"] for f in features}
    expected = sorted(points, key=lambda name: haversine_km(*here, points[name][1], points[name][0]))
    assert names(page) == expected + ["Zonder Ligging"], "nearest first; a space without a place last"
    for card in page.locator(".finder-results .fcard").all():
        name = card.locator(".fcard-title").text_content()
        if name in points:
            true_km = haversine_km(*here, points[name][1], points[name][0])
            assert abs(shown_km(card.locator(".fcard-distance").text_content() or "") - true_km) <= 0.1, name
    assert not any("near=" in request for request in visit.tiles), "the location is not sent anywhere"
    visit.close()


def test_near_a_city_typed_in(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser)
    page = visit.open(url + SPACES["fr"])
    page.click(".finder-filters-button")
    page.fill("#finder-place-input", "lille")
    page.press("#finder-place-input", "Enter")
    assert names(page)[0] == "Quai Lille" and "Lille" in status(page)
    visit.close()


@pytest.mark.parametrize("moment, kantoor, lille", [
    (dt.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS), "Nu open · tot 18:00", "Nu open · tot 18:00"),  # a Tuesday
    (dt.datetime(2026, 12, 1, 8, 0, tzinfo=BRUSSELS), "Nu gesloten · opent om 09:00", "Nu gesloten · opent om 10:00"),
    (dt.datetime(2026, 12, 6, 10, 0, tzinfo=BRUSSELS), "Nu gesloten", "Nu gesloten"),  # a Sunday
])
def test_open_now_by_the_clock_of_the_place(browser: Browser, site, moment: dt.datetime, kantoor: str,
                                            lille: str) -> None:
    url, _ = site
    visit = Visit(browser)
    visit.page.clock.install(time=moment)
    page = visit.open(url + SPACES["nl"])
    hours = {card.locator(".fcard-title").text_content(): card.locator(".fcard-live").text_content()
             for card in page.locator(".finder-results .fcard").all()}
    assert hours["Kantoor Gent"] == kantoor and hours["Quai Lille"] == lille
    assert hours["Atelier Brussel"] == "", "no hours: nothing is claimed"
    page.click(".finder-open")
    expected = {"Kantoor Gent", HOSTILE} if kantoor.startswith("Nu open") else {HOSTILE}
    assert set(names(page)) >= expected and "Atelier Brussel" not in names(page)
    assert page.inner_text(".finder-holidays").startswith("‘Nu open’ volgt de gewone openingsuren")
    visit.close()


def test_a_space_page_says_if_it_is_open_now(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser, viewport=PHONE)
    visit.page.clock.install(time=dt.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS))
    visit.page.goto(url + "fr/espaces/kantoor-gent/")
    line = visit.page.locator(".space-now")
    line.locator(".space-now-state:not(:empty)").wait_for()
    assert line.inner_text() == "Ouvert maintenant · jusqu’à 18:00 (aujourd’hui 09:00–18:00)"
    visit.close()


def test_list_and_map_toggle_on_a_phone(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser, viewport=PHONE)
    page = visit.open(url + SPACES["nl"])
    assert page.is_visible(".finder-list") and not page.is_visible("#finder-map")
    scripts = page.eval_on_selector_all("script[src]", "s => s.map(e => e.src)")
    assert not any("leaflet" in script for script in scripts), "Leaflet is not loaded while the map is hidden"
    page.click(".finder-views button[data-view='map']")
    page.wait_for_selector("#finder-map[data-markers='4']")
    assert not page.is_visible(".finder-list")
    box = page.locator("#finder-map").bounding_box()
    assert box and box["height"] >= 0.6 * PHONE["height"], "the map takes the screen"
    assert ("view", "map") in params(page)
    page.locator(".finder-map-notice").wait_for(state="visible")
    assert "kaartachtergrond" in page.inner_text(".finder-map-notice"), "blocked tiles are announced"
    page.wait_for_selector("#finder-map .finder-outline")
    page.click(".finder-views button[data-view='list']")
    assert page.is_visible(".finder-list") and not page.is_visible("#finder-map")
    assert ("view", "map") not in params(page)
    visit.close()


def test_keyboard_only_filters_and_map(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser)
    page = visit.open(url + SPACES["nl"])
    page.focus(".finder-filters-button")
    page.keyboard.press("Enter")
    assert page.is_visible(".finder-sheet")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "FR":
            break
    page.keyboard.press("Space")
    assert names(page) == ["Quai Lille"]
    page.keyboard.press("Escape")
    assert not page.is_visible(".finder-sheet")
    assert page.evaluate("document.activeElement.classList.contains('finder-filters-button')"), "focus goes back"
    page.wait_for_selector("#finder-map[data-markers='1']")
    marker = page.locator("#finder-map .leaflet-marker-icon[title='Quai Lille']")
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".finder-popup")
    popup.wait_for()
    assert popup.locator("a").first.get_attribute("href") == "/repo/nl/ruimten/quai-lille/"
    page.wait_for_function("() => document.querySelector('.finder-popup-summary').textContent.length > 0")
    assert "Werken aan de kaai." in popup.inner_text()
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Inzoomen"
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Sluiten"
    visit.close()


def test_a_hostile_name_and_a_right_to_left_city_are_text_everywhere(browser: Browser, site) -> None:
    url, _ = site
    visit = Visit(browser)
    page = visit.open(url + SPACES["nl"])
    assert HOSTILE in names(page)
    assert page.locator("#finder img[src='x'], #finder b").count() == 0, "no markup from the data"
    page.click(".finder-filters-button")
    city = page.locator(".finder-values label", has_text="אנטוורפן")
    assert city.count() == 1
    city.locator("input").check()
    page.keyboard.press("Escape")
    assert names(page) == [HOSTILE]
    page.wait_for_selector("#finder-map[data-markers='1']")
    marker = page.locator(".leaflet-marker-icon")
    assert marker.get_attribute("title") == HOSTILE
    marker.click()
    popup = page.locator(".finder-popup")
    popup.wait_for()
    page.wait_for_function("() => document.querySelector('.finder-popup-summary').textContent.length > 0")
    assert HOSTILE in popup.inner_text() and "<script>alert('summary')</script>" in popup.inner_text()
    assert popup.locator("img, b, script").count() == 0
    page.goto(url + "nl/ruimten/vijandig/")
    assert page.locator("h1").inner_text() == HOSTILE
    visit.close()


def test_the_finder_has_no_accessibility_violations(browser: Browser, site) -> None:
    url, _ = site
    problems = []
    for lang in ("nl", "fr"):
        for viewport in (PHONE, DESKTOP):
            visit = Visit(browser, viewport=viewport)
            page = visit.open(url + SPACES[lang] + "?near=51.05,3.72&view=map")
            page.wait_for_selector("#finder-map[data-markers]")
            problems += [f"{lang} {viewport['width']}: {v}" for v in run_axe(page)]
            page.click(".finder-filters-button")
            problems += [f"{lang} {viewport['width']} sheet: {v}" for v in run_axe(page)]
            visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_without_javascript_every_space_is_on_exactly_one_page_of_its_lists(
        browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("paged")
    (work / "content").mkdir()
    make_content(work / "content", 120)
    build_site(work / "content", work / "out", "http://127.0.0.1/")
    with serve_directory(work / "out", "/") as url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        seen: list[str] = []
        address: str | None = url + "nl/ruimten/"
        while address:
            page.goto(address)
            cards = page.locator(".fcard-title")
            assert cards.count() <= 50
            seen += cards.evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert page.is_visible(".pager") and page.is_visible(".finder-country")
            following = page.locator(".pager a[rel=next]")
            address = url + following.get_attribute("href").lstrip("/") if following.count() else None
        assert len(seen) == len(set(seen)) == 120
        assert page.url.endswith("/nl/ruimten/pagina/3/") and page.title().startswith("Alle ruimten (pagina 3 van 3)")
        assert not page.is_visible(".finder-bar"), "the finder's controls need JavaScript and are not shown"
        context.close()
