"""App servers are stateless: two gunicorn servers on loopback share one PostgreSQL
and one Redis (Debian's redis-server, CACHE_URL=redis://…). What is published
through one is served fresh by the other at once, and a session started on one
works on the other."""

import re

import pytest
from django.db import connection

from editorial.content.models import Article, Issue
from tests.factories import make_issue, make_user, take_to
from tests.site.servers import Browser, Gunicorn, RedisServer, production_env, require

# The servers check the passwords these tests set with production's hashers.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.production_hashers,
]


def database_url() -> str:
    """The test database, as the servers must reach it (pytest-django created it)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers(static_root):
    require("redis-server", "apt-get install redis-server")
    with RedisServer() as redis:
        env = production_env(
            DATABASE_URL=database_url(),
            CACHE_URL=redis.url,
            STATIC_ROOT=str(static_root),
        )
        with Gunicorn(env, workers=2) as first, Gunicorn(env, workers=2) as second:
            yield first, second


def csrf_token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def publish_through(server, browser, issue):
    """Press 签发后的 "Publish" on the issue's admin page, as a chief editor would."""
    page = browser.get(f"{server.base_url}/admin/editorial/issue/{issue.pk}/change/")
    assert page.status == 200, page.status
    response = browser.post(
        f"{server.base_url}/admin/editorial/issue/{issue.pk}/transition/",
        {"csrfmiddlewaretoken": csrf_token(page), "transition": "publish", "comment": ""},
    )
    assert response.status == 302, response.text[:300]


def test_issue_published_through_one_server_is_served_by_the_other_at_once(two_servers):
    first, second = two_servers
    make_issue(year=2012, number=7)
    coming = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    headline = Article.objects.get(section__issue=coming)
    headline.title = "第八期头条新闻"
    headline.save()
    take_to(coming, Issue.Status.APPROVED)
    make_user("chief", superuser=True)
    reader = Browser()
    # Both servers have rendered (and may have cached) the site before the news.
    for server in (first, second):
        assert reader.get(server.base_url + "/bulletin/issues/2012/8/").status == 404
        assert "第八期头条新闻" not in reader.get(server.base_url + "/").text
    chief = Browser()
    chief.sign_in(second.base_url, "chief", "pw-chief-2026")

    publish_through(second, chief, coming)

    assert reader.get(first.base_url + "/bulletin/issues/2012/8/").status == 200
    assert "第八期头条新闻" in reader.get(first.base_url + "/").text


def test_session_started_on_one_server_works_on_the_other(two_servers):
    first, second = two_servers
    make_user("chief", superuser=True, last_name="王", first_name="建国")
    chief = Browser()

    signed_in = chief.sign_in(first.base_url, "chief", "pw-chief-2026")
    admin_index = chief.get(second.base_url + "/admin/")

    assert signed_in.status == 302
    assert admin_index.status == 200
    assert "王建国" in admin_index.text  # greeted by name: signed in there too


def test_signing_out_on_one_server_ends_the_session_on_the_other(two_servers):
    first, second = two_servers
    make_user("chief", superuser=True)
    chief = Browser()
    chief.sign_in(first.base_url, "chief", "pw-chief-2026")
    page = chief.get(first.base_url + "/admin/")
    copied_cookie = chief.cookies["sessionid"]

    chief.post(first.base_url + "/admin/logout/", {"csrfmiddlewaretoken": csrf_token(page)})
    chief.cookies["sessionid"] = copied_cookie

    assert chief.get(second.base_url + "/admin/").status == 302


def test_internal_issue_is_shown_to_staff_on_either_server_but_never_to_the_public(two_servers):
    first, second = two_servers
    make_issue(year=2012, number=9, visibility=Issue.Visibility.INTERNAL)
    make_user("chief", superuser=True)
    staff, public = Browser(), Browser()
    staff.sign_in(first.base_url, "chief", "pw-chief-2026")

    # Staff first, so that a shared cache could hand staff pages to the public.
    for server in (second, first):
        page = staff.get(server.base_url + "/bulletin/issues/2012/9/")
        assert page.status == 200
        assert "工作动态文章1" in page.text
    for server in (second, first):
        page = public.get(server.base_url + "/bulletin/issues/2012/9/")
        assert page.status in (302, 404)  # sent to sign in, or not found
        assert "工作动态文章1" not in page.text
