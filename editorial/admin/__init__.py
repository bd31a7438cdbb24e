"""The editors' workspace in Django's admin: issues with their workflow panel,
articles, organizations, corrections, numbering, statistics, the legacy upload
and the audit log. Django's admin autodiscovery imports this package; each
module registers its own model admins."""

from editorial.admin import (  # noqa: F401
    articles,
    audit,
    errata,
    issues,
    notifications,
    organizations,
    readership,
    signoff,
    synonyms,
    tags,
)
