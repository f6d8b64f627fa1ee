"""The directory's geography: spaces grouped by country, then by city, with each city's names."""
from __future__ import annotations

from support.prepared import prepared


def test_spaces_are_grouped_by_country_code_then_city() -> None:
    ready, _ = prepared("bilingual")
    assert [country.code for country in ready.places] == ["BE", "CH", "DE", "FR"]
    belgium = ready.places[0]
    brussels = next(city for city in belgium.cities if city.name.get("nl") == "Brussel")
    assert brussels.name.get("fr") == "Bruxelles"
    assert {space.slug for space in brussels.spaces} == {"atelier-kanaal", "huis-van-de-makers"}
    assert sum(len(city.spaces) for country in ready.places for city in country.cities) == len(ready.site.spaces)


def test_a_country_lists_the_spaces_of_its_cities() -> None:
    ready, _ = prepared("bilingual")
    for country in ready.places:
        assert country.spaces == tuple(space for city in country.cities for space in city.spaces)
        assert all(space.address.country == country.code for space in country.spaces)
