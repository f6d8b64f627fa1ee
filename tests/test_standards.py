"""Standards: a sample of every kind of page passes the Nu HTML Checker and axe-core.

Every generated page marks its kind on <body data-page-type="…">; the sample holds the first two
pages (by path) of each (page type, language) pair.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from support.axe import run_axe
from support.browser import block_external_requests
from support.server import serve_directory
from support.vnu import check_html

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

PAGES_PER_GROUP = 2
PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
# Every page type the finder issue made or changed is also checked on a phone.
PHONE_CHECKED_TYPES = frozenset({"home", "space", "spaces", "country", "city", "map", "search"})
COMMON_PAGE_TYPES = frozenset(
    {"home", "spaces", "country", "city", "space", "themes", "theme", "page", "language-choice", "not-found",
     "map", "search", "agenda"}
)
EXPECTED_PAGE_TYPES: dict[str, frozenset[str]] = {
    "bilingual_site": COMMON_PAGE_TYPES | {"lab", "journal"},
    "real_site": COMMON_PAGE_TYPES,
}
PAGE_LOAD_TIMEOUT_MS = 30_000


# --- Reading page types -------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    path: Path
    page_type: str | None
    lang: str | None


class PageTypeParser(HTMLParser):
    """Reads <html lang> and <body data-page-type>; ignores the rest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.page_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "body":
            self.page_type = values.get("data-page-type")


def read_page_info(path: Path) -> PageInfo:
    parser = PageTypeParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return PageInfo(path, parser.page_type, parser.lang)


def site_pages(output: Path) -> list[PageInfo]:
    return [read_page_info(path) for path in sorted(output.rglob("*.html"))]


def sample_pages(pages: list[PageInfo]) -> list[PageInfo]:
    """The first PAGES_PER_GROUP pages (by path) of each (page type, lang) group."""
    groups: dict[tuple[str | None, str | None], list[PageInfo]] = defaultdict(list)
    for page in pages:
        groups[(page.page_type, page.lang)].append(page)
    return [page for key in sorted(groups, key=str) for page in groups[key][:PAGES_PER_GROUP]]


def describe(page: PageInfo, output: Path) -> str:
    return f"{page.path.relative_to(output).as_posix()} [{page.page_type}, {page.lang}]"


# --- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(EXPECTED_PAGE_TYPES))
def site_fixture_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def site_output(request: pytest.FixtureRequest, site_fixture_name: str) -> Path:
    output: Path = request.getfixturevalue(site_fixture_name)
    return output


# --- Tests --------------------------------------------------------------------------------------


def test_every_page_declares_type_and_language(site_output: Path) -> None:
    problems = [
        describe(page, site_output)
        for page in site_pages(site_output)
        if not page.page_type or not page.lang
    ]
    assert not problems, (
        f"{len(problems)} pages without <body data-page-type> or <html lang>:\n" + "\n".join(problems)
    )


def test_every_page_type_is_built(site_fixture_name: str, site_output: Path) -> None:
    built = {page.page_type for page in site_pages(site_output)}
    missing = sorted(EXPECTED_PAGE_TYPES[site_fixture_name] - built)
    assert not missing, f"no page of type {', '.join(missing)} (built: {', '.join(sorted(map(str, built)))})"


@pytest.mark.java
def test_sample_pages_pass_nu_html_checker(site_output: Path) -> None:
    sample = sample_pages(site_pages(site_output))
    errors = [error.replace(f"{site_output}/", "") for error in check_html([page.path for page in sample])]
    assert not errors, f"{len(errors)} Nu HTML Checker errors in {len(sample)} pages:\n" + "\n".join(errors)


@dataclass(frozen=True)
class ServedSite:
    output: Path
    base_url: str

    def url_for(self, path: Path) -> str:
        """The served URL of a file; `x/index.html` is served at `<base>x/`."""
        relative = path.relative_to(self.output).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative.removesuffix("index.html")
        return self.base_url + relative


def axe_problems(page: Page, url: str, label: str) -> list[str]:
    response = page.goto(url, wait_until="networkidle", timeout=PAGE_LOAD_TIMEOUT_MS)
    status = response.status if response else None
    problems = [f"{label}: HTTP {status}"] if status != 200 else []
    return problems + [f"{label}: {violation}" for violation in run_axe(page)]


def check_accessibility(
    browser: Browser, site: ServedSite, sample: list[PageInfo], viewport: dict[str, int]
) -> list[str]:
    """Run axe on each sample page at one viewport size; returns every problem found."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    block_external_requests(context)
    page = context.new_page()
    size = f"{viewport['width']}x{viewport['height']}"
    problems: list[str] = []
    try:
        for info in sample:
            label = f"{describe(info, site.output)} at {size}"
            problems += axe_problems(page, site.url_for(info.path), label)
    finally:
        context.close()
    return problems


def test_sample_pages_pass_axe(browser: Browser, site_output: Path) -> None:
    sample = sample_pages(site_pages(site_output))
    phone_sample = [page for page in sample if page.page_type in PHONE_CHECKED_TYPES]
    with serve_directory(site_output) as served_base:
        site = ServedSite(site_output, served_base)
        problems = check_accessibility(browser, site, sample, DESKTOP_VIEWPORT)
        problems += check_accessibility(browser, site, phone_sample, PHONE_VIEWPORT)
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)
