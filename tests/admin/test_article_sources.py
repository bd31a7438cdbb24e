"""An article's sources (来源单位): one line of names, linked to organizations,
with the attribution printed from them."""

import pytest
from django.urls import reverse

from editorial.content import attribution
from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from editorial.naming import split_attribution
from editorial.workflow import transitions as workflow
from tests.factories import take_to
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data, shown_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    life = SourceOrganization.objects.create(name="市总工会生活部")
    women = SourceOrganization.objects.create(name="市总工会女工部")
    women.aliases.create(name="市总女职工部")
    return life, women


def edit_sources(client, article, sources, **fields):
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data.update(sources_written=sources, **fields)
    return client.post(url, data, follow=True)


def the_article(issue) -> Article:
    return Article.objects.get(section__issue=issue)


def test_names_typed_in_order_link_their_organizations_in_that_order(client, editor, organizations):
    life, women = organizations
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总工会女工部、市总工会生活部")
    assert the_article(article.section.issue).ordered_sources == [women, life]


def test_an_alias_links_its_organization(client, editor, organizations):
    _life, women = organizations
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总女职工部")
    assert the_article(article.section.issue).ordered_sources == [women]


def test_a_short_form_links_the_organization_it_stands_for(client, editor, organizations):
    life, _women = organizations
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总生活部")
    assert the_article(article.section.issue).ordered_sources == [life]


def test_a_new_name_creates_the_organization_named_in_full_with_the_name_as_typed_an_alias(
    client, editor
):
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总法律部")
    created = SourceOrganization.objects.get(name="市总工会法律部")
    assert the_article(article.section.issue).ordered_sources == [created]
    assert list(created.aliases.values_list("name", flat=True)) == ["市总法律部"]


def test_the_save_says_which_organizations_were_linked_and_which_created(
    client, editor, organizations
):
    article = the_article(draft())
    client.force_login(editor)
    response = edit_sources(client, article, "市总工会生活部、市总法律部")
    shown = shown_messages(response)
    assert "已关联来源单位：市总工会生活部。" in shown
    assert "已新建来源单位：市总工会法律部。" in shown


def test_the_printed_attribution_compresses_a_shared_prefix(client, editor, organizations):
    article = the_article(draft())
    client.force_login(editor)
    response = edit_sources(client, article, "市总工会生活部、市总工会女工部")
    assert the_article(article.section.issue).source_text == "市总工会生活部、女工部"
    assert "印作：（市总工会生活部、女工部）" in shown_messages(response)


def test_the_printed_attribution_follows_a_change_of_sources(client, editor, organizations):
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总工会生活部")
    edit_sources(client, Article.objects.get(pk=article.pk), "市总工会生活部、市总工会女工部")
    assert Article.objects.get(pk=article.pk).source_text == "市总工会生活部、女工部"


def test_an_attribution_the_editor_wrote_is_kept(client, editor, organizations):
    article = the_article(draft())
    client.force_login(editor)
    edit_sources(client, article, "市总工会生活部", source_text="市总工会生活保障部")
    assert Article.objects.get(pk=article.pk).source_text == "市总工会生活保障部"


def test_a_credit_keeps_its_own_field_and_prints_after_the_organizations(
    client, editor, organizations
):
    article = the_article(draft())
    client.force_login(editor)
    response = edit_sources(client, article, "市总工会生活部", credit="综合来稿")
    saved = Article.objects.get(pk=article.pk)
    assert (saved.source_text, saved.credit) == ("市总工会生活部", "综合来稿")
    assert "印作：（市总工会生活部、综合来稿）" in shown_messages(response)


def test_the_sources_field_offers_names_short_names_and_aliases(client, editor, organizations):
    life, _women = organizations
    life.short_name = "生活部"
    life.save()
    article = the_article(draft())
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_article_change", args=[article.pk])).content
    page = page.decode()
    datalist = page[page.index('<datalist id="id_sources_written-names"') :]
    datalist = datalist[: datalist.index("</datalist>")]
    for name in ("市总工会生活部", "生活部", "市总女职工部", "市总工会女工部"):
        assert f'<option value="{name}">' in datalist


def test_an_attribution_that_links_no_organization_is_listed_before_submission():
    issue = draft()
    article = the_article(issue)
    ArticleSource.objects.filter(article=article).delete()
    article.source_text = "市总宣教部"
    article.save()
    assert any("市总宣教部" in problem for problem in workflow.problems(issue))


def test_a_credit_alone_is_not_listed_before_submission():
    issue = draft()
    article = the_article(issue)
    ArticleSource.objects.filter(article=article).delete()
    article.source_text = article.credit = "综合来稿"
    article.save()
    assert workflow.problems(issue) == []


def test_readers_see_the_attribution_as_signed_after_the_working_copy_changes(
    client, chief, organizations
):
    life, women = organizations
    issue = draft()
    article = the_article(issue)
    ArticleSource.objects.filter(article=article).delete()
    ArticleSource.objects.create(article=article, organization=life, position=1)
    ArticleSource.objects.create(article=article, organization=women, position=2)
    article.source_text = "市总生活部、女工部"
    article.save()
    issue = take_to(issue, Issue.Status.PUBLISHED)
    article.source_text = "改过的来源"
    article.save()
    page = client.get(issue.get_absolute_url()).content.decode()
    assert f'<a href="{women.get_absolute_url()}">女工部</a>' in page
    assert "改过的来源" not in page


class TestDerivedAttribution:
    """The rule, on organizations as the importer and the form leave them."""

    def test_departments_of_one_federation_share_its_name(self, organizations):
        assert attribution.derived_attribution(organizations) == "市总工会生活部、女工部"

    def test_a_short_name_is_printed_as_it_is(self, organizations):
        life, women = organizations
        life.short_name = "生活部"
        life.save()
        assert attribution.derived_attribution([life, women]) == "生活部、市总工会女工部"

    def test_names_that_share_no_parent_are_written_in_full(self):
        city = SourceOrganization.objects.create(name="常熟市总工会")
        office = SourceOrganization.objects.create(name="市总工会办公室")
        assert attribution.derived_attribution([office, city]) == "市总工会办公室、常熟市总工会"

    def test_a_name_typed_in_full_is_printed_as_typed(self, client, editor):
        article = the_article(draft())
        client.force_login(editor)
        edit_sources(client, article, "吴江区总工会法律部")
        assert Article.objects.get(pk=article.pk).source_text == "吴江区总工会法律部"

    def test_a_short_form_the_editor_typed_is_printed(self, client, editor):
        article = the_article(draft())
        client.force_login(editor)
        edit_sources(client, article, "吴江区总法律部")
        assert Article.objects.get(pk=article.pk).source_text == "吴江区总法律部"


class TestImportedAttributions:
    """The legacy importer and the article form agree on what print writes."""

    @pytest.fixture
    def imported(self):
        from tests.legacy.test_import_command import run
        from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012

        run(SAMPLE_2007, SAMPLE_2012)
        return list(
            Article.objects.exclude(source_links=None).prefetch_related(
                "source_links__organization__aliases"
            )
        )

    def test_the_attribution_derived_from_imported_sources_reads_as_the_one_printed(self, imported):
        # Print wrote 市总工会研究室 in one issue and 市总办公室、研究室 in another: the
        # derived form may be shorter, never other organizations or another order.
        for article in imported:
            derived = attribution.derived_attribution(article.ordered_sources)
            assert (
                split_attribution(derived).sources == split_attribution(article.source_text).sources
            )

    def test_shared_prefixes_are_derived_as_the_imported_issue_prints_them(self, imported):
        article = next(a for a in imported if a.source_text == "市总宣教部、研究室")
        assert attribution.derived_attribution(article.ordered_sources) == "市总宣教部、研究室"

    def test_every_organization_of_an_imported_attribution_is_linked(self, imported):
        for article in imported:
            linked = [o for _part, o in attribution.attribution_parts(article) if o]
            assert linked == article.ordered_sources


def test_an_editor_reading_an_article_of_a_published_issue_sees_its_sources(client, editor):
    from tests.workflow.conftest import in_state

    article = the_article(in_state(Issue.Status.PUBLISHED))
    client.force_login(editor)
    response = client.get(reverse("admin:editorial_article_change", args=[article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "市总工会宣教部" in page
    assert 'name="sources_written"' not in page
