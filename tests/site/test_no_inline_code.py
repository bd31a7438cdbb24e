"""The reading site needs no inline script or style, so its Content-Security-Policy
can forbid them: no <script> without src, no <style>, no style="…" and no on…=
event handler attributes, on any reading page (the admin is exempt)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from editorial.content.models import Article, SourceOrganization
from editorial.output import mailing
from editorial.workflow import transitions as workflow
from tests.factories import make_user

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
}


@pytest.fixture
def samples(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_legacy", str(Path(settings.BASE_DIR) / "seeds"), verbosity=0)
        article = Article.objects.order_by("pk").first()
        article.tags.add("劳模")
    return article


READING_PAGES = {
    "home": lambda a: "/",
    "archive": lambda a: "/bulletin/issues/",
    "archive year": lambda a: f"/bulletin/issues/{a.section.issue.year}/",
    "issue": lambda a: a.section.issue.get_absolute_url(),
    "article": lambda a: a.get_absolute_url(),
    "organizations": lambda a: "/sources/",
    "organization": lambda a: SourceOrganization.objects.first().get_absolute_url(),
    "tag": lambda a: f"/tags/{Tag.objects.get(name='劳模').slug}/",
    "section": lambda a: a.section.get_absolute_url(),
    "search": lambda a: "/search/?q=工会",
    "search without results": lambda a: "/search/?q=无此内容",
    "not found": lambda a: "/bulletin/issues/1999/1/",
    "unsubscribe": lambda a: reverse(
        "editorial:unsubscribe", args=[mailing.unsubscribe_token("reader@example.org")]
    ),
}


@pytest.mark.parametrize("page", READING_PAGES)
def test_reading_page_has_no_inline_script_or_style(client, samples, page):
    response = client.get(READING_PAGES[page](samples))
    html = response.content.decode()

    assert response.status_code in (200, 404)
    for name, pattern in INLINE.items():
        match = pattern.search(html)
        assert match is None, f"{name} on {page}: {match and match.group(0)}"


def test_preview_of_a_draft_has_no_inline_script_or_style(client, samples):
    issue = samples.section.issue
    chief = make_user("chief", superuser=True)
    workflow.withdraw(issue, chief, reason="改为草稿预览")
    client.force_login(chief)

    html = client.get(issue.get_absolute_url()).content.decode()

    for name, pattern in INLINE.items():
        assert pattern.search(html) is None, name
