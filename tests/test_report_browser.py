"""The report in a real browser: headless Chromium through Selenium and Debian's chromium-driver
(`.ci/run` installs them, with a CJK font for the screenshots). Sorting, filtering, the width of a
1,400 px window, nothing fetched. Skipped, with the reason, where they are not installed."""
from __future__ import annotations

import json
import os
import shutil
import struct

import pytest

from conftest import FIXTURES
from report_html import assert_matrix
from pipeline.delivery.report import render_html
from pipeline.delivery.report_pages import COLUMNS, PER_LANGUAGE

webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)")
WIDTH = 1400
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EN = len(COLUMNS)  # the first cell of en's figures; zh's follow
ZH = EN + len(PER_LANGUAGE)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)  # no Selenium Manager
    driver.set_window_size(WIDTH, 1000)
    yield driver
    driver.quit()


@pytest.fixture
def sample_page(browser, tmp_path):
    data = json.loads((FIXTURES / "report.json").read_text(encoding="utf-8"))
    page = tmp_path / "index.html"
    page.write_text(render_html(data), encoding="utf-8")
    browser.get(page.as_uri())
    return browser


def shown_rows(browser) -> list[list[str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#page-table tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows if row.is_displayed()]


def test_the_page_loads_nothing_and_shows_the_matrix(sample_page):
    assert_matrix(sample_page.page_source)
    assert sample_page.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert sample_page.get_log("browser") == []  # no script error


def test_a_click_on_a_header_sorts_by_that_column(sample_page):
    assert [row[0] for row in shown_rows(sample_page)] == ["a&b/<i>.md", "login/troubleshoot_second.md", "login/unlock.md"]
    words = sample_page.find_element(By.CSS_SELECTOR, 'th[data-col="2"]')
    words.click()
    assert [row[2] for row in shown_rows(sample_page)] == ["12", "310", "1956"]
    assert words.get_attribute("aria-sort") == "ascending"
    words.click()
    assert [row[2] for row in shown_rows(sample_page)] == ["1956", "310", "12"]
    sample_page.find_element(By.CSS_SELECTOR, f'th[data-col="{ZH}"]').click()  # zh %: a page without zh goes last
    assert [row[ZH] for row in shown_rows(sample_page)] == ["4.1 %", "50.0 %", "–"]
    assert words.get_attribute("aria-sort") is None
    sample_page.find_element(By.CSS_SELECTOR, 'th[data-col="1"]').click()  # titles, as text
    assert [row[1] for row in shown_rows(sample_page)][0] == "<script>alert(3)</script>"


def test_typing_in_the_filter_keeps_the_rows_that_match(sample_page):
    box = sample_page.find_element(By.ID, "page-filter")
    box.send_keys("LOGIN")
    assert [row[0] for row in shown_rows(sample_page)] == ["login/troubleshoot_second.md", "login/unlock.md"]
    box.clear()
    box.send_keys("ロックされた")  # a title
    assert [row[0] for row in shown_rows(sample_page)] == ["login/unlock.md"]
    assert sample_page.find_element(By.ID, "page-count").text == "1 of 3 pages"


def test_a_region_shows_its_own_figures_and_a_language_only_its_columns(sample_page):
    Select(sample_page.find_element(By.ID, "page-region")).select_by_visible_text("CN")
    rows = shown_rows(sample_page)
    assert [row[0] for row in rows] == ["login/troubleshoot_second.md", "login/unlock.md"]
    assert [row[2] for row in rows] == ["1900", "300"]  # CN's source words
    assert [row[EN] for row in rows] == ["–", "–"]  # en is not published in CN
    assert [row[ZH:ZH + 4] for row in rows] == [["4.1 %", "0", "37", "0"], ["66.7 %", "0", "7", "0"]]
    held = sample_page.find_elements(By.CSS_SELECTOR, "#page-table tbody tr")[1].find_elements(By.TAG_NAME, "td")[ZH]
    assert "held" in held.get_attribute("class") and held.get_attribute("title").startswith("CN: 2 of 39")
    Select(sample_page.find_element(By.ID, "page-region")).select_by_visible_text("US")
    assert [row[EN] for row in shown_rows(sample_page)] == ["40.0 %", "100.0 %"]
    Select(sample_page.find_element(By.ID, "page-lang")).select_by_visible_text("zh")
    assert shown_rows(sample_page) == []  # US publishes no zh
    assert sample_page.find_element(By.ID, "page-count").text == "0 of 3 pages"
    Select(sample_page.find_element(By.ID, "page-region")).select_by_visible_text("All regions")
    rows = shown_rows(sample_page)
    assert [row[0] for row in rows] == ["login/troubleshoot_second.md", "login/unlock.md"]
    assert [row[ZH] for row in rows] == ["4.1 %", "50.0 %"]  # the least translated region's, again
    en_header = sample_page.find_element(By.CSS_SELECTOR, f'th[data-col="{EN}"]')
    assert not en_header.is_displayed() and rows[0][EN] == ""  # en's columns are hidden


def test_no_horizontal_overflow_at_1400_pixels(sample_page):
    sample_page.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
    assert sample_page.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    Select(sample_page.find_element(By.ID, "page-lang")).select_by_visible_text("en")
    assert sample_page.execute_script("return document.documentElement.scrollWidth") <= WIDTH


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_nightly_report_of_the_demo_site_fits_and_shows(browser, demo, l10n):
    l10n("bundle")
    browser.get((demo / "build/report/index.html").as_uri())
    browser.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    from pipeline import site as site_mod
    from pipeline.settings import config as config_mod
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    pages = sum(any(p.published_in(r) for r in site.config.regions) for p in site.pages)  # a row each
    assert len(shown_rows(browser)) == pages and browser.get_log("browser") == []
    shot = browser.get_screenshot_as_png()
    assert png_size(shot)[0] == WIDTH and len(shot) > 30_000  # colours and text, not a blank page
    keep = os.environ.get("L10N_REPORT_SCREENSHOT")  # e.g. /tmp/report.png, to look at it
    if keep:
        with open(keep, "wb") as out:
            out.write(shot)
