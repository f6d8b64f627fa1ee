"""The address booklet: one A5 PDF per language, read back with poppler (pdftotext, pdfinfo, pdffonts, pdftohtml)
and its QR codes with zbar (zbarimg). The page numbers of the contents, of the index and of the bookmarks are
checked against the pages where the entries really start."""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
import subprocess
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import format_date

from sitegen import booklet
from sitetools import build
from support import FIXTURES_DIR, REAL_CONTENT_DIR, REPO_ROOT, BuildSite

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

CONTENT_DIRS = {"bilingual": FIXTURES_DIR / "bilingual", "real": REAL_CONTENT_DIR}
LANGUAGES = ("nl", "fr")
A5_POINTS = (419.53, 595.28)
LEADER_LINE = re.compile(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)$")  # contents: 'Brussel . . . . 3'
INDEX_LINE = re.compile(r"^\s*(\S.*\))\s+(\d+)$")  # index: 'Atelier Kanaal (Brussel) 3'
PAGE_NUMBER = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")  # the foot of a page: '3 / 9'


def strings(lang: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@dataclass
class Booklet:
    """A built booklet, read back with poppler's tools."""

    path: Path
    lang: str

    @cached_property
    def info(self) -> dict[str, str]:
        lines = run("pdfinfo", "-f", "1", "-l", "9999", str(self.path)).splitlines()
        return dict(line.split(":", 1) for line in lines if ":" in line) | {"_lines": "\n".join(lines)}

    @cached_property
    def pages(self) -> list[list[str]]:
        """Each page's lines (pdftotext -layout), page 1 first."""
        count = int(self.info["Pages"])
        return [run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(self.path), "-").splitlines()
                for n in range(1, count + 1)]

    def stripped(self, number: int) -> list[str]:
        return [line.strip() for line in self.pages[number - 1] if line.strip()]

    def contents(self) -> dict[str, int]:
        """The contents: each label and the page it gives."""
        return {match[1]: int(match[2]) for page in self.pages for line in page if (match := LEADER_LINE.match(line))}

    @property
    def first_body_page(self) -> int:
        """The first page after the contents."""
        return max(number for number, page in enumerate(self.pages, 1)
                   if any(LEADER_LINE.match(line) for line in page)) + 1

    def start_page(self, line: str) -> int | None:
        """The first page after the contents with a line that reads exactly `line`: where a heading or an entry
        starts."""
        return next((number for number in range(self.first_body_page, len(self.pages) + 1)
                     if line in self.stripped(number)), None)

    def index(self, title: str) -> dict[str, int]:
        """The entries of the index section titled `title`: label -> page number."""
        entries, inside = {}, False
        for number in range(self.first_body_page, len(self.pages) + 1):
            for line in self.stripped(number):
                if line.startswith(strings(self.lang)["booklet_index"] + " · "):
                    inside = line == title
                elif inside and (match := INDEX_LINE.match(line)):
                    entries[match[1]] = int(match[2])
        return entries

    def outline(self) -> list[tuple[int, str, int]]:
        """The bookmarks: (level, label, page), from pdftohtml's XML."""
        xml, level, items = run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(self.path)), 0, []
        for token in re.finditer(r'<outline>|</outline>|<item page="(\d+)">(.*?)</item>', xml):
            if token[0] == "<outline>":
                level += 1
            elif token[0] == "</outline>":
                level -= 1
            else:
                items.append((level, html.unescape(token[2]), int(token[1])))
        return items


@dataclass(frozen=True)
class SpacePage:
    """A space as the built site shows it: the booklet must say the same."""

    name: str
    url: str

    @property
    def printed_url(self) -> str:
        return self.url.split("://", 1)[1].rstrip("/")


def space_pages(site: Path, lang: str) -> list[SpacePage]:
    pages = []
    for file in sorted((site / lang).rglob("index.html")):
        text = file.read_text(encoding="utf-8")
        if 'data-page-type="space"' in text:
            name = re.search(r'<h1 id="entry-title"[^>]*>(.*?)</h1>', text, re.S)[1]
            url = re.search(r'<link rel="canonical" href="([^"]+)"', text)[1]
            pages.append(SpacePage(html.unescape(name.strip()), url))
    return pages


def country_codes(content: Path) -> set[str]:
    return {yaml.safe_load(path.read_text(encoding="utf-8"))["address"]["country"]
            for path in (content / "spaces").glob("*/space.yaml")}


def content_dates(content: Path) -> list[dt.date]:
    """Every date a space carries (checked or added): the newest is the booklet's edition."""
    facts = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (content / "spaces").glob("*/space.yaml")]
    return [date for space in facts for key in ("verified", "added") if (date := space.get(key))]


@pytest.fixture(scope="module", params=list(CONTENT_DIRS))
def site(request: pytest.FixtureRequest, build_site: BuildSite) -> tuple[str, Path]:
    return request.param, build_site(CONTENT_DIRS[request.param])


@pytest.fixture(scope="module", params=LANGUAGES)
def book(request: pytest.FixtureRequest, site: tuple[str, Path]) -> Booklet:
    lang = request.param
    return Booklet(site[1] / lang / f"{strings(lang)['path_booklet']}.pdf", lang)


# -- what is in it --------------------------------------------------------------------------------------------

def test_every_space_is_in_the_booklet_under_its_name_in_the_language(book: Booklet, site: tuple[str, Path]) -> None:
    spaces = space_pages(site[1], book.lang)
    assert len(spaces) == len(list((CONTENT_DIRS[site[0]] / "spaces").glob("*/space.yaml")))
    missing = [space.name for space in spaces if book.start_page(space.name) is None]
    assert not missing, f"not in {book.path.name}: {missing}"


def test_no_entry_is_split_across_two_pages(book: Booklet, site: tuple[str, Path]) -> None:
    """An entry starts with the space's name and ends with its web address: both on one page."""
    for space in space_pages(site[1], book.lang):
        assert book.start_page(space.name) == book.start_page(space.printed_url), space.name


def test_each_qr_code_opens_its_space_page(book: Booklet, site: tuple[str, Path], tmp_path: Path) -> None:
    """zbar reads every QR code of the pages, rendered at a printer's 300 dpi: the spaces' pages, the home page and
    the SmartLabs page."""
    subprocess.run(["pdftoppm", "-png", "-r", "300", str(book.path), str(tmp_path / "page")], check=True)
    found = set()
    for image in sorted(tmp_path.glob("page-*.png")):
        done = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
        found |= set(done.stdout.split())
    home = f"https://example.org/{book.lang}/"
    themes = f"{home}{strings(book.lang)['path_themes']}/"
    assert found == {space.url for space in space_pages(site[1], book.lang)} | {home, themes}


def test_countries_and_cities_are_named_in_the_booklets_language(book: Booklet, site: tuple[str, Path]) -> None:
    names = {Locale.parse(book.lang).territories[code] for code in country_codes(CONTENT_DIRS[site[0]])}
    assert names <= set(book.contents()), book.contents()
    cities_index = book.index(f"{strings(book.lang)['booklet_index']} · {strings(book.lang)['booklet_index_cities']}")
    assert {label.rsplit(" (", 1)[1].rstrip(")") for label in cities_index} == names


def test_the_cover_gives_the_edition_and_the_contact(book: Booklet, site: tuple[str, Path]) -> None:
    cover = " ".join(book.stripped(1))
    content = CONTENT_DIRS[site[0]]
    contact = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))["contact_email"]
    assert contact in cover
    dates = content_dates(content)
    if dates:
        edition = strings(book.lang)["booklet_edition"].format(date=format_date(max(dates), "long", locale=book.lang))
        assert edition in cover
        created = book.info["CreationDate"]
        assert max(dates).strftime("%b %d") in created and str(max(dates).year) in created
    else:
        assert "CreationDate" not in book.info, "no content date: the booklet is undated, never dated by the build"


def test_the_smartlabs_section_says_how_to_join(book: Booklet, site: tuple[str, Path]) -> None:
    t = strings(book.lang)
    page = book.contents()[t["themes_title"]]
    text = " ".join(book.stripped(page) + book.stripped(page + 1))
    contact = yaml.safe_load((CONTENT_DIRS[site[0]] / "site.yaml").read_text(encoding="utf-8"))["contact_email"]
    assert t["theme_join"].format(email=contact) in text
    assert t["themes_intro"].split(".")[0] in text


# -- page numbers ---------------------------------------------------------------------------------------------

def test_the_contents_give_the_pages_where_countries_cities_and_sections_start(book: Booklet) -> None:
    contents = book.contents()
    assert contents
    wrong = {label: (page, book.start_page(label)) for label, page in contents.items()
             if book.start_page(label) != page}
    assert not wrong, f"label: (contents says, starts on) {wrong}"


def test_the_index_gives_the_pages_where_cities_and_spaces_start(book: Booklet, site: tuple[str, Path]) -> None:
    t = strings(book.lang)
    cities = book.index(f"{t['booklet_index']} · {t['booklet_index_cities']}")
    spaces = book.index(f"{t['booklet_index']} · {t['booklet_index_spaces']}")
    assert cities and spaces
    for label, page in cities.items():
        assert book.start_page(label.rsplit(" (", 1)[0]) == page, label
    for space in space_pages(site[1], book.lang):
        label = next(label for label in spaces if label.startswith(space.name + " ("))
        assert book.start_page(space.name) == spaces[label], label
    assert len(spaces) == len(space_pages(site[1], book.lang))


def test_pages_are_numbered_n_of_m_except_the_cover(book: Booklet) -> None:
    total = len(book.pages)
    assert not any(PAGE_NUMBER.match(line) for line in book.stripped(1))
    for number in range(2, total + 1):
        assert PAGE_NUMBER.match(book.stripped(number)[-1]).groups() == (str(number), str(total)), number


def test_the_running_head_names_the_country_and_city(book: Booklet) -> None:
    """Where a country's or a city's heading opens a page, the head above it names that country and city."""
    t = strings(book.lang)
    country_of = dict(label[:-1].rsplit(" (", 1)
                      for label in book.index(f"{t['booklet_index']} · {t['booklet_index_cities']}"))
    checked = 0
    for number in range(book.first_body_page, len(book.pages) + 1):
        head, first, second = (book.stripped(number) + ["", "", ""])[:3]
        if first in country_of.values():
            assert head == f"{first} · {second}", number
            checked += 1
        elif first in country_of:
            assert head == f"{country_of[first]} · {first}", number
            checked += 1
    assert checked >= len(set(country_of.values()))


def test_bookmarks_by_country_then_city_point_at_their_pages(book: Booklet, site: tuple[str, Path]) -> None:
    """The bookmarks follow the contents (same labels, same pages, same order): countries at the top level,
    each with its cities below it."""
    outline = [item for item in book.outline() if item[1] != strings(book.lang)["booklet_contents"]]
    assert [(label, page) for _, label, page in outline] == list(book.contents().items())
    countries = {Locale.parse(book.lang).territories[code] for code in country_codes(CONTENT_DIRS[site[0]])}
    t = strings(book.lang)
    cities = {label.rsplit(" (", 1)[0] for label in book.index(f"{t['booklet_index']} · {t['booklet_index_cities']}")}
    assert {label for level, label, _ in outline if level == 1} >= countries
    assert {label for level, label, _ in outline if level == 2} == cities


# -- the file -------------------------------------------------------------------------------------------------

def test_the_pages_are_a5_portrait(book: Booklet) -> None:
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", book.info["_lines"])
    assert len(sizes) == len(book.pages)
    for width, height in sizes:
        assert abs(float(width) - A5_POINTS[0]) < 0.5 and abs(float(height) - A5_POINTS[1]) < 0.5


def test_every_font_is_embedded_dejavu_sans(book: Booklet) -> None:
    rows = run("pdffonts", str(book.path)).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes" and "+DejaVu-Sans" in name, row


def test_the_metadata_give_title_author_and_language(book: Booklet, site: tuple[str, Path]) -> None:
    t = strings(book.lang)
    config = yaml.safe_load((CONTENT_DIRS[site[0]] / "site.yaml").read_text(encoding="utf-8"))
    assert book.info["Title"].strip() == f"{config['title'][book.lang]} – {t['booklet_title']}"
    assert book.info["Author"].strip() == t["booklet_author"]
    assert catalog_language(book.path.read_bytes()) == book.lang


def catalog_language(pdf: bytes) -> str | None:
    """The catalog's /Lang. WeasyPrint writes the catalog into a compressed object stream, which pdfinfo
    does not show: the streams are inflated and searched."""
    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            texts.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    found = {match[1].decode() for text in texts for match in re.finditer(rb"/Lang \(([^)]*)\)", text)}
    assert len(found) <= 1, found
    return found.pop() if found else None


def test_weasyprint_has_nothing_to_warn_about(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """No CSS it ignores, no resource it cannot load."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build("bilingual", tmp_path / "out")
    assert not [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")]


def test_the_same_content_gives_byte_identical_booklets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twice the same bytes; and the same again when each language is made in a process of its own, as for
    a large directory."""
    builds = []
    for name in ("first", "second"):
        build("bilingual", tmp_path / name)
        builds.append(tmp_path / name)
    monkeypatch.setattr(booklet, "SIDE_BY_SIDE_FROM", 0)
    build("bilingual", tmp_path / "side-by-side")
    builds.append(tmp_path / "side-by-side")
    for lang in LANGUAGES:
        path = f"{lang}/{strings(lang)['path_booklet']}.pdf"
        first, *others = [(folder / path).read_bytes() for folder in builds]
        assert all(other == first for other in others), path
