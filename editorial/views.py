"""Reader-facing pages. Which issues a reader may see is decided by
``Issue.objects.visible_to``; these views only ask it."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Article, ArticleSource, DistributionEntry, Issue, Section


def _issue_with_contents(queryset):
    articles = Article.objects.order_by("position").prefetch_related(
        Prefetch(
            "source_links",
            queryset=ArticleSource.objects.select_related("organization").order_by("position"),
        )
    )
    return queryset.prefetch_related(
        Prefetch(
            "sections",
            queryset=Section.objects.order_by("position").prefetch_related(
                Prefetch("articles", queryset=articles)
            ),
        ),
        Prefetch(
            "distribution",
            queryset=DistributionEntry.objects.select_related("recipient").order_by("position"),
        ),
    )


def home(request):
    issue = _issue_with_contents(Issue.objects.visible_to(request.user)).first()
    return render(request, "editorial/home.html", {"issue": issue})


def issue_detail(request, year, number):
    issue = get_object_or_404(
        _issue_with_contents(Issue.objects.visible_to(request.user)), year=year, number=number
    )
    return render(request, "editorial/issue_detail.html", {"issue": issue})


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.visible_to(request.user).for_listing(), pk=pk)
    return render(request, "editorial/article_detail.html", {"article": article})


def source_detail(request, pk):
    raise Http404


def section_articles(request, name):
    raise Http404
