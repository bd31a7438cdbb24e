"""Signed versions and corrections on the issue's admin page.

A panel (``panel_context``, template ``admin/editorial/issue/_signoff.html``)
lists the issue's signed versions, says whether the working copy has changes
readers do not see yet, offers to compare any two versions (or a version with
the working copy), to correct a published article and to add the 更正 notice
to a draft. The rules are in ``signoff``, ``errata`` and ``rules``; the URLs
hang off the issue admin (``issue_urls``).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext

from editorial.admin.base import comparison_page, issue_change_url
from editorial.admin.numbering import numbering_view
from editorial.content.models import Issue
from editorial.signed import compare as signed_compare
from editorial.workflow import errata, rules, signoff

WORKING_COPY = "working"


def issue_urls(model_admin) -> list:
    view = model_admin.admin_site.admin_view
    return [
        path(
            "numbering/",
            view(lambda request: numbering_view(model_admin, request)),
            name="editorial_issue_numbering",
        ),
        path(
            "<path:object_id>/versions/compare/",
            view(lambda request, object_id: compare_view(model_admin, request, object_id)),
            name="editorial_issue_compare_versions",
        ),
        path(
            "<path:object_id>/corrections-notice/",
            view(lambda request, object_id: notice_view(model_admin, request, object_id)),
            name="editorial_issue_corrections_notice",
        ),
    ]


def _correctable(version) -> list[dict]:
    """The articles of a signed version, in order, each with its corrections so far."""
    articles = [
        {"section": section["name"], "id": article["id"], "title": article["title"]}
        for section in version.content["sections"]
        for article in section["articles"]
    ]
    corrections = errata.by_article(article["id"] for article in articles)
    for article in articles:
        article["corrections"] = corrections.get(article["id"], [])
    return articles


def panel_context(request, issue: Issue) -> dict:
    versions = list(issue.versions.select_related("signed_by").order_by("-sequence"))
    newest = versions[0] if versions else None
    correctable = rules.may_correct(request.user, issue) and newest is not None
    announced = []
    if issue.status == Issue.Status.DRAFT and rules.may_change(request.user, issue):
        announced = list(errata.not_yet_announced(issue))
    return {
        "signed_versions": versions,
        "newest_version": newest,
        "unsigned_changes": newest is not None
        and issue.status != Issue.Status.DRAFT
        and signoff.may_have_unsigned_changes(issue),
        "working_copy": WORKING_COPY,
        "correctable_articles": _correctable(newest) if correctable else [],
        "corrections_to_announce": announced,
    }


def _issue_or_404(model_admin, request, object_id) -> Issue:
    issue = model_admin.get_object(request, unquote(object_id))
    if issue is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, issue):
        raise PermissionDenied
    return issue


def _content(issue: Issue, choice: str):
    """The content of version ``choice`` (its number), or of the working copy."""
    if choice == WORKING_COPY:
        return signoff.assemble(issue), gettext("Working copy (not signed off)")
    if not choice.isdigit():
        return None, ""
    version = issue.versions.filter(sequence=int(choice)).first()
    if version is None:
        return None, ""
    label = gettext("Version %(sequence)s, signed off by %(signer)s") % {
        "sequence": version.sequence,
        "signer": version.signer_name or "—",
    }
    return version.content, label


def compare_view(model_admin, request, object_id):
    """The differences between two versions, per part: masthead, contents, each
    article (added, removed or changed) and footer."""
    issue = _issue_or_404(model_admin, request, object_id)
    older, older_label = _content(issue, request.GET.get("a", ""))
    newer, newer_label = _content(issue, request.GET.get("b", ""))
    if older is None or newer is None:
        messages.error(request, gettext("Choose two versions to compare."))
        return HttpResponseRedirect(issue_change_url(issue, "signed-versions"))
    return comparison_page(
        request,
        model_admin,
        issue,
        parts=signed_compare.compare(older, newer),
        labels=(older_label, newer_label),
    )


def notice_view(model_admin, request, object_id):
    """Add the 更正 notice (corrections not yet announced) to a draft."""
    issue = _issue_or_404(model_admin, request, object_id)
    if request.method != "POST":
        return HttpResponseRedirect(issue_change_url(issue))
    if issue.status != Issue.Status.DRAFT or not rules.may_change(request.user, issue):
        raise PermissionDenied
    article = errata.add_notice(issue, actor=request.user)
    if article is None:
        messages.info(request, gettext("There are no corrections to announce."))
        return HttpResponseRedirect(issue_change_url(issue, "signed-versions"))
    messages.success(
        request,
        gettext("The 更正 notice was added at the end of the issue: check its wording."),
    )
    return HttpResponseRedirect(reverse("admin:editorial_article_change", args=[article.pk]))
