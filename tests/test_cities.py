"""City identity: one city per place, its fullest set of names, and a stable slug per language."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cities import fold, identify
from sitegen.diagnostics import Diagnostics
from sitegen.model import Address, Localized, Space
from support import FIXTURES_DIR
from test_invalid import describe_run, make_site, run_cli

LANGS = ("nl", "fr")


def space(slug: str, city: str | dict[str, str], country: str = "BE", region: str | dict[str, str] = "") -> Space:
    def localized(value: str | dict[str, str]) -> Localized:
        if isinstance(value, dict):
            return Localized.of(value)
        return Localized.same(value, LANGS) if value else Localized()
    return Space(slug=slug, source=Path(f"content/spaces/{slug}"), texts=(),
                 address=Address("", "", localized(city), country, localized(region)),
                 positions=(("address.city", 7, 9),))


def cities(*spaces: Space) -> tuple[list[tuple[str, str, str, tuple[str, ...]]], Diagnostics]:
    """(nl name, fr name, nl slug / fr slug, member slugs) per city, and what was reported."""
    diags = Diagnostics()
    found = identify(spaces, LANGS, diags)
    return [(c.names.get("nl") or "", c.names.get("fr") or "", f"{c.slugs.get('nl')}/{c.slugs.get('fr')}",
             tuple(w.space.slug for w in c.members)) for c in found], diags


def test_folding_ignores_case_accents_and_punctuation() -> None:
    assert fold("Liège") == fold("LIEGE") == fold("liege")
    assert fold("Sint-Jans-Molenbeek") == fold("sint jans  molenbeek")
    assert fold("Namur") != fold("Namen")


def test_a_plain_name_joins_the_city_written_per_language() -> None:
    found, diags = cities(space("a", "Namur"), space("b", {"nl": "Namen", "fr": "Namur"}))
    assert found == [("Namen", "Namur", "namen/namur", ("a", "b"))]
    assert not diags.items


def test_any_shared_name_makes_one_city_with_every_name() -> None:
    found, diags = cities(space("a", {"nl": "Luik", "fr": "Liège"}), space("b", "Liège"), space("c", "Luik"))
    assert found == [("Luik", "Liège", "luik/liege", ("a", "b", "c"))]
    assert not diags.items


def test_the_same_name_in_two_countries_is_two_cities() -> None:
    found, _ = cities(space("a", "Baarle", "BE"), space("b", "Baarle", "NL"))
    assert [city[3] for city in found] == [("a",), ("b",)]


def test_a_spelling_without_accents_is_a_warning_and_the_city_keeps_the_accents() -> None:
    found, diags = cities(space("a", "Liège"), space("b", "Liege"))
    assert found == [("Liège", "Liège", "liege/liege", ("a", "b"))]
    where = [(d.severity, d.path, d.line, d.col) for d in diags.items]
    assert where == [("warning", "content/spaces/b/space.yaml", 7, 9)]
    assert "'Liege' is written 'Liège' in content/spaces/a/space.yaml" in diags.items[0].message


def test_one_name_with_two_translations_is_an_error_in_each_file() -> None:
    _, diags = cities(space("a", {"nl": "Elsene", "fr": "Ixelles"}),
                      space("b", {"nl": "Elsene", "fr": "Molenbeek-Saint-Jean"}))
    assert sorted((d.severity, d.path) for d in diags.items) == [("error", "content/spaces/a/space.yaml"),
                                                                 ("error", "content/spaces/b/space.yaml")]
    assert all("write 'Ixelles' in both" in d.message and "'Elsene' in Dutch" in d.message for d in diags.items)


def test_non_latin_names_get_readable_distinct_slugs() -> None:
    found, diags = cities(space("a", "Москва", "RU"), space("b", "Санкт-Петербург", "RU"), space("c", "東京", "JP"),
                          space("d", "Αθήνα", "GR"))
    assert sorted(city[2] for city in found) == ["athina/athina", "dongjing/dongjing", "moskva/moskva",
                                                 "sankt-peterburg/sankt-peterburg"]
    assert not diags.items


def test_two_cities_are_never_given_one_slug() -> None:
    found, diags = cities(space("a", "Москва", "RU"), space("b", "Moskva", "RU"))
    assert len({city[2] for city in found}) == 2
    assert [d.severity for d in diags.items] == ["error", "error"]
    assert "slug would be 'moskva'" in diags.items[0].message


def test_homonymous_towns_are_told_apart_by_region_and_the_region_is_in_the_slug() -> None:
    found, diags = cities(space("a", "Saint-Denis", "FR", "Île-de-France"),
                          space("b", "Saint-Denis", "FR", {"nl": "Réunion", "fr": "La Réunion"}),
                          space("c", "Saint-Denis", "FR", "La Réunion"))
    assert sorted(city[2:] for city in found) == [("saint-denis-ile-de-france/saint-denis-ile-de-france", ("a",)),
                                                  ("saint-denis-reunion/saint-denis-la-reunion", ("b", "c"))]
    assert not diags.items


def test_a_town_without_region_joins_the_only_town_of_its_name() -> None:
    found, diags = cities(space("a", "Saint-Denis", "FR", "La Réunion"), space("b", "Saint-Denis", "FR"))
    assert [city[3] for city in found] == [("a", "b")]
    assert not diags.items


def test_a_town_without_region_among_homonyms_is_an_error() -> None:
    _, diags = cities(space("a", "Saint-Denis", "FR", "Île-de-France"), space("b", "Saint-Denis", "FR", "La Réunion"),
                      space("c", "Saint-Denis", "FR"))
    assert [(d.path, d.severity) for d in diags.items] == [("content/spaces/c/space.yaml", "error")]
    assert "add 'region:'" in diags.items[0].message


@pytest.mark.slow
def test_namur_and_namen_build_one_city_page_with_both_names(tmp_path: Path) -> None:
    make_site(FIXTURES_DIR / "valid" / "city-plain-and-translated", tmp_path)
    built = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")
    assert built.returncode == 0, describe_run(built)
    output = tmp_path / "output"
    nl, fr = output / "nl/landen/belgie/namen/index.html", output / "fr/pays/belgique/namur/index.html"
    assert nl.is_file() and fr.is_file()
    assert not (output / "nl/landen/belgie/namur").exists()
    assert '<h1 id="finder-title">Namen</h1>' in nl.read_text(encoding="utf-8")
    assert '<h1 id="finder-title">Namur</h1>' in fr.read_text(encoding="utf-8")
    for slug in ("atelier-een", "atelier-twee"):  # both spaces link to the one city, by its Dutch name
        page = (output / f"nl/ruimten/{slug}/index.html").read_text(encoding="utf-8")
        assert 'href="/nl/landen/belgie/namen/"' in page


@pytest.mark.slow
def test_homonymous_towns_get_two_city_pages_shown_with_their_region(tmp_path: Path) -> None:
    make_site(FIXTURES_DIR / "valid" / "city-homonyms-with-region", tmp_path)
    built = run_cli(tmp_path, "--content", "content", "--output", "output", "--strict")
    assert built.returncode == 0, describe_run(built)
    output = tmp_path / "output"
    near_paris = (output / "fr/pays/france/saint-denis-ile-de-france/index.html").read_text(encoding="utf-8")
    reunion = (output / "nl/landen/frankrijk/saint-denis-reunion/index.html").read_text(encoding="utf-8")
    assert '<h1 id="finder-title">Saint-Denis (Île-de-France)</h1>' in near_paris
    assert '<h1 id="finder-title">Saint-Denis (Réunion)</h1>' in reunion
