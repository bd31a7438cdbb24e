"""History entries that name fields in the reader's language.

Django stores an admin change message as JSON with the changed fields' labels
in English, and translates each label with ``gettext`` when the history is
shown (``LogEntry.get_change_message``; django-reversion keeps that text as the
revision's comment). A model field's form label is its verbose name with a
capital first letter ("Title"), which is no msgid of ours ("title" is), so the
history read "已修改 Title". ``ChangeMessageMixin`` records the verbose name
itself, the msgid, for every model field; a form's own label is kept as it is.
"""

from django.contrib.admin.utils import construct_change_message
from django.utils.text import capfirst
from django.utils.translation import override


def _msgid(model, label: str) -> str:
    """The verbose name of ``model``'s field whose form label is ``label``."""
    for field in model._meta.get_fields():
        verbose_name = getattr(field, "verbose_name", None)
        if verbose_name is not None and capfirst(str(verbose_name)) == label:
            return str(verbose_name)
    return label


def field_names_as_msgids(message: list[dict], model, formsets) -> list[dict]:
    """``message`` (as ``construct_change_message`` makes it) with each field label
    replaced by the verbose name it was made from."""
    with override(None):
        inline_models = {
            str(formset.model._meta.verbose_name): formset.model for formset in formsets
        }
        for entry in message:
            changed = entry.get("changed")
            if not changed or "fields" not in changed:
                continue
            owner = inline_models.get(changed.get("name"), model) if "name" in changed else model
            changed["fields"] = [_msgid(owner, label) for label in changed["fields"]]
    return message


class ChangeMessageMixin:
    """For every ModelAdmin: its history names fields in Chinese (see the module)."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = construct_change_message(form, formsets, add)
        return field_names_as_msgids(message, self.model, formsets or [])
