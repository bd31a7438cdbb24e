"""Pictures of a Word file's articles are shown under their article, as signed,
and reach a reader by the reading rule of their issue, never straight from storage."""

import hashlib
import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import clear_url_caches, reverse

from editorial.content.images import store_picture
from editorial.content.models import Article, ArticleImage, Issue
from editorial.signed.models import SignedArticle
from tests.factories import make_issue, take_to
from tests.legacy.test_import_command import run
from tests.legacy.word_files import BODY, BODY2, Bulletin, cover, png, stored_png
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
    with committed():
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
    assert f'src="{image.get_absolute_url()}"' in page
    assert 'alt="图为座谈会现场"' in page


def test_the_article_page_shows_the_picture_with_its_caption(client, imported):
    page = text(
        client.get(
            reverse("editorial:article_detail", args=["bulletin", first_article(imported).pk])
        )
    )
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
    page = text(client.get(reverse("editorial:article_detail", args=["bulletin", article.pk])))
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


# --- Who gets a picture ------------------------------------------------------------------


def pictured(status=Issue.Status.PUBLISHED, **fields) -> ArticleImage:
    """An issue whose first article has a picture, taken through the workflow to ``status``."""
    issue = make_issue(status=Issue.Status.DRAFT, **fields)
    picture = ArticleImage.objects.create(
        article=first_article(issue), file=stored_png(), caption="现场"
    )
    if status != Issue.Status.DRAFT:
        take_to(issue, status)
    return picture


def served(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_anonymous_reader_gets_the_picture_of_a_published_public_issue(client, media):
    picture = pictured()
    response = client.get(picture.get_absolute_url())
    assert response.status_code == 200
    assert served(response) == png()
    assert response["Content-Type"] == "image/png"


def test_a_picture_is_streamed_from_storage_not_read_whole(client, media):
    picture = pictured()
    response = client.get(picture.get_absolute_url())
    assert response.streaming
    assert response["Content-Length"] == str(len(png()))


def test_a_picture_is_kept_long_and_revalidated_by_its_etag(client, media):
    picture = pictured()
    response = client.get(picture.get_absolute_url())
    assert "max-age=31536000" in response["Cache-Control"]
    again = client.get(picture.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # The ETag is the hash of the bytes served, which the stored name already holds.
    assert response["ETag"] == f'"{hashlib.sha256(served(response)).hexdigest()}"'


def test_a_drafts_picture_is_not_found(client, media):
    picture = pictured(Issue.Status.DRAFT)
    assert client.get(picture.get_absolute_url()).status_code == 404


def test_an_editor_previews_a_drafts_picture(client, media, editor):
    picture = pictured(Issue.Status.DRAFT)
    client.force_login(editor)
    response = client.get(picture.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_an_anonymous_reader_is_asked_to_sign_in_for_an_internal_issues_picture(client, media):
    picture = pictured(visibility=Issue.Visibility.INTERNAL)
    response = client.get(picture.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_reader_of_an_unlisted_unit_gets_no_internal_issues_picture(client, media, outsider):
    picture = pictured(visibility=Issue.Visibility.INTERNAL)
    client.force_login(outsider)
    assert client.get(picture.get_absolute_url()).status_code == 403


def test_a_listed_units_reader_gets_an_internal_issues_picture(client, media, listed_reader):
    picture = pictured(visibility=Issue.Visibility.INTERNAL)
    client.force_login(listed_reader)
    response = client.get(picture.get_absolute_url())
    assert response.status_code == 200
    assert served(response) == png()
    assert "private" in response["Cache-Control"]


def test_a_picture_added_after_signing_is_not_served_to_readers(client, media):
    picture = pictured()
    later = ArticleImage.objects.create(article=picture.article, file=stored_png((0, 0, 200)))
    assert client.get(later.get_absolute_url()).status_code == 404


def test_another_stored_file_is_not_served_at_a_pictures_address(client, media):
    picture = pictured()
    default_storage.save("article-images/other.png", ContentFile(png((0, 200, 0))))
    address = reverse(
        "editorial:article_picture", args=["bulletin", picture.article_id, "other.png"]
    )
    assert client.get(address).status_code == 404


@pytest.fixture
def urls_as_in_debug(settings):
    """The site's URLs as ``runserver`` builds them (with DEBUG on)."""
    import newsletter.urls

    settings.DEBUG = True
    importlib.reload(newsletter.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(newsletter.urls)
    clear_url_caches()


def test_nothing_in_storage_is_served_at_media(client, media, urls_as_in_debug):
    attachment = default_storage.save("submissions/2026/11/report.pdf", ContentFile(b"%PDF-1.4"))
    picture = pictured()
    assert client.get(f"/media/{attachment}").status_code == 404
    assert client.get(f"/media/{picture.file.name}").status_code == 404


# --- Files are written when the import commits ------------------------------------------


def test_a_picture_is_written_when_its_import_commits(media, committed):
    with committed():
        name = store_picture(png(), "image/png")
        assert not default_storage.exists(name)
    assert default_storage.open(name).read() == png()


def test_a_failed_import_leaves_no_picture_file(media, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        name = store_picture(png(), "image/png")
        raise RuntimeError("the import failed")
    assert not default_storage.exists(name)


def test_the_article_admin_links_a_picture_to_its_reading_address(client, media, chief):
    picture = pictured(Issue.Status.DRAFT)
    client.force_login(chief)
    page = text(client.get(reverse("admin:editorial_article_change", args=[picture.article_id])))
    assert f'href="{picture.get_absolute_url()}"' in page
    assert "/media/" not in page
