"""信息报送 on the reading site, as an information officer uses it."""

from django.contrib.messages import get_messages
from django.urls import reverse

from editorial.submissions import decisions
from editorial.submissions.models import Submission, UnitQuota
from tests.submissions.conftest import fake_photo, pdf, photo, submit


def form_data(**changes):
    data = {
        "title": "职工技能竞赛决赛举行",
        "subtitle": "",
        "body": "  第一段，开头有空格。\n\n第二段。\n",
        "suggested_kind": "article",
        "authors": "张三 李四",
        "contact_phone": "0512-52000000",
    }
    data.update(changes)
    return data


def test_an_officer_submits_with_a_photo_and_the_text_is_kept_exactly(client, officer, unit):
    client.force_login(officer)

    response = client.post(reverse("submissions:create"), {**form_data(), "attachments": [photo()]})

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.unit == unit
    assert submission.body == "  第一段，开头有空格。\n\n第二段。\n"
    assert submission.status == Submission.Status.SUBMITTED
    assert [a.kind for a in submission.attachments.all()] == ["photo"]


def test_a_bad_attachment_is_refused_alone_and_the_rest_is_kept(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("submissions:create"),
        {**form_data(), "attachments": [fake_photo("virus.jpg"), pdf("report.pdf")]},
    )

    submission = Submission.objects.get()
    assert [a.name for a in submission.attachments.all()] == ["report.pdf"]
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("virus.jpg" in message for message in shown)


def test_a_file_over_the_size_limit_is_refused_with_its_reason(client, officer, settings):
    settings.SUBMISSION_ATTACHMENT_LIMIT = 50
    client.force_login(officer)
    big = photo("big.png", "PNG")

    response = client.post(reverse("submissions:create"), {**form_data(), "attachments": [big]})

    assert Submission.objects.get().attachments.count() == 0
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("big.png" in message and "50" in message for message in shown)


def test_the_list_shows_the_units_submissions_with_their_status(client, officer):
    submit(officer, "第一篇")
    client.force_login(officer)

    page = client.get(reverse("submissions:list")).content.decode()

    assert "第一篇" in page and "已报送" in page


def test_the_list_is_paged_newest_first(client, officer):
    for number in range(31):
        submit(officer, f"第{number}篇来稿")
    client.force_login(officer)

    first = client.get(reverse("submissions:list")).content.decode()
    second = client.get(reverse("submissions:list") + "?page=2").content.decode()

    assert "第30篇来稿" in first and "第0篇来稿" not in first
    assert "第0篇来稿" in second


def test_the_list_shows_the_months_count_against_the_quota(client, officer, unit):
    UnitQuota.objects.create(unit=unit, per_month=2)
    submit(officer)
    client.force_login(officer)

    page = client.get(reverse("submissions:list")).content.decode()

    assert "本月已报送 1 篇，定额 2 篇" in page


def test_an_officer_edits_a_submission_until_it_is_handled(client, officer, editor):
    submission = submit(officer)
    client.force_login(officer)

    client.post(reverse("submissions:edit", args=[submission.pk]), form_data(title="改过的标题"))

    assert Submission.objects.get(pk=submission.pk).title == "改过的标题"


def test_a_handled_submission_can_no_longer_be_edited(client, officer, editor):
    submission = submit(officer)
    decisions.decline(submission, editor, reason="重复")
    client.force_login(officer)

    client.post(reverse("submissions:edit", args=[submission.pk]), form_data(title="改过的标题"))

    assert Submission.objects.get(pk=submission.pk).title == "金秋助学活动"


def test_an_officer_withdraws_a_submission(client, officer):
    submission = submit(officer)
    client.force_login(officer)

    client.post(reverse("submissions:withdraw", args=[submission.pk]))

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.WITHDRAWN


def test_a_returned_submission_is_revised_and_resubmitted_unread(client, officer, editor):
    submission = submit(officer)
    decisions.return_for_revision(submission, editor, comment="请补充参赛人数。")
    client.force_login(officer)

    client.post(reverse("submissions:edit", args=[submission.pk]), form_data(body="补充后的正文。"))

    submission.refresh_from_db()
    assert submission.status == Submission.Status.RESUBMITTED
    assert submission.body == "补充后的正文。"
    assert submission.seen_at is None


def test_the_officer_sees_each_decision_with_its_comment(client, officer, editor):
    submission = submit(officer)
    decisions.return_for_revision(submission, editor, comment="请补充参赛人数。")
    client.force_login(officer)

    page = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()

    assert "退回修改" in page and "请补充参赛人数。" in page


def test_an_officer_downloads_the_units_attachment(client, officer):
    client.force_login(officer)
    client.post(reverse("submissions:create"), {**form_data(), "attachments": [pdf()]})
    submission = Submission.objects.get()
    attachment = submission.attachments.get()

    response = client.get(reverse("submissions:attachment", args=[submission.pk, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_officer_who_signs_in_to_the_admin_finds_the_way_to_the_units_page(client, officer):
    client.force_login(officer)

    page = client.get("/admin/").content.decode()

    assert 'href="/submissions/"' in page
