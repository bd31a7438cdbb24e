"""Keeping what readers see current after every change made through ``save()``/``delete()``.

When an issue or anything in it changes, the issue's ``updated_at`` is bumped (it
is the issue's Last-Modified in feeds and sitemaps), the search entries of the
articles concerned are rewritten (``editorial.search.fulltext``), and — once the
transaction commits — the version tokens of the cached pages showing it are
bumped (``editorial.reading.caching``).

Connected in ``EditorialConfig.ready()``. Code that writes with ``update()`` or
``bulk_create`` bypasses these signals: it calls
``editorial.search.fulltext.reindex_articles`` / ``reindex_issues`` and
``editorial.reading.caching.issues_changed`` itself. (A new issue, and an issue whose
sections are deleted, are re-indexed as a whole after commit — or, inside
``search.bulk_indexing()`` (the legacy importer), before its transaction ends,
unless the writer indexed it itself.)
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import Tag

from editorial.content.models import (
    Article,
    ArticleSource,
    DistributionEntry,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
)
from editorial.reading import caching
from editorial.search import fulltext as search
from editorial.workflow.models import Correction

PUBLISHED = Issue.Status.PUBLISHED


def contents_changed(issue_ids, *, article_ids=()) -> None:
    """Something inside these issues changed (and these articles' searchable text)."""
    issue_ids = {pk for pk in issue_ids if pk is not None}
    if not issue_ids:
        return
    # The working copy now differs from the signed version (editorial/signoff.py).
    Issue.objects.filter(pk__in=issue_ids).update(updated_at=timezone.now(), unsigned_changes=True)
    if article_ids:
        search.reindex_articles(article_ids)
    caching.bump_on_commit(*(caching.issue_version(pk) for pk in issue_ids), "site")


def _reindex_issue_after_commit(issue_id) -> None:
    search.reindex_issues_on_commit([issue_id])


def _issue_of_section(section_id):
    return Section.objects.filter(pk=section_id).values_list("issue_id", flat=True).first()


def _issue_of_article(article_id):
    return Article.objects.filter(pk=article_id).values_list("section__issue_id", flat=True).first()


# --- Issues ---------------------------------------------------------------------------


def issue_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if instance.pk and not raw and update_fields is None:
        # An edit (not a workflow step): the working copy differs from the signed version.
        instance.unsigned_changes = True
    instance._reading_before = (
        Issue.objects.filter(pk=instance.pk).values("status", "year", "number").first()
        if instance.pk and not raw
        else None
    )


def issue_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_reading_before", None) or {}
    names = [caching.issue_version(instance.pk), "site"]
    if instance.status == PUBLISHED or before.get("status") == PUBLISHED:
        names.append("issues")
        caching.refresh_schedule_on_commit()
    caching.bump_on_commit(*names)
    renumbered = before and (before["year"], before["number"]) != (instance.year, instance.number)
    if created or renumbered:
        # Contents written in bulk after the issue row (the importer) are indexed too.
        _reindex_issue_after_commit(instance.pk)


def issue_deleted(sender, instance, **kwargs):
    caching.bump_on_commit(caching.issue_version(instance.pk), "issues", "site")
    caching.refresh_schedule_on_commit()


# --- Sections, articles, sources, tags, distribution ----------------------------------


def section_pre_save(sender, instance, raw=False, **kwargs):
    instance._reading_issue = (
        _issue_of_section(instance.pk) if instance.pk and not raw else instance.issue_id
    )


def section_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_reading_issue", instance.issue_id)
    moved = before != instance.issue_id
    articles = list(instance.articles.values_list("pk", flat=True)) if moved else ()
    contents_changed({before, instance.issue_id}, article_ids=articles)


def section_deleted(sender, instance, **kwargs):
    contents_changed({instance.issue_id})
    # The importer replaces an issue's contents by deleting its sections and
    # writing new ones in bulk: index whatever the issue holds once committed.
    _reindex_issue_after_commit(instance.issue_id)


def article_pre_save(sender, instance, raw=False, **kwargs):
    instance._reading_issue = _issue_of_article(instance.pk) if instance.pk and not raw else None


def article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    issue_id = _issue_of_section(instance.section_id)
    contents_changed(
        {getattr(instance, "_reading_issue", None), issue_id}, article_ids=[instance.pk]
    )


def article_deleted(sender, instance, **kwargs):
    contents_changed({_issue_of_section(instance.section_id)})


def source_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    contents_changed({_issue_of_article(instance.article_id)}, article_ids=[instance.article_id])


def source_deleted(sender, instance, **kwargs):
    # Not re-indexed here: the article itself may be being deleted.
    contents_changed({_issue_of_article(instance.article_id)})
    article_id = instance.article_id
    transaction.on_commit(lambda: search.reindex_articles([article_id]))


def tags_changed(sender, instance, action, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        contents_changed({_issue_of_article(instance.pk)})
    else:
        caching.bump_on_commit("site")


def tag_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        caching.bump_on_commit("site")


def distribution_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        contents_changed({instance.issue_id})


# --- Names shown on many issues: organizations and recipients ---------------------------


def _organization_changed(organization_id) -> None:
    links = ArticleSource.objects.filter(organization_id=organization_id)
    article_ids = list(links.values_list("article_id", flat=True))
    issue_ids = set(
        Article.objects.filter(pk__in=article_ids).values_list("section__issue_id", flat=True)
    )
    contents_changed(issue_ids, article_ids=article_ids)
    caching.bump_on_commit("site")


def organization_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        _organization_changed(instance.pk)


def alias_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _organization_changed(instance.organization_id)


def recipient_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    contents_changed(
        set(DistributionEntry.objects.filter(recipient=instance).values_list("issue_id", flat=True))
    )


def correction_changed(sender, instance, raw=False, **kwargs):
    """A correction shows on its article's page and its issue's page."""
    if not raw:
        issue_id = _issue_of_article(instance.article_id)
        caching.bump_on_commit(caching.issue_version(issue_id), "site")


def connect() -> None:
    uid = "editorial.reading"
    pre_save.connect(issue_pre_save, sender=Issue, dispatch_uid=uid)
    post_save.connect(issue_saved, sender=Issue, dispatch_uid=uid)
    post_delete.connect(issue_deleted, sender=Issue, dispatch_uid=uid)
    pre_save.connect(section_pre_save, sender=Section, dispatch_uid=uid)
    post_save.connect(section_saved, sender=Section, dispatch_uid=uid)
    post_delete.connect(section_deleted, sender=Section, dispatch_uid=uid)
    pre_save.connect(article_pre_save, sender=Article, dispatch_uid=uid)
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=uid)
    post_save.connect(source_saved, sender=ArticleSource, dispatch_uid=uid)
    post_delete.connect(source_deleted, sender=ArticleSource, dispatch_uid=uid)
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid=uid)
    post_save.connect(tag_saved, sender=Tag, dispatch_uid=uid)
    post_save.connect(distribution_changed, sender=DistributionEntry, dispatch_uid=uid)
    post_delete.connect(distribution_changed, sender=DistributionEntry, dispatch_uid=uid)
    post_save.connect(organization_saved, sender=SourceOrganization, dispatch_uid=uid)
    post_save.connect(alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
    post_delete.connect(alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
    post_save.connect(recipient_saved, sender=Recipient, dispatch_uid=uid)
    post_save.connect(correction_changed, sender=Correction, dispatch_uid=uid)
    post_delete.connect(correction_changed, sender=Correction, dispatch_uid=uid)
