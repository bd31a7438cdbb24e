"""The officer's form on a phone (headless Chromium, 375 pixels wide): styled as
the reading site, its 标题 field as wide as the page's text."""

import pytest
from selenium.webdriver.common.by import By

from tests.reading.test_sign_in import SIGN_IN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_title_field_fills_the_width_of_a_phone(browser, live_server, officer):
    browser.set_window_size(375, 800)
    browser.get(live_server.url + SIGN_IN + "?next=/submissions/new/")
    browser.find_element(By.ID, "id_username").send_keys(officer.username)
    browser.find_element(By.ID, "id_password").send_keys(f"pw-{officer.username}-2026")
    browser.find_element(By.CSS_SELECTOR, "#sign-in [type=submit]").click()
    title = browser.find_element(By.ID, "id_title")
    body = browser.find_element(By.ID, "id_body")
    page_width = browser.execute_script("return document.documentElement.clientWidth")
    assert title.size["width"] >= 0.8 * page_width
    assert body.size["width"] == title.size["width"]
    scrolls_sideways = "return document.documentElement.scrollWidth > window.innerWidth"
    assert not browser.execute_script(scrolls_sideways)
