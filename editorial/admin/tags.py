"""Tags in the admin: taggit's own tag admin, held to the change rule.

A tag's name is part of every article that carries it: renaming, deleting or
merging a tag changes those articles' issues (their working copies: the
reader's copy keeps each tag as signed), so it is open only to those who may
change each of them (``rules.issues_naming``). An article is given its tags on
its own form.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin, TaggedItemInline
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from editorial.admin.base import GuardedDeleteMixin
from editorial.admin.history import ChangeMessageMixin
from editorial.admin.scope import visible
from editorial.content.models import Article
from editorial.workflow import rules

TAGGIT_MESSAGES = {
    "Tags have been merged": _("The tags have been merged."),
    "Form is invalid.": _("Please enter the name of the merged tag."),
    "Please select at least one tag.": _("Please select at least one tag."),
}


def may_change_tagged(user, tags) -> bool:
    """Whether ``user`` may change every issue with an article carrying one of ``tags``."""
    return rules.may_change_all(user, rules.issues_naming(tags=tags))


class TaggedArticlesInline(TaggedItemInline):
    """What a tag is given to, for reference: the articles of the user's offices."""

    def get_queryset(self, request):
        articles = visible(Article.objects.all(), request.user, "section__issue")
        return (
            super()
            .get_queryset(request)
            .filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id__in=articles.values("pk"),
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Tag)


@admin.register(Tag)
class EditorialTagAdmin(ChangeMessageMixin, GuardedDeleteMixin, TagAdmin):
    inlines = [TaggedArticlesInline]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change_tagged(request.user, [obj]))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_change_tagged(request.user, [obj]))

    # taggit's action, under a translatable name ("Merge selected tags" is English text).
    @admin.action(description=_("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        selected = request.session.get("selected_tag_ids", "").split(",")
        tags = Tag.objects.filter(pk__in=[pk for pk in selected if pk.isdigit()])
        if not self.has_change_permission(request) or not may_change_tagged(request.user, tags):
            raise PermissionDenied
        if request.method == "POST":
            return super().merge_tags_view(request)
        # taggit renders its form without the admin's context (site name, sidebar).
        context = {**self.admin_site.each_context(request), "form": MergeTagsForm()}
        return TemplateResponse(request, "admin/taggit/merge_tags_form.html", context)

    def message_user(self, request, message, *args, **kwargs):
        # taggit's merge view reports in English text, not translatable strings.
        message = TAGGIT_MESSAGES.get(str(message), message)
        super().message_user(request, message, *args, **kwargs)
