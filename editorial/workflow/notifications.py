"""Emails: each workflow step to the people it concerns, and new issues to subscribers.

Workflow steps
    ``workflow.perform`` calls ``issue_moved(issue, step)`` after every step; the
    step's action name (``step.action``) says which emails it sends. Once
    the step has committed (never for one rolled back), the people concerned get
    an email through Django's email framework (``EMAIL_BACKEND``: the console in
    development, SMTP by configuration):

    submitted            → the chief editors (签发人), to sign it off;
    returned, withdrawn  → the editors concerned, with the comment;
    signed off, published→ the editors concerned.

    *The editors concerned* are those who created, edited or submitted the issue
    or its articles (its workflow history and its revisions); whoever took the
    step is not told about it.

New issues
    Staff may subscribe (``Subscription``, a button on the admin index). When an
    issue goes live its subscribers who may read it get its table of contents
    with links, as its readers see it (``editorial.signed.readers``) — once per
    issue (``PublicationNotice``). Publishing now sends at
    once; a scheduled issue goes live without any request, so the
    ``send_publication_notices`` command (run from cron every few minutes) sends
    what is due. Both paths claim the issue's notice row first, so an issue is
    announced once even when they meet.

"Waiting for me"
    ``waiting_for(user)``: what the admin index lists for this user — issues to
    sign off or publish for a chief editor, returned drafts for an editor.

Entry points: ``issue_moved``, ``send_publication_notice``,
``send_due_publication_notices``, ``waiting_for``.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Version

from editorial.content.models import Article, Issue
from editorial.signed import readers
from editorial.workflow import audit
from editorial.workflow.models import IssueTransition, PublicationNotice, Subscription

logger = logging.getLogger("editorial.workflow.notifications")

DRAFT = Issue.Status.DRAFT
IN_REVIEW = Issue.Status.IN_REVIEW
APPROVED = Issue.Status.APPROVED
PUBLISHED = Issue.Status.PUBLISHED

SIGN_OFF_PERMISSION = "editorial.approve_issue"
PUBLISH_PERMISSION = "editorial.publish_issue"
SUBMIT_PERMISSION = "editorial.submit_issue"
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# A scheduled issue is announced by the command when it goes live; one that went
# live longer ago than this (say, before subscriptions existed) is not.
NOTICE_MAX_AGE = timedelta(days=7)


# --- Addresses --------------------------------------------------------------------


def site_url(path: str) -> str:
    """An absolute link for an email (``SITE_URL`` is the site's address)."""
    return settings.SITE_URL.rstrip("/") + path


def _reachable(users):
    return [user for user in users if user.is_active and user.email]


def chief_editors():
    """Who may sign off issues (签发人); superusers only when no one holds the role."""
    User = get_user_model()
    holders = User.objects.with_perm(
        SIGN_OFF_PERMISSION, include_superusers=False, backend=_MODEL_BACKEND
    )
    found = _reachable(holders.order_by("pk"))
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
    context = {**context, "bulletin": settings.BULLETIN, "recipient": to}
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
    if issue.status == PUBLISHED and issue.publish_at <= timezone.now():
        send_publication_notice(issue)


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
    people = chief_editors() if kind == "submitted" else editors_concerned(issue)
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
        "step": step,
        "actor": step.actor,
        "comment": step.comment,
        "scheduled": issue.is_scheduled,
        **_issue_links(issue),
    }
    return [_message(f"step_{kind}", subjects[kind], context, person) for person in people]


# --- New issues to subscribers ------------------------------------------------------


def subscribers_who_may_read(issue: Issue):
    """Active subscribers with an address for whom ``issue`` is on the site."""
    users = (
        get_user_model()
        .objects.filter(issue_subscription__isnull=False, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    return [user for user in users if issue.is_visible_to(user)]


def _contents(issue: Issue) -> Issue | None:
    """``issue`` as its readers see it — its reader's copy, masthead and table of
    contents as signed — or None if it was never signed off."""
    return readers.table_of_contents(issue)


def send_publication_notice(issue: Issue) -> int:
    """Tell the subscribers about ``issue`` if nobody has yet; returns the emails sent.

    The notice row is claimed inside the transaction that sends: a failure to
    send leaves the issue unannounced (the command tries again), and two senders
    at once meet at the row's unique issue.
    """
    try:
        with transaction.atomic():
            notice, created = PublicationNotice.objects.get_or_create(issue=issue)
            if not created:
                return 0
            with translation.override(settings.LANGUAGE_CODE):
                messages = _publication_messages(issue)
            sent = _send(messages)
            notice.recipient_count = sent
            notice.sent_at = timezone.now()
            notice.save(update_fields=["recipient_count", "sent_at"])
    except IntegrityError:
        return 0
    except Exception:
        logger.exception("could not tell the subscribers about %s", issue)
        return 0
    return sent


def _publication_messages(issue: Issue) -> list[EmailMultiAlternatives]:
    shown = _contents(issue)
    if shown is None:
        return []
    subject = _("New issue: %(issue)s") % {"issue": shown}
    sections = [
        (
            section,
            [(article, site_url(article.get_absolute_url())) for article in section.articles.all()],
        )
        for section in shown.sections.all()
    ]
    messages = []
    for user in subscribers_who_may_read(issue):
        context = {
            "issue": shown,
            "sections": sections,
            "unsubscribe_url": site_url(reverse("admin:index")),
            **_issue_links(shown),
        }
        messages.append(_message("new_issue", subject, context, user))
    return messages


def issues_due_for_notice(max_age: timedelta = NOTICE_MAX_AGE):
    """Issues published through the workflow that went live lately and were not announced."""
    now = timezone.now()
    published_by_workflow = IssueTransition.objects.filter(
        from_status=APPROVED, to_status=PUBLISHED
    ).values("issue_id")
    return (
        Issue.objects.live()
        .filter(
            publish_at__gte=now - max_age,
            publication_notice__isnull=True,
            pk__in=published_by_workflow,
        )
        .order_by("publish_at")
    )


def send_due_publication_notices(max_age: timedelta = NOTICE_MAX_AGE) -> dict:
    """Announce every issue due (the ``send_publication_notices`` command)."""
    announced = {}
    for issue in issues_due_for_notice(max_age):
        announced[str(issue)] = send_publication_notice(issue)
    return announced


def is_subscribed(user) -> bool:
    return bool(user.is_authenticated and Subscription.objects.filter(user=user).exists())


def set_subscribed(user, subscribed: bool) -> None:
    if subscribed:
        Subscription.objects.get_or_create(user=user)
    else:
        Subscription.objects.filter(user=user).delete()


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
    if user.has_perm(SIGN_OFF_PERMISSION):
        waiting.to_sign_off = list(Issue.objects.filter(status=IN_REVIEW).order_by("updated_at"))
    if user.has_perm(PUBLISH_PERMISSION):
        waiting.to_publish = list(Issue.objects.filter(status=APPROVED).order_by("updated_at"))
    if user.has_perm(SUBMIT_PERMISSION):
        last_step = IssueTransition.objects.filter(issue=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        waiting.returned = list(
            Issue.objects.filter(status=DRAFT)
            .annotate(
                last_action=Subquery(last_step.values("action")[:1]),
                last_comment=Subquery(last_step.values("comment")[:1]),
            )
            .filter(last_action__in=[audit.RETURN, audit.WITHDRAW])
            .order_by("-updated_at")
        )
    return waiting
