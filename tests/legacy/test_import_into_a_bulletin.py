"""Legacy files are imported into a bulletin: named with ``--bulletin`` (or chosen
in the admin upload among those the editor may add issues to), optional where
there is only one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from editorial.content.models import Issue
from editorial.offices.models import Bulletin, Office
from editorial.signed.models import SignedIssue
from tests.factories import default_bulletin, make_user
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:editorial_issue_import_legacy")


@pytest.fixture
def changshu(db):
    office = Office.objects.create(name="常熟市总工会办公室", parent=default_bulletin().office)
    return Bulletin.objects.create(
        office=office, name="常熟工会工作简报", slug="changshu", publisher="常熟市总工会办公室"
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def test_with_one_bulletin_it_need_not_be_named(tmp_path):
    run(SAMPLE_2012)
    assert Issue.objects.get().bulletin == default_bulletin()


def test_with_several_the_command_asks_for_one_and_lists_them(changshu):
    with pytest.raises(CommandError, match="请用 --bulletin 指明导入哪个刊物") as refused:
        run(SAMPLE_2012)
    assert "bulletin、changshu" in str(refused.value)
    assert not Issue.objects.exists()


def test_an_unknown_bulletin_is_refused(changshu):
    with pytest.raises(CommandError, match="没有地址为 suzhou 的刊物"):
        run(SAMPLE_2012, "--bulletin", "suzhou")


def test_the_issue_and_its_readers_copy_are_the_named_bulletins(changshu):
    run(SAMPLE_2007, "--bulletin", "changshu")

    issue = Issue.objects.get()
    assert issue.bulletin == changshu
    assert SignedIssue.objects.get(issue=issue).bulletin == changshu


def test_the_same_number_may_be_imported_into_each_bulletin(tmp_path, changshu):
    for slug, body in (("bulletin", "苏州的消息。"), ("changshu", "常熟的消息。")):
        path = tmp_path / slug / "2012_03.txt"
        path.parent.mkdir()
        path.write_text(f"【工作动态】\n一条消息\n{body}\n", encoding="utf-8")
        run(path, "--bulletin", slug)

    assert sorted(Issue.objects.values_list("bulletin__slug", "year", "number")) == [
        ("bulletin", 2012, 3),
        ("changshu", 2012, 3),
    ]


def test_an_unnumbered_file_takes_the_next_number_of_its_bulletin(tmp_path, changshu):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2012_05.txt").write_text("【工作动态】\n甲\n正文甲。\n", encoding="utf-8")
    run(tmp_path / "a", "--bulletin", "bulletin")
    (tmp_path / "2012.txt").write_text("【工作动态】\n乙\n正文乙。\n", encoding="utf-8")

    run(tmp_path / "2012.txt", "--bulletin", "changshu")

    assert Issue.objects.get(bulletin=changshu).number == 1


def test_a_file_without_a_masthead_title_takes_the_bulletins(tmp_path, changshu):
    (tmp_path / "2012_03.txt").write_text("【工作动态】\n一条消息\n正文。\n", encoding="utf-8")
    run(tmp_path / "2012_03.txt", "--bulletin", "changshu")
    issue = Issue.objects.get()
    assert (issue.title, issue.publisher) == ("常熟工会工作简报", "常熟市总工会办公室")


def test_the_importing_user_must_work_in_the_bulletins_office(changshu):
    make_user("sz-chief", staff=True, groups=["签发人"])
    with pytest.raises(CommandError, match="无权为《常熟工会工作简报》新增一期"):
        run(SAMPLE_2007, "--bulletin", "changshu", "--user", "sz-chief")


class TestAdminUpload:
    def test_the_choice_lists_only_the_bulletins_the_editor_adds_to(self, client, changshu):
        client.force_login(
            make_user("cs-editor", staff=True, groups=["编辑"], office=changshu.office)
        )

        form = client.get(UPLOAD).context["upload_form"]

        assert list(form.fields["bulletin"].queryset) == [changshu]

    def test_an_editor_of_several_offices_chooses_and_the_draft_is_that_bulletins(
        self, client, changshu
    ):
        editor = make_user("both", staff=True, groups=["编辑"])
        editor.office_memberships.create(office=changshu.office, role="编辑")
        client.force_login(editor)
        preview = client.post(
            UPLOAD, {"file": SimpleUploadedFile("2007_05.txt", SAMPLE_2007.read_bytes())}
        )
        assert preview.context["upload_form"].errors["bulletin"]

        preview = client.post(
            UPLOAD,
            {
                "file": SimpleUploadedFile("2007_05.txt", SAMPLE_2007.read_bytes()),
                "bulletin": "changshu",
            },
        )
        form = preview.context["confirm_form"]
        data = {name: form[name].value() or "" for name in form.fields}
        client.post(UPLOAD, {**data, "confirm": "1"})

        assert Issue.objects.get().bulletin == changshu

    def test_a_bulletin_of_another_office_is_refused(self, client, changshu):
        client.force_login(make_user("sz-editor", staff=True, groups=["编辑"]))
        sz = default_bulletin()
        other = Bulletin.objects.create(
            office=sz.office, name="工运信息", slug="info", publisher=sz.publisher
        )
        assert other  # the editor may choose between two of their office's bulletins

        preview = client.post(
            UPLOAD,
            {
                "file": SimpleUploadedFile("2007_05.txt", SAMPLE_2007.read_bytes()),
                "bulletin": "changshu",
            },
        )

        assert preview.context["upload_form"].errors["bulletin"]
        assert not Issue.objects.exists()
