"""Who may see and do what with submissions; every view and admin page asks here.

- An information officer (``editorial.submit_submission``, the 信息员 group,
  linked to one unit by ``InformationOfficer``) sees and submits for their own
  unit only; another unit's submission does not exist for them (404).
- The office (``editorial.handle_submission``: 编辑 and 签发人) reads every
  submission and decides on it. Adopting into an issue is also a change of
  that issue, which the change rule (``editorial.workflow.rules``) decides.
"""

from django.urls import reverse

from editorial.submissions.models import InformationOfficer, Submission

SUBMIT = "editorial.submit_submission"
HANDLE = "editorial.handle_submission"


def officer_of(user) -> InformationOfficer | None:
    """The officer record of ``user`` if they may submit for a unit, else None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not user.has_perm(SUBMIT):
        return None
    return InformationOfficer.objects.filter(user=user).select_related("unit").first()


def landing_url(user) -> str:
    """Where ``user`` lands after signing in with nowhere else asked for: an
    officer who does not also handle submissions on their unit's page, 信息报送;
    everyone else on the reading site (an editor signing in from the office goes
    to the office: ``editorial.admin.signin``)."""
    if officer_of(user) is not None and not may_handle(user):
        return reverse("submissions:list")
    return reverse("editorial:home")


def visible_to_officer(officer: InformationOfficer):
    """The submissions an officer may see: their unit's."""
    return Submission.objects.filter(unit_id=officer.unit_id)


def may_handle(user) -> bool:
    """Whether ``user`` may adopt, return or decline submissions (and forward them)."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.has_perm(HANDLE)
    )
