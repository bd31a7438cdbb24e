"""Markup repeated for every article of an issue, built in Python with escaping.

An issue page repeats these for dozens of articles and hundreds of paragraphs;
as tags they cost a fraction of the equivalent template loops and includes.
Everything that comes from the database is escaped (``format_html`` /
``conditional_escape``).
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from editorial.content import attribution
from editorial.output import printed
from editorial.workflow import numbering as registry

register = template.Library()

BULLET = '<span class="brief-bullet" aria-hidden="true">{}</span>'


@register.simple_tag
def distribution_rows(issue) -> list[tuple[str, str]]:
    """The 版记's 本期印发 line, or its 报/送/发 rows (``printed.distribution_rows``)."""
    return printed.distribution_rows(issue)


@register.simple_tag
def issue_label(issue) -> str:
    """2012年第8期; 2012年增刊第1期 for a supplement."""
    return registry.label(getattr(issue, "series", registry.REGULAR), issue.year, issue.number)


@register.simple_tag
def issue_file_url(issue, kind: str) -> str:
    """The address of the issue as a file: ``kind`` is "pdf" or "docx"."""
    prefix = "supplement" if issue.is_supplement else "issue"
    return reverse(
        f"editorial:{prefix}_{kind}", args=[issue.bulletin.slug, issue.year, issue.number]
    )


@register.filter
def paragraphs(article, bullet: str = ""):
    """The body as <p> elements; single line breaks kept; ``bullet`` opens the first."""
    html = []
    for index, paragraph in enumerate(article.paragraphs):
        lines = "<br>".join(conditional_escape(line) for line in paragraph.split("\n"))
        if index == 0 and bullet:
            lines = BULLET.format(conditional_escape(bullet)) + lines
        html.append(f"<p>{lines}</p>")
    return mark_safe("".join(html))  # every piece escaped above


@register.simple_tag
def sources(article):
    """（市总生活部、女工部）: the attribution as written (signed), each organization in
    it linked to its page (unlinked if it is gone since); the credit after them."""
    parts = [
        format_html('<a href="{}">{}</a>', organization.get_absolute_url(), text)
        if organization is not None and organization.pk is not None
        else conditional_escape(text)
        for text, organization in attribution.attribution_parts(article)
    ]
    if not parts:
        return ""
    return format_html('<p class="source">（{}）</p>', mark_safe("、".join(parts)))


@register.simple_tag
def source_names(article) -> str:
    """Plain names, for lists: 市总工会宣教部、市总工会研究室."""
    return "、".join(organization.name for organization in article.ordered_sources)
