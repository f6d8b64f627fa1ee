"""Property-based test of the whole render of one entry: whatever Markdown body and YAML values a pull request
brings, the build either reports them (BuildFailed, every problem naming its file) or makes pages with no unsafe
element or attribute, well-formed feeds, and no control character, each example in bounded time.

One space of the minimal site gets generated values for its name, street, city and website (written as YAML
double-quoted scalars, so that any character can be written, as an escape where YAML needs one), its summary
and its Markdown body. The site is loaded, checked and planned as a build does it; every page is rendered, and the
feeds, the map's GeoJSON and the CSV are made from it.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitegen import feeds, maps, opendata
from sitegen.build import TEMPLATES, BuildResult, Made, copy_assets, copy_photos, prepare, render_pages
from sitegen.cache import Manifest
from sitegen.cards import Context
from sitegen.diagnostics import BuildFailed, Diagnostics
from sitegen.kinds import KINDS
from sitegen.prose import BODY_SECONDS
from sitegen.write import Staging
from support import FIXTURES_DIR

MARKDOWN_PIECES = ("[", "]", "(", ")", "](", "![", "[x]: ", "javascript:alert(1)", "JaVaScRiPt:", "data:text/html,",
                   "vbscript:", "https://example.org/", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                   "<a href=\"javascript:x\">", "<svg onload=x>", "<style>", "<iframe>", "<!--", "-->", "<![CDATA[",
                   "&#27;", "&#x202e;", "&#0;", "&#xd800;", "&lt;", "&", "*", "**", "_", "`", "```", "~~~", "\n",
                   "\n\n",
                   "    ", "# ", "###### ", "> ", "- ", "1. ", "* ", "---", "===", "\t", "\\", "|", "{{ x }}",
                   "{% if %}", '"', "'", "é", "مقهى", "=HYPERLINK(1)", "::error::x", "##[error]x", "</script>",
                   "</textarea>", "\u00a0")
TEXT_PIECES = ("<script>", "</script>", '"', "'", "<", ">", "&", "&amp;", "{{ 7*7 }}", "{% raw %}", "\\",
               "javascript:", "=cmd|' /C calc'!A0", "+", "-", "@", "::error file=README.md::x", "##[x]", " ", "مقهى",
               "Atelier", "é", "\u00a0", "`", "%", "]]>")
INVISIBLE_PIECES = ("\n", "\r", "\t", "\u202e", "\u2067", "\u200f", "\u2028", "\x00", "\x01", "\x1b", "\x7f",
                    "\x9b", "\ud800", "\udfff", "\ufffe", "\ufeff", "\u200b")
SAFE_SCRIPT_TYPES = ("application/ld+json", "application/json")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Zl", "Zp")), max_size=8)


def pieces(choices: tuple[str, ...], max_size: int, free: st.SearchStrategy[str] = PRINTABLE) -> st.SearchStrategy[str]:
    """Text made of the given pieces and free text between them."""
    return st.lists(st.one_of(st.sampled_from(choices), free), max_size=max_size).map("".join)


# Text a page must show safely (every example should render), and text with characters the build must refuse.
SHOWN_BODIES = st.one_of(pieces(MARKDOWN_PIECES, 40), st.sampled_from(MARKDOWN_PIECES).map(lambda piece: piece * 3000))
SHOWN_VALUES = pieces(TEXT_PIECES, 8).map(lambda value: "A" + value)
SHOWN_WEBSITES = st.one_of(st.sampled_from(("https://example.org/", "http://example.org/?a=1&b=2#x'y")),
                           SHOWN_VALUES.map(lambda value: "https://example.org/" + value))
ANY_BODIES = pieces(MARKDOWN_PIECES + INVISIBLE_PIECES, 20, st.text(max_size=8))
ANY_VALUES = pieces(TEXT_PIECES + INVISIBLE_PIECES, 8, st.text(max_size=8))
FUZZ_SETTINGS = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar for any text: JSON's escapes (a lone surrogate included) are YAML's too."""
    return json.dumps(value, ensure_ascii=True)


def write_entry(content: Path, name: str, street: str, city: str, website: str, summary: str, body: str) -> None:
    folder = content / "spaces" / "atelier-een"
    (folder / "space.yaml").write_text(
        f"name: {yaml_text(name)}\nkind: shared-workspace\nsmart_role: manages\naccess: members\n"
        f"address:\n  street: {yaml_text(street)}\n  city: {yaml_text(city)}\n  country: BE\n"
        f"geo: {{lat: 51.05, lon: 3.72}}\ncontact:\n  website: {yaml_text(website)}\n",
        encoding="utf-8", errors="surrogatepass")
    (folder / "nl.md").write_text(f"---\nsummary: {yaml_text(summary)}\n---\n{body}", encoding="utf-8",
                                  errors="surrogatepass")


def render_everything(content: Path, output: Path) -> dict[str, str]:
    """Load, check, link and plan as a build does, then render every page and the data files: path -> text."""
    ready = prepare(content, TEMPLATES, "https://example.org/", Diagnostics(), BuildResult())
    with Staging(output) as staging:
        ctx = Context(ready.site, ready.places, ready.urls, ready.strings, copy_photos(ready.site, ready.urls, staging),
                      copy_assets(TEMPLATES, staging), content, "content", KINDS)
        render_pages(ready.pages, ctx, TEMPLATES, staging, Made(output, Manifest(), Manifest(), BuildResult()), 1)
        maps.write_geojson(ctx, ready.pages, staging)
        made = {path.relative_to(staging.root).as_posix(): path.read_text(encoding="utf-8")
                for path in staging.root.rglob("*") if path.suffix in (".html", ".geojson")}
        made.update({f"{lang}/feed.xml": feeds.atom_feed(ctx, lang) for lang in ready.site.config.languages})
        made["sitemap.xml"] = feeds.sitemap_xml(ctx, ready.pages)
        made["data/spaces.csv"] = opendata.spaces_csv(ctx)
    return made


def unsafe_in_page(html: str) -> list[str]:
    """Elements and attributes through which a page could run script or load what it should not."""
    problems = []
    for element in lxml.html.document_fromstring(html).iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        in_head = any(ancestor.tag == "head" for ancestor in element.iterancestors())
        if tag in ("iframe", "object", "embed", "frame", "base", "style", "svg", "math") \
                and not (tag == "style" and in_head):  # the template's own <noscript><style> in the head
            problems.append(f"<{tag}>")
        if tag == "script" and not element.get("src") and element.get("type") not in SAFE_SCRIPT_TYPES \
                and "navigator.languages" not in (element.text or ""):
            problems.append("an inline script")
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on"):
                problems.append(f"{tag} {attribute}=")
            if attribute in URL_ATTRIBUTES and value.strip().lower().split(":", 1)[0] in ("javascript", "data",
                                                                                           "vbscript"):
                problems.append(f"{tag} {attribute}={value[:40]!r}")
    return problems


def control_characters(text: str) -> list[str]:
    return [f"U+{ord(char):04X}" for char in text if (ord(char) < 32 and char not in "\t\n\r") or 127 <= ord(char) < 160
            or 0xD800 <= ord(char) < 0xE000]


@pytest.mark.slow
@FUZZ_SETTINGS
@given(name=SHOWN_VALUES, street=SHOWN_VALUES, city=SHOWN_VALUES, website=SHOWN_WEBSITES, summary=SHOWN_VALUES,
       body=SHOWN_BODIES)
def test_text_a_page_can_show_is_rendered_safely_or_reported(name: str, street: str, city: str, website: str,
                                                              summary: str, body: str) -> None:
    render_or_report(name, street, city, website, summary, body)


@pytest.mark.slow
@FUZZ_SETTINGS
@given(name=ANY_VALUES, street=ANY_VALUES, city=ANY_VALUES, website=ANY_VALUES, summary=ANY_VALUES, body=ANY_BODIES)
def test_any_text_is_rendered_safely_or_reported(name: str, street: str, city: str, website: str, summary: str,
                                                 body: str) -> None:
    render_or_report(name, street, city, website, summary, body)


def render_or_report(name: str, street: str, city: str, website: str, summary: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(FIXTURES_DIR / "minimal", root / "content")
        write_entry(root / "content", name, street, city, website, summary, body)
        start = time.monotonic()
        try:
            made = render_everything(root / "content", root / "output")
        except BuildFailed as failed:
            event("reported: " + min(p for p in failed.diagnostics if p.severity == "error").message[:50])
            assert failed.diagnostics
            for problem in failed.diagnostics:
                assert problem.message.strip(), problem
                assert Path(problem.path).resolve().is_relative_to((root / "content").resolve()), problem
            return
        finally:
            assert time.monotonic() - start < 2 * BODY_SECONDS + 20, "an example took too long"
        event("rendered")
        for path, text in made.items():
            assert not control_characters(text), (path, control_characters(text))
            if path.endswith(".html"):
                assert not unsafe_in_page(text), (path, unsafe_in_page(text))
            elif path.endswith(".xml"):
                lxml.etree.fromstring(text.encode("utf-8"), lxml.etree.XMLParser(recover=False))
            elif path.endswith(".geojson"):
                json.loads(text)
