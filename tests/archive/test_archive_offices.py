"""The archive carries the offices, their bulletins and who works where, and each
issue's bulletin: restored into an empty database, everything is kept."""

import json

import pytest

from editorial.archive import records as archive
from editorial.archive.legacy_text import export_legacy
from editorial.content.models import Issue, SourceOrganization
from editorial.offices.models import Bulletin, Membership, Office
from editorial.signed.models import SignedIssue
from tests.archive.test_archive import empty_the_database, read_tree
from tests.factories import create_roles, default_bulletin, make_issue, make_user


def two_offices():
    """苏州 (the migrated office, renamed) and 常熟 below it, each with a bulletin,
    an editor and a chief editor, and an issue of the same number in each."""
    create_roles()
    suzhou_union = SourceOrganization.objects.create(name="苏州市总工会")
    changshu_union = SourceOrganization.objects.create(name="常熟市总工会", parent=suzhou_union)
    suzhou = default_bulletin()
    Office.objects.filter(pk=suzhou.office_id).update(name="苏州市总工会办公室", union=suzhou_union)
    Bulletin.objects.filter(pk=suzhou.pk).update(
        cumulative_start=200, publisher="苏州市总工会办公室"
    )
    office = Office.objects.create(
        name="常熟市总工会办公室", union=changshu_union, parent=suzhou.office, host="cs.example"
    )
    changshu = Bulletin.objects.create(
        office=office,
        name="常熟工会工作简报",
        short_name="常熟简报",
        slug="changshu",
        publisher="常熟市总工会办公室",
        internal_by_default=True,
        default_distribution="各镇工会\n市各产业工会",
        cumulative_start=51,
        position=1,
    )
    SourceOrganization.objects.filter(pk=changshu_union.pk).update(reports_to=suzhou.office)
    make_user("sz-editor", staff=True, groups=["编辑"], first_name="晓明", last_name="李")
    make_user("cs-chief", staff=True, groups=["签发人"], office=office)
    make_issue(year=2012, number=3, cumulative_number=201)
    make_issue(bulletin=changshu, year=2012, number=3, cumulative_number=52)
    return changshu


@pytest.mark.django_db(transaction=True)
def test_offices_bulletins_and_memberships_are_restored(tmp_path):
    two_offices()
    archive.export_archive(tmp_path)
    empty_the_database()

    archive.import_archive(tmp_path)

    changshu = Bulletin.objects.get(slug="changshu")
    assert (changshu.office.name, changshu.office.parent.name, changshu.office.host) == (
        "常熟市总工会办公室",
        "苏州市总工会办公室",
        "cs.example",
    )
    assert changshu.office.union.name == "常熟市总工会"
    assert changshu.office.union.reports_to.name == "苏州市总工会办公室"
    assert (changshu.cumulative_start, changshu.internal_by_default) == (51, True)
    assert changshu.distribution_names() == ["各镇工会", "市各产业工会"]
    assert sorted(Membership.objects.values_list("user__username", "office__name", "role")) == [
        ("cs-chief", "常熟市总工会办公室", "签发人"),
        ("sample-chief", "常熟市总工会办公室", "签发人"),
        ("sample-chief", "苏州市总工会办公室", "签发人"),
        ("sample-editor", "常熟市总工会办公室", "编辑"),
        ("sample-editor", "苏州市总工会办公室", "编辑"),
        ("sz-editor", "苏州市总工会办公室", "编辑"),
    ]
    assert Office.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_each_issue_and_its_readers_copy_keep_their_bulletin(tmp_path):
    two_offices()
    archive.export_archive(tmp_path)
    empty_the_database()

    archive.import_archive(tmp_path)

    issues = Issue.objects.order_by("bulletin__slug")
    assert [(i.bulletin.slug, i.number, i.cumulative_number) for i in issues] == [
        ("bulletin", 3, 201),
        ("changshu", 3, 52),
    ]
    assert sorted(SignedIssue.objects.values_list("bulletin__slug", flat=True)) == [
        "bulletin",
        "changshu",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_offices_export_restore_export_to_the_same_files(tmp_path):
    two_offices()
    first, second = tmp_path / "first", tmp_path / "second"
    archive.export_archive(first)
    empty_the_database()

    archive.import_archive(first)
    archive.export_archive(second)

    assert read_tree(second) == read_tree(first)
    offices = json.loads((first / "offices.json").read_text(encoding="utf-8"))
    assert [office["name"] for office in offices] == ["常熟市总工会办公室", "苏州市总工会办公室"]
    assert (first / "issues/changshu/2012-003.json").exists()


@pytest.mark.django_db
def test_legacy_text_of_two_bulletins_goes_to_a_folder_each(tmp_path):
    two_offices()

    written = export_legacy(tmp_path)

    assert sorted(path.relative_to(tmp_path).parent.name for path in written) == [
        "bulletin",
        "changshu",
    ]
