"""Reader-facing pages.

What a reader sees of an issue is its reader's copy — exactly what the chief
editor signed — and every page asks ``editorial.signed.readers`` for it, never
the editors' working copy. Which issues a reader may see is the rule readers
applies (``readable_q``: the visibility and 本期印发 list as signed). Editors
(``editorial.view_issue`` or ``change_issue``) preview what readers cannot see
yet — a draft, a scheduled issue, an article not signed off — on the same page,
under a banner: the one place the working copy is shown, never cached, reached
only through ``editorial.workflow.preview``. An internal issue sends an
anonymous reader to sign in.

Every page is wrapped in ``caching.reading_page``, which says what it depends
on (``"issues"`` and the issue at its address for an issue page, ``"site"``
for everything else) and gives it ETag, Last-Modified, 304s and the page cache.
Files — an issue's PDF and Word file, an article's picture — are not pages:
their views apply the same reading rule and give their own ETag.
"""

import functools
import hashlib
import mimetypes

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView

from editorial.content import images, readership
from editorial.output import files
from editorial.reading import rendering, signin, sites
from editorial.reading.caching import issue_token, kept, kept_for_anonymous, reading_page
from editorial.search import forms as search_forms
from editorial.search import fulltext as full_text
from editorial.signed import readers
from editorial.workflow import errata, preview

ARTICLES_PER_PAGE = 30
RESULTS_PER_PAGE = 20


class _SignInRequired(Exception):
    pass


def _readable_issue(request, bulletin, **lookup):
    """The issue of ``bulletin`` (the slug in the address) matching ``lookup``
    (series, year, number) and whether it is a preview.

    A reader gets the reader's copy (``SignedIssue``) ``readers`` allows; an
    editor may preview any other issue (its working copy, an ``Issue``); an
    internal issue asks an anonymous reader to sign in, and tells a signed-in
    reader whose unit is not on its distribution list so (``readership``);
    anything else does not exist.
    """
    user = request.user
    bulletin = sites.bulletin_at(request, bulletin)

    def find():
        return readers.issue_for(user, bulletin.pk, **lookup)

    described = ",".join(f"{name}={value}" for name, value in sorted(lookup.items()))
    issue = kept_for_anonymous(request, f"issue:{bulletin.pk}:{described}", find)
    if issue is not None:
        return issue, False
    issue = preview.issue(user, bulletin=bulletin.pk, **lookup)
    if issue is not None:
        return issue, True
    _refuse_internal(user, readers.internal_issue(bulletin.pk, **lookup))
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
    """The reading site's sign-in page, saying the issue is internal (内部资料)."""
    return redirect(signin.sign_in_url(request.get_full_path(), reason=signin.INTERNAL))


def _refusing(view):
    """``view``, answering a refusal of its reading rule as a reader sees it: the
    sign-in page, or the page saying they are not on an internal issue's list."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInRequired:
            return _sign_in(request)
        except readership.NotOnDistributionList as refusal:
            return readership.not_on_distribution_list(request, refusal.issue)

    return answer


def _preview(response):
    """A preview is never cached anywhere and never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _issue_context(request, issue, preview: bool) -> dict:
    """The issue page: the bulletin itself and, below it, the links to its files
    and its neighbours (``rendering``; both kept per version).

    ``issue`` is the reader's copy, or for a preview the working copy."""
    if preview:
        body = rendering.preview_of(issue)
    else:
        body = rendering.for_readers(issue, request)
        if request.user.is_authenticated:
            listed = readers.listed_units(issue.pk)
            readership.record_reading(request.user, issue.issue, listed)
    return {
        # Built only where a template asks for it (the home page's permanent link).
        "issue": issue if preview else SimpleLazyObject(functools.partial(readers.as_issue, issue)),
        "issue_body": body,
        "issue_surroundings": rendering.surroundings(issue, request, preview=preview),
        "preview": preview,
    }


# --- Issues -----------------------------------------------------------------------------


@reading_page(depends_on=("issues",))
def home(request):
    """The bulletins this host serves that the reader may read, each with its
    latest issue; where it serves one bulletin only, its latest issue in full."""
    scope = sites.scope(request)
    if scope.only is not None:
        return _latest_in_full(request, scope.only)

    def latest():
        return readers.latest_per_bulletin(request.user, scope.ids)

    newest = kept_for_anonymous(request, f"latest-per-bulletin:{scope.key}", latest)
    listed = [
        (bulletin, readers.as_issue(newest[bulletin.pk]))
        for bulletin in scope.bulletins
        if bulletin.pk in newest
    ]
    return render(request, "editorial/bulletins.html", {"bulletins": listed, "scope": scope})


@reading_page(depends_on=("issues",))
def bulletin_home(request, bulletin):
    """A bulletin's latest issue in full."""
    return _latest_in_full(request, sites.bulletin_at(request, bulletin))


def _latest_in_full(request, bulletin):
    request.bulletin = bulletin

    def latest():
        return readers.issues_for(request.user, bulletin.pk).first()

    issue = kept_for_anonymous(request, f"latest-issue:{bulletin.pk}", latest)
    context = {"issue": None}
    if issue is not None:
        context = _issue_context(request, issue, False)
    return render(request, "editorial/home.html", context)


def moved(request, to, **kwargs):
    """An address of before bulletins were data (``/issues/2012/8/``): for good
    (301) at the same page of the migrated bulletin, query string and all."""
    bulletin = sites.migrated_bulletin(request)
    if bulletin is None:
        raise Http404
    try:
        address = reverse(f"editorial:{to}", kwargs={"bulletin": bulletin.slug, **kwargs})
    except NoReverseMatch:  # a section name no address can hold
        raise Http404 from None
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{address}?{query}" if query else address, permanent=True)


@reading_page(depends_on=("issues", issue_token))
@_refusing
def issue_detail(request, bulletin, year, number, series=readers.REGULAR):
    issue, preview = _readable_issue(request, bulletin, series=series, year=year, number=number)
    response = render(
        request, "editorial/issue_detail.html", _issue_context(request, issue, preview)
    )
    return _preview(response) if preview else response


@_refusing
def issue_file(request, bulletin, year, number, kind, series=readers.REGULAR):
    """The signed issue as its office sends it: a PDF or Word file
    (``editorial.output``), by the issue page's reading rule. A draft has none
    here (an editor previews it in the admin); the file is rendered once per
    signed version and its fingerprint is its ETag."""
    issue, preview = _readable_issue(request, bulletin, series=series, year=year, number=number)
    if preview:
        raise Http404
    found = files.signed_file(issue.pk, kind)
    if found is None:
        raise Http404
    etag = f'"{found.fingerprint}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    try:
        content = found.content()
    except files.RenderUnavailable as unavailable:
        return files.unavailable(request, unavailable)
    response = HttpResponse(content, content_type=found.content_type)
    response["ETag"] = etag
    response["Content-Disposition"] = found.disposition
    if request.user.is_authenticated or issue.visibility == readers.INTERNAL:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


@reading_page(depends_on=("site",))
def archive(request, bulletin):
    """Every issue of the bulletin the reader may see, grouped by year, newest first."""
    bulletin = sites.bulletin_at(request, bulletin)
    issues = readers.as_issues(readers.issues_for(request.user, bulletin.pk))
    return render(request, "editorial/archive.html", {"issues": issues})


@reading_page(depends_on=("site",))
def archive_year(request, bulletin, year):
    """One year's issues of the bulletin, each with its table of contents."""
    bulletin = sites.bulletin_at(request, bulletin)
    found = readers.issues_for(request.user, bulletin.pk).filter(year=year)
    issues = readers.as_issues(found, contents=True)
    if not issues:
        raise Http404
    return render(
        request,
        "editorial/archive_year.html",
        {"year": year, "issues": issues, "years": readers.years_for(request.user, bulletin.pk)},
    )


# --- Articles ----------------------------------------------------------------------------


@reading_page(depends_on=("site",))
@_refusing
def article_detail(request, bulletin, pk):
    user = request.user
    bulletin = sites.bulletin_at(request, bulletin)
    signed = readers.article_for(user, pk, bulletin.pk)
    preview = signed is None
    if preview:
        article = _article_to_preview(user, pk, bulletin)
    else:
        [article] = readers.as_articles([signed])
    errata.show_on([article])
    response = render(
        request, "editorial/article_detail.html", {"article": article, "preview": preview}
    )
    return _preview(response) if preview else response


def _article_to_preview(user, pk, bulletin):
    """For an editor, the working copy of an article of ``bulletin`` readers do not
    see (a draft's, or one not signed off yet); for anyone else, a refusal or nothing."""
    article = preview.article(user, pk)
    if article is not None and article.section.issue.bulletin_id == bulletin.pk:
        return article
    _refuse_internal(user, _issue_of(readers.internal_article(pk, bulletin.pk)))
    raise Http404


def _issue_of(article):
    return article.signed_issue if article is not None else None


# A content-addressed picture never changes under its address.
PICTURE_MAX_AGE = 60 * 60 * 24 * 365
# What a browser is given as a picture (an SVG could run script on the site's address).
PICTURE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


@_refusing
def article_picture(request, bulletin, pk, path):
    """A picture shown under an article, by the reading rule of the article's
    page: a reader gets a picture of the reader's copy (``SignedArticle.images``)
    only; an editor previewing also gets the working copy's (a draft's, one not
    signed yet, the admin's inline). Nothing else in storage is reachable."""
    user = request.user
    bulletin = sites.bulletin_at(request, bulletin)
    signed = readers.article_for(user, pk, bulletin.pk)
    if signed is not None:
        name = _named(path, (image["file"] for image in signed.images))
        if name is not None:
            internal = signed.signed_issue.visibility == readers.INTERNAL
            return _picture(request, name, shared=not internal)
    name = _named(path, preview.picture_names(user, pk))
    if name is not None:
        return _preview(_picture(request, name, shared=False))
    if signed is None:
        _refuse_internal(user, _issue_of(readers.internal_article(pk, bulletin.pk)))
    raise Http404


def _named(path: str, names) -> str | None:
    """The stored name among ``names`` that the address's ``path`` stands for."""
    return next((name for name in names if images.path_of(name) == path), None)


def _stored_digest(name: str) -> str:
    """The SHA-256 of a stored file, read a chunk at a time."""
    digest = hashlib.sha256()
    with default_storage.open(name) as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def _picture(request, name: str, *, shared: bool):
    """The stored picture ``name``, streamed from storage (never read whole), with
    its hash as ETag; a content-addressed one is kept a year (in shared caches too
    when ``shared``: a public issue's), and its name already holds its hash, so a
    revalidation reads no bytes."""
    if not default_storage.exists(name):
        raise Http404
    digest = images.digest_of(name) or _stored_digest(name)
    etag = f'"{digest}"'
    content_type = mimetypes.guess_type(name)[0]
    response = get_conditional_response(request, etag=etag)
    if response is None:
        stored = default_storage.open(name)
        if content_type in PICTURE_TYPES:
            response = FileResponse(stored, content_type=content_type)
        else:  # a file an editor uploaded that is no picture: never rendered on the site
            response = FileResponse(
                stored,
                as_attachment=True,
                filename=name.rsplit("/")[-1],
                content_type="application/octet-stream",
            )
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    if images.is_content_addressed(name):
        patch_cache_control(
            response, public=shared, private=not shared, max_age=PICTURE_MAX_AGE, immutable=True
        )
    else:
        patch_cache_control(response, public=shared, private=not shared, no_cache=True)
    return response


@method_decorator(reading_page(depends_on=("site",)), name="dispatch")
class ArticleListView(ListView):
    """Signed articles across issues, newest first; subclasses say which."""

    template_name = "editorial/article_list.html"
    paginate_by = ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return self.filter_articles(readers.articles_for(self.request.user, self.bulletins()))

    def bulletins(self):
        """The bulletins listed: every one this host serves (``readers`` filter)."""
        return sites.scope(self.request).ids

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
        slug = _text_parameter(self.kwargs["slug"])
        self.tag = readers.tag_for(self.request.user, slug, self.bulletins())
        if self.tag is None:
            raise Http404
        return articles.filter(tags__slug=self.tag.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="tag", heading=self.tag.name, **kwargs)


class SectionArticlesView(ArticleListView):
    """A section's articles, in one bulletin (its sections are its own)."""

    def bulletins(self):
        return sites.bulletin_at(self.request, self.kwargs["bulletin"]).pk

    def filter_articles(self, articles):
        return articles.filter(section_name=_text_parameter(self.kwargs["name"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="section", heading=self.kwargs["name"], **kwargs)


tag_articles = TagArticlesView.as_view()
section_articles = SectionArticlesView.as_view()


@reading_page(depends_on=("site",))
def section_list(request, bulletin):
    """Every section of the bulletin's issues the reader may read, with its number
    of articles."""
    bulletin = sites.bulletin_at(request, bulletin)
    sections = [
        {
            "name": name,
            "article_count": count,
            "url": reverse("editorial:section_articles", args=[bulletin.slug, name]),
        }
        for name, count in readers.sections_for(request.user, bulletin.pk)
    ]
    return render(request, "editorial/section_list.html", {"sections": sections})


@reading_page(depends_on=("site",))
def tag_list(request):
    """Every tag of the articles the reader may read, with its number of articles."""
    tags = readers.tags_for(request.user, sites.scope(request).ids)
    return render(request, "editorial/tag_list.html", {"tags": tags})


# --- Contributing organizations ------------------------------------------------------------


@reading_page(depends_on=("site",))
def source_list(request):
    """Organizations with how many of the readable articles each contributed."""
    organizations = readers.organizations_for(request.user, sites.scope(request).ids)
    return render(request, "editorial/source_list.html", {"organizations": organizations})


@reading_page(depends_on=("site",))
def source_detail(request, pk):
    """One organization's articles, newest first, with a count per year: by its
    name as signed, and the other names its signed articles credit it by."""
    user, bulletins = request.user, sites.scope(request).ids
    organization = readers.organization_for(user, pk, bulletins)
    if organization is None:
        raise Http404
    articles = readers.articles_for(user, bulletins).filter(sources__organization_id=pk).distinct()
    per_year = readers.per_year(articles)
    other_names = [
        name for name in readers.names_signed(user, pk, bulletins) if name != organization.name
    ]
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "editorial/source_detail.html",
        {
            "organization": organization,
            "other_names": other_names,
            "per_year": per_year,
            "total": sum(count for _, count in per_year),
            "page_obj": page,
            "articles": readers.as_articles(page.object_list),
        },
    )


# --- Search ----------------------------------------------------------------------------------


@reading_page(depends_on=("site",))
def search(request, bulletin=None):
    """Search the reader's copy: of every bulletin this host serves, which the
    reader may narrow to one bulletin or one office, or (at a bulletin's
    address) of that bulletin. The filters offer what this reader can find."""
    scope = sites.scope(request)
    if bulletin is not None:
        bulletin = sites.bulletin_at(request, bulletin)
    choices = search_forms.filter_choices(
        request.user, functools.partial(kept, request), scope=scope, bulletin=bulletin
    )
    form = search_forms.SearchForm(request.GET or None, choices=choices)
    context = {"form": form, "query": request.GET.get("q", ""), "searched_bulletin": bulletin}
    # Words are asked for only when nothing else is wrong: a bad filter reports itself.
    context["asks_for_words"] = (
        form.is_bound and form.is_valid() and not form.cleaned_data["q"] and bool(context["query"])
    )
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = full_text.search_articles(
            data["q"],
            request.user,
            bulletin=search_forms.bulletins_searched(data, scope, bulletin),
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
