"""Who is asking, and how often they may fail to sign in.

django-axes locks out failed sign-ins. Behind nginx every request comes from the
proxy, so the client's address must be read from ``X-Forwarded-For`` — but only
as many hops as there are proxies we run (``TRUSTED_PROXY_COUNT``): entries
further left are written by the client and can be forged.

Failures count per account *at one address* (``AXES_LOCKOUT_PARAMETERS``): union
offices sit behind one NAT address, so one person's mistakes lock out that
person there and never the colleagues. An account tried from many addresses is
still locked: its failures from every address count too, against the larger
``SIGN_IN_ACCOUNT_FAILURE_LIMIT`` (``SignInAttempts``).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address of the client, for sign-in throttling and logs."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        forwarded = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR") or None


def account_failures(request, credentials=None) -> int:
    """Failed sign-ins of the account asked for, from every address, within the cool-off."""
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def locked_from_everywhere(request, credentials=None) -> bool:
    return account_failures(request, credentials) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database handler with a second limit: the account's, from every address.

    Axes compares one count of failures with one limit (``AXES_FAILURE_LIMIT``, for
    the account at this address); the account's failures from every address are
    handed to it as the same share of their own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        at_this_address = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        from_everywhere = account_failures(request, credentials)
        return max(
            at_this_address, from_everywhere * limit // settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT
        )


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets from django-axes: a Chinese page, status 429."""
    cool_off = get_cool_off(request)
    everywhere = locked_from_everywhere(request, credentials)
    context = {
        "everywhere": everywhere,
        "failure_limit": (
            settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT
            if everywhere
            else get_failure_limit(request, credentials)
        ),
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(request, "lockout.html", context, status=429)
