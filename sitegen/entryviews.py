"""The views of entry pages: a space, a theme, a lab, a dated entry (a lab's journal), a page. Entry kinds name
their view in kinds.py."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import hours
from .agenda import CalendarLinks, JoinLinks, MeetingCard, budget_link, calendar_links, join_links, meeting_cards
from .cards import (
    Context,
    EntryLink,
    LabLink,
    Link,
    NestedList,
    PhotoCard,
    SpaceCard,
    city_name,
    crumbs,
    entry_link,
    lab_link,
    nested_lists,
    photos,
    sorted_cards,
    space_card,
)
from .directory import City
from .entrykind import kind_of
from .frame import PageView
from .meetings import all_occurrences, meeting_place, occurrences
from .model import Animator, DatedEntry, Entry, Lab, Space, Theme
from .plan import PlannedPage
from .practical import Practical, practical

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
        trail = kind_of(parent, ctx.kinds).view(parent_page, ctx).crumbs + (Link(link.title, link.href),)
    day = entry.date if isinstance(entry, DatedEntry) else None
    return DatedView(**entry_view(entry, page, ctx), crumbs=trail,
                     date=Dated(ctx.strings[lang].date(day), day.isoformat()) if day else None,
                     parent=entry_link(parent, lang, ctx) if parent else None)


def page_view(page: PlannedPage, ctx: Context) -> EntryView:
    return EntryView(**entry_view(cast(Entry, page.item), page, ctx), crumbs=crumbs(ctx, page.lang))
