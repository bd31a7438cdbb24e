"""The audit log: every editorial action leaves one entry — its action name, who took
it, when, on which object, with the comment — written with the action itself, and
the issue's page lists the entries of the issue."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.content.models import Article, ArticleSource, Issue, SourceOrganization
from editorial.workflow import errata
from editorial.workflow import transitions as workflow
from editorial.workflow.models import AuditEntry, IssueTransition
from tests.factories import make_user
from tests.legacy.test_admin_upload import URL as LEGACY_UPLOAD_URL
from tests.legacy.test_admin_upload import upload
from tests.legacy.test_parser import SAMPLE_2012
from tests.workflow.conftest import draft
from tests.workflow.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def the_entry_left_by(act):
    """Do ``act``; return the one audit entry it left (fails if none or several)."""
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    act()
    [entry] = AuditEntry.objects.filter(pk__gt=last)
    return entry


def entries_left_by(act) -> list[str]:
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    act()
    return list(
        AuditEntry.objects.filter(pk__gt=last).order_by("pk").values_list("action", flat=True)
    )


def change_url(issue):
    return reverse("admin:editorial_issue_change", args=[issue.pk])


def history_on_page(client, issue) -> str:
    page = client.get(change_url(issue)).content.decode()
    start = page.index('id="workflow-history"')
    return page[start : page.index("</table>", start)]


def take_step(client, issue, step, **data):
    return client.post(
        reverse("admin:editorial_issue_transition", args=[issue.pk]),
        {"transition": step, **data},
    )


def published(editor, chief, **fields) -> Issue:
    issue = draft(**fields)
    workflow.submit(issue, editor)
    workflow.approve(issue, chief)
    workflow.publish(issue, chief)
    return issue


# --- Each workflow step, from the issue's page --------------------------------------


def _submitted(editor, chief):
    issue = draft()
    workflow.submit(issue, editor)
    return issue


def _approved(editor, chief):
    issue = _submitted(editor, chief)
    workflow.approve(issue, chief)
    return issue


def _approved_and_edited(editor, chief):
    issue = _approved(editor, chief)
    article = Article.objects.get(section__issue=issue)
    article.title = "改过的标题"
    article.save()
    return issue


def _scheduled(editor, chief):
    issue = _approved(editor, chief)
    workflow.publish(issue, chief, at=timezone.now() + timedelta(days=2))
    return issue


def _published(editor, chief):
    return published(editor, chief)


# step, who takes it, the state it starts from, what is posted with it
STEPS = [
    ("submit", "editor", lambda editor, chief: draft(), {"comment": "请审核"}),
    ("return", "chief", _submitted, {"comment": "请补充会议时间"}),
    ("approve", "chief", _submitted, {"comment": "同意"}),
    ("resign", "chief", _approved_and_edited, {"comment": "标题改过"}),
    ("publish", "chief", _approved, {"comment": ""}),
    ("reschedule", "chief", _scheduled, {"comment": "提前", "publish_at": "2099-01-05T09:30"}),
    ("withdraw", "chief", _published, {"comment": "第3篇数据有误"}),
]


@pytest.mark.parametrize(("step", "who", "starting", "posted"), STEPS, ids=[s[0] for s in STEPS])
def test_each_workflow_step_leaves_one_entry_named_for_it(
    client, editor, chief, step, who, starting, posted
):
    issue = starting(editor, chief)
    actor = {"editor": editor, "chief": chief}[who]
    client.force_login(actor)

    entry = the_entry_left_by(lambda: take_step(client, issue, step, **posted))

    recorded = issue.transitions.latest("created_at", "pk")
    assert (entry.action, entry.actor, entry.issue, entry.comment) == (
        step,
        actor,
        issue,
        posted["comment"],
    )
    assert (entry.content_type.model_class(), entry.object_id) == (
        IssueTransition,
        str(recorded.pk),
    )
    assert recorded.action == step


def test_a_refused_step_leaves_no_entry(client, editor):
    issue = draft()
    client.force_login(editor)

    assert entries_left_by(lambda: take_step(client, issue, "approve")) == []


def test_signing_off_notes_the_signed_version(client, editor, chief):
    issue = _submitted(editor, chief)
    client.force_login(chief)

    entry = the_entry_left_by(lambda: take_step(client, issue, "approve"))

    assert entry.data["version"] == issue.versions.get().sequence


EMAILED_SUBJECTS = {
    "submit": "待您签发",
    "return": "已退回编辑修改",
    "approve": "已签发",
    "publish": "已发布",
    "reschedule": None,
    "resign": None,
    "withdraw": "已从网站撤下",
}


@pytest.mark.parametrize(("step", "who", "starting", "posted"), STEPS, ids=[s[0] for s in STEPS])
def test_each_step_sends_the_email_of_its_action(
    client,
    editor,
    chief,
    django_capture_on_commit_callbacks,
    mailoutbox,
    step,
    who,
    starting,
    posted,
):
    issue = starting(editor, chief)
    client.force_login({"editor": editor, "chief": chief}[who])

    with django_capture_on_commit_callbacks(execute=True):
        take_step(client, issue, step, **posted)

    subjects = [message.subject for message in mailoutbox]
    expected = EMAILED_SUBJECTS[step]
    assert subjects == ([] if expected is None else [f"{issue} {expected}"])


def test_a_published_issue_reimported_as_a_draft_is_not_shown_as_returned(
    client, editor, chief, tmp_path
):
    first, edited = tmp_path / "2012_08.txt", tmp_path / "2012-8.txt"
    first.write_bytes(SAMPLE_2012.read_bytes())
    edited.write_bytes(SAMPLE_2012.read_bytes().replace("张艳".encode(), "某某".encode()))
    call_command("import_legacy", str(first), stdout=io.StringIO())
    call_command(
        "import_legacy",
        str(edited),
        "--replace",
        "--status=draft",
        f"--user={chief.username}",
        stdout=io.StringIO(),
    )
    client.force_login(editor)

    assert Issue.objects.get().status == Issue.Status.DRAFT
    assert 'id="waiting-returned"' not in client.get("/admin/").content.decode()


# --- How an issue comes into being ----------------------------------------------------


def test_creating_an_issue_in_the_admin_is_recorded(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:editorial_issue_add"))
    data = admin_form_data(page)

    entry = the_entry_left_by(lambda: client.post(reverse("admin:editorial_issue_add"), data))

    issue = Issue.objects.get()
    assert (entry.action, entry.actor, entry.issue) == ("create", editor, issue)
    assert issue.transitions.get().action == "create"


def test_starting_from_the_previous_issue_is_recorded(client, editor, chief):
    draft()
    client.force_login(editor)

    entry = the_entry_left_by(
        lambda: client.post(reverse("admin:editorial_issue_new_from_previous"))
    )

    new = Issue.objects.latest("pk")
    assert (entry.action, entry.actor, entry.issue) == ("from_previous", editor, new)


def test_the_correction_notice_a_new_issue_gets_is_a_second_entry(client, editor, chief):
    issue = published(editor, chief)
    errata.attach(Article.objects.get(section__issue=issue), wrong="甲", right="乙", user=chief)
    client.force_login(editor)

    actions = entries_left_by(
        lambda: client.post(reverse("admin:editorial_issue_new_from_previous"))
    )

    assert actions == ["from_previous", "notice"]


def test_importing_a_legacy_file_is_recorded_as_an_import(client, editor):
    client.force_login(editor)
    form = upload(client).context["confirm_form"]
    data = {name: form[name].value() or "" for name in form.fields}

    entry = the_entry_left_by(lambda: client.post(LEGACY_UPLOAD_URL, {**data, "confirm": "1"}))

    issue = Issue.objects.get()
    assert (entry.action, entry.actor, entry.issue) == ("import", editor, issue)
    assert "2012_08.txt" in entry.comment


# --- Composing: moves and reorderings -------------------------------------------------


def test_moving_a_section_down_is_recorded_with_its_places(client, editor):
    issue = draft(sections=("工作动态", "简讯"))
    first = issue.sections.get(name="工作动态")
    client.force_login(editor)

    entry = the_entry_left_by(
        lambda: client.post(
            reverse("admin:editorial_issue_move", args=[issue.pk]),
            {"move": f"section:{first.pk}:down"},
        )
    )

    assert (entry.action, entry.actor, entry.issue, entry.object_repr) == (
        "move",
        editor,
        issue,
        "【工作动态】",
    )
    assert entry.data == {"from": 1, "to": 2}


def test_a_move_that_changes_nothing_leaves_no_entry(client, editor):
    issue = draft(articles_per_section=2)
    first = Article.objects.get(section__issue=issue, position=1)
    client.force_login(editor)

    move = reverse("admin:editorial_issue_move", args=[issue.pk])
    assert entries_left_by(lambda: client.post(move, {"move": f"article:{first.pk}:up"})) == []


def test_dragging_articles_into_a_new_order_is_recorded(client, editor):
    issue = draft(articles_per_section=3)
    section = issue.sections.get()
    first, second, third = section.articles.order_by("position")
    client.force_login(editor)

    entry = the_entry_left_by(
        lambda: client.post(
            reverse("admin:editorial_issue_reorder", args=[issue.pk]),
            {
                "kind": "article",
                "section": section.pk,
                "order": f"{third.pk},{first.pk},{second.pk}",
            },
        )
    )

    assert (entry.action, entry.actor, entry.issue, entry.object_repr) == (
        "reorder",
        editor,
        issue,
        "【工作动态】",
    )
    assert entry.data["order"] == ["工作动态文章3", "工作动态文章1", "工作动态文章2"]


def test_reordering_the_distribution_list_is_recorded(client, editor):
    issue = draft(distribution=("甲单位", "乙单位", "丙单位"))
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(issue)))
    for index, order in enumerate(["2", "3", "1"]):
        data[f"distribution-{index}-order"] = order

    entry = the_entry_left_by(lambda: client.post(change_url(issue), data))

    assert (entry.action, entry.actor, entry.issue) == ("reorder", editor, issue)
    assert entry.data["order"] == ["丙单位", "甲单位", "乙单位"]


def test_saving_the_issue_without_a_new_order_records_no_reordering(client, editor):
    issue = draft(distribution=("甲单位", "乙单位"))
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(issue)))

    assert entries_left_by(lambda: client.post(change_url(issue), data)) == []


def test_reordering_an_articles_sources_is_recorded(client, editor):
    issue = draft()
    article = Article.objects.get(section__issue=issue)
    second = SourceOrganization.objects.create(name="市总工会女职工部")
    ArticleSource.objects.create(article=article, organization=second, position=2)
    client.force_login(editor)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data["sources_written"] = "市总工会女职工部、市总工会宣教部"

    entry = the_entry_left_by(lambda: client.post(url, data))

    assert (entry.action, entry.actor, entry.issue, entry.object_repr) == (
        "reorder",
        editor,
        issue,
        article.title,
    )
    assert entry.data["order"] == ["市总工会女职工部", "市总工会宣教部"]


# --- Organizations and corrections ---------------------------------------------------


def test_merging_organizations_is_recorded_with_the_names_merged(client, chief):
    kept = SourceOrganization.objects.create(name="市总工会宣教部")
    duplicate = SourceOrganization.objects.create(name="市总宣教部")
    client.force_login(chief)
    url = reverse("admin:editorial_sourceorganization_changelist")
    selected = {"action": "merge_action", "_selected_action": [kept.pk, duplicate.pk]}

    entry = the_entry_left_by(
        lambda: client.post(url, {**selected, "apply": "1", "target": kept.pk})
    )

    assert (entry.action, entry.actor, entry.object_repr) == ("merge", chief, "市总工会宣教部")
    assert entry.data["merged"] == [{"id": duplicate.pk, "name": "市总宣教部"}]


def test_a_correction_attached_in_the_admin_is_recorded(client, editor, chief):
    issue = published(editor, chief)
    article = Article.objects.get(section__issue=issue)
    client.force_login(chief)

    entry = the_entry_left_by(
        lambda: client.post(
            reverse("admin:editorial_correction_add"),
            {
                "article": article.pk,
                "wrong": "二〇〇七年",
                "right": "二〇〇八年",
                "corrected_at_0": "2026-03-09",
                "corrected_at_1": "10:00:00",
            },
        )
    )

    assert (entry.action, entry.actor, entry.issue) == ("correct", chief, issue)
    assert "二〇〇八年" in entry.object_repr


def test_adding_the_correction_notice_from_the_issue_page_is_recorded(client, editor, chief):
    corrected = published(editor, chief)
    errata.attach(Article.objects.get(section__issue=corrected), wrong="甲", right="乙", user=chief)
    issue = draft(number=6)
    client.force_login(editor)

    entry = the_entry_left_by(
        lambda: client.post(reverse("admin:editorial_issue_corrections_notice", args=[issue.pk]))
    )

    notice = Article.objects.get(section__issue=issue, section__name="更正")
    assert (entry.action, entry.actor, entry.issue, entry.object_id) == (
        "notice",
        editor,
        issue,
        str(notice.pk),
    )


# --- The issue's history ---------------------------------------------------------------


def test_the_issue_page_lists_each_action_with_actor_object_and_comment(client, editor, chief):
    issue = draft(sections=("工作动态", "简讯"))
    editor.last_name, editor.first_name = "李", "敏"
    editor.save()
    client.force_login(editor)
    client.post(
        reverse("admin:editorial_issue_move", args=[issue.pk]),
        {"move": f"section:{issue.sections.get(name='简讯').pk}:up"},
    )
    take_step(client, issue, "submit", comment="请审核第二篇")

    history = history_on_page(client, issue)

    assert "提交审核" in history
    assert "请审核第二篇" in history
    assert "移动位置" in history
    assert "【简讯】" in history
    assert "李敏" in history  # by name, not the login "editor"
    assert history.index("提交审核") < history.index("移动位置")  # newest first


def test_the_issue_page_lists_a_correction_to_its_article(client, editor, chief):
    issue = published(editor, chief)
    errata.attach(Article.objects.get(section__issue=issue), wrong="甲", right="乙", user=chief)
    client.force_login(chief)

    assert "添加更正" in history_on_page(client, issue)


def test_a_step_is_listed_once(client, editor):
    issue = draft()
    client.force_login(editor)
    take_step(client, issue, "submit", comment="只出现一次")

    assert history_on_page(client, issue).count("只出现一次") == 1


# --- The audit log in the admin --------------------------------------------------------


def test_the_audit_log_lists_entries_and_cannot_be_edited(client, editor):
    issue = draft()
    workflow.submit(issue, editor, comment="请审核")
    entry = AuditEntry.objects.get()
    client.force_login(make_user("admin", superuser=True))

    listing = client.get(reverse("admin:editorial_auditentry_changelist")).content.decode()

    assert "提交审核" in listing
    assert client.get(reverse("admin:editorial_auditentry_add")).status_code == 403
    delete = reverse("admin:editorial_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
