"""Search in a real Chromium over a real Pagefind index, served under a /repo/ base path, offline.

The page is our own interface on Pagefind's JS API. A search is finished when the search box no longer says
it is busy and its message describes the query: the message is written after the results it counts.
"""
from __future__ import annotations

import json
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from sitetools import build
from support.axe import run_axe
from support.browser import block_external_requests
from support.server import serve_directory

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

SEARCH_PAGE = {"nl": "nl/zoeken/", "fr": "fr/recherche/"}
FOR = {"nl": "voor", "fr": "pour"}
PAGE_SIZE = 10


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "out"
    build("bilingual", out, "https://example.org/repo/")
    return out


@pytest.fixture(scope="module")
def site_url(site_dir: Path) -> Iterator[str]:
    with serve_directory(site_dir, "/repo/") as url:
        yield url


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_facets_offered_are_the_filters_the_pages_carry(site_dir: Path, lang: str) -> None:
    """The search page names its facets by label; entry pages must carry filters of exactly those names."""
    page = (site_dir / SEARCH_PAGE[lang] / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script type="application/json" id="search-config">(.*?)</script>', page).group(1))
    offered = {facet["name"] for facet in config["facets"]}
    carried = set()
    for entry in (site_dir / lang).rglob("index.html"):
        carried |= {match.split(":")[0] for match in re.findall(r'data-pagefind-filter="([^"]+)"',
                                                                 entry.read_text(encoding="utf-8"))}
    assert offered == carried
    assert len({facet["param"] for facet in config["facets"]}) == len(offered)


@pytest.fixture
def requests_made() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, requests_made: list[str]) -> Iterator[Page]:
    context = browser.new_context()
    block_external_requests(context)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if is_problem(message) else None)
    tab.on("request", lambda request: requests_made.append(request.url))
    yield tab
    context.close()
    assert not errors, errors


def is_problem(message: ConsoleMessage) -> bool:
    """A console error or warning, except the refusals of the offline guard (map tiles on entry pages)."""
    return message.type in ("error", "warning") and "ERR_BLOCKED_BY_CLIENT" not in message.text


SETTLED = """(source) => {
  const box = document.getElementById('search');
  const message = document.querySelector('.search-message');
  return !!box && !box.hidden && !box.hasAttribute('aria-busy') && new RegExp(source).test(message.textContent);
}"""


def wait_until_settled(page: Page, message: str) -> str:
    """Wait until no search is running and the message matches `message` (a regular expression)."""
    page.wait_for_function(SETTLED, arg=message, timeout=15000)
    return page.inner_text(".search-message")


def about(lang: str, query: str) -> str:
    """The message for a finished search of `query` (with or without results)."""
    return rf"{FOR[lang]} [“«] ?{re.escape(query)} ?[”»]"


def search(page: Page, site_url: str, lang: str, query: str, address: str = "") -> list[tuple[str, str]]:
    """Open the search page with ?q= (and more of an address), wait for it to finish, return (title, href)s."""
    page.goto(f"{site_url}{SEARCH_PAGE[lang]}?q={quote(query)}{address}")
    wait_until_settled(page, about(lang, query))
    return results(page)


def results(page: Page) -> list[tuple[str, str]]:
    links = page.locator(".search-result-title a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def total(page: Page) -> int:
    found = re.match(r"(\d+)", page.inner_text(".search-message"))
    return int(found.group(1)) if found else 0


def test_a_query_finds_the_expected_space_with_its_place_and_summary(page: Page, site_url: str) -> None:
    found = search(page, site_url, "nl", "verrière")
    assert ("La Verrière", "/repo/nl/ruimten/la-verriere/") in found
    result = page.locator(".search-result", has=page.locator("a", has_text="La Verrière"))
    assert result.locator(".search-result-place").inner_text() == "Ruimte · Luik, België Open voor iedereen"
    assert result.locator(".search-result-summary").inner_text().strip()
    assert result.locator(".search-result-excerpt").count() == 0, "the summary is not repeated by an excerpt"
    assert "Liège" not in result.inner_text(), "the French name, indexed for search, does not leak into the result"
    assert result.locator(".chip").inner_text() == "Open voor iedereen"
    count = total(page)
    results = "resultaat" if count == 1 else "resultaten"
    assert page.inner_text(".search-message") == f"{count} {results} voor “verrière”"


def test_the_french_page_finds_french_pages_only(page: Page, site_url: str) -> None:
    found = search(page, site_url, "fr", "atelier")
    assert found and all(href.startswith("/repo/fr/") for _, href in found), found
    assert re.fullmatch(r"\d+ résultats? pour « atelier »", page.inner_text(".search-message"))


@pytest.mark.parametrize("lang, query, expected", [
    ("nl", "liege", "/repo/nl/ruimten/la-verriere/"),
    ("fr", "liege", "/repo/fr/espaces/la-verriere/"),
    ("nl", "cooperatie", "/repo/nl/ruimten/atelier-du-leman/"),
    ("fr", "geneve", "/repo/fr/espaces/atelier-du-leman/"),
    ("nl", "geneve", "/repo/nl/ruimten/atelier-du-leman/"),
])
def test_accents_do_not_matter(page: Page, site_url: str, lang: str, query: str, expected: str) -> None:
    assert expected in [href for _, href in search(page, site_url, lang, query)]


def test_words_found_are_marked_in_the_excerpt(page: Page, site_url: str) -> None:
    search(page, site_url, "nl", "ambachtslui")
    marks = page.locator(".search-result-excerpt mark")
    assert marks.count() and all(marks.nth(i).inner_text().lower().startswith("ambachtslui")
                                 for i in range(marks.count()))
    assert page.locator(".search-result-excerpt *:not(mark)").count() == 0


def test_no_result_says_so_and_suggests_what_to_do(page: Page, site_url: str) -> None:
    assert search(page, site_url, "fr", "zzzqqq") == []
    assert page.inner_text(".search-message").startswith("Aucun résultat pour « zzzqqq »")


def open_filters(page: Page) -> None:
    page.click(".search-facets summary")
    page.locator(".search-facet").first.wait_for()
    page.wait_for_function("() => !document.getElementById('search').hasAttribute('aria-busy')")


def facet_value(page: Page, facet: str, value: str):
    fieldset = page.locator(".search-facet", has=page.locator("legend", has_text=facet))
    return fieldset.locator("label", has=page.locator(".search-facet-name", has_text=re.compile(f"^{value}$")))


def test_the_first_query_loads_no_filter_file_until_the_filters_are_opened(
        page: Page, site_url: str, requests_made: list[str]) -> None:
    search(page, site_url, "nl", "smart")
    assert not [url for url in requests_made if "/pagefind/filter/" in url]
    open_filters(page)
    assert [url for url in requests_made if "/repo/pagefind/filter/" in url]
    assert facet_value(page, "Land", "België").locator(".search-facet-count").inner_text() != "0"


def test_facets_narrow_combine_and_clear(page: Page, site_url: str) -> None:
    search(page, site_url, "nl", "smart")
    everything = total(page)
    open_filters(page)
    facet_value(page, "Land", "Frankrijk").click()
    wait_until_settled(page, about("nl", "smart"))
    in_france = {href for _, href in results(page)}
    assert in_france == {"/repo/nl/ruimten/le-quai/", "/repo/nl/ruimten/la-fabrique-commune/"}
    assert "country=Frankrijk" in page.url

    # Within a facet, values are alternatives: adding a country widens; its count was counted beside France.
    belgium_count = int(facet_value(page, "Land", "België").locator(".search-facet-count").inner_text())
    facet_value(page, "Land", "België").click()
    wait_until_settled(page, about("nl", "smart"))
    assert total(page) == len(in_france) + belgium_count

    # Across facets, choices narrow each other.
    before = total(page)
    facet_value(page, "Toegang", "Open voor iedereen").click()
    wait_until_settled(page, about("nl", "smart"))
    assert 0 < total(page) < before
    assert page.locator(".search-active .search-chip").count() == 3

    page.get_by_role("button", name="Filters wissen").click()
    wait_until_settled(page, about("nl", "smart"))
    assert total(page) == everything
    assert page.locator(".search-facet input:checked").count() == 0
    assert "country=" not in page.url


def test_a_shared_address_restores_its_filters(page: Page, site_url: str) -> None:
    found = search(page, site_url, "fr", "smart", "&country=France")
    assert {href for _, href in found} == {"/repo/fr/espaces/le-quai/", "/repo/fr/espaces/la-fabrique-commune/"}
    assert page.locator(".search-facets").get_attribute("open") is not None
    page.locator(".search-facet").first.wait_for()
    assert facet_value(page, "Pays", "France").locator("input").is_checked()
    page.get_by_role("button", name="Retirer le filtre : Pays: France").click()
    wait_until_settled(page, about("fr", "smart"))
    assert len(results(page)) > 2


def test_filters_alone_list_what_they_match(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{SEARCH_PAGE['nl']}?country=Zwitserland")
    message = wait_until_settled(page, r"met deze filters")
    assert message == "1 resultaat met deze filters"
    assert results(page) == [("Atelier du Léman", "/repo/nl/ruimten/atelier-du-leman/")]


def test_more_results_come_a_page_at_a_time(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{SEARCH_PAGE['nl']}?type=Ruimte&type=Thema&type=SmartLab&type=Info")
    wait_until_settled(page, r"met deze filters")
    assert total(page) > PAGE_SIZE
    assert len(results(page)) == PAGE_SIZE
    page.get_by_role("button", name="Meer resultaten").click()
    page.wait_for_function("n => document.querySelectorAll('.search-result').length === n", arg=total(page))
    assert page.get_by_role("button", name="Meer resultaten").is_hidden()
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == results(page)[PAGE_SIZE][1]


def test_the_header_field_carries_the_query(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}nl/ruimten/de-koepel/")
    page.fill("#site-search-q", "vergaderzaal gent")
    page.press("#site-search-q", "Enter")
    wait_until_settled(page, about("nl", "vergaderzaal gent"))
    assert page.url.startswith(f"{site_url}nl/zoeken/?q=")
    assert page.input_value("#search-q") == "vergaderzaal gent"
    assert ("De Koepel", "/repo/nl/ruimten/de-koepel/") in results(page)


def test_typing_searches_and_keeps_the_address_in_step(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{SEARCH_PAGE['fr']}")
    wait_until_settled(page, "Tapez un lieu")
    page.fill("#search-q", "gent")
    wait_until_settled(page, about("fr", "gent"))
    assert ("De Koepel", "/repo/fr/espaces/de-koepel/") in results(page)
    assert page.url.endswith("/repo/fr/recherche/?q=gent")


def test_results_resolve_under_the_base_path_and_show_thumbnails(page: Page, site_url: str) -> None:
    found = search(page, site_url, "nl", "makers")
    assert found
    origin = re.match(r"https?://[^/]+", site_url).group(0)
    for _, href in found:
        assert href.startswith("/repo/")
        assert urllib.request.urlopen(origin + href).status == 200
    thumbnail = page.locator(".search-result-image").first
    assert thumbnail.get_attribute("src") == "/repo/thumbs/huis-van-de-makers/gevel.png.webp", "the small thumbnail"
    assert thumbnail.evaluate("image => image.complete && image.naturalWidth > 0")


def test_without_javascript_the_search_page_points_to_the_lists(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    block_external_requests(context)
    tab = context.new_page()
    tab.goto(f"{site_url}fr/recherche/")
    notice = tab.locator("main noscript").first.inner_html()
    search_box_hidden = tab.locator("#search").is_hidden()
    context.close()
    assert "JavaScript" in notice and 'href="/repo/fr/espaces/"' in notice and 'href="/repo/fr/themes/"' in notice
    assert search_box_hidden


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_results_and_open_filters_pass_axe(browser: Browser, site_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    block_external_requests(context)
    tab = context.new_page()
    search(tab, site_url, "nl", "smart", "&access=Open+voor+iedereen")
    tab.locator(".search-facet").first.wait_for()
    wait_until_settled(tab, about("nl", "smart"))
    problems = run_axe(tab)
    context.close()
    assert not problems, problems


def test_lists_of_other_entries_are_not_indexed(page: Page, site_url: str) -> None:
    """A theme page lists the spaces under it; searching a space's name finds the space, not that list."""
    found = search(page, site_url, "nl", "kreuzberg")
    assert [href for _, href in found] == ["/repo/nl/ruimten/werkhof-kreuzberg/"]


def test_an_untranslated_result_keeps_its_language(page: Page, site_url: str) -> None:
    found = search(page, site_url, "nl", "egalite")
    assert ("Égalité en scène", "/repo/nl/labs/egalite-en-scene/") in found
    result = page.locator(".search-result", has=page.locator("a", has_text="Égalité en scène"))
    assert result.locator("a").get_attribute("lang") == "fr"
    assert result.locator(".search-result-summary, .search-result-excerpt").get_attribute("lang") == "fr"
    assert page.title().startswith("egalite · Zoeken")


# -- the index is complete before the site is published (no browser) -----------------------------------------

def test_pagefind_runs_to_its_end_before_the_bundle_is_read(site_dir: Path, tmp_path: Path) -> None:
    """Pagefind's program, waited for: every HTML file found, the bundle whole, the counts those of the pages."""
    from sitegen import search
    site = tmp_path / "site"
    shutil.copytree(site_dir, site, ignore=shutil.ignore_patterns(search.BUNDLE))
    html_files = sum(1 for _ in site.rglob("*.html"))
    assert search.run_pagefind(site, timeout=300) == html_files
    search.verify_bundle(site / search.BUNDLE)
    assert search.indexed_counts(site) == search.indexed_counts(site_dir)


@pytest.mark.parametrize("victim", ["pagefind-entry.json", "fragment", "index", "pf_meta"])
def test_a_bundle_file_cut_short_fails_the_build_by_name(site_dir: Path, tmp_path: Path, victim: str) -> None:
    """An empty pagefind-entry.json used to surface as a JSONDecodeError; a cut fragment or index went unnoticed."""
    from sitegen import search
    from sitegen.diagnostics import BuildFailed
    bundle = tmp_path / search.BUNDLE
    shutil.copytree(site_dir / search.BUNDLE, bundle)
    path = next(path for path in sorted(bundle.rglob("*"))
                if path.is_file() and victim in str(path.relative_to(bundle)))
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2] if victim != "pagefind-entry.json" else b"")
    with pytest.raises(BuildFailed) as failed:
        search.verify_bundle(bundle)
    [problem] = failed.value.diagnostics
    assert Path(problem.path).name == path.name
    assert problem.message == "Pagefind wrote this file of the search index incompletely; build again"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_example_of_the_search_hint_finds_something(page: Page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}{SEARCH_PAGE[lang]}")
    hint = page.inner_text("#search-examples")
    examples = [part.strip(" .") for part in hint.split(":", 1)[1].split(",")]
    assert len(examples) == 3
    for example in examples:
        assert search(page, site_url, lang, example), example


@pytest.mark.parametrize("lang, word, expected", [
    ("nl", "coaching", "huis-van-de-makers"), ("fr", "coaching", "huis-van-de-makers"),
    ("nl", "wifi", "de-koepel"), ("fr", "wifi", "de-koepel"),
    ("nl", "vergaderzaal", "le-quai"), ("fr", "vergaderzalen", "le-quai"), ("nl", "reunion", "le-quai"),
    ("fr", "salle de réunion", "le-quai"),
])
def test_a_service_word_finds_the_spaces_that_offer_it_in_either_language(page: Page, site_url: str, lang: str,
                                                                           word: str, expected: str) -> None:
    found = [href for _, href in search(page, site_url, lang, word)]
    assert any(href.endswith(f"/{expected}/") for href in found), found
