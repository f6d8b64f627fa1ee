"""What every page carries, and what the space, untranslated and language pages show."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitetools import build

pytestmark = pytest.mark.slow  # builds whole sites (or PDFs): the full suite runs it, the fast tier not

# <script> elements that hold data, never run: JSON-LD, and the search page's settings.
DATA_BLOCKS = ("application/ld+json", "application/json")


class PageFacts(HTMLParser):
    """The facts of one page a test looks at: its lang, links in head, switcher, body type, text by lang."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.canonical = ""
        self.alternates: dict[str, str] = {}
        self.page_type = ""
        self.switcher: list[tuple[str, str]] = []
        self.lang_blocks: list[str] = []
        self.scripts: list[str] = []
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "body":
            self.page_type = a.get("data-page-type", "")
        elif tag == "nav" and "language-switcher" in a.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append((a.get("hreflang", ""), a["href"]))
        elif tag == "script" and a.get("type") not in DATA_BLOCKS:
            self.scripts.append(a.get("src", "inline"))
        if "lang" in a and tag != "html":
            self.lang_blocks.append(a["lang"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False


def facts(path: Path) -> PageFacts:
    parser = PageFacts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build("bilingual", out, "https://example.org/repo/")
    return out


def language_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] in ("nl", "fr"))


def test_every_page_has_lang_canonical_alternates_and_a_switcher_that_resolves(site: Path) -> None:
    for page in language_pages(site):
        f = facts(page)
        lang = page.relative_to(site).parts[0]
        assert f.html_lang == lang, page
        assert f.canonical == "https://example.org/repo/" + page.relative_to(site).as_posix().removesuffix("index.html")
        assert set(f.alternates) == {"nl", "fr", "x-default"}, page
        assert f.alternates[lang] == f.canonical
        assert f.alternates["x-default"] == f.alternates["nl"]
        assert len(f.switcher) == 1 and f.switcher[0][0] != lang
        target = f.switcher[0][1].removeprefix("/repo/")
        assert (site / target / "index.html").is_file(), f"{page}: switcher leads to a missing page {target}"


def test_an_untranslated_space_shows_its_text_marked_with_its_language(site: Path) -> None:
    html = (site / "fr/espaces/de-koepel/index.html").read_text()
    assert 'class="notice"' in html and "pas encore traduit" in html and "néerlandais" in html
    assert '<div class="prose" lang="nl">' in html
    assert 'class="lead" lang="nl"' in html
    assert "<dt>Accès</dt>" in html  # the facts are in the page's language
    dutch = (site / "nl/ruimten/de-koepel/index.html").read_text()
    assert 'class="notice"' not in dutch and ' lang="nl"' not in dutch.split("<body", 1)[1]


def test_a_space_page_shows_every_fact(site: Path) -> None:
    html = (site / "nl/ruimten/huis-van-de-makers/index.html").read_text()
    for expected in ("Voorbeeldstraat 12", 'href="tel:+3225550123"', 'href="mailto:huis@example.org"',
                     "Permanentie van Smart", "Tentoonstellingen", "16 februari 2026",
                     'datetime="2026-02-16"', 'href="/repo/nl/labs/netwerk-brussel/"', 'width="', 'alt="'):
        assert expected in html, expected
    assert "België" in html and "Brussel" in html
    assert "Belgique" in (site / "fr/espaces/huis-van-de-makers/index.html").read_text()


def test_contributors_cannot_inject_markup(site: Path) -> None:
    for lang, section in (("nl", "ruimten"), ("fr", "espaces")):
        html = (site / f"{lang}/{section}/la-verriere/index.html").read_text()
        assert "<script>alert" not in html and "onerror" not in html.replace("&lt;img src=x onerror", "")
        assert "javascript:" not in html.lower()
        assert "&lt;script&gt;" in html
    for page in language_pages(site):
        assert all(src != "inline" for src in facts(page).scripts), f"{page} has an inline script"


def test_the_language_choice_and_404_work_at_any_depth(site: Path) -> None:
    root = (site / "index.html").read_text()
    assert 'href="/repo/nl/" hreflang="nl"' in root and 'href="/repo/fr/" hreflang="fr"' in root
    assert 'lang="fr"' in root and 'lang="nl"' in root
    not_found = (site / "404.html").read_text()
    links = re.findall(r'(?:href|src)="([^"]+)"', not_found)
    assert links and all(link.startswith(("/repo/", "mailto:", "#")) for link in links), links


def test_a_country_and_a_city_page_list_their_spaces_in_their_language(site: Path) -> None:
    luik = (site / "nl/landen/belgie/luik/index.html").read_text()
    liege = (site / "fr/pays/belgique/liege/index.html").read_text()
    assert "La Verrière" in luik and "La Verrière" in liege
    assert '<h1 id="finder-title">Luik</h1>' in luik and '<h1 id="finder-title">Liège</h1>' in liege
    country = (site / "fr/pays/belgique/index.html").read_text()
    assert country.index(">Bruxelles<") < country.index(">Gent<") < country.index(">Liège<")


def test_a_space_page_describes_itself_as_json_ld_matching_its_facts(site: Path) -> None:
    import json
    html = (site / "fr/espaces/huis-van-de-makers/index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Place" and data["name"] == "Maison des Créateurs"
    assert data["url"] == "https://example.org/repo/fr/espaces/huis-van-de-makers/"
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "Voorbeeldstraat 12", "postalCode": "1000",
                               "addressLocality": "Bruxelles", "addressCountry": "BE"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 50.8466, "longitude": 4.3528}
    assert data["telephone"] == "+32 2 555 01 23" and data["email"] == "huis@example.org"
    assert data["openingHours"] == ["Mo-Fr 09:00-18:00", "Sa 10:00-16:00"]
    assert data["image"][0] == "https://example.org/repo/media/huis-van-de-makers/gevel.png"
    for fact in ("Voorbeeldstraat 12", "+32 2 555 01 23", "huis@example.org", "lundi–vendredi 09:00–18:00"):
        assert fact in html.split("</head>", 1)[1], f"{fact} is on the page too"
    assert '<meta property="og:image" content="https://example.org/repo/media/huis-van-de-makers/gevel.png">' in html


def test_json_ld_cannot_be_closed_by_content(tmp_path: Path) -> None:
    import shutil

    from sitegen.build import build_site
    from sitetools import FIXTURES
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    space = tmp_path / "content/spaces/atelier-een/space.yaml"
    space.write_text(re.sub(r"(?m)^name:.*$", 'name: "</script><script>alert(1)</script> & co"', space.read_text()))
    build_site(tmp_path / "content", tmp_path / "out", "https://example.org/")
    html = (tmp_path / "out/nl/ruimten/atelier-een/index.html").read_text()
    head = html.split("</head>", 1)[0]
    assert "<script>alert(1)" not in head
    import json
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script> & co"
