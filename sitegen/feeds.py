"""What search engines and feed readers read: sitemap.xml, robots.txt and one Atom feed (RFC 4287) per language.

The sitemap lists every page of the site except 404.html, sorted by URL, each with the same hreflang alternates
(and x-default) as the page's own <head>. A space's page carries <lastmod> from its `verified` date; no other
page has one, since no other date comes from the content.

robots.txt allows everything and names the sitemap's absolute URL. (Crawlers read robots.txt only at the root of
a host: under a project site's sub-path, such as owner.github.io/repo/, it is written but not read.)

The feeds list the spaces, newest first: by `added`, or by `verified` for a space without `added`; spaces with the
same date by slug. A space with neither date is left out: an entry needs a date (<updated>), and the only other
date would be the build time, which would make two builds of the same content differ. An entry's <updated> is
the later of `added` and `verified`, its <published> is `added`; the feed's <updated> is the newest <updated> of
its entries (1970-01-01 when no space has a date). Nothing in these files depends on when the site was built.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .cards import Context, space_card
from .model import DatedEntry, Entry, Space
from .plan import PlannedPage
from .render import markdown_to_html
from .write import Staging

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = dt.date(1970, 1, 1)
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
ROBOTS = "robots.txt"
NOT_IN_SITEMAP = frozenset({"not-found"})


def write_feeds(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    staging.write(ctx.urls.sitemap(), sitemap_xml(ctx, pages))
    staging.write(ROBOTS, robots_txt(ctx))
    for lang in ctx.site.config.languages:
        staging.write(ctx.urls.feed(lang), atom_feed(ctx, lang))


# -- sitemap.xml and robots.txt -----------------------------------------------------------------

def sitemap_xml(ctx: Context, pages: tuple[PlannedPage, ...]) -> str:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for loc, page in sorted((ctx.urls.absolute(page.path), page) for page in pages
                            if page.page_type not in NOT_IN_SITEMAP):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        lastmod = _lastmod(page)
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat()
        for hreflang, href in alternates(page, ctx):
            ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    return _serialize(urlset)


def alternates(page: PlannedPage, ctx: Context) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of every language of the page, then x-default (the default language's URL),
    as the page's <head> lists them."""
    links = [(lang, ctx.urls.absolute(path)) for lang, path in page.alternates]
    default = dict(page.alternates).get(ctx.site.config.default_language)
    if default is not None:
        links.append(("x-default", ctx.urls.absolute(default)))
    return links


def _lastmod(page: PlannedPage) -> dt.date | None:
    return page.item.verified if page.page_type == "space" and isinstance(page.item, Space) else None


def robots_txt(ctx: Context) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {ctx.urls.absolute(ctx.urls.sitemap())}\n"


# -- the Atom feeds -----------------------------------------------------------------------------

def feed_order(spaces: Iterable[Space]) -> list[Space]:
    """The spaces of the feeds: those with a date, newest first (`added`, else `verified`), then by slug."""
    dated = [(date, space) for space in spaces if (date := _date_of(space)) is not None]
    return [space for _, space in sorted(dated, key=lambda pair: (-pair[0].toordinal(), pair[1].slug))]


def _date_of(space: Space) -> dt.date | None:
    return space.added or space.verified


def entry_updated(space: Space) -> dt.date:
    return max(date for date in (space.added, space.verified) if date is not None)


def atom_feed(ctx: Context, lang: str) -> str:
    urls, config, t = ctx.urls, ctx.site.config, ctx.strings[lang]
    spaces = feed_order(ctx.site.spaces)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: lang})
    ET.SubElement(feed, "id").text = urls.absolute(urls.feed(lang))
    ET.SubElement(feed, "title").text = t("feed_title")
    tagline = config.tagline.get(lang)
    if tagline:
        ET.SubElement(feed, "subtitle").text = tagline
    ET.SubElement(feed, "updated").text = _timestamp(max((entry_updated(s) for s in spaces), default=EPOCH))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": urls.absolute(urls.feed(lang))})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": urls.absolute(urls.spaces(lang))})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = config.title.get(lang) or config.title.pick(config.fallback_order(lang))[0]
    ET.SubElement(author, "uri").text = urls.absolute(urls.home(lang))
    ET.SubElement(feed, "generator", {"uri": config.repository}).text = "third-places"
    for space in spaces:
        _entry(feed, space, lang, ctx)
    return _serialize(feed)


def _entry(feed: ET.Element, space: Space, lang: str, ctx: Context) -> None:
    card = space_card(space, lang, ctx)
    url = ctx.urls.absolute(ctx.urls.entry(space, lang))
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "title").text = card.title
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    ET.SubElement(entry, "updated").text = _timestamp(entry_updated(space))
    if space.added:
        ET.SubElement(entry, "published").text = _timestamp(space.added)
    if card.summary:
        summary = ET.SubElement(entry, "summary", {"type": "text"})
        summary.text = card.summary
        if card.lang != lang:
            summary.set(XML_LANG, card.lang)
    ET.SubElement(entry, "category", {"term": space.kind, "label": card.kind})
    ET.SubElement(entry, "category", {"term": card.city, "label": f"{card.city}, {card.country}"})


# -- the feeds of nested kinds (a lab's journal) -------------------------------------------------------------

def write_nested_feeds(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    """An Atom feed of each nested kind that has one (`feed`), in each entry that holds some, in each language."""
    for kind in (kind for kind in ctx.kinds if kind.feed):
        for parent in ctx.site.of(kind.parent or ""):
            children = ctx.site.children(parent, kind.name)
            for lang in ctx.site.config.languages if children else ():
                staging.write(ctx.urls.child_feed(parent, kind.section, lang),
                              nested_feed(parent, kind.name, kind.section, children, lang, ctx))


def nested_feed(parent: Entry, kind: str, section: str, children: tuple[Entry, ...], lang: str, ctx: Context) -> str:
    """Newest first: by date (a dated kind), then by slug."""
    urls, t = ctx.urls, ctx.strings[lang]
    url = urls.absolute(urls.child_feed(parent, section, lang))
    entries = sorted(children, key=lambda child: (-_day(child).toordinal(), child.slug))
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: lang})
    ET.SubElement(feed, "id").text = url
    title = parent.title(ctx.text(parent, lang), lang)
    ET.SubElement(feed, "title").text = f"{title}: {t.get(f'section_{kind}', kind)}"
    ET.SubElement(feed, "updated").text = _timestamp(max((_day(child) for child in entries), default=EPOCH))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": url})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html",
                                 "href": urls.absolute(urls.entry(parent, lang))})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = title
    for child in entries:
        _nested_entry(feed, child, lang, ctx)
    return _serialize(feed)


def _day(entry: Entry) -> dt.date:
    return entry.date if isinstance(entry, DatedEntry) else EPOCH


def _nested_entry(feed: ET.Element, child: Entry, lang: str, ctx: Context) -> None:
    text, url = ctx.text(child, lang), ctx.urls.absolute(ctx.urls.entry(child, lang))
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "title").text = child.title(text, lang)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    ET.SubElement(entry, "updated").text = _timestamp(_day(child))
    if text is None:
        return
    other = {XML_LANG: text.lang} if text.lang != lang else {}
    if text.summary:
        ET.SubElement(entry, "summary", {"type": "text", **other}).text = text.summary
    if text.body.strip():
        ET.SubElement(entry, "content", {"type": "html", **other}).text = str(markdown_to_html(text.body))


def _timestamp(date: dt.date) -> str:
    """An RFC 3339 date-time, as Atom wants it: the day, at midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def _serialize(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
