"""What the pages show of meetings, joining and the journal, in the built bilingual fixture."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from sitegen.kinds import KINDS
from sitegen.search import expected_counts
from support import REPO_ROOT
from support.prepared import prepared

FORMS = REPO_ROOT / ".github/ISSUE_TEMPLATE"
ATOM = "{http://www.w3.org/2005/Atom}"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def links(html: str, pattern: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*' + pattern + r'[^"]*)"', html)]


def form_ids(name: str) -> set[str]:
    form = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    return {item["id"] for item in form["body"] if "id" in item}


def test_a_lab_page_lists_every_date_in_order_in_words_of_its_language(bilingual_site: Path) -> None:
    nl, fr = page(bilingual_site, "nl/labs/netwerk-brussel"), page(bilingual_site, "fr/labs/reseau-bruxelles")
    assert re.findall(r'data-end="([^"]+)"', nl) == [
        "2027-01-14T19:30:00Z", "2027-02-11T19:30:00Z", "2027-03-11T19:30:00Z", "2027-04-08T18:30:00Z",
        "2027-05-13T18:30:00Z", "2027-05-22T14:00:00Z", "2027-06-10T18:30:00Z"]
    assert '<time datetime="2027-04-08T18:30+02:00">donderdag 8 april 2027</time>' in nl
    assert '<time datetime="2027-04-08T18:30+02:00">jeudi 8 avril 2027</time>' in fr
    assert re.search(r'class="meeting meeting-cancelled" data-end="2027-03-11T19:30:00Z">.*?Afgelast', nl, re.S)
    assert "Camille Dubois" in nl and 'src="/assets/meetings.js' in nl


def test_the_theme_and_space_pages_show_the_meetings_of_their_labs(bilingual_site: Path) -> None:
    theme = page(bilingual_site, "nl/themas/networking")
    space = page(bilingual_site, "nl/ruimten/huis-van-de-makers")
    other = page(bilingual_site, "nl/ruimten/atelier-kanaal")
    def count(html: str) -> int:
        return len(re.findall(r'<li class="meeting[ "]', html))
    assert count(theme) == 7
    assert count(space) == 6 and "Maandelijkse ontmoeting" in space
    assert count(other) == 1 and "Werkdag" in other
    assert count(page(bilingual_site, "nl/ruimten/le-quai")) == 0


def test_the_agenda_lists_all_labs_meetings_by_month(bilingual_site: Path) -> None:
    html = page(bilingual_site, "fr/agenda")
    assert re.findall(r'<h2 id="month-\d+">([^<]+)</h2>', html) == [
        "janvier 2027", "février 2027", "mars 2027", "avril 2027", "mai 2027", "juin 2027"]
    assert "Faire connaissance en ligne" in html and "Rencontre mensuelle" in html


def test_the_join_form_link_carries_the_theme_in_fields_the_form_has(bilingual_site: Path) -> None:
    html = page(bilingual_site, "nl/themas/networking")
    form = links(html, "template=join-a-smartlab.yml")
    assert len(form) == 1
    query = parse_qs(urlsplit(form[0]).query)
    assert query["theme"] == ["Samen (net)werken (networking)"]
    assert set(query) - {"template", "title"} <= form_ids("join-a-smartlab.yml")
    mail = links(html, "mailto:info@example.org?")
    assert mail and "subject=Meedoen aan een SmartLab: Samen (net)werken" in unquote(mail[0])


def test_the_smartlabs_page_offers_each_theme_its_join_link(bilingual_site: Path) -> None:
    html = page(bilingual_site, "fr/themes")
    forms = [parse_qs(urlsplit(href).query) for href in links(html, "template=join-a-smartlab.yml")]
    themes = [form["theme"][0] for form in forms if "theme" in form]
    assert len(themes) == 5 and any(theme.endswith(" (networking)") for theme in themes), themes
    assert len(forms) == 6, "and one without a theme, in the join box"
    assert "Lancer un SmartLab autour de «\u00a0Entraide entre pairs\u00a0»" in html, "a theme without a lab"


def test_a_theme_without_a_lab_in_the_pages_language_invites_to_start_one(bilingual_site: Path) -> None:
    nl, fr = page(bilingual_site, "nl/themas/networking"), page(bilingual_site, "fr/themes/reseau")
    assert "Er is nog geen SmartLab rond dit thema dat in het Nederlands werkt." in nl
    assert "Start een SmartLab rond dit thema" in nl
    assert "ne travaille encore en" not in fr


def test_a_forming_lab_looks_for_members(bilingual_site: Path) -> None:
    assert "Zoekt leden" in page(bilingual_site, "nl/labs/plekken-delen")
    assert "Zoekt leden" in page(bilingual_site, "nl/themas/third-places")
    assert "Zoekt leden" not in page(bilingual_site, "nl/labs/netwerk-brussel")


def test_an_open_lab_links_the_budget_form_with_its_name(bilingual_site: Path) -> None:
    budget = links(page(bilingual_site, "fr/labs/reseau-bruxelles"), "template=request-a-budget.yml")
    query = parse_qs(urlsplit(budget[0]).query)
    assert query["lab"] == ["Réseau Bruxelles (reseau-bruxelles)"]
    assert set(query) - {"template", "title"} <= form_ids("request-a-budget.yml")
    assert not links(page(bilingual_site, "fr/labs/egalite-en-scene"), "template=request-a-budget.yml"), "closed"


def test_a_labs_journal_is_listed_newest_first_with_its_feed(bilingual_site: Path) -> None:
    html = page(bilingual_site, "fr/labs/reseau-bruxelles")
    assert re.findall(r'<time class="nested-date" datetime="(\d{4}-\d\d-\d\d)">', html) == ["2027-02-11", "2027-01-14"]
    feed = "/fr/labs/reseau-bruxelles/journal/feed.xml"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
    root = ET.parse(bilingual_site / feed.lstrip("/")).getroot()
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Un budget pour une salle plus grande",
                                                             "Première rencontre"]
    assert root.findtext(f"{ATOM}updated") == "2027-02-11T00:00:00Z"
    assert "Accordé : 300 euros" in (entries[0].findtext(f"{ATOM}content") or "")


def test_a_journal_entry_has_its_page_below_its_lab_with_its_date_and_trail(bilingual_site: Path) -> None:
    html = page(bilingual_site, "nl/labs/netwerk-brussel/journaal/2027-01-14-eerste-ontmoeting")
    assert "Eerste ontmoeting" in html and '<time datetime="2027-01-14">14 januari 2027</time>' in html
    assert re.findall(r'<li><a href="([^"]+)">', html.split('class="breadcrumbs"')[1].split("</nav>")[0]) == [
        "/nl/", "/nl/themas/", "/nl/themas/networking/", "/nl/labs/netwerk-brussel/"]
    assert "data-pagefind-body" in html and "Soort pagina:Journaal" in html


def test_journal_entries_are_counted_in_the_search_index() -> None:
    ready, _ = prepared()
    journal = sum(1 for p in ready.pages if p.page_type == "journal")
    assert journal == 4
    counts = expected_counts(ready.pages, KINDS)
    without = expected_counts(tuple(p for p in ready.pages if p.page_type != "journal"), KINDS)
    assert sum(counts.values()) - sum(without.values()) == journal
