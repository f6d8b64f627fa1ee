"""Contributors' Markdown is converted in bounded time: a body that would run long is an error at its file."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitegen import cache, prose
from sitegen.diagnostics import Diagnostics
from sitegen.prose import BODY_SECONDS, MAX_BRACKETS, Body, convert, convert_bodies, markdown_to_html

NL = Path("content/spaces/a/nl.md")


def check(*texts: str) -> list[str]:
    diags = Diagnostics()
    convert_bodies([Body(NL, 10 + 1000 * number, text) for number, text in enumerate(texts)], diags)
    return [item.human() for item in diags.items]


@pytest.mark.slow
def test_a_body_that_would_run_long_is_stopped_and_reported_in_time() -> None:
    """'*a' * 400,000 kept a build busy past 180 s; the others are converted all the same."""
    start = time.monotonic()
    reports = check("*a" * 400_000, "Gewone *tekst*.", "=\n" * 100_000)
    elapsed = time.monotonic() - start
    print(f"two runaway bodies stopped, one body converted, in {elapsed:.1f} s")
    assert reports == [f"content/spaces/a/nl.md:{line}:1: error: {prose.TOO_SLOW}" for line in (10, 2010)]
    assert elapsed < 2 * BODY_SECONDS + 5
    assert str(markdown_to_html("Gewone *tekst*.")) == "<p>Gewone <em>tekst</em>.</p>"


@pytest.mark.parametrize("body", ["[" * 400_000, "[a](" * 200_000, "x\n\n" + "![" * 2_000])
def test_the_known_slow_shape_is_refused_before_any_conversion(body: str) -> None:
    start = time.monotonic()
    reports = check(body)
    assert time.monotonic() - start < 2
    assert len(reports) == 1 and f"keep it under {MAX_BRACKETS:,} '['" in reports[0], reports


def test_the_paragraph_with_too_many_brackets_is_named_by_its_line() -> None:
    assert check("Eerst.\n\nDan.\n\n" + "[" * 1_001) == [
        "content/spaces/a/nl.md:14:1: error: a paragraph with 1,001 '[' takes too long to turn into HTML; split it, "
        "or keep it under 1,000 '['"]


def test_lists_nested_beyond_the_recursion_limit_are_an_error_not_a_crash() -> None:
    assert check("1. " * 5_000) == ["content/spaces/a/nl.md:10:1: error: the text nests lists or quotes too deeply "
                                    "to turn into HTML; flatten it"]


def test_a_text_after_one_too_deeply_nested_is_converted_whole() -> None:
    """The same worker converts the next text with its paragraphs (a parser left 'inside a list' dropped them)."""
    assert check("1. " * 5_000) and check("Eerst.\n\nDan.") == []
    assert str(markdown_to_html("Eerst.\n\nDan.")) == "<p>Eerst.</p>\n<p>Dan.</p>"
    with pytest.raises(RecursionError):
        convert("1. " * 5_000)
    assert str(convert("Eerst.\n\nDan.")) == "<p>Eerst.</p>\n<p>Dan.</p>"


def test_character_references_to_controls_are_refused_and_never_reach_the_html() -> None:
    assert check("a &#27;[2J b\n\nc &#x7f; d") == [
        "content/spaces/a/nl.md:10:3: error: '&#27;' writes a control character (U+001B); delete it",
        "content/spaces/a/nl.md:12:3: error: '&#x7f;' writes a control character (U+007F); delete it"]
    html = str(convert("a &#1; b &#27; c &#x0b; d &#127; e"))
    assert not any(ord(char) < 32 and char not in "\t\n" or ord(char) == 127 for char in html), repr(html)


def test_pages_get_the_html_the_workers_made() -> None:
    text = "Een [link](https://example.org) en *nadruk*."
    assert check(text) == []
    assert prose.CONVERTED[text] == str(convert(text))
    assert markdown_to_html(text) == convert(text)


def test_a_later_run_converts_only_the_texts_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conversions are kept in the build cache for the next check or build, for the same code only."""
    kept, old, new = tmp_path / "markdown.pickle", f"Een *tekst* in {tmp_path.name}.", f"Nieuw in {tmp_path.name}."
    assert check(old) == []
    prose.CONVERTED.save(kept)
    prose.CONVERTED.clear()
    sent: list[str] = []
    real = prose._pool.run
    monkeypatch.setattr(prose._pool, "run", lambda texts, size: sent.extend(texts) or real(texts, size))
    prose.CONVERTED.load(kept)
    assert check(old, new) == [] and sent == [new]
    assert str(markdown_to_html(old)) == f"<p>Een <em>tekst</em> in {tmp_path.name}.</p>"
    prose.CONVERTED.clear()
    monkeypatch.setattr(cache, "code_version", lambda: "other code")
    prose.CONVERTED.load(kept)  # made by other code: nothing is taken
    assert old not in prose.CONVERTED
