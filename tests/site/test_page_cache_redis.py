"""The page cache with Redis as the shared cache, as in production: made-up
addresses leave no keys behind, and each host has its own pages."""

import pytest

from tests.factories import make_user
from tests.signing import setup_roles, signed_and_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db, django_capture_on_commit_callbacks):
    setup_roles()
    chief = make_user("chief", staff=True, groups=["签发人"])
    with django_capture_on_commit_callbacks(execute=True):
        return signed_and_published(chief, year=2012, number=8)


def stored_pages(redis) -> int:
    return len(redis.keys("*reading:page:*"))


def test_two_hundred_made_up_page_numbers_store_one_page(shared_cache, client, issue):
    url = issue.get_absolute_url()
    for number in range(200):
        assert client.get(f"{url}?page={number}").status_code == 200
    client.get(url)
    assert stored_pages(shared_cache) == 1


def test_each_host_has_its_own_stored_feed(shared_cache, client, issue, settings):
    settings.ALLOWED_HOSTS = ["bulletin.example.org", "gonghui.example.cn"]
    client.get("/bulletin/feed/", HTTP_HOST="bulletin.example.org")
    feed = client.get("/bulletin/feed/", HTTP_HOST="gonghui.example.cn").content.decode()
    assert "bulletin.example.org" not in feed
    assert stored_pages(shared_cache) == 2
