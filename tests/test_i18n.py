"""UI strings: every key in every language; locale data from Babel."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sitegen.build import TEMPLATES, build_site
from sitegen.diagnostics import BuildFailed, Diagnostics
from sitegen.i18n import Strings, load_strings, slugify
from sitetools import FIXTURES


def test_a_key_missing_in_one_language_fails_the_build_and_names_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    fr = templates / "i18n" / "fr.yaml"
    fr.write_text("\n".join(line for line in fr.read_text().splitlines() if not line.startswith("fact_phone:")) + "\n")
    with pytest.raises(BuildFailed) as failed:
        build_site(FIXTURES / "minimal", tmp_path / "out", templates=templates)
    messages = [d.human() for d in failed.value.diagnostics]
    assert any("fr.yaml" in m and "missing string 'fact_phone' (it is in nl.yaml)" in m for m in messages), messages
    assert not (tmp_path / "out").exists()


def test_both_languages_have_the_same_keys() -> None:
    diags = Diagnostics()
    strings = load_strings(TEMPLATES / "i18n", ("nl", "fr"), diags)
    assert not diags.items
    assert strings["nl"].table.keys() == strings["fr"].table.keys()


def test_a_new_language_needs_only_a_strings_file(tmp_path: Path) -> None:
    diags = Diagnostics()
    load_strings(TEMPLATES / "i18n", ("nl", "fr", "de"), diags)
    assert [d.message for d in diags.errors] == [
        "no strings file for language 'de': copy another language's file and translate it"]


def test_plurals_dates_countries_and_lists_come_from_locale_data() -> None:
    diags = Diagnostics()
    strings = load_strings(TEMPLATES / "i18n", ("nl", "fr"), diags)
    nl, fr = strings["nl"], strings["fr"]
    assert nl("count_spaces", count=1) == "1 ruimte" and nl("count_spaces", count=2) == "2 ruimten"
    assert fr("count_spaces", count=0) == "0 espace"  # French counts zero as singular
    assert fr("count_spaces", count=1200) == "1\u202f200 espaces"
    assert nl.date(dt.date(2026, 5, 1)) == "1 mei 2026" and fr.date(dt.date(2026, 5, 1)) == "1 mai 2026"
    assert nl.country("DE") == "Duitsland" and fr.country("DE") == "Allemagne"
    assert nl.join(["Nederlands", "Frans", "Engels"]) == "Nederlands, Frans en Engels"
    assert fr.language_name("nl") == "néerlandais" and nl.language_name("fr") == "Frans"


def test_markup_in_strings_is_escaped_but_links_stay_links() -> None:
    t = Strings("nl", {"hello": "<b>{who}</b> schrijft naar {email}"})
    from markupsafe import Markup
    html = t.html("hello", who="<script>", email=Markup('<a href="mailto:a@b.be">a@b.be</a>'))
    assert html == '&lt;b&gt;&lt;script&gt;&lt;/b&gt; schrijft naar <a href="mailto:a@b.be">a@b.be</a>'


@pytest.mark.parametrize("name, slug", [("Liège", "liege"), ("Sint-Jans-Molenbeek", "sint-jans-molenbeek"),
                                        ("België", "belgie"), ("Genève", "geneve"), ("Côte d’Ivoire", "cote-d-ivoire")])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
