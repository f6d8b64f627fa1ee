"""Views: what each page type shows, typed, in the page's language, with the language fallback."""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from sitegen.cards import SpaceCard
from sitegen.entryviews import EntryView, LabView, SpaceView, ThemeView
from sitegen.frame import PageView, frame
from sitegen.views import page_context, view_of
from support import REPO_ROOT
from support.prepared import planned, prepared


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return prepared("bilingual")


def view(site, page_type: str, lang: str, slug: str | None = None) -> PageView:  # type: ignore[no-untyped-def]
    ready, ctx = site
    page = planned(ready, page_type, lang, slug)
    return view_of(page, ctx)(page, ctx)


def test_every_page_has_a_typed_view_and_a_frame(site) -> None:  # type: ignore[no-untyped-def]
    ready, ctx = site
    for page in ready.pages:
        shown = view_of(page, ctx)(page, ctx)
        assert isinstance(shown, PageView) and dataclasses.is_dataclass(shown)
        assert shown.title, (page.page_type, page.path)
        names = page_context(page, ctx)
        assert names["title"] == shown.title and names["lang"] == page.lang


def test_a_space_in_its_own_language(site) -> None:  # type: ignore[no-untyped-def]
    shown = view(site, "space", "nl", "la-verriere")
    assert isinstance(shown, SpaceView)
    assert (shown.title, shown.city.name, shown.country.name) == ("La Verrière", "Luik", "België")
    assert (shown.kind, shown.access) == ("Third place", "Open voor iedereen"), "labels in the page's language"
    assert shown.other_names.split()[0] == "Liège", "search finds the space by its city's French name"
    assert {"kitchen", "Cuisine", "Projections"} <= set(shown.other_names.split()), \
        "and by what it offers, as the word and in the other language"
    assert [crumb.label for crumb in shown.crumbs] == ["Start", "Ruimten", "België", "Luik"]
    assert not shown.untranslated and shown.contribute.edit and not shown.contribute.translate


def test_an_untranslated_space_shows_its_text_marked_with_its_language(site) -> None:  # type: ignore[no-untyped-def]
    shown = view(site, "space", "fr", "de-koepel")
    assert isinstance(shown, SpaceView)
    assert shown.untranslated and shown.text_lang == "nl" and shown.text_language_name == "néerlandais"
    assert shown.title_lang == "fr", "a space's name is shown as written, on every language's page"
    assert shown.contribute.translate and "filename=fr.md" in shown.contribute.translate
    assert shown.contribute.edit is None and shown.contribute.facts and shown.contribute.facts.endswith("space.yaml")


def test_a_lab_links_its_theme_and_the_space_where_it_meets(site) -> None:  # type: ignore[no-untyped-def]
    shown = view(site, "lab", "fr", "reseau-bruxelles")
    assert isinstance(shown, LabView)
    assert shown.status_word == "active" and shown.theme is not None
    assert isinstance(shown.meets, SpaceCard) and shown.meets.href == "/fr/espaces/huis-van-de-makers/"
    assert [crumb.href for crumb in shown.crumbs][-1] == shown.theme.href


def test_a_theme_lists_its_labs_and_spaces(site) -> None:  # type: ignore[no-untyped-def]
    shown = view(site, "theme", "nl", "gender-equality")
    assert isinstance(shown, ThemeView)
    assert [lab.status_word for lab in shown.labs] == ["closed"]
    assert [card.href for card in shown.spaces] == ["/nl/ruimten/la-fabrique-commune/"]


def test_a_free_page_uses_its_localized_slug(site) -> None:  # type: ignore[no-untyped-def]
    shown = view(site, "page", "nl", "about")
    assert isinstance(shown, EntryView) and shown.title == "Over deze gids"
    assert shown.contribute.edit and shown.contribute.edit.endswith("/pages/about/nl.md")


def test_the_frame_marks_the_current_menu_item_and_links_the_other_language(site) -> None:  # type: ignore[no-untyped-def]
    ready, ctx = site
    page = planned(ready, "lab", "nl", "plekken-delen")
    shown = frame(page, ctx)
    assert [item.current for item in shown.nav] == [False, False, False, True], "a lab belongs under themes"
    switcher = [(other.lang, other.href) for other in shown.switcher]
    assert switcher == [("fr", "/fr/labs/partager-les-lieux/")], "its French slug"
    assert shown.canonical == "https://example.org/nl/labs/plekken-delen/"


@pytest.mark.parametrize("first", ["sitegen.finderviews", "sitegen.views", "sitegen.entryviews", "sitegen.siteviews"])
def test_the_view_modules_import_in_any_order(first: str) -> None:
    """A fresh process (a spawned worker, a script) may import any view module first: no import cycle."""
    code = f"import {first}; from sitegen.views import view_of; from sitegen.finderviews import FINDER_VIEWS"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
