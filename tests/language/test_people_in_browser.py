"""Each demo account (``setup_demo``) signs in on the reading site's sign-in page in
a real browser (headless Chromium) and sees its Chinese name — and no login name
— on the pages it lands on and opens, and in the e-mails it is sent."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from editorial.content.models import Issue
from editorial.management.commands.setup_demo import DEMO_ACCOUNTS
from editorial.submissions.demo import OFFICER
from editorial.workflow import transitions as workflow
from tests.factories import make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}
PASSWORDS[OFFICER[0]] = OFFICER[1]
# What each opens after landing: the office for the editors, 信息报送 for the officer.
PAGES = {
    "editor": ["/admin/", "/admin/editorial/issue/", "/admin/editorial/submission/?status=all"],
    "chief": ["/admin/", "/admin/editorial/issue/"],
    "reader": ["/bulletin/issues/"],
    "officer": ["/submissions/"],
}


def login_names_in(text: str) -> list[str]:
    text = re.sub(r"\S*[@/\\]\S*", " ", text)  # addresses and paths are data
    return [name for name in PASSWORDS if re.search(rf"(?<![A-Za-z-]){name}(?![A-Za-z-])", text)]


@pytest.fixture
def demo(settings, mailoutbox, roles):
    settings.SITE_URL = "http://testserver"
    call_command("setup_demo", stdout=StringIO(), verbosity=0)
    people = {
        user.username: user for user in get_user_model().objects.filter(username__in=PASSWORDS)
    }
    # A step each way, so that the editor and the chief editor are e-mailed.
    issue = make_issue(status=Issue.Status.DRAFT, year=2026, number=9)
    workflow.submit(issue, people["editor"])
    workflow.return_to_draft(issue, people["chief"], comment="请核对数字。")
    return people


def sign_in(browser, live_server, username):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/sign-in/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORDS[username])
    browser.find_element(By.CSS_SELECTOR, "#sign-in [type=submit]").click()
    try:
        WebDriverWait(browser, 10).until(lambda shown: "/sign-in/" not in shown.current_url)
    except TimeoutException:
        # Still on the sign-in page: say what it says.
        raise AssertionError(browser.find_element(By.TAG_NAME, "body").text) from None


@pytest.mark.parametrize("username", ["editor", "chief", "reader", "officer"])
def test_each_demo_account_sees_its_chinese_name_and_no_login_name(
    browser, live_server, demo, mailoutbox, username
):
    person = demo[username]
    name = f"{person.last_name}{person.first_name}"
    sign_in(browser, live_server, username)
    seen = [browser.find_element(By.TAG_NAME, "body").text]
    for path in PAGES[username]:
        browser.get(live_server.url + path)
        seen.append(browser.find_element(By.TAG_NAME, "body").text)

    assert name in seen[0], f"{name} not on the page {username} lands on"
    assert all(not login_names_in(text) for text in seen), [login_names_in(t) for t in seen]
    mails = [message for message in mailoutbox if person.email in message.to]
    assert mails or username == "reader", f"{username} is sent e-mails"  # readers get issues only
    for message in mails:
        assert not login_names_in(message.subject + message.body)
    greeted = [message for message in mails if "您好" in message.body]
    assert all(f"{name}，您好" in message.body for message in greeted)
