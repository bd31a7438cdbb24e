"""Sign-off (签发) freezes the issue: approving stores one immutable signed version,
readers are shown that version whatever happens to the working copy, and only a
new sign-off by a chief editor changes what they see."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.archive import records as archive
from editorial.content.models import Article, Issue
from editorial.signed.models import ImmutableRecord, IssueVersion
from editorial.workflow import errata, signoff
from editorial.workflow import transitions as workflow
from editorial.workflow.models import Correction
from tests.archive import test_archive as archive_tests
from tests.factories import make_issue, make_user
from tests.signing import (
    SIGNOFF_MIGRATION,
    first_article,
    in_review,
    signed_and_published,
    text,
    visible_text,
)
from tests.workflow.helpers import shown_messages

pytestmark = pytest.mark.django_db


OLD = "原来签发的正文"
NEW = "签发之后改动的正文"


@pytest.fixture
def chief(roles):
    return make_user("chief", staff=True, groups=["签发人"], first_name="建国", last_name="王")


@pytest.fixture
def issue(chief, committed):
    """Published by the chief editor; its first article reads OLD."""
    issue = in_review(year=2026, number=5)
    article = first_article(issue)
    article.body = OLD
    article.save()
    with committed():
        workflow.approve(issue, chief)
        workflow.publish(issue, chief)
    issue.refresh_from_db()
    return issue


def edit_body(issue, body, committed):
    """A chief editor changes the working copy (as the admin's article form does)."""
    article = first_article(issue)
    with committed():
        article.body = body
        article.save()
    return article


class TestSigningOff:
    def test_approving_stores_one_signed_version_with_the_signer_and_the_time(self, chief):
        issue = in_review()
        before = timezone.now()

        workflow.approve(issue, chief)

        version = IssueVersion.objects.get(issue=issue)
        assert version.sequence == 1
        assert version.signed_by == chief
        assert version.signer_name == "王建国"
        assert version.signed_at >= before

    def test_the_version_holds_the_issue_exactly_as_approved(self, chief):
        issue = in_review(sections=("工作动态", "简讯"), articles_per_section=2, print_run=300)

        workflow.approve(issue, chief)

        content = IssueVersion.objects.get(issue=issue).content
        assert [s["name"] for s in content["sections"]] == ["工作动态", "简讯"]
        assert [a["title"] for a in content["sections"][0]["articles"]] == [
            "工作动态文章1",
            "工作动态文章2",
        ]
        assert content["distribution"] == ["全总办公厅", "省总工会"]
        assert content["print_run"] == 300
        assert content == signoff.assemble(issue)

    def test_the_masthead_shows_the_signer_and_the_date(self, client, issue):
        page = visible_text(client.get(issue.get_absolute_url()))

        assert "签发人：王建国" in page
        assert f"{timezone.localdate():%Y}年" in page

    def test_an_issue_returned_and_signed_off_again_has_a_second_version(self, chief):
        issue = in_review()
        workflow.approve(issue, chief)
        workflow.return_to_draft(issue, chief, comment="再改一下")
        workflow.submit(issue, chief)

        workflow.approve(issue, chief)

        assert list(issue.versions.values_list("sequence", flat=True)) == [1, 2]


class TestVersionsAreImmutable:
    def test_a_version_cannot_be_saved_again(self, issue):
        version = issue.versions.get()
        version.content = {"sections": []}
        with pytest.raises(ImmutableRecord):
            version.save()

    def test_a_version_cannot_be_deleted(self, issue):
        with pytest.raises(ImmutableRecord):
            issue.versions.get().delete()

    def test_versions_cannot_be_changed_or_deleted_in_bulk(self, issue):
        with pytest.raises(ImmutableRecord):
            IssueVersion.objects.filter(issue=issue).update(note="改")
        with pytest.raises(ImmutableRecord):
            IssueVersion.objects.filter(issue=issue).delete()

    def test_the_admin_offers_no_way_to_change_a_version(self, admin_client, issue):
        response = admin_client.get(f"/admin/editorial/issueversion/{issue.versions.get().pk}/")
        assert response.status_code == 404

    def test_a_signed_issue_cannot_be_deleted(self, issue, chief):
        workflow.withdraw(issue, chief, reason="撤回")
        with pytest.raises(Exception, match="protected"):
            Issue.objects.get(pk=issue.pk).delete()
        assert IssueVersion.objects.filter(issue=issue).exists()


class TestReadersSeeTheSignedVersion:
    """A signed issue cannot change under readers."""

    def test_an_edit_of_the_working_copy_does_not_reach_the_issue_page(
        self, client, issue, committed
    ):
        client.get(issue.get_absolute_url())
        edit_body(issue, NEW, committed)

        page = text(client.get(issue.get_absolute_url()))

        assert OLD in page
        assert NEW not in page

    def test_an_edit_of_the_working_copy_does_not_reach_the_article_page(
        self, client, issue, committed
    ):
        article = edit_body(issue, NEW, committed)

        page = text(client.get(article.get_absolute_url()))

        assert OLD in page
        assert NEW not in page

    def test_a_signed_in_editor_reading_the_site_sees_the_signed_version_too(
        self, client, issue, chief, committed
    ):
        edit_body(issue, NEW, committed)
        client.force_login(chief)

        page = text(client.get(issue.get_absolute_url()))

        assert OLD in page
        assert NEW not in page

    def test_a_new_title_does_not_reach_lists_search_or_the_feed(
        self, client, issue, chief, committed
    ):
        article = first_article(issue)
        with committed():
            article.tags.add("劳模")
            workflow.resign(issue, chief)
            article.title = "改过而未签发的标题"
            article.save()

        pages = [
            reverse("editorial:archive_year", args=["bulletin", 2026]),
            reverse("editorial:tag_articles", args=["劳模"]),
            reverse("editorial:section_articles", args=["bulletin", "工作动态"]),
            reverse("editorial:search") + "?q=原来签发",
            reverse("editorial:feed", args=["bulletin"]),
        ]
        for address in pages:
            page = text(client.get(address))
            assert "工作动态文章1" in page, address
            assert "改过而未签发的标题" not in page, address

    def test_search_shows_the_signed_text_in_its_snippets(self, client, issue, committed):
        edit_body(issue, f"{OLD}，{NEW}", committed)

        page = text(client.get(reverse("editorial:search"), {"q": "原来签发"}))

        assert first_article(issue).get_absolute_url() in page
        assert NEW not in page

    @pytest.mark.postgres
    def test_search_does_not_find_unsigned_words(self, client, issue, committed):
        edit_body(issue, NEW, committed)

        page = text(client.get(reverse("editorial:search"), {"q": "改动的正文"}))

        assert first_article(issue).get_absolute_url() not in page

    def test_an_article_deleted_from_the_working_copy_keeps_its_address(
        self, client, chief, committed
    ):
        issue = signed_and_published(chief, articles_per_section=2)
        article = first_article(issue)
        address = article.get_absolute_url()
        with committed():
            article.delete()

        assert "工作动态文章1" in text(client.get(address))
        assert "工作动态文章1" in text(client.get(issue.get_absolute_url()))

    def test_an_unsigned_edit_leaves_the_page_and_its_etag_unchanged(
        self, client, issue, committed
    ):
        before = client.get(issue.get_absolute_url())
        edit_body(issue, NEW, committed)

        after = client.get(issue.get_absolute_url())

        assert after["ETag"] == before["ETag"]
        assert after.content == before.content


class TestSigningOffTheChanges:
    def test_after_the_changes_are_signed_off_readers_see_them(
        self, client, issue, chief, committed
    ):
        article = edit_body(issue, NEW, committed)
        client.get(issue.get_absolute_url())

        with committed():
            workflow.resign(issue, chief)

        assert NEW in text(client.get(issue.get_absolute_url()))
        assert NEW in text(client.get(article.get_absolute_url()))
        assert OLD not in text(client.get(issue.get_absolute_url()))

    @pytest.mark.postgres
    def test_after_the_changes_are_signed_off_search_finds_them(
        self, client, issue, chief, committed
    ):
        article = edit_body(issue, NEW, committed)
        with committed():
            workflow.resign(issue, chief)

        page = text(client.get(reverse("editorial:search"), {"q": "改动的正文"}))

        assert article.get_absolute_url() in page

    def test_signing_off_the_changes_stores_a_new_version_and_keeps_the_issue_published(
        self, issue, chief, committed
    ):
        edit_body(issue, NEW, committed)

        workflow.resign(issue, chief)

        issue.refresh_from_db()
        assert issue.status == Issue.Status.PUBLISHED
        assert issue.versions.count() == 2
        assert not issue.unsigned_changes

    def test_there_is_nothing_to_sign_off_without_changes(self, issue, chief):
        with pytest.raises(workflow.WorkflowError, match="没有需要签发的改动"):
            workflow.resign(issue, chief)

    def test_an_editor_cannot_sign_off_changes(self, issue, committed, roles):
        editor = make_user("editor", staff=True, groups=["编辑"])
        edit_body(issue, NEW, committed)

        with pytest.raises(workflow.WorkflowPermissionDenied):
            workflow.resign(issue, editor)

    def test_an_editor_cannot_change_a_published_issue_in_the_admin(self, client, issue, roles):
        editor = make_user("editor", staff=True, groups=["编辑"])
        client.force_login(editor)
        article = first_article(issue)

        page = client.get(reverse("admin:editorial_article_change", args=[article.pk]))

        assert 'name="body"' not in text(page)

    def test_the_issue_page_in_the_admin_says_readers_see_the_signed_version(
        self, client, issue, chief, committed
    ):
        edit_body(issue, NEW, committed)
        client.force_login(chief)

        page = text(client.get(reverse("admin:editorial_issue_change", args=[issue.pk])))

        assert 'id="unsigned-changes"' in page
        assert 'id="workflow-resign"' in page

    def test_without_changes_the_admin_offers_no_new_sign_off(self, client, issue, chief):
        client.force_login(chief)

        page = text(client.get(reverse("admin:editorial_issue_change", args=[issue.pk])))

        assert 'id="unsigned-changes"' not in page
        assert 'id="workflow-resign"' not in page

    def test_the_admin_button_signs_off_the_changes(self, client, issue, chief, committed):
        edit_body(issue, NEW, committed)
        client.force_login(chief)

        response = client.post(
            reverse("admin:editorial_issue_transition", args=[issue.pk]),
            {"transition": "resign"},
            follow=True,
        )

        assert issue.versions.count() == 2
        assert any("签发版本 2" in message for message in shown_messages(response))


class TestComparingVersions:
    def compare(self, client, issue, a, b):
        url = reverse("admin:editorial_issue_compare_versions", args=[issue.pk])
        return text(client.get(url, {"a": a, "b": b}))

    def test_two_signed_versions_are_compared_per_article(self, client, issue, chief, committed):
        edit_body(issue, NEW, committed)
        workflow.resign(issue, chief)
        client.force_login(chief)

        page = self.compare(client, issue, 1, 2)

        # 原来签发的正文 → 签发之后改动的正文, character by character
        assert "工作动态文章1" in page
        assert "<del>原来</del>签发<ins>之后改动</ins>的正文" in page

    def test_a_version_is_compared_with_the_working_copy(self, client, issue, chief, committed):
        article = first_article(issue)
        with committed():
            article.title = "新标题"
            article.save()
        client.force_login(chief)

        page = self.compare(client, issue, 1, "working")

        assert "新标题" in page
        assert 'class="ed-compare-part ed-changed"' in page

    def test_added_and_removed_articles_are_marked(self, client, chief, committed):
        issue = signed_and_published(chief, articles_per_section=2)
        first, second = Article.objects.filter(section__issue=issue).order_by("position")
        with committed():
            second.delete()
            Article.objects.create(section=first.section, position=5, title="新增文章", body="正文")
        workflow.resign(issue, chief)
        client.force_login(chief)

        page = self.compare(client, issue, 1, 2)

        assert "新增文章" in page
        assert "新增" in page and "删去" in page

    def test_editors_may_compare_versions(self, client, issue, roles):
        client.force_login(make_user("editor", staff=True, groups=["编辑"]))

        page = self.compare(client, issue, 1, "working")

        assert 'id="versions-compare"' in page

    def test_readers_may_not(self, client, issue):
        client.force_login(make_user("clerk", staff=True))
        url = reverse("admin:editorial_issue_compare_versions", args=[issue.pk])

        assert client.get(url, {"a": 1, "b": "working"}).status_code == 403


class TestQueries:
    def queries(self, client, issue) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(issue.get_absolute_url()).status_code == 200
        return len(captured)

    def test_a_signed_issue_page_costs_as_many_queries_for_60_articles_as_for_2(
        self, client, chief
    ):
        small = signed_and_published(chief, number=5, articles_per_section=2)
        large = signed_and_published(chief, number=6, articles_per_section=60)

        assert self.queries(client, small) == self.queries(client, large)


class TestIssuesSignedBeforeVersionsWereKept:
    def test_the_migration_records_their_version_as_they_stand(self, chief):
        # Published as the workflow did before versions were kept: without one.
        old = make_issue(
            year=2012,
            number=8,
            status=Issue.Status.DRAFT,
            approved_by=chief,
            publish_at=timezone.now() - timedelta(days=1),
        )
        workflow.record(old, Issue.Status.PUBLISHED, actor=chief)
        draft = make_issue(year=2012, number=9, status=Issue.Status.DRAFT)

        SIGNOFF_MIGRATION.record_signed_versions(apps, None)

        as_they_stand = signoff.assemble(old)
        for name in signoff.SIGNED_SINCE:  # signed since migration 0022
            del as_they_stand[name]
        for section in as_they_stand["sections"]:
            for article in section["articles"]:
                del article["tags"]  # signed with their article only since migration 0010
        assert old.versions.get().content == as_they_stand
        assert old.versions.get().signer_name == "王建国"
        assert not draft.versions.exists()

    def test_imported_published_issues_are_shown_as_imported(self, client, committed):
        from django.conf import settings
        from django.core.management import call_command

        with committed():
            call_command("import_legacy", str(settings.BASE_DIR / "seeds"), verbosity=0)

        for issue in Issue.objects.all():
            version = issue.versions.get()
            assert version.note.startswith("从旧版文本导入")
            assert version.signed_at == issue.publish_at


class TestScheduledIssue:
    def test_a_scheduled_issue_shows_its_signed_version_when_its_time_comes(
        self, client, chief, committed
    ):
        issue = in_review()
        with committed():
            workflow.approve(issue, chief)
            workflow.publish(issue, chief, at=timezone.now() + timedelta(hours=1))
        Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

        assert "签发人：王建国" in visible_text(client.get(issue.get_absolute_url()))


@pytest.mark.django_db(transaction=True)
class TestArchive:
    def test_signed_versions_corrections_and_supplements_survive_export_and_import(
        self, tmp_path, client, roles
    ):
        chief = make_user("chief", staff=True, groups=["签发人"], last_name="王")
        issue = signed_and_published(chief, year=2026, number=5)
        article = first_article(issue)
        article.body = NEW
        article.save()
        workflow.resign(issue, chief)
        article.body = "再改一次，尚未签发"
        article.save()
        errata.attach(article, wrong="原文", right="正文", user=chief)
        supplement = in_review(year=2026, number=5, series=Issue.Series.SUPPLEMENT)
        workflow.approve(supplement, chief)
        errata.add_notice(in_review(year=2026, number=6), actor=chief)
        first, second = tmp_path / "first", tmp_path / "second"
        archive.export_archive(first)
        archive_tests.empty_the_database()

        archive.import_archive(first)
        archive.export_archive(second)

        assert archive_tests.read_tree(second) == archive_tests.read_tree(first)
        assert (first / "issues/bulletin/2026-supplement-005.json").exists()
        restored = Issue.objects.get(series=Issue.Series.REGULAR, year=2026, number=5)
        assert restored.versions.count() == 2
        assert restored.unsigned_changes
        assert Correction.objects.get().noticed_in.number == 6
        page = text(client.get(restored.get_absolute_url()))
        assert NEW in page
        assert "再改一次" not in page
