"""Published pages are validated (ETag, Last-Modified, 304), stored, and re-rendered
as soon as anything on them changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from editorial.content.models import Article, DistributionEntry, Issue, SourceOrganization
from editorial.reading import caching
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, sample_staff

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def sign_off_the_changes(issue: Issue) -> None:
    """The chief editor signs off what was changed: readers see it from now on."""
    workflow.resign(issue, sample_staff()[1])


@pytest.fixture
def issue(committed):
    with committed():
        return make_issue(year=2012, number=8, sections=("工作动态", "简讯"))


class TestConditionalRequests:
    @pytest.mark.parametrize(
        "url", ["/", "/issues/", "/issues/2012/", "/issues/2012/8/", "/sources/", "/feed/"]
    )
    def test_published_pages_carry_an_etag_and_last_modified(self, client, issue, url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert "no-cache" in response["Cache-Control"]

    def test_a_matching_etag_gets_a_304(self, client, issue):
        first = client.get(issue.get_absolute_url())
        again = client.get(issue.get_absolute_url(), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""

    def test_a_matching_etag_gets_a_304_when_the_page_is_not_stored(self, client, issue):
        first = client.get(reverse("editorial:archive"))
        caching.pages.forget_all()
        from django.core.cache import cache

        cache.clear()
        again = client.get(reverse("editorial:archive"), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304

    def test_not_modified_since_last_modified_gets_a_304(self, client, issue):
        first = client.get(issue.get_absolute_url())
        again = client.get(
            issue.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
        )
        assert again.status_code == 304

    def test_an_older_copy_gets_the_page(self, client, issue):
        client.get(issue.get_absolute_url())
        long_ago = http_date((timezone.now() - timedelta(days=3650)).timestamp())
        again = client.get(issue.get_absolute_url(), headers={"if-modified-since": long_ago})
        assert again.status_code == 200

    def test_a_stale_etag_gets_the_new_page(self, client, issue, committed):
        first = client.get(issue.get_absolute_url())
        with committed():
            article = Article.objects.filter(section__issue=issue).first()
            article.title = "改过的标题"
            article.save()
            sign_off_the_changes(issue)
        again = client.get(issue.get_absolute_url(), headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert "改过的标题" in text(again)
        assert again["ETag"] != first["ETag"]


class TestStoredPages:
    def test_a_stored_issue_page_is_served_without_touching_the_database(
        self, client, issue, django_assert_num_queries
    ):
        first = client.get(issue.get_absolute_url())
        with django_assert_num_queries(0):
            again = client.get(issue.get_absolute_url())
        assert again.content == first.content
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert again["X-Frame-Options"] == "DENY"

    @pytest.mark.parametrize(
        "change",
        ["article", "section", "source", "organization", "distribution", "issue"],
    )
    def test_any_change_signed_off_re_renders_it(self, client, issue, committed, change):
        client.get(issue.get_absolute_url())
        article = Article.objects.filter(section__issue=issue).first()
        marker = "改动之后"
        with committed():
            if change == "article":
                article.body = marker
                article.save()
            elif change == "section":
                section = article.section
                section.name = marker
                section.save()
            elif change == "source":
                article.source_links.all().delete()
                article.source_text = marker
                article.save()
            elif change == "organization":
                organization = SourceOrganization.objects.get(name="市总工会宣教部")
                organization.name = marker
                organization.save()
            elif change == "distribution":
                entry = DistributionEntry.objects.filter(issue=issue).first()
                entry.recipient.name = marker
                entry.recipient.save()
            elif change == "issue":
                issue.publisher = marker
                issue.save()
        assert marker not in text(client.get(issue.get_absolute_url()))  # not signed off yet
        with committed():
            sign_off_the_changes(issue)
        assert marker in text(client.get(issue.get_absolute_url()))

    def test_tagging_an_article_re_renders_its_page(self, client, issue, committed):
        article = Article.objects.filter(section__issue=issue).first()
        client.get(article.get_absolute_url())
        with committed():
            article.tags.add("劳模")
            sign_off_the_changes(issue)
        assert "劳模" in text(client.get(article.get_absolute_url()))

    def test_a_change_bumps_the_issue_last_modified_time(self, issue, committed):
        before = Issue.objects.get(pk=issue.pk).updated_at
        with committed():
            article = Article.objects.filter(section__issue=issue).first()
            article.body = "新的正文"
            article.save()
        assert Issue.objects.get(pk=issue.pk).updated_at > before

    def test_a_change_elsewhere_leaves_the_page_stored(
        self, client, issue, committed, django_assert_num_queries
    ):
        other = make_issue(year=2011, number=3, sections=("另一期",))
        client.get(issue.get_absolute_url())
        with committed():
            article = Article.objects.get(section__issue=other)
            article.body = "另一期的改动"
            article.save()
        with django_assert_num_queries(0):
            client.get(issue.get_absolute_url())

    def test_publishing_a_newer_issue_adds_the_next_link(self, client, issue, committed):
        assert 'rel="next"' not in text(client.get(issue.get_absolute_url()))
        with committed():
            newer = make_issue(year=2012, number=9)
        body = text(client.get(issue.get_absolute_url()))
        assert f'rel="next" href="{newer.get_absolute_url()}"' in body

    def test_a_scheduled_issue_appears_when_its_time_comes(
        self, client, issue, committed, monkeypatch
    ):
        with committed():
            later = make_issue(year=2012, number=9, publish_at=timezone.now() + timedelta(hours=2))
        assert 'rel="next"' not in text(client.get(issue.get_absolute_url()))
        assert later.get_absolute_url() not in text(client.get("/"))
        # Three hours later: nothing was saved, the time has simply come.
        real_now, real_time = timezone.now, caching.time.time
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3))
        monkeypatch.setattr(caching.time, "time", lambda: real_time() + 3 * 3600)
        assert f'rel="next" href="{later.get_absolute_url()}"' in text(
            client.get(issue.get_absolute_url())
        )
        assert "第9期" in text(client.get("/"))

    def test_a_version_bumped_by_another_process_orphans_this_process_copy(self, client, issue):
        client.get(issue.get_absolute_url())
        # Another server saved something in this issue: only the shared cache changes.
        caching.bump(caching.issue_version(issue.pk))
        with CaptureQueriesContext(connection) as queries:
            client.get(issue.get_absolute_url())
        assert len(queries) > 0  # rendered again from the database

    def test_a_process_with_an_outdated_copy_takes_the_one_another_process_stored(
        self, client, issue, committed
    ):
        url = issue.get_absolute_url()
        client.get(url)  # the other process (this client's) stores the page
        this_process = caching.PageStore()
        assert this_process.fetch(url) is not None  # this one remembers it too
        with committed():
            article = Article.objects.filter(section__issue=issue).first()
            article.title = "另一进程改过的标题"
            article.save()
            sign_off_the_changes(issue)
        client.get(url)  # the other process renders and stores the new page
        page = this_process.fetch(url)
        assert page is not None
        assert "另一进程改过的标题" in page.content.decode()

    def test_with_a_cache_private_to_each_process_a_page_is_kept_a_minute_at_most(
        self, client, issue, monkeypatch
    ):
        # The tests' cache is local memory: another process could not bump its tokens.
        client.get(issue.get_absolute_url())
        real_time = caching.time.time
        monkeypatch.setattr(caching.time, "time", lambda: real_time() + 61)
        with CaptureQueriesContext(connection) as queries:
            client.get(issue.get_absolute_url())
        assert len(queries) > 0  # rendered again

    def test_a_draft_preview_is_never_stored(self, client, editor):
        draft = make_issue(year=2026, number=1, status=Issue.Status.DRAFT)
        client.force_login(editor)
        assert client.get(draft.get_absolute_url()).status_code == 200
        client.logout()
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_pages_seen_by_staff_are_never_stored(self, client, staff):
        internal = make_issue(visibility=Issue.Visibility.INTERNAL)
        client.force_login(staff)
        assert client.get(internal.get_absolute_url()).status_code == 200
        client.logout()
        assert client.get(internal.get_absolute_url()).status_code == 302

    def test_a_signed_in_reader_is_not_served_the_anonymous_copy(self, client, issue, staff):
        internal = make_issue(year=2012, number=9, visibility=Issue.Visibility.INTERNAL)
        assert 'rel="next"' not in text(client.get(issue.get_absolute_url()))
        client.force_login(staff)
        body = text(client.get(issue.get_absolute_url()))
        assert f'rel="next" href="{internal.get_absolute_url()}"' in body

    def test_an_unknown_query_string_is_not_stored(self, client, issue):
        client.get(issue.get_absolute_url() + "?utm=1")
        assert caching.pages.fetch(issue.get_absolute_url() + "?utm=1") is None
