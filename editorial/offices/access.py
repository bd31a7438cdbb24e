"""Where a user may do what: the office dimension of every permission.

A role (编辑, 签发人) is a Django group holding permissions; a membership gives
a user a role in one office. ``allowed(user, permission, office)`` is true when
the user is active and either a superuser or a member of ``office`` whose role
holds ``permission``. Without an office (a question about no issue in
particular: may this user add issues at all?) it is Django's own
``user.has_perm``. Every rule that concerns an issue (``editorial.workflow.rules``,
the workflow's steps) asks it with the issue's office.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet

from editorial.offices.models import Bulletin, Membership, Office

_CACHE = "_office_permissions"


def _permissions_by_office(user) -> dict[int, frozenset[str]]:
    """``{office id: permissions}`` of ``user``'s memberships, read once per user object."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    roles = dict(Membership.objects.filter(user=user).values_list("office_id", "role"))
    by_role: dict[str, set[str]] = {role: set() for role in set(roles.values())}
    rows = Permission.objects.filter(group__name__in=by_role).values_list(
        "group__name", "content_type__app_label", "codename"
    )
    for role, app_label, codename in rows:
        by_role[role].add(f"{app_label}.{codename}")
    cached = {office: frozenset(by_role[role]) for office, role in roles.items()}
    setattr(user, _CACHE, cached)
    return cached


def forget(user) -> None:
    """Read ``user``'s memberships afresh at the next question."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _usable(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def allowed(user, permission: str, office: Office | int | None = None) -> bool:
    """Whether ``user`` holds ``permission`` in ``office`` (anywhere, without one)."""
    if not _usable(user):
        return False
    if user.is_superuser:
        return True
    if office is None:
        return user.has_perm(permission)
    office_id = office.pk if isinstance(office, Office) else office
    return permission in _permissions_by_office(user).get(office_id, ())


def offices_where(user, permission: str) -> set[int] | None:
    """The ids of the offices where ``user`` holds ``permission``; None for a
    superuser (every office)."""
    if not _usable(user):
        return set()
    if user.is_superuser:
        return None
    return {office for office, held in _permissions_by_office(user).items() if permission in held}


def member_offices(user) -> set[int] | None:
    """The ids of the offices ``user`` works in (any role); None for a superuser."""
    if not _usable(user):
        return set()
    if user.is_superuser:
        return None
    return set(_permissions_by_office(user))


def bulletins_where(user, permission: str) -> QuerySet[Bulletin]:
    """The bulletins of the offices where ``user`` holds ``permission``."""
    offices = offices_where(user, permission)
    bulletins = Bulletin.objects.select_related("office")
    return bulletins if offices is None else bulletins.filter(office__in=offices)


def office_of(issue) -> int | None:
    """The id of the office that publishes ``issue`` (its bulletin's office; the
    bulletin is read once per issue object)."""
    if getattr(issue, "bulletin_id", None) is None:
        return None
    return issue.bulletin.office_id
