"""Strings of Django's admin that Django's own zh_Hans catalogue lacks.

Django merges the catalogues of every installed app with those in
``LOCALE_PATHS``, and ``LOCALE_PATHS`` wins (``DjangoTranslation``: the apps'
catalogues are merged first, then ours over them). So a msgid that Django's
admin templates translate but its zh_Hans catalogue does not hold is
translated in ours. They are listed here only so that ``make messages``
(makemessages) keeps them in our catalogue; nothing imports this module.

The admin's JavaScript strings (the ``djangojs`` domain) are not merged with
``LOCALE_PATHS``: the admin's ``jsi18n`` view reads only the admin's own
catalogue.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN = [
    # The hidden headers of every app's model table (index and navigation sidebar).
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # Form errors, the sign-in page, the password pages and the user form.
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # Translated by Django ("已修改{fields}。"); ours sets the field names apart.
    gettext_noop("Changed {fields}."),
]

DJANGO_AUTH = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
