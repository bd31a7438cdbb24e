"""The content model's rules, as editors and readers meet them."""

import pytest
from django.db import IntegrityError, transaction

from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
    split_paragraphs,
)
from tests.factories import default_bulletin, make_issue

pytestmark = pytest.mark.django_db


class TestNumbering:
    def test_two_issues_cannot_share_a_number_in_one_year(self):
        make_issue(year=2012, number=8)
        with pytest.raises(IntegrityError), transaction.atomic():
            Issue.objects.create(year=2012, number=8)

    def test_the_same_number_in_another_year_is_fine(self):
        make_issue(year=2012, number=8)
        Issue.objects.create(year=2013, number=8)
        assert Issue.objects.filter(number=8).count() == 2

    def test_next_number_follows_the_highest_of_the_year(self):
        make_issue(year=2012, number=3)
        make_issue(year=2012, number=7)
        make_issue(year=2013, number=20)
        bulletin = default_bulletin()
        assert Issue.objects.next_number(bulletin, 2012) == 8
        assert Issue.objects.next_number(bulletin, 2014) == 1

    def test_a_published_issue_must_have_a_publish_time(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Issue.objects.create(year=2012, number=1, status=Issue.Status.PUBLISHED)

    def test_issue_reads_as_its_masthead(self):
        issue = make_issue(year=2012, number=8)
        assert str(issue) == "工会工作简报 2012年第8期"
        assert issue.get_absolute_url() == "/bulletin/issues/2012/8/"


class TestOrdering:
    def test_sections_articles_sources_and_recipients_keep_their_order(self):
        issue = make_issue(
            status=Issue.Status.DRAFT,
            sections=("简讯", "工作动态"),
            articles_per_section=0,
            distribution=("省总工会", "全总办公厅", "市各有关部门"),
        )
        # Written out of order on purpose: position decides, not insertion.
        late = Section.objects.create(issue=issue, name="经验交流", position=0)
        assert [s.name for s in issue.sections.all()] == ["经验交流", "简讯", "工作动态"]
        assert [e.recipient.name for e in issue.distribution.all()] == [
            "省总工会",
            "全总办公厅",
            "市各有关部门",
        ]
        second = Article.objects.create(section=late, position=2, title="乙", body="乙。")
        first = Article.objects.create(section=late, position=1, title="甲", body="甲。")
        assert list(late.articles.all()) == [first, second]

        b = SourceOrganization.objects.create(name="市总工会研究室")
        a = SourceOrganization.objects.get(name="市总工会宣教部")  # made by make_issue
        ArticleSource.objects.create(article=first, organization=b, position=1)
        ArticleSource.objects.create(article=first, organization=a, position=2)
        assert [o.name for o in first.ordered_sources] == ["市总工会研究室", "市总工会宣教部"]

    def test_two_sections_cannot_hold_the_same_position(self):
        issue = make_issue(sections=("工作动态",))
        with pytest.raises(IntegrityError), transaction.atomic():
            Section.objects.create(issue=issue, name="简讯", position=1)

    def test_a_recipient_appears_once_per_issue(self):
        issue = make_issue(distribution=("省总工会",))
        with pytest.raises(IntegrityError), transaction.atomic():
            DistributionEntry.objects.create(
                issue=issue, recipient=Recipient.objects.get(name="省总工会"), position=2
            )


class TestOrganizations:
    def test_an_alias_finds_its_organization(self):
        org = SourceOrganization.objects.create(name="市总工会宣教部", short_name="市总宣教部")
        OrganizationAlias.objects.create(organization=org, name="市总宣教部")
        assert SourceOrganization.objects.resolve("市总宣教部") == org
        assert SourceOrganization.objects.resolve("  市总工会宣教部 ") == org
        assert SourceOrganization.objects.resolve("市总工会研究室") is None

    def test_resolve_or_create_makes_one_record_per_name(self):
        first = SourceOrganization.objects.resolve_or_create("常熟市总工会")
        again = SourceOrganization.objects.resolve_or_create("常熟市总工会")
        assert first == again
        assert SourceOrganization.objects.count() == 1

    def test_an_alias_name_belongs_to_one_organization(self):
        a = SourceOrganization.objects.create(name="市总工会宣教部")
        b = SourceOrganization.objects.create(name="市总工会研究室")
        OrganizationAlias.objects.create(organization=a, name="宣教部")
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganizationAlias.objects.create(organization=b, name="宣教部")

    def test_parent_organization(self):
        parent = SourceOrganization.objects.create(name="市总工会")
        child = SourceOrganization.objects.create(name="市总工会宣教部", parent=parent)
        assert list(parent.children.all()) == [child]


class TestBody:
    def test_paragraphs_are_separated_by_blank_lines(self):
        assert split_paragraphs("第一段。\r\n\r\n第二段。\n\n\n第三段。\n") == [
            "第一段。",
            "第二段。",
            "第三段。",
        ]

    def test_article_url_is_its_permalink(self):
        issue = make_issue()
        article = Article.objects.get(section__issue=issue)
        assert article.get_absolute_url() == f"/bulletin/articles/{article.pk}/"
