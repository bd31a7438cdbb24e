"""Composing an issue: starting the next one from the previous, and keeping
sections, articles, sources and recipients in order.

Positions are unique within their parent (an issue's sections, a section's
articles, ...), so reordering first moves the siblings out of the way and
then numbers them 1..n in the wanted order.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content.models import (
    DistributionEntry,
    Issue,
    Recipient,
    Section,
)
from editorial.content.ordering import move, next_position, put_in_order, siblings_of  # noqa: F401
from editorial.workflow import errata
from editorial.workflow import transitions as workflow
from editorial.workflow.numbering import REGULAR, next_cumulative_number, next_number


def new_issue_from_previous(actor, *, today=None) -> Issue:
    """A draft continuing the series: the next number of this year, the next
    cumulative number, today's date, the previous issue's sections (empty) and
    distribution list (or the configured default list when there is none)."""
    if not workflow.allowed(actor, "editorial.add_issue"):
        raise workflow.WorkflowPermissionDenied(_("You are not allowed to create issues."))
    today = today or timezone.localdate()
    with transaction.atomic():
        previous = Issue.objects.filter(series=REGULAR).order_by("-year", "-number").first()
        issue = Issue(
            year=today.year,
            number=next_number(today.year, REGULAR),
            cumulative_number=next_cumulative_number(REGULAR),
            issue_date=today,
            status=Issue.Status.DRAFT,
        )
        if previous is not None:
            issue.title = previous.title
            issue.publisher = previous.publisher
            issue.visibility = previous.visibility
        issue.save()
        if previous is not None:
            # The previous 更正 notice is not a regular section: it is not carried over.
            sections = previous.sections.exclude(name=errata.notice_section_name())
            Section.objects.bulk_create(
                Section(issue=issue, name=section.name, position=position)
                for position, section in enumerate(sections.order_by("position"), 1)
            )
            recipients = [
                entry.recipient
                for entry in previous.distribution.select_related("recipient").order_by("position")
            ]
        else:
            recipients = []
        if not recipients:
            recipients = default_recipients()
        DistributionEntry.objects.bulk_create(
            DistributionEntry(issue=issue, recipient=recipient, position=position)
            for position, recipient in enumerate(recipients, 1)
        )
        # Corrections made since the last 更正 notice are announced in this issue.
        errata.add_notice(issue)
        comment = (
            _("Started from %(previous)s.") % {"previous": previous}
            if previous is not None
            else _("Started as the first issue.")
        )
        workflow.record_created(issue, actor=actor, comment=comment)
    return issue


def default_recipients() -> list[Recipient]:
    """The usual distribution list (settings.BULLETIN["DEFAULT_DISTRIBUTION"]), in order."""
    return [
        Recipient.objects.get_or_create(name=name)[0]
        for name in settings.BULLETIN["DEFAULT_DISTRIBUTION"]
    ]
