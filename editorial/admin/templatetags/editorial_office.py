"""Tags for the editorial office's own pages: "waiting for me" and the subscription
button on the admin index, and the read receipts on an issue's page."""

from django import template

from editorial.content import attribution, readership
from editorial.workflow import notifications, signoff

register = template.Library()


@register.inclusion_tag("admin/editorial/waiting_for_me.html", takes_context=True)
def waiting_for_me(context):
    """What waits for the signed-in user, and whether they get new issues by email."""
    request = context["request"]
    user = request.user
    return {
        "waiting": notifications.waiting_for(user),
        "subscribed": notifications.is_subscribed(user),
        "has_email": bool(user.email),
        "printed_name": signoff.signer_name(user),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.simple_tag
def read_receipts(issue):
    """Each unit on the issue's distribution list, read (已阅) or not (未阅)."""
    return readership.receipt_rows(issue)


@register.simple_tag
def printed_attribution(article) -> str:
    """（市总生活部、女工部）: the article's attribution as print writes it."""
    return attribution.printed(article)
