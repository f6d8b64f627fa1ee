"""What search engines, feed readers and data users read: sitemap.xml, robots.txt, the Atom feeds, and the open data
(spaces.csv, spaces.json, spaces.geojson), checked against their standards and against the content.

Schemas come from registries, read offline: the sitemaps.org XSD from npm `sitemap` (schema/sitemap.xsd), the
XHTML 1.0 XSD that validates its <xhtml:link> alternates (and the xml: namespace XSD it imports) from PyPI
`xmlschema` (xmlschema/schemas/), and the GeoJSON JSON Schema from npm `geojson-schema` (geojson.org's schema).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import xmlschema
from lxml import etree

from sitegen import hours
from sitegen.content import load_site
from sitegen.diagnostics import Diagnostics
from sitegen.kinds import KINDS
from sitegen.model import Site, Space
from sitegen.opendata import CSV_COLUMNS, JSON_COLUMNS, LIST_COLUMNS, columns
from support import FIXTURES_DIR, NODE_MODULES, BuildSite
from support.server import serve_directory

BILINGUAL = FIXTURES_DIR / "bilingual"
ROOT_URL = "https://example.org/"
SUB_PATH_URL = "https://example.org/repo/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP_XSD = NODE_MODULES / "sitemap" / "schema" / "sitemap.xsd"
GEOJSON_SCHEMA = NODE_MODULES / "geojson-schema" / "FeatureCollection.json"
XMLSCHEMA_SCHEMAS = Path(xmlschema.__file__).resolve().parent / "schemas"
XHTML_XSD = XMLSCHEMA_SCHEMAS / "XHTML" / "xhtml1-strict.xsd"
XML_NAMESPACE_XSD = XMLSCHEMA_SCHEMAS / "XML" / "xml.xsd"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


# -- fixtures --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site() -> Site:
    diags = Diagnostics()
    loaded = load_site(BILINGUAL, KINDS, diags)
    assert loaded is not None and not diags.errors, diags.items
    return loaded


@pytest.fixture(scope="module")
def output(build_site: BuildSite) -> Path:
    return build_site(BILINGUAL, SUB_PATH_URL)


@pytest.fixture(scope="module")
def root_output(build_site: BuildSite) -> Path:
    return build_site(BILINGUAL, ROOT_URL)


def spaces_by_slug(site: Site) -> dict[str, Space]:
    return {space.slug: space for space in site.spaces}


def name_in(space: Space, lang: str) -> str:
    """The space's name shown in `lang`: its text's name in that language, else its name in the nearest one."""
    text = space.text(lang)
    return text.title if text else space.name.pick((lang,) + space.name.languages())[0]


def city_in(space: Space, lang: str) -> str:
    return space.address.city.pick((lang,) + space.address.city.languages())[0]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# -- GeoJSON -----------------------------------------------------------------------------------------

def test_geojson_validates_against_the_geojson_schema(output: Path) -> None:
    assert GEOJSON_SCHEMA.is_file(), f"{GEOJSON_SCHEMA} not found: run `npm ci` in the repository root"
    schema = read_json(GEOJSON_SCHEMA)
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(read_json(output / "data" / "spaces.geojson"))]
    assert not errors, "\n".join(errors)


def test_geojson_is_rfc_7946_with_longitude_first(output: Path, site: Site) -> None:
    data = read_json(output / "data" / "spaces.geojson")
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946 §4: no crs member
    located = {space.slug: space for space in site.spaces if space.geo is not None}
    features = {feature["properties"]["slug"]: feature for feature in data["features"]}
    assert set(features) == set(located)
    for slug, feature in features.items():
        geometry, geo = feature["geometry"], located[slug].geo
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90, slug
        assert (lon, lat) == (round(geo.lon, 6), round(geo.lat, 6)), f"{slug}: not [longitude, latitude]"


def test_geojson_carries_the_data_licence(output: Path, site: Site) -> None:
    data = read_json(output / "data" / "spaces.geojson")
    licence = site.config.data_licence
    assert data["licence"] == {"name": licence.name, "url": licence.url}


def test_geojson_properties_agree_with_the_content(output: Path, site: Site) -> None:
    spaces = spaces_by_slug(site)
    for feature in read_json(output / "data" / "spaces.geojson")["features"]:
        props = feature["properties"]
        space = spaces[props["slug"]]
        assert feature["id"] == space.slug
        assert (props["kind"], props["access"], props["smart_role"], props["country"]) == \
            (space.kind, space.access, space.smart_role, space.address.country)
        for lang in site.config.languages:
            assert props["name"][lang] == name_in(space, lang)
            assert props["city"][lang] == city_in(space, lang)
        assert props["opening_hours_schedule"] == hours.schedule(space.opening_hours)


def test_the_opening_hours_are_exported_as_a_weekly_schedule(output: Path, site: Site) -> None:
    records = {record["slug"]: record for record in read_json(output / "data" / "spaces.json")["spaces"]}
    week = records["huis-van-de-makers"]["opening_hours_schedule"]["week"]  # Mo-Fr 09:00-18:00; Sa 10:00-16:00
    assert week == [[[540, 1080, "open"]]] * 5 + [[[600, 960, "open"]], []]
    assert records["la-verriere"]["opening_hours_schedule"] is None


# -- CSV and JSON ------------------------------------------------------------------------------------------

def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "RFC 4180 line ends are CRLF"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body)
    return header, [dict(zip(header, row, strict=True)) for row in body]


def expected_cells(space: Space, languages: tuple[str, ...]) -> dict[str, str]:
    """The CSV cells of a space, from the model alone (the URLs are checked against the sitemap)."""
    geo = space.geo
    cells = {
        "slug": space.slug, "kind": space.kind, "smart_role": space.smart_role, "access": space.access,
        "street": space.address.street, "postcode": space.address.postcode, "country": space.address.country,
        "lat": repr(round(geo.lat, 6)) if geo else "", "lon": repr(round(geo.lon, 6)) if geo else "",
        "services": ";".join(space.services), "hosts": ";".join(space.hosts), "themes": ";".join(space.themes),
        "email": space.contact.email, "phone": space.contact.phone, "website": space.contact.website,
        "opening_hours": space.opening_hours,
        "verified": space.verified.isoformat() if space.verified else "",
        "added": space.added.isoformat() if space.added else "",
    }
    for lang in languages:
        cells[f"name_{lang}"] = name_in(space, lang)
        cells[f"city_{lang}"] = city_in(space, lang)
    return {column: value if column in ("lat", "lon") or value[:1] not in ("=", "+", "-", "@") else "'" + value
            for column, value in cells.items()}  # a text a spreadsheet would run as a formula starts with '


def test_csv_columns_follow_the_site_languages(output: Path, site: Site) -> None:
    header, _ = read_csv(output / "data" / "spaces.csv")
    langs = site.config.languages
    assert header == [name for name, _, _ in columns(langs, csv_only=True)]
    assert [name for name, _, _ in columns(langs)] == header + list(JSON_COLUMNS)
    assert header[:3] == ["slug"] + [f"name_{lang}" for lang in langs]
    assert [f"url_{lang}" for lang in langs] == header[-len(langs):]
    assert columns(("fr", "de"))[1:3] == [("name_fr", "data_field_name", "fr"), ("name_de", "data_field_name", "de")]
    assert all(key == "data_field_" + column.replace("_{lang}", "") for column, key in CSV_COLUMNS.items())


def test_csv_agrees_with_the_content_field_by_field(output: Path, site: Site) -> None:
    _, rows = read_csv(output / "data" / "spaces.csv")
    langs = site.config.languages
    assert [row["slug"] for row in rows] == sorted(space.slug for space in site.spaces), "every space, by slug"
    spaces = spaces_by_slug(site)
    for row in rows:
        expected = expected_cells(spaces[row["slug"]], langs)
        differences = {column: (row[column], value) for column, value in expected.items() if row[column] != value}
        assert not differences, f"{row['slug']}: {differences}"


def test_csv_quotes_as_rfc_4180() -> None:
    from sitegen.opendata import _cell
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_cell('say "hi", twice'), _cell(["a", "b"]), _cell(None)])
    assert out.getvalue() == '"say ""hi"", twice",a;b,\r\n'


def test_json_has_the_licence_and_the_same_records_as_the_csv(output: Path, site: Site) -> None:
    data = read_json(output / "data" / "spaces.json")
    licence = site.config.data_licence
    assert data["licence"] == {"name": licence.name, "url": licence.url}
    _, rows = read_csv(output / "data" / "spaces.csv")
    assert len(data["spaces"]) == len(rows) == len(site.spaces)
    for record, row in zip(data["spaces"], rows, strict=True):
        assert list(record) == list(row) + list(JSON_COLUMNS), "the same columns, in the same order, then JSON's own"
        for column, value in record.items():
            if column in JSON_COLUMNS:
                continue
            if column in LIST_COLUMNS:
                assert isinstance(value, list) and ";".join(value) == row[column]
            elif value is None:
                assert row[column] == "", column
            else:
                assert str(value) == row[column].removeprefix("'" if str(value)[:1] in "=+-@" else ""), column
                assert not isinstance(value, str) or value, f"{column}: an absent value is null, not ''"
        if record["lat"] is not None:
            assert isinstance(record["lat"], float) and isinstance(record["lon"], float)


def test_open_data_urls_are_pages_of_the_sitemap(output: Path, site: Site) -> None:
    locs = set(sitemap_entries(output))
    for record in read_json(output / "data" / "spaces.json")["spaces"]:
        for lang in site.config.languages:
            url = record[f"url_{lang}"]
            assert url in locs and url.startswith(f"{SUB_PATH_URL}{lang}/") and url.endswith(f"/{record['slug']}/")


# -- sitemap.xml and robots.txt ---------------------------------------------------------------------------

@cache
def sitemap_schema() -> etree.XMLSchema:
    """sitemaps.org's XSD with the XHTML 1.0 XSD for its alternates: the strict wildcard of <url> needs a
    declaration for <xhtml:link>. As npm sitemap's schema/all.xsd does, with local copies; no network."""
    for path in (SITEMAP_XSD, XHTML_XSD, XML_NAMESPACE_XSD):
        assert path.is_file(), f"{path} not found: run `npm ci` and `pip install -e '.[test]'`"

    class Local(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            if url == "http://www.w3.org/2001/xml.xsd":
                return self.resolve_filename(str(XML_NAMESPACE_XSD), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    imports = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
               f'<xs:import namespace="{SITEMAP_NS}" schemaLocation="{SITEMAP_XSD.as_uri()}"/>'
               f'<xs:import namespace="{XHTML_NS}" schemaLocation="{XHTML_XSD.as_uri()}"/></xs:schema>')
    return etree.XMLSchema(etree.fromstring(imports.encode(), parser))


def sitemap_entries(output: Path) -> dict[str, dict[str, Any]]:
    root = ET.parse(output / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc")
        entries[loc] = {"lastmod": url.findtext(f"{{{SITEMAP_NS}}}lastmod"),
                        "alternates": [(link.get("hreflang"), link.get("href"))
                                       for link in url.findall(f"{{{XHTML_NS}}}link")]}
    return entries


@pytest.mark.parametrize("which", ["root", "sub-path"])
def test_sitemap_validates_against_the_sitemaps_org_xsd(which: str, output: Path, root_output: Path) -> None:
    folder = root_output if which == "root" else output
    schema = sitemap_schema()
    document = etree.parse(str(folder / "sitemap.xml"))
    assert schema.validate(document), str(schema.error_log)


def test_the_sitemap_check_rejects_a_broken_sitemap() -> None:
    bad = etree.fromstring(f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}"><url><loc>https://example.org/'
                           f'</loc><xhtml:link rel="alternate" hreflang="fr" hreff="x"/><lastmod>2025</lastmod>'
                           f'</url></urlset>'.encode())
    assert not sitemap_schema().validate(bad)


def published_url(output: Path, path: Path, base: str) -> str:
    relative = path.relative_to(output).as_posix()
    return base + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)


def test_sitemap_lists_every_page_but_404(output: Path) -> None:
    pages = {published_url(output, path, SUB_PATH_URL) for path in output.rglob("*.html")}
    expected = pages - {SUB_PATH_URL + "404.html"}
    locs = list(sitemap_entries(output))
    assert locs == sorted(locs), "sorted by URL"
    assert set(locs) == expected, {"missing": expected - set(locs), "extra": set(locs) - expected}
    assert SUB_PATH_URL in locs, "the language choice at the root is listed"


class HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[tuple[str | None, str | None]] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates.append((values["hreflang"], values.get("href")))
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")


def test_sitemap_alternates_are_those_of_each_page(output: Path, site: Site) -> None:
    """Every language plus x-default, absolute, the same as the page's own <head> says."""
    langs = set(site.config.languages)
    for loc, entry in sitemap_entries(output).items():
        parser = HeadLinks()
        parser.feed((output / urlsplit(loc).path.removeprefix("/repo/") / "index.html").read_text(encoding="utf-8"))
        assert entry["alternates"] == parser.alternates, loc
        assert parser.canonical == loc
        hreflangs = [code for code, _ in entry["alternates"]]
        assert set(hreflangs) == langs | {"x-default"} and len(hreflangs) == len(set(hreflangs)), loc
        assert all(href.startswith(SUB_PATH_URL) for _, href in entry["alternates"]), loc


def test_sitemap_lastmod_only_from_a_space_verified_date(output: Path, site: Site) -> None:
    dated = {}
    for space in site.spaces:
        if space.verified:
            for lang in site.config.languages:
                dated[next(loc for loc in sitemap_entries(output) if loc.startswith(f"{SUB_PATH_URL}{lang}/")
                           and loc.endswith(f"/{space.slug}/"))] = space.verified.isoformat()
    assert dated, "the fixture has verified spaces"
    assert {loc: e["lastmod"] for loc, e in sitemap_entries(output).items() if e["lastmod"]} == dated


@pytest.mark.parametrize("which", ["root", "sub-path"])
def test_robots_txt_allows_all_and_points_at_the_sitemap(which: str, output: Path, root_output: Path) -> None:
    folder, base = (root_output, ROOT_URL) if which == "root" else (output, SUB_PATH_URL)
    lines = (folder / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert not any(line.lower().startswith("disallow:") and line.split(":", 1)[1].strip() for line in lines)
    assert [line for line in lines if line.startswith("Sitemap:")] == [f"Sitemap: {base}sitemap.xml"]
    assert (folder / "sitemap.xml").is_file()


# -- the Atom feeds ------------------------------------------------------------------------------------------

def feed(output: Path, lang: str) -> ET.Element:
    return ET.parse(output / lang / "feed.xml").getroot()


def one(element: ET.Element, name: str) -> ET.Element:
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"{element.tag} must have exactly one atom:{name}, has {len(found)}"
    return found[0]


def at_most_one(element: ET.Element, *names: str) -> None:
    for name in names:
        assert len(element.findall(ATOM + name)) <= 1, f"more than one atom:{name} in {element.tag}"


def timestamp(element: ET.Element, name: str) -> dt.datetime:
    text = one(element, name).text or ""
    assert RFC3339.match(text), f"atom:{name} {text!r} is not an RFC 3339 date-time"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def is_absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return bool(parts.scheme and parts.netloc)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_feed_is_valid_atom(lang: str, output: Path) -> None:
    """The elements RFC 4287 requires (§4.1.1, §4.1.2), once each, and its constructs well formed."""
    root = feed(output, lang)
    assert root.tag == ATOM + "feed" and root.get(XML_LANG) == lang
    assert is_absolute(one(root, "id").text) and (one(root, "title").text or "").strip()
    updated = timestamp(root, "updated")
    at_most_one(root, "subtitle", "rights", "icon", "logo", "generator")
    author = one(root, "author")  # the feed's author is every entry's author (§4.2.1)
    assert (one(author, "name").text or "").strip()
    self_links = [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href") == f"{SUB_PATH_URL}{lang}/feed.xml"
    entries = root.findall(ATOM + "entry")
    assert entries
    for entry in entries:
        assert is_absolute(one(entry, "id").text) and (one(entry, "title").text or "").strip()
        timestamp(entry, "updated")
        at_most_one(entry, "summary", "published", "content", "rights", "source")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href") == one(entry, "id").text
        assert all(category.get("term") for category in entry.findall(ATOM + "category"))
        assert len(entry.findall(ATOM + "category")) == 2, "kind and city"
    assert updated == max(timestamp(entry, "updated") for entry in entries), "the newest date of its entries"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_feed_lists_dated_spaces_newest_first(lang: str, output: Path, site: Site) -> None:
    dated = [space for space in site.spaces if space.added or space.verified]
    assert len(dated) < len(site.spaces), "the fixture has a space without a date, which the feed leaves out"
    expected = sorted(dated, key=lambda s: (-(s.added or s.verified).toordinal(), s.slug))  # type: ignore[union-attr]
    entries = feed(output, lang).findall(ATOM + "entry")
    slugs = [urlsplit(one(entry, "id").text).path.rstrip("/").rsplit("/", 1)[1] for entry in entries]
    assert slugs == [space.slug for space in expected]
    spaces = spaces_by_slug(site)
    for entry, slug in zip(entries, slugs, strict=True):
        space = spaces[slug]
        assert one(entry, "title").text == name_in(space, lang)
        assert timestamp(entry, "updated").date() == max(d for d in (space.added, space.verified) if d)
        published = entry.find(ATOM + "published")
        assert (published is not None) == bool(space.added)
        terms = [category.get("term") for category in entry.findall(ATOM + "category")]
        assert terms == [space.kind, city_in(space, lang)]


def test_feeds_have_no_build_time(output: Path, site: Site) -> None:
    dates = {d for space in site.spaces for d in (space.added, space.verified) if d}
    for lang in site.config.languages:
        text = (output / lang / "feed.xml").read_text(encoding="utf-8")
        stamps = {dt.date.fromisoformat(stamp) for stamp in re.findall(r"(\d{4}-\d{2}-\d{2})T", text)}
        assert stamps <= dates, stamps - dates


# -- every URL of the sitemap and every link of the feeds works, under /repo/ --------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str) -> int:
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def published_urls(output: Path, site: Site) -> tuple[set[str], set[str]]:
    """(the URLs of this site, the other URLs) named by the sitemap, robots.txt, the feeds and the open data."""
    urls: set[str] = set()
    for loc, entry in sitemap_entries(output).items():
        urls.add(loc)
        urls.update(href for _, href in entry["alternates"])
    urls.update(line.split(":", 1)[1].strip() for line in (output / "robots.txt").read_text().splitlines()
                if line.startswith("Sitemap:"))
    for lang in site.config.languages:
        root = feed(output, lang)
        urls.update(link.get("href") for link in root.iter(ATOM + "link"))
        urls.update(element.text for element in root.iter(ATOM + "id"))
        urls.update(element.text for element in root.iter(ATOM + "uri"))
        urls.update(element.get("uri") for element in root.iter(ATOM + "generator"))
    for record in read_json(output / "data" / "spaces.json")["spaces"]:
        urls.update(record[f"url_{lang}"] for lang in site.config.languages)
    inside = {url for url in urls if url and url.startswith(SUB_PATH_URL)}
    return inside, {url for url in urls if url} - inside


def test_every_published_url_is_served_under_the_sub_path(output: Path, site: Site) -> None:
    inside, outside = published_urls(output, site)
    assert outside == {site.config.repository}, "only the generator's repository is elsewhere"
    assert len(inside) > len(sitemap_entries(output))
    with serve_directory(output, "/repo/") as served:
        failures = [f"{url} → HTTP {status}" for url in sorted(inside)
                    if (status := fetch(served + url.removeprefix(SUB_PATH_URL))) != 200]
    assert not failures, f"{len(failures)} published URLs not served with 200:\n" + "\n".join(failures)


def test_every_xml_file_is_well_formed(output: Path, root_output: Path) -> None:
    """Every feed and sitemap parses with a strict XML parser (a control character in a name made them ill-formed;
    tests/test_fuzz_render.py parses the feeds of generated content too)."""
    import lxml.etree
    files = sorted(output.rglob("*.xml")) + sorted(root_output.rglob("*.xml"))
    for site in (output, root_output):
        feeds = {str(path.relative_to(site)) for path in site.rglob("feed.xml")}
        assert {"nl/feed.xml", "fr/feed.xml"} <= feeds and any("/journal/" in feed for feed in feeds), feeds
    for path in files:
        lxml.etree.parse(str(path), lxml.etree.XMLParser(recover=False, resolve_entities=False))
