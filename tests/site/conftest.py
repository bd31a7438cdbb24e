"""Fixtures for production tests: collected static files, a migrated production
database, and a gunicorn server running the production settings."""

import pytest
import redis as redis_py
from django.core.cache import cache

from newsletter.settings import _cache_from_url
from tests.site.servers import Gunicorn, RedisServer, manage, production_env

SEED = """
from tests.factories import make_issue, make_user
make_issue(year=2012, number=4)
make_user("editor", staff=True)
"""


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """``collectstatic`` once, as a deploy does: hashed, compressed files for whitenoise."""
    root = tmp_path_factory.mktemp("staticfiles")
    manage("collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root)))
    return root


@pytest.fixture(scope="session")
def production_sqlite_url(tmp_path_factory):
    """A database of its own for the production server: migrated, one published issue,
    one staff account ("editor")."""
    url = f"sqlite:///{tmp_path_factory.mktemp('production-db') / 'db.sqlite3'}"
    env = production_env(DATABASE_URL=url)
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", SEED, env=env)
    return url


@pytest.fixture(scope="module")
def production_site(static_root, production_sqlite_url):
    """gunicorn with the production settings, behind an imagined TLS proxy.

    gunicorn itself trusts no forwarded headers here (FORWARDED_ALLOW_IPS points
    elsewhere), so what the tests see of HTTPS handling is Django's own
    SECURE_PROXY_SSL_HEADER at work.
    """
    env = production_env(
        DATABASE_URL=production_sqlite_url,
        STATIC_ROOT=str(static_root),
        FORWARDED_ALLOW_IPS="192.0.2.1",
    )
    with Gunicorn(env) as server:
        yield server


@pytest.fixture(scope="module")
def redis_server():
    """A real Redis server of the module's own, on loopback."""
    with RedisServer() as server:
        yield server


@pytest.fixture
def shared_cache(redis_server, settings):
    """Django's default cache on that Redis server (as production's CACHE_URL);
    yields a plain client to look inside it."""
    settings.CACHES = {"default": _cache_from_url(redis_server.url)}
    cache.clear()
    yield redis_py.Redis.from_url(redis_server.url)
    cache.clear()
