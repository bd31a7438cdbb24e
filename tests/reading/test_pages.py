"""Every reading page, and who may see what on it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, Issue, SourceOrganization
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, sample_staff, take_to

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def tag_and_sign_off(article: Article, *tags: str) -> None:
    """A chief editor tags a published article and signs the change off."""
    article.tags.add(*tags)
    workflow.resign(article.section.issue, sample_staff()[1])


def published_pages(issue: Issue) -> list[str]:
    article = Article.objects.filter(section__issue=issue, source_links__isnull=False).first()
    tag_and_sign_off(article, "劳模")
    organization = article.ordered_sources[0]
    return [
        reverse("editorial:home"),
        reverse("editorial:archive", args=["bulletin"]),
        reverse("editorial:archive_year", args=["bulletin", issue.year]),
        issue.get_absolute_url(),
        article.get_absolute_url(),
        reverse("editorial:source_list"),
        organization.get_absolute_url(),
        reverse("editorial:tag_articles", args=["劳模"]),
        article.section.get_absolute_url(),
        reverse("editorial:search") + "?q=劳模",
        reverse("editorial:feed", args=["bulletin"]),
        reverse("editorial:sitemap"),
        reverse("editorial:sitemap_section", args=["issues"]),
    ]


class TestEveryPage:
    def test_every_page_of_an_imported_issue_is_served(self, client, samples):
        for url in published_pages(samples[2012]):
            response = client.get(url)
            assert response.status_code == 200, url

    def test_pages_are_chinese_html_with_a_skip_link(self, client, samples):
        body = text(client.get(samples[2012].get_absolute_url()))
        assert '<html lang="zh-CN">' in body
        assert 'class="skip-link" href="#main"' in body
        assert 'id="main"' in body

    def test_pages_load_nothing_from_another_host(self, client, samples):
        body = text(client.get(samples[2012].get_absolute_url()))
        assert "http://" not in body.replace("http://testserver", "")
        assert "https://" not in body
        assert "<script" not in body
        assert "style=" not in body
        assert "<style" not in body

    def test_the_home_page_shows_the_latest_issue_and_links_to_the_archive(self, client, samples):
        body = text(client.get("/"))
        assert "穹窿山" in body  # from the 2012 issue, the newer of the two
        assert "劳动合同法》学习宣传贯彻" not in body  # a 2007 headline
        assert f'href="{reverse("editorial:archive", args=["bulletin"])}"' in body

    def test_the_home_page_says_so_when_nothing_is_published(self, client):
        make_issue(status=Issue.Status.DRAFT)
        assert "还没有发布任何一期" in text(client.get("/"))

    def test_the_archive_lists_years_newest_first(self, client, samples):
        body = text(client.get(reverse("editorial:archive", args=["bulletin"])))
        assert body.index('id="year-2012"') < body.index('id="year-2007"')
        assert samples[2007].get_absolute_url() in body

    def test_a_year_page_lists_its_issues_with_their_headlines(self, client, samples):
        body = text(client.get(reverse("editorial:archive_year", args=["bulletin", 2007])))
        assert samples[2007].get_absolute_url() in body
        assert "全心全意依靠工人阶级" in body
        assert "穹窿山" not in body

    def test_a_year_without_issues_does_not_exist(self, client, samples):
        assert (
            client.get(reverse("editorial:archive_year", args=["bulletin", 1999])).status_code
            == 404
        )

    def test_an_article_page_shows_its_issue_section_sources_and_tags(self, client, samples):
        article = Article.objects.get(title__startswith="全市工会将从四方面")
        tag_and_sign_off(article, "劳动合同法")
        body = text(client.get(article.get_absolute_url()))
        assert "市总工会法工部" in body
        assert "【工作动态】" in body
        assert samples[2007].get_absolute_url() in body
        assert reverse("editorial:tag_articles", args=["劳动合同法"]) in body

    def test_sources_are_ranked_by_the_articles_they_contributed(self, client, samples):
        body = text(client.get(reverse("editorial:source_list")))
        # 昆山市总工会 sent two 简讯 in 2007; 苏州高新区工会 one article.
        assert body.index("昆山市总工会") < body.index("苏州高新区工会")

    def test_an_organization_page_counts_its_articles_per_year(self, client, samples):
        organization = SourceOrganization.objects.get(name="昆山市总工会")
        response = client.get(organization.get_absolute_url())
        assert response.context["per_year"] == [(2007, 2)]
        assert response.context["total"] == 2
        assert "昆山组织工会干部赴北京劳动关系学院培训" in text(response)

    def test_a_section_page_lists_articles_of_that_section_across_issues(self, client, samples):
        response = client.get(reverse("editorial:section_articles", args=["bulletin", "工作动态"]))
        years = {article.section.issue.year for article in response.context["articles"]}
        assert years == {2007, 2012}
        assert all(a.section.name == "工作动态" for a in response.context["articles"])

    def test_a_tag_page_lists_the_tagged_articles(self, client, samples):
        tagged = Article.objects.get(title__startswith="全市工会将从四方面")
        tag_and_sign_off(tagged, "劳动合同法")
        response = client.get(reverse("editorial:tag_articles", args=["劳动合同法"]))
        assert list(response.context["articles"]) == [tagged]

    def test_an_unknown_tag_section_or_organization_does_not_exist(self, client, samples):
        assert client.get(reverse("editorial:tag_articles", args=["无此标签"])).status_code == 404
        assert (
            client.get(
                reverse("editorial:section_articles", args=["bulletin", "无此栏目"])
            ).status_code
            == 404
        )
        assert client.get(reverse("editorial:source_detail", args=[99999])).status_code == 404


class TestUnusualAddresses:
    def test_an_article_in_an_unnamed_section_is_served_without_a_section_link(self, client):
        # The legacy importer files the text before an issue's first 【】 heading there.
        issue = make_issue(sections=("",))
        article = Article.objects.get(section__issue=issue)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        # The header links the index of sections (/sections/); no section page is linked.
        assert not re.search(r"/bulletin/sections/[^\"]+/", text(response))

    @pytest.mark.parametrize("prefix", ["/tags/", "/bulletin/sections/"])
    def test_a_name_no_database_can_hold_does_not_exist(self, client, prefix):
        make_issue()
        assert client.get(prefix + "%00/").status_code == 404
        assert client.get(prefix + "a%00b/").status_code == 404


class TestDraftsAndScheduledIssues:
    @pytest.fixture
    def draft(self):
        return make_issue(year=2026, number=3, status=Issue.Status.DRAFT, sections=("草稿栏目",))

    @pytest.fixture
    def scheduled(self):
        return make_issue(
            year=2026,
            number=4,
            publish_at=timezone.now() + timedelta(days=1),
            sections=("定时栏目",),
        )

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_an_unpublished_issue_is_not_found(self, client, request, state, staff):
        issue = request.getfixturevalue(state)
        article = Article.objects.filter(section__issue=issue).first()
        assert client.get(issue.get_absolute_url()).status_code == 404
        assert client.get(article.get_absolute_url()).status_code == 404
        client.force_login(staff)
        assert client.get(issue.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_an_unpublished_issue_appears_in_no_list(self, client, request, state):
        make_issue(year=2012, number=1)
        issue = request.getfixturevalue(state)
        article = Article.objects.filter(section__issue=issue).first()
        organization = SourceOrganization.objects.get(name="市总工会宣教部")
        urls = [
            "/",
            reverse("editorial:archive", args=["bulletin"]),
            reverse("editorial:archive_year", args=["bulletin", 2012]),
            reverse("editorial:source_list"),
            organization.get_absolute_url(),
            reverse("editorial:feed", args=["bulletin"]),
            reverse("editorial:sitemap_section", args=["issues"]),
            reverse("editorial:sitemap_section", args=["articles"]),
        ]
        for url in urls:
            body = text(client.get(url))
            assert article.title not in body, url
            assert f'{issue.get_absolute_url()}"' not in body, url
            assert f"{issue.get_absolute_url()}<" not in body, url
            assert f'{article.get_absolute_url()}"' not in body, url
            assert f"{article.get_absolute_url()}<" not in body, url
        assert (
            client.get(reverse("editorial:archive_year", args=["bulletin", 2026])).status_code
            == 404
        )
        assert client.get(f"/bulletin/sections/{issue.sections.get().name}/").status_code == 404

    @pytest.mark.parametrize("state", ["draft", "scheduled"])
    def test_an_unpublished_issue_is_never_found_by_search(self, client, request, state):
        issue = request.getfixturevalue(state)
        title = Article.objects.filter(section__issue=issue).first().title
        response = client.get(reverse("editorial:search"), {"q": title})
        assert response.context["results"].count == 0

    def test_an_editor_previews_a_draft_on_the_issue_page_under_a_banner(
        self, client, draft, editor
    ):
        client.force_login(editor)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "草稿预览" in text(response)
        assert "读者看不到" in text(response)
        assert "no-store" in response["Cache-Control"]

    def test_an_editor_previews_a_scheduled_issue_with_its_publish_time(
        self, client, scheduled, editor
    ):
        client.force_login(editor)
        body = text(client.get(scheduled.get_absolute_url()))
        assert "草稿预览" in body
        assert "定时发布" in body

    def test_an_editor_previews_an_article_of_a_draft(self, client, draft, editor):
        article = Article.objects.filter(section__issue=draft).first()
        client.force_login(editor)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "草稿预览" in text(response)

    def test_a_published_issue_has_no_banner_for_an_editor(self, client, editor):
        issue = make_issue()
        client.force_login(editor)
        assert "草稿预览" not in text(client.get(issue.get_absolute_url()))


class TestInternalIssues:
    @pytest.fixture
    def internal(self):
        return make_issue(visibility=Issue.Visibility.INTERNAL, sections=("内部栏目",))

    def test_an_anonymous_reader_is_asked_to_sign_in(self, client, internal):
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("editorial:sign_in") + "?next=")
        assert internal.get_absolute_url() in response["Location"].replace("%2F", "/")

    def test_an_internal_article_asks_an_anonymous_reader_to_sign_in(self, client, internal):
        article = Article.objects.filter(section__issue=internal).first()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("editorial:sign_in"))

    def test_signed_in_staff_of_a_unit_on_its_list_read_it(self, client, internal, staff):
        client.force_login(staff)
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 200
        assert "内部资料" in text(response)
        assert "private" in response["Cache-Control"]

    def test_a_signed_in_reader_who_is_not_staff_is_refused(self, client, internal, member):
        client.force_login(member)
        assert client.get(internal.get_absolute_url()).status_code == 403

    def test_it_is_in_no_public_list(self, client, internal):
        urls = [
            "/",
            reverse("editorial:archive", args=["bulletin"]),
            reverse("editorial:feed", args=["bulletin"]),
        ]
        for url in urls:
            assert internal.get_absolute_url() not in text(client.get(url)), url

    def test_staff_of_a_unit_on_its_list_find_it_in_the_archive(self, client, internal, staff):
        client.force_login(staff)
        assert internal.get_absolute_url() in text(
            client.get(reverse("editorial:archive", args=["bulletin"]))
        )


HOSTILE = "<script>x()</script><img src=x onerror=y()>"  # fits a section name (50)


class TestHostileContent:
    @pytest.fixture
    def hostile(self):
        issue = make_issue(status=Issue.Status.DRAFT, sections=(HOSTILE,), distribution=(HOSTILE,))
        article = Article.objects.get(section__issue=issue)
        article.title = "劳模" + HOSTILE
        article.subtitle = HOSTILE
        article.byline = HOSTILE
        article.body = "劳模" + HOSTILE + "\n\n" + HOSTILE
        article.credit = HOSTILE
        article.save()
        article.tags.add(HOSTILE)
        organization = SourceOrganization.objects.get(name="市总工会宣教部")
        organization.name = HOSTILE
        organization.save()
        return take_to(issue, Issue.Status.PUBLISHED), article

    def test_it_is_shown_as_text_on_every_page(self, client, hostile):
        issue, article = hostile
        tag = article.tags.get()
        urls = [
            "/",
            issue.get_absolute_url(),
            article.get_absolute_url(),
            reverse("editorial:archive_year", args=["bulletin", issue.year]),
            reverse("editorial:source_list"),
            article.ordered_sources[0].get_absolute_url(),
            reverse("editorial:tag_articles", args=[tag.slug]),
            reverse("editorial:search") + "?q=劳模",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = text(response)
            assert "<script>" not in body, url
            assert "<img" not in body, url
            assert "&lt;script&gt;" in body, url

    def test_it_is_escaped_in_the_feed(self, client, hostile):
        body = text(client.get(reverse("editorial:feed", args=["bulletin"])))
        assert "<script>" not in body
        assert "&lt;script&gt;" in body or "&amp;lt;script&amp;gt;" in body
