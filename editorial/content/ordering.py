"""Keeping sections, articles, sources and recipients in order.

Positions are unique within their parent (an issue's sections, a section's
articles, ...), so reordering first moves the siblings out of the way and
then numbers them 1..n in the wanted order.
"""

from django.db import transaction
from django.db.models import F, Max


def siblings_of(obj):
    return obj.siblings()


def move(obj, step: int) -> bool:
    """Move ``obj`` one place up (step -1) or down (+1) among its siblings.

    Returns False when it is already first (or last)."""
    ordered = list(siblings_of(obj).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == obj.pk)
    other = index + step
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    put_in_order(ordered, save_fields=[])
    return True


def put_in_order(ordered: list, *, save_fields=None) -> None:
    """Number ``ordered`` (siblings of one parent, saved or new) 1..n.

    Saved siblings missing from the list keep their relative order after it.
    ``save_fields=None`` saves each listed object in full (new ones are
    inserted); otherwise only those fields (plus the position) are written.
    """
    if not ordered:
        return
    model = type(ordered[0])
    siblings = siblings_of(ordered[0])
    with transaction.atomic():
        listed = {obj.pk for obj in ordered if obj.pk}
        others = list(siblings.exclude(pk__in=listed).order_by("position", "pk"))
        top = siblings.aggregate(Max("position"))["position__max"] or 0
        # Out of the way first: every new position is above every old one.
        siblings.update(position=F("position") + top + 1)
        for position, obj in enumerate(ordered, 1):
            obj.position = position
            if obj.pk is None or save_fields is None:
                obj.save()
            else:
                obj.save(update_fields=["position", *save_fields])
        for position, obj in enumerate(others, len(ordered) + 1):
            model.objects.filter(pk=obj.pk).update(position=position)


def next_position(model, **parent) -> int:
    """The position after the last of ``model``'s rows under ``parent`` (one keyword:
    the parent object, e.g. ``section=section``).

    Inside a transaction the parent's row is locked until it ends, so two editors
    adding to one section at the same instant get one position each instead of
    one of them meeting the unique constraint. (SQLite locks the whole database
    for a writer instead.)
    """
    [owner] = parent.values()
    if transaction.get_connection().in_atomic_block:
        list(type(owner).objects.select_for_update().filter(pk=owner.pk).values_list("pk"))
    highest = model.objects.filter(**parent).aggregate(Max("position"))["position__max"]
    return (highest or 0) + 1
