"""The admin side of notifications: who subscribes to new issues, which issues were
announced, and the button on the admin index with which staff subscribe or stop."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.admin.people import person_field
from editorial.admin.readonly import ReadOnlyAdmin
from editorial.admin.scope import OfficeScopedMixin
from editorial.workflow import notifications
from editorial.workflow.models import PublicationNotice, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """Subscribers; each subscribes or stops from the admin index (``toggle``)."""

    list_display = ["user_name", "email", "created_at"]
    user_name = person_field("user", _("user"))
    exclude = ["user"]
    readonly_fields = ["user_name"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]

    @admin.display(description=_("email address"), ordering="user__email")
    def email(self, subscription):
        return subscription.user.email or "—"

    def get_urls(self):
        return [
            path(
                "toggle/",
                self.admin_site.admin_view(self.toggle_view),
                name="editorial_subscription_toggle",
            ),
            *super().get_urls(),
        ]

    def toggle_view(self, request):
        """Subscribe or stop, for the signed-in staff member themself (POST)."""
        if request.method == "POST":
            subscribe = request.POST.get("subscribe") == "1"
            notifications.set_subscribed(request.user, subscribe)
            if subscribe and not request.user.email:
                messages.warning(
                    request,
                    gettext(
                        "Subscribed, but your account has no email address: ask the site "
                        "administrator to add one."
                    ),
                )
            elif subscribe:
                messages.success(
                    request,
                    gettext("You will get an email at %(email)s when a new issue is published.")
                    % {"email": request.user.email},
                )
            else:
                messages.success(
                    request, gettext("You will no longer get emails about new issues.")
                )
        return HttpResponseRedirect(reverse("admin:index"))


@admin.register(PublicationNotice)
class PublicationNoticeAdmin(OfficeScopedMixin, ReadOnlyAdmin):
    issue_path = "issue"
    list_display = ["issue", "sent_at", "recipient_count"]
    list_select_related = ["issue"]
