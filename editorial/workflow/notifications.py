"""Emails: each workflow step to the people it concerns, and new issues to subscribers.

Workflow steps
    ``workflow.perform`` calls ``issue_moved(issue, step)`` after every step; the
    step's action name (``step.action``) says which emails it sends. Once
    the step has committed (never for one rolled back), the people concerned get
    an email through Django's email framework (``EMAIL_BACKEND``: the console in
    development, SMTP by configuration):

    submitted            → the chief editors (签发人) of the issue's office, to sign it off;
    returned, withdrawn  → the editors concerned, with the comment;
    signed off, published→ the editors concerned.

    *The editors concerned* are those who created, edited or submitted the issue
    or its articles (its workflow history and its revisions); whoever took the
    step is not told about it.

New issues
    Staff may subscribe (``Subscription``, a button on the admin index) and stop
    by the link in any issue's e-mail (``unsubscribe``: the address is listed in
    ``Unsubscribed`` until it subscribes again). The issue itself is e-mailed to
    its subscribers and units outside any request, by
    ``editorial.output.mailing`` (the ``send_issue_mail`` command).

"Waiting for me"
    ``waiting_for(user)``: what the admin index lists for this user — issues to
    sign off or publish for a chief editor, returned drafts for an editor, each
    in the offices where their role holds that step.

Entry points: ``issue_moved``, ``set_subscribed``, ``unsubscribe``, ``waiting_for``.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reversion.models import Version

from editorial.content.models import Article, Issue
from editorial.content.people import person_name
from editorial.offices import access
from editorial.workflow import audit
from editorial.workflow.models import IssueTransition, Subscription, Unsubscribed

logger = logging.getLogger("editorial.workflow.notifications")

DRAFT = Issue.Status.DRAFT
IN_REVIEW = Issue.Status.IN_REVIEW
APPROVED = Issue.Status.APPROVED
PUBLISHED = Issue.Status.PUBLISHED

SIGN_OFF_PERMISSION = "editorial.approve_issue"
PUBLISH_PERMISSION = "editorial.publish_issue"
SUBMIT_PERMISSION = "editorial.submit_issue"
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# --- Addresses --------------------------------------------------------------------


def site_url(path: str) -> str:
    """An absolute link for an email (``SITE_URL`` is the site's address)."""
    return settings.SITE_URL.rstrip("/") + path


def _reachable(users):
    return [user for user in users if user.is_active and user.email]


def chief_editors(issue: Issue):
    """Who may sign off ``issue`` (签发人 of its bulletin's office); superusers only
    when no one holds the role there."""
    User = get_user_model()
    holders = User.objects.with_perm(
        SIGN_OFF_PERMISSION, include_superusers=False, backend=_MODEL_BACKEND
    )
    office = access.office_of(issue)
    found = [
        user
        for user in _reachable(holders.order_by("pk"))
        if access.allowed(user, SIGN_OFF_PERMISSION, office)
    ]
    if not found:
        found = _reachable(User.objects.filter(is_superuser=True).order_by("pk"))
    return found


# The steps of the people who made an issue (besides editing it).
MAKING_STEPS = [audit.CREATE, audit.IMPORT, audit.FROM_PREVIOUS, audit.SUBMIT]


def editors_concerned(issue: Issue):
    """Who created, edited or submitted the issue or its articles."""
    user_ids = set(
        IssueTransition.objects.filter(issue=issue, action__in=MAKING_STEPS)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    article_ids = [
        str(pk) for pk in Article.objects.filter(section__issue=issue).values_list("pk", flat=True)
    ]
    revisions = Version.objects.get_for_object(issue).values_list("revision__user_id", flat=True)
    user_ids.update(revisions)
    if article_ids:
        user_ids.update(
            Version.objects.get_for_model(Article)
            .filter(object_id__in=article_ids)
            .values_list("revision__user_id", flat=True)
        )
    user_ids.discard(None)
    return _reachable(get_user_model().objects.filter(pk__in=user_ids).order_by("pk"))


# --- Building and sending ----------------------------------------------------------


def _message(template: str, subject: str, context: dict, to) -> EmailMultiAlternatives:
    """One email: the plain text, and the same as (autoescaped) HTML."""
    context = {**context, "recipient": to}
    text = render_to_string(f"editorial/email/{template}.txt", context)
    html = render_to_string(f"editorial/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # no line breaks in a header
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(messages: list) -> int:
    if not messages:
        return 0
    connection = get_connection()
    return connection.send_messages(messages) or 0


def _issue_links(issue: Issue) -> dict:
    return {
        "issue_url": site_url(issue.get_absolute_url()),
        "admin_url": site_url(reverse("admin:editorial_issue_change", args=[issue.pk])),
    }


# --- Workflow steps -----------------------------------------------------------------


def issue_moved(issue: Issue, step: IssueTransition) -> None:
    """The workflow's hook: once ``step`` has committed, email whoever it concerns."""
    issue_id, step_id = issue.pk, step.pk
    transaction.on_commit(lambda: _after_step(issue_id, step_id))


def _after_step(issue_id, step_id) -> None:
    step = IssueTransition.objects.select_related("issue", "actor").filter(pk=step_id).first()
    if step is None:
        return
    issue = step.issue
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _send(step_messages(issue, step))
    except Exception:
        # The step stands whatever the mail server says; the log tells the admin.
        logger.exception("could not send the emails about %s (step %s)", issue, step_id)


# The email each step sends (templates editorial/email/step_<kind>); a re-sign or a
# new publish time sends none.
STEP_EMAILS = {
    audit.SUBMIT: "submitted",
    audit.RETURN: "returned",
    audit.WITHDRAW: "withdrawn",
    audit.APPROVE: "approved",
    audit.PUBLISH: "published",
}


def step_messages(issue: Issue, step: IssueTransition) -> list[EmailMultiAlternatives]:
    """The emails one workflow step sends, one per person concerned."""
    kind = STEP_EMAILS.get(step.action)
    if kind is None:
        return []
    people = chief_editors(issue) if kind == "submitted" else editors_concerned(issue)
    people = [person for person in people if person.pk != step.actor_id]
    names = {"issue": issue}
    subjects = {
        "submitted": _("%(issue)s is waiting for your sign-off") % names,
        "returned": _("%(issue)s was returned to the editors") % names,
        "withdrawn": _("%(issue)s was withdrawn from the site") % names,
        "approved": _("%(issue)s was signed off") % names,
        "published": _("%(issue)s is published") % names,
    }
    if kind == "published" and issue.is_scheduled:
        subjects["published"] = _("%(issue)s is scheduled for publication") % names
    context = {
        "issue": issue,
        "bulletin": issue.bulletin,
        "step": step,
        "actor": person_name(step.actor),
        "comment": step.comment,
        "scheduled": issue.is_scheduled,
        **_issue_links(issue),
    }
    return [_message(f"step_{kind}", subjects[kind], context, person) for person in people]


# --- Subscriptions ----------------------------------------------------------------


def is_subscribed(user) -> bool:
    return bool(user.is_authenticated and Subscription.objects.filter(user=user).exists())


def set_subscribed(user, subscribed: bool) -> None:
    if subscribed:
        Subscription.objects.get_or_create(user=user)
        if user.email:
            Unsubscribed.objects.filter(address__iexact=user.email).delete()
    else:
        Subscription.objects.filter(user=user).delete()


def unsubscribe(address: str) -> None:
    """No more issues by e-mail to ``address`` (subscribed, or staff of a unit on
    the lists), until its owner subscribes again."""
    Unsubscribed.objects.get_or_create(address=address.strip().lower())
    Subscription.objects.filter(user__email__iexact=address).delete()


def unsubscribed_addresses() -> set[str]:
    return {address.lower() for address in Unsubscribed.objects.values_list("address", flat=True)}


# --- "Waiting for me" ---------------------------------------------------------------


@dataclass
class Waiting:
    """What is waiting for one user, by what they would do next."""

    to_sign_off: list = field(default_factory=list)
    to_publish: list = field(default_factory=list)
    returned: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_sign_off or self.to_publish or self.returned)


def waiting_for(user) -> Waiting:
    """Issues in review for a chief editor (and signed off, to publish); returned or
    withdrawn drafts, with the reason, for an editor."""
    waiting = Waiting()
    if not user.is_active:
        return waiting

    def where(permission):
        offices = access.offices_where(user, permission)
        issues = Issue.objects.all()
        return issues if offices is None else issues.filter(bulletin__office__in=offices)

    if access.allowed(user, SIGN_OFF_PERMISSION):
        waiting.to_sign_off = list(
            where(SIGN_OFF_PERMISSION).filter(status=IN_REVIEW).order_by("updated_at")
        )
    if access.allowed(user, PUBLISH_PERMISSION):
        waiting.to_publish = list(
            where(PUBLISH_PERMISSION).filter(status=APPROVED).order_by("updated_at")
        )
    if access.allowed(user, SUBMIT_PERMISSION):
        last_step = IssueTransition.objects.filter(issue=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        waiting.returned = list(
            where(SUBMIT_PERMISSION)
            .filter(status=DRAFT)
            .annotate(
                last_action=Subquery(last_step.values("action")[:1]),
                last_comment=Subquery(last_step.values("comment")[:1]),
            )
            .filter(last_action__in=[audit.RETURN, audit.WITHDRAW])
            .order_by("-updated_at")
        )
    return waiting
