"""Sign-off in a real browser (headless Chromium) against the live server: the chief
editor signs off and publishes an issue, edits it, and signs the changes off; a
reader sees the signed text all along, and the new text only after the second
sign-off."""

import pytest
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import make_user
from tests.signing import first_article, in_review, visible_text
from tests.workflow import test_browser as flow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


OLD = "五月一日，市总工会召开劳模座谈会。"
NEW = "五月一日上午，市总工会在职工服务中心召开劳模座谈会。"


@pytest.fixture
def chief(roles):
    return make_user("chief", staff=True, groups=["签发人"], first_name="建国", last_name="王")


def messages(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".messagelist").text


def reader_sees(issue) -> str:
    """The issue page as an anonymous reader gets it (through the page cache)."""
    return visible_text(Client().get(issue.get_absolute_url()))


def test_a_reader_sees_the_signed_text_until_the_changes_are_signed_off(
    browser, live_server, chief, artifacts_dir
):
    issue = in_review(year=2026, number=5)
    article = first_article(issue)
    article.body = OLD
    article.save()

    # The chief editor signs the issue off and publishes it.
    flow.sign_in(browser, live_server, chief)
    flow.open_issue(browser, live_server, issue)
    flow.take_step(browser, "approve")
    assert flow.status_shown(browser) == "approved"
    assert "已存为签发版本 1" in messages(browser)
    flow.take_step(browser, "publish", confirm=True)
    assert flow.status_shown(browser) == "published"
    assert OLD in reader_sees(issue)
    assert "签发人：王建国" in reader_sees(issue)

    # ... then corrects the article in the working copy.
    browser.get(f"{live_server.url}/admin/editorial/article/{article.pk}/change/")
    body = WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "id_body")))
    body.clear()
    body.send_keys(NEW)
    flow.save_form(browser)
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "unsigned-changes")))

    # Readers still see the signed version.
    shown = reader_sees(issue)
    assert OLD in shown
    assert NEW not in shown
    browser.get(live_server.url + issue.get_absolute_url())
    assert OLD in browser.find_element(By.TAG_NAME, "main").text

    # The chief editor compares the working copy with the signed version ...
    flow.open_issue(browser, live_server, issue)
    browser.find_element(By.ID, "compare-versions").click()
    table = WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "versions-compare"))
    )
    assert "在职工服务中心" in table.text
    browser.save_screenshot(str(artifacts_dir / "signoff-compare.png"))

    # ... and signs the changes off: now readers see them.
    flow.open_issue(browser, live_server, issue)
    flow.take_step(browser, "resign")
    assert flow.status_shown(browser) == "published"
    assert "已存为签发版本 2" in messages(browser)
    shown = reader_sees(issue)
    assert NEW in shown
    assert OLD not in shown
    browser.get(live_server.url + issue.get_absolute_url())
    assert NEW in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(artifacts_dir / "signoff-resigned.png"))
