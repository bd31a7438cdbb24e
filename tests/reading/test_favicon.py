"""The bulletin's icon: on every reading page and admin page, served as a static file."""

import urllib.request

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def icon_links(page: str) -> list[str]:
    return [part.split('href="')[1].split('"')[0] for part in page.split('<link rel="icon"')[1:]]


def test_reading_pages_name_the_icon(client):
    links = icon_links(client.get(reverse("editorial:archive", args=["bulletin"])).content.decode())
    assert "/static/editorial/favicon.svg" in links
    assert "/static/editorial/favicon.ico" in links


def test_admin_pages_name_the_icon(editor):
    browser = Client()
    browser.force_login(editor)
    for url in (reverse("admin:index"), reverse("admin:editorial_issue_changelist")):
        assert "/static/editorial/favicon.svg" in icon_links(browser.get(url).content.decode())
    assert "/static/editorial/favicon.svg" in icon_links(
        Client().get(reverse("admin:login")).content.decode()
    )


def test_the_icon_files_exist():
    assert finders.find("editorial/favicon.svg")
    assert finders.find("editorial/favicon.ico").endswith(".ico")


def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/editorial/favicon.ico"


def test_whitenoise_serves_the_icon(live_server):
    with urllib.request.urlopen(live_server.url + "/static/editorial/favicon.ico") as response:
        assert response.status == 200
        assert response.read()[:4] == b"\x00\x00\x01\x00"  # an ICO file
