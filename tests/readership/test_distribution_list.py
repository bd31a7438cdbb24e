"""The distribution list governs reading: an internal issue is read online by staff
of the units on its 本期印发 list and by editors; others who are signed in get the
"not on the distribution list" page, and it never leaks to them elsewhere."""

import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from editorial.content.models import (
    Article,
    DistributionEntry,
    Issue,
    Recipient,
    SourceOrganization,
)
from editorial.workflow import transitions
from tests.factories import UNLISTED, make_issue, make_user, member_of, sample_staff, take_to

pytestmark = pytest.mark.django_db

SECRET = "内部通报的秘闻"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def internal(db, django_capture_on_commit_callbacks):
    """An internal issue sent to 全总办公厅 and 省总工会, tagged and credited like any other."""
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(
            year=2012,
            number=6,
            status=Issue.Status.DRAFT,
            visibility=Issue.Visibility.INTERNAL,
            sections=("内部栏目",),
        )
        article = Article.objects.get(section__issue=issue)
        article.title = SECRET
        article.save()
        article.tags.add("内部标签")
        take_to(issue, Issue.Status.PUBLISHED)
    return issue


def article_of(issue) -> Article:
    return Article.objects.get(section__issue=issue)


class TestWhoReadsAnInternalIssue:
    def test_staff_of_a_unit_on_its_list_read_it(self, client, internal, listed_reader):
        client.force_login(listed_reader)
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 200
        assert SECRET in text(response)

    def test_staff_of_a_unit_on_its_list_read_its_articles(self, client, internal, listed_reader):
        client.force_login(listed_reader)
        response = client.get(article_of(internal).get_absolute_url())
        assert response.status_code == 200
        assert SECRET in text(response)

    def test_staff_of_a_unit_off_its_list_get_the_not_on_the_list_page(
        self, client, internal, outsider
    ):
        client.force_login(outsider)
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 403
        body = text(response)
        assert "不在本期印发名单上" in body
        assert UNLISTED in body
        assert SECRET not in body

    def test_an_article_of_it_is_refused_to_a_unit_off_its_list(self, client, internal, outsider):
        client.force_login(outsider)
        response = client.get(article_of(internal).get_absolute_url())
        assert response.status_code == 403
        assert SECRET not in text(response)

    def test_staff_without_a_unit_are_told_to_have_their_unit_recorded(self, client, internal):
        client.force_login(make_user("clerk", staff=True))
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 403
        assert "尚未登记所属单位" in text(response)

    def test_a_signed_in_account_that_is_not_staff_is_refused_even_of_a_listed_unit(
        self, client, internal
    ):
        client.force_login(member_of("省总工会", "member", staff=False))
        assert client.get(internal.get_absolute_url()).status_code == 403

    def test_an_editor_reads_it_whatever_the_list(self, client, internal):
        # An editor of the office that publishes it (issue 31).
        editor = make_user("editor", staff=True, groups=["编辑"])
        client.force_login(editor)
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 200
        assert SECRET in text(response)
        assert not response.context["preview"]

    def test_a_superuser_reads_it(self, client, internal):
        client.force_login(make_user("root", superuser=True))
        assert client.get(internal.get_absolute_url()).status_code == 200

    def test_an_anonymous_reader_is_still_asked_to_sign_in(self, client, internal):
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("editorial:sign_in"))

    def test_a_unit_added_to_the_working_list_does_not_read_it_before_a_sign_off(
        self, client, internal, outsider
    ):
        client.force_login(outsider)
        DistributionEntry.objects.create(
            issue=internal, recipient=Recipient.objects.get(name=UNLISTED), position=9
        )
        assert client.get(internal.get_absolute_url()).status_code == 403
        assert client.get(article_of(internal).get_absolute_url()).status_code == 403

    def test_a_unit_added_to_the_list_reads_it_once_the_change_is_signed_off(
        self, client, internal, outsider
    ):
        client.force_login(outsider)
        DistributionEntry.objects.create(
            issue=internal, recipient=Recipient.objects.get(name=UNLISTED), position=9
        )
        transitions.resign(internal, sample_staff()[1])
        assert client.get(internal.get_absolute_url()).status_code == 200

    def test_a_unit_taken_off_the_working_list_still_reads_it_until_a_sign_off(
        self, client, internal, listed_reader
    ):
        client.force_login(listed_reader)
        DistributionEntry.objects.filter(issue=internal, recipient__name="省总工会").delete()
        assert client.get(internal.get_absolute_url()).status_code == 200
        transitions.resign(internal, sample_staff()[1])
        assert client.get(internal.get_absolute_url()).status_code == 403

    def test_an_internal_issue_made_public_in_the_working_copy_stays_internal_until_signed(
        self, client, internal
    ):
        internal.visibility = Issue.Visibility.PUBLIC
        internal.save()
        assert client.get(internal.get_absolute_url()).status_code == 302
        transitions.resign(internal, sample_staff()[1])
        assert client.get(internal.get_absolute_url()).status_code == 200

    def test_a_public_issue_made_internal_in_the_working_copy_stays_public_until_signed(
        self, client, django_capture_on_commit_callbacks
    ):
        issue = make_issue(year=2012, number=1)
        issue.visibility = Issue.Visibility.INTERNAL
        issue.save()
        assert client.get(issue.get_absolute_url()).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            transitions.resign(issue, sample_staff()[1])
        assert client.get(issue.get_absolute_url()).status_code == 302

    def test_a_renamed_unit_on_the_signed_list_still_reads_it(
        self, client, internal, listed_reader
    ):
        unit = Recipient.objects.get(name="省总工会")
        unit.name = "江苏省总工会"
        unit.save()
        client.force_login(listed_reader)
        assert client.get(internal.get_absolute_url()).status_code == 200

    def test_a_public_issue_is_read_by_every_unit(self, client, outsider):
        issue = make_issue(year=2012, number=1)
        client.force_login(outsider)
        assert client.get(issue.get_absolute_url()).status_code == 200


def sitemap_text(client) -> str:
    index = text(client.get("/sitemap.xml"))
    parts = [index]
    for location in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index):
        parts.append(text(client.get(location)))
    return "".join(parts)


LISTINGS = {
    "home": lambda c: text(c.get("/")),
    "archive": lambda c: text(c.get(reverse("editorial:archive", args=["bulletin"]))),
    "archive year": lambda c: text(c.get("/bulletin/issues/2012/")),
    "search": lambda c: text(c.get(reverse("editorial:search"), {"q": "秘闻"})),
    "section": lambda c: text(c.get("/bulletin/sections/内部栏目/")),
    "tag": lambda c: text(c.get(f"/tags/{Tag.objects.get(name='内部标签').slug}/")),
    "organization": lambda c: text(
        c.get(SourceOrganization.objects.get(name="市总工会宣教部").get_absolute_url())
    ),
    "organizations": lambda c: text(c.get(reverse("editorial:source_list"))),
    "feed": lambda c: text(c.get(reverse("editorial:feed", args=["bulletin"]))),
    "sitemap": sitemap_text,
}


class TestItNeverLeaksToUnitsOffTheList:
    @pytest.fixture
    def public(self, db, django_capture_on_commit_callbacks):
        """A public issue beside it, so that every listing has something to show."""
        with django_capture_on_commit_callbacks(execute=True):
            issue = make_issue(year=2012, number=1, sections=("内部栏目",))
            article_of(issue).tags.add("内部标签")
        return issue

    @pytest.mark.parametrize("listing", LISTINGS)
    def test_no_listing_gives_it_away(self, client, internal, public, outsider, listing):
        client.force_login(outsider)
        page = LISTINGS[listing](client)
        assert SECRET not in page
        assert internal.get_absolute_url() not in page
        assert article_of(internal).get_absolute_url() not in page

    @pytest.mark.parametrize("listing", ["home", "archive", "search", "section", "tag"])
    def test_the_units_on_its_list_find_it(self, client, internal, public, listed_reader, listing):
        client.force_login(listed_reader)
        page = LISTINGS[listing](client)
        assert SECRET in page or internal.get_absolute_url() in page


class TestTheStoredPagesKeepTheRule:
    def test_a_page_read_by_a_listed_unit_is_never_served_to_anyone_else(
        self, client, internal, listed_reader, outsider
    ):
        address = internal.get_absolute_url()
        client.force_login(listed_reader)
        assert client.get(address).status_code == 200
        client.logout()
        assert client.get(address).status_code == 302
        client.force_login(outsider)
        response = client.get(address)
        assert response.status_code == 403
        assert SECRET not in text(response)

    def test_a_listed_reader_is_not_served_the_anonymous_copy_of_the_home_page(
        self, client, internal, listed_reader
    ):
        make_issue(year=2012, number=1)
        assert SECRET not in text(client.get("/"))
        client.force_login(listed_reader)
        assert SECRET in text(client.get("/"))

    def test_the_refusal_page_is_never_cached(self, client, internal, outsider):
        client.force_login(outsider)
        response = client.get(internal.get_absolute_url())
        assert response.status_code == 403
        assert "ETag" not in response
