"""Opening hours: checked by OpenStreetMap's parser, read out in the page's language, exported as a schedule."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import hours
from sitegen.build import TEMPLATES
from sitegen.diagnostics import Diagnostics
from sitegen.fields import FieldReader
from sitegen.i18n import load_strings
from sitegen.sources import load_yaml_file

STRINGS = load_strings(TEMPLATES / "i18n", ("nl", "fr"), Diagnostics())
OPEN_9_TO_6 = [[540, 1080, "open"]]


@pytest.mark.parametrize("text, lang, expected", [
    ("Mo-Fr 09:00-18:00; Sa 10:00-16:00", "nl",
     ["maandag–vrijdag 09:00–18:00", "zaterdag 10:00–16:00", "zondag: gesloten"]),
    ("Mo-Fr 09:00-18:00; Sa 10:00-16:00", "fr",
     ["lundi–vendredi 09:00–18:00", "samedi 10:00–16:00", "dimanche : fermé"]),
    ("Mo,We 09:00-12:00,13:00-17:00; Su off", "fr",
     ["lundi, mercredi 09:00–12:00, 13:00–17:00", "mardi, jeudi, vendredi, samedi, dimanche : fermé"]),
    ("Mo-Fr 09:00-18:00; PH off", "nl",
     ["maandag–vrijdag 09:00–18:00", "feestdagen: gesloten", "zaterdag, zondag: gesloten"]),
    ("Mo-Fr 09:00-18:00; PH off", "fr",
     ["lundi–vendredi 09:00–18:00", "jours fériés : fermé", "samedi, dimanche : fermé"]),
    ("Mo-Fr 09:00-18:00; Jul-Aug off", "nl", ["januari–juni, september–december: maandag–vrijdag 09:00–18:00",
                                              "juli, augustus: gesloten", "zaterdag, zondag: gesloten"]),
    ("Mo-Fr 09:00-18:00; Dec 24-26 off", "fr", ["lundi–vendredi 09:00–18:00", "24 décembre–26 décembre : fermé",
                                                "samedi, dimanche : fermé"]),
    ("10:00-18:00", "nl", ["elke dag 10:00–18:00"]),
    ("24/7", "fr", ["24 h sur 24, 7 jours sur 7"]),
    ('Tu-Sa 10:00-12:00 "op afspraak"', "nl",
     ["dinsdag–zaterdag 10:00–12:00 (op afspraak)", "maandag, zondag: gesloten"]),
])
def test_accepted_hours_are_read_out(text: str, lang: str, expected: list[str]) -> None:
    assert hours.describe(text, STRINGS[lang]) == expected


@pytest.mark.parametrize("text", ["sunrise-sunset", "Mo[1] 10:00-12:00", "week 01-10 Mo 10:00-12:00", "",
                                  "lundi-vendredi 9h-18h"])
def test_other_forms_are_shown_as_written(text: str) -> None:
    assert hours.describe(text, STRINGS["nl"]) is None


@pytest.mark.parametrize("text, column, words", [
    ("lundi-vendredi 9h-18h", 1, "write the days in English, two letters each"),
    ("Mo-Fr 9h-18h", 7, "write times with a colon and two digits each"),
    ("Mo-Fr: 09:00-18:00", 6, "no colon after the days"),
    ("Mo-Fr 09:00-18:00 Sa 10:00-12:00", 19, "separate rules with ';'"),
    ("Mo-Fr 09:00-18:00;", 19, "remove the ';' at the end"),
    ("Mo-Fr 09:00-18h00", 13, "the parser expected a time such as 18:00"),
])
def test_rejected_hours_give_the_parsers_column_and_reason(text: str, column: int, words: str) -> None:
    found = hours.problem(text)
    assert found is not None and found.column == column and words in found.reason, found


@pytest.mark.parametrize("text", ["Mo-Fr 09:00-18:00; PH off", "Mo-Fr 9:00-18:00", "Mo-Fr 09:00-18:00, Sa 10:00-14:00",
                                  'Mo-Fr 09:00-18:00 || "by appointment"', "sunrise-sunset"])
def test_real_world_forms_are_accepted(text: str) -> None:
    assert hours.problem(text) is None


def test_the_schedule_is_a_week_of_minute_intervals() -> None:
    assert hours.schedule("Mo-Fr 09:00-18:00; PH off") == {
        "week": [OPEN_9_TO_6] * 5 + [[], []], "months": None, "exact": True, "comments": []}


def test_a_night_spans_two_days() -> None:
    week = hours.schedule("Fr 22:00-02:00")["week"]  # type: ignore[index]
    assert week[4] == [[1320, 1440, "open"]] and week[5] == [[0, 120, "open"]]


def test_hours_that_depend_on_the_month_get_a_schedule_per_month() -> None:
    found = hours.schedule("Mo-Fr 09:00-18:00; Jul-Aug off")
    assert found is not None and found["exact"] is True
    assert found["months"][6] == found["months"][7] == [[]] * 7
    assert found["months"][0] == found["week"] == [OPEN_9_TO_6] * 5 + [[], []]


def test_hours_that_depend_on_more_than_the_month_are_not_exact() -> None:
    for text in ("Mo[1] 10:00-12:00", "sunrise-sunset", "week 01-10 Mo 10:00-12:00"):
        found = hours.schedule(text)
        assert found is not None and found["exact"] is False, text


def test_unknown_states_and_remarks_are_kept() -> None:
    found = hours.schedule('Mo 10:00-12:00 unknown "call first"')
    assert found is not None and found["week"][0] == [[600, 720, "unknown"]] and found["comments"] == ["call first"]


def test_no_schedule_for_rejected_or_missing_hours() -> None:
    assert hours.schedule("") is None and hours.schedule("lundi 9h") is None


@pytest.mark.parametrize("line, column", [('opening_hours: Mo-Fr 9h-18h\n', 22),
                                          ('opening_hours: "Mo-Fr 9h-18h"\n', 23),
                                          ("opening_hours:   'Mo-Fr 9h-18h'  # comment\n", 25)])
def test_the_error_column_is_counted_in_the_yaml_line(tmp_path: Path, line: str, column: int) -> None:
    path = tmp_path / "space.yaml"
    path.write_text("name: x\n" + line, encoding="utf-8")
    diags = Diagnostics()
    doc = load_yaml_file(path, diags)
    assert doc is not None
    assert hours.check_field(FieldReader(doc, diags), "opening_hours") == ""
    assert [(d.line, d.col) for d in diags.errors] == [(2, column)]
