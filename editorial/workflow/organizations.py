"""Merging duplicate source organizations into one.

The same unit is often written several ways (市总宣教部, 市总工会宣教部); when
two records turn out to be one organization, every article credited to a
duplicate moves to the organization kept, and the duplicates' names live on
as its aliases, so that future imports and searches resolve them. The merge
leaves one entry in the audit log, naming the duplicates. It changes the
working copy only: readers see each issue's credits as signed (names and
links) until the issue is signed again. Who may merge is the change rule of
every issue crediting a duplicate (``rules.issues_naming``), asked by the door.
"""

from django.db import transaction

from editorial.content.models import ArticleSource, OrganizationAlias, SourceOrganization
from editorial.workflow import audit


def merge_into(target: SourceOrganization, duplicates, *, actor) -> int:
    """Merge ``duplicates`` into ``target`` as ``actor``; return how many article
    credits moved."""
    moved = 0
    duplicates = [duplicate for duplicate in duplicates if duplicate.pk != target.pk]
    merged = [{"id": duplicate.pk, "name": duplicate.name} for duplicate in duplicates]
    with transaction.atomic():
        for duplicate in duplicates:
            # An article credited to both keeps its credit to the target only.
            ArticleSource.objects.filter(
                organization=duplicate, article__source_links__organization=target
            ).delete()
            moved += ArticleSource.objects.filter(organization=duplicate).update(
                organization=target
            )
            OrganizationAlias.objects.filter(organization=duplicate).update(organization=target)
            if not OrganizationAlias.objects.filter(name=duplicate.name).exists():
                OrganizationAlias.objects.create(organization=target, name=duplicate.name)
            if target.parent_id == duplicate.pk:
                target.parent_id = duplicate.parent_id
            SourceOrganization.objects.filter(parent=duplicate).exclude(pk=target.pk).update(
                parent=target
            )
            if not target.short_name and duplicate.short_name:
                target.short_name = duplicate.short_name
            duplicate.delete()
        # The kept name is canonical, never an alias of itself.
        OrganizationAlias.objects.filter(name=target.name).delete()
        if target.parent_id == target.pk:
            target.parent_id = None
        target.save()
        audit.record(
            audit.MERGE,
            actor=actor,
            obj=target,
            data={"merged": merged, "credits_moved": moved},
        )
    return moved
