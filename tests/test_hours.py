"""Opening hours in OpenStreetMap syntax, read out in the page's language."""
from __future__ import annotations

import pytest

from sitegen.hours import describe_hours


@pytest.mark.parametrize("hours, lang, expected", [
    ("Mo-Fr 09:00-18:00; Sa 10:00-16:00", "nl", ["maandag–vrijdag 09:00–18:00", "zaterdag 10:00–16:00"]),
    ("Mo-Fr 09:00-18:00; Sa 10:00-16:00", "fr", ["lundi–vendredi 09:00–18:00", "samedi 10:00–16:00"]),
    ("Mo,We 09:00-12:00,13:00-17:00; Su off", "fr", ["lundi, mercredi 09:00–12:00, 13:00–17:00", "dimanche: fermé"]),
    ("24/7", "nl", ["24/7"]),
])
def test_common_forms_are_read_out(hours: str, lang: str, expected: list[str]) -> None:
    assert describe_hours(hours, lang, {"nl": "gesloten", "fr": "fermé"}[lang]) == expected


@pytest.mark.parametrize("hours", ["Mo-Fr 09:00-18:00; PH off", "sunrise-sunset", "Mo-Fr 9-18", ""])
def test_other_syntax_is_left_as_written(hours: str) -> None:
    assert describe_hours(hours, "nl", "gesloten") is None
