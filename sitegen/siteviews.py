"""The views of the site's own pages: the language choice, not found, home, themes, agenda, add a space, open
data and search. `VIEWS` names them by page type; finderviews.py has the finder's pages."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from .addform import form_context
from .agenda import CalendarLinks, JoinLinks, MonthGroup, by_month, calendar_links, join_links
from .cards import (
    Context,
    CountryGroup,
    EntryLink,
    PhotoCard,
    SpaceCard,
    ThemeCard,
    country_groups,
    crumbs,
    entry_link,
    space_card,
    theme_list,
)
from .feeds import feed_order
from .frame import PageView
from .i18n import Strings
from .mappreview import preview_size
from .meetings import all_occurrences
from .model import Licence
from .opendata import columns
from .plan import PlannedPage
from .scaffold import schema_for, space_yaml
from .urls import Urls

# -- the other pages ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One language's way into the site, on the language-choice and not-found pages."""

    lang: str
    t: Strings
    name: str
    href: str
    site_title: str
    tagline: str
    spaces_href: str


@dataclass(frozen=True, kw_only=True)
class ChoiceView(PageView):
    choices: tuple[Choice, ...]


def language_choice_view(page: PlannedPage, ctx: Context) -> ChoiceView:
    config = ctx.site.config
    return ChoiceView(title=config.title.get(page.lang) or "", description=config.tagline.get(page.lang) or "",
                      choices=_choices(ctx))


def not_found_view(page: PlannedPage, ctx: Context) -> ChoiceView:
    return ChoiceView(title=ctx.strings[page.lang]("not_found_title"), description="", choices=_choices(ctx))


def _choices(ctx: Context) -> tuple[Choice, ...]:
    config, urls = ctx.site.config, ctx.urls
    return tuple(Choice(lang, ctx.strings[lang], ctx.strings[lang].own_name(), urls.href(urls.home(lang)),
                        config.title.get(lang) or "", config.tagline.get(lang) or "", urls.href(urls.spaces(lang)))
                 for lang in config.languages)


@dataclass(frozen=True)
class Counts:
    spaces: int
    countries: int
    cities: int
    labs: int


@dataclass(frozen=True, kw_only=True)
class HomeView(PageView):
    """The home page: ways into the finder for the impatient (near me, open now, the map), the newest spaces,
    the countries and the SmartLab themes."""

    counts: Counts
    countries: tuple[CountryGroup, ...]
    themes: tuple[ThemeCard, ...]
    newest: tuple[SpaceCard, ...]
    spaces_href: str
    open_now_href: str
    themes_href: str
    map_href: str
    preview: PhotoCard


NEWEST = 6


def home_view(page: PlannedPage, ctx: Context) -> HomeView:
    lang, site, urls, t = page.lang, ctx.site, ctx.urls, ctx.strings[page.lang]
    counts = Counts(len(site.spaces), len(ctx.places), sum(len(c.cities) for c in ctx.places), len(site.labs))
    width, height = preview_size(ctx)
    return HomeView(title=site.config.title.get(lang) or "", description=site.config.tagline.get(lang) or "",
                    counts=counts, countries=country_groups(ctx.places, lang, ctx), themes=theme_list(lang, ctx),
                    newest=tuple(space_card(space, lang, ctx) for space in feed_order(site.spaces)[:NEWEST]),
                    spaces_href=urls.href(urls.spaces(lang)), open_now_href=urls.href(urls.spaces(lang)) + "?open=now",
                    themes_href=urls.href(urls.themes(lang)), map_href=urls.href(urls.map(lang)),
                    preview=PhotoCard(urls.href(urls.map_preview()), t("home_preview_alt", count=len(site.spaces)),
                                      lang, width, height))


@dataclass(frozen=True, kw_only=True)
class ThemesView(PageView):
    themes: tuple[ThemeCard, ...]
    joins: tuple[JoinLinks, ...]
    join: JoinLinks
    how_to: EntryLink | None
    contact_email: str
    agenda_href: str
    calendar: CalendarLinks


def themes_view(page: PlannedPage, ctx: Context) -> ThemesView:
    t, lang, urls = ctx.strings[page.lang], page.lang, ctx.urls
    how = ctx.site.entry("page", "smartlabs")
    themes = sorted(ctx.site.themes, key=lambda theme: (theme.order, theme.slug))
    return ThemesView(title=t("themes_title"), description=t("themes_intro"), themes=theme_list(lang, ctx),
                      joins=tuple(join_links(theme, lang, ctx) for theme in themes), join=join_links(None, lang, ctx),
                      how_to=entry_link(how, lang, ctx) if how else None, crumbs=crumbs(ctx, lang),
                      contact_email=ctx.site.config.contact_email, agenda_href=urls.href(urls.agenda(lang)),
                      calendar=calendar_links(urls.agenda(lang), ctx))


@dataclass(frozen=True, kw_only=True)
class AgendaView(PageView):
    months: tuple[MonthGroup, ...]
    calendar: CalendarLinks
    join: JoinLinks
    themes_href: str


def agenda_view(page: PlannedPage, ctx: Context) -> AgendaView:
    """Every lab's meetings, by month."""
    t, lang, urls = ctx.strings[page.lang], page.lang, ctx.urls
    return AgendaView(title=t("agenda_title"), description=t("agenda_intro"),
                      crumbs=crumbs(ctx, lang, (t("nav_themes"), urls.themes(lang))),
                      months=by_month(all_occurrences(ctx.site.labs), lang, ctx),
                      calendar=calendar_links(urls.agenda(lang), ctx), join=join_links(None, lang, ctx),
                      themes_href=urls.href(urls.themes(lang)))


@dataclass(frozen=True, kw_only=True)
class AddSpaceView(PageView):
    new_file: str
    propose: str
    contributing: str
    contact_email: str
    template: str
    form: dict[str, Any]


def add_space_view(page: PlannedPage, ctx: Context) -> AddSpaceView:
    """How to add a space: GitHub's new-file page with a one-file space.yaml filled in, or an issue form."""
    t, lang, config = ctx.strings[page.lang], page.lang, ctx.site.config
    repo = config.repository.rstrip("/")
    folder = quote(f"{ctx.content_in_repo}/spaces".lstrip("/"))
    template = space_yaml("", schema_for(Path("spaces/x"), "space", ctx.content_in_repo), inline_text=True)
    new_file = f"{repo}/new/main/{folder}?" + urlencode({"filename": f"{t('add_example_slug')}/space.yaml",
                                                        "value": template})
    return AddSpaceView(title=t("add_title"), description=t("add_intro"), crumbs=crumbs(ctx, lang),
                        new_file=new_file, propose=f"{repo}/issues/new?template=propose-a-space.yml",
                        contributing=f"{repo}/blob/main/CONTRIBUTING.md", contact_email=config.contact_email,
                        template=template,
                        form=form_context(config, ctx.site.vocabulary, ctx.urls, t, ctx.content_in_repo))


@dataclass(frozen=True)
class DataFile:
    name: str
    format: str
    href: str


@dataclass(frozen=True)
class DataField:
    column: str
    text: str


@dataclass(frozen=True)
class VocabularyWord:
    word: str
    label: str


@dataclass(frozen=True)
class VocabularyGroup:
    group: str
    title: str
    words: tuple[VocabularyWord, ...]


@dataclass(frozen=True, kw_only=True)
class OpenDataView(PageView):
    files: tuple[DataFile, ...]
    fields: tuple[DataField, ...]
    vocabulary: tuple[VocabularyGroup, ...]
    licence: Licence
    feed: str
    sitemap: str


def open_data_view(page: PlannedPage, ctx: Context) -> OpenDataView:
    """The data files, their licence, every field, and the words the controlled fields may hold."""
    t, lang, urls, config = ctx.strings[page.lang], page.lang, ctx.urls, ctx.site.config
    files = tuple(DataFile(name, t(f"data_format_{name.rsplit('.', 1)[1]}"), urls.href(urls.data_file(name)))
                  for name in ("spaces.csv", "spaces.json", "spaces.geojson"))
    data_fields = tuple(DataField(column, t(key, language=t.language_name(code) if code else ""))
                        for column, key, code in columns(config.languages))
    vocabulary = tuple(VocabularyGroup(group, t(f"data_vocabulary_{group}"), tuple(
        VocabularyWord(word, labels.get(lang) or word) for word, labels in words))
        for group, words in ctx.site.vocabulary.groups if group != "lab_statuses")
    return OpenDataView(title=t("data_title"), description=t("data_intro"), crumbs=crumbs(ctx, lang),
                        files=files, fields=data_fields, vocabulary=vocabulary, licence=config.data_licence,
                        feed=urls.href(urls.feed(lang)), sitemap=urls.href(urls.sitemap()))


# The search page's facets, in the order the filter panel shows them: (address parameter, i18n key of the label).
# The label is also the Pagefind filter's name, as the entry templates write it.
SEARCH_FACETS = (("country", "facet_country"), ("city", "facet_city"), ("kind", "facet_kind"),
                 ("access", "facet_access"), ("role", "facet_role"), ("services", "facet_services"),
                 ("themes", "facet_themes"), ("hosts", "facet_hosts"), ("type", "facet_section"))
SEARCH_MESSAGES = ("searching", "prompt", "results", "filtered", "none", "none_filtered", "error",
                   "filters_loading", "show_all", "show_fewer", "remove_filter", "clear")


@dataclass(frozen=True, kw_only=True)
class SearchView(PageView):
    search_config: dict[str, Any]
    spaces_href: str
    themes_href: str


def search_view(page: PlannedPage, ctx: Context) -> SearchView:
    t, urls, lang = ctx.strings[page.lang], ctx.urls, page.lang
    return SearchView(title=t("search_title"), description=t("search_intro"), crumbs=crumbs(ctx, lang),
                      search_config=search_config(t, ctx.urls),
                      spaces_href=urls.href(urls.spaces(lang)), themes_href=urls.href(urls.themes(lang)))


def search_config(t: Strings, urls: Urls) -> dict[str, Any]:
    """What the search script needs: where the index is, the facets in order, and its messages (plural forms
    as written, so the script picks the form with Intl.PluralRules)."""
    return {"bundle": urls.href(urls.search_bundle()), "base": urls.base_path,
            "facets": [{"param": param, "name": t(key)} for param, key in SEARCH_FACETS],
            "messages": {name: t.forms(f"search_{name}") for name in SEARCH_MESSAGES}}


VIEWS: dict[str, Callable[[PlannedPage, Context], PageView]] = {
    "language-choice": language_choice_view, "not-found": not_found_view, "home": home_view,
    "themes": themes_view, "search": search_view, "agenda": agenda_view, "add-space": add_space_view,
    "open-data": open_data_view,
}
