"""With the database (or the Redis cache) unreachable, readers get the Chinese 503
page, never a traceback. A real gunicorn with the production settings, pointed at
an address where nothing listens (connection refused), as during a restart."""

import pytest

from tests.site.servers import Browser, Gunicorn, free_port, production_env


@pytest.fixture(scope="module")
def site_without_database(static_root):
    env = production_env(
        DATABASE_URL=f"postgres://bulletin@127.0.0.1:{free_port()}/bulletin",
        STATIC_ROOT=str(static_root),
    )
    with Gunicorn(env) as server:
        yield server


@pytest.mark.parametrize("path", ["/", "/bulletin/issues/2012/4/", "/bulletin/articles/1/"])
def test_reading_page_gives_the_chinese_503_page_when_the_database_is_down(
    site_without_database, path
):
    response = Browser().get(site_without_database.base_url + path)

    assert response.status == 503
    assert "暂时无法访问" in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text


def test_outage_page_asks_clients_to_retry_and_caches_nothing(site_without_database):
    response = Browser().get(site_without_database.base_url + "/")

    assert response.header("Retry-After") == "30"
    assert response.header("Cache-Control") == "no-store"


def test_signing_in_gives_the_503_page_when_the_database_is_down(site_without_database):
    browser = Browser()
    page = browser.get(site_without_database.base_url + "/admin/login/")
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    response = browser.post(
        site_without_database.base_url + "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "editor", "password": "whatever"},
    )

    assert response.status == 503
    assert "Traceback" not in response.text


@pytest.fixture(scope="module")
def site_without_cache(static_root, production_sqlite_url):
    env = production_env(
        DATABASE_URL=production_sqlite_url,
        CACHE_URL=f"redis://127.0.0.1:{free_port()}/0",
        STATIC_ROOT=str(static_root),
    )
    with Gunicorn(env) as server:
        yield server


def test_signing_in_gives_the_503_page_when_the_redis_cache_is_down(site_without_cache):
    browser = Browser()

    response = browser.sign_in(site_without_cache.base_url, "editor", "pw-editor-2026")

    assert response.status == 503
    assert "暂时无法访问" in response.text
    assert "Traceback" not in response.text
