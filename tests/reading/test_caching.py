"""Reading pages are validated (ETag, Last-Modified, 304) and stored for anonymous
readers, at canonical addresses only, per host; a stored page is served until
what it depends on changes (tests/reading/test_page_freshness.py says what does)."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from editorial.content.models import Issue
from editorial.reading import caching, pagecache, rendering, versions
from editorial.workflow import transitions as workflow
from tests.factories import make_issue
from tests.signing import first_article, in_review

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def stored_pages() -> int:
    """How many pages the shared cache holds (the tests' cache is local memory)."""
    return sum(":reading:page:" in key for key in cache._cache)


def rendered(client, url, **headers) -> bool:
    """Did answering ``url`` query the database (rather than serve a stored page)?"""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers=headers).status_code == 200
    return len(queries) > 0


def edit_and_sign_off(issue, chief, committed, title):
    with committed():
        article = first_article(issue)
        article.title = title
        article.save()
        workflow.resign(issue, chief)


class TestConditionalRequests:
    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/bulletin/issues/",
            "/bulletin/issues/2012/",
            "/bulletin/issues/2012/8/",
            "/sources/",
            "/bulletin/feed/",
        ],
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
        first = client.get(reverse("editorial:archive", args=["bulletin"]))
        caching.forget_all()
        cache.clear()
        again = client.get(
            reverse("editorial:archive", args=["bulletin"]),
            headers={"if-none-match": first["ETag"]},
        )
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

    def test_a_stale_etag_gets_the_page_signed_off_since(self, client, issue, chief, committed):
        first = client.get(issue.get_absolute_url())
        edit_and_sign_off(issue, chief, committed, "改过的标题")
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

    def test_a_token_bumped_by_another_process_orphans_this_process_copy(self, client, issue):
        client.get(issue.get_absolute_url())
        # Another server saved something in this issue: only the shared cache changes.
        versions.bump(caching.issue_token("bulletin", 2012, 8))
        assert rendered(client, issue.get_absolute_url())

    def test_a_process_with_an_outdated_copy_takes_the_one_another_process_stored(
        self, client, issue, chief, committed
    ):
        url = issue.get_absolute_url()
        client.get(url)  # the other process (this client's) stores the page
        this_process = pagecache.PageStore()
        address = "http://testserver" + url
        assert this_process.fetch(address) is not None  # this one remembers it too
        edit_and_sign_off(issue, chief, committed, "另一进程改过的标题")
        client.get(url)  # the other process renders and stores the new page
        page = this_process.fetch(address)
        assert page is not None
        assert "另一进程改过的标题" in page.content.decode()

    def test_with_a_cache_private_to_each_process_a_page_is_kept_a_minute_at_most(
        self, client, issue, monkeypatch
    ):
        # The tests' cache is local memory: another process could not bump its tokens.
        client.get(issue.get_absolute_url())
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() + 61)
        assert rendered(client, issue.get_absolute_url())

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


class TestOnlyCanonicalAddressesAreStored:
    def test_made_up_page_numbers_of_an_issue_page_are_rendered_but_not_stored(self, client, issue):
        url = issue.get_absolute_url()
        client.get(url)
        before = stored_pages()
        for number in range(50):
            response = client.get(f"{url}?page={number}")
            assert response.status_code == 200
            assert "工作动态文章1" in text(response)
        assert stored_pages() == before

    def test_an_unknown_query_string_is_not_stored(self, client, issue):
        client.get(issue.get_absolute_url() + "?utm=1")
        assert stored_pages() == 0

    def test_a_number_spelled_with_leading_zeros_is_not_stored(self, client, issue):
        assert client.get("/bulletin/issues/2012/08/").status_code == 200
        assert client.get("/bulletin/issues/02012/8/").status_code == 200
        assert stored_pages() == 0

    def test_a_page_of_a_list_that_exists_is_stored(self, client, issue, chief, committed):
        with committed():
            first_article(issue).tags.add("劳模")
            workflow.resign(issue, chief)  # tags are signed with their article
        url = reverse("editorial:tag_articles", args=["劳模"])
        client.get(url + "?page=1")
        assert not rendered(client, url + "?page=1")

    @pytest.mark.parametrize("page", ["2", "99999", "01", "last", "1&page=1", "1&x=2"])
    def test_any_other_page_of_a_list_is_not_stored(self, client, issue, chief, committed, page):
        with committed():
            first_article(issue).tags.add("劳模")
            workflow.resign(issue, chief)
        url = reverse("editorial:tag_articles", args=["劳模"])
        for _ in range(2):
            client.get(f"{url}?page={page}")
        assert stored_pages() == 0


class TestHosts:
    @pytest.fixture(autouse=True)
    def two_names(self, settings):
        settings.ALLOWED_HOSTS = ["bulletin.example.org", "gonghui.example.cn"]

    @pytest.mark.parametrize("url", ["/bulletin/feed/", "/sitemap-pages.xml"])
    def test_absolute_links_name_the_host_asked(self, client, issue, url):
        client.get(url, HTTP_HOST="bulletin.example.org")
        body = text(client.get(url, HTTP_HOST="gonghui.example.cn"))
        assert "//gonghui.example.cn/" in body
        assert "bulletin.example.org" not in body

    def test_each_host_has_its_page_stored(self, client, issue):
        for host in ("bulletin.example.org", "gonghui.example.cn"):
            client.get("/bulletin/feed/", HTTP_HOST=host)
        for host in ("bulletin.example.org", "GONGHUI.example.cn"):
            assert not rendered(client, "/bulletin/feed/", host=host)

    def test_a_made_up_port_is_not_stored(self, client, issue):
        for port in range(8000, 8010):
            client.get("/bulletin/feed/", HTTP_HOST=f"bulletin.example.org:{port}")
        assert stored_pages() == 0

    def test_another_scheme_has_its_own_page(self, client, issue):
        client.get("/bulletin/feed/", HTTP_HOST="bulletin.example.org")
        body = text(client.get("/bulletin/feed/", HTTP_HOST="bulletin.example.org", secure=True))
        assert "https://bulletin.example.org/" in body


class TestKeptValues:
    def test_the_issue_body_is_rendered_once_for_every_reader(
        self, client, issue, staff, monkeypatch
    ):
        bodies = []
        real = rendering.render_to_string

        def counted(template, *args, **kwargs):
            bodies.extend([template] if template == rendering.TEMPLATE else [])
            return real(template, *args, **kwargs)

        monkeypatch.setattr(rendering, "render_to_string", counted)
        client.get(issue.get_absolute_url() + "?utm=1")  # rendered, not stored
        client.get(issue.get_absolute_url() + "?utm=2")
        client.force_login(staff)
        client.get(issue.get_absolute_url())
        assert len(bodies) == 1

    def test_outside_a_reading_page_a_value_is_computed_each_time(self, rf):
        request = rf.get("/")
        computed = []
        for _ in range(2):
            caching.kept(request, "answer", lambda: computed.append(1) or 42)
        assert len(computed) == 2

    def test_a_page_may_depend_only_on_known_tokens(self):
        with pytest.raises(ValueError):
            caching.reading_page(depends_on=("sites",))


def test_a_scheduled_issue_appears_when_its_time_comes(
    client, issue, chief, committed, monkeypatch
):
    with committed():
        later = in_review(year=2012, number=9)
        workflow.approve(later, chief)
        workflow.publish(later, chief, at=timezone.now() + timedelta(hours=2))
    assert 'rel="next"' not in text(client.get(issue.get_absolute_url()))
    assert later.get_absolute_url() not in text(client.get("/"))
    # Three hours later: nothing was saved, the time has simply come.
    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3))
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 3600)
    assert f'rel="next" href="{later.get_absolute_url()}"' in text(
        client.get(issue.get_absolute_url())
    )
    assert "第9期" in text(client.get("/"))
