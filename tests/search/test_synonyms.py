"""Search synonyms: a table kept in the admin (职代会 ↔ 职工代表大会), applied to every
search so that either form finds both, with whichever form was found highlighted."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.search import synonyms
from editorial.search.fulltext import search_articles
from editorial.search.models import SynonymGroup
from editorial.search.text import Query
from tests.factories import make_issue, make_user, take_to

TABLE = {
    "职代会": ("职代会", "职工代表大会"),
    "职工代表大会": ("职代会", "职工代表大会"),
    "市总": ("市总", "市总工会"),
    "市总工会": ("市总", "市总工会"),
    "劳模": ("劳模", "劳动模范"),
    "劳动模范": ("劳模", "劳动模范"),
}


class TestTheFormsOfAQuery:
    """How a query is widened (no database)."""

    def test_a_short_form_gives_the_long_form(self):
        assert synonyms.variants("职代会", TABLE) == ["职代会", "职工代表大会"]

    def test_a_long_form_gives_the_short_form(self):
        assert synonyms.variants("职工代表大会", TABLE) == ["职工代表大会", "职代会"]

    def test_the_longest_term_is_taken_so_a_longer_name_is_not_cut(self):
        assert synonyms.variants("市总工会", TABLE) == ["市总工会", "市总"]

    def test_a_term_inside_a_longer_query_is_swapped_in_place(self):
        assert synonyms.variants("劳模表彰大会", TABLE) == ["劳模表彰大会", "劳动模范表彰大会"]

    def test_two_terms_in_one_query_give_every_combination(self):
        assert synonyms.variants("市总劳模", TABLE) == [
            "市总劳模",
            "市总劳动模范",
            "市总工会劳模",
            "市总工会劳动模范",
        ]

    def test_the_number_of_forms_is_bounded(self):
        assert len(synonyms.variants("劳模" * 10, TABLE)) == synonyms.MAX_VARIANTS

    def test_a_query_without_synonyms_is_left_alone(self):
        assert synonyms.variants("金秋助学", TABLE) == ["金秋助学"]

    def test_the_postgresql_query_matches_any_form(self):
        query = Query.parse("劳模 表彰", synonyms=TABLE)
        assert query.tsquery() == "(('劳模') | ('劳动' <2> '模范')) & ('表彰')"

    def test_without_the_table_the_query_is_unchanged(self):
        assert Query.parse("劳模").tsquery() == "('劳模')"

    def test_every_form_is_highlighted(self):
        assert set(Query.parse("劳模", synonyms=TABLE).terms) == {"劳模", "劳动模范"}


@pytest.fixture
def table(db):
    """This test's own table (the seeded one may be gone after a transactional test)."""
    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.create(terms="职代会、职工代表大会")
    SynonymGroup.objects.create(terms="劳模 劳动模范")


@pytest.fixture
def articles(table):
    issue = make_issue(
        year=2012,
        number=1,
        status=Issue.Status.DRAFT,
        sections=("工作动态",),
        articles_per_section=3,
    )
    first, second, third = Article.objects.filter(section__issue=issue).order_by("position")
    first.title, first.body = "召开三届二次职代会", "职代会审议通过了集体合同。"
    second.title, second.body = "职工代表大会制度建设", "全市推进职工代表大会制度。"
    third.title, third.body = "金秋助学", "资助困难职工子女。"
    for article in (first, second, third):
        article.save()
    take_to(issue, Issue.Status.PUBLISHED)
    return {"short": first.pk, "long": second.pk, "other": third.pk}


@pytest.mark.django_db
class TestSearching:
    def test_the_short_form_finds_both(self, articles):
        found = set(search_articles("职代会").article_ids)
        assert found == {articles["short"], articles["long"]}

    def test_the_long_form_finds_both(self, articles):
        found = set(search_articles("职工代表大会").article_ids)
        assert found == {articles["short"], articles["long"]}

    def test_other_words_of_the_query_must_still_match(self, articles):
        assert search_articles("职代会 集体合同").article_ids == [articles["short"]]

    def test_the_page_highlights_whichever_form_matched(self, client, articles):
        body = client.get(reverse("editorial:search"), {"q": "职代会"}).content.decode()
        assert "<mark>职代会</mark>" in body
        assert "<mark>职工代表大会</mark>" in body

    def test_a_group_added_in_the_admin_applies_to_the_next_search(self, client, articles):
        assert search_articles("金秋助学").article_ids == [articles["other"]]
        assert search_articles("助学金秋").article_ids == []
        client.force_login(make_user("root", superuser=True))
        response = client.post(
            "/admin/editorial/synonymgroup/add/", {"terms": "助学金秋、金秋助学"}
        )
        assert response.status_code == 302
        assert search_articles("助学金秋").article_ids == [articles["other"]]

    def test_a_group_deleted_applies_to_the_next_search(self, articles):
        assert len(search_articles("职代会").article_ids) == 2
        SynonymGroup.objects.get(terms__contains="职代会").delete()
        assert search_articles("职代会").article_ids == [articles["short"]]

    def test_the_table_is_read_from_the_cache_between_changes(self, table):
        synonyms.table()
        assert cache.get(synonyms.CACHE_KEY) is not None
        SynonymGroup.objects.create(terms="农民工、外来务工人员")
        assert cache.get(synonyms.CACHE_KEY) is None
        assert "农民工" in synonyms.table()

    @pytest.mark.postgres
    def test_punctuation_in_terms_cannot_break_the_query(self, articles):
        SynonymGroup.objects.create(terms="a'b|c 职代会&")
        assert search_articles("a'b|c").article_ids == []


@pytest.mark.django_db
class TestTheAdmin:
    @pytest.fixture
    def admin_client(self, client, table):
        client.force_login(make_user("root", superuser=True))
        return client

    def test_a_group_needs_two_terms(self, admin_client):
        response = admin_client.post("/admin/editorial/synonymgroup/add/", {"terms": "职代会"})
        assert response.status_code == 200
        assert "请至少填写两个意思相同的词语" in response.content.decode()

    def test_a_term_cannot_be_in_two_groups(self, admin_client):
        response = admin_client.post(
            "/admin/editorial/synonymgroup/add/", {"terms": "职代会、职工大会"}
        )
        assert response.status_code == 200
        assert "“职代会”已在同义词组" in response.content.decode()

    def test_the_terms_are_stored_in_one_form(self, admin_client):
        admin_client.post("/admin/editorial/synonymgroup/add/", {"terms": " 女职工 , 女工  女职工"})
        assert SynonymGroup.objects.filter(terms="女职工、女工").exists()

    def test_editors_may_keep_the_table(self, client, roles, table):
        client.force_login(make_user("editor", staff=True, groups=["编辑"]))
        assert client.get("/admin/editorial/synonymgroup/").status_code == 200


@pytest.mark.django_db
def test_the_table_is_seeded_with_a_dozen_common_union_terms(seeded_synonyms):
    seeded = synonyms.table()
    assert len(SynonymGroup.objects.all()) == 12
    assert "职工代表大会" in seeded["职代会"]
    assert "市总工会" in seeded["市总"]
    assert "劳动模范" in seeded["劳模"]
