"""Composing an issue: starting the next one from the previous, and keeping
sections, articles, sources and recipients in order.

Positions are unique within their parent (an issue's sections, a section's
articles, ...), so reordering first moves the siblings out of the way and
then numbers them 1..n in the wanted order (``editorial.content.ordering``).
The editors' moves and reorderings go through ``move`` and ``put_in_order``
here, which leave their entry in the audit log; the importer numbers what it
creates with the ordering helpers directly.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.content import ordering
from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    Recipient,
    Section,
)
from editorial.content.ordering import next_position, siblings_of  # noqa: F401
from editorial.offices import access
from editorial.offices.models import Bulletin
from editorial.workflow import audit, errata, rules
from editorial.workflow import transitions as workflow
from editorial.workflow.numbering import REGULAR, next_cumulative_number, next_number

ADD_ISSUE = "editorial.add_issue"


def only_bulletin() -> Bulletin | None:
    """The installation's bulletin when it has only one (then a bulletin need not be named)."""
    bulletins = list(Bulletin.objects.select_related("office")[:2])
    return bulletins[0] if len(bulletins) == 1 else None


def new_issue_from_previous(actor, bulletin: Bulletin | None = None, *, today=None) -> Issue:
    """A draft continuing ``bulletin``'s regular series (the only bulletin, when
    none is named): the next number of this year, the next 总第N期, today's date;
    from the bulletin's previous issue its masthead title, publisher,
    visibility, print run (印数), sections (empty) and distribution list — from
    the bulletin itself where there is no previous issue (or it has no list).

    ``actor`` must be allowed to add issues in the bulletin's office."""
    bulletin = bulletin or only_bulletin()
    if bulletin is None or not access.allowed(actor, ADD_ISSUE, bulletin.office_id):
        raise workflow.WorkflowPermissionDenied(_("You are not allowed to create issues."))
    today = today or timezone.localdate()
    with transaction.atomic():
        previous = latest_issue(bulletin)
        issue = Issue(
            bulletin=bulletin,
            year=today.year,
            number=next_number(bulletin, today.year, REGULAR),
            cumulative_number=next_cumulative_number(bulletin, REGULAR),
            issue_date=today,
            status=Issue.Status.DRAFT,
            **masthead_defaults(bulletin, previous),
        )
        if previous is not None:
            issue.print_run = previous.print_run
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
            recipients = default_recipients(bulletin)
        DistributionEntry.objects.bulk_create(
            DistributionEntry(issue=issue, recipient=recipient, position=position)
            for position, recipient in enumerate(recipients, 1)
        )
        comment = (
            _("Started from %(previous)s.") % {"previous": previous}
            if previous is not None
            else _("Started as the first issue.")
        )
        workflow.record_created(issue, action=audit.FROM_PREVIOUS, actor=actor, comment=comment)
        # Corrections made since the last 更正 notice are announced in this issue.
        errata.add_notice(issue, actor=actor)
    return issue


def latest_issue(bulletin: Bulletin | int) -> Issue | None:
    """The bulletin's latest regular issue: the one a new issue continues."""
    return (
        Issue.objects.filter(bulletin=bulletin, series=REGULAR).order_by("-year", "-number").first()
    )


def masthead_defaults(bulletin: Bulletin, previous: Issue | None = None) -> dict:
    """A new issue's masthead title, publisher and visibility: the previous issue's,
    or the bulletin's where there is none."""
    if previous is not None:
        return {
            "title": previous.title,
            "publisher": previous.publisher,
            "visibility": previous.visibility,
        }
    internal = (
        Issue.Visibility.INTERNAL if bulletin.internal_by_default else Issue.Visibility.PUBLIC
    )
    return {"title": bulletin.name, "publisher": bulletin.publisher, "visibility": internal}


def previous_print_run(bulletin: Bulletin | int) -> int | None:
    """The 印数 of the bulletin's latest regular issue: a new issue's default."""
    previous = latest_issue(bulletin)
    return previous.print_run if previous is not None else None


def default_recipients(bulletin: Bulletin) -> list[Recipient]:
    """The bulletin's usual distribution list (``Bulletin.distribution_names``), in order."""
    return [Recipient.objects.get_or_create(name=name)[0] for name in bulletin.distribution_names()]


def empty_sections(issue: Issue) -> list[Section]:
    """The issue's sections that hold no article (e.g. carried over from the
    previous issue and not filled), in order."""
    return list(issue.sections.filter(articles__isnull=True).order_by("position"))


def remove_empty_sections(issue: Issue, *, actor) -> list[str]:
    """Delete the issue's empty sections as ``actor`` (who may change the issue:
    ``rules.ensure_may_change``), renumber the rest and record it; return the
    names removed."""
    rules.ensure_may_change(actor, issue)
    with transaction.atomic():
        empty = empty_sections(issue)
        if not empty:
            return []
        names = [section.name for section in empty]
        for section in empty:
            section.delete()
        ordering.put_in_order(list(issue.sections.order_by("position", "pk")))
        audit.record(audit.REMOVE_EMPTY, actor=actor, obj=issue, data={"sections": names})
    return names


# --- The editors' moves and reorderings -------------------------------------------


def move(obj, step: int, *, actor) -> bool:
    """Move ``obj`` (a section, an article, a source, a recipient) one place up
    (step -1) or down (+1) among its siblings, as ``actor``.

    Returns False, and records nothing, when it is already first (or last)."""
    with transaction.atomic():
        before = obj.position
        if not ordering.move(obj, step):
            return False
        obj.refresh_from_db(fields=["position"])
        audit.record(
            audit.MOVE,
            actor=actor,
            obj=obj,
            issue=_issue_of(obj),
            data={"from": before, "to": obj.position},
        )
    return True


def put_in_order(ordered: list, *, actor, save_fields=None) -> bool:
    """Number ``ordered`` (siblings of one parent, saved or new) 1..n, as ``actor``
    (see ``editorial.content.ordering.put_in_order`` for ``save_fields``).

    When the rows already saved come out in another order than they had, that
    is a reordering of the parent's list, recorded with the new order; adding
    rows at their places is not. Returns whether the order changed.
    """
    if not ordered:
        return False
    with transaction.atomic():
        saved = {obj.pk for obj in ordered if obj.pk}
        before = [pk for pk in _order_of(ordered[0]) if pk in saved]
        ordering.put_in_order(ordered, save_fields=save_fields)
        after = [pk for pk in _order_of(ordered[0]) if pk in saved]
        if before == after:
            return False
        first = ordered[0]
        parent = getattr(first, first.order_within)
        audit.record(
            audit.REORDER,
            actor=actor,
            obj=parent,
            issue=_issue_of(first),
            data={
                "items": type(first)._meta.model_name,
                "order": [str(obj) for obj in _named_siblings(first)],
            },
        )
    return True


# What an ordered row is called by (its __str__), fetched with it.
_NAMED_BY = {DistributionEntry: "recipient", ArticleSource: "organization"}


def _named_siblings(obj):
    siblings = siblings_of(obj).order_by("position", "pk")
    if type(obj) in _NAMED_BY:
        siblings = siblings.select_related(_NAMED_BY[type(obj)])
    return siblings


def _order_of(obj) -> list:
    return list(siblings_of(obj).order_by("position", "pk").values_list("pk", flat=True))


def _issue_of(obj) -> Issue:
    if isinstance(obj, Section | DistributionEntry):
        return obj.issue
    if isinstance(obj, Article):
        return obj.section.issue
    if isinstance(obj, ArticleSource):
        return obj.article.section.issue
    raise TypeError(f"{type(obj).__name__} is not kept in order within an issue")
