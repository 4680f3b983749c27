"""A real Chromium (Playwright) on the real server: click from a paper's trail to the sentence that
proves it, search, read a timeline, on a phone-width screen and with JavaScript switched off."""
from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import pytest

from pipeline.publish.screenshots import CHROMIUM, launch

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("datasette"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (make system-deps installs it)"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_trail_shows_rescission_and_leads_to_the_sentence(page, server_url, corpus_db):
    page.goto(f"{server_url}/-/trail/leverkusen/2021-1121")
    playwright_api.expect(page.locator("dd.status")).to_contain_text("aufgehoben durch 2024/3092 am 16.12.2024")
    rescission = page.locator("li.ereignis.rel-rescinds")
    playwright_api.expect(rescission).to_contain_text("aufgehoben durch")
    playwright_api.expect(rescission.get_by_role("link", name="2024/3092")).to_be_visible()

    link = rescission.locator("a.beleg").first
    start, end = map(int, re.search(r"start=(\d+)&end=(\d+)", link.get_attribute("href")).groups())
    with sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True) as conn:
        text = conn.execute("SELECT text FROM papers WHERE id = 'leverkusen:2024/3092'").fetchone()[0]
    link.click()
    page.wait_for_url(re.compile(r"/-/source/leverkusen/2024-3092\?.*#fact$"))
    mark = page.locator("mark#fact")
    playwright_api.expect(mark).to_have_text(text[start:end])
    assert "2021/1121" in mark.inner_text()
    playwright_api.expect(mark).to_be_in_viewport()
    playwright_api.expect(page.locator("p.zitat")).to_contain_text("Seite 1")


def test_full_text_search_finds_the_rescinding_paper(page, server_url):
    page.goto(f"{server_url}/ratsspur/papers?_search={quote('Casemanagement')}")
    reference = page.locator("table.rows-and-columns td.col-reference").get_by_role(
        "link", name="2024/3092", exact=True)
    playwright_api.expect(reference).to_be_visible()
    reference.click()  # the paper's number leads to its trail
    page.wait_for_url(re.compile(r"/-/trail/leverkusen/2024-3092$"))
    playwright_api.expect(page.locator("#verlauf")).to_contain_text("hebt auf")


def test_timeline_from_the_index_form(page, server_url):
    page.goto(f"{server_url}/-/timeline")
    page.select_option("select[name=body]", "leverkusen")
    page.fill("input[name=programme]", "KIM")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"/-/timeline/leverkusen\?programme=KIM$"))
    playwright_api.expect(page.locator("svg.chart")).to_be_visible()
    table = page.locator("table.zeitstrahl")
    for reference in ("2021/1121", "2022/1410", "2024/3092"):
        playwright_api.expect(table).to_contain_text(reference)
    playwright_api.expect(table).to_contain_text("aufgehoben durch")


@pytest.mark.parametrize("path", ["/-/trail/leverkusen/2021-1121", "/-/trail/leverkusen/2024-3092",
                                  "/-/timeline/leverkusen?programme=KIM", "/-/timeline", "/-/trail",
                                  "/-/source/leverkusen/2024-3092?start=10&end=40",
                                  "/ratsspur/papers?_search=Casemanagement", "/"])
def test_phone_width_has_no_horizontal_overflow(browser, server_url, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, device_scale_factor=1)
    page = context.new_page()
    page.goto(server_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than a phone"


def test_trail_works_without_javascript(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server_url}/-/trail/leverkusen/2021-1121")
    playwright_api.expect(page.locator("li.ereignis.rel-rescinds")).to_contain_text("aufgehoben durch 2024/3092")
    playwright_api.expect(page.locator("#beschluss li").first).to_be_visible()
    playwright_api.expect(page.locator("#betraege")).to_contain_text("€")
    page.locator("li.ereignis.rel-rescinds a.beleg").first.click()
    playwright_api.expect(page.locator("mark#fact")).to_contain_text("2021/1121")
    context.close()
