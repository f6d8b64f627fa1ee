"""Opening hours in OpenStreetMap's `opening_hours` syntax: checked by a real parser, read out in words, exported.

The parser is opening-hours-py (the Rust opening-hours crate that OpenStreetMap tools use). This module:
- `problem(text)`: why the parser rejects a text, with the column where it stopped and its reason in words;
- `describe(text, t)`: the accepted text read out in a language, one line per rule ('maandag–vrijdag
  09:00–18:00', 'feestdagen: gesloten'), from the parser's normalized form; None for forms it does not read out;
- `schedule(text)`: the hours as plain JSON data that a browser evaluates for "open now" (see SCHEDULE_FORMAT).

Nothing here depends on today's date: the schedule is computed over a fixed reference year.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol, cast

import opening_hours
from babel import Locale
from babel.dates import format_skeleton
from opening_hours import OpeningHours, State

from .fields import FieldReader

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PARSER_ERROR: type[Exception] = opening_hours.ParserError  # type: ignore[attr-defined]  # raised, not in the stubs
REFERENCE_YEAR = 2025  # any year does: the schedule is by weekday (and month), never by date
SOLAR = ("sunrise", "sunset", "dawn", "dusk")
SCHEDULE_FORMAT = """\
{"week": [7 days, Monday first], "months": null or [12 months, January first, each 7 days],
 "exact": true|false, "comments": [texts]}; a day is a list of [from, to, state]: minutes after the place's
local midnight (0 to 1440), state "open" or "unknown"; closed when no interval holds the minute. "months" is
given when the hours depend on the month (Jul-Aug off), "exact" is false when they also depend on something
else (week numbers, the first Monday of a month, sunrise, dates): "week" and "months" are then what applies
most of the time. Public and school holidays are not in the schedule."""

# What the parser names (pest rules) -> what a volunteer calls them.
EXPECTED = {"EOI": "the end", "any_rule_separator": "';' between rules", "rules_modifier": "'off'",
            "always_open": "'24/7'", "small_range_selectors": "a day", "week_selector": "'week'",
            "monthday_range": "a month", "year": "a year", "comment": "a remark in double quotes",
            "timespan": "a time span such as 09:00-18:00", "holiday": "PH", "extended_time": "a time such as 18:00",
            "wide_range_selectors": "a month"}
LOCAL_DAYS = re.compile(r"(?i)^(lu|ma|me|je|ve|sa|di|wo|do|vr|za|zo|lun|mar|mer|jeu|ven|sam|dim|maa|din|woe|don|vri|"
                        r"zat|zon)[a-z]*\b")


class Words(Protocol):
    """A language's UI strings (sitegen.i18n.Strings): called with a key."""

    @property
    def lang(self) -> str: ...  # read-only: Strings is a frozen dataclass

    def __call__(self, key: str) -> str: ...


# -- checking ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    column: int   # 1-based, in the text
    reason: str


def problem(text: str) -> Problem | None:
    """Why the parser rejects the text, or None when it accepts it."""
    try:
        _parse(text)
    except (PARSER_ERROR, ValueError) as error:
        column = _column(str(error))
        return Problem(column, _reason(str(error), text, column))
    return None


def _column(message: str) -> int:
    found = re.search(r"-->\s*\d+:(\d+)", message)
    return int(found[1]) if found else 1


def _reason(message: str, text: str, column: int) -> str:
    """The parser's expectation in words, and a hint for the usual mistakes at that point."""
    expected = re.search(r"=\s*expected (.+)$", message.strip())
    if expected:
        names = [EXPECTED.get(name.strip(), name.strip().replace("_", " "))
                 for name in re.split(r",\s*(?:or\s+)?|\s+or\s+", expected[1]) if name.strip()]
        said = f"the parser expected {_or_join(list(dict.fromkeys(names)))}"
    else:
        said = "the text ends too early" if "unexpected EOI" in message else "the parser does not understand it"
    return said + _hint(text[column - 1:], text)


def _or_join(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _hint(rest: str, text: str) -> str:
    rest = rest.lstrip()
    if not rest:
        return "; remove the ';' at the end" if text.rstrip().endswith(";") else ""
    if re.match(r"(Mo|Tu|We|Th|Fr|Sa|Su|PH|\d\d:\d\d-)", rest):
        return "; separate rules with ';' (Mo-Fr 09:00-18:00; Sa 10:00-14:00) and times of one day with ',' " \
               "(09:00-12:00,13:00-17:00)"
    if LOCAL_DAYS.match(rest):
        return "; write the days in English, two letters each: Mo Tu We Th Fr Sa Su (Mo-Fr 09:00-18:00)"
    if re.match(r"\d{1,2}(h|\.|\d{2}|-|\s|$)", rest):
        return "; write times with a colon and two digits each, as in 09:00-18:00"
    if rest.startswith(":"):
        return "; no colon after the days: Mo-Fr 09:00-18:00"
    return "; put a remark in double quotes, as in Mo-Fr 09:00-18:00 \"by appointment\""


def check_field(r: FieldReader, field_path: str) -> str:
    """The field's opening hours if the parser accepts them; else '' after an error at the column where the parser
    stopped, counted in the YAML line (after an opening quote)."""
    text = r.text(field_path, one_line=True)
    found = problem(text) if text else None
    if found is None:
        return text
    line, col = r.doc.where(field_path)
    r.diags.error(r.doc.path, line, _yaml_column(r.doc.path, line, col, text) + found.column - 1, field_path,
                  f"'{field_path}': '{text}' is not OpenStreetMap's opening hours syntax: {found.reason}")
    return ""


def _yaml_column(path: Path, line: int, col: int, text: str) -> int:
    """Where the value's text starts on its line: after a quote, or where the text is found from the value's start."""
    try:
        source = path.read_text(encoding="utf-8-sig").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return col
    start = source.find(text, col - 1)
    return start + 1 if start >= 0 else col + (source[col - 1:col] in ("'", '"'))


@lru_cache(maxsize=4096)
def _parse(text: str) -> OpeningHours:
    return OpeningHours(text, auto_country=False, auto_timezone=False)


# -- the schedule for "open now" ----------------------------------------------------------------

Interval = tuple[int, int, str]
Day = tuple[Interval, ...]


@lru_cache(maxsize=4096)
def _days_of_year(text: str) -> tuple[tuple[dt.date, Day], ...]:
    """Every day of the reference year with its intervals, clipped to the day (22:00-02:00 spans two days)."""
    by_day: dict[dt.date, list[Interval]] = {}
    start = dt.datetime(REFERENCE_YEAR, 1, 1)
    for begin, end, state in _intervals(text, start, start.replace(year=REFERENCE_YEAR + 1)):
        if state in (State.OPEN, State.UNKNOWN):
            _spread(by_day, begin, end, "open" if state == State.OPEN else "unknown")
    day, last = start.date(), dt.date(REFERENCE_YEAR, 12, 31)
    days = []
    while day <= last:
        days.append((day, tuple(by_day.get(day, ()))))
        day += dt.timedelta(days=1)
    return tuple(days)


def _intervals(text: str, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, State]]:
    """The parser's intervals from start to end. Its iterator over a long span stops after the first day when a
    fallback rule ('||') follows (opening-hours-py 2.1), so such hours are asked for one day at a time."""
    hours = _parse(text)
    if "||" not in text:
        return [(begin, stop, state) for begin, stop, state, _ in hours.intervals(start, end)]
    found = []
    while start < end:
        day_end = start + dt.timedelta(days=1)
        found += [(begin, stop, state) for begin, stop, state, _ in hours.intervals(start, day_end)]
        start = day_end
    return found


def _spread(by_day: dict[dt.date, list[Interval]], begin: dt.datetime, end: dt.datetime, state: str) -> None:
    while begin < end:
        midnight = dt.datetime.combine(begin.date() + dt.timedelta(days=1), dt.time())
        stop = min(end, midnight)
        minutes = (begin.hour * 60 + begin.minute, 1440 if stop == midnight else stop.hour * 60 + stop.minute)
        by_day.setdefault(begin.date(), []).append((*minutes, state))
        begin = stop


def schedule(text: str) -> dict[str, Any] | None:
    """The opening hours as JSON-able data for a browser (SCHEDULE_FORMAT); None when the text is not accepted.
    Each distinct text is worked out once per process (a year of days, then 91 comparisons over them), however
    many spaces share it and pages show it; the caller gets its own copy."""
    made = _schedule_json(text)
    return None if made is None else json.loads(made)


@cache
def _schedule_json(text: str) -> str | None:
    found = _schedule(text)
    return None if found is None else json.dumps(found)


def _schedule(text: str) -> dict[str, Any] | None:
    if not text or problem(text):
        return None
    days = _days_of_year(text)
    week = _most_common(days, lambda day: day.weekday())
    months = [_most_common([d for d in days if d[0].month == month], lambda day: day.weekday())
              for month in range(1, 13)]
    weekly = all(_exact(days, lambda day, w=w: day.weekday() == w) for w in range(7))
    monthly = all(_exact(days, lambda day, m=m, w=w: (day.month, day.weekday()) == (m, w))
                  for m in range(1, 13) for w in range(7))
    solar = any(word in text for word in SOLAR)
    return {"week": _plain(week), "months": None if weekly else _plain_months(months),
            "exact": (weekly or monthly) and not solar, "comments": _comments(text)}


def _most_common(days: list[tuple[dt.date, Day]] | tuple[tuple[dt.date, Day], ...], key: Any) -> list[Day]:
    counts: list[Counter[Day]] = [Counter() for _ in range(7)]
    for day, intervals in days:
        counts[key(day)][intervals] += 1
    return [count.most_common(1)[0][0] if count else () for count in counts]


def _exact(days: tuple[tuple[dt.date, Day], ...], within: Any) -> bool:
    return len({intervals for day, intervals in days if within(day)}) <= 1


def _plain(week: list[Day]) -> list[list[list[Any]]]:
    return [[list(interval) for interval in day] for day in week]


def _plain_months(months: list[list[Day]]) -> list[list[list[list[Any]]]]:
    return [_plain(week) for week in months]


def _comments(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'"([^"]*)"', text)))


# -- in words ---------------------------------------------------------------------------------------

MONTH_PART = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: ?\d{1,2})?"
MONTHS_SPEC = rf"{MONTH_PART}(?:-{MONTH_PART})?(?:,{MONTH_PART}(?:-{MONTH_PART})?)*"
DAY_PART = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
TIME_PART = r"\d\d:\d\d(?:-\d\d:\d\d|\+)"
RULE = re.compile(rf"^(?:(?P<months>{MONTHS_SPEC})\s+)?(?:(?P<days>{DAY_PART}(?:,{DAY_PART})*)\s*)?(?P<always>24/7)?\s*"
                  rf"(?P<times>{TIME_PART}(?:,{TIME_PART})*)?\s*(?P<state>open|closed|off|unknown)?\s*"
                  r'(?:"(?P<comment>[^"]*)")?$')


def describe(text: str, t: Words) -> list[str] | None:
    """The hours read out in t's language, one line per rule, days fully closed said as such; None when the text
    is not accepted or uses a form this reader does not know (the page then shows it as written)."""
    if not text or problem(text):
        return None
    normal = str(_parse(text).normalize())
    if normal == "24/7":
        return [t("hours_always")]
    main, _, fallback = normal.partition("||")
    rules = [_rule(rule.strip(), t) for rule in main.split(";") if rule.strip()]
    rules += [f"{t('hours_otherwise')}{t('hours_colon')}{line}" if line else None
              for line in (_rule(rule.strip(), t) for rule in fallback.split(";") if rule.strip())]
    if not rules or not all(rules):
        return None
    return [line for line in rules if line] + _closed_days(text, t)


def _rule(rule: str, t: Words) -> str | None:
    match = RULE.match(rule)
    if not match or not rule:
        return None
    head = _head(match, t)
    state = match["state"]
    words = t("hours_closed") if state in ("closed", "off") else t("hours_unknown") if state == "unknown" else ""
    times = ", ".join(_span(span) for span in match["times"].split(",")) if match["times"] else ""
    line = " ".join(part for part in (head, times) if part)
    line = f"{line}{t('hours_colon')}{words}" if words else line
    return f"{line} ({match['comment']})" if match["comment"] else line


def _head(match: re.Match[str], t: Words) -> str:
    """The days a rule is about: '24/7', its weekdays (every day when none), after its months if it has some."""
    if match["always"]:
        days = t("hours_always")
    elif match["days"]:
        days = ", ".join(_days(part, t) for part in match["days"].split(","))
    else:
        days = "" if match["months"] else t("hours_every_day")
    months = _months(match["months"], t.lang) if match["months"] else ""
    return f"{months}{t('hours_colon')}{days}" if months and days else months or days


def _days(part: str, t: Words) -> str:
    if part in ("PH", "SH"):
        return t("hours_public_holidays" if part == "PH" else "hours_school_holidays")
    names = Locale.parse(t.lang).days["format"]["wide"]
    first, _, last = part.partition("-")
    return f"{names[DAYS.index(first)]}–{names[DAYS.index(last)]}" if last else names[DAYS.index(first)]


def _span(span: str) -> str:
    return span.replace("-", "–")


def _months(spec: str, lang: str) -> str:
    return ", ".join("–".join(_month_day(end, lang) for end in part.split("-")) for part in spec.split(","))


def _month_day(text: str, lang: str) -> str:
    name, _, day = text.partition(" ")
    month = MONTHS.index(name[:3]) + 1
    if day or name[3:]:
        return format_skeleton("MMMMd", dt.date(REFERENCE_YEAR, month, int(day or name[3:])), locale=lang)
    return cast(str, Locale.parse(lang).months["format"]["wide"][month])  # Babel's locale data is untyped


@lru_cache(maxsize=4096)
def _closed(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The weekdays (0 = Monday) and the months (1-12) on which the place is closed all year."""
    days = _days_of_year(text)
    return (tuple(w for w in range(7) if not any(iv for day, iv in days if day.weekday() == w)),
            tuple(m for m in range(1, 13) if not any(iv for day, iv in days if day.month == m)))


def _closed_days(text: str, t: Words) -> list[str]:
    """'zondag: gesloten' for weekdays closed all year, and months closed all month, which the parser's normal
    form leaves out."""
    closed, months = _closed(text)
    lines = []
    if months and len(months) < 12:
        names = Locale.parse(t.lang).months["format"]["wide"]
        lines.append(f"{', '.join(names[m] for m in months)}{t('hours_colon')}{t('hours_closed')}")
    if closed and len(closed) < 7:
        lines.append(f"{', '.join(_days(DAYS[w], t) for w in closed)}{t('hours_colon')}{t('hours_closed')}")
    return lines
