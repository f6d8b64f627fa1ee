"""The calendars: every .ics the build writes is read back by icalendar and by ical.js (a second, independent
reader, run with node); a monthly series expands to the right dates and hours across the change to summer time."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from support import REPO_ROOT

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC
READ_ICS = REPO_ROOT / "tests/support/read_ics.mjs"
LAB_NL = "nl/labs/netwerk-brussel/agenda.ics"
LAB_FR = "fr/labs/reseau-bruxelles/agenda.ics"
# reseau-bruxelles meets every second Thursday, 18:30 in Brussels, until 30 June 2027, but not on 11 March;
# summer time starts on 28 March 2027, so the hour in UTC moves from 17:30 to 16:30.
MONTHLY_UTC = ["2027-01-14T17:30:00Z", "2027-02-11T17:30:00Z", "2027-04-08T16:30:00Z", "2027-05-13T16:30:00Z",
               "2027-06-10T16:30:00Z"]


def calendars(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_the_build_writes_a_calendar_per_lab_theme_and_language_and_one_of_all_labs(bilingual_site: Path) -> None:
    names = {path.relative_to(bilingual_site).as_posix() for path in calendars(bilingual_site)}
    assert {"nl/agenda/agenda.ics", "fr/agenda/agenda.ics", LAB_NL, LAB_FR,
            "nl/themas/networking/agenda.ics", "fr/labs/partager-les-lieux/agenda.ics"} <= names
    assert len(names) == 2 * (1 + 5 + 3)  # all labs, five themes, three labs; in two languages


def test_every_calendar_parses_back_with_icalendar(bilingual_site: Path) -> None:
    for path in calendars(bilingual_site):
        calendar = read(path)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"], path
        assert calendar.to_ical() == path.read_bytes(), f"{path} does not survive a round trip"
        for event in calendar.walk("VEVENT"):
            for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
                assert name in event, (path, name)
        if calendar.walk("VEVENT"):
            assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"], path


def test_a_monthly_series_expands_to_its_dates_across_the_change_to_summer_time(bilingual_site: Path) -> None:
    calendar = read(bilingual_site / LAB_FR)
    found = recurring_ical_events.of(calendar).between(dt.date(2027, 1, 1), dt.date(2028, 1, 1))
    monthly = sorted(e["DTSTART"].dt for e in found if "Rencontre mensuelle" in str(e["SUMMARY"]))
    assert [start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for start in monthly] == MONTHLY_UTC
    assert {start.astimezone(BRUSSELS).strftime("%H:%M") for start in monthly} == {"18:30"}
    assert dt.date(2027, 3, 11) not in {start.date() for start in monthly}, "the cancelled date"


def test_events_carry_a_stable_uid_a_stamp_from_the_content_the_place_and_the_page(bilingual_site: Path) -> None:
    nl, fr = (read(bilingual_site / path).walk("VEVENT") for path in (LAB_NL, LAB_FR))
    assert [str(e["UID"]) for e in nl] == [str(e["UID"]) for e in fr] == [
        "reseau-bruxelles-20270114T1830@example.org", "reseau-bruxelles-20270522T1000@example.org"]
    monthly = fr[0]
    assert monthly["DTSTAMP"].dt == dt.datetime(2027, 1, 14, 17, 30, tzinfo=UTC)
    assert str(monthly["LOCATION"]) == "Maison des Créateurs, Voorbeeldstraat 12, 1000 Bruxelles, Belgique"
    assert str(nl[0]["LOCATION"]) == "Huis van de Makers, Voorbeeldstraat 12, 1000 Brussel, België"
    assert (monthly["GEO"].latitude, monthly["GEO"].longitude) == (50.8466, 4.3528)
    assert str(monthly["URL"]) == "https://example.org/fr/labs/reseau-bruxelles/"
    assert str(nl[0]["URL"]) == "https://example.org/nl/labs/netwerk-brussel/"


def test_an_online_meeting_has_its_link_as_location(bilingual_site: Path) -> None:
    event = read(bilingual_site / "nl/labs/plekken-delen/agenda.ics").walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "https://meet.example.org/plekken-delen"
    assert "GEO" not in event
    assert str(event["SUMMARY"]) == "Plekken delen: Kennismaking online"


def test_the_theme_and_agenda_calendars_gather_their_labs(bilingual_site: Path) -> None:
    def uids(path: str) -> set[str]:
        return {str(event["UID"]) for event in read(bilingual_site / path).walk("VEVENT")}
    assert uids("nl/themas/networking/agenda.ics") == uids(LAB_NL)
    assert uids("nl/agenda/agenda.ics") == uids(LAB_NL) | uids("nl/labs/plekken-delen/agenda.ics")
    assert not uids("nl/labs/egalite-en-scene/agenda.ics"), "a lab without meetings has an empty calendar"


def read_with_ical_js(path: Path) -> dict:
    done = subprocess.run(["node", str(READ_ICS), str(path), "2028-01-01"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_ical_js_reads_every_calendar(bilingual_site: Path) -> None:
    for path in calendars(bilingual_site):
        ours = read(path)
        theirs = read_with_ical_js(path)
        assert theirs["name"] == str(ours["X-WR-CALNAME"])
        assert [event["uid"] for event in theirs["events"]] == [str(e["UID"]) for e in ours.walk("VEVENT")], path


def test_ical_js_expands_the_series_to_the_same_dates_and_hours(bilingual_site: Path) -> None:
    events = read_with_ical_js(bilingual_site / LAB_FR)["events"]
    monthly = next(event for event in events if event["summary"].endswith("Rencontre mensuelle"))
    assert [start.replace(".000Z", "Z") for start in monthly["starts"]] == MONTHLY_UTC
    assert monthly["zone"] == "Europe/Brussels"
    assert monthly["location"] == "Maison des Créateurs, Voorbeeldstraat 12, 1000 Bruxelles, Belgique"
    assert monthly["geo"] == [50.8466, 4.3528]


@pytest.mark.parametrize("path", [LAB_NL, "fr/agenda/agenda.ics"])
def test_the_pages_link_their_calendar_to_download_and_to_subscribe(bilingual_site: Path, path: str) -> None:
    page = (bilingual_site / path).parent / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="text/calendar" href="/{path}"' in html
    assert f'href="webcal://example.org/{path}"' in html
    assert f'href="/{path}" type="text/calendar" download' in html
