"""Hostile files on the officer's form: each is refused alone with its reason; the
typed text and the other files are kept, and the page never fails."""

from urllib.parse import quote

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial.submissions.models import Submission
from tests.hostile import png_declaring
from tests.submissions.conftest import pdf, photo, submit
from tests.submissions.test_officer_pages import form_data


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_picture_declaring_30000_by_30000_pixels_is_refused_and_the_text_kept(client, officer):
    client.force_login(officer)
    bomb = SimpleUploadedFile("会场全景.png", png_declaring(30000, 30000))

    response = client.post(
        reverse("submissions:create"), {**form_data(), "attachments": [bomb, photo()]}
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.body == form_data()["body"]
    assert [a.name for a in submission.attachments.all()] == ["photo.jpg"]
    assert any("会场全景.png" in message for message in shown(response))


def test_a_pdf_named_html_is_refused_and_the_rest_kept(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("submissions:create"),
        {**form_data(), "attachments": [pdf("通知.html"), pdf("通知.pdf")]},
    )

    assert [a.name for a in Submission.objects.get().attachments.all()] == ["通知.pdf"]
    assert any("通知.html" in message for message in shown(response))


def test_a_file_named_with_more_than_255_bytes_is_attached_under_its_whole_name(client, officer):
    name = "关于开展二〇二六年度职工职业技能竞赛暨劳动技能比武活动的通知" * 3 + ".pdf"
    assert len(name.encode()) > 255
    client.force_login(officer)

    response = client.post(
        reverse("submissions:create"), {**form_data(), "attachments": [pdf(name)]}
    )

    assert response.status_code == 302
    attachment = Submission.objects.get().attachments.get()
    assert attachment.name == name
    download = client.get(
        reverse("submissions:attachment", args=[attachment.submission_id, attachment.pk])
    )
    assert quote(name) in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_hostile_file_added_while_editing_is_refused_and_the_edit_kept(client, officer):
    submission = submit(officer)
    client.force_login(officer)
    bomb = SimpleUploadedFile("补充.png", png_declaring(30000, 30000))

    response = client.post(
        reverse("submissions:edit", args=[submission.pk]),
        {**form_data(title="改过的标题"), "attachments": [bomb]},
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "改过的标题"
    assert submission.attachments.count() == 0
    assert any("补充.png" in message for message in shown(response))
