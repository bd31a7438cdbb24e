"""The one write path of a submission's life: an officer submits, resubmits or
withdraws it; the office adopts (alone or merged with others), returns it for
revision, or declines it; an adopted item is forwarded upward and adopted there;
and when the article it was adopted into is deleted, the adoption is undone
(``undo_adoptions``, called by whatever deletes the article).

Each step, in one transaction, changes the submission, keeps a ``Decision``
with its comment, and leaves an audit record (``editorial.workflow.audit``);
the office's decisions are e-mailed to the unit's officers once committed.
A submission goes to the inbox of the office its unit reports to; only those
who handle submissions in that office decide on it (``rules.ensure_may_handle``,
asked of the locked rows). Adopting writes an article into an issue, so it asks
the change rule first, and takes items only into their own office's bulletins.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from editorial.content import attribution
from editorial.content.images import store_picture
from editorial.content.models import Article, ArticleImage, Section, join_paragraphs
from editorial.content.ordering import next_position
from editorial.offices import access
from editorial.submissions import attachments, emails, rules
from editorial.submissions.models import Attachment, Decision, Forwarding, Submission
from editorial.workflow import audit
from editorial.workflow.rules import ensure_may_change_locked

AUDIT_ACTIONS = {
    Decision.Action.SUBMIT: audit.REPORT,
    Decision.Action.RESUBMIT: audit.RESUBMIT,
    Decision.Action.WITHDRAW: audit.WITHDRAW_SUBMISSION,
    Decision.Action.ADOPT: audit.ADOPT,
    Decision.Action.RETURN: audit.RETURN_SUBMISSION,
    Decision.Action.DECLINE: audit.DECLINE,
    Decision.Action.ARTICLE_DELETED: audit.ADOPTION_UNDONE,
}
OFFICE_ACTIONS = {
    Decision.Action.ADOPT,
    Decision.Action.RETURN,
    Decision.Action.DECLINE,
    Decision.Action.ARTICLE_DELETED,
}


# What an officer writes of a submission; what an adoption writes.
OFFICER_FIELDS = ("title", "subtitle", "body", "suggested_kind", "authors", "contact_phone")
ADOPTION_FIELDS = ("status", "article", "adopted_as", "adopted_on", "seen_at")


def _decide(submission, action, user, *, comment="", issue=None, data=None) -> Decision:
    decision = Decision.objects.create(
        submission=submission, action=action, actor=user, comment=comment
    )
    audit.record(
        AUDIT_ACTIONS[action],
        actor=user,
        obj=submission,
        issue=issue,
        comment=comment,
        data={"unit": submission.unit.name, **(data or {})},
    )
    if action in OFFICE_ACTIONS:
        emails.decision_made(submission, decision)
    return decision


def _ensure_handler(user) -> None:
    if not rules.may_handle(user):
        raise PermissionDenied(_("You are not allowed to decide on submissions."))


def _locked(submissions, *, allowed, handler=None) -> list[Submission]:
    """The submissions, locked, in the order given; refused unless each is in
    ``allowed`` and, with a ``handler``, in an office where they decide."""
    pks = [submission.pk for submission in submissions]
    rows = Submission.objects.select_for_update().select_related("unit").in_bulk(pks)
    locked = [rows[pk] for pk in pks if pk in rows]
    for submission in locked:
        if handler is not None:
            rules.ensure_may_handle(handler, submission)
        if submission.status not in allowed:
            raise ValidationError(
                _("“%(title)s” is %(status)s and cannot take this step.")
                % {"title": submission.title, "status": submission.get_status_display()}
            )
    return locked


# --- The officer's steps -------------------------------------------------------------


@transaction.atomic
def submit(submission: Submission, user) -> Submission:
    """Save a new submission from ``user`` (an officer of its unit) in the inbox of
    the office its unit reports to; refused, saving nothing, when it reports to none."""
    office_id = submission.unit.reports_to_id
    if office_id is None:
        raise ValidationError(
            _(
                "%(unit)s reports to no office yet, so there is no inbox to send this to, "
                "and nothing was submitted. Ask the office to set the office your unit "
                "reports to, then submit again."
            )
            % {"unit": submission.unit.name}
        )
    submission.office_id = office_id
    submission.submitted_by = user
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save()
    _decide(submission, Decision.Action.SUBMIT, user)
    return submission


@transaction.atomic
def resubmit(submission: Submission, user) -> Submission:
    """A returned submission, revised, goes back to the office's inbox as unread."""
    [submission] = _locked([submission], allowed=[Submission.Status.RETURNED])
    submission.status = Submission.Status.RESUBMITTED
    submission.seen_at = None
    submission.save(update_fields=["status", "seen_at", "updated_at"])
    _decide(submission, Decision.Action.RESUBMIT, user)
    return submission


@transaction.atomic
def revise(submission: Submission, user, text: dict) -> Submission:
    """The officer's edit: ``text`` (the fields the officer writes, ``OFFICER_FIELDS``)
    saved on the row read afresh and locked, while it is still the officer's to
    change, and nothing else of it — so an edit saved while the office adopts the
    item never undoes the adoption. A returned submission is resubmitted."""
    [submission] = _locked([submission], allowed=Submission.OPEN_TO_OFFICER)
    unknown = set(text) - set(OFFICER_FIELDS)
    if unknown:
        raise ValueError(f"Not the officer's to write: {sorted(unknown)}")
    for name, value in text.items():
        setattr(submission, name, value)
    submission.save(update_fields=[*text, "updated_at"])
    if submission.status == Submission.Status.RETURNED:
        resubmit(submission, user)
    return submission


@transaction.atomic
def withdraw(submission: Submission, user) -> None:
    _locked([submission], allowed=Submission.OPEN_TO_OFFICER)
    submission.status = Submission.Status.WITHDRAWN
    submission.save(update_fields=["status", "updated_at"])
    _decide(submission, Decision.Action.WITHDRAW, user)


# --- The office's decisions ----------------------------------------------------------


def adopt(
    submissions,
    *,
    section: Section,
    kind: str,
    user,
    title: str = "",
    comment: str = "",
) -> Article:
    """Adopt one submission, or several merged, into ``section`` as one new article.

    The article takes the text as submitted (merged ones one after another; a
    roundup of 简讯 under each item's title), the units as its sources in
    order, and the authors as its byline (an article) or credit (a 简讯). Each
    submission is counted as adopted, as ``kind``, today. ``user`` must handle
    submissions in each one's office, which must be the office of the section's
    issue; the change rule decides whether ``user`` may add to that issue.
    """
    _ensure_handler(user)
    submissions = list(submissions)
    if not submissions:
        raise ValidationError(_("Select at least one submission."))
    with transaction.atomic():
        issue = ensure_may_change_locked(user, section.issue)
        locked = _locked(submissions, allowed=Submission.WAITING, handler=user)
        office = access.office_of(issue)
        for submission in locked:
            if submission.office_id != office:
                raise ValidationError(
                    _(
                        "“%(title)s” was sent to %(office)s: it can be adopted only into "
                        "that office's bulletins."
                    )
                    % {"title": submission.title, "office": submission.office}
                )
        article = Article.objects.create(
            section=section,
            position=next_position(Article, section=section),
            kind=kind,
            **_article_text(locked, kind=kind, title=title),
        )
        attribution.link(article, list(dict.fromkeys(submission.unit for submission in locked)))
        photos_into_article(locked, article)
        today = timezone.localdate()
        for submission in locked:
            submission.status = Submission.Status.ADOPTED
            submission.article = article
            submission.adopted_as = kind
            submission.adopted_on = today
            submission.seen_at = submission.seen_at or timezone.now()
            submission.save(update_fields=[*ADOPTION_FIELDS, "updated_at"])
            _decide(
                submission,
                Decision.Action.ADOPT,
                user,
                comment=comment,
                issue=issue,
                data={"article": article.pk, "merged": len(locked) > 1},
            )
    return article


def photos_into_article(submissions, article: Article) -> list[ArticleImage]:
    """The submissions' photos, in order, become ``article``'s pictures (the editor
    deletes any not wanted on the article's page). Each is checked again as an
    upload is (``attachments.check_upload``) and stored as pictures are
    (``content.images.store_picture``); a file that fails the check, or is gone
    from storage, is left out: the article is adopted all the same."""
    photos = Attachment.objects.filter(
        submission__in=submissions, kind=Attachment.Kind.PHOTO
    ).order_by("submission__submitted_at", "submission_id", "uploaded_at", "pk")
    pictures = []
    for photo in photos:
        try:
            with photo.file.open("rb") as handle:
                if attachments.check_upload(handle).kind != Attachment.Kind.PHOTO:
                    continue
                handle.seek(0)
                data = handle.read()
        except (OSError, ValidationError):
            continue
        with Image.open(io.BytesIO(data)) as image:
            content_type = Image.MIME[image.format]
        pictures.append(
            ArticleImage.objects.create(
                article=article,
                position=len(pictures) + 1,
                file=store_picture(data, content_type),
            )
        )
    return pictures


def _article_text(submissions, *, kind: str, title: str) -> dict:
    authors = "、".join(
        dict.fromkeys(
            name for submission in submissions for name in submission.authors.split() if name
        )
    )
    first = submissions[0]
    if len(submissions) == 1:
        body = first.body
    else:
        parts = []
        for submission in submissions:
            if kind == Article.Kind.BRIEF:
                parts.append("◆" + submission.title)
            parts.extend(submission.paragraphs)
        body = join_paragraphs(parts)
    return {
        "title": title or first.title,
        "subtitle": first.subtitle if len(submissions) == 1 else "",
        "body": body,
        "byline": authors if kind == Article.Kind.ARTICLE else "",
        "credit": authors if kind == Article.Kind.BRIEF else "",
        "source_text": "、".join(dict.fromkeys(submission.unit.name for submission in submissions)),
    }


@transaction.atomic
def undo_adoptions(articles, user) -> list[Submission]:
    """``articles`` (a queryset) are about to be deleted by ``user``: undo the
    adoptions they hold.

    Each submission adopted into one of them (every item of a merged roundup)
    goes back to the office's inbox, waiting and unread, and no longer counts
    or scores as adopted; its ``Decision`` and audit record name the article,
    its issue and who deleted it, and the unit's officers are e-mailed. Call it
    in the deletion's transaction, before the delete (which forgets the link),
    from the place that deletes: the change rule has already let ``user`` do so.
    """
    deleted = {article.pk: article for article in articles.select_related("section__issue")}
    adopted = (
        Submission.objects.select_for_update()
        .select_related("unit")
        .filter(article__in=list(deleted), status=Submission.Status.ADOPTED)
        .order_by("pk")
    )
    undone = []
    for submission in adopted:
        article = deleted[submission.article_id]
        issue = article.section.issue
        submission.status = Submission.Status.SUBMITTED
        submission.article = None
        submission.adopted_as = ""
        submission.adopted_on = None
        submission.seen_at = None
        submission.save()
        _decide(
            submission,
            Decision.Action.ARTICLE_DELETED,
            user,
            comment=_(
                "The article “%(title)s” made from it was deleted from %(issue)s; "
                "it is back with the office."
            )
            % {"title": article.title, "issue": issue},
            issue=issue,
            data={"article": article.pk, "title": article.title},
        )
        undone.append(submission)
    return undone


def return_for_revision(submission: Submission, user, *, comment: str) -> None:
    _settle(
        submission,
        user,
        comment,
        status=Submission.Status.RETURNED,
        action=Decision.Action.RETURN,
        missing=_("Say what should be revised."),
    )


def decline(submission: Submission, user, *, reason: str) -> None:
    _settle(
        submission,
        user,
        reason,
        status=Submission.Status.DECLINED,
        action=Decision.Action.DECLINE,
        missing=_("Give the reason it is not adopted."),
    )


@transaction.atomic
def _settle(submission: Submission, user, comment: str, *, status, action, missing) -> None:
    """Send a waiting submission back with ``comment`` (said to its officer), which
    may not be empty (``missing`` says so), and record the decision."""
    _ensure_handler(user)
    if not comment.strip():
        raise ValidationError(missing)
    _locked([submission], allowed=Submission.WAITING, handler=user)
    submission.status = status
    submission.seen_at = submission.seen_at or timezone.now()
    submission.save()
    _decide(submission, action, user, comment=comment)


# --- Forwarding upward (上报) --------------------------------------------------------


@transaction.atomic
def forward(submission: Submission, publication, user, *, on=None) -> Forwarding:
    """Record that the adopted ``submission`` was forwarded to ``publication``."""
    rules.ensure_may_handle(user, submission)
    if not submission.is_adopted:
        raise ValidationError(_("Only an adopted item can be forwarded upward."))
    forwarding, _created = Forwarding.objects.get_or_create(
        submission=submission,
        publication=publication,
        defaults={"forwarded_on": on or timezone.localdate()},
    )
    audit.record(
        audit.FORWARD,
        actor=user,
        obj=submission,
        data={"publication": publication.name, "on": str(forwarding.forwarded_on)},
    )
    return forwarding


@transaction.atomic
def amend_forwarding(forwarding: Forwarding, user, *, submission, publication, on) -> Forwarding:
    """Correct a recorded forwarding: the item, the publication or the day it was sent."""
    rules.ensure_may_handle(user, forwarding.submission)
    rules.ensure_may_handle(user, submission)
    if not submission.is_adopted:
        raise ValidationError(_("Only an adopted item can be forwarded upward."))
    forwarding.submission = submission
    forwarding.publication = publication
    forwarding.forwarded_on = on
    forwarding.save(update_fields=["submission", "publication", "forwarded_on"])
    audit.record(
        audit.FORWARD,
        actor=user,
        obj=submission,
        data={"publication": publication.name, "on": str(on), "amended": True},
    )
    return forwarding


@transaction.atomic
def adopted_upward(forwarding: Forwarding, user, *, on, kind: str) -> Forwarding:
    """Record that the publication forwarded to adopted the item, on ``on``, as ``kind``
    (``on`` None: it did not, after all)."""
    rules.ensure_may_handle(user, forwarding.submission)
    forwarding.adopted_on = on
    forwarding.adopted_as = kind
    forwarding.save()
    audit.record(
        audit.ADOPTED_UPWARD,
        actor=user,
        obj=forwarding.submission,
        data={"publication": forwarding.publication.name, "on": str(on), "kind": kind},
    )
    return forwarding


@transaction.atomic
def delete_forwarding(forwarding: Forwarding, user) -> None:
    """Delete a forwarding recorded by mistake, with its entry in the audit log."""
    rules.ensure_may_handle(user, forwarding.submission)
    audit.record(
        audit.FORWARDING_DELETED,
        actor=user,
        obj=forwarding.submission,
        data={"publication": forwarding.publication.name, "on": str(forwarding.forwarded_on)},
    )
    forwarding.delete()
