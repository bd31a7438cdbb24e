"""信息报送 end to end in a real browser (headless Chromium) against the live server:
the officer submits with a photo; an editor adopts it into a draft issue; the
chief editor signs and publishes; an anonymous reader sees the article with the
unit as its source; the 通报 shows the unit's score and rank; the officer sees
已采用 with the issue."""

from datetime import date

import pytest
from django.utils import timezone
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from editorial.content.models import Issue
from editorial.submissions.models import ScoringRule, Submission
from tests.factories import make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15


def wait(browser):
    return WebDriverWait(browser, WAIT)


def sign_in(browser, live_server, user, then: str, landmark: str):
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/?next={then}")
    browser.find_element(By.ID, "id_username").send_keys(user.username)
    browser.find_element(By.ID, "id_password").send_keys(f"pw-{user.username}-2026")
    browser.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, landmark)))


def take_step(browser, step, confirm=False):
    old_panel = browser.find_element(By.ID, "workflow-panel")
    browser.find_element(By.ID, f"workflow-{step}").click()
    if confirm:
        wait(browser).until(EC.alert_is_present()).accept()
    wait(browser).until(EC.staleness_of(old_panel))
    wait(browser).until(EC.presence_of_element_located((By.ID, "workflow-panel")))


def test_an_officers_item_goes_from_submission_to_the_reader_and_the_circular(
    browser, live_server, officer, editor, chief, tmp_path, artifacts_dir
):
    year = timezone.localdate().year
    issue = make_issue(status=Issue.Status.DRAFT, year=year, number=7, sections=("工作动态",))
    ScoringRule.objects.create(kind="article", points=10, starts_on=date(2000, 1, 1))
    picture = tmp_path / "现场.jpg"
    Image.new("RGB", (32, 24), "red").save(picture, "JPEG")

    # The officer submits an item with a photo.
    sign_in(browser, live_server, officer, "/submissions/new/", "submission-form")
    browser.find_element(By.ID, "id_title").send_keys("常熟市职工技能竞赛决赛举行")
    browser.find_element(By.ID, "id_body").send_keys("11月20日，常熟市职工技能竞赛决赛举行。")
    browser.find_element(By.ID, "id_authors").send_keys("张三")
    browser.find_element(By.ID, "id_contact_phone").send_keys("0512-52000000")
    browser.find_element(By.ID, "id_attachments").send_keys(str(picture))
    browser.find_element(By.CSS_SELECTOR, "#submission-form [type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "attachments")))
    assert "现场.jpg" in browser.find_element(By.ID, "attachments").text
    submission = Submission.objects.get()

    # An editor adopts it into the draft issue from the inbox.
    sign_in(browser, live_server, editor, "/admin/editorial/submission/", "changelist")
    browser.find_element(
        By.CSS_SELECTOR, f"input[name=_selected_action][value='{submission.pk}']"
    ).click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("adopt_action")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "decision-form")))
    Select(browser.find_element(By.ID, "id_section")).select_by_value(str(issue.sections.get().pk))
    browser.find_element(By.ID, "decision-submit").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "article_form")))

    # The editor submits the issue; the chief editor signs it off and publishes it.
    browser.get(f"{live_server.url}/admin/editorial/issue/{issue.pk}/change/")
    wait(browser).until(EC.presence_of_element_located((By.ID, "workflow-panel")))
    take_step(browser, "submit")
    sign_in(
        browser, live_server, chief, f"/admin/editorial/issue/{issue.pk}/change/", "workflow-panel"
    )
    take_step(browser, "approve")
    take_step(browser, "publish", confirm=True)

    # An anonymous reader sees the article with the unit as its source.
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/issues/{year}/7/")
    main = wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
    assert "常熟市职工技能竞赛决赛举行" in main.text
    browser.find_element(By.LINK_TEXT, "常熟市职工技能竞赛决赛举行").click()
    wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "article")))
    assert "常熟市总工会" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(artifacts_dir / "submissions-published.png"))

    # The 通报 shows the unit's score and rank.
    sign_in(
        browser, live_server, editor, "/admin/editorial/submission/statistics/", "circular-units"
    )
    row = browser.find_element(By.CSS_SELECTOR, "#circular-units tr[data-unit='常熟市总工会']")
    assert row.find_element(By.CLASS_NAME, "rank").text == "1"
    assert row.find_element(By.CLASS_NAME, "score").text == "10.0"

    # The officer sees 已采用 with the issue.
    sign_in(browser, live_server, officer, "/submissions/", "submissions")
    status = browser.find_element(By.CSS_SELECTOR, "#submissions .status").text
    assert "已采用" in status and str(issue) in status
