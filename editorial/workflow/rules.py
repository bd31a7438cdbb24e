"""The change rule: who may change an issue, or anything in it.

One question, asked by every door that writes an issue's content — the admin's
add, change and delete pages and their inlines, bulk actions, the move and
reorder buttons, restoring a revision, tags, corrections and the commands::

    may_change(user, issue)

Every role is held in an office (``editorial.offices.access``): each question
below is asked in the office that publishes the issue's bulletin, so an editor
of one office may change nothing of another's.

Drafts are open to the editors (编辑 and 签发人 hold ``editorial.change_issue``;
composing a section, an article, its sources, the distribution list or the
order is changing the issue). Once an issue has left draft — in review,
signed off (签发) or published — only a chief editor
(``editorial.edit_published_issue``) or a superuser may change it; readers do
not see such a change until it is signed off. Which kinds of object a user may
add, change or delete (sections, articles, sources) stays Django's model
permissions, which the admin checks as usual: this rule is about the issue
they belong to.

Nothing moves from one issue into another unless the user may change both
(``may_move``). The admin offers no such move: a section's issue is fixed once
it exists, and an article's section is one of its own issue's.

Reference data is part of every issue that names it: renaming, merging or
deleting an organization (or one of its aliases), a unit on distribution lists
(a recipient) or a tag changes what each issue whose working copy credits,
lists or carries it would print, and marks it as having unsigned changes. So
each of those doors asks ``may_change_all`` of ``issues_naming`` them. The
reader's copy is not touched: it keeps the names as signed until each issue is
signed again.

Deleting an issue (``may_delete``) is narrower: never a published one (it is
withdrawn), and only by those who may change it.

A correction (更正) is the one change a published issue takes without a new
version: it is attached beside a published article by those holding
``editorial.add_correction`` (签发人), and by no one to an issue that is not
published (``may_correct``).
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Issue
from editorial.workflow.transitions import WorkflowPermissionDenied, allowed

CHANGE_ISSUES = "editorial.change_issue"
# Changing an issue (or its sections and articles) once it has left draft.
EDIT_PUBLISHED = "editorial.edit_published_issue"
CORRECT = "editorial.add_correction"


def may_change(user, issue: Issue) -> bool:
    """Whether ``user`` may change ``issue`` or anything in it."""
    if not allowed(user, CHANGE_ISSUES, issue):
        return False
    return issue.status == Issue.Status.DRAFT or allowed(user, EDIT_PUBLISHED, issue)


def ensure_may_change(user, issue: Issue) -> None:
    """Raise ``WorkflowPermissionDenied``, saying why, unless ``may_change``."""
    if may_change(user, issue):
        return
    if not allowed(user, CHANGE_ISSUES):
        raise WorkflowPermissionDenied(_("You are not allowed to change issues."))
    if not allowed(user, CHANGE_ISSUES, issue):
        raise WorkflowPermissionDenied(
            _("%(issue)s belongs to another office's bulletin: only its editors can change it.")
            % {"issue": issue}
        )
    raise WorkflowPermissionDenied(
        _(
            "%(issue)s is %(status)s: only a chief editor can change it now. "
            "Ask for it to be returned to draft."
        )
        % {"issue": issue, "status": issue.get_status_display()}
    )


def may_change_now(user, issue: Issue) -> bool:
    """``may_change``, asked by a door: inside the transaction that writes (the
    admin's change, delete and add pages run in one), of the issue's row locked
    and read afresh, so a step taken since the page was read is seen and none
    can slip in before the write commits; outside one, of ``issue`` as given."""
    if issue.pk is not None and transaction.get_connection().in_atomic_block:
        locked = Issue.objects.select_for_update().filter(pk=issue.pk)
        status = locked.values_list("status", flat=True).first()
        if status is not None:
            issue.status = status
    return may_change(user, issue)


def ensure_may_change_locked(user, issue: Issue) -> Issue:
    """``ensure_may_change``, asked of the issue's row read afresh and locked until
    the transaction that writes ends, so that no step (a sign-off, say) slips in
    between the question and the write. Call it inside that transaction; returns
    the locked row."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Ask the change rule inside the transaction that writes.")
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    ensure_may_change(user, locked)
    return locked


def issues_naming(*, organizations=(), recipients=(), tags=()) -> QuerySet[Issue]:
    """The issues whose working copy credits one of ``organizations``, sends to
    one of ``recipients`` or tags an article with one of ``tags`` (objects or
    ids): what renaming, merging or deleting them changes."""
    named = Q(pk__in=[])
    if organizations:
        named |= Q(sections__articles__source_links__organization__in=organizations)
    if recipients:
        named |= Q(distribution__recipient__in=recipients)
    if tags:
        named |= Q(sections__articles__tags__in=tags)
    return Issue.objects.filter(named).distinct().order_by("year", "number")


def refused(user, issues) -> list[Issue]:
    """Those of ``issues`` that ``user`` may not change; inside the transaction
    that writes, asked of their rows locked (in the order of their ids)."""
    if isinstance(issues, QuerySet) and transaction.get_connection().in_atomic_block:
        issues = Issue.objects.select_for_update().filter(pk__in=issues.values("pk")).order_by("pk")
    return [issue for issue in issues if not may_change(user, issue)]


def may_change_all(user, issues) -> bool:
    """Whether ``user`` may change every one of ``issues``."""
    return not refused(user, issues)


def may_delete(user, issue: Issue) -> bool:
    """Whether ``user`` may delete ``issue``: never a published one (it is
    withdrawn), and only one ``user`` may change."""
    return issue.status != Issue.Status.PUBLISHED and may_change(user, issue)


def may_move(user, source: Issue, target: Issue) -> bool:
    """Whether ``user`` may move something from ``source`` into ``target``."""
    return may_change(user, source) and may_change(user, target)


def may_correct(user, issue: Issue) -> bool:
    """Whether ``user`` may attach (or change) a correction to an article of ``issue``."""
    return issue.status == Issue.Status.PUBLISHED and allowed(user, CORRECT, issue)
