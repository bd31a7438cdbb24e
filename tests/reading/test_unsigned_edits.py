"""A published issue changed since it was signed off: readers see it as signed, in
every list, count, feed, sitemap and e-mail, until the chief editor signs the
changes off (``resign``)."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse

from editorial.content import readership
from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    ReadReceipt,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from editorial.output import mailing
from editorial.workflow import notifications
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, make_user, sample_staff, take_to

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ORGANIZATION = "市总工会宣教部"  # the factories' source of every article


def text(response) -> str:
    return response.content.decode()


def sitemap_paths(client, section: str) -> list[str]:
    response = client.get(reverse("editorial:sitemap_section", args=[section]))
    root = ElementTree.fromstring(response.content)
    return [loc.text.removeprefix("http://testserver") for loc in root.iter(f"{SITEMAP}loc")]


@pytest.fixture
def issue():
    return make_issue(year=2012, number=8, sections=("工作动态", "简讯"))


def add_section(issue: Issue, name: str = "新增栏目") -> Article:
    """A new section with one article, as a chief editor adds them in the admin."""
    section = issue.sections.create(name=name, position=issue.sections.count() + 1)
    article = Article.objects.create(section=section, position=1, title="新增文章", body="正文。")
    organization = SourceOrganization.objects.get(name=ORGANIZATION)
    ArticleSource.objects.create(article=article, organization=organization, position=1)
    return article


def section_page(client, name: str):
    return client.get(reverse("editorial:section_articles", args=["bulletin", name]))


def signed_again(issue: Issue) -> None:
    workflow.resign(issue, sample_staff()[1])


class TestSections:
    def test_a_section_added_since_the_sign_off_has_no_page(self, client, issue):
        add_section(issue)
        assert (
            client.get(
                reverse("editorial:section_articles", args=["bulletin", "新增栏目"])
            ).status_code
            == 404
        )

    def test_a_section_renamed_since_the_sign_off_keeps_its_page_under_its_signed_name(
        self, client, issue
    ):
        section = issue.sections.get(name="简讯")
        section.name = "改名栏目"
        section.save()
        assert (
            client.get(
                reverse("editorial:section_articles", args=["bulletin", "改名栏目"])
            ).status_code
            == 404
        )
        response = client.get(reverse("editorial:section_articles", args=["bulletin", "简讯"]))
        assert [a.title for a in response.context["articles"]] == ["简讯文章1"]

    def test_the_section_has_its_page_once_signed_off(self, client, issue):
        add_section(issue)
        signed_again(issue)
        response = section_page(client, "新增栏目")
        assert [a.title for a in response.context["articles"]] == ["新增文章"]


class TestTags:
    def test_a_tag_given_since_the_sign_off_lists_nothing(self, client, issue):
        Article.objects.filter(section__issue=issue).first().tags.add("未签发标签")
        assert client.get(reverse("editorial:tag_articles", args=["未签发标签"])).status_code == 404

    def test_a_tag_taken_off_since_the_sign_off_still_lists_the_article(self, client):
        draft = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
        article = Article.objects.get(section__issue=draft)
        article.tags.add("劳模")
        take_to(draft, Issue.Status.PUBLISHED)
        article.tags.clear()
        response = client.get(reverse("editorial:tag_articles", args=["劳模"]))
        assert list(response.context["articles"]) == [article]


class TestArticles:
    def test_an_edited_title_is_listed_as_signed(self, client, issue):
        article = Article.objects.get(section__issue=issue, title="工作动态文章1")
        article.title = "改过的标题"
        article.save()
        for url in (
            reverse("editorial:section_articles", args=["bulletin", "工作动态"]),
            SourceOrganization.objects.get(name=ORGANIZATION).get_absolute_url(),
            reverse("editorial:archive_year", args=["bulletin", 2012]),
            article.get_absolute_url(),
        ):
            body = text(client.get(url))
            assert "工作动态文章1" in body, url
            assert "改过的标题" not in body, url

    def test_an_article_deleted_since_the_sign_off_is_still_at_its_address(self, client, issue):
        article = Article.objects.get(section__issue=issue, title="简讯文章1")
        address = article.get_absolute_url()
        article.delete()
        response = client.get(address)
        assert response.status_code == 200
        assert "简讯文章1" in text(response)

    def test_an_article_added_since_the_sign_off_has_no_page(self, client, issue):
        article = add_section(issue)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_an_editor_previews_an_article_added_since_the_sign_off(self, client, issue):
        article = add_section(issue)
        client.force_login(make_user("desk", staff=True, groups=["编辑"]))
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "新增文章" in text(response)
        assert "尚未签发" in text(response)
        assert "no-store" in response["Cache-Control"]


class TestCounts:
    def test_the_contributors_count_signed_articles(self, client, issue):
        add_section(issue)
        response = client.get(reverse("editorial:source_list"))
        [organization] = response.context["organizations"]
        assert organization.article_count == 2

    def test_an_organization_page_counts_signed_articles(self, client, issue):
        add_section(issue)
        organization = SourceOrganization.objects.get(name=ORGANIZATION)
        response = client.get(organization.get_absolute_url())
        assert response.context["per_year"] == [(2012, 2)]

    def test_the_archive_counts_signed_articles_and_shows_the_signed_date(self, client, issue):
        add_section(issue)
        issue.issue_date = date(2012, 5, 1)
        issue.save()
        response = client.get(reverse("editorial:archive", args=["bulletin"]))
        assert [listed.article_count for listed in response.context["issues"]] == [2]
        body = text(response)
        assert "2012年4月25日" in body
        assert "2012年5月1日" not in body


class TestFeedAndSitemap:
    def test_the_sitemap_lists_no_article_added_since_the_sign_off(self, client, issue):
        article = add_section(issue)
        assert article.get_absolute_url() not in sitemap_paths(client, "articles")

    def test_the_sitemap_lists_an_article_deleted_since_the_sign_off(self, client, issue):
        article = Article.objects.get(section__issue=issue, title="简讯文章1")
        address = article.get_absolute_url()
        article.delete()
        assert address in sitemap_paths(client, "articles")

    def test_the_feed_lists_the_contents_as_signed(self, client, issue):
        add_section(issue)
        body = text(client.get(reverse("editorial:feed", args=["bulletin"])))
        assert "简讯文章1" in body
        assert "新增文章" not in body


class TestTheNewIssueEmail:
    @pytest.fixture
    def subscriber(self):
        user = make_user("subscriber", staff=True, email="subscriber@example.org")
        notifications.set_subscribed(user, True)
        return user

    def test_it_shows_the_issue_as_signed(self, issue, subscriber):
        add_section(issue)
        article = Article.objects.get(section__issue=issue, title="简讯文章1")
        article.title = "改过的标题"
        article.save()
        mailing.plan(issue)
        mailing.send_due()
        [message] = mail.outbox
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert "简讯文章1" in body
            assert "改过的标题" not in body
            assert "新增栏目" not in body

    def test_its_subject_names_the_issue_as_signed(self, issue, subscriber):
        issue.title = "改过的刊名"
        issue.save()
        mailing.plan(issue)
        mailing.send_due()
        [message] = mail.outbox
        assert "工会工作简报" in message.subject
        assert "改过的刊名" not in message.subject


class TestReadReceipts:
    def test_a_unit_added_to_the_list_since_the_sign_off_leaves_no_receipt(self, client, issue):
        unit = Recipient.objects.create(name="新增单位")
        DistributionEntry.objects.create(issue=issue, recipient=unit, position=3)
        reader = make_user("newcomer", staff=True)
        UnitMembership.objects.create(user=reader, unit=unit)
        client.force_login(reader)
        assert client.get(issue.get_absolute_url()).status_code == 200
        assert not ReadReceipt.objects.filter(issue=issue).exists()

    def test_a_unit_on_the_list_as_signed_leaves_a_receipt(self, client, issue):
        reader = make_user("listed", staff=True)
        UnitMembership.objects.create(user=reader, unit=Recipient.objects.get(name="省总工会"))
        client.force_login(reader)
        client.get(issue.get_absolute_url())
        assert readership.receipt_rows(issue)[1].read
