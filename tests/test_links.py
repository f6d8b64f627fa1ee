"""The link crawler: every internal link of every built page points at something that exists.

Each site is built twice, at the root of a host and under a sub-path (as on GitHub Pages), so
links that forget the base path are caught.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from support import FIXTURES_DIR, REAL_CONTENT_DIR, BuildSite
from support.server import serve_directory

CONTENT_DIRS: dict[str, Path] = {
    "bilingual": FIXTURES_DIR / "bilingual",
    "real": REAL_CONTENT_DIR,
}
ROOT_BASE_URL = "https://example.org/"
SUB_PATH_BASE_URL = "https://example.org/repo/"
NOT_FOUND_PAGE = "404.html"
HTTP_SAMPLE_SIZE = 20

# Attributes holding one URL, per element; srcset attributes are handled separately.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
}
SRCSET_ELEMENTS = frozenset({"img", "source"})
FRAGMENTS_ALWAYS_VALID = frozenset({"", "top"})


# --- Parsing pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    element: str
    attribute: str
    url: str


@dataclass
class ParsedPage:
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base_href: str | None = None


class PageParser(HTMLParser):
    """Collects the URLs a page refers to, the ids it defines and its <base href>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        self._collect_id(tag, values)
        self._collect_urls(tag, values)
        if tag == "base" and "href" in values and self.page.base_href is None:
            self.page.base_href = values["href"]

    handle_startendtag = handle_starttag

    def _collect_id(self, tag: str, values: dict[str, str]) -> None:
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])

    def _collect_urls(self, tag: str, values: dict[str, str]) -> None:
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                self.page.links.append(Link(tag, attribute, values[attribute].strip()))
        if tag in SRCSET_ELEMENTS and "srcset" in values:
            for url in srcset_urls(values["srcset"]):
                self.page.links.append(Link(tag, "srcset", url))


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset: comma-separated candidates of 'url [descriptor]'."""
    candidates = (candidate.strip() for candidate in srcset.split(","))
    return [candidate.split()[0] for candidate in candidates if candidate]


@cache
def parse_page(path: Path) -> ParsedPage:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


# --- A built site and its URLs ------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    name: str
    output: Path
    base_url: str

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def page_url(self, path: Path) -> str:
        """The URL a file is published at; `x/index.html` is published at `<base>x/`."""
        relative = path.relative_to(self.output).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative.removesuffix("index.html")
        return self.base_url + relative

    def is_internal(self, absolute_url: str) -> bool:
        parts = urlsplit(absolute_url)
        return parts.scheme in {"http", "https"} and parts.netloc == self.host

    def file_for(self, absolute_url: str) -> Path | None:
        """The output file an internal URL serves, or None when nothing is published there."""
        path = unquote(urlsplit(absolute_url).path)
        if not path.startswith(self.base_path):
            return None
        candidate = self.output / path.removeprefix(self.base_path)
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def display(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()


def build_at(build_site: BuildSite, name: str, base_url: str) -> BuiltSite:
    content_dir = CONTENT_DIRS[name]
    return BuiltSite(name, build_site(content_dir, base_url), base_url)


SITE_PARAMS = [
    pytest.param((name, base_url), id=f"{name}-{'sub-path' if base_url.endswith('/repo/') else 'root'}")
    for name in CONTENT_DIRS
    for base_url in (ROOT_BASE_URL, SUB_PATH_BASE_URL)
]


@pytest.fixture(scope="module", params=SITE_PARAMS)
def site(request: pytest.FixtureRequest, build_site: BuildSite) -> BuiltSite:
    name, base_url = request.param
    return build_at(build_site, name, base_url)


@pytest.fixture(scope="module", params=list(CONTENT_DIRS))
def sub_path_site(request: pytest.FixtureRequest, build_site: BuildSite) -> BuiltSite:
    return build_at(build_site, request.param, SUB_PATH_BASE_URL)


# --- Checking links -----------------------------------------------------------------------------


def internal_links(site: BuiltSite, page_path: Path) -> list[tuple[Link, str]]:
    """The page's links to its own site, each with its absolute URL."""
    page = parse_page(page_path)
    page_url = site.page_url(page_path)
    resolve_against = urljoin(page_url, page.base_href) if page.base_href else page_url
    resolved = [(link, urljoin(resolve_against, link.url)) for link in page.links if link.url]
    return [(link, url) for link, url in resolved if site.is_internal(url)]


def link_problem(site: BuiltSite, absolute_url: str) -> str | None:
    """Why an internal URL is broken, or None when its target (and fragment) exist."""
    target = site.file_for(absolute_url)
    if target is None:
        return "no such file in the output"
    fragment = unquote(urlsplit(absolute_url).fragment)
    if fragment in FRAGMENTS_ALWAYS_VALID or target.suffix != ".html":
        return None
    if fragment not in parse_page(target).ids:
        return f"no id {fragment!r} in {site.display(target)}"
    return None


def broken_links(site: BuiltSite) -> list[str]:
    problems: list[str] = []
    for page_path in site.html_files():
        for link, url in internal_links(site, page_path):
            problem = link_problem(site, url)
            if problem:
                where = f"{link.element} {link.attribute}"
                problems.append(f"{site.display(page_path)} → {link.url} ({where}: {problem})")
    return problems


def leaves_base_path(site: BuiltSite, link: Link) -> bool:
    """True for an absolute-path or same-host absolute link that is not under the base path."""
    parts = urlsplit(link.url)
    if parts.netloc:
        return parts.netloc == site.host and not parts.path.startswith(site.base_path)
    return parts.path.startswith("/") and not parts.path.startswith(site.base_path)


def links_outside_base_path(site: BuiltSite) -> list[str]:
    problems: list[str] = []
    for page_path in site.html_files():
        for link, _ in internal_links(site, page_path):
            if leaves_base_path(site, link):
                problems.append(f"{site.display(page_path)} → {link.url} (not under {site.base_path})")
    return problems


def report(title: str, problems: list[str]) -> str:
    return f"{len(problems)} {title}:\n" + "\n".join(problems)


# --- Tests --------------------------------------------------------------------------------------


def test_site_has_pages(site: BuiltSite) -> None:
    assert site.html_files(), f"no .html files in {site.output}"


def test_internal_links_resolve(site: BuiltSite) -> None:
    problems = broken_links(site)
    assert not problems, report(f"broken internal links in {site.name} at {site.base_url}", problems)


def test_absolute_links_stay_under_base_path(site: BuiltSite) -> None:
    problems = links_outside_base_path(site)
    assert not problems, report(f"links escaping the base path in {site.name} at {site.base_url}", problems)


def works_at_any_depth(site: BuiltSite, link: Link) -> bool:
    """True for links that mean the same from any URL: under the base path, or fragment-only."""
    if link.url.startswith("#"):
        return True
    parts = urlsplit(link.url)
    if parts.netloc:
        return link.url.startswith(site.base_url) or link.url.startswith("//" + site.host + site.base_path)
    return parts.path.startswith(site.base_path)


def test_not_found_page_works_at_any_depth(site: BuiltSite) -> None:
    """404.html is served for any missing URL, so its links cannot be relative."""
    not_found = site.output / NOT_FOUND_PAGE
    assert not_found.is_file(), f"{NOT_FOUND_PAGE} is missing from {site.output}"
    problems = [
        f"{NOT_FOUND_PAGE} → {link.url} ({link.element} {link.attribute})"
        for link, _ in internal_links(site, not_found)
        if not works_at_any_depth(site, link)
    ]
    assert not problems, report(f"links of {NOT_FOUND_PAGE} not starting with {site.base_path}", problems)


def http_sample(site: BuiltSite, size: int) -> list[Path]:
    """Up to `size` pages spread evenly over the sorted list of pages (404.html excluded)."""
    pages = [path for path in site.html_files() if site.display(path) != NOT_FOUND_PAGE]
    step = max(1, len(pages) // size)
    return pages[::step][:size]


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def test_sample_pages_served_under_sub_path(sub_path_site: BuiltSite) -> None:
    site = sub_path_site
    with serve_directory(site.output, site.base_path) as served_base:
        failures = []
        for path in http_sample(site, HTTP_SAMPLE_SIZE):
            url = served_base + site.page_url(path).removeprefix(site.base_url)
            status = fetch_status(url)
            if status != 200:
                failures.append(f"{url} → HTTP {status}")
    assert not failures, report("sample pages not served with 200", failures)
