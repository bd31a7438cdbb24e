"""Pictures of a Word file's articles are shown under their article, as signed."""

import pytest
from django.urls import reverse

from editorial.content.models import Article, ArticleImage, Issue
from editorial.signed.models import SignedArticle
from tests.legacy.test_import_command import run
from tests.legacy.word_files import BODY, BODY2, Bulletin, cover, png
from tests.signing import first_article, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, media, committed):
    path = tmp_path / "pictures.docx"
    path.write_bytes(
        cover(Bulletin())
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}")
        .picture(png())
        .lines(f"图为座谈会现场\n{BODY2}（区总工会）\n")
        .bytes()
    )
    run(path)
    return Issue.objects.get()


def test_the_picture_is_stored_with_its_article(imported):
    image = ArticleImage.objects.get()
    assert image.article == first_article(imported)
    assert image.caption == "图为座谈会现场"
    assert image.file.read() == png()


def test_the_issue_page_shows_the_picture_under_its_article(client, imported):
    page = text(client.get(imported.get_absolute_url()))
    image = ArticleImage.objects.get()
    assert f'src="{image.file.url}"' in page
    assert 'alt="图为座谈会现场"' in page


def test_the_article_page_shows_the_picture_with_its_caption(client, imported):
    page = text(client.get(reverse("editorial:article_detail", args=[first_article(imported).pk])))
    assert "<figcaption>图为座谈会现场</figcaption>" in page


def test_the_picture_is_part_of_what_was_signed(imported):
    version = imported.versions.get()
    (record,) = version.content["sections"][0]["articles"]
    assert record["images"] == [
        {"file": ArticleImage.objects.get().file.name, "caption": "图为座谈会现场"}
    ]


def test_an_article_signed_before_pictures_were_signed_still_renders(client, imported):
    # As a version signed before this change holds it: no "images" at all.
    SignedArticle.objects.update(images=[])
    article = first_article(imported)
    page = text(client.get(reverse("editorial:article_detail", args=[article.pk])))
    assert article.title in page and "<figure" not in page


def test_an_unsigned_new_picture_is_not_shown(client, imported):
    article = Article.objects.get()
    ArticleImage.objects.create(article=article, file="article-images/new.png", caption="新图片")
    assert "新图片" not in text(client.get(imported.get_absolute_url()))


def test_an_editor_previews_the_pictures_of_an_imported_draft(client, tmp_path, media, editor):
    path = tmp_path / "draft.docx"
    path.write_bytes(
        cover(Bulletin())
        .lines(f"【工作动态】\n区工会召开座谈会\n{BODY}")
        .picture(png())
        .lines(f"图为座谈会现场\n{BODY2}（区总工会）\n")
        .bytes()
    )
    run(path, "--status", "draft")
    client.force_login(editor)
    page = text(client.get(Issue.objects.get().get_absolute_url()))
    assert "<figcaption>图为座谈会现场</figcaption>" in page
