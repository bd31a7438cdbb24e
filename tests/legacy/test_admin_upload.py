"""An editor uploads a legacy file in the admin, previews it and confirms it as a draft."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from editorial.content.models import Article, Issue
from editorial.legacy.messages import describe
from editorial.legacy.parser import MAX_BYTES
from editorial.legacy.word import MAX_WORD_BYTES, size_limit
from tests.factories import make_user
from tests.hostile import BAD, BOMB, BOMB_SIZE, zip_bomb
from tests.legacy.test_parser import SAMPLE_2007, SAMPLE_2012
from tests.legacy.test_word import sample_as_word

pytestmark = pytest.mark.django_db

URL = reverse("admin:editorial_issue_import_legacy")


@pytest.fixture
def editor(client):
    user = make_user("uploader", staff=True, groups=["编辑"])
    client.force_login(user)
    return user


def upload(client, data=None, name="2012_08.txt", **fields):
    data = SAMPLE_2012.read_bytes() if data is None else data
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})


def test_changelist_offers_the_import(client, editor):
    response = client.get(reverse("admin:editorial_issue_changelist"))
    assert URL in response.content.decode()


def test_preview_shows_the_parsed_issue_and_writes_nothing(client, editor):
    response = upload(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "市总工会与市委宣传部联合召开新闻通气会" in page
    assert "部署“五一”期间集中宣传劳模先进典型" in page
    assert "各市（县）、区、局（公司）工会" in page
    assert "由正文推断" in page  # the date was inferred: the warning is shown, in Chinese
    assert 'name="confirm"' in page
    assert not Issue.objects.exists()


def test_confirm_creates_a_draft_through_the_same_write_path(client, editor):
    preview = upload(client)
    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["confirm"] = "1"
    response = client.post(URL, data)
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:editorial_issue_change", args=[issue.pk])
    assert (issue.year, issue.number, issue.status) == (2012, 8, Issue.Status.DRAFT)
    assert issue.publish_at is None
    assert Article.objects.filter(section__issue=issue).count() == 10
    step = issue.transitions.get()
    assert (step.to_status, step.actor) == (Issue.Status.DRAFT, editor)


def confirmation(preview) -> dict:
    form = preview.context["confirm_form"]
    return {name: form[name].value() or "" for name in form.fields} | {"confirm": "1"}


def test_confirm_of_a_file_that_was_not_previewed_is_refused(client, editor):
    data = confirmation(upload(client))
    data["sha256"] = "0" * 64
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "不一致" in response.content.decode()
    assert not Issue.objects.exists()


def test_an_editor_cannot_confirm_another_editors_upload(client, editor):
    data = confirmation(upload(client))
    other = make_user("other-uploader", staff=True, groups=["编辑"])
    client.force_login(other)
    response = client.post(URL, data)
    assert "不一致" in response.content.decode()
    assert not Issue.objects.exists()


def test_the_waiting_upload_is_removed_once_confirmed(client, editor, settings):
    data = confirmation(upload(client))
    waiting = Path(settings.MEDIA_ROOT) / "legacy-uploads" / str(editor.pk) / data["sha256"]
    assert waiting.exists()
    client.post(URL, data)
    assert Issue.objects.exists()
    assert not waiting.exists()


def test_bad_file_shows_its_reason(client, editor):
    response = upload(client, data=b"\x89PNG\r\n\x1a\n\x00\x00")
    page = response.content.decode()
    assert "binary data" in page
    assert 'name="confirm"' not in page


def test_only_text_and_word_files_are_accepted(client, editor):
    response = upload(client, name="issue.pdf")
    assert ".txt" in response.content.decode()
    assert "confirm_form" not in response.context or response.context.get("confirm_form") is None


def test_a_file_larger_than_a_form_post_is_previewed_and_confirmed(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024
    big = SAMPLE_2012.read_bytes() + "\n".join(["【简讯】"] * 4000).encode()
    assert len(big) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client.post(URL, confirmation(upload(client, data=big)))
    assert Issue.objects.get().number == 8


def test_editor_can_supply_a_missing_year(client, editor):
    text = "【工作动态】\n标题\n会议要求各级工会认真抓好落实，切实做好各项工作。（市总办公室）\n"
    preview = upload(client, data=text.encode(), name="undated.txt")
    assert "year" in preview.content.decode()
    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(year="2010", confirm="1")
    client.post(URL, data)
    assert Issue.objects.get().year == 2010


def test_upload_needs_the_add_issue_permission(client):
    user = make_user("reader", staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert upload(client).status_code == 403
    assert not Issue.objects.exists()


def test_a_word_file_is_previewed_with_its_cover_and_confirmed_as_a_draft(client, editor):
    preview = upload(client, sample_as_word(SAMPLE_2012), name="简报.docx")
    assert "总第312期" in preview.content.decode()
    form = preview.context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["confirm"] = "1"
    client.post(URL, data)
    issue = Issue.objects.get()
    assert (issue.number, issue.cumulative_number, str(issue.issue_date)) == (8, 312, "2012-04-25")
    assert issue.status == Issue.Status.DRAFT


@pytest.mark.parametrize(
    "name", [BOMB, *(name for name in BAD if "脚注" in name or "实体" in name or "像素" in name)]
)
def test_a_hostile_word_file_is_refused_with_its_reason_and_never_a_server_error(
    client, editor, name
):
    data = zip_bomb(BOMB_SIZE) if name == BOMB else BAD[name]()

    response = upload(client, data, name=name)

    assert response.status_code == 200
    assert escape(describe(response.context["result"].error)) in response.content.decode()
    assert not Issue.objects.exists()


def test_warnings_are_shown_in_chinese_without_the_english(client, editor):
    page = upload(client).content.decode()
    assert "由正文提到的最晚日期（4月22日）推断" in page
    assert "inferred" not in page


def test_the_preview_lists_the_lines_not_imported_with_their_reason(client, editor):
    page = upload(client, SAMPLE_2007.read_bytes(), name="2007.txt").content.decode()
    assert "未导入的行（11）" in page
    assert "从封面抄来的本期要目，不是正文" in page


def test_the_upload_takes_the_same_largest_files_as_the_command(client, editor):
    assert size_limit("issue.txt") == MAX_BYTES
    assert size_limit("issue.docx") == size_limit("issue.doc") == MAX_WORD_BYTES
    page = client.get(URL).content.decode()
    assert f"{MAX_BYTES // 1024:,} KB" in page
    assert f"{MAX_WORD_BYTES // 1024 // 1024} MB" in page


def test_a_text_file_over_the_one_limit_is_refused_by_the_upload(client, editor):
    response = upload(client, data=b"x" * (MAX_BYTES + 1))
    assert "文件过大" in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_a_typed_masthead_is_previewed_and_an_internal_mark_said(client, editor):
    text = (
        "内部资料\n工会工作简报\n第12期（总第356期）\n苏州市总工会办公室 2015年6月18日\n"
        "签发人：赵国平\n【工作动态】\n区工会召开座谈会\n"
        "会议要求各级工会认真抓好落实，切实做好各项工作。（市总办公室）\n"
    )
    page = upload(client, text.encode(), name="typed.txt").content.decode()
    assert "从报头读出" in page and "总第356期" in page
    assert "内部资料：导入为内部简报，不公开" in page
