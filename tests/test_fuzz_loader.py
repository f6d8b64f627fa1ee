"""Property-based tests of the loader: whatever a volunteer saves, it reports problems and never crashes.

The inputs are random text and bytes, and mutations of real files (characters and lines deleted, inserted,
duplicated or swapped; tabs, colons, quotes, anchors, aliases, tags and random Unicode swapped in; one
field's value replaced). The real files are those of the minimal site plus the overlay
tests/fixtures/valid/every-kind-of-entry/ (a space with every field, a theme, a lab and a page). Each
mutation is written in place of one file (space.yaml, nl.md, theme.yaml, lab.yaml, site.yaml,
vocabulary.yaml) and loaded: the loader must return a site or report why not, every diagnostic naming a
file and saying something.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.content import load_site
from sitegen.diagnostics import Diagnostics
from sitegen.kinds import KINDS
from sitegen.sources import load_markdown_file, parse_yaml
from support import FIXTURES_DIR

MINIMAL_DIR = FIXTURES_DIR / "minimal"
EVERY_KIND_DIR = FIXTURES_DIR / "valid" / "every-kind-of-entry"
TARGETS = ("spaces/atelier-een/space.yaml", "spaces/atelier-een/nl.md", "site.yaml", "vocabulary.yaml",
           "spaces/huis-van-de-makers/space.yaml", "themes/samenwerken/theme.yaml", "themes/samenwerken/fr.md",
           "labs/plekken-delen/lab.yaml", "labs/plekken-delen/nl.md", "pages/over/nl.md")
YAML_PIECES = ("\t", ":", ": ", '"', "'", "&a ", "*a", "&a", "- ", "[", "]", "{", "}", "#", "\n", "---", "---\n",
               "!", "!!binary ", "|", ">", "%", "@", "`", "\\", "? ", "<<: ", "~", "\r", "\r\n", "\ufeff", "\x00",
               "  ", "2026-02-30", "9" * 5000, "yes", "null", ",", "..")
VALUE_PIECES = ("2026-02-30", "2026-05-01", "9" * 5000, "1e999", ".nan", "!!bool maybe", "!!timestamp soon",
                "!!float x", "!!binary aGk=", "!!set {a}", "!foo x", "*a", "&a [x]", "[" * 3000, "{a: " * 500, "yes",
                "~", "[]", "{}", "- x", "|\n  x", '"\\q"', "'", "<<: {a: 1}", "0x", "0o9", "12:30:00",
                "+32 2 123 45 67")
FUZZ_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def make_site(root: Path) -> Path:
    """The valid site every example starts from, in root/content."""
    content = root / "content"
    shutil.copytree(MINIMAL_DIR, content)
    shutil.copytree(EVERY_KIND_DIR, content, dirs_exist_ok=True)
    return content


def original_texts() -> dict[str, str]:
    """The text of each file the tests mutate."""
    with tempfile.TemporaryDirectory() as folder:
        content = make_site(Path(folder))
        return {target: (content / target).read_text(encoding="utf-8") for target in TARGETS}


ORIGINALS = original_texts()


# --- Strategies ---------------------------------------------------------------------------------


def piece() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(YAML_PIECES), st.characters(), st.text(max_size=8))


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The text after a few random edits of its characters and lines."""
    for _ in range(draw(st.integers(1, 4))):
        text = draw(edited(text))
    return text


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """The text after one random edit."""
    position = draw(st.integers(0, len(text)))
    lines = text.split("\n")
    line = draw(st.integers(0, len(lines) - 1))
    edit = draw(st.sampled_from(("delete", "insert", "duplicate", "delete-line", "duplicate-line", "swap-lines",
                                 "indent-line", "replace-value")))
    if edit == "delete":
        return text[:position] + text[position + draw(st.integers(1, 4)):]
    if edit == "insert":
        return text[:position] + draw(piece()) + text[position:]
    if edit == "duplicate":
        return text[:position] + text[position:position + draw(st.integers(1, 6))] + text[position:]
    if edit == "delete-line":
        return "\n".join(lines[:line] + lines[line + 1:])
    if edit == "duplicate-line":
        return "\n".join(lines[:line + 1] + lines[line:])
    if edit == "swap-lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[line], lines[other] = lines[other], lines[line]
    elif edit == "indent-line":
        lines[line] = draw(st.sampled_from(("\t", " ", "   ", "- "))) + lines[line]
    else:
        return draw(value_replaced(text))
    return "\n".join(lines)


@st.composite
def value_replaced(draw: st.DrawFn, text: str) -> str:
    """The text with one field's value replaced: mostly still YAML, so the schema's checks run on it."""
    lines = text.split("\n")
    fields = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")] or [0]
    line = draw(st.sampled_from(fields))
    key, colon, _ = lines[line].partition(": ")
    lines[line] = f"{key}{colon or ': '}{draw(st.one_of(st.sampled_from(VALUE_PIECES), piece()))}"
    return "\n".join(lines)


def variants(text: str) -> st.SearchStrategy[str]:
    return st.one_of(mutated(text), value_replaced(text))


def file_contents(target: str) -> st.SearchStrategy[str | bytes]:
    """What a volunteer might save as this file: a mutation of the real one, random text, or random bytes."""
    return st.one_of(variants(ORIGINALS[target]), st.text(max_size=300), st.binary(max_size=300),
                     mutated(ORIGINALS[target]).map(lambda text: text.encode("utf-8")[:-3]))


@st.composite
def site_edit(draw: st.DrawFn) -> tuple[str, str | bytes]:
    target = draw(st.sampled_from(TARGETS))
    return target, draw(file_contents(target))


# --- Checks -------------------------------------------------------------------------------------


def assert_well_formed(diags: Diagnostics) -> None:
    for item in diags.items:
        assert item.path, f"a diagnostic without a file: {item}"
        assert item.message.strip(), f"a diagnostic without a message: {item}"
        assert item.line >= 0 and item.col >= 0, f"a negative position: {item}"
        assert item.severity in ("error", "warning"), item


def assert_positions_inside(diags: Diagnostics, text: str) -> None:
    """Every position points at a line the text has (or the one just after its end)."""
    last_line = text.count("\n") + 2
    for item in diags.items:
        assert item.line <= last_line, f"line {item.line} is past the end of a {last_line - 1}-line text: {item}"


# --- Properties ---------------------------------------------------------------------------------


@FUZZ_SETTINGS
@given(text=st.one_of(*(variants(text) for text in ORIGINALS.values()), st.text(max_size=400)))
def test_parse_yaml_reports_instead_of_raising(text: str) -> None:
    diags = Diagnostics()
    doc = parse_yaml(text, Path("fuzz.yaml"), diags)
    assert_well_formed(diags)
    assert_positions_inside(diags, text)
    if doc is None:
        assert diags.errors, "parse_yaml returned None without reporting an error"
    else:
        assert isinstance(doc.data, dict)


@FUZZ_SETTINGS
@given(content=st.one_of(variants(ORIGINALS["spaces/atelier-een/nl.md"]), variants(ORIGINALS["pages/over/nl.md"]),
                         st.text(max_size=400), st.binary(max_size=400)))
def test_markdown_reports_instead_of_raising(content: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nl.md"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", errors="surrogatepass"))
        diags = Diagnostics()
        doc = load_markdown_file(path, diags)
    assert_well_formed(diags)
    if doc is None:
        assert diags.errors, "load_markdown_file returned None without reporting an error"


@pytest.mark.slow
@FUZZ_SETTINGS
@given(edits=st.lists(site_edit(), min_size=1, max_size=2))
def test_load_site_reports_instead_of_raising(edits: list[tuple[str, str | bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = make_site(Path(folder))
        for target, data in edits:
            raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
            (content / target).write_bytes(raw)
        diags = Diagnostics()
        site = load_site(content, KINDS, diags)
    assert_well_formed(diags)
    if site is None:
        assert diags.errors, "load_site returned None without reporting an error"
