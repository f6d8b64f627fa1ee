"""What pages show of the SmartLabs' meetings and of joining them: each date of a meeting as a card in a
language, grouped by month for the agenda; the calendar links; the ways to join a lab or ask for a budget.

Every date is written into the page, past ones too, with its end as a machine-readable time: the build does not
know what day it is. The page's script (assets/meetings.js) hides the past ones in the visitor's browser.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .calendars import place_lines
from .cards import Context, LabLink, Link, lab_link
from .meetings import Occurrence, meeting_place
from .model import DEFAULT_TIMEZONE, Entry, Lab, Theme

JOIN_FORM = "join-a-smartlab.yml"
BUDGET_FORM = "request-a-budget.yml"


@dataclass(frozen=True)
class MeetingCard:
    """One date of a meeting: what, when (in words, and its end as UTC for the script), where, and whether it is
    cancelled; `lab` is the lab's link on lists of several labs' meetings."""

    title: str
    title_lang: str
    lab: LabLink | None
    date: str
    time: str
    zone: str
    start: str
    end: str
    place: Link | None
    address: str
    online: str
    note: str
    note_lang: str
    cancelled: bool


@dataclass(frozen=True)
class MonthGroup:
    name: str
    meetings: tuple[MeetingCard, ...]


@dataclass(frozen=True)
class CalendarLinks:
    """A calendar: to download (https) and to subscribe to (webcal:)."""

    href: str
    webcal: str


@dataclass(frozen=True)
class JoinLinks:
    """Ways to join a SmartLab of a theme: GitHub's issue form with the theme filled in, or an e-mail; `start`
    when the theme has no open lab working in the page's language, whose visitors are invited to start one."""

    form: str
    mail: str
    email: str
    start: bool = False


def meeting_cards(found: Iterable[Occurrence], lang: str, ctx: Context, with_lab: bool) -> tuple[MeetingCard, ...]:
    return tuple(meeting_card(occurrence, lang, ctx, with_lab) for occurrence in found)


def meeting_card(occurrence: Occurrence, lang: str, ctx: Context, with_lab: bool) -> MeetingCard:
    lab, meeting, t = occurrence.lab, occurrence.meeting, ctx.strings[lang]
    order = ctx.site.config.fallback_order(lang)
    link = lab_link(lab, lang, ctx)
    title, title_lang = meeting.title.pick(order) if meeting.title else (link.title, link.lang)
    note, note_lang = meeting.note.pick(order) if meeting.note else ("", lang)
    slug = meeting_place(lab, meeting)
    space = ctx.site.space(slug) if slug else None
    place = (Link(space.title(ctx.text(space, lang), lang), ctx.urls.href(ctx.urls.entry(space, lang)))
             if space else None)
    return MeetingCard(
        title=title, title_lang=title_lang, lab=link if with_lab else None,
        date=t.full_date(occurrence.start), time=t.time_range(occurrence.start, occurrence.end),
        zone=t.zone_name(lab.timezone) if lab.timezone != DEFAULT_TIMEZONE else "",
        start=occurrence.start.isoformat(timespec="minutes"),
        end=occurrence.end.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        place=place, address=", ".join(list(place_lines(slug, lang, ctx))[1:]) if space else "",
        online=meeting.online, note=note, note_lang=note_lang, cancelled=occurrence.cancelled)


def by_month(found: Iterable[Occurrence], lang: str, ctx: Context) -> tuple[MonthGroup, ...]:
    """Several labs' meetings grouped by the month they start in (in their lab's time zone)."""
    groups: dict[tuple[int, int], list[Occurrence]] = {}
    for occurrence in found:
        groups.setdefault((occurrence.start.year, occurrence.start.month), []).append(occurrence)
    t = ctx.strings[lang]
    return tuple(MonthGroup(t.month(dt.date(year, month, 1)), meeting_cards(items, lang, ctx, True))
                 for (year, month), items in sorted(groups.items()))


def calendar_links(page: str, ctx: Context) -> CalendarLinks:
    path = ctx.urls.calendar(page)
    return CalendarLinks(ctx.urls.href(path), ctx.urls.webcal(path))


def join_links(theme: Theme | None, lang: str, ctx: Context, lab: Lab | None = None) -> JoinLinks:
    """The issue form 'join a SmartLab' with the theme (and the lab) filled in, and an e-mail to the coordinator
    (or to the lab) with the theme in its subject, for members without a GitHub account."""
    t, config = ctx.strings[lang], ctx.site.config
    fields = {"template": JOIN_FORM, "title": t("join_issue_title", name=_named(lab or theme, lang, ctx))}
    if theme is not None:
        fields["theme"] = _labelled(theme, lang, ctx)
    if lab is not None:
        fields["lab"] = _labelled(lab, lang, ctx)
    email = lab.contact.email if lab and lab.contact.email else config.contact_email
    subject = t("join_mail_subject", name=_named(lab or theme, lang, ctx))
    mail = f"mailto:{email}?" + urlencode({"subject": subject, "body": t("join_mail_body")}, quote_via=quote)
    start = theme is not None and not any(lang in other.languages and other.status != "closed"
                                          for other in ctx.site.labs_of_theme(theme.slug))
    return JoinLinks(f"{config.repository.rstrip('/')}/issues/new?" + urlencode(fields), mail, email, start)


def budget_link(lab: Lab, lang: str, ctx: Context) -> str:
    """The issue form 'request a budget' with the lab filled in."""
    t, repo = ctx.strings[lang], ctx.site.config.repository.rstrip("/")
    return f"{repo}/issues/new?" + urlencode({"template": BUDGET_FORM, "lab": _labelled(lab, lang, ctx),
                                               "title": t("budget_issue_title", name=_named(lab, lang, ctx))})


def _named(entry: Entry | None, lang: str, ctx: Context) -> str:
    return entry.title(ctx.text(entry, lang), lang) if entry else "SmartLab"


def _labelled(entry: Entry, lang: str, ctx: Context) -> str:
    """An entry as a form's field holds it: its title, and its slug for the volunteer who reads the issue."""
    return f"{_named(entry, lang, ctx)} ({entry.slug})"
