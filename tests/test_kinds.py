"""Entry kinds: each declared once, and a new kind is one declaration plus a template."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from sitegen.build import TEMPLATES, build_site
from sitegen.content import text_entry
from sitegen.entrykind import EntryKind, kind_of
from sitegen.entryviews import page_view
from sitegen.kinds import KINDS, LABS, PAGES, SPACES
from sitegen.model import Entry, Page, Space
from sitetools import FIXTURES


@dataclasses.dataclass(frozen=True, eq=False)
class Note(Entry):
    """A kind that exists only in this test: notes kept in a lab's folder."""


NOTES = EntryKind(name="note", folder="notes", model=Note, read=text_entry(Note), view=page_view, section="",
                  nav="themes", parent="lab")


def test_each_kind_has_its_own_folder_model_and_template() -> None:
    assert len({kind.folder for kind in KINDS}) == len({kind.model for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        assert (TEMPLATES / kind.template).is_file(), kind.name
        assert kind.data_file is None or kind.data_spec is not None and kind.data_spec.file == kind.data_file
    assert kind_of(Page("about", Path("pages/about"), ()), KINDS) is PAGES
    assert kind_of(Space("x", Path("spaces/x"), ()), KINDS) is SPACES


@pytest.mark.slow
def test_a_new_nested_kind_is_one_declaration_and_a_template(tmp_path: Path) -> None:
    """A note in a lab's folder gets its page below the lab's page in each language (the lab's own slug there),
    is searched, and its folder is not reported as a stray file of the lab."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "bilingual", content)
    shutil.copytree(TEMPLATES, templates)
    shutil.copyfile(templates / "page.html", templates / "note.html")
    note = content / "labs" / "plekken-delen" / "notes" / "eerste-avond"
    note.mkdir(parents=True)
    (note / "nl.md").write_text("---\ntitle: De eerste avond\n---\nWe kwamen samen.\n", encoding="utf-8")
    (note / "fr.md").write_text("---\ntitle: La première soirée\n---\nNous nous sommes réunis.\n", encoding="utf-8")
    kinds = KINDS[:KINDS.index(LABS) + 1] + (NOTES,) + KINDS[KINDS.index(LABS) + 1:]
    result = build_site(content, tmp_path / "out", "https://example.org/", templates=templates, kinds=kinds)
    assert not [w for w in result.warnings if "notes" in w.path], result.warnings
    nl = (tmp_path / "out" / "nl/labs/plekken-delen/eerste-avond/index.html").read_text(encoding="utf-8")
    fr = (tmp_path / "out" / "fr/labs/partager-les-lieux/eerste-avond/index.html").read_text(encoding="utf-8")
    assert "De eerste avond" in nl and "La première soirée" in fr
    assert 'href="/fr/labs/partager-les-lieux/eerste-avond/"' in nl, "the language switcher"
