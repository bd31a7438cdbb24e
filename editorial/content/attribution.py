"""An article's attribution (来源): the organizations it is linked to, and the
words print puts in parentheses after it.

The editor types the sources once, in the order written; each name is one
organization (found by its name, short name or an alias, or created). The
printed attribution is derived from them unless the editor writes it
otherwise:

- each organization is written by its short name when it has one, else by
  the shortest alias that is a short form of its name (市总宣教部 for
  市总工会宣教部, kept when an editor typed it so), else by its name as
  typed: the short form of a name (吴江区总工会法律部 → 吴江区总法律部) is
  printed only when an editor chooses it — by typing it, as the
  organization's short name, or in the printed attribution itself;
- a department that follows a name with the same parent drops the parent
  (市总生活部、市总女工部 → 市总生活部、女工部), exactly as the legacy parser reads
  it back (``editorial.naming.compress``).

Readers see the attribution as written, each organization in it linked to
its page (``attribution_parts``): a part is linked to the source of that name
(or short form), and the remaining organization-like parts to the remaining
sources in order. A credit that is no organization (综合来稿) is its own field,
printed after the organizations unless the text already holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from editorial.content.models import ArticleSource, SourceOrganization
from editorial.naming import (
    canonical_name,
    compress,
    organization_parts,
    split_names,
)


def printed_name(organization: SourceOrganization) -> str:
    """How print writes one organization (its aliases read, or prefetched)."""
    if organization.short_name:
        return organization.short_name
    short_aliases = [
        alias.name
        for alias in organization.aliases.all()
        if canonical_name(alias.name) == organization.name
        and len(alias.name) < len(organization.name)
    ]
    if short_aliases:
        return min(short_aliases, key=lambda name: (len(name), name))
    return organization.name


def derived_attribution(organizations) -> str:
    """The attribution print writes for these organizations, in order."""
    return compress([printed_name(organization) for organization in organizations])


def find(name: str) -> SourceOrganization | None:
    """The organization this name is written for: its name, an alias, its short
    name, or the canonical form of a short one (市总宣教部 → 市总工会宣教部)."""
    name = name.strip()
    candidates = {name, canonical_name(name)}
    return (
        SourceOrganization.objects.filter(
            Q(name__in=candidates) | Q(aliases__name__in=candidates) | Q(short_name=name)
        )
        .distinct()
        .order_by("pk")
        .first()
    )


@dataclass
class ResolvedSources:
    """A list of names typed in order, each with the organization it stands for
    (None: found nowhere, to be created)."""

    entries: list[tuple[str, SourceOrganization | None]] = field(default_factory=list)

    @property
    def found(self) -> list[SourceOrganization]:
        return [organization for _name, organization in self.entries if organization]

    @property
    def unknown(self) -> list[str]:
        return [name for name, organization in self.entries if organization is None]

    @property
    def printed(self) -> str:
        """The attribution as the editor typed the names (吴江区总工会法律部 stays so;
        市总生活部、女工部 for 市总生活部 and 市总女工部, as print joins them)."""
        return compress([name for name, _organization in self.entries])

    def organizations(self) -> tuple[list[SourceOrganization], list[SourceOrganization]]:
        """Every organization in the order typed, creating the unknown ones; and
        those created."""
        ordered, created = [], []
        for name, organization in self.entries:
            if organization is None:
                organization = create_organization(name)
                created.append(organization)
            ordered.append(organization)
        return ordered, created


def resolve(text: str) -> ResolvedSources:
    """The organizations typed in ``text`` (names separated by 、 or commas, a
    shared parent left out as print does), in order, each once."""
    resolved = ResolvedSources()
    seen = set()
    for name in split_names(text.replace("\n", "、")):
        organization = find(name)
        key = organization.pk if organization is not None else canonical_name(name)
        if key not in seen:
            seen.add(key)
            resolved.entries.append((name, organization))
    return resolved


def create_organization(written: str) -> SourceOrganization:
    """A new organization typed as ``written``: named in full (市总工会女工部 for
    市总女工部), the written form kept as an alias so that it is found next time."""
    name = canonical_name(written)
    organization = SourceOrganization.objects.create(name=name)
    if name != written:
        organization.aliases.create(name=written)
    return organization


def attribution_parts(article) -> list[tuple[str, SourceOrganization | None]]:
    """The attribution as printed, cut into its parts, each with the source it
    links to (None: printed unlinked). Reads only ``article.source_text``,
    ``credit`` and its source links (signed or live, prefetched or not)."""
    sources = list(article.ordered_sources)
    credit = article.credit
    if not article.source_text:
        parts: list[tuple[str, SourceOrganization | None]] = [
            (organization.name, organization) for organization in sources
        ]
    else:
        cut = organization_parts(article.source_text, credit)
        remaining = list(sources)
        chosen: list[SourceOrganization | None] = []
        for _part, full in cut:
            match = None
            if full is not None:
                names = {full, canonical_name(full)}
                match = next((o for o in remaining if o.name in names), None)
                if match is not None:
                    remaining.remove(match)
            chosen.append(match)
        # Parts named otherwise than their organization: the remaining sources, in order.
        for index, (_part, full) in enumerate(cut):
            if full is not None and chosen[index] is None and remaining:
                chosen[index] = remaining.pop(0)
        parts = [(part, o) for (part, _full), o in zip(cut, chosen, strict=True)]
    if credit and credit not in {part for part, _organization in parts}:
        parts.append((credit, None))
    return parts


def printed(article) -> str:
    """（市总生活部、女工部）: the attribution as plain text, as print writes it."""
    parts = [text for text, _organization in attribution_parts(article)]
    return f"（{'、'.join(parts)}）" if parts else ""


def links_no_organization(article) -> bool:
    """Does the printed attribution name organizations without linking any?
    (A credit alone, 综合来稿, names none.)"""
    if not article.source_text:
        return False
    cut = organization_parts(article.source_text, article.credit)
    named = any(full is not None for _part, full in cut)
    return named and not any(organization for _part, organization in attribution_parts(article))


def link(article, organizations: list[SourceOrganization]) -> bool:
    """Make ``organizations`` the article's sources, in this order. Returns
    whether anything changed."""
    current = [link.organization_id for link in article.source_links.order_by("position")]
    wanted = [organization.pk for organization in organizations]
    if current == wanted:
        return False
    for old in ArticleSource.objects.filter(article=article):
        old.delete()
    for position, organization in enumerate(organizations, 1):
        article.source_links.create(organization=organization, position=position)
    return True
