"""The office's decisions on submissions, in the admin inbox (来稿)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from editorial.content.models import Article, Issue
from editorial.submissions.models import Decision, Forwarding, HigherPublication, Submission
from editorial.workflow.models import AuditEntry
from tests.factories import take_to
from tests.submissions.conftest import submit

CHANGELIST = "admin:editorial_submission_changelist"


def act(client, action, submissions, **fields):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": action,
            "_selected_action": [submission.pk for submission in submissions],
            "apply": "1",
            **fields,
        },
    )


@pytest.fixture
def section(draft_issue):
    return draft_issue.sections.get(name="工作动态")


def test_adopting_makes_an_article_with_the_unit_as_source_and_the_authors_as_byline(
    client, editor, officer, unit, section
):
    submission = submit(officer, "金秋助学活动", body="第一段。\n\n第二段。")
    client.force_login(editor)

    act(client, "adopt_action", [submission], section=section.pk, kind="article")

    article = Article.objects.get(section=section, title="金秋助学活动")
    assert article.body == "第一段。\n\n第二段。"
    assert article.byline == "张三、李四"
    assert article.ordered_sources == [unit]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ADOPTED
    assert submission.article == article


def test_an_adopted_brief_credits_its_authors(client, editor, officer, section):
    submission = submit(officer, "简讯一则", kind="brief")
    client.force_login(editor)

    act(client, "adopt_action", [submission], section=section.pk, kind="brief")

    article = Article.objects.get(title="简讯一则")
    assert (article.kind, article.credit, article.byline) == ("brief", "张三、李四", "")


def test_merging_several_makes_one_roundup_and_counts_each_as_adopted(
    client, editor, officer, other_officer, section
):
    first = submit(officer, "常熟简讯", kind="brief", body="常熟的消息。")
    second = submit(other_officer, "昆山简讯", kind="brief", body="昆山的消息。")
    client.force_login(editor)

    act(client, "merge_action", [first, second], section=section.pk, kind="brief", title="各地简讯")

    article = Article.objects.get(title="各地简讯")
    assert article.body == "◆常熟简讯\n\n常熟的消息。\n\n◆昆山简讯\n\n昆山的消息。"
    assert [o.name for o in article.ordered_sources] == ["常熟市总工会", "昆山市总工会"]
    assert set(Submission.objects.values_list("status", "article")) == {("adopted", article.pk)}


def test_returning_keeps_the_comment_and_emails_the_units_officers(
    client, editor, officer, committed
):
    submission = submit(officer)
    client.force_login(editor)

    with committed():
        act(client, "return_action", [submission], comment="请补充参赛人数。")

    decision = submission.decisions.get(action=Decision.Action.RETURN)
    assert (decision.comment, decision.actor) == ("请补充参赛人数。", editor)
    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
    assert "请补充参赛人数。" in mail.outbox[0].body


def test_declining_needs_a_reason(client, editor, officer):
    submission = submit(officer)
    client.force_login(editor)

    act(client, "decline_action", [submission], comment="")

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED


def test_each_decision_is_an_audit_record(client, editor, officer):
    submission = submit(officer)
    client.force_login(editor)

    act(client, "decline_action", [submission], comment="与已采用稿件重复。")

    entry = AuditEntry.objects.get(action="decline")
    assert (entry.actor, entry.comment, entry.object_repr) == (
        editor,
        "与已采用稿件重复。",
        submission.title,
    )


def test_an_editor_cannot_adopt_into_an_issue_in_review(client, editor, officer, draft_issue):
    take_to(draft_issue, Issue.Status.IN_REVIEW)
    submission = submit(officer)
    client.force_login(editor)

    act(
        client,
        "adopt_action",
        [submission],
        section=draft_issue.sections.first().pk,
        kind="article",
    )

    assert not Article.objects.filter(title=submission.title).exists()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED


def test_a_handled_submission_cannot_be_adopted_again(client, editor, officer, section):
    submission = submit(officer)
    client.force_login(editor)
    act(client, "decline_action", [submission], comment="重复")

    act(client, "adopt_action", [submission], section=section.pk, kind="article")

    assert not Article.objects.filter(title=submission.title).exists()


def test_the_inbox_lists_new_and_resubmitted_items_newest_first_unread_marked(
    client, editor, officer
):
    older = submit(officer, "较早的来稿")
    newer = submit(officer, "较新的来稿")
    declined = submit(officer, "不用的来稿")
    client.force_login(editor)
    act(client, "decline_action", [declined], comment="重复")
    act(client, "mark_read_action", [older])

    response = client.get(reverse(CHANGELIST))

    rows = list(response.context["cl"].result_list)
    assert rows == [newer, older]
    page = response.content.decode()
    assert page.count('class="unread"') == 1


def test_the_inbox_costs_the_same_queries_for_many_rows(
    client, editor, officer, other_officer, django_assert_max_num_queries
):
    for number in range(3):
        submit(officer, f"来稿{number}")
    client.force_login(editor)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(CHANGELIST))
    for number in range(30):
        submit(other_officer, f"更多来稿{number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(CHANGELIST))


def test_an_adopted_item_is_recorded_as_forwarded_and_adopted_upward(
    client, editor, officer, section
):
    submission = submit(officer)
    client.force_login(editor)
    act(client, "adopt_action", [submission], section=section.pk, kind="article")
    provincial = HigherPublication.objects.create(name="省总《工会信息》")

    client.post(
        reverse("admin:editorial_forwarding_add"),
        {
            "submission": submission.pk,
            "publication": provincial.pk,
            "forwarded_on": "2026-05-08",
            "adopted_on": "2026-05-20",
            "adopted_as": "brief",
        },
    )

    forwarding = Forwarding.objects.get(submission=submission)
    assert (forwarding.adopted_on, forwarding.adopted_as) == (date(2026, 5, 20), "brief")
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "forward",
        "adopted_upward",
    }


def _forwarded(client, editor, officer, section, publication, **fields):
    submission = submit(officer)
    client.force_login(editor)
    act(client, "adopt_action", [submission], section=section.pk, kind="article")
    client.post(
        reverse("admin:editorial_forwarding_add"),
        {"submission": submission.pk, "publication": publication.pk, **fields},
    )
    return Forwarding.objects.get(submission=submission)


def _edit(client, forwarding, **fields):
    data = {
        "submission": forwarding.submission_id,
        "publication": forwarding.publication_id,
        "forwarded_on": forwarding.forwarded_on.isoformat(),
        "adopted_on": forwarding.adopted_on.isoformat() if forwarding.adopted_on else "",
        "adopted_as": forwarding.adopted_as,
        **fields,
    }
    response = client.post(reverse("admin:editorial_forwarding_change", args=[forwarding.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_correcting_a_forwardings_day_and_publication_changes_the_one_record(
    client, editor, officer, section
):
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    national = HigherPublication.objects.create(name="全总《工人日报》")
    forwarding = _forwarded(client, editor, officer, section, provincial, forwarded_on="2026-05-08")

    _edit(client, forwarding, forwarded_on="2026-05-09", publication=national.pk)

    assert list(Forwarding.objects.values_list("publication__name", "forwarded_on")) == [
        ("全总《工人日报》", date(2026, 5, 9))
    ]
    amended = AuditEntry.objects.filter(action="forward").latest("pk")
    assert amended.data["amended"] and amended.data["on"] == "2026-05-09"


def test_clearing_an_adoption_upward_takes_it_back(client, editor, officer, section):
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    forwarding = _forwarded(
        client,
        editor,
        officer,
        section,
        provincial,
        forwarded_on="2026-05-08",
        adopted_on="2026-05-20",
        adopted_as="brief",
    )

    _edit(client, forwarding, adopted_on="", adopted_as="")

    forwarding.refresh_from_db()
    assert (forwarding.adopted_on, forwarding.adopted_as) == (None, "")


def test_an_item_not_adopted_cannot_be_forwarded(client, editor, officer):
    submission = submit(officer)
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    client.force_login(editor)

    client.post(
        reverse("admin:editorial_forwarding_add"),
        {"submission": submission.pk, "publication": provincial.pk, "forwarded_on": "2026-05-08"},
    )

    assert not Forwarding.objects.exists()


def test_deleting_a_forwarding_in_the_admin_leaves_an_audit_record(
    client, editor, officer, section
):
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    forwarding = _forwarded(client, editor, officer, section, provincial, forwarded_on="2026-05-08")

    client.post(reverse("admin:editorial_forwarding_delete", args=[forwarding.pk]), {"post": "yes"})

    assert not Forwarding.objects.exists()
    entry = AuditEntry.objects.get(action="forwarding_deleted")
    assert (entry.actor, entry.data["publication"]) == (editor, "省总《工会信息》")


def test_opening_an_item_leaves_it_unread(client, editor, officer):
    submission = submit(officer)
    client.force_login(editor)

    client.get(reverse("admin:editorial_submission_change", args=[submission.pk]))

    assert Submission.objects.get(pk=submission.pk).seen_at is None
    assert client.get(reverse(CHANGELIST)).content.decode().count('class="unread"') == 1
