"""What the search index stores for an article's text (PostgreSQL): each lexeme
once, with its positions, each marked with the weight of the field it is in."""

import pytest
from django.db import connection

from editorial.search.fulltext import document_literal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def stored(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Lexeme → positions, as PostgreSQL stores the document of these fields."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [document_literal(fields)])
        text = cursor.fetchone()[0]
    entries = (entry.rsplit(":", 1) for entry in text.split(" "))
    return {lexeme.strip("'"): positions.split(",") for lexeme, positions in entries}


def test_a_repeated_bigram_is_one_lexeme_with_each_of_its_positions():
    assert stored([("工会工会", "D")]) == {"工会": ["1", "3"], "会工": ["2"], "会": ["4"]}


def test_each_position_is_marked_with_the_weight_of_its_field():
    assert stored([("工会", "A"), ("职工", "B"), ("工会", "D")]) == {
        "工会": ["1A", "9"],
        "会": ["2A", "10"],
        "职工": ["5B"],
        "工": ["6B"],
    }


def test_a_lexeme_keeps_its_first_256_positions():
    positions = stored([("工会" * 300, "D")])["工会"]

    assert positions == [str(p) for p in range(1, 512, 2)]


def test_positions_past_the_last_are_kept_once_at_it_with_the_first_weight():
    # 工 ends the first field at position 16390 and appears again in the second:
    # both are past PostgreSQL's last position, 16383.
    assert stored([("工" * 16390, "B"), ("工", "D")])["工"] == ["16383B"]
