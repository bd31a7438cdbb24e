"""Who may read which issue (``signed.readers.readable_q``): live issues, public
as signed, or internal as signed and read by editors and by signed-in staff of a
unit on the 本期印发 list as signed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from editorial.content.models import Article, Issue, Recipient, UnitMembership
from editorial.signed import readers
from tests.factories import make_issue, make_user

pytestmark = pytest.mark.django_db


class TestVisibility:
    def visible(self, user=None):
        copies = readers.issues_for(user or AnonymousUser()).select_related(None)
        return set(Issue.objects.filter(pk__in=copies.values("issue_id")))

    def test_a_published_public_issue_is_visible_to_anyone(self):
        issue = make_issue()
        assert self.visible() == {issue}

    @pytest.mark.parametrize(
        "status", [Issue.Status.DRAFT, Issue.Status.IN_REVIEW, Issue.Status.APPROVED]
    )
    def test_unpublished_issues_are_visible_to_nobody_on_the_site(self, status):
        make_issue(status=status)
        staff = make_user("reader", staff=True)
        assert self.visible() == set()
        assert self.visible(staff) == set()

    def test_a_scheduled_issue_is_hidden_until_its_publish_time(self):
        issue = make_issue(publish_at=timezone.now() + timedelta(hours=1))
        assert issue.is_scheduled
        assert self.visible() == set()
        Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
        assert self.visible() == {issue}

    def test_an_internal_issue_is_for_staff_of_the_units_on_its_list_and_editors(self):
        issue = make_issue(visibility=Issue.Visibility.INTERNAL, distribution=("省总工会",))
        listed = Recipient.objects.get(name="省总工会")
        unlisted = Recipient.objects.create(name="市各有关部门")
        member = make_user("member")  # signed in, but not staff
        UnitMembership.objects.create(user=member, unit=listed)
        staff_of_listed = make_user("reader", staff=True)
        UnitMembership.objects.create(user=staff_of_listed, unit=listed)
        staff_of_unlisted = make_user("other", staff=True)
        UnitMembership.objects.create(user=staff_of_unlisted, unit=unlisted)
        staff_without_unit = make_user("clerk", staff=True)
        # An editor of the office that publishes it (issue 31).
        editor = make_user("editor", staff=True, groups=["编辑"])
        assert self.visible() == set()
        assert self.visible(member) == set()
        assert self.visible(staff_of_unlisted) == set()
        assert self.visible(staff_without_unit) == set()
        assert self.visible(staff_of_listed) == {issue}
        assert self.visible(editor) == {issue}

    def test_articles_follow_the_visibility_of_their_issue(self):
        public = make_issue(number=1)
        make_issue(number=2, status=Issue.Status.DRAFT)
        make_issue(number=3, visibility=Issue.Visibility.INTERNAL)
        readable = readers.articles_for(AnonymousUser()).values_list("article_id", flat=True)
        issues = set(
            Article.objects.filter(pk__in=readable).values_list("section__issue", flat=True)
        )
        assert issues == {public.pk}
