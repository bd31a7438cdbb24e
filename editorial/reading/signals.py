"""Which changes make reading pages out of date, and the tokens they bump.

Readers see an issue's reader's copy (``editorial.signed``), written at each
sign-off, filtered by the issue's workflow state. So a page changes only when:

- a reader's copy is written (a sign-off: ``SignedIssue`` rows rewritten);
- an issue's workflow state, visibility, publish time or address changes, or
  the issue is deleted;
- a correction is added or removed;
- an organization, an alias, a recipient or a tag is renamed or deleted;
- an office or a bulletin is saved or deleted (its name, publisher, address,
  host name: the directory of bulletins, ``editorial.reading.sites``);
- a unit membership changes (what a signed-in reader may see, and the search
  filters kept for them);
- a scheduled issue goes live (no write at all: ``versions.publication_due``).

Edits of the working copy (sections, articles, sources, distribution list)
change nothing readers see until they are signed off, and bump nothing. Each
change bumps its tokens (``editorial.reading.versions``) once its transaction
has committed. Connected in ``EditorialConfig.ready()``. Every writer saves
issues through the models, so that these receivers see each change.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag

from editorial.content.models import (
    Issue,
    OrganizationAlias,
    Recipient,
    SourceOrganization,
    UnitMembership,
)
from editorial.offices.models import Bulletin, Office
from editorial.reading.versions import (
    ISSUES,
    SITE,
    bump_on_commit,
    issue_token,
    refresh_schedule_on_commit,
)
from editorial.signed.models import SignedIssue
from editorial.workflow.models import Correction

# What readers are filtered by (workflow state) and where they find the issue.
ADDRESS = ("series", "year", "number")
READER_FIELDS = ("status", "visibility", "publish_at", "bulletin_id", *ADDRESS)


def _slug(bulletin_id) -> str:
    return Bulletin.objects.filter(pk=bulletin_id).values_list("slug", flat=True).first() or ""


def _token(row) -> str:
    """The token of the address of ``row`` (an issue, its reader's copy, or the
    values of one)."""
    if isinstance(row, dict):
        return issue_token(_slug(row["bulletin_id"]), row["year"], row["number"], row["series"])
    return issue_token(_slug(row.bulletin_id), row.year, row.number, row.series)


# --- Issues and their readers' copies ---------------------------------------------------


def issue_pre_save(sender, instance, raw=False, **kwargs):
    instance._reading_before = (
        Issue.objects.filter(pk=instance.pk).values(*READER_FIELDS).first()
        if instance.pk and not raw
        else None
    )


def issue_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_reading_before", None)
    if before is None:
        if created and instance.status == Issue.Status.PUBLISHED:
            bump_on_commit(_token(instance), ISSUES, SITE)
            if instance.is_scheduled:
                # (Published at once, it cannot be the next one to go live: the
                # schedule stays; an import of past issues asks for it no more.)
                refresh_schedule_on_commit()
        return
    if all(before[name] == getattr(instance, name) for name in READER_FIELDS):
        return  # an edit of the working copy: readers see it once signed off
    bump_on_commit(_token(before), _token(instance), ISSUES, SITE)
    refresh_schedule_on_commit()


def issue_deleted(sender, instance, **kwargs):
    bump_on_commit(_token(instance), ISSUES, SITE)
    refresh_schedule_on_commit()


def reader_copy_written(sender, instance, raw=False, **kwargs):
    """A sign-off rewrote the issue's reader's copy (``signed.publish.publish_copy``)."""
    if raw:
        return
    bump_on_commit(_token(instance), _token(instance.issue), ISSUES, SITE)


def correction_changed(sender, instance, raw=False, **kwargs):
    """A correction shows on its article's page and on the page of the issue that
    shows the article: the one whose reader's copy holds it, and the one it is
    in now."""
    if raw:
        return
    article = instance.article_id
    shown_in = [
        *SignedIssue.objects.filter(articles__article_id=article).only(*ADDRESS, "bulletin_id"),
        *Issue.objects.filter(sections__articles=article).only(*ADDRESS, "bulletin_id"),
    ]
    bump_on_commit(*map(_token, shown_in), SITE)


# --- Names shown across the site ---------------------------------------------------------


def renamed(sender, instance, created=False, raw=False, **kwargs):
    """An organization, alias, recipient or tag saved (a new one shows nowhere yet)
    or deleted. The issue pages show names as signed; lists and article pages
    show the current ones."""
    if not created and not raw:
        bump_on_commit(SITE)


def directory_changed(sender, instance, raw=False, **kwargs):
    """An office or a bulletin saved or deleted: the masthead title, publisher and
    address of its pages, and which host name serves it."""
    if not raw:
        bump_on_commit(ISSUES, SITE)


def membership_changed(sender, instance, raw=False, **kwargs):
    """A reader's unit decides which internal issues they see."""
    if not raw:
        bump_on_commit(SITE)


def connect() -> None:
    uid = "editorial.reading"
    pre_save.connect(issue_pre_save, sender=Issue, dispatch_uid=uid)
    post_save.connect(issue_saved, sender=Issue, dispatch_uid=uid)
    post_delete.connect(issue_deleted, sender=Issue, dispatch_uid=uid)
    post_save.connect(reader_copy_written, sender=SignedIssue, dispatch_uid=uid)
    post_save.connect(correction_changed, sender=Correction, dispatch_uid=uid)
    post_delete.connect(correction_changed, sender=Correction, dispatch_uid=uid)
    for named in (SourceOrganization, OrganizationAlias, Recipient, Tag):
        post_save.connect(renamed, sender=named, dispatch_uid=uid)
        post_delete.connect(renamed, sender=named, dispatch_uid=uid)
    post_save.connect(membership_changed, sender=UnitMembership, dispatch_uid=uid)
    for directory in (Office, Bulletin):
        post_save.connect(directory_changed, sender=directory, dispatch_uid=uid)
        post_delete.connect(directory_changed, sender=directory, dispatch_uid=uid)
    post_delete.connect(membership_changed, sender=UnitMembership, dispatch_uid=uid)
