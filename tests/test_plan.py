"""The table of contents: every page once per language, in a stable order, each knowing its alternates."""
from __future__ import annotations

from collections import Counter

from sitegen.kinds import KINDS
from support.prepared import prepared


def test_each_item_has_one_page_per_language_and_the_same_alternates() -> None:
    ready, _ = prepared("bilingual")
    langs = ready.site.config.languages
    paths = [page.path for page in ready.pages]
    assert len(paths) == len(set(paths)), "no two pages on one path"
    for page in ready.pages:
        if page.page_type in ("language-choice", "not-found"):
            continue
        assert tuple(lang for lang, _ in page.alternates) == langs
        assert dict(page.alternates)[page.lang] == page.path


def test_every_entry_of_every_kind_is_planned_with_its_source() -> None:
    ready, _ = prepared("bilingual")
    count = Counter(page.page_type for page in ready.pages)
    for kind in KINDS:
        assert count[kind.name] == 2 * len(ready.site.of(kind.name)), kind.name
    entry_pages = [page for page in ready.pages if page.page_type in {kind.name for kind in KINDS}]
    assert all(page.source == page.item.source for page in entry_pages)  # type: ignore[union-attr]
    assert count["country"] == 2 * len(ready.places)
    assert count["city"] == 2 * sum(len(country.cities) for country in ready.places)


def test_the_plan_is_stable() -> None:
    first, _ = prepared("bilingual")
    second, _ = prepared("bilingual")
    assert [(p.page_type, p.lang, p.path) for p in first.pages] == [(p.page_type, p.lang, p.path) for p in second.pages]
    assert [p.path for p in first.pages][:3] == ["", "404.html", "nl/"]
