"""An imported issue is signed off and indexed from the rows the importer has just
written (it does not read each issue back): what it stores must be exactly what
reading the issue back gives."""

import io

import pytest
from django.core.management import call_command

from editorial import search, signoff
from editorial.models import ArticleSearchEntry, Issue, IssueVersion

from .test_parser import SAMPLE_2007, SAMPLE_2012

pytestmark = pytest.mark.django_db


def run(*args):
    call_command("import_legacy", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def imported(year: int) -> Issue:
    return Issue.objects.get(year=year)


@pytest.mark.parametrize("year", [2007, 2012])
def test_signed_version_of_an_imported_issue_equals_the_issue_read_back(year):
    # One batch: the 2012 issue finds the organizations the 2007 one created, some
    # of them through the alias it added (市总宣教部 for 市总工会宣教部).
    run(SAMPLE_2007, SAMPLE_2012)

    issue = imported(year)

    assert issue.versions.get().content == signoff.assemble(issue)


def test_signed_version_of_a_replaced_issue_equals_the_issue_read_back(tmp_path):
    first = tmp_path / "2012_08.txt"
    first.write_bytes(SAMPLE_2012.read_bytes())
    run(first)
    edited = tmp_path / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))

    run(edited, "--replace")

    issue = imported(2012)
    newest = issue.versions.order_by("-sequence").first()
    assert newest.sequence == 2
    assert newest.content == signoff.assemble(issue)
    assert not signoff.has_unsigned_changes(issue)


def test_imported_draft_is_not_signed(tmp_path):
    run(SAMPLE_2012, "--status", "draft")

    assert not IssueVersion.objects.exists()


@pytest.mark.postgres
def test_search_entries_written_by_the_import_equal_a_fresh_reindex():
    run(SAMPLE_2007, SAMPLE_2012)
    written = set(ArticleSearchEntry.objects.values_list("article_id", "issue_id", "document"))

    search.reindex_issues(Issue.objects.values_list("pk", flat=True))

    assert written
    assert set(ArticleSearchEntry.objects.values_list("article_id", "issue_id", "document")) == (
        written
    )


@pytest.mark.postgres
def test_imported_issue_is_searchable_as_soon_as_its_transaction_commits():
    # No commit callback is run here: the entries are written with the issue.
    run(SAMPLE_2007, SAMPLE_2012)

    found = search.search_articles("穹窿山").article_ids

    assert [entry.issue.year for entry in ArticleSearchEntry.objects.filter(pk__in=found)] == [2012]
