"""The audit log: one ``AuditEntry`` for every editorial action, the way Wagtail's
``PageLogEntry`` records what happens to a page.

The function that takes an action calls ``record`` inside the transaction that
makes the change, so an action that is rolled back leaves no entry and one that
stands always has its entry: who, when, what action, on which object (and
issue), with the user's comment and a few details.

The action names are the constants below, each registered with the name shown
to people in ``LABELS`` — the one table of them: ``record`` refuses a name not
in it, so a misspelt action fails where it is written. ``label`` gives the name
shown to people. The workflow steps keep the names of their transitions
(``editorial.workflow.transitions``), which ``IssueTransition.action`` holds too.

The entries are the one store of an issue's history: ``issue_history(issue)``
reads them alone, newest first, for the issue's page and its admin history.
Workflow steps recorded before there was an audit log were given their entries
by migration 0023; steps restored from an archive get theirs from
``record_steps``.
"""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext, pgettext_lazy

from editorial.content.models import Issue
from editorial.workflow.models import AuditEntry, IssueTransition

# An issue comes into being.
CREATE = "create"
IMPORT = "import"
# Saved in the admin: added (an issue's own creation is CREATE), changed, deleted.
ADD = "add"
EDIT = "edit"
DELETE = "delete"
# An imported issue replaced by a new legacy file (import_legacy --replace).
REPLACE = "replace"
FROM_PREVIOUS = "from_previous"
# The workflow steps (the names of editorial.workflow.transitions.TRANSITIONS).
SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
RESIGN = "resign"
PUBLISH = "publish"
RESCHEDULE = "reschedule"
WITHDRAW = "withdraw"
# Composing.
MOVE = "move"
REORDER = "reorder"
# Organizations and errata.
MERGE = "merge"
CORRECT = "correct"
CORRECTION_CHANGED = "correction_changed"
CORRECTION_DELETED = "correction_deleted"
NOTICE = "notice"
# Information work (editorial.submissions): an officer's steps, the office's decisions.
REPORT = "report"
RESUBMIT = "resubmit"
WITHDRAW_SUBMISSION = "withdraw_submission"
ADOPT = "adopt"
RETURN_SUBMISSION = "return_submission"
DECLINE = "decline"
FORWARD = "forward"
ADOPTED_UPWARD = "adopted_upward"
FORWARDING_DELETED = "forwarding_deleted"
# 总第N期 filled in for an issue that had none.
NUMBER = "cumulative_number"
# Empty sections carried over from the previous issue, removed from the pre-submission list.
REMOVE_EMPTY = "remove_empty_sections"
# The article an item was adopted into was deleted: the adoption is undone.
ADOPTION_UNDONE = "adoption_undone"

LABELS = {
    CREATE: pgettext_lazy("audit action", "Created"),
    IMPORT: pgettext_lazy("audit action", "Imported"),
    ADD: pgettext_lazy("audit action", "Added"),
    EDIT: pgettext_lazy("audit action", "Changed"),
    DELETE: pgettext_lazy("audit action", "Deleted"),
    REPLACE: pgettext_lazy("audit action", "Replaced from a legacy file"),
    FROM_PREVIOUS: pgettext_lazy("audit action", "Started from the previous issue"),
    SUBMIT: pgettext_lazy("audit action", "Submitted for review"),
    RETURN: pgettext_lazy("audit action", "Returned to the editors"),
    APPROVE: pgettext_lazy("audit action", "Signed off"),
    RESIGN: pgettext_lazy("audit action", "Changes signed off"),
    PUBLISH: pgettext_lazy("audit action", "Published"),
    RESCHEDULE: pgettext_lazy("audit action", "Publish time changed"),
    WITHDRAW: pgettext_lazy("audit action", "Withdrawn"),
    MOVE: pgettext_lazy("audit action", "Moved"),
    REORDER: pgettext_lazy("audit action", "Reordered"),
    MERGE: pgettext_lazy("audit action", "Organizations merged"),
    CORRECT: pgettext_lazy("audit action", "Correction attached"),
    CORRECTION_CHANGED: pgettext_lazy("audit action", "Correction changed"),
    CORRECTION_DELETED: pgettext_lazy("audit action", "Correction deleted"),
    NOTICE: pgettext_lazy("audit action", "Correction notice added"),
    REPORT: pgettext_lazy("audit action", "Information submitted"),
    RESUBMIT: pgettext_lazy("audit action", "Information resubmitted"),
    WITHDRAW_SUBMISSION: pgettext_lazy("audit action", "Information withdrawn"),
    ADOPT: pgettext_lazy("audit action", "Information adopted"),
    RETURN_SUBMISSION: pgettext_lazy("audit action", "Information returned for revision"),
    DECLINE: pgettext_lazy("audit action", "Information not adopted"),
    FORWARD: pgettext_lazy("audit action", "Forwarded upward"),
    ADOPTED_UPWARD: pgettext_lazy("audit action", "Adopted by a higher-level publication"),
    FORWARDING_DELETED: pgettext_lazy("audit action", "Forwarding deleted"),
    NUMBER: pgettext_lazy("audit action", "Cumulative number filled in"),
    REMOVE_EMPTY: pgettext_lazy("audit action", "Empty sections removed"),
    ADOPTION_UNDONE: pgettext_lazy("audit action", "Adoption undone: its article was deleted"),
}


def label(action: str) -> str:
    """The name of ``action`` for people (the name itself for one no longer
    registered, kept in older entries)."""
    return LABELS.get(action, action)


def record(action: str, *, actor, obj=None, issue=None, comment="", data=None, at=None):
    """Record that ``actor`` took ``action`` on ``obj`` (in ``issue``); return the entry.

    Call it inside the transaction that makes the change. ``obj`` may be any
    model instance (its type, id and name are kept, so the entry outlives it);
    an issue is its own ``issue``. ``data`` holds details as JSON.
    """
    if action not in LABELS:
        raise ValueError(f"Unknown audit action {action!r}: register it in audit.LABELS.")
    if issue is None and isinstance(obj, Issue):
        issue = obj
    entry = AuditEntry(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        issue=issue,
        comment=comment or "",
        data=data or {},
    )
    if at is not None:
        entry.at = at
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[: AuditEntry._meta.get_field("object_repr").max_length]
    entry.save()
    return entry


def record_steps(steps) -> None:
    """Give each workflow step its entry, at the time it was taken: for steps
    written without one (restored from an archive, which carries the steps)."""
    step_type = ContentType.objects.get_for_model(IssueTransition)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=step.action,
            actor_id=step.actor_id,
            at=step.created_at,
            issue_id=step.issue_id,
            content_type=step_type,
            object_id=str(step.pk),
            object_repr=str(step),
            comment=step.comment,
        )
        for step in steps
    )


def issue_history(issue: Issue) -> list[AuditEntry]:
    """What happened to ``issue``, newest first, each entry with its ``label``
    and ``details``: its audit entries, and nothing else."""
    entries = list(issue.audit_entries.select_related("actor").order_by("-at", "-pk"))
    for entry in entries:
        entry.label = label(entry.action)
        entry.details = details(entry)
    return entries


def details(entry: AuditEntry) -> str:
    """The details of ``entry`` worth showing beside its object, in words."""
    data = entry.data or {}
    if data.get("change_message"):
        # An admin save keeps Django's change message, put in words when shown.
        return LogEntry(change_message=json.dumps(data["change_message"])).get_change_message()
    if data.get("sections"):
        return "、".join(f"【{name}】" for name in data["sections"])
    if data.get("cumulative_number"):
        return gettext("cumulative No. %(number)s") % {"number": data["cumulative_number"]}
    if data.get("order"):
        return "、".join(data["order"])
    if entry.action == MOVE and "from" in data:
        return gettext("place %(from)s → %(to)s") % data
    if data.get("merged"):
        return gettext("merged: %(names)s") % {
            "names": "、".join(item["name"] for item in data["merged"])
        }
    return ""
