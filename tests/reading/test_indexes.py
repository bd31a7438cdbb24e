"""The index of sections and the index of tags: what a reader may read, from the
reader's copy; and the sitemap's section and contributor pages."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from editorial.content.models import Article, Issue
from tests.factories import make_issue, take_to

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def tagged(tag: str, **fields) -> Issue:
    issue = make_issue(status=Issue.Status.DRAFT, **fields)
    Article.objects.filter(section__issue=issue).first().tags.add(tag)
    return issue


@pytest.fixture
def issues(committed):
    """A public issue, an internal one, and a draft, each with a section and a tag of its own."""
    with committed():
        take_to(tagged("劳模", number=1, sections=("工作动态",)), Issue.Status.PUBLISHED)
        internal = tagged("内部", number=2, sections=("内部通报",), visibility="internal")
        take_to(internal, Issue.Status.PUBLISHED)
        tagged("草稿标签", number=3, sections=("未发栏目",))


def test_the_section_index_lists_the_sections_a_reader_may_read(client, issues):
    page = client.get(reverse("editorial:section_list", args=["bulletin"])).content.decode()
    assert reverse("editorial:section_articles", args=["bulletin", "工作动态"]) in page
    assert "内部通报" not in page
    assert "未发栏目" not in page


def test_a_reader_of_a_listed_unit_sees_the_internal_issues_sections(client, issues, staff):
    client.force_login(staff)
    page = client.get(reverse("editorial:section_list", args=["bulletin"])).content.decode()
    assert "内部通报" in page
    assert "未发栏目" not in page


def test_the_tag_index_lists_the_tags_a_reader_may_read(client, issues):
    page = client.get(reverse("editorial:tag_list")).content.decode()
    assert reverse("editorial:tag_articles", args=["劳模"]) in page
    assert "内部" not in page.split('class="tag-index"')[1]
    assert "草稿标签" not in page


def test_a_reader_of_a_listed_unit_sees_the_internal_issues_tags(client, issues, staff):
    client.force_login(staff)
    page = client.get(reverse("editorial:tag_list")).content.decode()
    assert reverse("editorial:tag_articles", args=["内部"]) in page
    assert "草稿标签" not in page


def sitemap_paths(client) -> list[str]:
    index = ElementTree.fromstring(client.get(reverse("editorial:sitemap")).content)
    paths = []
    for section in index.iter(f"{SITEMAP}loc"):
        urlset = ElementTree.fromstring(client.get(urlsplit(section.text).path).content)
        paths.extend(urlsplit(loc.text).path for loc in urlset.iter(f"{SITEMAP}loc"))
    return paths


def test_the_sitemap_lists_the_public_sections_and_contributors(client, issues):
    paths = sitemap_paths(client)
    public = Issue.objects.get(number=1)
    organization = public.sections.get().articles.get().sources.get()
    assert reverse("editorial:section_articles", args=["bulletin", "工作动态"]) in paths
    assert organization.get_absolute_url() in paths
    assert reverse("editorial:section_articles", args=["bulletin", "内部通报"]) not in paths
    assert reverse("editorial:section_articles", args=["bulletin", "未发栏目"]) not in paths


def test_the_sitemap_lists_the_indexes(client, issues):
    paths = sitemap_paths(client)
    assert reverse("editorial:section_list", args=["bulletin"]) in paths
    assert reverse("editorial:tag_list") in paths
