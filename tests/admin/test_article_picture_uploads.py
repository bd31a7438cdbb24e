"""A picture an editor adds under an article in the admin is checked as an
officer's photo is: a hostile one is refused on the form, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial.content.models import Article, ArticleImage
from tests.hostile import png_declaring
from tests.legacy.word_files import png
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def add_picture(client, upload):
    article = Article.objects.get(section__issue=draft())
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    row = int(data["images-TOTAL_FORMS"])
    data.update(
        {
            "images-TOTAL_FORMS": str(row + 1),
            f"images-{row}-position": "1",
            f"images-{row}-caption": "会场",
            f"images-{row}-file": upload,
        }
    )
    return client.post(url, data)


def test_a_picture_declaring_30000_by_30000_pixels_is_refused_on_the_form(client, editor, media):
    client.force_login(editor)

    response = add_picture(client, SimpleUploadedFile("会场.png", png_declaring(30000, 30000)))

    assert response.status_code == 200
    assert "会场.png" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_a_pdf_is_refused_as_no_picture(client, editor, media):
    client.force_login(editor)

    response = add_picture(client, SimpleUploadedFile("会场.pdf", b"%PDF-1.4\n%\xe2\xe3\n"))

    assert response.status_code == 200
    assert not ArticleImage.objects.exists()


def test_a_picture_named_with_more_than_255_bytes_is_stored(client, editor, media):
    name = "市总工会举办职工职业技能竞赛暨劳动技能比武活动现场" * 4 + ".png"
    assert len(name.encode()) > 255
    client.force_login(editor)

    response = add_picture(client, SimpleUploadedFile(name, png()))

    assert response.status_code == 302
    stored = ArticleImage.objects.get().file
    assert stored.read() == png()
