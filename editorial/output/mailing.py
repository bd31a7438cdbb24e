"""The issue itself by e-mail, to its subscribers and to the staff of its units.

When an issue goes live (published now, or a scheduled one whose time has
come), ``plan`` writes one ``Delivery`` per recipient of its signed version:
the subscribers who may read it and the staff of the units on its 本期印发 list
as signed (for an internal issue, those units only), less the addresses that
unsubscribed. An issue is planned once (its ``PublicationNotice`` row, claimed
in the planning transaction), and a version reaches an address once (the
unique version + address).

``send_due`` then sends what is waiting, outside any request (the
``send_issue_mail`` command, from a timer): it claims a batch of deliveries
with one conditional UPDATE — two senders never claim the same row — and
marks each sent, or failed with the reason. A failure is retried by the next
run, up to ``MAX_ATTEMPTS``; a sent delivery is never sent again. A sender
stopped in the middle of a batch leaves its rows "sending", as the issue's
admin page shows them: they may have gone out, so none is sent again.

Each e-mail is the bulletin as HTML (inline styles only, for mail clients) and
as plain text, read through ``printed.signed_copy`` (the reader's copy), the
PDF attached when the office chose so for the issue (``IssueMailing``, named in
Chinese with an ASCII fallback), from the office by name, and a signed
one-click unsubscribe link (RFC 8058: ``List-Unsubscribe`` and
``List-Unsubscribe-Post``).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.mime.application import MIMEApplication
from email.utils import formataddr, parseaddr
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from editorial.content.models import Issue
from editorial.output import files, printed
from editorial.output.models import Delivery, IssueMailing
from editorial.signed import readers
from editorial.workflow import notifications
from editorial.workflow.models import IssueTransition, PublicationNotice

logger = logging.getLogger("editorial.output.mailing")

# An issue that went live longer ago than this (say, before this feature) is not mailed.
MAX_AGE = timedelta(days=7)
MAX_ATTEMPTS = 3
BATCH = 200
UNSUBSCRIBE_SALT = "editorial.output.mailing.unsubscribe"
REASON_LENGTH = 500


# --- Planning -------------------------------------------------------------------------------


def issues_due(max_age: timedelta = MAX_AGE):
    """Issues published through the workflow that went live lately and were not mailed."""
    published_by_workflow = IssueTransition.objects.filter(
        from_status=Issue.Status.APPROVED, to_status=Issue.Status.PUBLISHED
    ).values("issue_id")
    return (
        Issue.objects.live()
        .filter(
            publish_at__gte=timezone.now() - max_age,
            publication_notice__isnull=True,
            pk__in=published_by_workflow,
        )
        .order_by("publish_at")
    )


def recipients(issue: Issue, shown: Issue) -> dict[str, object]:
    """Who gets ``issue`` (``shown``: its reader's copy), by address: its
    subscribers (a public issue) and the staff of the units on its list as
    signed, if they may read it and did not unsubscribe."""
    User = get_user_model()
    units = [entry.recipient.pk for entry in shown.distribution.all()]
    who = Q(is_staff=True, unit_membership__unit_id__in=units)
    if shown.visibility == Issue.Visibility.PUBLIC:
        who |= Q(issue_subscription__isnull=False)
    people = User.objects.filter(who, is_active=True).exclude(email="").distinct().order_by("pk")
    unsubscribed = notifications.unsubscribed_addresses()
    found = {}
    for user in people:
        address = user.email.strip().lower()
        if address in unsubscribed or address in found:
            continue
        if readers.issue_for(user, pk=issue.pk) is not None:
            found[address] = user
    return found


def plan(issue: Issue) -> int:
    """Write a delivery for each recipient of ``issue``, if nobody has yet; returns
    how many. Two planners at once meet at the issue's notice row."""
    try:
        with transaction.atomic():
            notice, created = PublicationNotice.objects.get_or_create(issue=issue)
            if not created:
                return 0
            shown = readers.issue_content(issue.pk)
            if shown is None:
                return 0
            people = recipients(issue, shown)
            Delivery.objects.bulk_create(
                [
                    Delivery(issue=issue, version=shown.signed_version, address=address, user=user)
                    for address, user in people.items()
                ],
                ignore_conflicts=True,
            )
            notice.recipient_count = len(people)
            notice.save(update_fields=["recipient_count"])
    except IntegrityError:
        return 0
    return len(people)


def plan_due(max_age: timedelta = MAX_AGE) -> dict[str, int]:
    return {str(issue): plan(issue) for issue in issues_due(max_age)}


# --- Sending ---------------------------------------------------------------------------------


@dataclass
class Report:
    sent: int = 0
    failed: int = 0


def claim(batch: int = BATCH) -> list[Delivery]:
    """Take up to ``batch`` deliveries that are waiting or failed (and may be tried
    again) for this sender: one UPDATE whose condition another sender's claim
    falsifies, so each row is claimed by one sender only."""
    token = uuid.uuid4().hex
    due = Q(status=Delivery.Status.PENDING) | Q(
        status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    candidates = list(
        Delivery.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:batch]
    )
    Delivery.objects.filter(due, pk__in=candidates).update(
        status=Delivery.Status.SENDING, claim=token
    )
    return list(
        Delivery.objects.filter(claim=token, status=Delivery.Status.SENDING)
        .select_related("user", "issue")
        .order_by("pk")
    )


def send_due(batch: int = BATCH) -> Report:
    """Send the deliveries waiting (``claim``), each marked sent or failed."""
    report = Report()
    deliveries = claim(batch)
    if not deliveries:
        return report
    letters: dict[int, Letter | files.RenderUnavailable | None] = {}
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        try:
            for delivery in deliveries:
                if delivery.issue_id not in letters:
                    letters[delivery.issue_id] = _letter_or_refusal(delivery.issue)
                if _send(connection, letters[delivery.issue_id], delivery):
                    report.sent += 1
                else:
                    report.failed += 1
        finally:
            connection.close()
    return report


def _letter_or_refusal(issue: Issue):
    """The issue's letter, or why its PDF cannot be attached now (each delivery
    then fails with the reason, and is tried again by the next runs)."""
    try:
        return Letter.of(issue)
    except files.RenderUnavailable as refusal:
        return refusal


def _send(connection, letter, delivery: Delivery) -> bool:
    try:
        if isinstance(letter, files.RenderUnavailable):
            raise letter
        if letter is None or readers.issue_for(delivery.user, pk=delivery.issue_id) is None:
            _failed(delivery, _("The issue is no longer on the site for this reader."), final=True)
            return False
        if not connection.send_messages([letter.to(delivery.address)]):
            raise RuntimeError(_("The mail server accepted nothing."))
    except Exception as error:
        logger.warning("could not mail %s: %s", delivery, error)
        _failed(delivery, str(error) or type(error).__name__)
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        attempts=delivery.attempts + 1,
        reason="",
        claim="",
    )
    return True


def _failed(delivery: Delivery, reason: str, *, final: bool = False) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED,
        attempts=MAX_ATTEMPTS if final else delivery.attempts + 1,
        reason=reason[:REASON_LENGTH],
        claim="",
    )


# --- The e-mail --------------------------------------------------------------------------


def unsubscribe_token(address: str) -> str:
    return signing.dumps(address.lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def address_of(token: str) -> str | None:
    """The address a token from an e-mail's unsubscribe link was made for (None if
    it is not one of ours)."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(address: str) -> str:
    return notifications.site_url(
        reverse("editorial:unsubscribe", args=[unsubscribe_token(address)])
    )


@dataclass
class Letter:
    """One issue's e-mail, rendered once and addressed to each recipient."""

    subject: str
    html: str
    text: str
    issue_url: str
    sender: str = ""
    attachment: files.IssueFile | None = None
    pdf: bytes | None = None

    @classmethod
    def of(cls, issue: Issue) -> Letter | None:
        shown = printed.signed_copy(issue.pk)
        if shown is None:
            return None
        context = bulletin_context(shown)
        letter = cls(
            subject=" ".join(str(shown).split()),
            html=render_to_string("editorial/email/_bulletin.html", context),
            text=render_to_string("editorial/email/_bulletin.txt", context),
            issue_url=context["issue_url"],
            sender=sender(shown.publisher),
        )
        if IssueMailing.objects.filter(issue=issue, attach_pdf=True).exists():
            letter.attachment = files.signed_file(issue.pk, "pdf")
            letter.pdf = letter.attachment.content()
        return letter

    def to(self, address: str) -> EmailMultiAlternatives:
        unsubscribe = unsubscribe_url(address)
        context = {
            "bulletin_html": mark_safe(self.html),  # rendered with escaping above
            "bulletin_text": self.text,
            "issue_url": self.issue_url,
            "unsubscribe_url": unsubscribe,
        }
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=render_to_string("editorial/email/issue.txt", context),
            from_email=self.sender,
            to=[address],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("editorial/email/issue.html", context), "text/html"
        )
        if self.pdf is not None:
            message.attach(self._pdf_part())
        return message

    def _pdf_part(self) -> MIMEApplication:
        """The PDF, named in Chinese (RFC 2231) and in ASCII for mail clients that
        read only ``filename``."""
        part = MIMEApplication(self.pdf, "pdf")
        # The RFC 2231 name first: mail readers take the first name they understand.
        chinese = quote(self.attachment.name)
        part["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{chinese}; filename=\"{self.attachment.ascii_name}\""
        )
        return part


def sender(office: str) -> str:
    """``市总工会办公室 <bulletin@…>``: the office's name on DEFAULT_FROM_EMAIL's
    address (a name set there wins)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or office, address), charset="utf-8")


def bulletin_context(shown: Issue) -> dict:
    return {
        **printed.context(shown),
        "issue_url": notifications.site_url(shown.get_absolute_url()),
        "site_url": notifications.site_url(""),
    }
