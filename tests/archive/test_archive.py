"""Never lose the archive: export_archive writes every issue as documented JSON and
import_archive restores it into an empty database; export → import → export gives
byte-identical files."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from editorial.archive import records as archive
from editorial.content import records as content_records
from editorial.content.images import storage_name
from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
)
from editorial.workflow import transitions as workflow
from editorial.workflow.models import IssueTransition
from tests.factories import create_roles, default_bulletin, make_issue, make_user, take_to
from tests.legacy.word_files import png, stored_png
from tests.site.servers import manage, production_env


def build_content():
    """An archive with a bit of everything: every state, internal and scheduled
    issues, organizations with aliases and parents, tags, accounts in the history."""
    create_roles()
    chief = make_user("chief", staff=True, groups=["签发人"], first_name="签发", last_name="王")
    editor = make_user("editor", staff=True, groups=["编辑"])
    city = SourceOrganization.objects.create(name="市总工会", short_name="市总")
    propaganda = SourceOrganization.objects.create(
        name="市总工会宣教部", short_name="市总宣教部", parent=city
    )
    OrganizationAlias.objects.create(organization=propaganda, name="市总宣教部")
    research = SourceOrganization.objects.create(name="市总工会研究室", parent=city)
    SourceOrganization.objects.create(name="不再来稿的单位")
    Recipient.objects.create(name="从未印发的单位")
    Tag.objects.create(name="未使用的标签", slug="unused")

    published = make_issue(
        year=2012,
        number=8,
        status=Issue.Status.DRAFT,
        sections=("工作动态", "简讯"),
        articles_per_section=2,
        cumulative_number=203,
        print_run=300,
        legacy_filename="2012-04-25_第8期.txt",
        legacy_sha256="a" * 64,
    )
    article = Article.objects.filter(section__issue=published).order_by("pk").first()
    article.subtitle = "部署“五一”期间集中宣传劳模先进典型"
    article.byline = "中共常熟市委书记    杨升华"
    article.credit = "综合来稿"
    article.source_text = "市总宣教部、研究室"
    article.save()
    ArticleSource.objects.create(article=article, organization=research, position=2)
    article.tags.add("劳模", "五一")
    workflow.submit(published, editor)
    workflow.approve(published, chief)
    workflow.publish(published, chief, at=datetime(2012, 4, 25, 8, tzinfo=UTC), comment="同意印发")
    make_issue(year=2012, number=9, status=Issue.Status.DRAFT)
    make_issue(year=2012, number=10, status=Issue.Status.IN_REVIEW)
    make_issue(year=2012, number=11, status=Issue.Status.APPROVED)
    make_issue(year=2012, number=12, visibility=Issue.Visibility.INTERNAL)
    make_issue(year=2013, number=1, publish_at=datetime.now(UTC) + timedelta(days=7))
    make_issue(year=2007, number=17, status=Issue.Status.DRAFT, sections=(), distribution=())
    published.refresh_from_db()
    return published


def read_tree(directory):
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def empty_the_database():
    """Like a new database after migrate (needs a transactional test)."""
    call_command("flush", "--noinput", verbosity=0)
    ContentType.objects.clear_cache()
    default_bulletin()  # the office and bulletin migrate makes of the settings


@pytest.fixture
def exported(db, tmp_path):
    build_content()
    directory = tmp_path / "archive"
    call_command("export_archive", str(directory), verbosity=0)
    return directory


def test_export_writes_one_file_per_issue_in_every_state(exported):
    files = sorted(path.name for path in (exported / "issues" / "bulletin").iterdir())

    assert files == [
        "2007-017.json",
        "2012-008.json",
        "2012-009.json",
        "2012-010.json",
        "2012-011.json",
        "2012-012.json",
        "2013-001.json",
    ]


def test_issue_file_holds_sections_articles_sources_tags_distribution_and_history(exported):
    record = json.loads((exported / "issues/bulletin/2012-008.json").read_text(encoding="utf-8"))

    first = record["sections"][0]["articles"][0]
    assert [s["name"] for s in record["sections"]] == ["工作动态", "简讯"]
    assert first["sources"] == ["市总工会宣教部", "市总工会研究室"]
    assert first["source_text"] == "市总宣教部、研究室"
    assert first["tags"] == ["五一", "劳模"]
    assert first["byline"] == "中共常熟市委书记    杨升华"
    assert first["body"] == "第一段1。\n\n第二段1。"
    assert record["distribution"] == ["全总办公厅", "省总工会"]
    assert [(s["to_status"], s["actor"], s["comment"]) for s in record["history"]] == [
        ("in_review", "editor", ""),
        ("approved", "chief", ""),
        ("published", "chief", "同意印发"),
    ]
    assert record["approved_by"] == "chief"
    signed_off = Issue.objects.get(year=2012, number=8).approved_at
    assert record["approved_at"] == signed_off.isoformat()
    assert record["publish_at"] == "2012-04-25T08:00:00+00:00"


def test_organizations_keep_their_aliases_and_parents(exported):
    organizations = json.loads((exported / "organizations.json").read_text(encoding="utf-8"))

    propaganda = next(o for o in organizations if o["name"] == "市总工会宣教部")
    assert propaganda["parent"] == "市总工会"
    assert propaganda["aliases"] == ["市总宣教部"]
    assert "不再来稿的单位" in [o["name"] for o in organizations]


def test_files_are_readable_utf8_json_with_sorted_keys(exported):
    text = (exported / "issues/bulletin/2012-008.json").read_text(encoding="utf-8")

    assert "工作动态" in text
    assert "\\u" not in text
    assert text == archive.dumps(json.loads(text))


@pytest.mark.django_db(transaction=True)
def test_export_import_export_gives_identical_files(tmp_path):
    build_content()
    first, second = tmp_path / "first", tmp_path / "second"
    archive.export_archive(first)
    empty_the_database()

    archive.import_archive(first)
    archive.export_archive(second)

    assert read_tree(second) == read_tree(first)
    assert len(read_tree(first)) == 13  # with offices.json


@pytest.mark.django_db(transaction=True)
def test_restored_articles_keep_their_addresses_and_new_ones_get_fresh_ones(tmp_path):
    original = Article.objects.filter(section__issue=build_content()).order_by("pk").first()
    address, highest = original.get_absolute_url(), Article.objects.latest("pk").pk
    archive.export_archive(tmp_path)
    empty_the_database()

    archive.import_archive(tmp_path)
    restored = Article.objects.get(title=original.title, section__issue__number=8)
    newcomer = Article.objects.create(section=Section.objects.first(), position=99, title="新")

    assert restored.get_absolute_url() == address
    assert newcomer.pk > highest


@pytest.mark.django_db(transaction=True)
def test_accounts_named_in_the_history_are_restored_inactive_without_a_password(tmp_path):
    build_content()
    archive.export_archive(tmp_path)
    empty_the_database()

    archive.import_archive(tmp_path)

    chief = IssueTransition.objects.get(to_status="published", issue__year=2012, issue__number=8)
    chief = chief.actor
    assert chief.username == "chief"
    assert chief.last_name == "王"
    assert not chief.is_active
    assert not chief.has_usable_password()


@pytest.mark.django_db
def test_import_into_a_database_with_content_is_refused(tmp_path):
    build_content()
    archive.export_archive(tmp_path)

    with pytest.raises(CommandError, match="not empty"):
        call_command("import_archive", str(tmp_path), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_import_of_a_damaged_archive_restores_nothing(tmp_path):
    build_content()
    archive.export_archive(tmp_path)
    damaged = tmp_path / "issues/bulletin/2013-001.json"
    record = json.loads(damaged.read_text(encoding="utf-8"))
    del record["sections"]
    damaged.write_text(archive.dumps(record), encoding="utf-8")
    empty_the_database()

    with pytest.raises(archive.ArchiveError, match=r"2013-001\.json"):
        archive.import_archive(tmp_path)

    assert Issue.objects.count() == 0
    assert SourceOrganization.objects.count() == 0


@pytest.mark.django_db
def test_export_refuses_a_directory_that_is_not_an_archive(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(CommandError, match="neither empty nor a previous archive"):
        call_command("export_archive", str(tmp_path), verbosity=0)


@pytest.mark.django_db
def test_export_over_a_previous_archive_drops_issues_that_are_gone(tmp_path):
    make_issue(year=2012, number=1, status=Issue.Status.DRAFT)
    draft = make_issue(year=2012, number=2, status=Issue.Status.DRAFT)
    archive.export_archive(tmp_path)
    draft.delete()

    archive.export_archive(tmp_path)

    assert sorted(p.name for p in (tmp_path / "issues" / "bulletin").iterdir()) == ["2012-001.json"]


@pytest.mark.parametrize(
    ("model", "archived", "left_out"),
    [
        (
            Issue,
            (
                *content_records.ISSUE_FIELDS,
                *content_records.OPTIONAL_ISSUE_FIELDS,
                "approved_by",
                "bulletin",
            ),
            {"id"},
        ),
        (Section, content_records.SECTION_FIELDS, {"id", "issue"}),
        (Article, content_records.ARTICLE_FIELDS, {"section"}),
        (IssueTransition, (*archive.TRANSITION_FIELDS, "actor"), {"id", "issue"}),
    ],
)
def test_every_field_is_archived_or_deliberately_left_out(model, archived, left_out):
    """A field added to a model later must be added to the archive (and its docs)."""
    fields = {field.name for field in model._meta.concrete_fields}

    assert fields == set(archived) | left_out


@pytest.mark.django_db(transaction=True)
def test_commands_restore_an_archive_into_a_new_database(tmp_path):
    build_content()
    call_command("export_archive", str(tmp_path / "original"), verbosity=0)
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    manage("migrate", "--noinput", env=env)

    restored = manage("import_archive", str(tmp_path / "original"), env=env)
    manage("export_archive", str(tmp_path / "again"), env=env)

    assert "已恢复 7 期简报" in restored.stdout
    assert read_tree(tmp_path / "again") == read_tree(tmp_path / "original")


@pytest.mark.django_db(transaction=True)
def test_restored_articles_are_found_by_search(tmp_path, client):
    build_content()
    archive.export_archive(tmp_path)
    empty_the_database()

    archive.import_archive(tmp_path)
    page = client.get("/search/", {"q": "劳模先进典型"})

    restored = Article.objects.get(subtitle__contains="劳模先进典型")
    assert f'href="{restored.get_absolute_url()}"' in page.content.decode()


# --- Pictures travel with the archive ------------------------------------------------------


def pictured_issue():
    """A published issue whose article shows one picture and was signed with
    another, since removed from the working copy (only its signed version names it)."""
    issue = make_issue(year=2012, number=8, status=Issue.Status.DRAFT)
    article = Article.objects.get(section__issue=issue)
    ArticleImage.objects.create(article=article, position=1, file=stored_png(), caption="现场")
    signed_only = ArticleImage.objects.create(
        article=article, position=2, file=stored_png((0, 0, 200))
    )
    take_to(issue, Issue.Status.PUBLISHED)
    signed_only.delete()
    return issue


def test_the_archive_holds_every_picture_an_issue_names_byte_for_byte(db, tmp_path):
    directory = tmp_path / "archive"
    pictured_issue()
    summary = archive.export_archive(directory)

    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert summary.pictures == 2
    for color in ((200, 30, 30), (0, 0, 200)):
        data = png(color)
        name = storage_name(data, "image/png")
        assert (directory / "pictures" / name).read_bytes() == data
        assert {"file": name, "sha256": hashlib.sha256(data).hexdigest()} in manifest["pictures"]


def test_a_picture_no_issue_names_any_more_leaves_the_archive(db, tmp_path):
    directory = tmp_path / "archive"
    draft = make_issue(year=2012, number=9, status=Issue.Status.DRAFT)
    picture = ArticleImage.objects.create(
        article=Article.objects.get(section__issue=draft), file=stored_png()
    )
    archive.export_archive(directory)
    picture.delete()

    archive.export_archive(directory)

    assert not [path for path in (directory / "pictures").rglob("*") if path.is_file()]


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_the_pictures_back_byte_for_byte(tmp_path, settings):
    pictured_issue()
    archive.export_archive(tmp_path / "archive")
    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "new-server-media"

    archive.import_archive(tmp_path / "archive")

    for color in ((200, 30, 30), (0, 0, 200)):
        data = png(color)
        assert default_storage.open(storage_name(data, "image/png")).read() == data


@pytest.mark.django_db(transaction=True)
def test_a_restored_archive_exports_to_the_same_files_with_its_pictures(tmp_path, settings):
    pictured_issue()
    first, second = tmp_path / "first", tmp_path / "second"
    archive.export_archive(first)
    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "new-server-media"

    archive.import_archive(first)
    archive.export_archive(second)

    assert read_tree(second) == read_tree(first)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_picture_restores_nothing(tmp_path, settings):
    pictured_issue()
    archive.export_archive(tmp_path / "archive")
    name = storage_name(png(), "image/png")
    (tmp_path / "archive" / "pictures" / name).write_bytes(b"not the picture")
    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "new-server-media"

    with pytest.raises(archive.ArchiveError, match="damaged"):
        archive.import_archive(tmp_path / "archive")

    assert Issue.objects.count() == 0
    assert not default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_an_archive_written_before_pictures_were_archived_is_still_restored(tmp_path):
    build_content()
    archive.export_archive(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    del manifest["pictures"], manifest["counts"]["pictures"]
    manifest["version"] = 1
    (tmp_path / "manifest.json").write_text(archive.dumps(manifest), encoding="utf-8")
    empty_the_database()

    summary = archive.import_archive(tmp_path)

    assert summary.issues == 7
