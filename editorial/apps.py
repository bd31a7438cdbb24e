from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Bulletin editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Search entries and cached reading pages follow every change (editorial/signals.py).
        from editorial.reading import signals
        from editorial.search import index, synonyms
        from editorial.workflow import numbering

        numbering.connect()
        signals.connect()
        # The cached synonym table is dropped when a group changes.
        synonyms.connect()
        # Signed articles are found by their organizations' present names.
        index.connect()
