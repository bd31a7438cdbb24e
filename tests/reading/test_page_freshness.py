"""What readers see changes when the chief editor signs off, the workflow moves an
issue, a correction is made or a name is changed — and a stored page follows at
once. Editing the working copy changes nothing readers see: their stored pages
stay as they are until the changes are signed off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.content.models import (
    DistributionEntry,
    Issue,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from editorial.workflow import errata
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, make_user
from tests.signing import first_article, signed_and_published

pytestmark = pytest.mark.django_db

MARKER = "改动之后"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def served_stored(client, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


def edit(issue, change: str) -> None:
    """Change the working copy of ``issue`` as an editor's form would, leaving MARKER."""
    article = first_article(issue)
    if change == "article":
        article.body = MARKER
        article.save()
    elif change == "section":
        section = article.section
        section.name = MARKER
        section.save()
    elif change == "source":
        article.source_links.all().delete()
        article.source_text = MARKER
        article.save()
    elif change == "distribution":
        DistributionEntry.objects.filter(issue=issue).first().delete()
        DistributionEntry.objects.create(
            issue=issue, recipient=Recipient.objects.create(name=MARKER), position=9
        )
    elif change == "masthead":
        issue.publisher = MARKER
        issue.save()


CHANGES = ["article", "section", "source", "distribution", "masthead"]


class TestTheWorkingCopy:
    @pytest.mark.parametrize("change", CHANGES)
    def test_an_edit_leaves_the_stored_page_as_signed(self, client, issue, committed, change):
        url = issue.get_absolute_url()
        client.get(url)
        with committed():
            edit(issue, change)
        assert served_stored(client, url)
        assert MARKER not in text(client.get(url))

    @pytest.mark.parametrize("change", CHANGES)
    def test_signing_off_the_edit_shows_it(self, client, issue, chief, committed, change):
        url = issue.get_absolute_url()
        client.get(url)
        with committed():
            edit(issue, change)
            workflow.resign(issue, chief)
        assert MARKER in text(client.get(url))

    def test_signing_off_shows_the_change_on_the_article_page(
        self, client, issue, chief, committed
    ):
        article = first_article(issue)
        client.get(article.get_absolute_url())
        with committed():
            edit(issue, "article")
            workflow.resign(issue, chief)
        assert MARKER in text(client.get(article.get_absolute_url()))


class TestTheWorkflow:
    def test_withdrawing_an_issue_takes_its_page_down(self, client, issue, chief, committed):
        client.get(issue.get_absolute_url())
        with committed():
            workflow.withdraw(issue, chief, reason="撤回重发")
        assert client.get(issue.get_absolute_url()).status_code == 404

    def test_publishing_a_newer_issue_adds_the_next_link(self, client, issue, chief, committed):
        assert 'rel="next"' not in text(client.get(issue.get_absolute_url()))
        with committed():
            newer = signed_and_published(chief, year=2012, number=9)
        body = text(client.get(issue.get_absolute_url()))
        assert f'rel="next" href="{newer.get_absolute_url()}"' in body

    def test_making_an_issue_internal_takes_it_from_anonymous_readers_once_signed(
        self, client, issue, chief, committed
    ):
        client.get(issue.get_absolute_url())
        with committed():
            issue.visibility = Issue.Visibility.INTERNAL
            issue.save()
        assert client.get(issue.get_absolute_url()).status_code == 200
        with committed():
            workflow.resign(issue, chief)
        assert client.get(issue.get_absolute_url()).status_code == 302


class TestCorrections:
    def test_a_correction_shows_on_the_issue_page_and_the_article_page(
        self, client, issue, chief, committed
    ):
        article = first_article(issue)
        for url in (issue.get_absolute_url(), article.get_absolute_url()):
            client.get(url)
        with committed():
            errata.attach(article, wrong="第一段1", right="更正后的第一段", user=chief)
        for url in (issue.get_absolute_url(), article.get_absolute_url()):
            assert "更正后的第一段" in text(client.get(url))

    def test_a_correction_in_another_issue_leaves_this_page_stored(
        self, client, issue, chief, committed
    ):
        with committed():
            other = signed_and_published(chief, year=2011, number=3)
        client.get(issue.get_absolute_url())
        with committed():
            errata.attach(first_article(other), wrong="第一段1", right="更正", user=chief)
        assert served_stored(client, issue.get_absolute_url())


class TestNames:
    """A name is printed as signed: a rename reaches readers with the sign-off."""

    def test_a_renamed_organization_shows_on_the_list_of_sources_once_signed(
        self, client, issue, chief, committed
    ):
        client.get("/sources/")
        with committed():
            organization = SourceOrganization.objects.get(name="市总工会宣教部")
            organization.name = MARKER
            organization.save()
        assert MARKER not in text(client.get("/sources/"))
        with committed():
            workflow.resign(issue, chief)
        assert MARKER in text(client.get("/sources/"))

    def test_a_renamed_tag_shows_on_the_article_page_once_signed(
        self, client, issue, chief, committed
    ):
        article = first_article(issue)
        with committed():
            article.tags.add("劳模")
            workflow.resign(issue, chief)
        client.get(article.get_absolute_url())
        with committed():
            tag = article.tags.get()
            tag.name = "全国劳模"
            tag.save()
        assert "全国劳模" not in text(client.get(article.get_absolute_url()))
        with committed():
            workflow.resign(issue, chief)
        assert "全国劳模" in text(client.get(article.get_absolute_url()))


def test_a_reader_given_a_unit_finds_its_internal_issues_in_the_search_filters(
    client, issue, committed
):
    with committed():
        make_issue(year=2013, number=1, visibility=Issue.Visibility.INTERNAL)
    reader = make_user("reader", staff=True)
    client.force_login(reader)
    assert '<option value="2013">' not in text(client.get("/search/"))
    with committed():
        UnitMembership.objects.create(user=reader, unit=Recipient.objects.get(name="省总工会"))
    assert '<option value="2013">' in text(client.get("/search/"))
