"""URLs: localized sections, base paths, and the file that serves each path."""
from __future__ import annotations

from pathlib import Path

from sitegen.build import TEMPLATES
from sitegen.diagnostics import Diagnostics
from sitegen.i18n import load_strings
from sitegen.kinds import KINDS
from sitegen.model import Localized, Page, Text
from sitegen.urls import Urls


def urls(base: str) -> Urls:
    return Urls(base, load_strings(TEMPLATES / "i18n", ("nl", "fr"), Diagnostics()), KINDS)


def test_base_path_prefixes_every_link() -> None:
    assert urls("https://example.org/").href("nl/ruimten/") == "/nl/ruimten/"
    assert urls("https://owner.github.io/repo/").href("nl/ruimten/") == "/repo/nl/ruimten/"
    assert urls("https://owner.github.io/repo/").absolute("fr/") == "https://owner.github.io/repo/fr/"


def test_sections_are_named_in_each_language() -> None:
    u = urls("https://example.org/")
    assert u.spaces("nl") == "nl/ruimten/" and u.spaces("fr") == "fr/espaces/"
    assert u.themes("fr") == "fr/themes/"


def test_a_localized_slug_is_used_in_its_language_only() -> None:
    text = Text("fr", "À propos", "", "", "a-propos", Path("fr.md"), 1)
    page = Page("about", Path("pages/about"), (text, Text("nl", "Over", "", "", None, Path("nl.md"), 1)))
    u = urls("https://example.org/")
    assert u.entry(page, "fr") == "fr/a-propos/" and u.entry(page, "nl") == "nl/about/"


def test_output_files() -> None:
    assert Urls.output_file("") == "index.html"
    assert Urls.output_file("nl/ruimten/") == "nl/ruimten/index.html"
    assert Urls.output_file("404.html") == "404.html"


def test_localized_picks_the_first_language_with_text() -> None:
    city = Localized.of({"fr": "Bruxelles"})
    assert city.pick(("nl", "fr")) == ("Bruxelles", "fr")
