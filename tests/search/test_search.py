"""Searching the archive in Chinese: readers search the reader's copy (what the
chief editor signed), never the editors' working copy."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import (
    Article,
    ArticleSource,
    Issue,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from editorial.search.fulltext import search_articles
from editorial.search.models import ArticleSearchEntry
from editorial.search.text import Query, highlight, snippet
from editorial.signed import readers
from editorial.signed.models import SignedArticle
from editorial.workflow import transitions as workflow
from editorial.workflow.organizations import merge_into
from tests.factories import make_issue, make_user
from tests.signing import first_article, in_review, setup_roles, signed_and_published


def text(response) -> str:
    return response.content.decode()


def containing(word: str) -> set[int]:
    """The oracle: articles whose signed text, or the names their sources are found
    by, contain ``word`` verbatim."""
    found = set()
    articles = readers.with_sources(readers.articles_for(None)).prefetch_related(
        "sources__organization__aliases"
    )
    for article in articles:
        names = [source.name for source in article.sources.all()]
        for source in article.sources.all():
            if source.organization is not None:
                names += [source.organization.name, source.organization.short_name]
                names += [alias.name for alias in source.organization.aliases.all()]
        fields = [article.title, article.subtitle, article.byline, article.body]
        fields += [article.source_text, article.credit, *names]
        if any(word in field for field in fields):
            found.add(article.article_id)
    return found


def signed(article_id: int) -> SignedArticle:
    return SignedArticle.objects.select_related("signed_issue").get(article_id=article_id)


@pytest.fixture
def chief(db):
    """A chief editor (签发人), who signs issues off and publishes them."""
    setup_roles()
    return make_user("chief", staff=True, groups=["签发人"])


class TestQueries:
    """How a query is cut into bigrams (no database)."""

    def test_a_two_character_word_is_one_bigram(self):
        assert Query.parse("劳模").tsquery() == "('劳模')"

    def test_a_phrase_is_a_chain_of_bigrams_at_fixed_distances(self):
        assert Query.parse("职工素质工程").tsquery() == "('职工' <2> '素质' <2> '工程')"

    def test_an_odd_length_phrase_ends_with_an_overlapping_bigram(self):
        assert Query.parse("劳动合同法").tsquery() == "('劳动' <2> '合同' <1> '同法')"

    def test_a_single_character_matches_as_a_prefix(self):
        assert Query.parse("温").tsquery() == "('温':*)"

    def test_words_separated_by_spaces_must_all_match(self):
        assert Query.parse("劳模  表彰").tsquery() == "('劳模') & ('表彰')"

    def test_full_width_letters_and_digits_are_folded(self):
        assert Query.parse("２０１２年").tsquery() == "('2012' <1> '年':*)"

    def test_punctuation_alone_is_no_query(self):
        assert not Query.parse("“”，。！")
        assert not Query.parse("   ")


class TestHighlighting:
    def test_matches_are_marked(self):
        assert highlight("弘扬劳模精神", ["劳模"]) == "弘扬<mark>劳模</mark>精神"

    def test_text_is_escaped_before_it_is_marked(self):
        assert highlight("<b>劳模</b>", ["劳模"]) == "&lt;b&gt;<mark>劳模</mark>&lt;/b&gt;"

    def test_a_hostile_query_cannot_inject_markup(self):
        terms = Query.parse('"><script>alert(1)</script>').terms
        marked = highlight("<script>alert(1)</script>", terms)
        assert "<script>" not in marked
        assert "&lt;" in marked

    def test_layout_spaces_inside_a_phrase_still_match(self):
        assert highlight("职工素质  工程", ["职工素质工程"]) == "<mark>职工素质  工程</mark>"

    def test_the_snippet_is_cut_around_the_first_match(self):
        body = "前" * 200 + "金秋助学" + "后" * 200
        cut = snippet(body, ["金秋助学"], length=60)
        assert "<mark>金秋助学</mark>" in cut
        assert cut.startswith("…")
        assert cut.endswith("…")
        assert len(cut.replace("<mark>", "").replace("</mark>", "")) <= 62


@pytest.mark.django_db
class TestSearchingTheSamples:
    def test_a_two_character_word_finds_every_article_containing_it(self, samples):
        expected = containing("劳模")
        assert len(expected) >= 3
        assert set(search_articles("劳模").article_ids) == expected

    def test_a_long_phrase_finds_exactly_the_articles_containing_it(self, samples):
        expected = containing("职工素质工程")
        assert expected
        assert set(search_articles("职工素质工程").article_ids) == expected

    def test_a_phrase_is_not_found_in_scattered_characters(self, samples):
        # Every character of 素质劳模 occurs in the 2007 issue, but never in this order.
        assert containing("素质劳模") == set()
        assert search_articles("素质劳模").article_ids == []

    def test_a_title_match_ranks_first(self, samples):
        first = signed(search_articles("职工素质工程").article_ids[0])
        assert "职工素质工程" in first.title

    def test_source_names_are_searched(self, samples):
        found = search_articles("法工部").article_ids
        assert [signed(pk).title for pk in found] == [
            "全市工会将从四方面搞好《劳动合同法》学习宣传贯彻"
        ]

    def test_a_short_name_as_written_finds_the_organization_articles(self, samples):
        organization = SourceOrganization.objects.get(name="市总工会生活部")
        assert set(search_articles("市总生活部").article_ids) >= set(
            organization.articles.values_list("pk", flat=True)
        )

    def test_a_year_filter_keeps_that_year(self, samples):
        found = search_articles("劳模", year=2012).article_ids
        assert found
        assert {signed(pk).signed_issue.year for pk in found} == {2012}

    def test_a_section_filter_keeps_that_section(self, samples):
        found = search_articles("工会", section="简讯").article_ids
        assert found
        assert {signed(pk).section_name for pk in found} == {"简讯"}

    def test_an_organization_filter_keeps_its_articles(self, samples):
        organization = SourceOrganization.objects.get(name="昆山市总工会")
        found = search_articles("工会", organization=organization).article_ids
        assert set(found) == set(organization.articles.values_list("pk", flat=True))


@pytest.mark.django_db
class TestTheSearchPage:
    def test_results_are_listed_with_highlighted_snippets(self, client, samples):
        response = client.get(reverse("editorial:search"), {"q": "职工素质工程"})
        body = text(response)
        assert "<mark>职工素质工程</mark>" in body
        assert "篇文章" in body
        first = response.context["hits"][0].article
        assert f'href="/bulletin/articles/{first.article_id}/"' in body

    def test_a_result_names_and_links_its_issue_as_signed(self, client, samples):
        response = client.get(reverse("editorial:search"), {"q": "职工素质工程"})
        issue = response.context["hits"][0].issue
        address = f"/bulletin/issues/{issue.year}/{issue.number}/"
        link = f'<a href="{address}">{issue.year}年第{issue.number}期'
        assert link in text(response)

    def test_a_query_that_matches_nothing_says_so(self, client, samples):
        body = text(client.get(reverse("editorial:search"), {"q": "量子计算机"}))
        assert "没有找到与“量子计算机”相关的文章" in body

    def test_a_hostile_query_is_shown_as_text(self, client, samples):
        body = text(client.get(reverse("editorial:search"), {"q": '"><script>alert(1)</script>'}))
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;" in body

    def test_the_filters_offer_what_the_reader_can_find(self, client, samples):
        make_issue(year=2030, number=1, status=Issue.Status.DRAFT, sections=("草稿栏目",))
        form = client.get(reverse("editorial:search")).context["form"]
        assert [y for y, _ in form.fields["year"].choices if y] == [2012, 2007]
        assert "草稿栏目" not in [name for name, _ in form.fields["section"].choices]

    def test_filters_narrow_the_results_on_the_page(self, client, samples):
        response = client.get(reverse("editorial:search"), {"q": "劳模", "year": "2007"})
        assert {hit.issue.year for hit in response.context["hits"]} == {2007}

    def test_results_are_paginated_keeping_the_query(self, client, chief):
        signed_and_published(chief, sections=("工作动态",), articles_per_section=25)
        response = client.get(reverse("editorial:search"), {"q": "第一段"})
        assert response.context["results"].count == 25
        assert len(response.context["hits"]) == 20
        assert "?q=%E7%AC%AC%E4%B8%80%E6%AE%B5&amp;page=2" in text(response)
        second = client.get(reverse("editorial:search"), {"q": "第一段", "page": 2})
        assert len(second.context["hits"]) == 5


@pytest.mark.django_db
class TestWhatSearchMayReturn:
    def test_issues_not_on_the_site_never_leak(self, chief, staff):
        """Drafts, issues in review, signed but unpublished, scheduled or withdrawn."""
        make_issue(year=2026, number=1, status=Issue.Status.DRAFT, sections=("秘密栏目",))
        in_review(number=2, sections=("秘密栏目",))
        workflow.approve(in_review(number=3, sections=("秘密栏目",)), chief)
        scheduled = in_review(number=4, sections=("秘密栏目",))
        workflow.approve(scheduled, chief)
        workflow.publish(scheduled, chief, at=timezone.now() + timedelta(days=3))
        withdrawn = signed_and_published(chief, number=5, sections=("秘密栏目",))
        workflow.withdraw(withdrawn, chief, reason="有误")

        assert search_articles("秘密栏目文章", AnonymousUser()).article_ids == []
        assert search_articles("秘密栏目文章", staff).article_ids == []

    def test_an_internal_issue_is_found_only_by_its_readers(self, chief, staff):
        internal = signed_and_published(
            chief, visibility=Issue.Visibility.INTERNAL, sections=("秘密栏目",)
        )
        article = first_article(internal)

        assert search_articles("秘密栏目文章", AnonymousUser()).article_ids == []
        assert search_articles("秘密栏目文章", staff).article_ids == [article.pk]


# --- Only the reader's copy ----------------------------------------------------------------

MARKER = "未经签发的改动"
NEW_SECTION = "未签发的栏目"
NEW_SOURCE = "未签发的来稿单位"
# In the body of the first signed article only; each unsigned change adds it elsewhere.
COUNTED = "第一段1"


def _credit_new_source(article):
    organization, _ = SourceOrganization.objects.get_or_create(name=NEW_SOURCE)
    ArticleSource.objects.create(article=article, organization=organization, position=5)


def edit_an_article(issue):
    article = Article.objects.filter(section__issue=issue).order_by("position")[1]
    article.body += COUNTED + MARKER
    article.save()
    _credit_new_source(article)


def add_a_section(issue):
    section = issue.sections.create(name=NEW_SECTION, position=9)
    article = Article.objects.create(
        section=section, position=1, title="新栏目", body=COUNTED + MARKER
    )
    _credit_new_source(article)


def add_an_article(issue):
    section = issue.sections.get(name="工作动态")
    article = Article.objects.create(
        section=section, position=9, title="新文章", body=COUNTED + MARKER
    )
    _credit_new_source(article)


@pytest.fixture
def issue(chief, committed):
    """Signed off and published: two articles, the first with COUNTED in its body."""
    with committed():
        return signed_and_published(chief, sections=("工作动态",), articles_per_section=2)


@pytest.fixture(params=[edit_an_article, add_a_section, add_an_article], ids=lambda f: f.__name__)
def unsigned_change(request, issue, committed):
    """The issue, changed by its chief editor after publication and not signed off."""
    with committed():
        request.param(issue)
    return issue


def filter_choices(client) -> tuple[list, list]:
    form = client.get(reverse("editorial:search")).context["form"]
    return (
        [name for name, _ in form.fields["section"].choices],
        [name for _, name in form.fields["organization"].choices],
    )


@pytest.mark.django_db
class TestOnlyTheReadersCopyIsSearched:
    def test_an_unsigned_change_is_not_found(self, client, unsigned_change, chief):
        response = client.get(reverse("editorial:search"), {"q": MARKER})

        assert response.context["results"].count == 0
        assert search_articles(MARKER, chief).article_ids == []

    def test_an_unsigned_change_is_not_counted(self, client, unsigned_change):
        response = client.get(reverse("editorial:search"), {"q": COUNTED})

        assert response.context["results"].count == 1
        assert "找到1篇文章" in text(response)

    def test_an_unsigned_change_is_not_offered_as_a_filter(self, client, unsigned_change):
        sections, organizations = filter_choices(client)

        assert NEW_SECTION not in sections
        assert NEW_SOURCE not in organizations

    def test_an_unsigned_change_is_not_found_by_its_filters(self, unsigned_change):
        source = SourceOrganization.objects.get(name=NEW_SOURCE)

        assert search_articles(COUNTED, section=NEW_SECTION).article_ids == []
        assert search_articles(COUNTED, organization=source).article_ids == []

    def test_once_signed_off_the_change_is_found(self, client, unsigned_change, chief, committed):
        with committed():
            workflow.resign(unsigned_change, chief)

        response = client.get(reverse("editorial:search"), {"q": MARKER})

        assert response.context["results"].count == 1
        (found,) = response.context["results"].article_ids
        assert f'href="/bulletin/articles/{found}/"' in text(response)

    def test_once_signed_off_a_new_source_is_offered_as_a_filter(
        self, client, unsigned_change, chief, committed
    ):
        filter_choices(client)  # kept until the site changes
        with committed():
            workflow.resign(unsigned_change, chief)

        _, organizations = filter_choices(client)

        assert NEW_SOURCE in organizations

    def test_once_signed_off_a_new_section_is_offered_as_a_filter(
        self, client, issue, chief, committed
    ):
        with committed():
            add_a_section(issue)
        filter_choices(client)  # kept until the site changes
        with committed():
            workflow.resign(issue, chief)

        sections, _ = filter_choices(client)

        assert NEW_SECTION in sections


@pytest.mark.django_db
def test_the_filters_follow_a_change_of_the_readers_unit(client, chief, committed):
    with committed():
        signed_and_published(chief, visibility=Issue.Visibility.INTERNAL, sections=("内部栏目",))
    reader = make_user("reader", staff=True)
    elsewhere = Recipient.objects.create(name="市各有关部门")  # not on the issue's list
    membership = UnitMembership.objects.create(user=reader, unit=elsewhere)
    client.force_login(reader)
    sections, _ = filter_choices(client)
    assert "内部栏目" not in sections

    membership.unit = Recipient.objects.get(name="省总工会")  # on the issue's list
    membership.save()

    sections, _ = filter_choices(client)
    assert "内部栏目" in sections


def sign_again(organization, chief) -> None:
    """The chief editor signs again every issue crediting ``organization``."""
    for issue in Issue.objects.filter(
        sections__articles__source_links__organization=organization
    ).distinct():
        workflow.resign(issue, chief)


@pytest.mark.django_db
class TestNamesOfOrganizations:
    """Sources are found by their names as signed, and by their organizations'
    aliases (never printed): a rename or a merge, which changes what issues
    print, is found once the issues crediting it are signed again; an alias at once."""

    def test_a_renamed_organization_is_found_by_its_new_name_once_signed(self, samples, chief):
        organization = SourceOrganization.objects.get(name="市总工会法工部")
        organization.name = "市总工会法律工作部"
        organization.save()
        assert search_articles("法律工作部").article_ids == []
        sign_again(organization, chief)
        assert len(search_articles("法律工作部").article_ids) == 1

    def test_a_new_alias_finds_the_organization_articles(self, samples):
        organization = SourceOrganization.objects.get(name="市总工会法工部")
        organization.aliases.create(name="法规工作部")
        assert len(search_articles("法规工作部").article_ids) == 1

    def test_merged_organizations_articles_are_found_under_the_kept_one_once_signed(
        self, samples, chief
    ):
        kept = SourceOrganization.objects.get(name="市总工会法工部")
        duplicate = SourceOrganization.objects.get(name="昆山市总工会")
        credited = set(duplicate.articles.values_list("pk", flat=True))

        merge_into(kept, [duplicate], actor=None)
        sign_again(kept, chief)

        assert set(search_articles("工会", organization=kept).article_ids) >= credited
        assert set(search_articles("法工部").article_ids) >= credited


@pytest.mark.django_db
@pytest.mark.postgres
def test_every_signed_article_is_indexed(samples):
    assert ArticleSearchEntry.objects.count() == SignedArticle.objects.count() > 0
