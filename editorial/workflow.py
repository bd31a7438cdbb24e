"""The editorial workflow: the states an issue moves through and the record of each step.

Every change of an issue's status goes through this module, so that each one
leaves an ``IssueTransition`` row (who, when, from, to, comment).
"""

from django.utils import timezone

from .models import Issue, IssueTransition


def record(issue: Issue, to_status: str, *, actor=None, comment: str = "", at=None):
    """Move ``issue`` to ``to_status`` and record the step. The caller saves nothing else."""
    step = IssueTransition.objects.create(
        issue=issue,
        from_status=issue.status if issue.pk else "",
        to_status=to_status,
        actor=actor,
        comment=comment,
        created_at=at or timezone.now(),
    )
    issue.status = to_status
    Issue.objects.filter(pk=issue.pk).update(status=to_status, updated_at=timezone.now())
    return step


def record_created(issue: Issue, *, actor=None, comment: str = "", at=None):
    """Record that ``issue`` came into being in its current status (e.g. an import)."""
    return IssueTransition.objects.create(
        issue=issue,
        from_status="",
        to_status=issue.status,
        actor=actor,
        comment=comment,
        created_at=at or timezone.now(),
    )
