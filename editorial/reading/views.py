"""Reader-facing pages.

Which issues a reader may see is decided by ``Issue.objects.visible_to``; these
views only ask it. Editors (``editorial.view_issue`` or ``change_issue``)
preview any issue — a draft, a scheduled or an internal one — on the same page,
under a banner. An internal issue sends an anonymous reader to sign in.

Every page is wrapped in ``caching.reading_page``, which says what it depends
on (``"issues"`` and the issue at its address for an issue page, ``"site"``
for everything else) and gives it ETag, Last-Modified, 304s and the page cache.
"""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Prefetch,
    Q,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.generic import ListView
from taggit.models import Tag

from editorial.content import readership
from editorial.content.models import Article, Issue, Section, SourceOrganization
from editorial.reading import rendering
from editorial.reading.caching import issue_token, kept, kept_for_anonymous, reading_page
from editorial.search import forms as search_forms
from editorial.search import fulltext as full_text
from editorial.signed import copy as signed_copy
from editorial.workflow import errata

PREVIEW_PERMISSIONS = ("editorial.view_issue", "editorial.change_issue")
ARTICLES_PER_PAGE = 30
RESULTS_PER_PAGE = 20


class _SignInRequired(Exception):
    pass


def can_preview(user) -> bool:
    return user.is_authenticated and any(user.has_perm(p) for p in PREVIEW_PERMISSIONS)


def _readable_issue(request, **lookup) -> tuple[Issue, bool]:
    """The issue matching ``lookup`` and whether it is shown as a preview.

    A reader gets what ``visible_to`` allows; an editor may preview any issue; an
    internal issue asks an anonymous reader to sign in, and tells a signed-in
    reader whose unit is not on its distribution list so (``readership``);
    anything else does not exist.
    """
    user = request.user

    def find():
        return Issue.objects.visible_to(user).filter(**lookup).first()

    described = ",".join(f"{name}={value}" for name, value in sorted(lookup.items()))
    issue = kept_for_anonymous(request, f"issue:{described}", find)
    if issue is not None:
        return issue, False
    if can_preview(user):
        issue = Issue.objects.filter(**lookup).first()
        if issue is not None:
            return issue, True
    internal = Issue.objects.live().filter(visibility=Issue.Visibility.INTERNAL, **lookup)
    if internal.exists():
        if not user.is_authenticated:
            raise _SignInRequired
        raise readership.NotOnDistributionList(internal.get())
    raise Http404


def _sign_in(request):
    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


def _preview(response):
    """A preview is never cached anywhere and never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _issue_context(request, issue: Issue, preview: bool) -> dict:
    """The issue page: the bulletin itself (``rendering``) and its neighbours."""
    previous, following = rendering.neighbours(issue, request)
    if preview:
        body = rendering.preview(issue)
    else:
        body = rendering.for_readers(issue, request)
        readership.record_reading(request.user, issue)
    return {
        "issue": issue,
        "issue_body": body,
        "preview": preview,
        "previous_issue": previous,
        "next_issue": following,
    }


# --- Issues -----------------------------------------------------------------------------


@reading_page(depends_on=("issues",))
def home(request):
    """The latest issue in full."""

    def latest():
        return Issue.objects.visible_to(request.user).first()

    issue = kept_for_anonymous(request, "latest-issue", latest)
    context = {"issue": None}
    if issue is not None:
        context = _issue_context(request, issue, False)
    return render(request, "editorial/home.html", context)


@reading_page(depends_on=("issues", issue_token))
def issue_detail(request, year, number, series=Issue.Series.REGULAR):
    try:
        issue, preview = _readable_issue(request, series=series, year=year, number=number)
    except _SignInRequired:
        return _sign_in(request)
    except readership.NotOnDistributionList as refusal:
        return readership.not_on_distribution_list(request, refusal.issue)
    response = render(
        request, "editorial/issue_detail.html", _issue_context(request, issue, preview)
    )
    return _preview(response) if preview else response


def _years(user) -> list[int]:
    return list(
        Issue.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    )


@reading_page(depends_on=("site",))
def archive(request):
    """Every issue the reader may see, grouped by year, newest first."""
    issues = (
        Issue.objects.visible_to(request.user)
        .annotate(article_count=Count("sections__articles"))
        .order_by("-year", "-number")
    )
    return render(request, "editorial/archive.html", {"issues": issues})


@reading_page(depends_on=("site",))
def archive_year(request, year):
    """One year's issues, each with its table of contents."""
    issues = list(
        Issue.objects.visible_to(request.user)
        .filter(year=year)
        .prefetch_related(
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
    )
    if not issues:
        raise Http404
    issues = signed_copy.reading_copies(issues)
    return render(
        request,
        "editorial/archive_year.html",
        {"year": year, "issues": issues, "years": _years(request.user)},
    )


# --- Articles ----------------------------------------------------------------------------


@reading_page(depends_on=("site",))
def article_detail(request, pk):
    issue_id = Article.objects.filter(pk=pk).values_list("section__issue_id", flat=True).first()
    issue, preview = None, False
    if issue_id is not None:
        try:
            issue, preview = _readable_issue(request, pk=issue_id)
        except _SignInRequired:
            return _sign_in(request)
        except readership.NotOnDistributionList as refusal:
            return readership.not_on_distribution_list(request, refusal.issue)
        except Http404:
            pass  # it may still be in a signed version readers see
    article = _live_article(issue, pk) if preview else _article_as_signed(request, issue, pk)
    errata.show_on([article])
    response = render(
        request, "editorial/article_detail.html", {"article": article, "preview": preview}
    )
    return _preview(response) if preview else response


def _live_article(issue: Issue, pk) -> Article:
    articles = Article.objects.for_listing().prefetch_related("tags")
    return get_object_or_404(articles.filter(section__issue=issue), pk=pk)


def _article_as_signed(request, issue: Issue | None, pk) -> Article:
    """The article as readers see it: from its issue's newest signed version; from
    a readable version that still holds it if the working copy has deleted or
    moved it since; from the live rows if its issue was never signed off."""
    if issue is not None:
        shown = signed_copy.reading_copy(issue)
        if shown.signed_version is None:
            return _live_article(issue, pk)
        article = signed_copy.articles_of(shown).get(pk)
        if article is not None:
            return article
    readable = Issue.objects.visible_to(request.user).values("pk")
    version = signed_copy.find_signed_article(pk, readable)
    if version is None:
        raise Http404
    return signed_copy.articles_of(signed_copy.reading_copy(version.issue, version))[pk]


@method_decorator(reading_page(depends_on=("site",)), name="dispatch")
class ArticleListView(ListView):
    """Articles across issues, newest first; subclasses say which."""

    template_name = "editorial/article_list.html"
    paginate_by = ARTICLES_PER_PAGE
    context_object_name = "articles"

    def visible_articles(self):
        return Article.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.filter_articles(self.visible_articles()).for_listing().newest_first()

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The signed text of issues whose working copy has unsigned changes.
        context["articles"] = signed_copy.signed_articles(context["object_list"])
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object_list.exists():
            raise Http404
        return response


class TagArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return articles.filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="tag", heading=self.tag.name, **kwargs)


class SectionArticlesView(ArticleListView):
    def filter_articles(self, articles):
        return articles.filter(section__name=self.kwargs["name"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="section", heading=self.kwargs["name"], **kwargs)


tag_articles = TagArticlesView.as_view()
section_articles = SectionArticlesView.as_view()


# --- Contributing organizations ------------------------------------------------------------


@reading_page(depends_on=("site",))
def source_list(request):
    """Organizations with how many of the readable articles each contributed."""
    readable = Issue.objects.visible_to(request.user).values("pk")
    organizations = (
        SourceOrganization.objects.annotate(
            article_count=Count(
                "article_links",
                filter=Q(article_links__article__section__issue__in=readable),
            )
        )
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
    )
    return render(request, "editorial/source_list.html", {"organizations": organizations})


@reading_page(depends_on=("site",))
def source_detail(request, pk):
    """One organization's articles, newest first, with a count per year."""
    organization = get_object_or_404(
        SourceOrganization.objects.select_related("parent").prefetch_related("aliases"), pk=pk
    )
    articles = Article.objects.visible_to(request.user).filter(
        source_links__organization=organization
    )
    per_year = list(
        articles.order_by()
        .values_list("section__issue__year")
        .annotate(count=Count("pk"))
        .order_by("-section__issue__year")
    )
    if not per_year:
        raise Http404
    page = Paginator(articles.for_listing().newest_first(), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "editorial/source_detail.html",
        {
            "organization": organization,
            "per_year": per_year,
            "total": sum(count for _, count in per_year),
            "page_obj": page,
            "articles": signed_copy.signed_articles(page.object_list),
        },
    )


# --- Search ----------------------------------------------------------------------------------


@reading_page(depends_on=("site",))
def search(request):
    """Search the reader's copy; the filters offer what this reader can find."""
    choices = search_forms.filter_choices(request.user, functools.partial(kept, request))
    form = search_forms.SearchForm(request.GET or None, choices=choices)
    context = {"form": form, "query": request.GET.get("q", "")}
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = full_text.search_articles(
            data["q"],
            request.user,
            year=data["year"],
            section=data["section"],
            organization=data["organization"],
        )
        page = Paginator(results.signed_ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            results=results,
            page_obj=page,
            hits=results.hits(list(page.object_list)),
            result_limit=full_text.RESULT_LIMIT,
        )
    response = render(request, "editorial/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
