"""The editors' workspace in Django's admin: issues with their workflow panel,
articles, organizations, corrections, numbering, statistics and the legacy
upload. Django's admin autodiscovery imports this package; each module
registers its own model admins."""

from editorial.admin import (  # noqa: F401
    articles,
    errata,
    issues,
    notifications,
    organizations,
    readership,
    signoff,
    synonyms,
    tags,
)
