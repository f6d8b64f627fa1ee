"""Contributors' Markdown is rendered safely; templates autoescape."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import StrictUndefined, UndefinedError

from sitegen.build import TEMPLATES, build_site
from sitegen.diagnostics import BuildFailed
from sitegen.render import ALLOWED_TAGS, is_safe_link, make_environment, markdown_to_html
from support import FIXTURES_DIR


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://example.org></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
])
def test_hostile_markdown_cannot_inject_markup(source: str) -> None:
    tags = ElementsSeen()
    tags.feed(str(markdown_to_html(source)))
    assert set(tags.names) <= ALLOWED_TAGS, tags.names
    for name, attrs in tags.attributes:
        assert not [a for a in attrs if a.startswith("on")], (name, attrs)
        assert name != "a" or is_safe_link(attrs.get("href", "")), attrs


class ElementsSeen(HTMLParser):
    """The elements and attributes a browser would see in the rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attributes: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.names.append(tag)
        self.attributes.append((tag, {k.lower(): (v or "") for k, v in attrs}))


def test_ordinary_markdown_survives() -> None:
    html = str(markdown_to_html("# Kop\n\nTekst met *nadruk* en [een link](https://example.org).\n\n- a\n- b\n\n"
                                "Mail [ons](mailto:info@example.org) of [bel](tel:+3225550000)."))
    assert "<h2>Kop</h2>" in html  # the page's title is the only h1
    assert "<em>nadruk</em>" in html and '<a href="https://example.org" rel="noopener noreferrer">' in html
    assert "<li>a</li>" in html and 'href="mailto:info@example.org"' in html and 'href="tel:+3225550000"' in html


@pytest.mark.parametrize("url, safe", [("https://example.org", True), ("http://a.be/x", True), ("mailto:a@b.be", True),
                                       ("tel:+32", True), ("#top", True), ("javascript:x", False), ("data:x", False),
                                       ("/nl/ruimten/", False), ("ftp://a.be", False), ("vbscript:x", False)])
def test_only_outgoing_safe_links_are_kept(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_templates_autoescape_and_reject_undefined_names() -> None:
    env = make_environment(TEMPLATES)
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.undefined is StrictUndefined
    with pytest.raises(UndefinedError):
        env.from_string("{{ nothing_here }}").render()


def test_headings_start_at_h2_and_skip_no_level() -> None:
    skipping = str(markdown_to_html("## A\n\n#### B"))
    assert "<h2>A</h2>" in skipping and "<h3>B</h3>" in skipping
    assert "<h2>A</h2>" in str(markdown_to_html("# A")) and "<h3>B</h3>" in str(markdown_to_html("# A\n\n## B"))


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_error_names_the_template_line_the_page_and_its_entry(tmp_path: Path, jobs: int) -> None:
    """One error at templates/lab.html's line, naming the page and the lab's folder: no Jinja traceback, also
    when the page was rendered in a worker process."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    lab = templates / "lab.html"
    lines = lab.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = next(number for number, line in enumerate(lines, 1) if "{% block content %}" in line) + 1
    lines.insert(broken - 1, "{{ lab.no_such_field }}\n")
    lab.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(FIXTURES_DIR / "bilingual", tmp_path / "out", "https://example.org/", templates=templates,
                   jobs=jobs, booklets="skip")
    first = failed.value.diagnostics[0]
    assert (Path(first.path).resolve(), first.line) == (lab.resolve(), broken)
    assert "rendering the page " in first.message and "/labs/" in first.message, first.message
    assert "bilingual/labs/" in first.message and "no_such_field" in first.message, first.message
    assert not (tmp_path / "out").exists()
