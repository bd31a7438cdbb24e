"""How an officer finds 信息报送: a link on every reading page (the same for
everyone, so cached pages keep it), and the sign-in page, which leads an
officer with nowhere else to go to their unit's page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext


def sign_in(client, user, login_url="/admin/login/") -> str:
    """Fill in the sign-in page as a browser does (its hidden ``next`` included);
    return the address of the page the user lands on."""
    form = client.get(login_url).content.decode()
    fields = {
        "username": user.username,
        "password": f"pw-{user.username}-2026",
        **dict(re.findall(r'<input type="hidden" name="(next)" value="([^"]*)"', form)),
    }
    response = client.post(login_url, fields, follow=True)
    assert response.status_code == 200
    return response.request["PATH_INFO"]


@pytest.mark.django_db
def test_a_reading_page_served_from_the_page_cache_links_to_submissions(client):
    client.get("/bulletin/issues/")
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/bulletin/issues/")

    assert len(queries) == 0, "served from the page cache"
    assert 'href="/submissions/"' in cached.content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_following_the_link_is_asked_to_sign_in_and_sent_back(client):
    response = client.get("/submissions/")

    assert response["Location"] == "/sign-in/?next=/submissions/"


def test_an_officer_who_signs_in_with_no_next_lands_on_the_units_page(client, officer):
    assert sign_in(client, officer) == "/submissions/"


def test_an_editor_who_signs_in_with_no_next_lands_in_the_admin(client, editor):
    assert sign_in(client, editor) == "/admin/"


def test_an_officer_who_also_handles_submissions_lands_in_the_admin(client, officer, roles):
    officer.groups.add(Group.objects.get(name="编辑"))

    assert sign_in(client, officer) == "/admin/"


def test_an_officer_signing_in_on_the_way_to_a_page_goes_to_that_page(client, officer):
    landed = sign_in(client, officer, "/admin/login/?next=/admin/password_change/")

    assert landed == "/admin/password_change/"
