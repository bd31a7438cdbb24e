"""Composing an issue: starting the next one from the previous, and keeping
sections, articles, sources and recipients in order.

Positions are unique within their parent (an issue's sections, a section's
articles, ...), so reordering first moves the siblings out of the way and
then numbers them 1..n in the wanted order.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
)
from .registry import REGULAR, next_cumulative_number, next_number

# The parent each ordered model is numbered within.
PARENT_FIELD = {
    Section: "issue",
    Article: "section",
    ArticleSource: "article",
    DistributionEntry: "issue",
}


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
        from . import errata

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


def siblings_of(obj):
    parent_field = PARENT_FIELD[type(obj)]
    return type(obj).objects.filter(**{f"{parent_field}_id": getattr(obj, f"{parent_field}_id")})


def move(obj, step: int) -> bool:
    """Move ``obj`` one place up (step -1) or down (+1) among its siblings.

    Returns False when it is already first (or last)."""
    ordered = list(siblings_of(obj).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == obj.pk)
    other = index + step
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    put_in_order(ordered, save_fields=[])
    return True


def put_in_order(ordered: list, *, save_fields=None) -> None:
    """Number ``ordered`` (siblings of one parent, saved or new) 1..n.

    Saved siblings missing from the list keep their relative order after it.
    ``save_fields=None`` saves each listed object in full (new ones are
    inserted); otherwise only those fields (plus the position) are written.
    """
    if not ordered:
        return
    model = type(ordered[0])
    siblings = siblings_of(ordered[0])
    with transaction.atomic():
        listed = {obj.pk for obj in ordered if obj.pk}
        others = list(siblings.exclude(pk__in=listed).order_by("position", "pk"))
        top = siblings.aggregate(Max("position"))["position__max"] or 0
        # Out of the way first: every new position is above every old one.
        siblings.update(position=F("position") + top + 1)
        for position, obj in enumerate(ordered, 1):
            obj.position = position
            if obj.pk is None or save_fields is None:
                obj.save()
            else:
                obj.save(update_fields=["position", *save_fields])
        for position, obj in enumerate(others, len(ordered) + 1):
            model.objects.filter(pk=obj.pk).update(position=position)


def next_position(model, **parent) -> int:
    """The position after the last of ``model``'s rows under ``parent`` (one keyword:
    the parent object, e.g. ``section=section``).

    Inside a transaction the parent's row is locked until it ends, so two editors
    adding to one section at the same instant get one position each instead of
    one of them meeting the unique constraint. (SQLite locks the whole database
    for a writer instead.)
    """
    [owner] = parent.values()
    if transaction.get_connection().in_atomic_block:
        list(type(owner).objects.select_for_update().filter(pk=owner.pk).values_list("pk"))
    highest = model.objects.filter(**parent).aggregate(Max("position"))["position__max"]
    return (highest or 0) + 1
