"""A lab's meetings: the checks that span a meeting's fields, and the dates a series gives.

A meeting's times are local times in the lab's time zone (`timezone`, Europe/Brussels by default). A series
repeats by an RFC 5545 rule (`repeat`) and ends by `until` (its last day) or `count` (its number of meetings);
`except` names dates of the series that are cancelled. The dates are expanded here by dateutil's rrule, the same
rule the calendars (calendars.py) hand to calendar programs, so the pages and the calendars agree. A series is
bounded (MAX_MEETINGS meetings within MAX_YEARS years of its start), so no rule can make the build work long.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from .declarations import MAX_MEETINGS, MAX_YEARS
from .fields import FieldReader
from .model import Lab, Meeting

MINUTE = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class Occurrence:
    """One date of a meeting: its start and end in the lab's time zone, and whether it is cancelled."""

    lab: Lab
    meeting: Meeting
    start: dt.datetime
    end: dt.datetime
    cancelled: bool = False

    @property
    def key(self) -> tuple[dt.datetime, str, str]:
        return (self.start.astimezone(dt.UTC), self.lab.slug, self.start.isoformat())


# -- reading -----------------------------------------------------------------------------------

def read_meetings(r: FieldReader, items: list[tuple[str, dict[str, Any]]]) -> tuple[Meeting, ...]:
    """The meetings of lab.yaml's `meetings` (each item's fields already read), every problem reported."""
    return tuple(meeting for where, fields in items if (meeting := _meeting(r, where, fields)))


def _meeting(r: FieldReader, where: str, v: dict[str, Any]) -> Meeting | None:
    start, end = v["start"], v["end"]
    if start is None or end is None:
        return None
    if end <= start:
        r.error(f"{where}.end", f"'{where}.end' ({end:{MINUTE}}) must be after '{where}.start' ({start:{MINUTE}})")
        return None
    space, online = v["place"] or ("", "")
    meeting = Meeting(start=start, end=end, repeat=v["repeat"], until=v["until"], count=v["count"],
                      cancelled=v["except"], space=space, online=online, title=v["title"], note=v["note"])
    if not _series_fields_fit(r, where, meeting):
        return None
    return meeting if not meeting.repeat or _dates_fit(r, where, meeting) else None


def _series_fields_fit(r: FieldReader, where: str, meeting: Meeting) -> bool:
    """`until`, `count` and `except` belong to a series, which ends by one of `until` and `count`."""
    if not meeting.repeat and r.present(f"{where}.repeat"):
        return False  # a rule that cannot be read is reported already
    if not meeting.repeat:
        lone = [name for name in ("until", "count", "except") if r.present(f"{where}.{name}")]
        for name in lone:
            r.error(f"{where}.{name}", f"'{where}.{name}' belongs to a meeting that repeats: add 'repeat' "
                                       f"(such as FREQ=MONTHLY;BYDAY=2TH), or delete '{name}'")
        return not lone
    if not r.present(f"{where}.until") and not r.present(f"{where}.count"):
        r.error(f"{where}.repeat", f"'{where}.repeat' never ends: add 'until: YYYY-MM-DD' (the day of the last "
                                   "meeting at the latest) or 'count: N' (the number of meetings)")
        return False
    if meeting.until is not None and meeting.count is not None:
        r.error(f"{where}.count", f"'{where}': give 'until' or 'count', not both")
        return False
    if meeting.until is not None and meeting.until < meeting.start.date():
        r.error(f"{where}.until", f"'{where}.until' ({meeting.until}) is before the first meeting "
                                  f"({meeting.start.date()})")
        return False
    return meeting.until is not None or meeting.count is not None


def _dates_fit(r: FieldReader, where: str, meeting: Meeting) -> bool:
    """The series starts on its first date, stays within its bounds, and cancels only dates it has."""
    starts = series_starts(meeting, MAX_MEETINGS + 1)
    first = f"; its first date is {starts[0]:%Y-%m-%d}" if starts else ""
    if not starts or starts[0] != meeting.start:
        r.error(f"{where}.start", f"'{where}.start' ({meeting.start:{MINUTE}}) is not a date of its rule "
                                  f"'{meeting.repeat}'{first}: make 'start' the first meeting")
        return False
    if len(starts) > MAX_MEETINGS:
        r.error(f"{where}.repeat", f"'{where}.repeat' gives more than {MAX_MEETINGS} meetings; end it sooner with "
                                   "'until' or 'count', or start a new series later")
        return False
    if meeting.until and meeting.until > _horizon(meeting).date():
        r.error(f"{where}.until", f"'{where}.until' ({meeting.until}) is more than {MAX_YEARS} years after the "
                                  "first meeting; end the series sooner and start a new one later")
        return False
    if meeting.count and len(starts) < meeting.count:
        r.error(f"{where}.count", f"'{where}.repeat' gives only {len(starts)} meetings in the {MAX_YEARS} years "
                                  f"after the first one, not {meeting.count}")
        return False
    return _cancelled_dates_fit(r, where, meeting, {start.date() for start in starts})


def _cancelled_dates_fit(r: FieldReader, where: str, meeting: Meeting, dates: set[dt.date]) -> bool:
    fine = True
    for i, value in enumerate(r.items(f"{where}.except")):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value not in dates:
            near = min(dates, key=lambda day: abs((day - value).days))
            r.error(f"{where}.except[{i}]", f"'{where}.except[{i}]': {value} is not a date of this meeting "
                                            f"(the nearest is {near})")
            fine = False
    return fine


# -- dates ---------------------------------------------------------------------------------------

def _horizon(meeting: Meeting) -> dt.datetime:
    return meeting.start + dt.timedelta(days=365 * MAX_YEARS + 2)


def series_starts(meeting: Meeting, limit: int = MAX_MEETINGS) -> list[dt.datetime]:
    """The local start of each meeting of a series (one for a single meeting), at most `limit`."""
    if not meeting.repeat:
        return [meeting.start]
    end = _horizon(meeting)
    if meeting.until is not None:
        end = min(end, dt.datetime.combine(meeting.until, dt.time(23, 59, 59)))
    rule = rrulestr(meeting.repeat, dtstart=meeting.start)
    assert isinstance(rule, rrule)
    return list(islice(rule.replace(until=end), min(limit, meeting.count or limit)))


def meeting_place(lab: Lab, meeting: Meeting) -> str:
    """The space a meeting is at: its own place, else (when not online) where the lab usually meets."""
    return meeting.space or ("" if meeting.online else lab.meets or "")


def occurrences(lab: Lab) -> tuple[Occurrence, ...]:
    """Every date of the lab's meetings, cancelled ones included, in time order."""
    zone = ZoneInfo(lab.timezone)
    found = [Occurrence(lab, meeting, start.replace(tzinfo=zone), (start + (meeting.end - meeting.start)).replace(
                 tzinfo=zone), start.date() in meeting.cancelled)
             for meeting in lab.meetings for start in series_starts(meeting)]
    return tuple(sorted(found, key=lambda occurrence: occurrence.key))


def all_occurrences(labs: Iterable[Lab]) -> tuple[Occurrence, ...]:
    """The dates of several labs' meetings, in time order."""
    return tuple(sorted((o for lab in labs for o in occurrences(lab)), key=lambda occurrence: occurrence.key))
