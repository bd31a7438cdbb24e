"""The editorial workflow: the states an issue moves through, who may move it, and
the record of each step.

    draft ──submit──▶ in review ──approve (签发)──▶ approved ──publish──▶ published
      ▲                  │                            │                    │
      └──────return (with the reviewer's comment)─────┘                    │
      └──────────────withdraw (with a reason)──────────────────────────────┘
                                              approved / published ──resign──▶ (same)

Signing off (``approve``) stores the issue as one immutable signed version
(``editorial.workflow.signoff``), after the registry has checked its number
(``editorial.workflow.numbering``); readers see that version. A chief editor may still
change an approved or published issue: the changes are a new draft version of
it, which readers do not see until ``resign`` signs them off.

Publishing takes a time: now, or later (a *scheduled* issue is published with a
future ``publish_at`` and becomes visible when that time comes; until then it
can be rescheduled or withdrawn). A withdrawn issue goes back to draft, so it
leaves the reading site at once and re-enters the normal flow once fixed; the
withdrawal and its reason stay in its history.

Every rule is checked here, on the server, whatever a page shows: the admin,
the views and the importer call these functions, which check the user's
permission and the issue's state and raise ``WorkflowError`` (or its
``PermissionDenied`` flavour) with a message for the user. Each step leaves an
``IssueTransition`` row (its action name, who, when, from, to, comment) and its
entry in the audit log (``editorial.workflow.audit``), in the transaction that
takes it; once it has committed, ``notifications`` emails the people it concerns.

Who may change an issue's content, in each state, is the change rule: ``rules``.

Roles are Django groups holding permissions (created by migration
``0003_roles``): 编辑 (editor) may compose drafts and submit them; 签发人
(chief editor) may also return, sign off, publish, withdraw, and change an
issue that has left draft. A role is held in an office (``editorial.offices``):
every step is allowed only in the office that publishes the issue's bulletin.
Superusers may do everything.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.content import attribution
from editorial.content.models import Article, ArticleSource, Issue
from editorial.offices import access
from editorial.workflow import audit, notifications, signoff
from editorial.workflow import numbering as registry
from editorial.workflow.models import IssueTransition

EDITORS = "编辑"
CHIEF_EDITORS = "签发人"

DRAFT = Issue.Status.DRAFT
IN_REVIEW = Issue.Status.IN_REVIEW
APPROVED = Issue.Status.APPROVED
PUBLISHED = Issue.Status.PUBLISHED


class WorkflowError(Exception):
    """A step that cannot be taken; ``message`` says why, for the user."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self) -> str:
        return str(self.message)


class WorkflowPermissionDenied(WorkflowError, PermissionDenied):
    """The user's role does not allow this step (or this change)."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the issue keeps its status
    permission: str
    comment_required: bool = False
    # Only for a published issue whose publish time is still to come.
    scheduled_only: bool = False
    # The issue must pass the pre-submission check.
    needs_complete_issue: bool = False
    # Only when the working copy differs from the signed version.
    needs_unsigned_changes: bool = False

    def starts_from(self, issue: Issue) -> bool:
        if issue.status not in self.sources:
            return False
        if self.needs_unsigned_changes and not signoff.may_have_unsigned_changes(issue):
            return False
        return not self.scheduled_only or issue.is_scheduled


SUBMIT = Transition(
    audit.SUBMIT,
    _("Submit for review"),
    (DRAFT,),
    IN_REVIEW,
    "editorial.submit_issue",
    needs_complete_issue=True,
)
RETURN = Transition(
    audit.RETURN,
    _("Return to the editors"),
    (IN_REVIEW, APPROVED),
    DRAFT,
    "editorial.return_issue",
    comment_required=True,
)
APPROVE = Transition(
    audit.APPROVE,
    _("Sign off"),
    (IN_REVIEW,),
    APPROVED,
    "editorial.approve_issue",
    needs_complete_issue=True,
)
PUBLISH = Transition(audit.PUBLISH, _("Publish"), (APPROVED,), PUBLISHED, "editorial.publish_issue")
RESCHEDULE = Transition(
    audit.RESCHEDULE,
    _("Change the publish time"),
    (PUBLISHED,),
    PUBLISHED,
    "editorial.publish_issue",
    scheduled_only=True,
)
WITHDRAW = Transition(
    audit.WITHDRAW,
    _("Withdraw"),
    (PUBLISHED,),
    DRAFT,
    "editorial.withdraw_issue",
    comment_required=True,
)

RESIGN = Transition(
    audit.RESIGN,
    _("Sign off the changes"),
    (APPROVED, PUBLISHED),
    None,
    "editorial.approve_issue",
    needs_complete_issue=True,
    needs_unsigned_changes=True,
)

TRANSITIONS = {t.name: t for t in (SUBMIT, RETURN, APPROVE, RESIGN, PUBLISH, RESCHEDULE, WITHDRAW)}
SIGNING = (APPROVE, RESIGN)


# --- Who may take a step ------------------------------------------------------


def allowed(user, permission: str, issue: Issue | None = None) -> bool:
    """Whether ``user`` holds ``permission`` in the office of ``issue`` (its
    bulletin's office; anywhere, without an issue): ``editorial.offices.access``."""
    return access.allowed(user, permission, None if issue is None else access.office_of(issue))


# --- The pre-submission check ------------------------------------------------


def problems(issue: Issue) -> list[str]:
    """What is missing before the issue can go to review, in words for the editor:
    its number and date, at least one section and no empty one, a title and a
    body for every article, an attribution that links the organizations it
    names, and a distribution list."""
    found = []
    if not issue.number:
        found.append(gettext("The issue has no number."))
    if not issue.issue_date:
        found.append(gettext("The issue has no date."))
    sections = list(issue.sections.order_by("position", "pk"))
    if not sections:
        found.append(gettext("The issue has no section yet."))
    articles = (
        Article.objects.filter(section__issue=issue)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "source_links",
                queryset=ArticleSource.objects.select_related("organization").order_by("position"),
            )
        )
    )
    by_section = {}
    for article in articles:
        by_section.setdefault(article.section_id, []).append(article)
    for section in sections:
        if section.pk not in by_section:
            # An empty heading would be printed: fill the section or delete it.
            found.append(
                gettext("【%(section)s】 has no articles yet.") % {"section": section.name}
            )
        for ordinal, article in enumerate(by_section.get(section.pk, []), 1):
            names = {"section": section.name, "ordinal": ordinal, "title": article.title}
            if not article.title.strip():
                found.append(
                    gettext("Article %(ordinal)s in 【%(section)s】 has no title.") % names
                )
            if not article.body.strip():
                found.append(gettext("“%(title)s” in 【%(section)s】 has no body text.") % names)
            if attribution.links_no_organization(article):
                found.append(
                    gettext(
                        "“%(title)s” in 【%(section)s】: its attribution （%(attribution)s） "
                        "links no organization; enter its sources."
                    )
                    % {**names, "attribution": article.source_text}
                )
    if not issue.distribution.exists():
        found.append(gettext("The distribution list (本期印发) is empty."))
    return found


def pending_return(issue: Issue) -> IssueTransition | None:
    """The return (退回) the editors are working on: the issue's latest step, while
    it is a return and the issue is a draft (the next submission ends it)."""
    if issue.status != DRAFT:
        return None
    last = issue.transitions.select_related("actor").order_by("-created_at", "-pk").first()
    return last if last is not None and last.action == RETURN.name else None


# --- Taking a step -----------------------------------------------------------


def available_transitions(issue: Issue, user) -> list[Transition]:
    """The steps this user may take from the issue's present state (for buttons)."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.starts_from(issue) and allowed(user, t.permission, issue)
    ]


def perform(issue: Issue, name: str, user, *, comment: str = "", publish_at=None):
    """Take the step ``name`` on ``issue`` as ``user``; return the recorded step.

    The issue row is locked while the rules are checked against its current
    state, so two people pressing buttons at once cannot both succeed.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError(_("Unknown workflow step “%(name)s”.") % {"name": name})
    comment = (comment or "").strip()
    if not allowed(user, transition.permission, issue):
        raise WorkflowPermissionDenied(
            _("You are not allowed to “%(action)s”.") % {"action": transition.label}
        )
    with transaction.atomic():
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        if not transition.starts_from(current):
            if transition.needs_unsigned_changes and current.status in transition.sources:
                raise WorkflowError(_("There are no changes to sign off."))
            raise WorkflowError(
                _("Cannot “%(action)s”: the issue is %(status)s.")
                % {"action": transition.label, "status": current.get_status_display()}
            )
        if transition.comment_required and not comment:
            raise WorkflowError(
                _("“%(action)s” needs a comment saying why.") % {"action": transition.label}
            )
        if transition.needs_complete_issue:
            missing = problems(current)
            if missing:
                raise WorkflowError(
                    _("The issue is not ready: %(problems)s")
                    % {"problems": " ".join(str(p) for p in missing)},
                    problems=missing,
                )
        warnings = registry.warnings_before_review(current) if transition is SUBMIT else []
        if transition is APPROVE:
            try:
                warnings = registry.check_before_signing(current)
            except registry.NumberingError as error:
                raise WorkflowError(error.message) from None
        if transition in SIGNING and not signoff.signer_name(user):
            warnings.append(
                gettext(
                    "Your printed name is not set, so the masthead names no 签发人: "
                    "set it under “My printed name” on the admin's home page."
                )
            )
        assigned = registry.assign_at_signoff(current) if transition is APPROVE else None
        now = timezone.now()
        changes = {"status": transition.target or current.status}
        if transition in SIGNING:
            changes.update(approved_by=user, approved_at=now)
        elif transition.target == DRAFT:
            # Back to the editors: the sign-off and the publish time no longer apply.
            changes.update(approved_by=None, approved_at=None, publish_at=None)
        elif transition.target == PUBLISHED:
            changes["publish_at"] = publish_at or now
        step = _move(current, changes, action=transition.name, actor=user, comment=comment, at=now)
        step.version = signoff.sign(current, user, at=now) if transition in SIGNING else None
        step.warnings = warnings
        details = {}
        if step.version is not None:
            details["version"] = step.version.sequence
        if assigned is not None:
            details["cumulative_number"] = assigned
        if transition.target == PUBLISHED:
            details["publish_at"] = changes["publish_at"].isoformat()
        audit.record(
            transition.name,
            actor=user,
            obj=step,
            issue=current,
            comment=comment,
            data=details,
            at=now,
        )
    for field, value in changes.items():
        setattr(issue, field, value)
    if assigned is not None:
        issue.cumulative_number = assigned
    if step.version is not None:
        issue.unsigned_changes = False
    issue.updated_at = current.updated_at
    notifications.issue_moved(issue, step)
    return step


def submit(issue: Issue, user, *, comment: str = ""):
    return perform(issue, SUBMIT.name, user, comment=comment)


def return_to_draft(issue: Issue, user, *, comment: str):
    return perform(issue, RETURN.name, user, comment=comment)


def approve(issue: Issue, user, *, comment: str = ""):
    return perform(issue, APPROVE.name, user, comment=comment)


def resign(issue: Issue, user, *, comment: str = ""):
    """Sign off the changes made to an approved or published issue (a new version)."""
    return perform(issue, RESIGN.name, user, comment=comment)


def publish(issue: Issue, user, *, at=None, comment: str = ""):
    """Publish now, or at ``at`` (a scheduled issue); a scheduled issue may be rescheduled."""
    name = RESCHEDULE.name if issue.status == PUBLISHED else PUBLISH.name
    return perform(issue, name, user, comment=comment, publish_at=at)


def withdraw(issue: Issue, user, *, reason: str):
    return perform(issue, WITHDRAW.name, user, comment=reason)


def _move(issue: Issue, changes: dict, *, action: str, actor, comment: str, at):
    step = IssueTransition.objects.create(
        issue=issue,
        from_status=issue.status,
        to_status=changes["status"],
        action=action,
        actor=actor,
        comment=comment,
        created_at=at,
    )
    for field, value in changes.items():
        setattr(issue, field, value)
    # A model save (not a queryset update), so that post_save listeners such
    # as the reading site's cache invalidation see every change of status.
    issue.save(update_fields=[*changes, "updated_at"])
    return step


# --- Recording without rules (the legacy importer) --------------------------


def record(
    issue: Issue,
    to_status: str,
    *,
    action: str = audit.IMPORT,
    actor=None,
    comment: str = "",
    at=None,
):
    """Move ``issue`` to ``to_status`` and record the step, without checking any rule.

    For callers that are the authority themselves (the legacy importer records
    the status an old issue already had). The caller saves nothing else.
    """
    at = at or timezone.now()
    with transaction.atomic():
        step = IssueTransition.objects.create(
            issue=issue,
            from_status=issue.status if issue.pk else "",
            to_status=to_status,
            action=action,
            actor=actor,
            comment=comment,
            created_at=at,
        )
        issue.status = to_status
        # A save (not an update()): readers' pages follow the new status.
        issue.save(update_fields=["status", "updated_at"])
        audit.record(action, actor=actor, obj=step, issue=issue, comment=comment, at=at)
    return step


def record_created(
    issue: Issue, *, action: str = audit.CREATE, actor=None, comment: str = "", at=None
):
    """Record that ``issue`` came into being in its current status: ``action`` says
    how (created in the admin, imported, started from the previous issue)."""
    at = at or timezone.now()
    # (No savepoint in the caller's transaction: both rows are written or it fails.)
    with transaction.atomic(savepoint=False):
        step = IssueTransition.objects.create(
            issue=issue,
            from_status="",
            to_status=issue.status,
            action=action,
            actor=actor,
            comment=comment,
            created_at=at,
        )
        audit.record(action, actor=actor, obj=step, issue=issue, comment=comment, at=at)
    return step
