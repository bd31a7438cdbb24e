"""An imported issue is signed off and indexed from the rows the importer has just
written (it does not read each issue back): what it stores must be exactly what
reading the issue back gives. An issue imported as scheduled for later is put on
the publication schedule; one published at once leaves the schedule as it is."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial.content.models import Issue, OrganizationAlias, SourceOrganization
from editorial.legacy.importer import ImportOptions, LegacyImporter
from editorial.search import fulltext as search
from editorial.search import index as search_index
from editorial.search.models import ArticleSearchEntry
from editorial.signed.models import IssueVersion, SignedArticle
from editorial.workflow import signoff
from tests.factories import make_user
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012
from tests.signing import signed_and_published

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

    make_user("chief", staff=True, groups=["签发人"])
    run(edited, "--replace", "--user", "chief")

    issue = imported(2012)
    newest = issue.versions.order_by("-sequence").first()
    assert newest.sequence == 2
    assert newest.content == signoff.assemble(issue)
    assert not signoff.has_unsigned_changes(issue)


def test_imported_draft_is_not_signed(tmp_path):
    run(SAMPLE_2012, "--status", "draft")

    assert not IssueVersion.objects.exists()


def entries() -> set[tuple]:
    rows = ArticleSearchEntry.objects.values_list(
        "signed_article__article_id",
        "issue_id",
        "issue_order",
        "document",
        "spaced",
        "folded",
        "names",  # the sources' names, short names and aliases
    )
    return {(*row[:3], tuple(row[3]), *row[4:]) for row in rows}


@pytest.mark.postgres
def test_search_entries_written_by_the_import_equal_a_fresh_reindex():
    run(SAMPLE_2007, SAMPLE_2012)
    written = entries()

    search_index.reindex_issues(Issue.objects.values_list("pk", flat=True))

    assert written
    assert entries() == written


@pytest.mark.postgres
def test_search_entries_of_a_replaced_issue_equal_a_fresh_reindex(tmp_path, chief):
    first = tmp_path / "2012_08.txt"
    first.write_bytes(SAMPLE_2012.read_bytes())
    run(first)
    edited = tmp_path / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("穹窿山".encode(), "天平山".encode()))
    run(edited, "--replace", "--user", chief.username)
    written = entries()

    search_index.reindex_issues(Issue.objects.values_list("pk", flat=True))

    assert entries() == written
    assert len(written) == SignedArticle.objects.count()


@pytest.mark.postgres
def test_imported_issue_is_searchable_as_soon_as_its_transaction_commits():
    # No commit callback is run here: the entries are written with the issue.
    run(SAMPLE_2007, SAMPLE_2012)

    found = search.search_articles("穹窿山").signed_ids

    assert [entry.issue.year for entry in ArticleSearchEntry.objects.filter(pk__in=found)] == [2012]


def test_an_issue_of_a_batch_scheduled_for_later_appears_when_its_time_comes(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    assert "第1期" not in client.get("/").content.decode()  # nothing upcoming is recorded
    importer = LegacyImporter(batch=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = importer.import_bytes(
            SAMPLE_2012.read_bytes(), filename="x.txt", options=ImportOptions(date=tomorrow)
        )
    assert result.issue.is_scheduled
    assert "第1期" not in client.get("/").content.decode()

    # Its time comes while the batch is still running (close() not called yet).
    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=2))
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * 86400)

    assert "第1期" in client.get("/").content.decode()
    importer.close()


def test_an_imported_issue_scheduled_for_later_joins_a_recorded_schedule(
    client, chief, committed, monkeypatch
):
    with committed():
        # Publishing through the workflow records that nothing is upcoming.
        signed_and_published(chief, year=2012, number=30)
    assert "第30期" in client.get("/").content.decode()
    with committed():
        LegacyImporter().import_bytes(SAMPLE_2007.read_bytes(), filename="old.txt")
        tomorrow = timezone.localdate() + timedelta(days=1)
        LegacyImporter().import_bytes(
            SAMPLE_2012.read_bytes(), filename="x.txt", options=ImportOptions(date=tomorrow)
        )
    # The front page shows 第30期 (the 2007 issue before it), not the one to come.
    assert "上一期：2007年第1期" in client.get("/").content.decode()

    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=2))
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * 86400)

    # Its time has come: the front page shows it, 第30期 before it.
    assert "上一期：2012年第30期" in client.get("/").content.decode()


def test_an_imported_article_is_found_by_its_organizations_other_names():
    # The office knows the department by a short name and an alias before the import.
    department = SourceOrganization.objects.create(name="市总工会宣教部", short_name="宣教口")
    OrganizationAlias.objects.create(organization=department, name="市总宣传教育工作部")
    run(SAMPLE_2012)
    crediting = set(
        SignedArticle.objects.filter(sources__organization=department).values_list("pk", flat=True)
    )

    # Neither name is printed in the issue: the articles are found by the organization.
    assert crediting and "宣教口" not in SAMPLE_2012.read_text(encoding="utf-8")
    assert set(search.search_articles("宣教口").signed_ids) == crediting
    assert set(search.search_articles("市总宣传教育工作部").signed_ids) == crediting
