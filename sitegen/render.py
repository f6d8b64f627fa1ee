"""The Jinja environment (autoescape, strict undefined) and contributors' Markdown, made safe."""
from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
ALLOWED_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "blockquote",
                "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def make_environment(templates: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["markdown"] = markdown_to_html
    return env


def is_safe_link(url: str) -> bool:
    """Links in contributors' text go out of the site: http(s), mailto and tel only, or a fragment."""
    url = url.strip()
    if url.startswith("#"):
        return True
    parts = urlsplit(url)
    return parts.scheme.lower() in SAFE_SCHEMES and (parts.scheme.lower() in ("mailto", "tel") or bool(parts.netloc))


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _SafeTree(markdown.treeprocessors.Treeprocessor):
    """Headings moved so the text's highest is an h2 (the page's title is the h1), with no level skipped;
    unsafe links unlinked; images become their alt text."""

    def run(self, root: etree.Element) -> None:
        levels = sorted({int(e.tag[1]) for e in root.iter() if e.tag in HEADINGS})
        new_level = {level: min(2 + rank, 6) for rank, level in enumerate(levels)}
        for element in root.iter():
            if element.tag in HEADINGS:
                element.tag = f"h{new_level[int(element.tag[1])]}"
            elif element.tag == "a" and not is_safe_link(element.get("href", "")):
                element.tag = "span"
                element.attrib.clear()
            elif element.tag == "img":
                element.tag, element.text = "span", element.get("alt", "")
                element.attrib.clear()


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")  # raw HTML blocks are shown as text
        md.inlinePatterns.deregister("html")  # and so are inline tags
        md.treeprocessors.register(_SafeTree(md), "third_places_safe", 0)


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown converter per process, reset before each text: building one costs more than converting."""
    return markdown.Markdown(extensions=[_SafeExtension(), "sane_lists"], output_format="html")


def markdown_to_html(text: str) -> Markup:
    """Contributors' Markdown as HTML: raw HTML escaped, then cleaned by an allow-list sanitizer (nh3)."""
    html = _converter().reset().convert(text)
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES),
                        link_rel="noopener noreferrer")
    return Markup(cleaned)
