"""Typed field checks: no web address that could leave an HTML attribute, no control or invisible character in text."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.diagnostics import Diagnostics
from sitegen.fields import FieldReader, text_problem
from sitegen.sources import YamlDoc


def read(kind: str, value: object) -> tuple[object, list[str]]:
    diags = Diagnostics()
    reader = FieldReader(YamlDoc(Path("content/x.yaml"), {"f": value}, {"f": (2, 4)}), diags)
    return getattr(reader, kind)("f"), [item.message for item in diags.errors]


@pytest.mark.parametrize("url, hint", [
    ('https://www.openstreetmap.org/copyright"onmouseover="alert(1)"x="', "a '\"' (write it as %22)"),
    ("https://example.org/a b", "a space (write it as %20)"),
    ("https://example.org/a\u00a0b", "a space character (U+00A0)"),
    ("https://example.org/<script>", "a '<' (write it as %3C)"),
    ("https://example.org/`x`", "a '`' (write it as %60)"),
    ("https://example.org/a\\b", "a '\\' (write it as %5C)"),
])
def test_a_web_address_with_a_character_it_cannot_hold_is_refused(url: str, hint: str) -> None:
    value, errors = read("url", url)
    assert value == ""
    assert len(errors) == 1 and errors[0].endswith(f"is not a valid web address: it contains {hint}"), errors


@pytest.mark.parametrize("url, problem", [
    ("https://example.org/\x01", 'a control character (U+0001, written "\\x01")'),
    ("https://example.org/\x85", 'a control character (U+0085, written "\\x85")'),
    ("https://exa\u202emple.org/", "an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("https://example.org/\u200b", "an invisible character (U+200B ZERO WIDTH SPACE)"),
])
def test_a_web_address_with_a_control_or_invisible_character_is_refused_as_text(url: str, problem: str) -> None:
    assert read("url", url) == ("", [f"'f' contains {problem}; delete it"])


@pytest.mark.parametrize("url", [
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://en.wikipedia.org/wiki/Ireland's_Eye",
    "https://example.org/a%20b?q=1&r=2#frag",
    "https://café.example/é",
])
def test_ordinary_web_addresses_pass(url: str) -> None:
    assert read("url", url) == (url, [])


@pytest.mark.parametrize("text, problem", [
    ("Atelier\x01Een", 'contains a control character (U+0001, written "\\x01"); delete it'),
    ("Atelier\x1b[2J", 'contains a control character (U+001B, written "\\x1b"); delete it'),
    ("Gent\x00", 'contains a control character (U+0000, written "\\x00"); delete it'),
    ("een\x0btwee", 'contains a control character (U+000B, written "\\x0b"); delete it'),
    ("\x9bx", 'contains a control character (U+009B, written "\\x9b"); delete it'),
    ("Atelier \u202eneE", "contains an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE); delete it"),
    ("a\u2067b", "contains an invisible character (U+2067 RIGHT-TO-LEFT ISOLATE); delete it"),
    ("a\u200fb", "contains an invisible character (U+200F RIGHT-TO-LEFT MARK); delete it"),
    ("a\ufeffb", "contains an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE); delete it"),
    ("a\u2028b", "contains an invisible character (U+2028 LINE SEPARATOR); delete it"),
])
def test_text_with_a_control_or_invisible_character_is_refused(text: str, problem: str) -> None:
    assert text_problem(text) == problem
    assert read("text", text) == ("", [f"'f' {problem}"])


@pytest.mark.parametrize("text", ["Café de l'Été", "een\ttab", "twee\nregels", "مقهى الحي", "👩\u200d🔧 werkplaats",
                                  "می\u200cخواهم"])
def test_ordinary_text_passes(text: str) -> None:
    assert text_problem(text) is None


def test_a_character_written_as_two_escapes_is_joined_and_half_of_one_is_refused() -> None:
    """YAML reads '\\ud83d\\ude00' as two halves of a character; written to a page they crashed the build."""
    assert read("text", "Atelier \ud83d\udee0") == ("Atelier \U0001f6e0", [])
    assert read("text", "Atelier \ud83d") == ("", ["'f' contains half of a character (U+D83D, written \"\\ud83d\" "
                                                    "without its other half); delete it"])
