"""Every address of the site from before bulletins were data still answers: with a
permanent redirect (301) to the same page of the migrated bulletin (the first
one made, slug "bulletin"), so nothing bookmarked or printed breaks."""

from urllib.parse import quote

import pytest

from editorial.content.models import Article, ArticleImage, Issue
from editorial.reading import urls
from tests.factories import default_bulletin, make_issue, take_to
from tests.legacy.word_files import stored_png

pytestmark = pytest.mark.django_db

SECTION = quote("工作动态")

# (old address, where it leads now), one row or more for every old pattern.
MOVED = [
    ("/issues/", "/bulletin/issues/"),
    ("/issues/2012/", "/bulletin/issues/2012/"),
    ("/issues/2012/8/", "/bulletin/issues/2012/8/"),
    ("/issues/2012/08/", "/bulletin/issues/2012/8/"),
    ("/issues/2012/supplement/1/", "/bulletin/issues/2012/supplement/1/"),
    ("/issues/2012/8.pdf", "/bulletin/issues/2012/8.pdf"),
    ("/issues/2012/8.docx", "/bulletin/issues/2012/8.docx"),
    ("/issues/2012/supplement/1.pdf", "/bulletin/issues/2012/supplement/1.pdf"),
    ("/issues/2012/supplement/1.docx", "/bulletin/issues/2012/supplement/1.docx"),
    ("/articles/12/", "/bulletin/articles/12/"),
    ("/articles/12/pictures/ab/cd.png", "/bulletin/articles/12/pictures/ab/cd.png"),
    ("/sections/", "/bulletin/sections/"),
    (f"/sections/{SECTION}/", f"/bulletin/sections/{SECTION}/"),
    ("/sections/甲/乙/", f"/bulletin/sections/{quote('甲/乙')}/"),
    ("/feed/", "/bulletin/feed/"),
]
# Addresses that span the bulletins and answer where they were.
KEPT = ["/", "/search/", "/sources/", "/tags/", "/sitemap.xml", "/sitemap-pages.xml"]


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_address_is_moved_for_good(client, old, new):
    default_bulletin()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_every_old_pattern_is_tested():
    """A row of ``MOVED`` for each moved pattern, so that none is left out."""
    from django.urls import resolve

    tested = {resolve(old).route for old, _new in MOVED}
    assert tested == {str(pattern.pattern) for pattern in urls.moved_addresses}


def test_the_query_string_goes_along(client):
    default_bulletin()
    response = client.get("/sections/工作动态/?page=2")
    assert response["Location"] == f"/bulletin/sections/{SECTION}/?page=2"


@pytest.mark.parametrize("url", KEPT)
def test_the_addresses_across_bulletins_answer_where_they_were(client, url):
    make_issue(year=2012, number=8)
    assert client.get(url).status_code == 200


def test_the_moved_addresses_of_an_issue_lead_to_its_pages(client, media, changshu):
    # Another bulletin listed first, with an issue: the old addresses are the
    # migrated bulletin's all the same.
    changshu.position = 0
    changshu.save()
    make_issue(year=2012, number=7, bulletin=changshu, sections=("常熟栏目",))
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    picture = ArticleImage.objects.create(article=article, file=stored_png(), caption="图")
    take_to(issue, Issue.Status.PUBLISHED)
    for old in (
        "/issues/2012/8/",
        "/issues/",
        "/issues/2012/",
        f"/articles/{article.pk}/",
        f"/sections/{SECTION}/",
        "/feed/",
        "/" + picture.get_absolute_url().split("/", 2)[2],
    ):
        response = client.get(old, follow=True)
        assert response.redirect_chain[0][1] == 301, old
        assert response.redirect_chain[0][0].startswith("/bulletin/"), old
        assert response.status_code == 200, old
    assert picture.get_absolute_url().startswith(f"/bulletin/articles/{article.pk}/pictures/")
