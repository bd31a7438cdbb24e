"""E-mails to a unit's officers: each decision on their unit's submissions, and
the office's reminder (催报) to units that have submitted nothing in a period.

Sent after the transaction that made the decision commits, so a decision
rolled back sends nothing."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from editorial.signed import readers

logger = logging.getLogger(__name__)


def officer_addresses(unit_id) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(information_officer__unit_id=unit_id, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(messages) -> None:
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("Could not send submission e-mails")


def decision_made(submission, decision) -> None:
    """Tell the unit's officers what the office decided, once it has committed."""
    addresses = officer_addresses(submission.unit_id)
    if not addresses:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("submissions:detail", args=[submission.pk])
    subject = _("【信息报送】%(title)s: %(decision)s") % {
        "title": submission.title,
        "decision": decision.get_action_display(),
    }
    lines = [
        _("Your unit's submission “%(title)s” was decided on: %(decision)s.")
        % {"title": submission.title, "decision": decision.get_action_display()},
    ]
    if decision.comment:
        lines.append(_("Comment: %(comment)s") % {"comment": decision.comment})
    printed = readers.printed_in([submission.article_id]) if submission.article_id else {}
    if submission.article_id in printed:
        lines.append(_("Adopted into: %(issue)s") % {"issue": printed[submission.article_id]})
    lines.append(link)
    message = (subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, addresses)
    transaction.on_commit(lambda: _send([message]))


def remind(units, period_label: str) -> int:
    """Ask the officers of ``units`` to submit (催报); return how many e-mails go out."""
    link = settings.SITE_URL.rstrip("/") + reverse("submissions:list")
    messages = []
    for unit in units:
        addresses = officer_addresses(unit.pk)
        if not addresses:
            continue
        subject = _("【催报】%(unit)s: no information submitted in %(period)s") % {
            "unit": unit.name,
            "period": period_label,
        }
        body = _(
            "The office has received no information from %(unit)s in %(period)s. "
            "Please submit your unit's news: %(link)s"
        ) % {"unit": unit.name, "period": period_label, "link": link}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
    if messages:
        transaction.on_commit(lambda: _send(messages))
    return len(messages)
