"""The editors' workspace in Django's admin: issues with their workflow panel,
articles, organizations, corrections, numbering, the legacy upload, the audit
log, and the office's side of 信息报送 (inbox, 上报, scoring rules, the 通报);
offices, bulletins and memberships, the superusers'. Each editor sees the
issues of their own offices only (``scope``). Django's admin autodiscovery
imports this package; each module registers its own model admins."""

from editorial.admin import (  # noqa: F401
    articles,
    audit,
    errata,
    issues,
    notifications,
    offices,
    organizations,
    readership,
    signoff,
    submissions,
    synonyms,
    tags,
)
