"""Rendering an issue's files is bounded: an issue too large to render is
refused at once (and its editors are told before sign-off), a render that runs
too long is stopped, one render at a time per file while the others wait or
are told when to come back (503 with Retry-After)."""

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.output import bounds, files
from tests.factories import make_issue, take_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("poppler", "cjk_fonts")]

PDF = reverse("editorial:issue_pdf", args=["bulletin", 2012, 8])
DOCX = reverse("editorial:issue_docx", args=["bulletin", 2012, 8])
HUGE = "职工" * (bounds.MAX_PARAGRAPH // 2 + 1)


def draft_with_body(body: str) -> Issue:
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.body = body
    article.save()
    return issue


@pytest.mark.parametrize("path", [PDF, DOCX])
def test_an_issue_too_large_to_render_answers_503_with_retry_after(client, path):
    take_to(draft_with_body(HUGE), Issue.Status.PUBLISHED)
    response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "PDF和Word文件每段最多" in response.content.decode()


def test_the_editor_is_told_before_sign_off_that_the_issue_cannot_be_rendered(client, editor):
    issue = draft_with_body(HUGE)
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_issue_change", args=[issue.pk])).content.decode()
    assert "无法生成PDF和Word文件" in page
    assert "有一段长达20002字" in page


def test_the_editor_of_an_ordinary_issue_is_told_nothing(client, editor):
    issue = draft_with_body("第一段。")
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_issue_change", args=[issue.pk])).content.decode()
    assert "无法生成PDF和Word文件" not in page


def test_a_render_running_past_its_time_is_stopped_and_refused(client, settings):
    take_to(draft_with_body("第一段。"), Issue.Status.PUBLISHED)
    settings.PDF_RENDER_SECONDS = 0.01
    response = client.get(PDF)
    assert response.status_code == 503
    assert "排版超过" in response.content.decode()


def test_a_request_while_another_renders_the_file_waits_then_is_told_to_come_back(client, settings):
    issue = take_to(draft_with_body("第一段。"), Issue.Status.PUBLISHED)
    settings.PDF_RENDER_WAIT = 0.5
    with files.signed_file(issue.pk, "pdf").render_lock() as ours:
        assert ours
        response = client.get(PDF)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "文件正在生成" in response.content.decode()
