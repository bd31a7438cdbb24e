"""Each bulletin's Atom feed: its newest public issues, each with its table of contents.

Feed readers fetch without signing in, so a feed holds what an anonymous
reader may see, whoever asks: the reader's copy of each public issue of the
bulletin (``editorial.signed.readers``), as signed. Its title and author are
the bulletin's masthead title and publisher.
"""

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from editorial.reading import sites
from editorial.signed import readers

LATEST = 20


class IssueFeed(Feed):
    feed_type = Atom1Feed
    subtitle = _("The newest issues of the bulletin, with their tables of contents.")

    def get_object(self, request, bulletin):
        self.request = request
        return sites.bulletin_at(request, bulletin)

    def link(self, bulletin):
        return reverse("editorial:archive", args=[bulletin.slug])

    def title(self, bulletin):
        return bulletin.name

    def author_name(self, bulletin):
        return bulletin.publisher

    def items(self, bulletin):
        return readers.as_issues(readers.issues_for(None, bulletin.pk)[:LATEST], contents=True)

    def item_title(self, issue):
        return str(issue)

    def item_description(self, issue):
        # Rendered with autoescaping: titles are text, whatever they contain.
        site = self.request.build_absolute_uri("/").rstrip("/")
        return render_to_string("editorial/feed_item.html", {"issue": issue, "site": site})

    def item_pubdate(self, issue):
        return issue.publish_at

    def item_updateddate(self, issue):
        # Readers' copy changes only when it is signed again.
        return max(issue.publish_at, issue.signed_at)
