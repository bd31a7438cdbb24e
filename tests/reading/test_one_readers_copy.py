"""One reader's copy: what the chief editor signed is exactly what every reader-facing
output shows (issue 12, rule 1).

A chief editor changes a published, signed issue without signing the changes
off: an article's title, body and a picture, a new section, a new tagged
article, a unit added to its distribution list — each carrying a marker; an
internal issue is made public and a public one internal in the working copy;
the organization its articles credit and the tag they carry are renamed. Then
every reader-facing output is read, by an anonymous reader and by a signed-in
staff reader of a unit on the issues' distribution lists: every page reachable
from ``/``, every address of the sitemap, the feed, search, the issues' PDF
(its text as pdftotext reads it) and Word files (as python-docx reads them),
the addresses of the planted rows themselves, and the issue's e-mail to its
subscribers. The marker is nowhere, and nothing answers with a server error.

Two offices publish side by side: 苏州's migrated bulletin and 常熟's (an
office under it, with its own host name), each with a public and an internal
issue changed that way. The crawl starts from the home
page listing both bulletins, and again from the home page of 常熟's host name,
which reaches 常熟's pages only.
"""

import io
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit
from xml.etree import ElementTree

import docx
import pytest
from django.core import mail
from django.urls import reverse
from taggit.models import Tag

from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
    SourceOrganization,
    UnitMembership,
)
from editorial.output import mailing
from editorial.workflow import notifications
from tests.conftest import missing
from tests.factories import make_issue, make_user, take_to
from tests.legacy.word_files import stored_png
from tests.reading.conftest import CHANGSHU_HOST

pytestmark = pytest.mark.django_db

MARKER = "Qzx7Unsigned"  # Latin, so that it reads the same in a slug and an address
SITE = "http://testserver"
UNIT = "省总工会"  # on the factories' distribution lists
CRAWL_LIMIT = 400
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOT_READER_FACING = ("/admin/", "/static/", "/media/")
SEARCH = reverse("editorial:search")


@dataclass
class Planted:
    """The published issues (older, public, internal), and the unsigned changes
    made to the public one."""

    issues: list[Issue]
    edited: Article
    section: Section
    article: Article
    # 常熟's: a public issue and an internal one, both changed without a sign-off.
    theirs: list[Issue]
    their_article: Article


def plant(issue: Issue) -> tuple[Article, Section, Article]:
    """As a chief editor changes a published issue in the admin (model saves),
    without signing the change off: its masthead, an article (and a picture
    under it), a new section with a new tagged article."""
    issue.title = f"工会工作简报{MARKER}"
    issue.save()
    edited = Article.objects.filter(section__issue=issue).order_by("pk").first()
    edited.title = f"{edited.title}{MARKER}"
    edited.body = f"{edited.body}\n\n{MARKER}改动的段落。"
    edited.save()
    ArticleImage.objects.create(
        article=edited, file=f"article-images/{MARKER}.png", caption=f"{MARKER}图片"
    )
    section = issue.sections.create(name=f"{MARKER}栏目", position=issue.sections.count() + 1)
    article = Article.objects.create(
        section=section,
        position=1,
        title=f"{MARKER}新文章",
        body=f"{MARKER}新文章的正文。",
    )
    source = edited.source_links.first()
    ArticleSource.objects.create(article=article, organization=source.organization, position=1)
    article.tags.add(f"{MARKER}tag")
    unit, _ = Recipient.objects.get_or_create(name=f"{MARKER}单位")
    DistributionEntry.objects.create(issue=issue, recipient=unit, position=99)
    return edited, section, article


def rename_reference_data() -> None:
    """As an editor renames, in the admin, an organization every issue credits
    and a tag the signed articles carry: neither is signed off again."""
    organization = SourceOrganization.objects.get(name="市总工会宣教部")
    organization.name = f"市总工会宣教部{MARKER}"
    organization.save()
    tag = Tag.objects.get(name="劳模")
    tag.name = f"劳模{MARKER}"
    tag.save()


def swap_visibility(public: Issue, internal: Issue) -> None:
    """The working copy makes the public issue internal and the internal one public."""
    public.visibility = Issue.Visibility.INTERNAL
    public.save()
    internal.visibility = Issue.Visibility.PUBLIC
    internal.save()


def published(**fields) -> Issue:
    """An issue with a tagged article and a picture, signed off and published
    through the workflow."""
    issue = make_issue(status=Issue.Status.DRAFT, **fields)
    last = Article.objects.filter(section__issue=issue).order_by("pk").last()
    last.tags.add("劳模")
    ArticleImage.objects.create(article=last, file=stored_png(), caption="签发的图片")
    return take_to(issue, Issue.Status.PUBLISHED)


@pytest.fixture
def planted(db, media, changshu):
    older = published(year=2012, number=7, sections=("工作动态", "简讯"))
    public = published(year=2012, number=8, sections=("工作动态", "简讯"), articles_per_section=2)
    internal = published(year=2012, number=9, visibility=Issue.Visibility.INTERNAL)
    theirs = published(bulletin=changshu, year=2012, number=10, sections=("常熟动态", "简讯"))
    their_internal = published(
        bulletin=changshu, year=2012, number=11, visibility=Issue.Visibility.INTERNAL
    )
    edited, section, article = plant(public)
    plant(internal)
    _, _, their_article = plant(theirs)
    plant(their_internal)
    rename_reference_data()
    swap_visibility(older, internal)
    assert Article.objects.filter(title__contains=MARKER).count() == 8  # in the working copy
    return Planted(
        [older, public, internal], edited, section, article, [theirs, their_internal], their_article
    )


@pytest.fixture
def staff_reader(db):
    """Signed-in staff of a unit on the issues' distribution lists, with an address."""
    user = make_user("unit-reader", staff=True, email="reader@example.org")
    unit, _ = Recipient.objects.get_or_create(name=UNIT)
    UnitMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture(params=["anonymous", "staff"])
def reader(request, client, staff_reader):
    if request.param == "staff":
        client.force_login(staff_reader)
    return client


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (name == "href" or (tag == "img" and name == "src")) and value:
                self.found.append(value)


def same_site_links(body: str) -> list[str]:
    parser = _Links()
    parser.feed(body)
    paths = []
    for href in parser.found:
        href = urldefrag(href).url
        if href.startswith(SITE):
            href = href[len(SITE) :]
        if not href.startswith("/") or href.startswith("//"):
            continue
        if href.startswith(NOT_READER_FACING) or href.startswith(SEARCH):
            continue  # search is read below, with its own expectation
        paths.append(href)
    return paths


def read(client, path: str, host: str | None = None):
    response = client.get(path, HTTP_HOST=host) if host else client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    return response


def body_of(response) -> str:
    """The text a reader gets: a page as it is, a PDF as pdftotext reads it, a Word
    file as python-docx reads it (a picture has none: its address is checked)."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("image/"):
        return ""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    if content_type == "application/pdf":
        if shutil.which("pdftotext") is None:
            missing("pdftotext is not installed: apt-get install poppler-utils")
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
    if content_type.startswith("application/vnd.openxmlformats"):
        document = docx.Document(io.BytesIO(response.content))
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    return response.content.decode()


def assert_no_marker(path: str, response) -> None:
    body = body_of(response)
    assert MARKER.lower() not in body.lower(), path


def crawl(client, start: str = "/", host: str | None = None) -> dict:
    """Every same-site page reachable from ``start`` by links, breadth first (asked
    of ``host``, by default the test server's)."""
    seen = {start: None}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        response = read(client, path, host)
        seen[path] = response
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(body_of(response)):
            if link not in seen:
                assert len(seen) < CRAWL_LIMIT, "the crawl found more pages than expected"
                seen[link] = None
                queue.append(link)
    return seen


def sitemap_paths(client) -> list[str]:
    index = ElementTree.fromstring(read(client, reverse("editorial:sitemap")).content)
    paths = []
    for section in index.iter(f"{SITEMAP}loc"):
        urlset = ElementTree.fromstring(read(client, urlsplit(section.text).path).content)
        paths.extend(urlsplit(loc.text).path for loc in urlset.iter(f"{SITEMAP}loc"))
    return paths


def test_no_page_reachable_from_the_home_page_shows_an_unsigned_change(planted, reader):
    pages = crawl(reader)
    for issue in [*planted.issues[:2], planted.theirs[0]]:
        assert issue.get_absolute_url() in pages
        for kind in ("pdf", "docx"):
            slug = issue.bulletin.slug
            path = reverse(f"editorial:issue_{kind}", args=[slug, issue.year, issue.number])
            assert pages[path].status_code == 200, path
    assert reverse("editorial:section_list", args=["changshu"]) in pages
    assert reverse("editorial:archive", args=["changshu"]) in pages
    assert reverse("editorial:tag_articles", args=["劳模"]) in pages
    for picture in ArticleImage.objects.filter(
        article__section__issue__in=planted.issues[:2], caption="签发的图片"
    ):
        assert pages[picture.get_absolute_url()].status_code == 200
    assert reverse("editorial:section_list", args=["bulletin"]) in pages
    assert reverse("editorial:tag_list") in pages
    assert len(pages) > 12
    for path, response in pages.items():
        assert_no_marker(path, response)


def test_no_page_of_an_offices_host_name_shows_an_unsigned_change(planted, reader, settings):
    settings.ALLOWED_HOSTS = ["testserver", CHANGSHU_HOST]
    pages = crawl(reader, host=CHANGSHU_HOST)
    theirs = planted.theirs[0]
    assert theirs.get_absolute_url() in pages
    assert pages[reverse("editorial:issue_pdf", args=["changshu", 2012, 10])].status_code == 200
    assert not [path for path in pages if path.startswith("/bulletin/")]
    assert len(pages) > 8
    for path, response in pages.items():
        assert_no_marker(path, response)


def test_no_address_of_the_sitemap_shows_an_unsigned_change(planted, reader):
    paths = sitemap_paths(reader)
    assert planted.edited.get_absolute_url() in paths
    assert planted.article.get_absolute_url() not in paths
    assert planted.edited.section.get_absolute_url() in paths
    assert planted.edited.source_links.first().organization.get_absolute_url() in paths
    assert planted.section.get_absolute_url() not in paths
    their_signed = Article.objects.filter(section__issue=planted.theirs[0]).order_by("pk").first()
    assert their_signed.get_absolute_url() in paths
    assert planted.their_article.get_absolute_url() not in paths
    for path in paths:
        response = read(reader, path)
        assert response.status_code == 200, path
        assert_no_marker(path, response)


def test_the_feeds_show_no_unsigned_change(planted, reader):
    response = read(reader, reverse("editorial:feed", args=["bulletin"]))
    assert planted.issues[1].get_absolute_url() in body_of(response)
    assert_no_marker("feed", response)
    response = read(reader, reverse("editorial:feed", args=["changshu"]))
    assert planted.theirs[0].get_absolute_url() in body_of(response)
    assert_no_marker("their feed", response)


def test_the_planted_rows_have_no_page_for_readers(planted, reader):
    unsigned_picture = ArticleImage.objects.get(article=planted.edited, caption__contains=MARKER)
    for path in (
        unsigned_picture.get_absolute_url(),
        planted.article.get_absolute_url(),
        planted.their_article.get_absolute_url(),
        planted.their_article.section.get_absolute_url(),
        planted.section.get_absolute_url(),
        reverse("editorial:tag_articles", args=[planted.article.tags.get().slug]),
    ):
        response = read(reader, path)
        assert response.status_code == 404, path
        assert_no_marker(path, response)


def test_search_shows_no_unsigned_change(planted, reader):
    page = read(reader, SEARCH)
    assert_no_marker(SEARCH, page)
    results = read(reader, SEARCH + "?q=" + MARKER)
    assert results.context["results"].count == 0
    for scope in ("?bulletin=changshu&q=", "?bulletin=bulletin&q="):
        assert read(reader, SEARCH + scope + MARKER).context["results"].count == 0
    their_search = reverse("editorial:bulletin_search", args=["changshu"])
    assert read(reader, their_search + "?q=" + MARKER).context["results"].count == 0
    assert MARKER not in str(results.context["form"]["section"])
    assert MARKER not in str(results.context["form"]["organization"])
    # A word of every signed title: the results list the signed articles only.
    found = read(reader, SEARCH + "?q=文章")
    assert found.context["results"].count >= 2
    assert_no_marker(SEARCH + "?q=文章", found)
    found = read(reader, their_search + "?q=文章")
    assert {hit.issue.bulletin.slug for hit in found.context["hits"]} == {"changshu"}
    assert_no_marker(their_search + "?q=文章", found)


def test_the_new_issue_email_shows_no_unsigned_change(planted, staff_reader):
    notifications.set_subscribed(staff_reader, True)
    public = planted.issues[1]
    assert mailing.plan(public) == 1
    assert mailing.send_due().sent == 1
    [message] = mail.outbox
    html, mime_type = message.alternatives[0]
    assert mime_type == "text/html"
    assert "工作动态文章1" in message.body
    assert "工作动态文章1" in html
    for text in (message.subject, message.body, html):
        assert MARKER.lower() not in text.lower()


def test_an_internal_issue_made_public_without_a_sign_off_stays_closed_to_the_public(
    planted, client
):
    internal = planted.issues[2]
    article = Article.objects.filter(section__issue=internal).order_by("pk").first()
    for path in (internal.get_absolute_url(), article.get_absolute_url()):
        assert read(client, path).status_code == 302, path
    assert internal.get_absolute_url() not in crawl(client)


def test_a_unit_added_to_the_list_without_a_sign_off_cannot_read_the_internal_issue(
    planted, client
):
    planted_unit = Recipient.objects.get(name=f"{MARKER}单位")
    newcomer = make_user("newcomer", staff=True)
    UnitMembership.objects.create(user=newcomer, unit=planted_unit)
    client.force_login(newcomer)
    assert read(client, planted.issues[2].get_absolute_url()).status_code == 403
