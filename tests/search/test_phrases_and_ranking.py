"""What the index cannot tell by itself: a phrase is confirmed on the candidate
articles (on PostgreSQL the index holds a code of each bigram, once, without
positions, and many bigrams share a code; SQLite's FTS5 table matches phrases of
consecutive tokens), and results are ranked by title matches, then newest first.
The same behaviour on both databases."""

import pytest

from editorial.content.models import Article, Issue
from editorial.search.fulltext import search_articles
from tests.factories import make_issue, take_to

pytestmark = pytest.mark.django_db


def published(number: int, title: str, body: str, year: int = 2012) -> int:
    """The id of the one article of a published issue (of 2012) with this title and body."""
    issue = make_issue(year=year, number=number, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.title, article.body = title, body
    article.save()
    take_to(issue, Issue.Status.PUBLISHED)
    return article.pk


def found(query: str) -> list[int]:
    return search_articles(query).article_ids


@pytest.fixture
def small_search(monkeypatch):
    """Windows of 2 and 4 entries and a limit of ``limit`` matches, as 100,000 articles
    make them on PostgreSQL; no window hints from another test."""
    from django.core.cache import cache

    from editorial.search import fulltext

    def make(limit: int):
        monkeypatch.setattr(fulltext, "WINDOWS", (2, 4))
        monkeypatch.setattr(fulltext, "RESULT_LIMIT", limit)
        cache.clear()
        return fulltext

    return make


def test_an_article_with_every_bigram_of_a_phrase_but_not_the_phrase_is_not_found():
    # 职工 工素 素质: each bigram of 职工素质 is here, but never the four characters in order.
    scattered = published(1, "简讯", "职工素，素质提高。")
    whole = published(2, "简讯", "全市职工素质提高。")

    assert found("职工素质") == [whole]
    assert scattered not in found("职工素质")


def test_a_phrase_is_not_found_across_punctuation():
    published(1, "简讯", "关心职工。素质教育。")

    assert found("职工素质") == []


def test_layout_spaces_inside_a_phrase_do_not_hide_it():
    article = published(1, "简讯", "全市职工素质  工程推进。")

    assert found("职工素质工程") == [article]


def test_a_single_character_finds_it_anywhere_in_a_word():
    article = published(1, "简讯", "温祥华同志讲话。")

    assert found("温") == [article]
    assert found("祥") == [article]


def test_a_title_match_ranks_before_a_newer_body_match():
    in_title = published(1, "劳模表彰大会召开", "大会在市里召开。")
    in_body = published(2, "简讯", "今年表彰劳模十名。")

    assert found("劳模") == [in_title, in_body]


def test_body_matches_are_listed_newest_first():
    older = published(1, "简讯", "表彰劳模。")
    newer = published(3, "简讯", "再表彰劳模。")
    middle = published(2, "简讯", "又表彰劳模。")

    assert found("劳模") == [newer, middle, older]


def test_more_query_words_in_the_title_rank_higher():
    one = published(2, "劳模风采", "金秋助学启动。")
    both = published(1, "劳模参加金秋助学", "活动启动。")

    assert found("劳模 金秋助学") == [both, one]


def test_one_query_word_in_the_title_ranks_before_a_newer_body_match():
    one_in_title = published(1, "劳模风采", "金秋助学启动。")
    in_body = published(2, "简讯", "劳模参加金秋助学。")

    assert found("劳模 金秋助学") == [one_in_title, in_body]


@pytest.mark.postgres
def test_looking_at_the_newest_entries_first_lists_exactly_the_newest_matches(small_search):
    # With small windows and a small limit, as 100,000 articles make them: the search
    # widens its window until it holds enough, and lists the newest matches whatever
    # window they came from.
    fulltext = small_search(3)
    bodies = {
        1: "表彰劳模，推进职工素质工程。",
        2: "表彰劳模。",
        3: "金秋助学。",
        4: "职工素质工程。",
        5: "劳模座谈，职工素质工程。",
        6: "金秋助学。",
        7: "劳模事迹。",
        8: "金秋助学。",
    }
    ids = {number: published(number, "简讯", body) for number, body in bodies.items()}

    assert found("劳模") == [ids[7], ids[5], ids[2]]
    assert search_articles("劳模").more
    assert found("职工素质工程") == [ids[5], ids[4], ids[1]]
    assert found("金秋助学") == [ids[8], ids[6], ids[3]]
    # Window hints from another archive change nothing but where the search starts.
    from django.core.cache import cache

    cache.set(fulltext._STARTS_KEY, ((999_999_999, 999_999_999), 1.0), 300)
    assert found("劳模") == [ids[7], ids[5], ids[2]]


# 举五 has the code of 劳模 in PostgreSQL's index (``lexeme_code``): the index alone
# cannot tell them apart, the text can.
SAME_CODE_AS_LAOMO = "举五"


def test_a_word_sharing_the_index_code_of_the_query_is_not_a_match():
    from editorial.search.text import lexeme_code

    assert lexeme_code(SAME_CODE_AS_LAOMO) == lexeme_code("劳模")
    published(1, "简讯", "举五项措施。")
    real = published(2, "简讯", "表彰劳模。")

    assert found("劳模") == [real]
    assert search_articles("劳模").count == 1


def test_a_word_sharing_the_code_is_not_a_match_beside_a_word_of_digits():
    # "劳模 2012": a word of digits is confirmed in Python, not in SQL.
    published(1, "简讯", "举五项措施，2012年。")
    real = published(2, "简讯", "2012年表彰劳模。")

    assert found("劳模 2012") == [real]


@pytest.mark.postgres
def test_articles_the_text_refutes_do_not_crowd_out_older_matches(small_search):
    # The newest candidates all share the code of 劳模 without holding it: the search
    # goes on past them to the newest real matches, however many it must pass.
    small_search(2)
    older = published(1, "简讯", "表彰劳模。")
    newer = published(2, "简讯", "劳模事迹。")
    for number in range(3, 9):
        published(number, "简讯", "举五项措施。")

    assert found("劳模") == [newer, older]
    assert found("劳模 2012") == []


def test_full_width_digits_and_capitals_in_the_text_are_found_as_typed():
    # Such a text is normalized before a word is looked for in it.
    digits = published(1, "简讯", "２０１２年表彰劳模。")
    capitals = published(2, "ＷＴＯ规则", "加入WTO以后。")

    assert found("劳模 2012") == [digits]
    assert found("2012") == [digits]
    assert found("wto") == [capitals]


@pytest.mark.postgres
def test_the_newest_entries_are_found_across_years(small_search):
    # A window of the newest entries is looked for by the years it spans (the index
    # holds each article's year): it reaches back into an older year when it must.
    small_search(3)
    laomo = {year: published(1, "简讯", "表彰劳模。", year=year) for year in (2009, 2010, 2011)}
    for number in (1, 2):
        published(number, "简讯", "金秋助学。", year=2013)
    newest = published(3, "简讯", "劳模事迹。", year=2013)

    assert found("劳模") == [newest, laomo[2011], laomo[2010]]


@pytest.mark.postgres
def test_a_lone_character_lists_exactly_the_newest_articles_holding_it(small_search):
    # A lone character has no code in the index: the newest entries are read in
    # order, a few at a time, until enough hold it.
    small_search(2)
    bodies = {1: "温暖。", 2: "温情。", 3: "助学。", 4: "温馨。", 5: "助学。", 6: "助学。"}
    ids = {number: published(number, "简讯", body) for number, body in bodies.items()}

    assert found("温") == [ids[4], ids[2]]
    assert search_articles("温").more
