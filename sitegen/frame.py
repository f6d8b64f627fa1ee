"""The frame every page shares (head links, header, menu, footer) and PageView, the base of every page's view."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from .cards import Context, EntryLink, Link, entry_link
from .entrykind import kind_of
from .i18n import Strings
from .model import Entry, SiteConfig
from .plan import PlannedPage

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
