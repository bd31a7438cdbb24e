"""Who may see and do what with submissions; every view and admin page asks here.

- An information officer (``editorial.submit_submission``, the 信息员 group,
  linked to one unit by ``InformationOfficer``) sees and submits for their own
  unit only; another unit's submission does not exist for them (404). What they
  submit goes to the inbox of the office their unit reports to
  (``SourceOrganization.reports_to``), and stays in it.
- The office (``editorial.handle_submission``: 编辑 and 签发人) reads the
  submissions in its own inbox and decides on them. Every role is held in an
  office (``editorial.offices.access``): an editor of one office never sees
  another office's inbox, officers, units or circular (``in_offices``,
  ``offices_where``), and decides only on items of an office where they hold
  ``handle_submission`` (``ensure_may_handle``). Adopting into an issue is also
  a change of that issue, which the change rule (``editorial.workflow.rules``)
  decides; and an item is adopted only into its own office's bulletins.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from editorial.content.models import SourceOrganization
from editorial.offices import access
from editorial.submissions.models import InformationOfficer, Submission

SUBMIT = "editorial.submit_submission"
HANDLE = "editorial.handle_submission"
VIEW = "editorial.view_submission"
CHANGE_ISSUES = "editorial.change_issue"  # editorial.workflow.rules: adopting changes an issue


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


def may_handle(user, office=None) -> bool:
    """Whether ``user`` may adopt, return or decline submissions (and forward them)
    in ``office`` (an Office or its id; without one: in any office)."""
    return access.allowed(user, HANDLE, office)


def ensure_may_handle(user, submission: Submission) -> None:
    """Raise ``PermissionDenied``, saying why, unless ``user`` may decide on ``submission``."""
    if may_handle(user, submission.office_id):
        return
    if not may_handle(user):
        raise PermissionDenied(_("You are not allowed to decide on submissions."))
    raise PermissionDenied(
        _("“%(title)s” is in another office's inbox: only its editors can decide on it.")
        % {"title": submission.title}
    )


def offices_where(user, permission: str = VIEW) -> set[int] | None:
    """The ids of the offices where ``user`` holds ``permission`` (None: every office)."""
    return access.offices_where(user, permission)


def in_offices(queryset: QuerySet, offices, *, through: str) -> QuerySet:
    """``queryset`` narrowed to the rows whose office (reached by ``through``, e.g.
    ``"office"`` or ``"unit__reports_to"``) is one of ``offices`` (None: all)."""
    return queryset if offices is None else queryset.filter(**{f"{through}__in": offices})


def inbox(user, permission: str = VIEW) -> QuerySet[Submission]:
    """The submissions of the offices where ``user`` holds ``permission``."""
    return Submission.objects.of_offices(offices_where(user, permission))


def units(user, permission: str) -> QuerySet[SourceOrganization]:
    """The units reporting to the offices where ``user`` holds ``permission``."""
    return in_offices(
        SourceOrganization.objects.all(), offices_where(user, permission), through="reports_to"
    )


def adoption_office(user, submissions) -> int | None:
    """The office whose issues ``submissions`` may be adopted into by ``user``: their
    one office, where ``user`` decides on submissions and changes issues (None:
    none — several offices' items are never merged into one article)."""
    offices = {submission.office_id for submission in submissions}
    if len(offices) != 1:
        return None
    [office] = offices
    if may_handle(user, office) and access.allowed(user, CHANGE_ISSUES, office):
        return office
    return None
