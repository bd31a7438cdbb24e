"""Searching the archive in Chinese."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from editorial.content.models import Article, Issue, SourceOrganization
from editorial.search.fulltext import Query, highlight, search_articles, snippet
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, sample_staff


def text(response) -> str:
    return response.content.decode()


def containing(word: str) -> set[int]:
    """The oracle: articles whose searchable text contains ``word`` verbatim."""
    found = set()
    for article in Article.objects.visible_to(None).prefetch_related("sources__aliases"):
        names = [o.name for o in article.sources.all()]
        names += [a.name for o in article.sources.all() for a in o.aliases.all()]
        fields = [article.title, article.subtitle, article.byline, article.body]
        fields += [article.source_text, article.credit, *names]
        if any(word in field for field in fields):
            found.add(article.pk)
    return found


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
        first = Article.objects.get(pk=search_articles("职工素质工程").article_ids[0])
        assert "职工素质工程" in first.title

    def test_source_names_are_searched(self, samples):
        found = search_articles("法工部").article_ids
        assert [Article.objects.get(pk=pk).title for pk in found] == [
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
        assert {Article.objects.get(pk=pk).section.issue.year for pk in found} == {2012}

    def test_a_section_filter_keeps_that_section(self, samples):
        found = search_articles("工会", section="简讯").article_ids
        assert found
        assert {Article.objects.get(pk=pk).section.name for pk in found} == {"简讯"}

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
        first = Article.objects.get(pk=response.context["hits"][0].article.pk)
        assert first.get_absolute_url() in body

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
        assert {hit.article.section.issue.year for hit in response.context["hits"]} == {2007}

    def test_results_are_paginated_keeping_the_query(self, client):
        make_issue(sections=("工作动态",), articles_per_section=25)
        response = client.get(reverse("editorial:search"), {"q": "第一段"})
        assert response.context["results"].count == 25
        assert len(response.context["hits"]) == 20
        assert "?q=%E7%AC%AC%E4%B8%80%E6%AE%B5&amp;page=2" in text(response)
        second = client.get(reverse("editorial:search"), {"q": "第一段", "page": 2})
        assert len(second.context["hits"]) == 5


@pytest.mark.django_db
class TestWhatSearchMayReturn:
    def test_drafts_scheduled_and_internal_issues_never_leak(self, samples, staff):
        hidden = []
        for number, fields in enumerate(
            [
                {"status": Issue.Status.DRAFT},
                {"status": Issue.Status.IN_REVIEW},
                {"visibility": Issue.Visibility.INTERNAL},
            ],
            start=20,
        ):
            issue = make_issue(year=2012, number=number, sections=("秘密栏目",), **fields)
            hidden.append(Article.objects.get(section__issue=issue).pk)
        found = set(search_articles("秘密栏目文章", AnonymousUser()).article_ids)
        assert found.isdisjoint(hidden)
        assert set(search_articles("秘密栏目文章", staff).article_ids) == {hidden[2]}


@pytest.mark.django_db
@pytest.mark.postgres
class TestTheIndexStaysCurrent:
    def test_an_edited_article_is_found_by_its_new_words_once_signed_off(self, committed):
        issue = make_issue()
        article = Article.objects.get(section__issue=issue)
        with committed():
            article.body += "\n\n天平山上的新段落。"
            article.save()
            workflow.resign(issue, sample_staff()[1])
        assert search_articles("天平山").article_ids == [article.pk]

    def test_a_renamed_organization_is_found_by_its_new_name(self, samples):
        organization = SourceOrganization.objects.get(name="市总工会法工部")
        organization.name = "市总工会法律工作部"
        organization.save()
        assert len(search_articles("法律工作部").article_ids) == 1

    def test_a_new_source_is_searchable(self, samples):
        article = Article.objects.get(title__startswith="全市工会将从四方面")
        organization = SourceOrganization.objects.create(name="吴江区总工会")
        article.source_links.create(organization=organization, position=5)
        assert search_articles("吴江区").article_ids == [article.pk]

    def test_every_imported_article_is_indexed(self, samples):
        from editorial.search.models import ArticleSearchEntry

        assert ArticleSearchEntry.objects.count() == Article.objects.count()
