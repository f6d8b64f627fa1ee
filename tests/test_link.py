"""The link phase: references between entries resolve, and no two pages share a URL."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sitegen.diagnostics import Diagnostics
from sitegen.kinds import KINDS
from sitegen.link import check_collisions, check_references
from sitegen.model import Ref
from sitegen.plan import PlannedPage
from support.prepared import prepared


def test_the_fixture_links_resolve() -> None:
    ready, _ = prepared("bilingual")
    diags = Diagnostics()
    check_references(ready.site, KINDS, diags)
    check_collisions(ready.pages, diags)
    assert not diags.items


def test_an_unknown_reference_is_reported_at_its_line_with_a_suggestion() -> None:
    ready, _ = prepared("bilingual")
    lab = ready.site.labs[0]
    wrong = Ref("space", "huis-van-de-maker", "meets", lab.source / "lab.yaml", 5, 8)
    by_kind = tuple((name, tuple(replace(e, refs=(wrong,)) if e is lab else e for e in entries))
                    for name, entries in ready.site.by_kind)
    site = replace(ready.site, by_kind=by_kind)
    diags = Diagnostics()
    check_references(site, KINDS, diags)
    [problem] = diags.items
    assert (problem.line, problem.col, problem.field) == (5, 8, "meets")
    assert problem.message == ("'meets': there is no space 'huis-van-de-maker' in spaces/ "
                               "(did you mean 'huis-van-de-makers'?)")


def test_two_pages_on_one_url_are_reported_naming_both() -> None:
    pages = (PlannedPage("page", "nl", "nl/over/", (), None, Path("pages/about")),
             PlannedPage("page", "nl", "nl/over/", (), None, Path("pages/over")))
    diags = Diagnostics()
    check_collisions(pages, diags)
    [problem] = diags.items
    assert "two pages on one URL '/nl/over/'" in problem.message and "'over'" in problem.message
