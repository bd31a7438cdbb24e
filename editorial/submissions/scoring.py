"""Points for adoptions (计分), by the rules the office keeps in the admin.

A rule gives points for one kind (article or 简讯) adopted by this bulletin or
by one higher-level publication, from its start date on. An adoption is scored
by the rule in force on its date: the one with the latest start on or before
it. An adoption with no rule in force scores nothing.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from editorial.submissions.models import ScoringRule


@dataclass(frozen=True)
class Adoption:
    """One item adopted: by whom (unit, officer), when, as what, and where
    (``publication_id`` None: this bulletin)."""

    unit_id: int
    officer_id: int | None
    on: date
    kind: str
    publication_id: int | None = None


class Rules:
    """The scoring rules, looked up by publication, kind and date."""

    def __init__(self, rules):
        self._starts: dict[tuple, list[date]] = {}
        self._points: dict[tuple, list[Decimal]] = {}
        for rule in sorted(rules, key=lambda rule: rule.starts_on):
            key = (rule.publication_id, rule.kind)
            self._starts.setdefault(key, []).append(rule.starts_on)
            self._points.setdefault(key, []).append(rule.points)

    def points(self, adoption: Adoption) -> Decimal:
        key = (adoption.publication_id, adoption.kind)
        starts = self._starts.get(key, [])
        index = bisect_right(starts, adoption.on) - 1
        return self._points[key][index] if index >= 0 else Decimal(0)


def current_rules() -> Rules:
    return Rules(ScoringRule.objects.all())
