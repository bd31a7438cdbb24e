"""An issue's page reads like the printed bulletin, in a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from tests.factories import make_issue, take_to

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def between(body: str, start: str, end: str) -> str:
    return body[body.index(start) : body.index(end, body.index(start))]


class TestPrintedLayout:
    @pytest.fixture
    def composed(self):
        """The issue as its editors composed it, not yet submitted."""
        issue = make_issue(
            status=Issue.Status.DRAFT,
            year=2012,
            number=8,
            cumulative_number=123,
            print_run=120,
            issue_date=date(2012, 4, 25),
            sections=("工作动态", "简讯"),
            articles_per_section=2,
            distribution=("市四套班子有关领导", "全总办公厅", "各市（县）、区、局（公司）工会"),
        )
        first = Article.objects.get(section__issue=issue, title="工作动态文章1")
        first.subtitle = "部署“五一”期间集中宣传劳模先进典型"
        first.byline = "中共常熟市委书记    杨升华"
        first.save()
        for brief in Article.objects.filter(section__name="简讯"):
            brief.kind = Article.Kind.BRIEF
            brief.save()
        return issue

    @pytest.fixture
    def issue(self, composed):
        return take_to(composed, Issue.Status.PUBLISHED)

    @pytest.fixture
    def body(self, client, issue):
        return text(client.get(issue.get_absolute_url()))

    def test_the_masthead_has_the_name_number_publisher_and_date(self, body):
        masthead = between(body, '<header class="masthead">', "</header>")
        assert "工会工作简报" in masthead
        assert "第8期" in masthead
        assert "总第123期" in masthead
        assert "市总工会办公室" in masthead
        assert "2012年4月25日" in masthead

    def test_the_table_of_contents_links_to_every_article_by_section(self, body, issue):
        toc = between(body, '<nav class="toc"', "</nav>")
        assert "本期要目" in toc
        assert toc.index("【工作动态】") < toc.index("【简讯】")
        for article in Article.objects.filter(section__issue=issue):
            assert f'href="#article-{article.pk}"' in toc
            assert f'id="article-{article.pk}"' in body

    def test_sections_are_headed_in_brackets_in_order(self, body):
        headings = re.findall(r'<h2 class="section-title"[^>]*>(.*?)</h2>', body)
        assert headings == ["【工作动态】", "【简讯】"]

    def test_an_article_has_its_title_subtitle_byline_and_paragraphs(self, body):
        assert "工作动态文章1" in body
        assert "部署“五一”期间集中宣传劳模先进典型" in body
        assert "中共常熟市委书记    杨升华" in body
        assert "<p>第一段1。</p>" in body
        assert "<p>第二段1。</p>" in body

    def test_each_source_organization_links_to_its_page(self, body):
        url = SourceOrganization.objects.get(name="市总工会宣教部").get_absolute_url()
        assert f'<p class="source">（<a href="{url}">市总工会宣教部</a>）</p>' in body

    def test_the_attribution_is_printed_as_written_with_each_organization_linked(
        self, client, composed
    ):
        article = Article.objects.get(section__issue=composed, title="工作动态文章2")
        ArticleSource.objects.filter(article=article).delete()
        life = SourceOrganization.objects.create(name="市总工会生活部")
        women = SourceOrganization.objects.create(name="市总工会女工部")
        ArticleSource.objects.create(article=article, organization=life, position=1)
        ArticleSource.objects.create(article=article, organization=women, position=2)
        article.source_text = "市总生活部、女工部"
        article.save()
        issue = take_to(composed, Issue.Status.PUBLISHED)
        printed = (
            f'<p class="source">（<a href="{life.get_absolute_url()}">市总生活部</a>、'
            f'<a href="{women.get_absolute_url()}">女工部</a>）</p>'
        )
        assert printed in text(client.get(issue.get_absolute_url()))

    def test_a_credit_is_shown_with_the_sources(self, client, composed):
        article = Article.objects.get(section__issue=composed, title="工作动态文章2")
        ArticleSource.objects.filter(article=article).delete()
        article.source_text = article.credit = "综合来稿"
        article.save()
        issue = take_to(composed, Issue.Status.PUBLISHED)
        assert '<p class="source">（综合来稿）</p>' in text(client.get(issue.get_absolute_url()))

    def test_briefs_are_bullet_items(self, body):
        briefs = between(body, "【简讯】</h2>", "</section>")
        assert briefs.count('class="brief-bullet"') == 2
        assert "●" in briefs

    def test_the_footer_lists_every_recipient_in_order_and_the_print_run(self, body):
        footer = between(body, '<footer class="colophon">', "</footer>")
        assert "本期印发：" in footer
        assert "市四套班子有关领导、全总办公厅、各市（县）、区、局（公司）工会" in footer
        assert "共印120份" in footer

    def test_no_print_run_no_line(self, client):
        issue = make_issue(year=2013, number=1)
        assert "共印" not in text(client.get(issue.get_absolute_url()))


class TestNeighbours:
    def test_previous_and_next_issues_are_linked(self, client):
        older = make_issue(year=2011, number=20)
        issue = make_issue(year=2012, number=1)
        newer = make_issue(year=2012, number=2)
        body = text(client.get(issue.get_absolute_url()))
        assert f'rel="prev" href="{older.get_absolute_url()}"' in body
        assert f'rel="next" href="{newer.get_absolute_url()}"' in body

    def test_unreadable_issues_are_skipped(self, client):
        older = make_issue(year=2012, number=1)
        make_issue(year=2012, number=2, status=Issue.Status.DRAFT)
        issue = make_issue(year=2012, number=3)
        make_issue(year=2012, number=4, visibility=Issue.Visibility.INTERNAL)
        make_issue(year=2012, number=5, publish_at=timezone.now() + timedelta(days=1))
        body = text(client.get(issue.get_absolute_url()))
        assert f'rel="prev" href="{older.get_absolute_url()}"' in body
        assert 'rel="next"' not in body


class TestQueryCount:
    """The issue page costs the same number of queries for 5 articles as for 60."""

    # schedule, the directory of bulletins (kept), the reader's copy of the issue,
    # previous, next, its signed content (read again after its version token), its
    # tags as signed, corrections
    QUERIES = 8

    @pytest.mark.parametrize(("sections", "per_section"), [(1, 5), (6, 10)])
    def test_the_issue_page_makes_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, sections, per_section
    ):
        issue = make_issue(
            sections=[f"栏目{n}" for n in range(sections)], articles_per_section=per_section
        )
        assert Article.objects.filter(section__issue=issue).count() == sections * per_section
        address = issue.get_absolute_url()  # its bulletin's slug: read here, not counted
        with django_assert_num_queries(self.QUERIES):
            response = client.get(address)
        assert response.status_code == 200

    def test_the_bulletin_is_rendered_once_per_version_not_per_reader(self, client, staff):
        """Past the page cache (a query string it never stores, or a signed-in
        reader), the page is assembled from parts kept per version token."""
        issue = make_issue(sections=["工作动态", "简讯"], articles_per_section=10)
        first = client.get(issue.get_absolute_url())
        with CaptureQueriesContext(connection) as anonymous:
            again = client.get(issue.get_absolute_url() + "?from=mail")
        assert again.status_code == 200
        assert len(anonymous) == 0  # the issue, its neighbours and its body are kept
        client.get("/")
        with CaptureQueriesContext(connection) as home:
            assert "工作动态文章10" in text(client.get("/?from=mail"))
        assert len(home) == 0  # the latest issue is kept too
        assert between(text(again), '<article class="issue"', "</main>") == between(
            text(first), '<article class="issue"', "</main>"
        )

        client.force_login(staff)
        with CaptureQueriesContext(connection) as signed_in:
            page = client.get(issue.get_absolute_url())
        assert page.status_code == 200
        assert "工作动态文章10" in text(page)
        tables = " ".join(query["sql"] for query in signed_in.captured_queries)
        assert "editorial_article" not in tables  # the body was not rendered again
        assert "editorial_issueversion" not in tables
