"""Places checked offline against Natural Earth's boundaries and GeoNames' places."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen import places
from sitegen.diagnostics import Diagnostics
from sitegen.model import Address, Geo, Localized, Space

LANGS = ("nl", "fr")


def space(city: str | dict[str, str], country: str, lat: float, lon: float) -> Space:
    names = Localized.of(city) if isinstance(city, dict) else Localized.same(city, LANGS)
    return Space(slug="x", source=Path("content/spaces/x"), texts=(), address=Address("", "", names, country),
                 geo=Geo(lat, lon), positions=(("address.city", 7, 9), ("geo", 9, 1)))


def warnings(*spaces: Space) -> list[tuple[int, str]]:
    diags = Diagnostics()
    places.check_places(spaces, diags)
    assert not diags.errors
    return [(d.line, d.message) for d in diags.warnings]


@pytest.mark.parametrize("lat, lon, code", [(50.8466, 4.3528, "BE"), (48.8566, 2.3522, "FR"), (49.6116, 6.1319, "LU"),
                                            (52.3676, 4.9041, "NL"), (40.2033, -8.4103, "PT"), (54.0, 3.0, "")])
def test_the_country_of_a_point(lat: float, lon: float, code: str) -> None:
    assert places.country_at(Geo(lat, lon)) == code


@pytest.mark.parametrize("city, country, lat, lon", [
    ({"nl": "Sint-Jans-Molenbeek", "fr": "Molenbeek-Saint-Jean"}, "BE", 50.8553, 4.3360),
    ({"nl": "Luik", "fr": "Liège"}, "BE", 50.6326, 5.5797),
    ("Lille", "FR", 50.6292, 3.0573),
    ("Oostende", "BE", 51.2300, 2.9150),            # on the coast: the 1:50m coast is coarse
    ("Baarle-Hertog", "BE", 51.4420, 4.9290),       # a Belgian enclave inside the Netherlands
    ("Tilff", "BE", 50.5700, 5.5840),               # a place the data does not know: nothing to compare with
])
def test_real_places_give_no_warning(city: str | dict[str, str], country: str, lat: float, lon: float) -> None:
    assert warnings(space(city, country, lat, lon)) == []


def test_a_swapped_point_is_told_how_to_write_it() -> None:
    assert warnings(space("Gent", "BE", 3.7174, 51.0543)) == [
        (9, "'geo': the point (lat 3.7174, lon 51.0543) is not in Belgium, but it is with lat and lon swapped; "
            "write lat: 51.0543 and lon: 3.7174")]


def test_a_point_in_another_country_names_that_country() -> None:
    assert warnings(space("Liège", "FR", 50.6326, 5.5797)) == [
        (9, "'geo': the point (lat 50.6326, lon 5.5797) is in Belgium, not in France ('address.country: FR'); "
            "check 'geo' and 'address.country'")]


def test_a_point_at_sea_says_how_far_it_is_from_the_country() -> None:
    [(line, message)] = warnings(space("Oostende", "BE", 52.5, 2.0))
    assert line == 9 and "km outside Belgium, not in Belgium" in message


def test_a_city_far_from_its_point_names_the_nearest_known_place() -> None:
    assert warnings(space("Gent", "BE", 50.6326, 5.5797)) == [
        (7, "'address.city': 'Gent' is 139 km from the point in 'geo'; the nearest known place is Liège (1 km); "
            "check the city and 'geo'")]


def test_a_city_is_found_by_any_of_its_names() -> None:
    assert places.places_named("BE", "luik")[0].name == "Liège"
    assert places.places_named("BE", "namen")[0].name == "Namur"


def test_the_time_zone_of_a_place() -> None:
    assert places.timezone("PT", Geo(38.72, -9.14)) == "Europe/Lisbon"
    assert places.timezone("ES", Geo(28.1, -15.43)) == "Atlantic/Canary"
    assert places.timezone("BE", None) == "Europe/Brussels"
    assert places.timezone("JP", None) == "Asia/Tokyo"


def test_the_nearest_place_is_the_one_a_full_scan_finds() -> None:
    """The search by latitude band (places.nearest_place) gives the place a scan of the whole country gives."""
    rng = random.Random(3)
    for country in ("FR", "BE", "ES", "PT", "NO"):
        for _ in range(200):
            geo = Geo(rng.uniform(35, 70), rng.uniform(-25, 30))
            near = places.nearest_place(geo, country)
            scan = min(places._places(country)[0], key=lambda place: places._km(geo, place.lat, place.lon))
            assert near is not None and places._km(geo, near.lat, near.lon) == places._km(geo, scan.lat, scan.lon)


def test_a_later_run_takes_each_point_checked_before_from_the_build_cache(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The verdicts are kept between runs: a point seen before is not looked up in the outlines again."""
    seen, new = space("Liège", "FR", 50.6326, 5.5797), space("Gent", "BE", 51.0543, 3.7174)
    places.VERDICTS.clear()
    before = warnings(seen)
    places.VERDICTS.save(tmp_path / "places.pickle")
    places.VERDICTS.clear()
    places.VERDICTS.load(tmp_path / "places.pickle")
    monkeypatch.setattr(places, "country_rings", lambda code: pytest.fail(f"outlines of {code} read again"))
    assert warnings(seen) == before
    with pytest.raises(pytest.fail.Exception):
        warnings(new)
