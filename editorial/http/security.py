"""Who is asking: the client's address as seen through our own reverse proxies.

django-axes locks out failed sign-ins per address. Behind nginx every request
comes from the proxy, so the address must be read from ``X-Forwarded-For`` —
but only as many hops as there are proxies we run (``TRUSTED_PROXY_COUNT``):
entries further left are written by the client and can be forged.
"""

from django.conf import settings


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


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets from django-axes: a Chinese page, status 429."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(request, "lockout.html", context, status=429)
