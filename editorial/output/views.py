"""The one-click unsubscribe page of the issue's e-mails.

The link carries the address, signed (``mailing.unsubscribe_token``): it is the
only credential, so the page needs no sign-in and no CSRF token. A GET (a
reader following the link, or a mail scanner checking it) only asks to
confirm; a POST — the button, or a mail client's RFC 8058 one-click request —
unsubscribes.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from editorial.output import mailing
from editorial.workflow import notifications


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    address = mailing.address_of(token)
    if address is None:
        raise Http404
    done = request.method == "POST"
    if done:
        notifications.unsubscribe(address)
    response = render(request, "editorial/unsubscribe.html", {"address": address, "done": done})
    response["X-Robots-Tag"] = "noindex"
    return response
