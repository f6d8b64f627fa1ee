"""Meetings: rules read and checked, series expanded within their bounds, dates in the lab's time zone."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.declarations import MAX_MEETINGS
from sitegen.diagnostics import Diagnostics
from sitegen.fields import FieldReader
from sitegen.fieldtypes import rule_problem
from sitegen.meetings import meeting_place, occurrences, read_meetings, series_starts
from sitegen.model import Lab, Localized, Meeting
from sitegen.sources import parse_yaml
from support.prepared import prepared


def meeting(**fields: object) -> Meeting:
    start = dt.datetime(2027, 1, 14, 18, 30)
    return Meeting(**{"start": start, "end": start + dt.timedelta(hours=2), **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("rule, problem", [
    ("FREQ=MONTHLY;BYDAY=2TH", None),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", None),
    ("FREQ=MONTHLY;BYDAY=-1FR", None),
    ("BYDAY=MO", "it needs one FREQ of DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("FREQ=HOURLY", "it needs one FREQ of DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("FREQ=WEEKLY;UNTIL=20270630", "write UNTIL as the meeting's own field 'until'"),
    ("FREQ=WEEKLY;BYHOUR=9", "'BYHOUR=9' is not a part such as FREQ=MONTHLY"),
    ("FREQ=WEEKLY;BYDAI=MO", "(did you mean 'BYDAY'?)"),
    ("FREQ=MONTHLY;BYDAY=2TX", "invalid 'BYDAY': 2TX"),
])
def test_a_rule_is_checked_part_by_part(rule: str, problem: str | None) -> None:
    found = rule_problem(rule)
    assert (found is None) if problem is None else (found is not None and problem in found), found


def test_a_series_gives_its_dates_until_its_last_day_or_its_count() -> None:
    monthly = "FREQ=MONTHLY;BYDAY=2TH"
    assert [d.date().isoformat() for d in series_starts(meeting(repeat=monthly, until=dt.date(2027, 4, 8)))] == [
        "2027-01-14", "2027-02-11", "2027-03-11", "2027-04-08"]
    assert len(series_starts(meeting(repeat=monthly, count=3))) == 3
    assert series_starts(meeting()) == [dt.datetime(2027, 1, 14, 18, 30)]


def test_a_series_is_never_expanded_past_its_bounds() -> None:
    daily = meeting(repeat="FREQ=DAILY", until=dt.date(2099, 1, 1))
    assert len(series_starts(daily)) == MAX_MEETINGS
    never = meeting(repeat="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", count=5)
    assert series_starts(never) == []


def test_occurrences_are_in_the_labs_time_zone_and_keep_their_wall_clock_time_across_summer_time() -> None:
    series = meeting(repeat="FREQ=MONTHLY;BYDAY=2TH", until=dt.date(2027, 4, 30), cancelled=(dt.date(2027, 3, 11),))
    lab = Lab("x", Path("labs/x"), (), timezone="Europe/Brussels", meetings=(series,))
    found = occurrences(lab)
    assert [o.start.isoformat() for o in found] == ["2027-01-14T18:30:00+01:00", "2027-02-11T18:30:00+01:00",
                                                    "2027-03-11T18:30:00+01:00", "2027-04-08T18:30:00+02:00"]
    assert [o.cancelled for o in found] == [False, False, True, False]
    assert found[-1].end.isoformat() == "2027-04-08T20:30:00+02:00"


def test_a_meeting_without_a_place_is_where_the_lab_meets_unless_it_is_online() -> None:
    lab = Lab("x", Path("labs/x"), (), meets="huis")
    assert meeting_place(lab, meeting()) == "huis"
    assert meeting_place(lab, meeting(space="kanaal")) == "kanaal"
    assert meeting_place(lab, meeting(online="https://meet.example.org/x")) == ""


def read(text: str) -> tuple[tuple[Meeting, ...], list[str]]:
    """Meetings read from a lab.yaml text the way schema.py reads them, and the messages."""
    from sitegen.declarations import LAB
    from sitegen.fieldtypes import Scope, read_fields
    diags = Diagnostics()
    doc = parse_yaml(text, Path("lab.yaml"), diags)
    assert doc is not None
    r = FieldReader(doc, diags)
    values = read_fields(r, LAB.fields, "", Scope(("nl", "fr")))
    return read_meetings(r, values["meetings"]), [f"{d.line}:{d.col}: {d.message}" for d in diags.items
                                                  if d.field.startswith("meetings")]


def test_meetings_are_read_with_their_titles_places_and_cancelled_dates() -> None:
    found, messages = read("""theme: x
status: active
meetings:
  - start: 2027-01-14 18:30:00
    end: 2027-01-14T20:30
    repeat: freq=monthly;byday=2th
    count: 4
    except: [2027-02-11]
    place: {online: "https://meet.example.org/x"}
    title: {nl: Ontmoeting, fr: Rencontre}
""")
    assert messages == []
    assert found == (Meeting(dt.datetime(2027, 1, 14, 18, 30), dt.datetime(2027, 1, 14, 20, 30),
                             "FREQ=MONTHLY;BYDAY=2TH", None, 4, (dt.date(2027, 2, 11),), "",
                             "https://meet.example.org/x", Localized.of({"nl": "Ontmoeting", "fr": "Rencontre"})),)


def test_a_time_with_an_offset_is_refused_at_its_line() -> None:
    found, messages = read("theme: x\nstatus: active\nmeetings:\n  - start: 2027-01-14 18:30:00+01:00\n"
                           "    end: 2027-01-14T20:30\n")
    assert found == ()
    assert messages == ["4:12: 'meetings[0].start' must be a local time without a time zone, such as "
                        "2027-01-14T18:30: the lab's 'timezone' says where it is"]


def test_the_fixture_labs_have_their_meetings_and_animator() -> None:
    ready, _ = prepared()
    labs = {lab.slug: lab for lab in ready.site.labs}
    assert len(occurrences(labs["reseau-bruxelles"])) == 7
    assert labs["reseau-bruxelles"].animator is not None and labs["reseau-bruxelles"].animator.email
    assert labs["plekken-delen"].animator is not None and labs["plekken-delen"].animator.website
