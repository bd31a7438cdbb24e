"""Optimistic locking for articles: two editors, one article, no silent overwrite.

An edit form carries the ``version`` of the article it was loaded from. When it
is saved, the article's current version must still be that one; the save then
bumps it. A form loaded before someone else's save is refused with a message
asking the editor to reopen the article.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

STALE = "stale"


def current_version(instance) -> int | None:
    """The version stored for ``instance``, locking its row inside a transaction
    so that a concurrent save waits until this one has committed."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


def check_not_stale(instance, loaded_version) -> None:
    """Raise ``ValidationError`` unless ``instance`` is still at ``loaded_version``."""
    stored = current_version(instance)
    if stored is None:
        raise ValidationError(_("This article has been deleted in the meantime."), code=STALE)
    if loaded_version is None or int(loaded_version) != stored:
        raise ValidationError(
            _(
                "Someone else has saved this article since you opened it. "
                "Your changes were not saved: reopen the article to see the "
                "current text, then make your changes again."
            ),
            code=STALE,
        )


def bump(instance, loaded_version) -> None:
    """The version the saved article gets."""
    instance.version = int(loaded_version) + 1
