"""Printing an issue: Chromium prints the issue page to PDF, and each page's text
(pdftotext) is read as a reader holding the printout would.

An issue long enough to run over many pages, with articles of many lengths so
that headings fall everywhere on a page: no page ends with a headline, a
byline or a section heading (each stays with what follows it), and the 版记
(本期印发, 共印N份) is on one page.
"""

import base64
import shutil
import subprocess

import pytest
from selenium.webdriver.common.print_page_options import PrintOptions

from editorial.content.models import Article, Issue
from tests.conftest import missing
from tests.factories import make_issue, take_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = [f"栏目{chr(0x7532 + n)}" for n in range(6)]  # 栏目甲, 栏目甴 … distinct names
FILLER = "各级工会组织认真贯彻落实会议精神，切实维护职工合法权益，推动工作取得新成效。"
PRINT_RUN = 860


def body(seed: int) -> str:
    """One to seven paragraphs of one to six sentences: a spread of article lengths."""
    paragraphs = 1 + (seed * 5) % 7
    return "\n\n".join(FILLER * (1 + (seed + p) % 6) for p in range(paragraphs))


@pytest.fixture
def long_issue(db):
    issue = make_issue(
        status=Issue.Status.DRAFT,
        year=2026,
        number=9,
        sections=SECTIONS,
        articles_per_section=4,
        print_run=PRINT_RUN,
    )
    for seed, article in enumerate(
        Article.objects.filter(section__issue=issue).order_by("section__position", "position")
    ):
        article.title = f"第{seed + 1}篇报道"
        article.byline = f"通讯员{seed + 1}号"
        article.body = body(seed)
        article.save()
    return take_to(issue, Issue.Status.PUBLISHED)


@pytest.fixture
def pdftotext():
    path = shutil.which("pdftotext")
    if not path:
        missing("pdftotext is not installed: apt-get install poppler-utils")
    return path


def printed_pages(browser, url: str, pdftotext: str, tmp_path) -> list[list[str]]:
    """The non-empty lines of each printed page, as Chromium prints ``url`` on A4."""
    browser.get(url)
    options = PrintOptions()
    options.page_width = 21.0
    options.page_height = 29.7
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page(options)))
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [
        [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ]
    return [page for page in pages if page]


@pytest.fixture
def pages(browser, live_server, long_issue, pdftotext, tmp_path):
    return printed_pages(
        browser, live_server.url + long_issue.get_absolute_url(), pdftotext, tmp_path
    )


def test_the_issue_runs_over_several_pages(pages):
    assert len(pages) >= 4


def test_no_page_ends_with_a_headline_or_a_byline(pages):
    for number, page in enumerate(pages[:-1], 1):
        last = page[-1]
        assert not (last.startswith("第") and last.endswith("篇报道")), (number, page[-3:])
        assert not last.startswith("通讯员"), (number, page[-3:])


def test_no_page_ends_with_a_section_heading(pages):
    for number, page in enumerate(pages[:-1], 1):
        assert not page[-1].startswith("【"), (number, page[-3:])


def test_a_headline_is_followed_on_its_page_by_its_byline_and_first_lines(pages):
    for page in pages:
        for index, line in enumerate(page):
            if line.startswith("第") and line.endswith("篇报道") and "【" not in line:
                following = page[index + 1 : index + 4]
                assert len(following) >= 3, page[index:]
                assert following[0].startswith("通讯员"), page[index:]


def test_the_colophon_is_on_one_page(pages):
    holding = [
        page
        for page in pages
        if any("全总办公厅" in line or f"{PRINT_RUN}" in line for line in page)
    ]
    colophon = [page for page in holding if any(f"共印{PRINT_RUN}份" in line for line in page)]
    assert colophon, "the print run is printed"
    assert len(holding) == 1, [page[-4:] for page in holding]
