"""A reader's path through the site in a real headless Chromium."""

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from editorial.content.models import Article, Issue
from tests.factories import make_issue
from tests.reading.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    call_command("import_legacy", str(SEEDS), verbosity=0)
    draft = make_issue(year=2013, number=1, status=Issue.Status.DRAFT, sections=("未发稿件",))
    return {
        "url": live_server.url,
        "2012": Issue.objects.get(year=2012),
        "draft": draft,
    }


def scrolled_to(browser, element_id: str) -> bool:
    top = browser.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top", element_id
    )
    return abs(top) < 5


def test_a_reader_browses_from_the_archive_to_an_organization(browser, site):
    browser.get(site["url"] + "/bulletin/issues/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "往期简报"
    browser.find_element(By.LINK_TEXT, "2012年第1期").click()
    assert browser.current_url == site["url"] + site["2012"].get_absolute_url()
    assert browser.find_element(By.CSS_SELECTOR, ".masthead-title").text.startswith("工会工作简报")

    article = Article.objects.get(title="“手拉手”爱心助学活动走进穹窿山")
    toc = browser.find_element(By.CSS_SELECTOR, "nav.toc")
    toc.find_element(By.LINK_TEXT, article.title).click()
    assert browser.current_url.endswith(f"#article-{article.pk}")
    assert scrolled_to(browser, f"article-{article.pk}")

    organization = article.ordered_sources[0]
    source = browser.find_element(By.CSS_SELECTOR, f"#article-{article.pk} .source a")
    assert source.text == article.source_text  # as printed, e.g. 市总生活女工部
    source.click()
    assert browser.current_url == site["url"] + organization.get_absolute_url()
    assert browser.find_element(By.TAG_NAME, "h1").text == organization.name
    assert article.title in browser.page_source


def test_a_reader_searches_and_opens_a_result(browser, site):
    browser.get(site["url"] + "/")
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys("职工素质工程", Keys.ENTER)
    results = browser.find_elements(By.CSS_SELECTOR, ".search-result-title a")
    assert results
    assert browser.find_elements(By.CSS_SELECTOR, ".search-results mark")
    title = results[0].text
    results[0].click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert "职工素质工程" in browser.page_source


def test_a_search_without_results_says_so(browser, site):
    browser.get(site["url"] + "/search/?q=量子计算机")
    assert "没有找到" in browser.find_element(By.CSS_SELECTOR, ".no-results").text


def test_a_draft_is_not_reachable_anonymously(browser, site):
    draft = site["draft"]
    title = Article.objects.get(section__issue=draft).title
    browser.get(site["url"] + draft.get_absolute_url())
    assert title not in browser.page_source
    browser.get(site["url"] + "/bulletin/issues/")
    assert "2013" not in browser.find_element(By.TAG_NAME, "main").text


def test_the_skip_link_is_the_first_stop_of_the_keyboard(browser, site):
    browser.get(site["url"] + site["2012"].get_absolute_url())
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    focused.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#main")


def test_printing_an_issue_leaves_out_the_navigation(browser, site):
    browser.get(site["url"] + site["2012"].get_absolute_url())
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")
    assert not header.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".issue-nav").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".masthead").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".colophon").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_issue_page_screenshot(browser, site, artifacts_dir):
    browser.get(site["url"] + site["2012"].get_absolute_url())
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(height, 8000))
    path = artifacts_dir / "issue-page.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_the_issue_page_fits_a_phone(browser, site, artifacts_dir):
    browser.set_window_size(390, 844)
    browser.get(site["url"] + site["2012"].get_absolute_url())
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert browser.save_screenshot(str(artifacts_dir / "issue-page-phone.png"))


def visible_search_boxes(browser) -> int:
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[type=search], input[name=q]")
    return sum(1 for box in boxes if box.is_displayed())


def test_on_a_phone_the_search_page_has_one_search_box(browser, site):
    browser.set_window_size(390, 844)
    browser.get(site["url"] + "/search/?q=工会")
    assert visible_search_boxes(browser) == 1
    browser.get(site["url"] + "/bulletin/issues/")
    assert visible_search_boxes(browser) == 1
