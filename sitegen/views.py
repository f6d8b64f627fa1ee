"""What each page type shows: the context its template receives, in the page's language."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from markupsafe import Markup

from .directory import City, Country, city_key
from .hours import describe_hours
from .i18n import Strings, slugify, sort_key
from .model import Entry, Lab, Site, Space, Text, Theme
from .plan import PlannedPage
from .scaffold import schema_for, space_yaml
from .urls import Urls


@dataclass(frozen=True)
class Context:
    """What every view may read: the site, its places, its URLs and strings, and facts about files."""

    site: Site
    places: tuple[Country, ...]
    urls: Urls
    strings: dict[str, Strings]
    photo_sizes: dict[str, tuple[int, int]]
    asset_versions: dict[str, str]
    content_dir: Path
    content_in_repo: str


def page_context(page: PlannedPage, ctx: Context) -> dict[str, Any]:
    """The template context of one page: the frame every page shares, and its own view."""
    frame = _frame(page, ctx)
    frame.update(VIEWS[page.page_type](page, ctx, frame))
    return frame


# -- the frame ------------------------------------------------------------------------------

def _frame(page: PlannedPage, ctx: Context) -> dict[str, Any]:
    lang, urls, config = page.lang, ctx.urls, ctx.site.config
    t = ctx.strings[lang]
    return {
        "page": page, "lang": lang, "t": t, "config": config, "href": urls.href,
        "site_title": config.title.get(lang), "tagline": config.tagline.get(lang) or "",
        "canonical": urls.absolute(page.path) if page.page_type != "not-found" else None,
        "alternates": [{"lang": code, "url": urls.absolute(path)} for code, path in page.alternates],
        "x_default": _x_default(page, ctx),
        "switcher": _switcher(page, ctx),
        "nav": _nav(page, ctx),
        "asset": functools.partial(urls.asset_href, ctx.asset_versions),  # no closure over ctx: see cache.py
        "search_href": urls.href(urls.search(lang)),
        "feed_href": urls.href(urls.feed(lang)),
        "add_space_href": urls.href(urls.add_space(lang)),
        "open_data_href": urls.href(urls.open_data(lang)),
        "og_image": None,
        "booklet_href": urls.href(urls.booklet(lang)),
        "footer_pages": [_entry_link(p, lang, ctx) for p in ctx.site.pages],
    }


def _x_default(page: PlannedPage, ctx: Context) -> str | None:
    path = dict(page.alternates).get(ctx.site.config.default_language)
    return ctx.urls.absolute(path) if path is not None else None


def _switcher(page: PlannedPage, ctx: Context) -> list[dict[str, str]]:
    return [{"lang": code, "name": ctx.strings[code].own_name(), "href": ctx.urls.href(path)}
            for code, path in page.alternates if code != page.lang]


def _nav(page: PlannedPage, ctx: Context) -> list[dict[str, Any]]:
    lang, urls, t = page.lang, ctx.urls, ctx.strings[page.lang]
    items = [("home", urls.home(lang)), ("spaces", urls.spaces(lang)), ("map", urls.map(lang)),
             ("themes", urls.themes(lang))]
    section = {"space": "spaces", "country": "spaces", "city": "spaces", "theme": "themes", "lab": "themes"}
    current = section.get(page.page_type, page.page_type)
    return [{"label": t(f"nav_{key}"), "href": urls.href(path), "current": key == current} for key, path in items]


# -- shared pieces ---------------------------------------------------------------------------

def _entry_link(entry: Entry, lang: str, ctx: Context) -> dict[str, Any]:
    text = _text(entry, lang, ctx)
    return {"title": _title(entry, text, lang), "lang": text.lang if text else lang,
            "summary": text.summary if text else "", "href": ctx.urls.href(ctx.urls.entry(entry, lang))}


def _text(entry: Entry, lang: str, ctx: Context) -> Text | None:
    return entry.text_for(ctx.site.config.fallback_order(lang))


def _title(entry: Entry, text: Text | None, lang: str) -> str:
    if isinstance(entry, Space) and not (text and text.lang == lang):
        return entry.name.pick((lang,) + entry.name.languages())[0]
    return text.title if text else entry.slug


def _prose(entry: Entry, lang: str, ctx: Context) -> dict[str, Any]:
    """The entry's text in `lang`, or in the first language that has it, marked as untranslated."""
    text = _text(entry, lang, ctx)
    if text is None:
        return {"title": _title(entry, None, lang), "title_lang": lang, "summary": "", "body": "",
                "text_lang": lang, "untranslated": False}
    return {"title": _title(entry, text, lang), "title_lang": text.lang if not isinstance(entry, Space) else lang,
            "summary": text.summary, "body": text.body, "text_lang": text.lang,
            "untranslated": text.lang != lang, "text_language_name": ctx.strings[lang].language_name(text.lang)}


def _label(ctx: Context, group: str, word: str, lang: str) -> str:
    return ctx.site.vocabulary.label(group, word, lang)


def _city_name(city_name: Any, lang: str) -> str:
    return city_name.pick((lang,) + city_name.languages())[0]


def space_card(space: Space, lang: str, ctx: Context) -> dict[str, Any]:
    link = _entry_link(space, lang, ctx)
    link.update({
        "kind": _label(ctx, "kinds", space.kind, lang), "kind_word": space.kind,
        "access": _label(ctx, "access", space.access, lang), "access_word": space.access,
        "city": _city_name(space.address.city, lang), "country": ctx.strings[lang].country(space.address.country),
        "photo": _photos(space, lang, ctx)[:1],
    })
    return link


def _sorted_cards(spaces: tuple[Space, ...], lang: str, ctx: Context) -> list[dict[str, Any]]:
    return sorted((space_card(s, lang, ctx) for s in spaces), key=lambda card: sort_key(card["title"]))


def country_groups(countries: tuple[Country, ...], lang: str, ctx: Context) -> list[dict[str, Any]]:
    t, urls = ctx.strings[lang], ctx.urls
    groups = [{"name": t.country(c.code), "anchor": slugify(t.country(c.code)),
               "href": urls.href(urls.country(c, lang)), "count": len(c.spaces),
               "cities": _city_groups(c.cities, lang, ctx)} for c in countries]
    return sorted(groups, key=lambda group: sort_key(group["name"]))


def _city_groups(cities: tuple[City, ...], lang: str, ctx: Context) -> list[dict[str, Any]]:
    groups = [{"name": _city_name(c.name, lang), "href": ctx.urls.href(ctx.urls.city(c, lang)),
               "count": len(c.spaces), "spaces": _sorted_cards(c.spaces, lang, ctx)} for c in cities]
    return sorted(groups, key=lambda group: sort_key(group["name"]))


def _photos(space: Space, lang: str, ctx: Context) -> list[dict[str, Any]]:
    result = []
    for photo in space.photos:
        path = ctx.urls.photo(space, photo)
        width, height = ctx.photo_sizes[path]
        alt, alt_lang = photo.alt.pick(ctx.site.config.fallback_order(lang))
        result.append({"src": ctx.urls.href(path), "alt": alt, "lang": alt_lang, "width": width, "height": height})
    return result


def _crumbs(ctx: Context, lang: str, *trail: tuple[str, str]) -> list[dict[str, str]]:
    t, urls = ctx.strings[lang], ctx.urls
    return [{"label": t("nav_home"), "href": urls.href(urls.home(lang))}] + [
        {"label": label, "href": urls.href(path)} for label, path in trail]


def theme_list(lang: str, ctx: Context) -> list[dict[str, Any]]:
    themes = sorted(ctx.site.themes, key=lambda theme: (theme.order, theme.slug))
    return [dict(_entry_link(theme, lang, ctx), labs=[_lab_link(lab, lang, ctx) for lab in ctx.site.labs_of_theme(theme.slug)])
            for theme in themes]


def _lab_link(lab: Lab, lang: str, ctx: Context) -> dict[str, Any]:
    return dict(_entry_link(lab, lang, ctx), status=_label(ctx, "lab_statuses", lab.status, lang), status_word=lab.status)


def _repo_path(path: Path, ctx: Context) -> str:
    """A content file's path inside the repository, as GitHub's editor wants it."""
    return f"{ctx.content_in_repo}/{path.relative_to(ctx.content_dir).as_posix()}".lstrip("/")


def _contribute(entry: Entry, page: PlannedPage, ctx: Context) -> dict[str, str]:
    """'Edit this page' (GitHub's editor on the entry's file, or a new file for a missing translation),
    'edit the facts' for entries with a data file, and 'report a change' (a prefilled issue)."""
    repo, lang = ctx.site.config.repository.rstrip("/"), page.lang
    text = entry.text(lang)
    links = {"report": f"{repo}/issues/new?" + urlencode({
        "template": "correct-a-space.yml",
        "title": f"{ctx.strings[lang]('report_title')}: {_title(entry, text, lang)}",
        "page": ctx.urls.absolute(page.path)})}
    if text is not None:
        links["edit"] = f"{repo}/edit/main/{quote(_repo_path(text.source, ctx))}"
    else:
        links["translate"] = f"{repo}/new/main/{quote(_repo_path(entry.source, ctx))}?" + urlencode(
            {"filename": f"{lang}.md", "value": _translation_template(entry, lang)})
    data_file = {Space: "space.yaml", Theme: "theme.yaml", Lab: "lab.yaml"}.get(type(entry))
    if data_file and (text is None or text.source.name != data_file):
        links["facts"] = f"{repo}/edit/main/{quote(_repo_path(entry.source / data_file, ctx))}"
    return links


def _translation_template(entry: Entry, lang: str) -> str:
    first = "summary: " if isinstance(entry, Space) else "title: \nsummary: "
    return f"---\n{first}\n---\n"


# -- the views ---------------------------------------------------------------------------------

def language_choice_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    return {"title": frame["site_title"], "description": frame["tagline"], "choices": _choices(ctx, ctx.urls.home)}


def not_found_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    return {"title": frame["t"]("not_found_title"), "description": "", "choices": _choices(ctx, ctx.urls.home)}


def _choices(ctx: Context, path_of: Callable[[str], str]) -> list[dict[str, Any]]:
    return [{"lang": lang, "t": ctx.strings[lang], "name": ctx.strings[lang].own_name(), "href": ctx.urls.href(path_of(lang)),
             "site_title": ctx.site.config.title.get(lang), "tagline": ctx.site.config.tagline.get(lang) or "",
             "spaces_href": ctx.urls.href(ctx.urls.spaces(lang))}
            for lang in ctx.site.config.languages]


def home_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    lang, site = page.lang, ctx.site
    return {
        "title": frame["site_title"], "description": frame["tagline"],
        "counts": {"spaces": len(site.spaces), "countries": len(ctx.places),
                   "cities": sum(len(c.cities) for c in ctx.places), "labs": len(site.labs)},
        "countries": country_groups(ctx.places, lang, ctx), "themes": theme_list(lang, ctx),
        "spaces_href": ctx.urls.href(ctx.urls.spaces(lang)), "themes_href": ctx.urls.href(ctx.urls.themes(lang)),
        "map_href": ctx.urls.href(ctx.urls.map(lang)),
    }


def spaces_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t = frame["t"]
    return {"title": t("spaces_title"), "description": t("spaces_intro"),
            "countries": country_groups(ctx.places, page.lang, ctx),
            "crumbs": _crumbs(ctx, page.lang)}


def country_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t, country, lang = frame["t"], page.item, page.lang
    name = t.country(country.code)
    return {"title": name, "description": t("country_intro", count=len(country.spaces), country=name),
            "cities": _city_groups(country.cities, lang, ctx),
            "country_booklet_href": ctx.urls.href(ctx.urls.country_booklet(country, lang)),
            "crumbs": _crumbs(ctx, lang, (t("nav_spaces"), ctx.urls.spaces(lang)))}


def city_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t, city, lang, urls = frame["t"], page.item, page.lang, ctx.urls
    country = next(c for c in ctx.places if c.code == city.country)
    name = _city_name(city.name, lang)
    return {"title": name, "description": t("city_intro", count=len(city.spaces), city=name),
            "spaces": _sorted_cards(city.spaces, lang, ctx),
            "crumbs": _crumbs(ctx, lang, (t("nav_spaces"), urls.spaces(lang)),
                              (t.country(country.code), urls.country(country, lang)))}


def space_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    space, lang, t, urls = page.item, page.lang, frame["t"], ctx.urls
    country = next(c for c in ctx.places if c.code == space.address.country)
    key = city_key(space, ctx.site.config.fallback_order(ctx.site.config.default_language))
    city = next(c for c in country.cities if c.key == key)  # by key: comparing spaces is slow and quadratic
    prose = _prose(space, lang, ctx)
    image = urls.absolute(urls.photo(space, space.photos[0])) if space.photos else None
    return dict(prose, **{
        "og_image": image, "json_ld": structured_data(space, page, ctx, prose, city),
        "description": prose["summary"], "space": space, "photos": _photos(space, lang, ctx),
        "kind": _label(ctx, "kinds", space.kind, lang), "access": _label(ctx, "access", space.access, lang),
        "role": _label(ctx, "smart_roles", space.smart_role, lang),
        "services": [_label(ctx, "services", w, lang) for w in space.services],
        "hosts": [_label(ctx, "hosts", w, lang) for w in space.hosts],
        "city": {"name": _city_name(city.name, lang), "href": urls.href(urls.city(city, lang))},
        "other_names": _other_names(space, city, lang),
        "country": {"name": t.country(country.code), "href": urls.href(urls.country(country, lang))},
        "street": space.address.street, "postcode": space.address.postcode,
        "themes": [_entry_link(th, lang, ctx) for slug in space.themes if (th := ctx.site.theme(slug))],
        "labs": [_lab_link(lab, lang, ctx) for lab in ctx.site.labs_meeting_at(space.slug)],
        "contribute": _contribute(space, page, ctx),
        "geo_link": _osm_link(space),
        "hours": describe_hours(space.opening_hours, lang, t("hours_closed")) if space.opening_hours else None,
        "map": dict(_map_settings(ctx, lang), lat=space.geo.lat, lon=space.geo.lon) if space.geo else None,
        "verified": {"text": t.date(space.verified), "iso": space.verified.isoformat()} if space.verified else None,
        "tel": "".join(ch for ch in space.contact.phone if ch.isdigit() or ch == "+"),
        "crumbs": _crumbs(ctx, lang, (t("nav_spaces"), urls.spaces(lang)),
                          (t.country(country.code), urls.country(country, lang)),
                          (_city_name(city.name, lang), urls.city(city, lang))),
    })


def structured_data(space: Space, page: PlannedPage, ctx: Context, prose: dict[str, Any], city: City) -> Markup:
    """schema.org Place as JSON-LD, from the same facts the page shows; safe inside a <script> element."""
    lang, urls = page.lang, ctx.urls
    address = {"@type": "PostalAddress", "addressLocality": _city_name(city.name, lang),
               "addressCountry": space.address.country}
    address.update({key: value for key, value in (("streetAddress", space.address.street),
                                                  ("postalCode", space.address.postcode)) if value})
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Place", "name": prose["title"],
                            "url": urls.absolute(page.path), "address": address}
    optional = {"description": prose["summary"], "telephone": space.contact.phone, "email": space.contact.email,
                "sameAs": space.contact.website,
                "openingHours": [rule.strip() for rule in space.opening_hours.split(";") if rule.strip()],
                "image": [urls.absolute(urls.photo(space, photo)) for photo in space.photos]}
    data.update({key: value for key, value in optional.items() if value})
    if space.geo:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": space.geo.lat, "longitude": space.geo.lon}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _other_names(space: Space, city: City, lang: str) -> str:
    """The space's and its city's names in the other languages ('Liège' on the Dutch page of a space in Luik),
    so that search finds a space by any of its names."""
    names = [text for names in (space.name, space.address.city, city.name) for code, text in names.pairs if code != lang]
    shown = {space.name.get(lang), _city_name(city.name, lang)}
    return " ".join(dict.fromkeys(name for name in names if name not in shown))


def _osm_link(space: Space) -> str | None:
    if space.geo is None:
        return None
    lat, lon = f"{space.geo.lat:.5f}", f"{space.geo.lon:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def themes_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t = frame["t"]
    how = next((p for p in ctx.site.pages if p.slug == "smartlabs"), None)
    return {"title": t("themes_title"), "description": t("themes_intro"), "themes": theme_list(page.lang, ctx),
            "how_to": _entry_link(how, page.lang, ctx) if how else None, "crumbs": _crumbs(ctx, page.lang),
            "contact_email": ctx.site.config.contact_email}


def theme_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    theme, lang, t = page.item, page.lang, frame["t"]
    prose = _prose(theme, lang, ctx)
    return dict(prose, **{
        "description": prose["summary"],
        "labs": [_lab_link(lab, lang, ctx) for lab in ctx.site.labs_of_theme(theme.slug)],
        "spaces": _sorted_cards(ctx.site.spaces_of_theme(theme.slug), lang, ctx),
        "contribute": _contribute(theme, page, ctx),
        "crumbs": _crumbs(ctx, lang, (t("nav_themes"), ctx.urls.themes(lang))),
        "contact_email": ctx.site.config.contact_email,
    })


def lab_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    lab, lang, t, urls = page.item, page.lang, frame["t"], ctx.urls
    theme, space = ctx.site.theme(lab.theme), ctx.site.space(lab.meets) if lab.meets else None
    prose = _prose(lab, lang, ctx)
    return dict(prose, **{
        "description": prose["summary"], "lab": lab, "contribute": _contribute(lab, page, ctx),
        "status": _label(ctx, "lab_statuses", lab.status, lang), "status_word": lab.status,
        "languages": t.join(t.language_name(code) for code in lab.languages),
        "theme": _entry_link(theme, lang, ctx) if theme else None,
        "meets": space_card(space, lang, ctx) if space else None,
        "crumbs": _crumbs(ctx, lang, (t("nav_themes"), urls.themes(lang)))
        + ([{"label": _entry_link(theme, lang, ctx)["title"], "href": urls.href(urls.entry(theme, lang))}] if theme else []),
    })


def page_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    prose = _prose(page.item, page.lang, ctx)
    return dict(prose, description=prose["summary"], crumbs=_crumbs(ctx, page.lang),
                contribute=_contribute(page.item, page, ctx))


def _map_settings(ctx: Context, lang: str) -> dict[str, Any]:
    """What the map script needs, handed over in data- attributes: tiles, their credit, the data, the texts."""
    config, t = ctx.site.config, ctx.strings[lang]
    return {"tiles": config.map_tiles, "attribution_label": config.map_attribution.label,
            "attribution_url": config.map_attribution.url, "data": ctx.urls.href(ctx.urls.map_data()),
            "lang": lang, "label": t("map_label")}


def map_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t, lang = frame["t"], page.lang
    located = sum(1 for space in ctx.site.spaces if space.geo)
    return {"title": t("map_title"), "description": t("map_intro"), "crumbs": _crumbs(ctx, lang),
            "map": _map_settings(ctx, lang), "countries": country_groups(ctx.places, lang, ctx),
            "located": t("map_located", count=len(ctx.site.spaces), located=t.number(located))}


def add_space_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    """How to add a space: GitHub's new-file page with a one-file space.yaml filled in, or an issue form."""
    t, lang, config = frame["t"], page.lang, ctx.site.config
    repo = config.repository.rstrip("/")
    folder = quote(f"{ctx.content_in_repo}/spaces".lstrip("/"))
    template = space_yaml("", schema_for(Path("spaces/x"), "space", ctx.content_in_repo), inline_text=True)
    new_file = f"{repo}/new/main/{folder}?" + urlencode({"filename": f"{t('add_example_slug')}/space.yaml",
                                                        "value": template})
    return {"title": t("add_title"), "description": t("add_intro"), "crumbs": _crumbs(ctx, lang),
            "new_file": new_file, "propose": f"{repo}/issues/new?template=propose-a-space.yml",
            "contributing": f"{repo}/blob/main/CONTRIBUTING.md", "contact_email": config.contact_email,
            "template": template}


def open_data_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    """The data files, their licence, every field, and the words the controlled fields may hold."""
    from .opendata import columns  # opendata builds on this module's cards, so it is imported here
    t, lang, urls, config = frame["t"], page.lang, ctx.urls, ctx.site.config
    files = [{"name": name, "format": t(f"data_format_{name.rsplit('.', 1)[1]}"),
              "href": urls.href(urls.data_file(name))} for name in ("spaces.csv", "spaces.json", "spaces.geojson")]
    fields = [{"column": column, "text": t(key, language=t.language_name(code) if code else "")}
              for column, key, code in columns(config.languages)]
    vocabulary = [{"group": group, "title": t(f"data_vocabulary_{group}"),
                   "words": [{"word": word, "label": labels.get(lang) or word} for word, labels in words]}
                  for group, words in ctx.site.vocabulary.groups if group != "lab_statuses"]
    return {"title": t("data_title"), "description": t("data_intro"), "crumbs": _crumbs(ctx, lang),
            "files": files, "fields": fields, "vocabulary": vocabulary, "licence": config.data_licence,
            "feed": urls.href(urls.feed(lang)), "sitemap": urls.href(urls.sitemap())}


# The search page's facets, in the order the filter panel shows them: (address parameter, i18n key of the label).
# The label is also the Pagefind filter's name, as the entry templates write it.
SEARCH_FACETS = (("country", "facet_country"), ("city", "facet_city"), ("kind", "facet_kind"),
                 ("access", "facet_access"), ("role", "facet_role"), ("services", "facet_services"),
                 ("themes", "facet_themes"), ("hosts", "facet_hosts"), ("type", "facet_section"))
SEARCH_MESSAGES = ("searching", "prompt", "results", "filtered", "none", "none_filtered", "error",
                   "filters_loading", "show_all", "show_fewer", "remove_filter", "clear")


def search_view(page: PlannedPage, ctx: Context, frame: dict[str, Any]) -> dict[str, Any]:
    t, urls, lang = frame["t"], ctx.urls, page.lang
    return {"title": t("search_title"), "description": t("search_intro"), "crumbs": _crumbs(ctx, lang),
            "search_config": search_config(t, ctx.urls),
            "spaces_href": urls.href(urls.spaces(lang)), "themes_href": urls.href(urls.themes(lang))}


def search_config(t: Strings, urls: Urls) -> dict[str, Any]:
    """What the search script needs: where the index is, the facets in order, and its messages (plural forms
    as written, so the script picks the form with Intl.PluralRules)."""
    return {"bundle": urls.href(urls.search_bundle()), "base": urls.base_path,
            "facets": [{"param": param, "name": t(key)} for param, key in SEARCH_FACETS],
            "messages": {name: t.forms(f"search_{name}") for name in SEARCH_MESSAGES}}


VIEWS: dict[str, Callable[[PlannedPage, Context, dict[str, Any]], dict[str, Any]]] = {
    "language-choice": language_choice_view, "not-found": not_found_view, "home": home_view,
    "spaces": spaces_view, "country": country_view, "city": city_view, "space": space_view,
    "themes": themes_view, "theme": theme_view, "lab": lab_view, "page": page_view, "search": search_view,
    "map": map_view, "add-space": add_space_view, "open-data": open_data_view,
}
