"""On PostgreSQL, the large values written with every signed or imported issue (its
signed version, and its articles' bodies, working and signed) are compressed with
lz4 (migrations 0009 and 0020), and read back exactly as written."""

import pytest
from django.db import connection

from editorial.content.models import Article, Issue
from editorial.signed.models import SignedArticle
from tests.factories import make_issue, take_to

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BODY = "各级工会组织深入开展“职工素质提升工程”，推动产业工人队伍建设改革走深走实。" * 120


def test_long_bodies_and_signed_versions_are_kept_by_lz4_and_read_back_exactly():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL server is built without lz4: pglz is kept")
    issue = make_issue(status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    article.body = BODY  # as an editor's save writes it
    article.save()
    take_to(issue, Issue.Status.PUBLISHED)

    article.refresh_from_db()
    assert article.body == BODY and SignedArticle.objects.get(article_id=article.pk).body == BODY
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(a.body), pg_column_compression(s.body),"
            " pg_column_compression(v.content) FROM editorial_article a"
            " JOIN editorial_signedarticle s ON s.article_id = a.id"
            " JOIN editorial_signedissue i ON i.issue_id = s.signed_issue_id"
            " JOIN editorial_issueversion v ON v.id = i.version_id WHERE a.id = %s",
            [article.pk],
        )
        assert set(cursor.fetchall()) == {("lz4", "lz4", "lz4")}
