"""``manage.py import_legacy``: what an operator sees and what ends up in the database."""

import datetime
import gc
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from editorial.content.models import (
    Article,
    DistributionEntry,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
)
from editorial.search.fulltext import search_articles
from editorial.workflow.models import Correction, IssueTransition
from tests.factories import make_user
from tests.legacy.test_parser import (
    DISTRIBUTION,
    EXPECTED_2007,
    EXPECTED_2012,
    SAMPLE_2007,
    SAMPLE_2012,
)

pytestmark = pytest.mark.django_db


def run(*args):
    """Run the command; return (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_legacy", *map(str, args), stdout=out, stderr=err)
        error = None
    except CommandError as raised:
        error = raised
    return out.getvalue(), err.getvalue(), error


def snapshot():
    """Row counts of everything the importer writes."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Issue,
            Section,
            Article,
            SourceOrganization,
            OrganizationAlias,
            Recipient,
            DistributionEntry,
            IssueTransition,
        )
    }


def stored_structure(issue):
    return [
        (
            section.name,
            [
                (
                    a.kind,
                    a.title,
                    a.subtitle,
                    a.byline,
                    [(p[:8], p[-8:]) for p in a.paragraphs],
                    [o.name for o in a.ordered_sources],
                    a.source_text,
                    a.credit,
                )
                for a in section.articles.order_by("position")
            ],
        )
        for section in issue.sections.order_by("position")
    ]


@pytest.fixture
def workdir(tmp_path):
    return tmp_path


def copy(path: Path, directory: Path, name: str | None = None) -> Path:
    target = directory / (name or path.name)
    shutil.copy(path, target)
    return target


# Both samples


@pytest.mark.parametrize(
    ("path", "expected"), [(SAMPLE_2007, EXPECTED_2007), (SAMPLE_2012, EXPECTED_2012)]
)
def test_sample_imports_with_every_part_right(path, expected):
    _, _, error = run(path)
    assert error is None
    issue = Issue.objects.get()
    assert stored_structure(issue) == expected
    assert [e.recipient.name for e in issue.distribution.order_by("position")] == DISTRIBUTION


def test_imported_issue_is_published_at_its_date_with_a_recorded_transition():
    run(SAMPLE_2012)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2012, 1, datetime.date(2012, 4, 22))
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.publish_at.date() == datetime.date(2012, 4, 22)
    assert issue.legacy_filename == "seeds/002_af38840ebde41185.txt"
    assert len(issue.legacy_sha256) == 64
    step = issue.transitions.get()
    assert (step.from_status, step.to_status) == ("", Issue.Status.PUBLISHED)


def test_unknown_number_gets_the_next_free_number_of_its_year_with_a_warning(workdir):
    Issue.objects.create(year=2012, number=7, status=Issue.Status.DRAFT)
    _, err, error = run(SAMPLE_2012, "-v", "2")
    assert error is None
    assert Issue.objects.filter(year=2012, number=8).exists()
    assert "number unknown" in err


def test_file_name_supplies_year_number_and_date(workdir):
    target = copy(SAMPLE_2012, workdir, "2012-04-25_第8期.txt")
    run(target)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2012, 8, datetime.date(2012, 4, 25))


def test_options_override_the_file(workdir):
    run(
        SAMPLE_2012,
        "--number",
        "5",
        "--date",
        "2012-04-25",
        "--title",
        "工会简报",
        "--status",
        "draft",
    )
    issue = Issue.objects.get()
    assert (issue.number, issue.issue_date, issue.title) == (
        5,
        datetime.date(2012, 4, 25),
        "工会简报",
    )
    assert issue.status == Issue.Status.DRAFT and issue.publish_at is None


def test_internal_visibility(workdir):
    run(SAMPLE_2007, "--visibility", "internal")
    assert Issue.objects.get().visibility == Issue.Visibility.INTERNAL


# Source organizations and recipients


def test_short_and_long_forms_resolve_to_one_organization():
    run(SAMPLE_2007, SAMPLE_2012)
    organization = SourceOrganization.objects.get(name="市总工会宣教部")
    years = sorted(organization.articles.values_list("section__issue__year", flat=True))
    assert years == [2007, 2012, 2012]
    assert SourceOrganization.objects.resolve("市总宣教部") == organization


def test_existing_alias_is_honoured():
    organization = SourceOrganization.objects.create(name="市总工会宣传教育部")
    OrganizationAlias.objects.create(organization=organization, name="市总工会宣教部")
    run(SAMPLE_2007)
    article = Article.objects.get(title__startswith="我市明确三个重点")
    assert article.ordered_sources == [organization]


def test_organization_known_only_by_its_short_form_learns_the_canonical_name():
    organization = SourceOrganization.objects.create(name="市总宣教部")
    run(SAMPLE_2012)  # written 市总宣教部: found by name
    run(SAMPLE_2007)  # written 市总工会宣教部: found through the alias learnt
    assert SourceOrganization.objects.filter(name__contains="宣教部").count() == 1
    assert organization.articles.count() == 3


def test_renamed_departments_stay_distinct():
    run(SAMPLE_2007, SAMPLE_2012)
    names = set(SourceOrganization.objects.values_list("name", flat=True))
    assert {"市总工会生活部", "市总工会女工部", "市总工会生活女工部"} <= names


def test_recipients_are_shared_between_issues():
    run(SAMPLE_2007, SAMPLE_2012)
    assert Recipient.objects.count() == len(DISTRIBUTION)
    assert DistributionEntry.objects.count() == 2 * len(DISTRIBUTION)


def test_credit_is_stored_without_an_organization():
    run(SAMPLE_2012)
    article = Article.objects.get(title="省总张艳主席在苏考察调研")
    assert (article.credit, article.ordered_sources) == ("综合来稿", [])


def test_imported_articles_are_searchable(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(SAMPLE_2012)
    found = search_articles("穹窿山").article_ids
    assert Article.objects.get(pk=found[0]).title == "“手拉手”爱心助学活动走进穹窿山"


def test_replaced_content_is_searchable(workdir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(copy(SAMPLE_2012, workdir, "2012_08.txt"))
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("穹窿山".encode(), "天平山".encode()))
    make_user("chief", staff=True, groups=["签发人"])
    with django_capture_on_commit_callbacks(execute=True):
        run(edited, "--replace", "--user", "chief")
    assert search_articles("天平山").article_ids
    assert not search_articles("穹窿山").article_ids


# Idempotence and conflicts


def test_reimport_says_already_imported_and_changes_nothing():
    run(SAMPLE_2007, SAMPLE_2012)
    before = snapshot()
    out, err, error = run(SAMPLE_2007, SAMPLE_2012)
    assert error is None
    assert snapshot() == before
    assert "already imported" in err
    assert "already present 2" in out


def test_different_file_for_an_existing_issue_is_refused(workdir):
    first = copy(SAMPLE_2012, workdir, "2012_08.txt")
    run(first)
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    before = snapshot()
    _, err, error = run(edited)
    assert error is not None
    assert "already exists" in err and "--replace" in err
    assert snapshot() == before


def test_replace_swaps_the_existing_issue(workdir):
    first = copy(SAMPLE_2012, workdir, "2012_08.txt")
    run(first)
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    original = Issue.objects.get()
    make_user("chief", staff=True, groups=["签发人"])
    out, _, error = run(edited, "--replace", "--user", "chief")
    assert error is None
    issue = Issue.objects.get()
    assert issue.pk == original.pk  # same address, history kept
    assert issue.transitions.count() == 2
    assert issue.legacy_filename.endswith("2012-8.txt")
    assert "某某" in Article.objects.filter(section__issue=issue).first().body
    assert "replaced 1" in out


def test_replacing_without_naming_a_user_is_refused_and_says_how(workdir):
    run(copy(SAMPLE_2012, workdir, "2012_08.txt"))
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    before = snapshot()

    _, err, error = run(edited, "--replace")

    assert error is not None
    assert "--user" in err
    assert snapshot() == before
    assert "张艳" in Article.objects.first().body


def test_an_editor_cannot_replace_a_published_issue(workdir):
    run(copy(SAMPLE_2012, workdir, "2012_08.txt"))
    make_user("editor", staff=True, groups=["编辑"])
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))

    _, err, error = run(edited, "--replace", "--user", "editor")

    assert error is not None
    assert "签发人" in err
    assert "张艳" in Article.objects.first().body


def test_an_editor_replaces_a_draft(workdir):
    run(copy(SAMPLE_2012, workdir, "2012_08.txt"), "--status", "draft")
    make_user("editor", staff=True, groups=["编辑"])
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))

    _, _, error = run(edited, "--replace", "--status", "draft", "--user", "editor")

    assert error is None
    assert "某某" in Article.objects.first().body


def test_an_unknown_user_is_refused_before_anything_is_read(workdir):
    _, _, error = run(copy(SAMPLE_2012, workdir, "2012_08.txt"), "--user", "nobody")

    assert "no active user named 'nobody'" in str(error)
    assert not Issue.objects.exists()


def test_an_issue_with_corrections_is_not_replaced_and_says_why(workdir):
    run(copy(SAMPLE_2012, workdir, "2012_08.txt"))
    article = Article.objects.first()
    chief = make_user("chief", staff=True, groups=["签发人"])
    Correction.objects.create(
        article=article, wrong="张艳", right="张燕", corrected_at=timezone.now(), corrected_by=chief
    )
    edited = workdir / "2012-8.txt"
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    before = snapshot()

    _, err, error = run(edited, "--replace", "--user", "chief")

    assert error is not None  # the batch reports a failed file
    assert "has corrections" in err and "该期已有更正" in err
    assert "database error" not in err
    assert snapshot() == before
    assert "张艳" in Article.objects.get(pk=article.pk).body


# Bad input


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("【工作动态】".encode() + b"\xff\xfe\xfd\x80\x80", "undecodable"),
        ("只是一句话。".encode(), "no recognizable structure"),
    ],
)
def test_bad_file_gives_its_reason_and_leaves_nothing(workdir, content, reason):
    bad = workdir / "bad.txt"
    bad.write_bytes(content)
    before = snapshot()
    _, err, error = run(bad)
    assert error is not None
    assert reason in err
    assert snapshot() == before


def test_file_over_the_size_limit_is_refused_without_reading_it(workdir, monkeypatch):
    monkeypatch.setattr("editorial.legacy.word.MAX_BYTES", 1000)
    _, err, error = run(SAMPLE_2012)
    assert error is not None and "too large" in err
    assert not Issue.objects.exists()


def test_year_that_cannot_be_known_is_refused(workdir):
    undated = workdir / "undated.txt"
    undated.write_text(
        "【工作动态】\n标题\n会议要求各级工会认真抓好落实，切实做好各项工作。（市总办公室）\n"
    )
    _, err, error = run(undated)
    assert "year" in err and error is not None
    _, _, error = run(undated, "--year", "2010")
    assert error is None
    assert Issue.objects.get().year == 2010


def test_mixed_batch_imports_the_good_and_reports_the_bad(workdir):
    copy(SAMPLE_2007, workdir)
    (workdir / "nested").mkdir()
    copy(SAMPLE_2012, workdir / "nested")
    (workdir / "nested" / "empty.txt").write_bytes(b"")
    (workdir / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (workdir / "notes.md").write_text("not a legacy file")
    out, err, error = run(workdir)
    assert error is not None  # non-zero exit status
    assert Issue.objects.count() == 2
    assert "imported 2" in out and "failed 2" in out
    assert "empty.txt: 导入失败 FAILED: 空文件（empty file）" in err
    assert "picture.txt: 导入失败 FAILED: 二进制文件，不是文本（binary data" in err


def test_failure_in_the_middle_of_writing_rolls_the_file_back(monkeypatch):
    from editorial.legacy import importer

    insert = importer.bulk.insert

    def broken(objs):  # the distribution list, written after the articles and sources
        if objs and isinstance(objs[0], importer.DistributionEntry):
            raise importer.DatabaseError("disk full")
        return insert(objs)

    monkeypatch.setattr(importer.bulk, "insert", broken)
    _, err, error = run(SAMPLE_2012)
    assert error is not None and "disk full" in err
    assert snapshot() == dict.fromkeys(snapshot(), 0)


# Dry run


def test_dry_run_json_prints_one_array_of_the_documented_shape_and_writes_nothing(workdir):
    bad = workdir / "bad.txt"
    bad.write_bytes(b"")
    out, _, error = run(SAMPLE_2007, bad, "--dry-run", "--json")
    assert snapshot() == dict.fromkeys(snapshot(), 0)
    assert error is not None  # a file failed
    results = json.loads(out)
    assert [set(r) for r in results] == [{"file", "issue", "warnings", "error"}] * 2
    good, failed = results
    assert good["file"] == "seeds/000_baba5704e00f6812.txt"
    assert good["error"] is None
    issue = good["issue"]
    assert (issue["year"], issue["number"], issue["date"]) == (2007, 1, "2007-08-28")
    assert [s["name"] for s in issue["sections"]] == ["领导言论", "工作动态", "经验交流", "简讯"]
    assert issue["distribution"] == DISTRIBUTION
    brief = issue["sections"][3]["articles"][0]
    assert set(brief) == {
        "kind",
        "title",
        "subtitle",
        "byline",
        "paragraphs",
        "sources",
        "source_text",
        "credit",
        "images",
    }
    assert brief["kind"] == "brief"
    assert failed == {"file": str(bad), "issue": None, "warnings": [], "error": failed["error"]}
    assert "empty file" in failed["error"]
    assert "\\u" not in out  # ensure_ascii=False


def test_dry_run_numbers_a_batch_as_the_import_would(workdir):
    copy(SAMPLE_2012, workdir, "a.txt")
    other = workdir / "b.txt"
    other.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    out, _, _ = run(workdir, "--dry-run", "--json")
    assert [r["issue"]["number"] for r in json.loads(out)] == [1, 2]
    assert not Issue.objects.exists()


def test_interrupting_a_batch_says_what_is_in_and_how_to_finish(workdir, monkeypatch):
    from editorial.management.commands import import_legacy

    import_files = import_legacy.import_files

    def interrupted_after_the_first_file(*args, **kwargs):
        yield next(import_files(*args, **kwargs))
        raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setattr(import_legacy, "import_files", interrupted_after_the_first_file)
    copy(SAMPLE_2007, workdir)
    copy(SAMPLE_2012, workdir)
    out, _, error = run(workdir, "--json")
    assert error is not None
    assert "interrupted after 1 of 2 file(s)" in str(error)
    assert "run the same command again" in str(error)
    assert [r["issue"]["year"] for r in json.loads(out)] == [2007]  # a whole JSON array
    assert list(Issue.objects.values_list("year", flat=True)) == [2007]

    monkeypatch.setattr(import_legacy, "import_files", import_files)
    out, _, error = run(workdir)
    assert error is None and "imported 1" in out and "already present 1" in out


def test_jobs_must_be_a_whole_number_of_at_least_one():
    for value in ("0", "two"):
        _, _, error = run(SAMPLE_2007, "--jobs", value)
        assert error is not None and "--jobs" in str(error)
    assert not Issue.objects.exists()


def test_number_and_date_options_need_a_single_file():
    _, _, error = run(SAMPLE_2007, SAMPLE_2012, "--number", "3")
    assert error is not None and "single file" in str(error)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_year_take_different_numbers():
    import threading

    from django.db import connection

    from editorial.legacy.importer import LegacyImporter

    variants = [
        SAMPLE_2012.read_bytes().replace("张艳".encode(), name.encode())
        for name in ("甲某", "乙某", "丙某", "丁某")
    ]
    barrier = threading.Barrier(len(variants))
    outcomes = []

    def work(data):
        barrier.wait()
        try:
            outcomes.append(LegacyImporter().import_bytes(data, filename="x.txt").outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(data,)) for data in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["imported"] * 4
    assert sorted(Issue.objects.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_a_batch_leaves_the_garbage_collector_as_it_found_it(workdir):
    # A batch freezes what exists and collects less often while it runs; a process
    # that goes on (a test run, a shell) must get its own settings back, also when
    # the batch fails.
    gc.collect()
    before = gc.get_threshold(), gc.get_freeze_count()
    copy(SAMPLE_2007, workdir)
    copy(SAMPLE_2012, workdir)
    (workdir / "empty.txt").write_bytes(b"")

    _, _, error = run(workdir)

    assert error is not None and Issue.objects.count() == 2
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
