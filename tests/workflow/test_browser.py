"""The whole editorial flow in a real browser (headless Chromium) against the live server:
an editor composes and submits, the chief editor returns it, the editor fixes and
resubmits, the chief editor signs off and publishes, and a reader sees it."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from editorial.content.models import Issue
from tests.factories import make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15


def wait(browser):
    return WebDriverWait(browser, WAIT)


def sign_in(browser, live_server, user):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/admin/login/?next=/admin/editorial/issue/")
    browser.find_element(By.ID, "id_username").send_keys(user.username)
    browser.find_element(By.ID, "id_password").send_keys(f"pw-{user.username}-2026")
    browser.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "changelist")))


def open_issue(browser, live_server, issue):
    browser.get(f"{live_server.url}/admin/editorial/issue/{issue.pk}/change/")
    wait(browser).until(EC.presence_of_element_located((By.ID, "workflow-panel")))


def status_shown(browser):
    return browser.find_element(By.ID, "issue-status").get_attribute("data-status")


def take_step(browser, step, comment="", confirm=False):
    if comment:
        box = browser.find_element(By.ID, "id_comment")
        box.clear()
        box.send_keys(comment)
    old_panel = browser.find_element(By.ID, "workflow-panel")
    browser.find_element(By.ID, f"workflow-{step}").click()
    if confirm:
        wait(browser).until(EC.alert_is_present()).accept()
    wait(browser).until(EC.staleness_of(old_panel))
    wait(browser).until(EC.presence_of_element_located((By.ID, "workflow-panel")))


def save_form(browser):
    old_body = browser.find_element(By.TAG_NAME, "body")
    browser.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    wait(browser).until(EC.staleness_of(old_body))


def test_an_issue_goes_from_the_editor_through_the_chief_editor_to_the_reader(
    browser, live_server, editor, chief, artifacts_dir
):
    from django.utils import timezone

    year = timezone.localdate().year
    make_issue(year=year, number=7, sections=("工作动态",), distribution=("全总办公厅", "省总工会"))

    # The editor starts the next issue from the previous one.
    sign_in(browser, live_server, editor)
    browser.find_element(By.ID, "new-from-previous").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "issue-contents")))
    issue = Issue.objects.get(year=year, number=8)
    assert status_shown(browser) == "draft"
    assert "【工作动态】还没有文章。" in browser.find_element(By.ID, "issue-problems").text

    # ... adds an article to its section, with a new source organization ...
    section = issue.sections.get()
    browser.find_element(By.ID, f"add-article-{section.pk}").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "id_title")))
    browser.find_element(By.ID, "id_title").send_keys("市总召开劳模座谈会")
    browser.find_element(By.ID, "id_body").send_keys("5月1日，市总工会召开劳模座谈会。")
    browser.find_element(By.ID, "id_sources_written").send_keys("市总工会宣传部")
    save_form(browser)
    wait(browser).until(EC.presence_of_element_located((By.ID, "issue-ready")))
    assert "市总召开劳模座谈会" in browser.find_element(By.ID, "issue-contents").text

    # ... previews the public page of the draft ...
    preview = browser.find_element(By.ID, "preview-link").get_attribute("href")
    assert preview.endswith(f"/bulletin/issues/{year}/8/")
    browser.get(preview)
    wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
    assert "市总召开劳模座谈会" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.CSS_SELECTOR, ".preview-banner").is_displayed()
    browser.save_screenshot(str(artifacts_dir / "workflow-preview.png"))

    # ... and submits it for review.
    open_issue(browser, live_server, issue)
    take_step(browser, "submit")
    assert status_shown(browser) == "in_review"

    # The chief editor returns it with a comment.
    sign_in(browser, live_server, chief)
    open_issue(browser, live_server, issue)
    take_step(browser, "return", comment="请补充会议时间和地点")
    assert status_shown(browser) == "draft"

    # The editor reads the comment, fixes the article and submits again.
    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    assert "请补充会议时间和地点" in browser.find_element(By.ID, "workflow-history").text
    browser.find_element(By.CSS_SELECTOR, "#issue-contents .ed-article-title").click()
    body = wait(browser).until(EC.presence_of_element_located((By.ID, "id_body")))
    body.clear()
    body.send_keys("5月1日上午，市总工会在职工服务中心召开劳模座谈会。")
    save_form(browser)
    wait(browser).until(EC.presence_of_element_located((By.ID, "issue-ready")))
    take_step(browser, "submit")
    assert status_shown(browser) == "in_review"

    # The chief editor signs it off and publishes it.
    sign_in(browser, live_server, chief)
    open_issue(browser, live_server, issue)
    take_step(browser, "approve")
    assert status_shown(browser) == "approved"
    assert "王建国" in browser.find_element(By.ID, "issue-signed-off").text
    take_step(browser, "publish", confirm=True)
    assert status_shown(browser) == "published"

    # A reader, signed out, sees it on the reading site.
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/issues/{year}/8/")
    main = wait(browser).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
    assert "职工服务中心召开劳模座谈会" in main.text
    browser.save_screenshot(str(artifacts_dir / "workflow-published.png"))


DRAG = """
const [source, target] = arguments;
const data = new DataTransfer();
const box = target.getBoundingClientRect();
source.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: data}));
target.dispatchEvent(new DragEvent("dragover", {
  bubbles: true, cancelable: true, dataTransfer: data, clientY: box.top + 1,
}));
source.dispatchEvent(new DragEvent("dragend", {bubbles: true, dataTransfer: data}));
"""


def drag_the_third_article_first(browser, live_server, editor, before_dragging=None):
    """An editor drags the third article of a draft's section above the first; the
    articles in their order before, and the dragged row."""
    issue = make_issue(status=Issue.Status.DRAFT, articles_per_section=3)
    articles = list(issue.sections.get().articles.order_by("position"))
    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    if before_dragging:
        before_dragging()
    source = browser.find_element(By.ID, f"article-row-{articles[2].pk}")
    target = browser.find_element(By.ID, f"article-row-{articles[0].pk}")
    browser.execute_script(DRAG, source, target)
    return articles, source


def rows_shown(browser) -> list[str]:
    rows = wait(browser).until(
        EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#issue-contents .ed-article"))
    )
    return [row.get_attribute("id") for row in rows]


def stored_order(articles) -> list:
    return list(articles[0].section.articles.order_by("position"))


def test_an_editor_reorders_articles_by_drag_and_drop(browser, live_server, editor):
    (first, second, third), dragged = drag_the_third_article_first(browser, live_server, editor)

    wait(browser).until(EC.staleness_of(dragged))  # the page reloads with the new order
    assert rows_shown(browser) == [f"article-row-{a.pk}" for a in (third, first, second)]
    assert stored_order([first]) == [third, first, second]


def test_a_move_the_server_cannot_save_is_reported_and_the_stored_order_shown(
    browser, live_server, editor
):
    # The CSRF cookie is gone (cleared by the browser meanwhile): Django refuses the
    # move with its own HTML page, not the view's JSON.
    articles, dragged = drag_the_third_article_first(
        browser, live_server, editor, lambda: browser.delete_cookie("csrftoken")
    )

    alert = wait(browser).until(EC.alert_is_present())
    assert alert.text == "新的顺序未能保存。页面现显示已保存的顺序。"
    alert.accept()
    wait(browser).until(EC.staleness_of(dragged))
    assert rows_shown(browser) == [f"article-row-{a.pk}" for a in articles]
    assert stored_order(articles) == articles
