"""What each page type shows: a typed view per page, in the page's language, and the frame every page shares.

A template receives the fields of the page's `Frame` and of its view (a `PageView` subclass) as its names.
Entry kinds name their view in kinds.py; the other page types are in `VIEWS` below (home, search, …) and in
finderviews.py's `FINDER_VIEWS` (the spaces list, countries, cities, the map).
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import hours
from .addform import form_context
from .agenda import (
    CalendarLinks,
    JoinLinks,
    MeetingCard,
    MonthGroup,
    budget_link,
    by_month,
    calendar_links,
    join_links,
    meeting_cards,
)
from .cards import (
    Context,
    CountryGroup,
    EntryLink,
    LabLink,
    Link,
    NestedList,
    PhotoCard,
    SpaceCard,
    ThemeCard,
    city_name,
    country_groups,
    crumbs,
    entry_link,
    lab_link,
    nested_lists,
    photos,
    sorted_cards,
    space_card,
    theme_list,
)
from .directory import City
from .entrykind import kind_of
from .feeds import feed_order
from .i18n import Strings
from .meetings import all_occurrences, meeting_place, occurrences
from .model import Animator, DatedEntry, Entry, Lab, Licence, SiteConfig, Space, Theme
from .opendata import columns
from .plan import PlannedPage
from .practical import Practical, practical
from .preview import preview_size
from .scaffold import schema_for, space_yaml
from .urls import Urls

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# -- the frame ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LangLink:
    lang: str
    name: str
    href: str


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class Alternate:
    lang: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Frame:
    """What every page shows around its content: head links, header, menu and footer."""

    page: PlannedPage
    lang: str
    t: Strings
    config: SiteConfig
    href: Callable[[str], str]
    asset: Callable[[str], str]
    site_title: str
    tagline: str
    canonical: str | None
    alternates: tuple[Alternate, ...]
    x_default: str | None
    switcher: tuple[LangLink, ...]
    nav: tuple[NavItem, ...]
    search_href: str
    feed_href: str
    add_space_href: str
    open_data_href: str
    booklet_href: str
    footer_pages: tuple[EntryLink, ...]


@dataclass(frozen=True, kw_only=True)
class PageView:
    """What one page shows: its title and description (for <title> and the meta tags), and more per type."""

    title: str
    description: str
    og_image: str | None = None
    crumbs: tuple[Link, ...] = ()


def page_context(page: PlannedPage, ctx: Context) -> dict[str, Any]:
    """The names a page's template sees: the frame's fields, then its view's."""
    view, shared = view_of(page, ctx)(page, ctx), _names(frame(page, ctx))
    names = _names(view)
    if clash := sorted(shared.keys() & names.keys()):
        raise TypeError(f"{type(view).__name__} hides the frame's {', '.join(clash)}: rename the view's field")
    return {**shared, **names}


def view_of(page: PlannedPage, ctx: Context) -> Callable[[PlannedPage, Context], PageView]:
    if isinstance(page.item, Entry):
        return kind_of(page.item, ctx.kinds).view
    return VIEWS.get(page.page_type) or finderviews.FINDER_VIEWS[page.page_type]


def _names(record: DataclassInstance) -> dict[str, Any]:
    return {field.name: getattr(record, field.name) for field in fields(record)}


def frame(page: PlannedPage, ctx: Context) -> Frame:
    lang, urls, config = page.lang, ctx.urls, ctx.site.config
    return Frame(
        page=page, lang=lang, t=ctx.strings[lang], config=config, href=urls.href,
        asset=functools.partial(urls.asset_href, ctx.asset_versions),  # no closure over ctx: see cache.py
        site_title=config.title.get(lang) or "", tagline=config.tagline.get(lang) or "",
        canonical=urls.absolute(page.path) if page.page_type != "not-found" else None,
        alternates=tuple(Alternate(code, urls.absolute(path)) for code, path in page.alternates),
        x_default=_x_default(page, ctx), switcher=_switcher(page, ctx), nav=_nav(page, ctx),
        search_href=urls.href(urls.search(lang)), feed_href=urls.href(urls.feed(lang)),
        add_space_href=urls.href(urls.add_space(lang)), open_data_href=urls.href(urls.open_data(lang)),
        booklet_href=urls.href(urls.booklet(lang)),
        footer_pages=tuple(entry_link(p, lang, ctx) for p in ctx.site.pages),
    )


def _x_default(page: PlannedPage, ctx: Context) -> str | None:
    path = dict(page.alternates).get(ctx.site.config.default_language)
    return ctx.urls.absolute(path) if path is not None else None


def _switcher(page: PlannedPage, ctx: Context) -> tuple[LangLink, ...]:
    return tuple(LangLink(code, ctx.strings[code].own_name(), ctx.urls.href(path))
                 for code, path in page.alternates if code != page.lang)


NAV = ("home", "spaces", "map", "themes")
NAV_OF_PAGE = {"country": "spaces", "city": "spaces", "agenda": "themes"}  # list pages that belong to another menu item


def _nav(page: PlannedPage, ctx: Context) -> tuple[NavItem, ...]:
    lang, urls, t = page.lang, ctx.urls, ctx.strings[page.lang]
    paths = {"home": urls.home(lang), "spaces": urls.spaces(lang), "map": urls.map(lang), "themes": urls.themes(lang)}
    if isinstance(page.item, Entry):
        current = kind_of(page.item, ctx.kinds).nav
    else:
        current = NAV_OF_PAGE.get(page.page_type, page.page_type)
    return tuple(NavItem(t(f"nav_{key}"), urls.href(paths[key]), key == current) for key in NAV)


# -- entry pages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Contribute:
    """'Report a change' (a prefilled issue), and 'edit this page' or 'translate this page', and 'edit the
    facts' for an entry whose facts are in a file of their own."""

    report: str
    edit: str | None = None
    translate: str | None = None
    facts: str | None = None


@dataclass(frozen=True, kw_only=True)
class EntryView(PageView):
    """An entry's text in the page's language, or in the first language that has it, marked as untranslated."""

    title_lang: str
    summary: str
    body: str
    text_lang: str
    untranslated: bool
    text_language_name: str
    contribute: Contribute
    nested: tuple[NestedList, ...]


def entry_view(entry: Entry, page: PlannedPage, ctx: Context) -> dict[str, Any]:
    """The fields every entry page has, for a view's constructor."""
    lang = page.lang
    text = ctx.text(entry, lang)
    title = entry.title(text, lang)
    if text is None:
        prose = {"title_lang": lang, "summary": "", "body": "", "text_lang": lang, "untranslated": False,
                 "text_language_name": ""}
    else:
        prose = {"title_lang": entry.title_lang(text, lang), "summary": text.summary, "body": text.body,
                 "text_lang": text.lang, "untranslated": text.lang != lang,
                 "text_language_name": ctx.strings[lang].language_name(text.lang)}
    return dict(prose, title=title, description=prose["summary"], contribute=_contribute(entry, page, ctx),
                nested=nested_lists(entry, lang, ctx))


def _repo_path(path: Path, ctx: Context) -> str:
    """A content file's path inside the repository, as GitHub's editor wants it."""
    return f"{ctx.content_in_repo}/{path.relative_to(ctx.content_dir).as_posix()}".lstrip("/")


def _contribute(entry: Entry, page: PlannedPage, ctx: Context) -> Contribute:
    """Links to GitHub: the editor on the entry's file (or a new file for a missing translation), the editor on
    its facts, and a prefilled issue."""
    repo, lang, kind = ctx.site.config.repository.rstrip("/"), page.lang, kind_of(entry, ctx.kinds)
    text = entry.text(lang)
    report = f"{repo}/issues/new?" + urlencode({
        "template": "correct-a-space.yml",
        "title": f"{ctx.strings[lang]('report_title')}: {entry.title(text, lang)}",
        "page": ctx.urls.absolute(page.path)})
    edit = f"{repo}/edit/main/{quote(_repo_path(text.source, ctx))}" if text else None
    translate = None if text else f"{repo}/new/main/{quote(_repo_path(entry.source, ctx))}?" + urlencode(
        {"filename": f"{lang}.md", "value": kind.new_text})
    facts = None
    if kind.data_file and (text is None or text.source.name != kind.data_file):
        facts = f"{repo}/edit/main/{quote(_repo_path(entry.source / kind.data_file, ctx))}"
    return Contribute(report, edit, translate, facts)


@dataclass(frozen=True)
class MapSettings:
    """What the map script needs, handed over in data- attributes: tiles, their credit, the data, the texts."""

    tiles: str
    attribution_label: str
    attribution_url: str
    data: str
    lang: str
    label: str
    lat: float | None = None
    lon: float | None = None


def map_settings(ctx: Context, lang: str, space: Space | None = None) -> MapSettings:
    config, t = ctx.site.config, ctx.strings[lang]
    geo = space.geo if space else None
    return MapSettings(config.map_tiles, config.map_attribution.label, config.map_attribution.url,
                       ctx.urls.href(ctx.urls.map_data()), lang, t("map_label"),
                       geo.lat if geo else None, geo.lon if geo else None)


@dataclass(frozen=True)
class PlaceLink:
    name: str
    href: str


@dataclass(frozen=True)
class Dated:
    text: str
    iso: str


@dataclass(frozen=True, kw_only=True)
class SpaceView(EntryView):
    json_ld: Markup
    space: Space
    photos: tuple[PhotoCard, ...]
    kind: str
    access: str
    role: str
    services: tuple[str, ...]
    hosts: tuple[str, ...]
    city: PlaceLink
    other_names: str
    country: PlaceLink
    street: str
    postcode: str
    themes: tuple[EntryLink, ...]
    labs: tuple[LabLink, ...]
    geo_link: str | None
    hours: list[str] | None
    map: MapSettings | None
    verified: Dated | None
    tel: str
    meetings: tuple[MeetingCard, ...]
    practical: Practical
    thumb: PhotoCard | None


def space_view(page: PlannedPage, ctx: Context) -> SpaceView:
    space, lang, urls = cast(Space, page.item), page.lang, ctx.urls
    t = ctx.strings[lang]
    country = next(c for c in ctx.places if c.code == space.address.country)
    city = ctx.city_of(space)
    common = entry_view(space, page, ctx)
    label = ctx.label
    return SpaceView(
        **common, og_image=urls.absolute(urls.photo(space, space.photos[0])) if space.photos else None,
        json_ld=structured_data(space, page, ctx, common, city), space=space, photos=photos(space, lang, ctx),
        kind=label("kinds", space.kind, lang), access=label("access", space.access, lang),
        role=label("smart_roles", space.smart_role, lang),
        services=tuple(label("services", w, lang) for w in space.services),
        hosts=tuple(label("hosts", w, lang) for w in space.hosts),
        city=PlaceLink(city_name(city.name, lang), urls.href(urls.city(city, lang))),
        other_names=_other_names(space, city, lang, ctx),
        country=PlaceLink(t.country(country.code), urls.href(urls.country(country, lang))),
        street=space.address.street, postcode=space.address.postcode,
        themes=tuple(entry_link(th, lang, ctx) for slug in space.themes if (th := ctx.site.theme(slug))),
        labs=tuple(lab_link(lab, lang, ctx) for lab in ctx.site.labs_meeting_at(space.slug)),
        geo_link=_osm_link(space),
        hours=hours.describe(space.opening_hours, t),
        map=map_settings(ctx, lang, space) if space.geo else None,
        verified=Dated(t.date(space.verified), space.verified.isoformat()) if space.verified else None,
        tel="".join(ch for ch in space.contact.phone if ch.isdigit() or ch == "+"),
        meetings=meeting_cards((o for o in all_occurrences(ctx.site.labs)
                                if meeting_place(o.lab, o.meeting) == space.slug), lang, ctx, with_lab=True),
        practical=practical(space, common["title"], ctx),
        thumb=space_card(space, lang, ctx).thumb,
        crumbs=crumbs(ctx, lang, (t("nav_spaces"), urls.spaces(lang)),
                      (t.country(country.code), urls.country(country, lang)),
                      (city_name(city.name, lang), urls.city(city, lang))),
    )


def structured_data(space: Space, page: PlannedPage, ctx: Context, common: dict[str, Any], city: City) -> Markup:
    """schema.org Place as JSON-LD, from the same facts the page shows; safe inside a <script> element."""
    lang, urls = page.lang, ctx.urls
    address = {"@type": "PostalAddress", "addressLocality": city_name(city.name, lang),
               "addressCountry": space.address.country}
    address.update({key: value for key, value in (("streetAddress", space.address.street),
                                                  ("postalCode", space.address.postcode)) if value})
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Place", "name": common["title"],
                            "url": urls.absolute(page.path), "address": address}
    optional = {"description": common["summary"], "telephone": space.contact.phone, "email": space.contact.email,
                "sameAs": space.contact.website,
                "openingHours": [rule.strip() for rule in space.opening_hours.split(";") if rule.strip()],
                "image": [urls.absolute(urls.photo(space, photo)) for photo in space.photos]}
    data.update({key: value for key, value in optional.items() if value})
    if space.geo:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": space.geo.lat, "longitude": space.geo.lon}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _other_names(space: Space, city: City, lang: str, ctx: Context) -> str:
    """The space's and its city's names in the other languages ('Liège' on the Dutch page of a space in Luik), and
    its services and events as words and in the other languages ('coaching', 'wifi', 'salle de réunion'), so that
    search finds a space by any of its names and by what it offers, in either language."""
    names = [text for names in (space.name, space.address.city, city.name)
             for code, text in names.pairs if code != lang]
    shown = {space.name.get(lang), city_name(city.name, lang)}
    offered = [(group, word) for group, words in (("services", space.services), ("hosts", space.hosts))
               for word in words]
    names += [word.replace("-", " ") for _, word in offered]
    names += [ctx.label(group, word, other) for group, word in offered for other in ctx.site.config.languages
              if other != lang]
    return " ".join(dict.fromkeys(name for name in names if name not in shown))


def _osm_link(space: Space) -> str | None:
    if space.geo is None:
        return None
    lat, lon = f"{space.geo.lat:.5f}", f"{space.geo.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


THEME_SPACES = 12  # a theme page shows a few of its spaces and links to the finder for all of them


@dataclass(frozen=True, kw_only=True)
class ThemeView(EntryView):
    labs: tuple[LabLink, ...]
    spaces: tuple[SpaceCard, ...]
    all_spaces: int
    finder_href: str
    contact_email: str
    meetings: tuple[MeetingCard, ...]
    calendar: CalendarLinks
    join: JoinLinks


def theme_view(page: PlannedPage, ctx: Context) -> ThemeView:
    theme, lang = cast(Theme, page.item), page.lang
    labs = ctx.site.labs_of_theme(theme.slug)
    return ThemeView(
        **entry_view(theme, page, ctx),
        labs=tuple(lab_link(lab, lang, ctx) for lab in labs),
        spaces=sorted_cards(ctx.site.spaces_of_theme(theme.slug), lang, ctx)[:THEME_SPACES],
        all_spaces=len(ctx.site.spaces_of_theme(theme.slug)),
        finder_href=ctx.urls.href(ctx.urls.spaces(lang)) + "?" + urlencode({"theme": theme.slug}),
        crumbs=crumbs(ctx, lang, (ctx.strings[lang]("nav_themes"), ctx.urls.themes(lang))),
        contact_email=ctx.site.config.contact_email,
        meetings=meeting_cards(all_occurrences(labs), lang, ctx, with_lab=True),
        calendar=calendar_links(ctx.urls.entry(theme, lang), ctx), join=join_links(theme, lang, ctx),
    )


@dataclass(frozen=True, kw_only=True)
class LabView(EntryView):
    lab: Lab
    status: str
    status_word: str
    languages: str
    theme: EntryLink | None
    meets: SpaceCard | None
    meetings: tuple[MeetingCard, ...]
    calendar: CalendarLinks
    animator: Animator | None
    join: JoinLinks | None
    budget: str | None


def lab_view(page: PlannedPage, ctx: Context) -> LabView:
    lab, lang, urls = cast(Lab, page.item), page.lang, ctx.urls
    t = ctx.strings[lang]
    theme, space = ctx.site.theme(lab.theme), ctx.site.space(lab.meets) if lab.meets else None
    theme_link = entry_link(theme, lang, ctx) if theme else None
    trail = [(t("nav_themes"), urls.themes(lang))]
    if theme and theme_link:
        trail.append((theme_link.title, urls.entry(theme, lang)))
    open_lab = lab.status != "closed"
    return LabView(
        **entry_view(lab, page, ctx), lab=lab,
        status=ctx.label("lab_statuses", lab.status, lang), status_word=lab.status,
        languages=t.join(t.language_name(code) for code in lab.languages),
        theme=theme_link, meets=space_card(space, lang, ctx) if space else None,
        crumbs=crumbs(ctx, lang, *trail),
        meetings=meeting_cards(occurrences(lab), lang, ctx, with_lab=False),
        calendar=calendar_links(urls.entry(lab, lang), ctx), animator=lab.animator,
        join=join_links(theme, lang, ctx, lab) if open_lab else None,
        budget=budget_link(lab, lang, ctx) if open_lab else None,
    )


@dataclass(frozen=True, kw_only=True)
class DatedView(EntryView):
    """An entry inside another, of a given day (a lab's journal entry): its date and the entry it belongs to."""

    date: Dated | None
    parent: EntryLink | None


def dated_view(page: PlannedPage, ctx: Context) -> DatedView:
    entry, lang, urls = cast(Entry, page.item), page.lang, ctx.urls
    parent = entry.parent
    trail: tuple[Link, ...] = crumbs(ctx, lang)
    if parent is not None:
        parent_page = PlannedPage(kind_of(parent, ctx.kinds).name, lang, urls.entry(parent, lang), (), parent)
        link = entry_link(parent, lang, ctx)
        trail = view_of(parent_page, ctx)(parent_page, ctx).crumbs + (Link(link.title, link.href),)
    day = entry.date if isinstance(entry, DatedEntry) else None
    return DatedView(**entry_view(entry, page, ctx), crumbs=trail,
                     date=Dated(ctx.strings[lang].date(day), day.isoformat()) if day else None,
                     parent=entry_link(parent, lang, ctx) if parent else None)


def page_view(page: PlannedPage, ctx: Context) -> EntryView:
    return EntryView(**entry_view(cast(Entry, page.item), page, ctx), crumbs=crumbs(ctx, page.lang))


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

# The finder's pages build on the views above. The module, not its FINDER_VIEWS, and read only when a page is
# made: so importing sitegen.finderviews first works too (it imports this module, which finds it half-made).
from . import finderviews  # noqa: E402
