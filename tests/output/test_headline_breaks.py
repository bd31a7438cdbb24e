"""A line break an editor placed in a long headline: the pages, the PDF and the
Word file break the headline there; a title on one line (the page title, the
本期要目, the feed) reads on, with no space between Chinese characters."""

import io

import docx
import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from tests.factories import make_issue, take_to
from tests.output.conftest import long_body, pdf_text

pytestmark = pytest.mark.django_db

FIRST, SECOND = "深化<工会>改革", "以“两争”为载体"
ONE_LINE = FIRST + SECOND


@pytest.fixture
def broken(db) -> Article:
    """A published issue of articles with a contents list; the first's headline
    has a line break."""
    issue = make_issue(
        year=2012,
        number=8,
        status=Issue.Status.DRAFT,
        sections=("工作动态", "经验交流"),
        articles_per_section=3,
    )
    for position, article in enumerate(Article.objects.filter(section__issue=issue), 1):
        article.body = long_body(position)
        article.save()
    article = Article.objects.filter(section__issue=issue).first()
    article.title = f"{FIRST}\n{SECOND}"
    article.save()
    take_to(issue, Issue.Status.PUBLISHED)
    return article


def page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_issue_page_breaks_the_headline_where_the_editor_did(client, broken):
    html = page(client, "editorial:issue_detail", "bulletin", 2012, 8)
    assert "深化&lt;工会&gt;改革<br>以“两争”为载体" in html


def test_the_issue_page_lists_the_headline_on_one_line_in_its_contents(client, broken):
    html = page(client, "editorial:issue_detail", "bulletin", 2012, 8)
    assert f'#article-{broken.pk}">深化&lt;工会&gt;改革以“两争”为载体<' in html


def test_the_article_page_breaks_its_headline_and_titles_the_page_on_one_line(client, broken):
    response = client.get(broken.get_absolute_url())
    html = response.content.decode()
    assert "深化&lt;工会&gt;改革<br>以“两争”为载体" in html
    title = html.split("<title>")[1].split("</title>")[0]
    assert "深化&lt;工会&gt;改革以“两争”为载体" in title


def test_the_pdf_breaks_the_headline_where_the_editor_did(client, broken, poppler, cjk_fonts):
    response = client.get(reverse("editorial:issue_pdf", args=["bulletin", 2012, 8]))
    lines = [line.strip() for line in pdf_text(response.content).splitlines()]
    assert FIRST in lines
    assert SECOND in lines


def test_the_pdf_contents_read_the_headline_on_one_line(client, broken, poppler, cjk_fonts):
    response = client.get(reverse("editorial:issue_pdf", args=["bulletin", 2012, 8]))
    assert ONE_LINE in pdf_text(response.content, first=1)


def test_the_word_headline_breaks_where_the_editor_did(client, broken):
    response = client.get(reverse("editorial:issue_docx", args=["bulletin", 2012, 8]))
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == f"{FIRST}\n{SECOND}"


def test_the_word_contents_read_the_headline_on_one_line(client, broken):
    response = client.get(reverse("editorial:issue_docx", args=["bulletin", 2012, 8]))
    document = docx.Document(io.BytesIO(response.content))
    assert ONE_LINE in [p.text for p in document.paragraphs]


def test_the_feed_reads_the_headline_on_one_line(client, broken):
    feed = client.get(reverse("editorial:feed", args=["bulletin"])).content.decode()
    assert "深化&amp;lt;工会&amp;gt;改革以“两争”为载体" in feed


def test_search_finds_words_across_the_break_and_lists_the_title_on_one_line(client, broken):
    response = client.get(reverse("editorial:search"), {"q": "改革以"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{broken.get_absolute_url()}"' in html
    assert "深化&lt;工会&gt;<mark>改革以</mark>“两争”为载体" in html.replace("\n", "")
