"""Hostile content is shown as text everywhere: an issue whose masthead, section,
distribution list and article (title, subtitle, body, byline, source, tag) hold
HTML or script is escaped on the issue page, the article page, search results
with highlighting, the feed, the organization, tag and section pages, the
editors' preview and the admin; the statistics CSV is safe in a spreadsheet."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from tests.factories import make_issue, make_user, take_to

# Each payload would run script if it reached a page unescaped.
TITLE = '<script>alert("title")</script>头条'
SUBTITLE = "<img src=x onerror=alert('subtitle')>副题"
BODY = (
    "第一段<b onmouseover=alert('body')>说明</b>工会。\n\n"
    "<iframe src=\"javascript:alert('frame')\"></iframe>第二段工会。"
)
BYLINE = "<svg onload=alert('byline')>作者"
SOURCE = "<script>alert('source')</script>宣教部"
TAG = "<script>alert('tag')</script>"
SECTION = "<em onclick=alert('section')>动态</em>"
RECIPIENT = "<a href=javascript:alert('recipient')>单位</a>"
MASTHEAD = "<script>alert('masthead')</script>简报"

RAW = [
    "<script>alert(",
    "<img src=x",
    "<b onmouseover",
    '<iframe src="javascript',
    "<svg onload",
    "<em onclick",
    "<a href=javascript",
]
ESCAPED = ["&lt;script&gt;alert(", "&lt;img src=x onerror=alert("]


def assert_shown_as_text(html: str, *, escaped=("&lt;script&gt;alert(",)):
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r}"
    for text in escaped:
        assert text in html, f"missing escaped {text!r}"


@pytest.fixture
def hostile(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(
            year=2012,
            number=8,
            status=Issue.Status.DRAFT,
            title=MASTHEAD,
            sections=(SECTION,),
            distribution=(RECIPIENT,),
        )
        organization = SourceOrganization.objects.create(name=SOURCE)
        article = Article.objects.get(section__issue=issue)
        article.title, article.subtitle, article.body = TITLE, SUBTITLE, BODY
        article.byline, article.source_text = BYLINE, SOURCE
        article.save()
        ArticleSource.objects.create(article=article, organization=organization, position=2)
        article.tags.add(TAG)
        take_to(issue, Issue.Status.PUBLISHED)
    return article


def test_issue_page_shows_hostile_content_as_text(client, hostile):
    page = client.get("/bulletin/issues/2012/8/").content.decode()

    assert_shown_as_text(page, escaped=[*ESCAPED, "&lt;em onclick", "&lt;a href=javascript"])


def test_article_page_shows_hostile_content_as_text(client, hostile):
    page = client.get(hostile.get_absolute_url()).content.decode()

    assert_shown_as_text(
        page, escaped=[*ESCAPED, "&lt;b onmouseover", "&lt;iframe", "&lt;svg onload"]
    )


def test_search_results_highlight_hostile_content_as_text(client, hostile):
    page = client.get("/search/", {"q": "工会"}).content.decode()

    assert "<mark>" in page
    assert_shown_as_text(page)


def test_search_for_the_markup_itself_highlights_it_as_text(client, hostile):
    page = client.get("/search/", {"q": "script"}).content.decode()

    assert "&lt;<mark>script</mark>&gt;" in page
    assert_shown_as_text(page, escaped=[])


def test_hostile_search_query_is_echoed_as_text(client, hostile):
    page = client.get("/search/", {"q": "<script>alert('q')</script>"}).content.decode()

    assert_shown_as_text(page, escaped=["&lt;script&gt;alert(&#x27;q&#x27;)"])


def test_feed_carries_hostile_titles_as_text(client, hostile):
    feed = client.get("/bulletin/feed/").content.decode()
    summaries = [
        element.text or ""
        for element in ET.fromstring(feed).iter("{http://www.w3.org/2005/Atom}summary")
    ]

    assert summaries
    # The summary is HTML (type="html"): once the XML is read, the title in it
    # must still be escaped HTML, never markup a feed reader would run.
    for html in summaries:
        assert_shown_as_text(html)


def test_organization_page_shows_hostile_names_as_text(client, hostile):
    organization = SourceOrganization.objects.get(name=SOURCE)

    page = client.get(organization.get_absolute_url()).content.decode()

    assert_shown_as_text(page)


def test_tag_page_shows_hostile_tag_and_titles_as_text(client, hostile):
    tag = Tag.objects.get(name=TAG)

    page = client.get(f"/tags/{tag.slug}/").content.decode()

    assert_shown_as_text(page)


def test_section_page_shows_hostile_section_name_as_text(client, hostile):
    page = client.get(hostile.section.get_absolute_url()).content.decode()

    assert_shown_as_text(page, escaped=["&lt;em onclick"])


def test_editors_preview_of_a_draft_shows_hostile_content_as_text(client, hostile):
    Issue.objects.filter(pk=hostile.section.issue_id).update(
        status=Issue.Status.DRAFT, publish_at=None
    )
    editor = make_user("previewer", staff=True, groups=["编辑"])  # of the issue's office
    client.force_login(editor)

    page = client.get("/bulletin/issues/2012/8/").content.decode()

    assert_shown_as_text(page, escaped=ESCAPED)


@pytest.mark.parametrize(
    "address",
    [
        "/admin/editorial/issue/{issue}/change/",
        "/admin/editorial/issue/",
        "/admin/editorial/article/{article}/change/",
        "/admin/editorial/article/",
        "/admin/editorial/sourceorganization/",
        "/admin/taggit/tag/",
    ],
)
def test_admin_pages_show_hostile_content_as_text(client, hostile, address):
    client.force_login(make_user("admin", superuser=True))

    response = client.get(address.format(issue=hostile.section.issue_id, article=hostile.pk))

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)"])
def test_statistics_csv_defuses_spreadsheet_formulas(client, db, name):
    issue = make_issue(year=2012, number=1, publish_at=timezone.now() - timedelta(days=1))
    organization = SourceOrganization.objects.create(name=name)
    ArticleSource.objects.create(
        article=Article.objects.get(section__issue=issue), organization=organization, position=2
    )
    client.force_login(make_user("admin", superuser=True))

    response = client.get(
        "/admin/editorial/submission/statistics/",
        {"kind": "year", "year": 2012, "format": "csv"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + name in cells
    assert name not in cells
