"""The issue page's body, rendered once per signed version.

An issue page is the bulletin itself — masthead, table of contents, sections,
articles, corrections and colophon — inside the site's frame (header, search
box, links to the neighbouring issues). The bulletin part is the costly one:
its reader's copy is rebuilt from the signed version (``readers.issue_content``),
its corrections read, and dozens of articles rendered. It changes only when the
issue's version token (``caching.issue_token``) is bumped: a new sign-off, a
correction, the issue withdrawn... (``editorial.reading.signals``).

So readers' requests render it once per token and keep it in the shared cache
(``CACHES["default"]``); every later request for the issue — whoever asks, with
or without the page cache — only fills in the frame around it. A draft preview
is rendered each time and never kept.

Shared-cache keys carry the release (``newsletter.release``): a deployment
with other templates renders everything afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from editorial.reading.caching import issue_token, kept, kept_for_anonymous
from editorial.signed import readers
from editorial.workflow import errata, preview
from editorial.workflow.numbering import label

TEMPLATE = "editorial/_issue.html"
FILES_TEMPLATE = "editorial/_issue_files.html"
NAV_TEMPLATE = "editorial/_issue_nav.html"


@dataclass(frozen=True)
class RenderedIssue:
    """An issue as the page shows it: its heading (for ``<title>``) and its body,
    and the units its body lists as its distribution (read receipts go by it)."""

    heading: str
    html: SafeString
    distribution: tuple[str, ...] = ()


def _render(shown, *, preview: bool) -> RenderedIssue:
    errata.show_on(a for section in shown.sections.all() for a in section.articles.all())
    html = render_to_string(TEMPLATE, {"issue": shown, "preview": preview})
    heading = f"{label(shown.series, shown.year, shown.number)} · {shown.title}"
    distribution = tuple(entry.recipient.name for entry in shown.distribution.all())
    return RenderedIssue(heading=heading, html=mark_safe(html), distribution=distribution)


def preview_of(issue) -> RenderedIssue:
    """The working copy as it stands, for an editor (never kept)."""
    return _render(preview.with_contents(issue), preview=True)


# --- The frame: links to the neighbouring issues ----------------------------------------


@dataclass(frozen=True)
class Neighbour:
    """The previous or next issue, as the issue page links to it."""

    year: int
    number: int
    series: str = readers.REGULAR
    bulletin: str = ""  # its slug

    @property
    def is_supplement(self) -> bool:
        return self.series == readers.SUPPLEMENT

    def get_absolute_url(self) -> str:
        name = "supplement_detail" if self.is_supplement else "issue_detail"
        return reverse(f"editorial:{name}", args=[self.bulletin, self.year, self.number])


def neighbours(issue, request) -> tuple[Neighbour | None, Neighbour | None]:
    """The previous (older) and next (newer) issue of its bulletin the reader may
    read, by their numbers as signed; ``issue`` is a reader's copy or, for a
    preview, an issue (either with its bulletin loaded).

    Every anonymous reader sees the same ones, which change only with what the
    page depends on (``"issues"``): those are kept. A signed-in reader's depend
    on their unit: queried.
    """

    def find():
        return readers.neighbours_of(request.user, issue)

    found = kept_for_anonymous(request, f"neighbours:{issue.pk}", find)
    slug = issue.bulletin.slug
    return tuple(Neighbour(*pair, issue.series, slug) if pair else None for pair in found)


def surroundings(issue, request, *, preview: bool) -> SafeString:
    """What the issue page shows below the bulletin: the links to the issue as a
    PDF and a Word file (not for a preview, which has none) and to the
    neighbouring issues. ``issue``: a reader's copy or, for a preview, an issue.

    Every anonymous reader gets the same, so it is rendered once while the page's
    tokens stay the same and kept, like the body above it; a signed-in reader's
    neighbours depend on their unit, and a preview is never kept.
    """

    def render():
        previous, following = neighbours(issue, request)
        shown = issue if preview else readers.as_issue(issue)
        context = {"issue": shown, "previous_issue": previous, "next_issue": following}
        files = "" if preview else render_to_string(FILES_TEMPLATE, context)
        return files + render_to_string(NAV_TEMPLATE, context)

    if preview:
        return mark_safe(render())
    html = kept_for_anonymous(request, f"surroundings:{issue.pk}:{get_language()}", render)
    return mark_safe(html)  # rendered by the template engine, which escaped it


# --- The bulletin itself -------------------------------------------------------------------


def for_readers(issue, request) -> RenderedIssue:
    """The issue as readers see it — its reader's copy (``readers.issue_content``)
    — rendered at most once per version of the issue. ``issue``: its reader's
    copy (``SignedIssue``).

    The copy is read again after its token, so a body is never kept under a
    token newer than its content. Without a usable cache, it is rendered every
    time.
    """

    def render():
        shown = readers.issue_content(issue.pk)
        if shown is None:
            raise Http404  # its copy went away since the caller found it
        rendered = _render(shown, preview=False)
        return rendered.heading, str(rendered.html), rendered.distribution

    heading, html, distribution = kept(
        request,
        f"issue-body:{issue.pk}:{get_language()}",
        render,
        depends_on=issue_token(issue.bulletin.slug, issue.year, issue.number, issue.series),
    )
    return RenderedIssue(heading=heading, html=mark_safe(html), distribution=tuple(distribution))
