"""Reader-facing pages.

What a reader sees of an issue is its reader's copy — exactly what the chief
editor signed — and every page asks ``editorial.signed.readers`` for it, never
the editors' working copy. Which issues a reader may see is the rule readers
applies (``visible_issue_q``). Editors (``editorial.view_issue`` or
``change_issue``) preview what readers cannot see yet — a draft, a scheduled
issue, an article not signed off — on the same page, under a banner: the one
place the working copy is shown, never cached. An internal issue sends an
anonymous reader to sign in.

Every page is wrapped in ``caching.reading_page`` (ETag, Last-Modified, 304s and
the rendered-page cache) and reads the version tokens it depends on before it
queries: ``"issues"`` and the issue's own token for an issue page, ``"site"``
for everything else.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from taggit.models import Tag

from editorial.content import readership
from editorial.content.models import Article, ArticleSource, Issue, Section, SourceOrganization
from editorial.reading import rendering
from editorial.reading.caching import issue_version, reading_page
from editorial.search import fulltext as full_text
from editorial.signed import readers
from editorial.workflow import errata

PREVIEW_PERMISSIONS = ("editorial.view_issue", "editorial.change_issue")
ARTICLES_PER_PAGE = 30
RESULTS_PER_PAGE = 20


class _SignInRequired(Exception):
    pass


def can_preview(user) -> bool:
    return user.is_authenticated and any(user.has_perm(p) for p in PREVIEW_PERMISSIONS)


def _readable_issue(request, **lookup):
    """The issue matching ``lookup`` (series, year, number) and whether it is a preview.

    A reader gets the reader's copy (``SignedIssue``) ``readers`` allows; an
    editor may preview any other issue (its working copy, an ``Issue``); an
    internal issue asks an anonymous reader to sign in, and tells a signed-in
    reader whose unit is not on its distribution list so (``readership``);
    anything else does not exist.
    """
    user = request.user

    def find():
        return readers.issue_for(user, **lookup)

    described = ",".join(f"{name}={value}" for name, value in sorted(lookup.items()))
    issue = request.reading_versions.kept_for(user, "issues", f"issue:{described}", find)
    if issue is not None:
        return issue, False
    if can_preview(user):
        issue = Issue.objects.filter(**lookup).first()
        if issue is not None:
            return issue, True
    _refuse_internal(user, readers.internal_issue(**lookup))
    raise Http404


def _refuse_internal(user, internal) -> None:
    """Sign in, or not on its list, for the reader's copy ``internal`` of an
    internal issue (nothing for None)."""
    if internal is None:
        return
    if not user.is_authenticated:
        raise _SignInRequired
    raise readership.NotOnDistributionList(readers.as_issue(internal))


def _sign_in(request):
    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


def _preview(response):
    """A preview is never cached anywhere and never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _issue_context(request, issue, preview: bool) -> dict:
    """The issue page: the bulletin itself (``rendering``) and its neighbours.

    ``issue`` is the reader's copy, or for a preview the working copy."""
    previous, following = rendering.neighbours(issue, request.user, request.reading_versions)
    if preview:
        body = rendering.preview(issue)
    else:
        request.reading_versions.need(issue_version(issue.pk))
        body = rendering.for_readers(issue, request.reading_versions)
        readership.record_reading(request.user, issue.issue, body.distribution)
        issue = readers.as_issue(issue)
    return {
        "issue": issue,
        "issue_body": body,
        "preview": preview,
        "previous_issue": previous,
        "next_issue": following,
    }


# --- Issues -----------------------------------------------------------------------------


@reading_page
def home(request):
    """The latest issue in full."""
    request.reading_versions.need("issues")

    def latest():
        return readers.issues_for(request.user).first()

    issue = request.reading_versions.kept_for(request.user, "issues", "latest-issue", latest)
    context = {"issue": None}
    if issue is not None:
        context = _issue_context(request, issue, False)
    return render(request, "editorial/home.html", context)


@reading_page
def issue_detail(request, year, number, series=Issue.Series.REGULAR):
    request.reading_versions.need("issues")
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
    return readers.years_for(user)


@reading_page
def archive(request):
    """Every issue the reader may see, grouped by year, newest first."""
    request.reading_versions.need("site")
    issues = readers.as_issues(readers.issues_for(request.user))
    return render(request, "editorial/archive.html", {"issues": issues})


@reading_page
def archive_year(request, year):
    """One year's issues, each with its table of contents."""
    request.reading_versions.need("site")
    issues = readers.as_issues(readers.issues_for(request.user).filter(year=year), contents=True)
    if not issues:
        raise Http404
    return render(
        request,
        "editorial/archive_year.html",
        {"year": year, "issues": issues, "years": _years(request.user)},
    )


# --- Articles ----------------------------------------------------------------------------


@reading_page
def article_detail(request, pk):
    request.reading_versions.need("site")
    user = request.user
    signed = readers.article_for(user, pk)
    preview = signed is None
    if preview:
        try:
            article = _article_to_preview(user, pk)
        except _SignInRequired:
            return _sign_in(request)
        except readership.NotOnDistributionList as refusal:
            return readership.not_on_distribution_list(request, refusal.issue)
    else:
        [article] = readers.as_articles([signed])
    errata.show_on([article])
    response = render(
        request, "editorial/article_detail.html", {"article": article, "preview": preview}
    )
    return _preview(response) if preview else response


def _article_to_preview(user, pk) -> Article:
    """For an editor, the working copy of an article readers do not see (a draft's,
    or one not signed off yet); for anyone else, a refusal or nothing."""
    if can_preview(user):
        articles = Article.objects.for_listing().prefetch_related("tags")
        article = articles.filter(pk=pk).first()
        if article is not None:
            return article
    _refuse_internal(user, _issue_of(readers.internal_article(pk)))
    raise Http404


def _issue_of(article):
    return article.signed_issue if article is not None else None


class ArticleListView(ListView):
    """Signed articles across issues, newest first; subclasses say which."""

    template_name = "editorial/article_list.html"
    paginate_by = ARTICLES_PER_PAGE
    context_object_name = "articles"

    @method_decorator(reading_page)
    def dispatch(self, request, *args, **kwargs):
        request.reading_versions.need("site")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.filter_articles(readers.articles_for(self.request.user))

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = readers.as_articles(context["object_list"])
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object_list.exists():
            raise Http404
        return response


def _text_parameter(value: str) -> str:
    """A name from the address; one no database can hold (a NUL) names nothing."""
    if "\x00" in value:
        raise Http404
    return value


class TagArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.tag = get_object_or_404(Tag, slug=_text_parameter(self.kwargs["slug"]))
        return articles.filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="tag", heading=self.tag.name, **kwargs)


class SectionArticlesView(ArticleListView):
    def filter_articles(self, articles):
        return articles.filter(section_name=_text_parameter(self.kwargs["name"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="section", heading=self.kwargs["name"], **kwargs)


tag_articles = TagArticlesView.as_view()
section_articles = SectionArticlesView.as_view()


# --- Contributing organizations ------------------------------------------------------------


@reading_page
def source_list(request):
    """Organizations with how many of the readable articles each contributed."""
    request.reading_versions.need("site")
    organizations = readers.organizations_for(request.user)
    return render(request, "editorial/source_list.html", {"organizations": organizations})


@reading_page
def source_detail(request, pk):
    """One organization's articles, newest first, with a count per year."""
    request.reading_versions.need("site")
    organization = get_object_or_404(
        SourceOrganization.objects.select_related("parent").prefetch_related("aliases"), pk=pk
    )
    articles = readers.articles_for(request.user).filter(sources__organization=organization)
    per_year = readers.per_year(articles)
    if not per_year:
        raise Http404
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "editorial/source_detail.html",
        {
            "organization": organization,
            "per_year": per_year,
            "total": sum(count for _, count in per_year),
            "page_obj": page,
            "articles": readers.as_articles(page.object_list),
        },
    )


# --- Search ----------------------------------------------------------------------------------


def _filter_choices(request) -> dict:
    """The years, sections and organizations this reader can find.

    Listing them scans every readable article, so they are kept for each reader
    until anything on the site changes (the ``site`` version).
    """
    user = request.user
    versions = request.reading_versions
    versions.need("site")

    def choices():
        readable = Issue.objects.visible_to(user).values("pk")
        contributed = ArticleSource.objects.filter(
            article__in=Article.objects.visible_to(user).values("pk")
        ).values("organization_id")
        return {
            "years": _years(user),
            "sections": list(
                Section.objects.filter(issue__in=readable)
                .order_by("name")
                .values_list("name", flat=True)
                .distinct()
            ),
            "organizations": list(
                SourceOrganization.objects.filter(pk__in=contributed)
                .order_by("name")
                .values_list("pk", "name")
            ),
        }

    reader = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    return versions.kept("site", f"search-filters:{reader}", choices)


class SearchForm(forms.Form):
    """The query and its filters; the choices are what this reader can find."""

    q = forms.CharField(
        label=_("Search for"), max_length=full_text.MAX_QUERY_LENGTH, required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    section = forms.ChoiceField(label=_("Section"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Contributed by"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [(y, y) for y in choices["years"]]
        self.fields["section"].choices = everything + [(n, n) for n in choices["sections"]]
        self.fields["organization"].choices = everything + choices["organizations"]


@reading_page
def search(request):
    form = SearchForm(request.GET or None, choices=_filter_choices(request))
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
        page = Paginator(results.article_ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            results=results,
            page_obj=page,
            hits=results.hits(list(page.object_list)),
            result_limit=full_text.RESULT_LIMIT,
        )
    response = render(request, "editorial/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
