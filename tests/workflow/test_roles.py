"""Every role against every action, checked by the workflow module itself
(the admin only shows what these rules allow)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from editorial.content.models import Issue
from editorial.workflow import composing, rules
from editorial.workflow import transitions as workflow
from editorial.workflow.models import IssueTransition
from tests.workflow.conftest import draft, in_state

pytestmark = pytest.mark.django_db

ROLES = ["editor", "chief", "superuser", "staff", "anonymous"]

# action: (state it starts from, how to take it, roles allowed)
ACTIONS = {
    "submit": (Issue.Status.DRAFT, lambda i, u: workflow.submit(i, u), {"editor", "chief"}),
    "return": (
        Issue.Status.IN_REVIEW,
        lambda i, u: workflow.return_to_draft(i, u, comment="请修改"),
        {"chief"},
    ),
    "approve": (Issue.Status.IN_REVIEW, lambda i, u: workflow.approve(i, u), {"chief"}),
    "publish": (Issue.Status.APPROVED, lambda i, u: workflow.publish(i, u), {"chief"}),
    "schedule": (
        Issue.Status.APPROVED,
        lambda i, u: workflow.publish(i, u, at=timezone.now() + timedelta(days=1)),
        {"chief"},
    ),
    "withdraw": (
        Issue.Status.PUBLISHED,
        lambda i, u: workflow.withdraw(i, u, reason="有误"),
        {"chief"},
    ),
}


def user_for(role, request):
    return request.getfixturevalue(role)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_may_take_step_only_if_its_permissions_allow(role, action, request):
    user = user_for(role, request)
    start, take, allowed_roles = ACTIONS[action]
    issue = in_state(start)
    earlier = list(IssueTransition.objects.filter(issue=issue).values_list("pk", flat=True))
    if role in allowed_roles or role == "superuser":
        take(issue, user)
        step = IssueTransition.objects.filter(issue=issue).exclude(pk__in=earlier).get()
        assert step.actor == user
    else:
        with pytest.raises(workflow.WorkflowPermissionDenied) as refused:
            take(issue, user)
        assert "没有权限" in str(refused.value)
        assert Issue.objects.get(pk=issue.pk).status == start
        assert list(IssueTransition.objects.filter(issue=issue).values_list("pk", flat=True)) == (
            earlier
        )


EDITABLE = {
    Issue.Status.DRAFT: {"editor", "chief", "superuser"},
    Issue.Status.IN_REVIEW: {"chief", "superuser"},
    Issue.Status.APPROVED: {"chief", "superuser"},
    Issue.Status.PUBLISHED: {"chief", "superuser"},
}


@pytest.mark.parametrize("status", EDITABLE)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_an_issue_in_each_state(role, status, request):
    user = user_for(role, request)
    issue = in_state(status)
    assert rules.may_change(user, issue) is (role in EDITABLE[status])


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_new_issue_from_the_previous_one(role, request):
    user = user_for(role, request)
    in_state(Issue.Status.PUBLISHED)
    if role in ("editor", "chief", "superuser"):
        assert composing.new_issue_from_previous(user).status == Issue.Status.DRAFT
    else:
        with pytest.raises(workflow.WorkflowPermissionDenied):
            composing.new_issue_from_previous(user)


def test_an_editor_cannot_change_an_issue_once_submitted(editor):
    issue = draft()
    workflow.submit(issue, editor)
    with pytest.raises(workflow.WorkflowPermissionDenied, match="只有签发人"):
        rules.ensure_may_change(editor, issue)


def test_an_inactive_chief_editor_can_do_nothing(chief):
    chief.is_active = False
    chief.save()
    with pytest.raises(workflow.WorkflowPermissionDenied):
        workflow.approve(in_state(Issue.Status.IN_REVIEW), chief)


def test_buttons_offered_are_the_steps_the_role_may_take(editor, chief):
    issue = in_state(Issue.Status.IN_REVIEW)
    assert workflow.available_transitions(issue, editor) == []
    assert {t.name for t in workflow.available_transitions(issue, chief)} == {"return", "approve"}


class TestTheRolesMigration:
    def codenames(self, group_name):
        return set(
            Permission.objects.filter(group__name=group_name).values_list("codename", flat=True)
        )

    def test_editors_compose_and_submit_but_do_not_sign_off(self, roles):
        editors = self.codenames("编辑")
        assert {"add_issue", "change_issue", "submit_issue", "add_article"} <= editors
        assert editors.isdisjoint(
            {"approve_issue", "publish_issue", "withdraw_issue", "return_issue", "delete_issue"}
        )

    def test_chief_editors_hold_everything_editors_hold_and_the_sign_off(self, roles):
        chiefs = self.codenames("签发人")
        assert self.codenames("编辑") <= chiefs
        assert {
            "return_issue",
            "approve_issue",
            "publish_issue",
            "withdraw_issue",
            "edit_published_issue",
        } <= chiefs

    def test_both_groups_exist(self, roles):
        assert set(Group.objects.values_list("name", flat=True)) >= {"编辑", "签发人"}
