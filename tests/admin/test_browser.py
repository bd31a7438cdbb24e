"""The editors' workspace in a real browser (headless Chromium): the article
form's sources, and the chief editor's comment after a return."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from editorial.content.models import Article, Issue, SourceOrganization
from tests.workflow.conftest import draft
from tests.workflow.test_browser import open_issue, save_form, sign_in, take_step, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_types_a_known_name_an_alias_and_a_new_name_as_sources(
    browser, live_server, editor
):
    life = SourceOrganization.objects.create(name="市总工会生活部")
    women = SourceOrganization.objects.create(name="市总工会女工部")
    women.aliases.create(name="市总女职工部")
    issue = draft()
    section = issue.sections.get()

    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    browser.find_element(By.ID, f"add-article-{section.pk}").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "id_title")))
    browser.find_element(By.ID, "id_title").send_keys("市总慰问困难女职工")
    browser.find_element(By.ID, "id_body").send_keys("春节前，市总走访慰问困难女职工。")
    sources = browser.find_element(By.ID, "id_sources_written")
    assert sources.get_attribute("list") == "id_sources_written-names"
    # The name being typed after a 、 is completed, the names before it kept.
    sources.send_keys("市总工会生活部、市总女")
    offered = [
        option.get_attribute("value")
        for option in browser.find_elements(By.CSS_SELECTOR, "#id_sources_written-names option")
    ]
    assert "市总工会生活部、市总女职工部" in offered
    sources.clear()
    sources.send_keys("市总工会生活部、市总女职工部、市总法律部")
    save_form(browser)
    wait(browser).until(EC.presence_of_element_located((By.ID, "issue-contents")))

    shown = browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert "已关联来源单位：市总工会生活部、市总工会女工部。" in shown
    assert "已新建来源单位：市总工会法律部。" in shown
    assert "印作：（市总工会生活部、市总女职工部、法律部）" in shown
    article = Article.objects.get(title="市总慰问困难女职工")
    row = browser.find_element(By.ID, f"article-row-{article.pk}")
    assert "（市总工会生活部、市总女职工部、法律部）" in row.text
    assert [o.name for o in article.ordered_sources] == [
        life.name,
        women.name,
        "市总工会法律部",
    ]


def test_the_chief_editors_comment_on_a_return_heads_the_panel_until_resubmission(
    browser, live_server, editor, chief
):
    issue = draft()
    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    take_step(browser, "submit")

    sign_in(browser, live_server, chief)
    open_issue(browser, live_server, issue)
    take_step(browser, "return", comment="第二篇标题太长，请改短。")

    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    panel = browser.find_element(By.ID, "workflow-panel")
    comment = panel.find_element(By.ID, "return-comment")
    assert "第二篇标题太长，请改短。" in comment.text
    assert panel.text.index("第二篇标题太长") < panel.text.index("状态")

    take_step(browser, "submit")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.IN_REVIEW
    assert not browser.find_elements(By.ID, "return-comment")


def test_the_issue_form_has_no_empty_bars_and_its_headings_top_their_boxes(
    browser, live_server, editor
):
    issue = draft()
    sign_in(browser, live_server, editor)
    open_issue(browser, live_server, issue)
    headings = browser.execute_script(
        """
        return Array.from(document.querySelectorAll("fieldset.module")).map(function (box) {
          var heading = box.querySelector("summary") || box.querySelector("h2");
          if (!heading) { return null; }
          return [heading.textContent.trim(),
                  heading.getBoundingClientRect().top - box.getBoundingClientRect().top];
        }).filter(Boolean);
        """
    )
    assert headings and all(offset < 2 for _name, offset in headings), headings
    # A panel's heading is a bar of one line, never one running behind the form.
    bars = browser.execute_script(
        """
        return Array.from(document.querySelectorAll(".module h2")).map(function (h) {
          return [h.textContent.trim(), h.getBoundingClientRect().height];
        });
        """
    )
    assert all(height < 60 for _name, height in bars), bars
