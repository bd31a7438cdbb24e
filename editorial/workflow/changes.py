"""Noting that the working copy of an issue has changed since it was signed off.

Every edit saved through ``save()``/``delete()`` to an issue or anything in it
— sections, articles, sources, tags, distribution list, and the organizations,
recipients and tags it names — sets the issue's ``unsigned_changes`` (so that the
workflow offers to sign off the changes: ``signoff.may_have_unsigned_changes``)
and its ``updated_at``. A workflow step saves only the fields it changes
(``update_fields``) and is not an edit. Readers are not concerned: they see the
reader's copy written at sign-off.

Connected in ``EditorialConfig.ready()``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import Tag

from editorial.content.models import (
    Article,
    ArticleImage,
    ArticleSource,
    DistributionEntry,
    Issue,
    OrganizationAlias,
    Recipient,
    Section,
    SourceOrganization,
)


def edited(issue_ids) -> None:
    """Something inside these issues changed."""
    issue_ids = {pk for pk in issue_ids if pk is not None}
    if issue_ids:
        Issue.objects.filter(pk__in=issue_ids).update(
            updated_at=timezone.now(), unsigned_changes=True
        )


def _issue_of_section(section_id):
    return Section.objects.filter(pk=section_id).values_list("issue_id", flat=True).first()


def _issue_of_article(article_id):
    return Article.objects.filter(pk=article_id).values_list("section__issue_id", flat=True).first()


def issue_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if instance.pk and not raw and update_fields is None:
        instance.unsigned_changes = True


def section_pre_save(sender, instance, raw=False, **kwargs):
    instance._issue_before = (
        _issue_of_section(instance.pk) if instance.pk and not raw else instance.issue_id
    )


def section_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        # A section moved to another issue changes both.
        edited({getattr(instance, "_issue_before", None), instance.issue_id})


def section_deleted(sender, instance, **kwargs):
    edited({instance.issue_id})


def article_pre_save(sender, instance, raw=False, **kwargs):
    instance._issue_before = _issue_of_article(instance.pk) if instance.pk and not raw else None


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        edited({getattr(instance, "_issue_before", None), _issue_of_section(instance.section_id)})


def article_deleted(sender, instance, **kwargs):
    edited({_issue_of_section(instance.section_id)})


def article_part_changed(sender, instance, raw=False, **kwargs):
    """A source or a picture of an article (both are signed with it)."""
    if not raw:
        edited({_issue_of_article(instance.article_id)})


def tags_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        edited({_issue_of_article(instance.pk)})


def tag_saved(sender, instance, raw=False, **kwargs):
    """A tag renamed: every issue with an article carrying it prints another name."""
    if not raw and instance.pk:
        edited(Article.objects.filter(tags=instance).values_list("section__issue_id", flat=True))


def distribution_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        edited({instance.issue_id})


def _organization_changed(organization_id) -> None:
    edited(
        Article.objects.filter(source_links__organization_id=organization_id).values_list(
            "section__issue_id", flat=True
        )
    )


def organization_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        _organization_changed(instance.pk)


def alias_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _organization_changed(instance.organization_id)


def recipient_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        edited(
            DistributionEntry.objects.filter(recipient=instance).values_list("issue_id", flat=True)
        )


def connect() -> None:
    uid = "editorial.workflow.changes"
    pre_save.connect(issue_pre_save, sender=Issue, dispatch_uid=uid)
    pre_save.connect(section_pre_save, sender=Section, dispatch_uid=uid)
    post_save.connect(section_saved, sender=Section, dispatch_uid=uid)
    post_delete.connect(section_deleted, sender=Section, dispatch_uid=uid)
    pre_save.connect(article_pre_save, sender=Article, dispatch_uid=uid)
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=uid)
    post_save.connect(article_part_changed, sender=ArticleSource, dispatch_uid=uid)
    post_delete.connect(article_part_changed, sender=ArticleSource, dispatch_uid=uid)
    post_save.connect(article_part_changed, sender=ArticleImage, dispatch_uid=uid)
    post_delete.connect(article_part_changed, sender=ArticleImage, dispatch_uid=uid)
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid=uid)
    post_save.connect(tag_saved, sender=Tag, dispatch_uid=uid)
    post_save.connect(distribution_changed, sender=DistributionEntry, dispatch_uid=uid)
    post_delete.connect(distribution_changed, sender=DistributionEntry, dispatch_uid=uid)
    post_save.connect(organization_saved, sender=SourceOrganization, dispatch_uid=uid)
    post_save.connect(alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
    post_delete.connect(alias_changed, sender=OrganizationAlias, dispatch_uid=uid)
    post_save.connect(recipient_saved, sender=Recipient, dispatch_uid=uid)
