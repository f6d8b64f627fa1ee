"""Opening hours in OpenStreetMap syntax, read aloud in a language: 'Mo-Fr 09:00-18:00' -> 'maandag–vrijdag 09:00–18:00'.

Only the common forms are rewritten (days, day ranges, times, 'off', '24/7'); anything else is shown as written.
"""
from __future__ import annotations

import re

from babel import Locale

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_SPEC = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
TIME_SPEC = r"\d\d:\d\d-\d\d:\d\d"
RULE = re.compile(rf"^(?P<days>{DAY_SPEC}(?:,{DAY_SPEC})*)\s+(?P<times>off|closed|{TIME_SPEC}(?:,{TIME_SPEC})*)$")


def describe_hours(hours: str, lang: str, closed: str) -> list[str] | None:
    """One line per rule in `lang` (`closed` is that language's word for it), or None when the text uses
    syntax this reader does not know."""
    if hours.strip() == "24/7":
        return ["24/7"]
    lines = [_rule(rule.strip(), lang, closed) for rule in hours.split(";") if rule.strip()]
    return lines if lines and all(lines) else None


def _rule(rule: str, lang: str, closed: str) -> str | None:
    match = RULE.match(rule)
    if not match:
        return None
    days = ", ".join(_day_range(part, lang) for part in match["days"].split(","))
    times = match["times"]
    if times in ("off", "closed"):
        return f"{days}: {closed}"
    return f"{days} " + ", ".join(span.replace("-", "–") for span in times.split(","))


def _day_range(part: str, lang: str) -> str:
    names = Locale.parse(lang).days["format"]["wide"]
    first, _, last = part.partition("-")
    text = names[DAYS.index(first)]
    return f"{text}–{names[DAYS.index(last)]}" if last else text
