"""The directory as open data: data/spaces.csv and data/spaces.json, every space (with or without coordinates).

Both files hold the same records, one per space, ordered by slug, with the columns of CSV_COLUMNS; the columns
written `…_{lang}` are repeated for each of the site's languages, in the order of site.yaml (`name_nl`,
`name_fr`, …). Names, cities and URLs are those the site shows in that language.

- spaces.csv: UTF-8 (no byte-order mark), RFC 4180: a header row, CRLF line ends, fields quoted when they hold
  a comma, a quote or a line end; lists (services, hosts, themes) joined with ';'; an absent value is empty.
  A text that starts with '=', '+', '-', '@', a tab or a carriage return gets a leading apostrophe (OWASP's
  rule against CSV injection), so that a spreadsheet shows it as text and never runs it as a formula; the
  coordinates are numbers and stay as they are.
- spaces.json: {"licence": {"name", "url"}, "spaces": [...]}: the same columns as keys, with numbers for lat
  and lon, lists for services, hosts and themes, and null for an absent value; and JSON_COLUMNS, which a CSV
  cell cannot hold: `opening_hours_schedule`, the hours as a weekly schedule (hours.SCHEDULE_FORMAT), and the
  `timezone` (IANA) those hours are in.

The licence is site.yaml's `data_licence`; the map's GeoJSON (maps.py) carries it too.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import hours, places
from .cards import Context, space_card
from .model import SiteConfig, Space
from .plan import PlannedPage
from .write import Staging

CSV_FILE = "spaces.csv"
JSON_FILE = "spaces.json"
LIST_SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Column -> the i18n key of its short description (for the open-data page). A column with '{lang}' stands for one
# column per site language; its key has no language part (the description may use {language}).
CSV_COLUMNS: dict[str, str] = {
    "slug": "data_field_slug",
    "name_{lang}": "data_field_name",
    "kind": "data_field_kind",
    "smart_role": "data_field_smart_role",
    "access": "data_field_access",
    "street": "data_field_street",
    "postcode": "data_field_postcode",
    "city_{lang}": "data_field_city",
    "country": "data_field_country",
    "lat": "data_field_lat",
    "lon": "data_field_lon",
    "services": "data_field_services",
    "hosts": "data_field_hosts",
    "themes": "data_field_themes",
    "email": "data_field_email",
    "phone": "data_field_phone",
    "website": "data_field_website",
    "opening_hours": "data_field_opening_hours",
    "verified": "data_field_verified",
    "added": "data_field_added",
    "url_{lang}": "data_field_url",
}
LIST_COLUMNS = ("services", "hosts", "themes")
# Fields of spaces.json (and of the GeoJSON's properties) that the CSV does not have: the opening hours as a weekly
# schedule for "open now" (hours.SCHEDULE_FORMAT), null when a space gives no hours, and the place's time zone.
JSON_COLUMNS: dict[str, str] = {"opening_hours_schedule": "data_field_opening_hours_schedule",
                                "timezone": "data_field_timezone"}


def columns(languages: tuple[str, ...], csv_only: bool = False) -> list[tuple[str, str, str | None]]:
    """The documented fields, in order, as (column, description key, language or None): the CSV's columns, then
    (unless `csv_only`) the fields only spaces.json has."""
    result: list[tuple[str, str, str | None]] = []
    for column, key in (CSV_COLUMNS | ({} if csv_only else JSON_COLUMNS)).items():
        if "{lang}" in column:
            result += [(column.format(lang=lang), key, lang) for lang in languages]
        else:
            result.append((column, key, None))
    return result


def licence(config: SiteConfig) -> dict[str, str]:
    return {"name": config.data_licence.name, "url": config.data_licence.url}


def records(ctx: Context) -> list[dict[str, Any]]:
    """One record per space, ordered by slug; values typed as in the JSON file."""
    return [_record(space, ctx) for space in sorted(ctx.site.spaces, key=lambda space: space.slug)]


def _record(space: Space, ctx: Context) -> dict[str, Any]:
    langs = ctx.site.config.languages
    cards = {lang: space_card(space, lang, ctx) for lang in langs}
    geo = space.geo
    values: dict[str, Any] = {
        "slug": space.slug, "kind": space.kind, "smart_role": space.smart_role, "access": space.access,
        "street": space.address.street, "postcode": space.address.postcode, "country": space.address.country,
        "lat": round(geo.lat, 6) if geo else None, "lon": round(geo.lon, 6) if geo else None,
        "services": list(space.services), "hosts": list(space.hosts), "themes": list(space.themes),
        "email": space.contact.email, "phone": space.contact.phone, "website": space.contact.website,
        "opening_hours": space.opening_hours, "opening_hours_schedule": hours.schedule(space.opening_hours),
        "timezone": places.timezone(space.address.country, space.geo),
        "verified": space.verified.isoformat() if space.verified else None,
        "added": space.added.isoformat() if space.added else None,
    }
    for lang in langs:
        values[f"name_{lang}"] = cards[lang].title
        values[f"city_{lang}"] = cards[lang].city
        values[f"url_{lang}"] = ctx.urls.absolute(ctx.urls.entry(space, lang))
    return {column: None if values[column] == "" else values[column] for column, _, _ in columns(langs)}


def spaces_json(ctx: Context) -> dict[str, Any]:
    return {"licence": licence(ctx.site.config), "spaces": records(ctx)}


def spaces_csv(ctx: Context) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    names = [column for column, _, _ in columns(ctx.site.config.languages, csv_only=True)]
    writer.writerow(names)
    for record in records(ctx):
        writer.writerow([_cell(record[name]) for name in names])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return as_text(LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value))


def as_text(text: str) -> str:
    """A cell a spreadsheet cannot take for a formula: an apostrophe before a leading =, +, -, @, tab or CR."""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_exports(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    staging.write(ctx.urls.data_file(CSV_FILE), spaces_csv(ctx))
    text = json.dumps(spaces_json(ctx), ensure_ascii=False, indent=1)
    staging.write(ctx.urls.data_file(JSON_FILE), text + "\n")
