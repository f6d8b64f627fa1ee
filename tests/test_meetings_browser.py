"""Meetings in Chromium with a mocked clock: past dates hidden (and shown again on request), the next ones first;
without JavaScript every date is listed; the join links carry the theme."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from sitetools import build
from support.browser import block_external_requests
from support.server import serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LAB = "fr/labs/reseau-bruxelles/"
# 1 April 2027, noon in Brussels: the meetings of January and February are over, March's was cancelled.
APRIL = dt.datetime(2027, 4, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("meetings") / "out"
    build("bilingual", out, "https://example.org/")
    with serve_directory(out, "/") as url:
        yield url


def visit(browser: Browser, url: str, now: dt.datetime | None, javascript: bool = True) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    block_external_requests(context)
    page = context.new_page()
    if now is not None:
        page.clock.set_fixed_time(now)
    page.goto(url)
    return page


def shown_dates(page: Page) -> list[str]:
    return page.locator(".lab-meetings li.meeting:visible time").evaluate_all(
        "nodes => nodes.map(node => node.getAttribute('datetime'))")


def test_past_meetings_are_hidden_and_the_next_one_comes_first(browser: Browser, site: str) -> None:
    page = visit(browser, site + LAB, APRIL)
    assert shown_dates(page) == ["2027-04-08T18:30+02:00", "2027-05-13T18:30+02:00", "2027-05-22T10:00+02:00",
                                 "2027-06-10T18:30+02:00"]
    page.get_by_role("button", name="Afficher les rencontres passées (3)").click()
    assert len(shown_dates(page)) == 7
    assert shown_dates(page)[0] == "2027-01-14T18:30+01:00"
    page.context.close()


def test_a_meeting_still_going_on_is_shown(browser: Browser, site: str) -> None:
    during = dt.datetime(2027, 5, 22, 12, 0, tzinfo=dt.UTC)  # the working day runs 10:00 to 16:00
    page = visit(browser, site + LAB, during)
    assert shown_dates(page)[0] == "2027-05-22T10:00+02:00"
    page.context.close()


def test_after_the_last_meeting_the_page_says_none_is_planned(browser: Browser, site: str) -> None:
    page = visit(browser, site + LAB, dt.datetime(2027, 7, 1, tzinfo=dt.UTC))
    assert shown_dates(page) == []
    assert page.get_by_text("Aucune prochaine rencontre n’est prévue.").first.is_visible()
    page.context.close()


def test_without_javascript_every_date_is_listed(browser: Browser, site: str) -> None:
    page = visit(browser, site + LAB, None, javascript=False)
    assert len(shown_dates(page)) == 7
    assert not page.get_by_text("Aucune prochaine rencontre n’est prévue.").first.is_visible()
    page.context.close()


def test_the_agenda_hides_the_months_that_are_over(browser: Browser, site: str) -> None:
    page = visit(browser, site + "nl/agenda/", APRIL)
    months = page.locator(".agenda-month:visible h2").all_inner_texts()
    assert [month.lower() for month in months] == ["april 2027", "mei 2027", "juni 2027"]
    page.context.close()


def test_the_theme_page_shows_only_the_next_meetings_with_a_button_for_the_rest(browser: Browser, site: str) -> None:
    page = visit(browser, site + "nl/themas/networking/", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert page.locator("li.meeting:visible").count() == 5
    page.get_by_role("button", name="Alle volgende bijeenkomsten tonen (7)").click()
    assert page.locator("li.meeting:visible").count() == 7
    page.context.close()


def test_the_join_link_carries_the_theme_of_its_page(browser: Browser, site: str) -> None:
    page = visit(browser, site + "fr/themes/reseau/", APRIL)
    link = page.get_by_role("link", name="Participer via le formulaire")
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    assert query["template"] == ["join-a-smartlab.yml"]
    assert query["theme"][0].endswith(" (networking)")
    mail = page.locator(".join a[href^='mailto:']").get_attribute("href") or ""
    assert "networking" not in mail and "subject=Participer%20%C3%A0%20un%20SmartLab" in mail
    page.context.close()
