"""The Atom feed of issues: the newest public issues, each with its table of contents.

Feed readers fetch without signing in, so the feed holds what an anonymous
reader may see (``Issue.objects.published()``), whoever asks.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from editorial.content.models import Article, Issue, Section
from editorial.signed import copy as signed_copy

LATEST = 20


class IssueFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("editorial:archive")
    subtitle = _("The newest issues of the bulletin, with their tables of contents.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self):
        return settings.BULLETIN["TITLE"]

    def author_name(self):
        return settings.BULLETIN["PUBLISHER"]

    def items(self):
        # As signed off: an issue with unsigned changes is shown from its signed version.
        return signed_copy.reading_copies(self.published_issues())

    def published_issues(self):
        return Issue.objects.published()[:LATEST].prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "articles",
                        queryset=Article.objects.order_by("position").only(
                            "title", "section_id", "position"
                        ),
                    )
                ),
            )
        )

    def item_title(self, issue):
        return str(issue)

    def item_description(self, issue):
        # Rendered with autoescaping: titles are text, whatever they contain.
        site = self.request.build_absolute_uri("/").rstrip("/")
        return render_to_string("editorial/feed_item.html", {"issue": issue, "site": site})

    def item_pubdate(self, issue):
        return issue.publish_at

    def item_updateddate(self, issue):
        return issue.updated_at
