"""The 来稿 page in the admin: the decisions are taken on it, photos are seen as
thumbnails, sizes read in KB or MB, and an adopted item's photos become the
article's pictures."""

import io
import os
import re
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from editorial.content.models import Article
from editorial.submissions.models import Submission
from tests.submissions.conftest import pdf, photo, submit
from tests.submissions.test_officer_pages import form_data
from tests.workflow.helpers import admin_form_data


def big_photo(name="现场.png") -> SimpleUploadedFile:
    """A PNG of noise, some 120 KB: it does not compress."""
    out = io.BytesIO()
    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def sent_by_officer(client, officer, *files) -> Submission:
    client.force_login(officer)
    client.post(reverse("submissions:create"), {**form_data(), "attachments": list(files)})
    client.logout()
    return Submission.objects.latest("pk")


def page_of(client, editor, submission) -> str:
    client.force_login(editor)
    url = reverse("admin:editorial_submission_change", args=[submission.pk])
    return client.get(url).content.decode()


def submit_form(client, page: str, form_id: str, **fields):
    """Post the page's form ``form_id`` as a browser would, with ``fields`` filled in."""
    form = re.search(
        rf'<form method="post" action="([^"]*)" id="{form_id}">(.*?)</form>', page, re.S
    )
    assert form, f"no form {form_id} on the page"
    action, body = unescape(form.group(1)), form.group(2)
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body):
        data.setdefault(name, []).append(value)
    for name, value in fields.items():
        data[name] = value if isinstance(value, list) else [str(value)]
    return client.post(action, data, follow=True)


@pytest.fixture
def section(draft_issue):
    return draft_issue.sections.get(name="工作动态")


def test_a_photo_is_shown_as_a_thumbnail(client, editor, officer):
    submission = sent_by_officer(client, officer, photo("现场.jpg"))
    page = page_of(client, editor, submission)
    assert re.search(r'<img src="[^"]+/attachments/\d+/" alt="现场.jpg" class="ed-thumbnail"', page)


def test_sizes_are_shown_in_kb_not_bytes(client, editor, officer):
    upload = big_photo()
    submission = sent_by_officer(client, officer, upload)
    page = page_of(client, editor, submission)
    kilobytes = f"{upload.size / 1024:.1f}"
    assert f"{kilobytes}\xa0KB" in page  # filesizeformat keeps number and unit together
    assert f">{upload.size}<" not in page


def test_adopting_on_the_page_makes_the_article(client, editor, officer, section):
    submission = sent_by_officer(client, officer)
    page = page_of(client, editor, submission)
    submit_form(client, page, "adopt-form", section=section.pk, kind="article")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ADOPTED
    assert submission.article.section == section


def test_merging_on_the_page_adopts_the_items_ticked_as_one_article(
    client, editor, officer, section
):
    first = submit(officer, "第一条")
    second = submit(officer, "第二条")
    page = page_of(client, editor, first)
    submit_form(
        client,
        page,
        "merge-form",
        _selected_action=[first.pk, second.pk],
        section=section.pk,
        kind="brief",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Submission.Status.ADOPTED
    assert first.article == second.article


def test_returning_on_the_page_sends_the_comment_to_the_officer(
    client, editor, officer, committed, mailoutbox
):
    submission = submit(officer)
    page = page_of(client, editor, submission)
    with committed():
        submit_form(client, page, "return-form", comment="请补充获奖名单。")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert any("请补充获奖名单。" in message.body for message in mailoutbox)


def test_declining_on_the_page_keeps_the_reason(client, editor, officer):
    submission = submit(officer)
    page = page_of(client, editor, submission)
    submit_form(client, page, "decline-form", comment="与上期重复。")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DECLINED
    assert submission.decisions.latest("pk").comment == "与上期重复。"


def test_a_handled_submission_offers_no_decisions(client, editor, officer):
    submission = submit(officer)
    page = page_of(client, editor, submission)
    submit_form(client, page, "decline-form", comment="与上期重复。")
    assert 'id="adopt-form"' not in page_of(client, editor, submission)


def test_adopting_brings_the_photos_into_the_article_as_its_pictures(
    client, editor, officer, section, committed
):
    first, second = photo("一.jpg"), big_photo("二.png")
    sent = [first.read(), second.read()]
    first.seek(0)
    second.seek(0)
    submission = sent_by_officer(client, officer, first, second, pdf())
    page = page_of(client, editor, submission)
    with committed():  # pictures are written once the adoption commits
        submit_form(client, page, "adopt-form", section=section.pk, kind="article")
    article = Article.objects.get(section=section, title=submission.title)
    pictures = list(article.images.order_by("position"))
    assert [picture.file.read() for picture in pictures] == sent


def test_the_editor_drops_an_adopted_photo_on_the_articles_page(client, editor, officer, section):
    submission = sent_by_officer(client, officer, photo("一.jpg"), photo("二.png", "PNG"))
    page = page_of(client, editor, submission)
    response = submit_form(client, page, "adopt-form", section=section.pk, kind="article")
    article = Article.objects.get(section=section, title=submission.title)
    assert "images-0-DELETE" in response.content.decode()  # on the article: pictures deletable
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data["images-0-DELETE"] = "on"
    client.post(url, data)
    assert article.images.count() == 1


def test_a_photo_gone_from_storage_is_left_out_and_the_editor_is_told(
    client, editor, officer, section, committed
):
    submission = sent_by_officer(client, officer, photo("一.jpg"))
    default_storage.delete(submission.attachments.get().file.name)  # lost from the disk
    page = page_of(client, editor, submission)
    with committed():
        response = submit_form(client, page, "adopt-form", section=section.pk, kind="article")
    article = Article.objects.get(section=section, title=submission.title)
    assert article.images.count() == 0
    assert "1 张照片未通过检查" in response.content.decode()
