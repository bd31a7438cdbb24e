from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Bulletin editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.http.converters import DatabaseIntegerConverter
        from editorial.reading import signals as reading
        from editorial.search import index, synonyms
        from editorial.workflow import changes, numbering

        # Numbers in addresses (<dbint:pk>) are ones the database can hold.
        register_converter(DatabaseIntegerConverter, "dbint")
        numbering.connect()
        # An edit of the working copy is noted as unsigned changes of its issue.
        changes.connect()
        # Cached reading pages follow sign-offs and workflow steps.
        reading.connect()
        # The cached synonym table is dropped when a group changes.
        synonyms.connect()
        # Signed articles are found by their organizations' aliases too.
        index.connect()
