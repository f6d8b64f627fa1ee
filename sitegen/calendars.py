"""The SmartLabs' calendars (RFC 5545, written by the icalendar package): one per lab, one per theme with all its
labs, and one of all labs, in each language.

A meeting is one VEVENT: a series keeps its RRULE (with UNTIL or COUNT) and its cancelled dates as EXDATE, so a
calendar program shows the series as a series. Times carry the lab's time zone (TZID), and each calendar holds
the VTIMEZONE of its zones, for the years of its meetings. Nothing depends on when the site is built:

- UID: the lab's slug and the first meeting's local start, at the site's host: the same in every calendar and
  language, and stable while the meeting's start stays;
- DTSTAMP: the first meeting's start, in UTC (the content has no other date for a meeting);
- LOCATION: the space's name and address in the calendar's language, with GEO; or the online meeting's link;
- URL: the lab's page in the calendar's language.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .cards import Context, city_name
from .meetings import meeting_place, series_starts
from .model import Entry, Lab, Meeting
from .plan import PlannedPage
from .write import Staging

if TYPE_CHECKING:  # imported where a calendar is written: `check` and the pages never need it
    from icalendar import Event, vRecur

PRODUCT = "-//third-places//SmartLabs//{lang}"
REFRESH = dt.timedelta(days=1)


@dataclass(frozen=True)
class CalendarFile:
    """One calendar to write: its path, its name, the page it belongs to, and its labs."""

    path: str
    name: str
    page: str
    labs: tuple[Lab, ...]


def write_calendars(ctx: Context, pages: tuple[PlannedPage, ...], staging: Staging) -> None:
    """The build's writer: every calendar of every language."""
    for lang in ctx.site.config.languages:
        for calendar in calendar_files(ctx, lang):
            staging.write(calendar.path, calendar_ics(calendar, lang, ctx))


def calendar_files(ctx: Context, lang: str) -> tuple[CalendarFile, ...]:
    """The calendars of one language: all labs, then each theme's, then each lab's."""
    urls, site, t = ctx.urls, ctx.site, ctx.strings[lang]
    every = CalendarFile(urls.calendar(urls.agenda(lang)), t("agenda_calendar_name"), urls.agenda(lang), site.labs)
    themes = tuple(CalendarFile(urls.calendar(urls.entry(theme, lang)), _title(theme, lang, ctx),
                                urls.entry(theme, lang), site.labs_of_theme(theme.slug)) for theme in site.themes)
    labs = tuple(CalendarFile(urls.calendar(urls.entry(lab, lang)), _title(lab, lang, ctx), urls.entry(lab, lang),
                              (lab,)) for lab in site.labs)
    return (every,) + themes + labs


def _title(entry: Entry, lang: str, ctx: Context) -> str:
    return entry.title(ctx.text(entry, lang), lang)


def calendar_ics(calendar: CalendarFile, lang: str, ctx: Context) -> bytes:
    urls = ctx.urls
    from icalendar import Calendar, vDuration
    cal = Calendar()
    cal.add("prodid", PRODUCT.format(lang=lang.upper()))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", calendar.name)
    cal.add("x-wr-calname", calendar.name)
    cal.add("url", urls.absolute(calendar.page))
    cal.add("source", urls.absolute(calendar.path), parameters={"VALUE": "URI"})
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    events = sorted(((lab, meeting) for lab in calendar.labs for meeting in lab.meetings),
                    key=lambda pair: (_utc(pair[1].start, pair[0]), pair[0].slug))
    for lab, meeting in events:
        cal.add_component(meeting_event(lab, meeting, lang, ctx))
    if events:
        first = min(meeting.start.date() for _, meeting in events)
        last = max(series_starts(meeting)[-1].date() for _, meeting in events)
        cal.add_missing_timezones(first_date=first.replace(month=1, day=1),
                                  last_date=last.replace(year=last.year + 1, month=1, day=1))
    return cast(bytes, cal.to_ical())  # icalendar types it as returning Any


def _utc(local: dt.datetime, lab: Lab) -> dt.datetime:
    return local.replace(tzinfo=ZoneInfo(lab.timezone)).astimezone(dt.UTC)


def meeting_event(lab: Lab, meeting: Meeting, lang: str, ctx: Context) -> Event:
    """One meeting, or one series of meetings, as a VEVENT in `lang`."""
    zone, order = ZoneInfo(lab.timezone), ctx.site.config.fallback_order(lang)
    from icalendar import Event
    event = Event()
    event.add("uid", event_uid(lab, meeting, ctx.urls.base_url))
    event.add("dtstamp", _utc(meeting.start, lab))
    event.add("dtstart", meeting.start.replace(tzinfo=zone))
    event.add("dtend", meeting.end.replace(tzinfo=zone))
    if meeting.repeat:
        event.add("rrule", _rule(meeting, zone))
    if meeting.cancelled:
        event.add("exdate", [dt.datetime.combine(day, meeting.start.time(), zone) for day in meeting.cancelled])
    lab_title = _title(lab, lang, ctx)
    title = meeting.title.pick(order)[0] if meeting.title else ""
    event.add("summary", f"{lab_title}: {title}" if title else lab_title)
    if meeting.note:
        event.add("description", meeting.note.pick(order)[0])
    _add_place(event, lab, meeting, lang, ctx)
    event.add("url", ctx.urls.absolute(ctx.urls.entry(lab, lang)))
    return event


def event_uid(lab: Lab, meeting: Meeting, base_url: str) -> str:
    return f"{lab.slug}-{meeting.start:%Y%m%dT%H%M}@{urlsplit(base_url).hostname or 'localhost'}"


def _rule(meeting: Meeting, zone: ZoneInfo) -> vRecur:
    from icalendar import vRecur
    rule = cast(vRecur, vRecur.from_ical(meeting.repeat))  # icalendar types it as returning Any
    if meeting.count:
        rule["COUNT"] = [meeting.count]
    elif meeting.until:
        last = dt.datetime.combine(meeting.until, dt.time(23, 59, 59), zone)
        rule["UNTIL"] = [last.astimezone(dt.UTC)]
    return rule


def _add_place(event: Event, lab: Lab, meeting: Meeting, lang: str, ctx: Context) -> None:
    slug = meeting_place(lab, meeting)
    space = ctx.site.space(slug) if slug else None
    if meeting.online:
        event.add("location", meeting.online)
    elif space is not None:
        event.add("location", ", ".join(place_lines(space.slug, lang, ctx)))
        if space.geo:
            event.add("geo", (space.geo.lat, space.geo.lon))


def place_lines(slug: str, lang: str, ctx: Context) -> Iterable[str]:
    """A space's name and address in `lang`: 'Maison des Créateurs', 'Voorbeeldstraat 12', '1000 Bruxelles', …"""
    space = ctx.site.space(slug)
    if space is None:
        return ()
    address, t = space.address, ctx.strings[lang]
    town = " ".join(part for part in (address.postcode, city_name(address.city, lang)) if part)
    lines = (space.title(ctx.text(space, lang), lang), address.street, town, t.country(address.country))
    return tuple(line for line in lines if line)
