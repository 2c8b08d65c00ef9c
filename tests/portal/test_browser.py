"""Headless Chromium against a real uvicorn server: search for 推进器 and open the record."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from crawlers.spiders.cnipa_browser import CHROMIUM_FLAGS
from portal.app import create_app
from tests.portal.fakes import XSS_TITLE, FakeBackend, sample_docs

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = Path("/tmp/portal.png")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian chromium + chromium-driver (make system-deps)",
    ),
]


@pytest.fixture
def server_url() -> Iterator[str]:
    """A real uvicorn server in a thread, bound to a free port on 127.0.0.1."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    backend = FakeBackend(sample_docs())
    config = uvicorn.Config(create_app(lambda: backend), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert backend.closed


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # the same headless Debian chromium flags as the crawlers' browser
    profile = f"--user-data-dir={tmp_path / 'chromium-profile'}"
    for flag in (*CHROMIUM_FLAGS, "--window-size=1280,900", profile):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def test_search_and_open_record(server_url: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    wait = WebDriverWait(browser, 10)
    browser.get(server_url + "/")
    assert "靖江沿江产业专利数据库" in browser.title
    box = browser.find_element(By.NAME, "q")
    box.send_keys("推进器")
    box.submit()
    wait.until(ec.text_to_be_present_in_element((By.ID, "total"), "1"))
    hits = browser.find_elements(By.CSS_SELECTOR, "ol.hits li.hit")
    assert len(hits) == 1
    assert "一种船舶推进器用导流罩" in hits[0].text
    assert "★ 海洋工程装备和高端船舶" in hits[0].text
    # the page must be styled: the stylesheet loaded under the CSP
    header_bg = browser.find_element(By.CSS_SELECTOR, "header.top").value_of_css_property("background-color")
    assert header_bg == "rgba(13, 59, 102, 1)"
    browser.save_screenshot(str(SCREENSHOT))

    hits[0].find_element(By.CSS_SELECTOR, "a.title").click()
    wait.until(ec.url_contains("/patent/CN218751475U"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "一种船舶推进器用导流罩" in heading
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "来源" in page and "epo-ops" in page and "法律事件" in page
    browser.set_window_size(1280, 2200)
    browser.save_screenshot(str(SCREENSHOT.with_name("portal-record.png")))

    browser.get(server_url + "/?industry=MOTOR&industry=AUTO")
    badges = browser.find_elements(By.CSS_SELECTOR, "li.hit .badge.synthetic")
    assert len(badges) == 2  # both matches are synthetic, and each says so
    # the hostile title shows as text; had it run, the alert would break the next WebDriver command
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "li.hit a.title")]
    assert titles == ["汽车制动盘及其铸造方法", XSS_TITLE]
    browser.save_screenshot(str(SCREENSHOT.with_name("portal-filtered.png")))
