"""The 通报: for a month, a quarter or a year, per unit — submitted, adopted
(articles, 简讯), adoption rate, higher-level adoptions, score, rank, quota met
— and per officer; and the units that submitted nothing (催报).

What counts:
- *Submitted*: submissions made in the period (a withdrawn one does not count).
  A unit's count is known once it takes part in information work (it has an
  officer, or has submitted before the period ends); before that — back issues
  from before the system — "submitted" and the rate are unknown (None, shown
  "—"), never zero.
- *Adopted*: submissions adopted in the period (a merged adoption counts for
  each), and the articles of live published issues dated in the period that
  came from no submission (imported back issues), for each unit credited.
- *Higher-level adoptions*: forwardings adopted there in the period, of items
  still adopted here (an item whose article was deleted counts for nothing).
- *Score*: each adoption by the rules in force on its date (``scoring``).

A circular is of some offices (``offices``: ids; None: every office): it counts
the submissions sent to them, the back-issue articles of their bulletins, the
forwardings of their items, and the officers and silent units of the units that
report to them — nothing of another office's.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.content.models import Article, ArticleSource, SourceOrganization, live_issue_q
from editorial.content.people import person_name
from editorial.offices.models import Office
from editorial.submissions.models import (
    Forwarding,
    InformationOfficer,
    Submission,
    UnitQuota,
)
from editorial.submissions.rules import in_offices
from editorial.submissions.scoring import Adoption, Rules, current_rules

MONTH, QUARTER, YEAR = "month", "quarter", "year"


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1  # the month or the quarter

    @property
    def start(self) -> date:
        if self.kind == MONTH:
            return date(self.year, self.number, 1)
        if self.kind == QUARTER:
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.kind == YEAR:
            return date(self.year, 12, 31)
        last_month = self.number if self.kind == MONTH else 3 * self.number
        return date(self.year, last_month, monthrange(self.year, last_month)[1])

    @property
    def months(self) -> int:
        return {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.number}
        if self.kind == QUARTER:
            return _("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.number}
        return _("%(year)s年") % {"year": self.year}

    @property
    def slug(self) -> str:
        if self.kind == YEAR:
            return str(self.year)
        return f"{self.year}-{'q' if self.kind == QUARTER else 'm'}{self.number}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as times: from its first moment to the first of the next day after it."""
        first = timezone.make_aware(datetime.combine(self.start, time.min))
        after = timezone.make_aware(datetime.combine(self.end, time.max))
        return first, after


@dataclass
class UnitRow:
    unit_id: int
    name: str
    submitted: int | None = None
    articles: int = 0
    briefs: int = 0
    upward: int = 0
    score: Decimal = Decimal(0)
    rank: int = 0
    quota: int | None = None

    @property
    def adopted(self) -> int:
        return self.articles + self.briefs

    @property
    def rate(self) -> Decimal | None:
        """Adopted per submitted, as a percentage; None when unknown or nothing submitted."""
        if not self.submitted:
            return None
        return (Decimal(self.adopted) * 100 / self.submitted).quantize(Decimal("0.1"))

    @property
    def quota_met(self) -> bool | None:
        if self.quota is None:
            return None
        return (self.submitted or 0) >= self.quota


@dataclass
class OfficerRow:
    user_id: int
    name: str
    unit: str
    submitted: int = 0
    adopted: int = 0
    score: Decimal = Decimal(0)


@dataclass
class Circular:
    period: Period
    units: list[UnitRow]
    officers: list[OfficerRow]
    silent: list[SourceOrganization] = field(default_factory=list)
    # The office it is of, when it is of one (the printed title names it).
    office: str = ""

    @property
    def totals(self) -> dict:
        known = [row.submitted for row in self.units if row.submitted is not None]
        return {
            "submitted": sum(known) if known else None,
            "articles": sum(row.articles for row in self.units),
            "briefs": sum(row.briefs for row in self.units),
            "adopted": sum(row.adopted for row in self.units),
            "upward": sum(row.upward for row in self.units),
            "score": sum((row.score for row in self.units), Decimal(0)),
        }


def adoptions(period: Period, offices=None) -> tuple[list[Adoption], list[Adoption]]:
    """The adoptions of the period in ``offices``: by their bulletins, and by
    higher-level publications."""
    start, end = period.start, period.end
    own = [
        Adoption(unit_id=unit, officer_id=officer, on=on, kind=kind)
        for unit, officer, on, kind in Submission.objects.of_offices(offices)
        .filter(status=Submission.Status.ADOPTED, adopted_on__range=(start, end))
        .values_list("unit_id", "submitted_by_id", "adopted_on", "adopted_as")
    ]
    back_issues = (
        in_offices(
            ArticleSource.objects.all(),
            offices,
            through="article__section__issue__bulletin__office",
        )
        .filter(
            live_issue_q(prefix="article__section__issue__"),
            article__section__issue__issue_date__range=(start, end),
            article__submissions__isnull=True,
        )
        .values_list("organization_id", "article__kind", "article__section__issue__issue_date")
        .order_by()
    )
    own += [
        Adoption(unit_id=unit, officer_id=None, on=on, kind=kind) for unit, kind, on in back_issues
    ]
    upward = [
        Adoption(unit_id=unit, officer_id=officer, on=on, kind=kind, publication_id=publication)
        for unit, officer, on, kind, publication in in_offices(
            Forwarding.objects.all(), offices, through="submission__office"
        )
        .filter(adopted_on__range=(start, end), submission__status=Submission.Status.ADOPTED)
        .values_list(
            "submission__unit_id",
            "submission__submitted_by_id",
            "adopted_on",
            "adopted_as",
            "publication_id",
        )
    ]
    return own, upward


def circular(period: Period, *, offices=None, rules: Rules | None = None) -> Circular:
    """The 通报 of ``period`` in ``offices`` (ids; None: every office): units ranked
    by score, officers, and the silent units."""
    rules = rules or current_rules()
    first, last = period.bounds()
    sent = Submission.objects.of_offices(offices)
    submitted = sent.counted().filter(submitted_at__range=(first, last))
    by_unit = dict(submitted.values_list("unit_id").annotate(n=Count("pk")).order_by())
    by_officer = dict(submitted.values_list("submitted_by_id").annotate(n=Count("pk")).order_by())

    every_officer = list(
        in_offices(
            InformationOfficer.objects.all(), offices, through="unit__reports_to"
        ).select_related("user", "unit")
    )
    # Officers named after the period take part in it only with what they did in it.
    officers = [officer for officer in every_officer if officer.since <= period.end]
    taking_part = {officer.unit_id for officer in officers} | set(
        sent.filter(submitted_at__lte=last).values_list("unit_id", flat=True).distinct()
    )
    quotas = dict(UnitQuota.objects.values_list("unit_id", "per_month"))

    units: dict[int, UnitRow] = {}

    def unit_row(unit_id) -> UnitRow:
        if unit_id not in units:
            units[unit_id] = UnitRow(unit_id=unit_id, name="")
        return units[unit_id]

    for unit_id in taking_part:
        row = unit_row(unit_id)
        row.submitted = by_unit.get(unit_id, 0)
    officer_rows: dict[int, OfficerRow] = {}
    for officer in every_officer:
        officer_rows[officer.user_id] = OfficerRow(
            user_id=officer.user_id,
            name=person_name(officer.user),
            unit=officer.unit.name,
            submitted=by_officer.get(officer.user_id, 0),
        )

    own, upward = adoptions(period, offices)
    for adoption in own + upward:
        row = unit_row(adoption.unit_id)
        points = rules.points(adoption)
        row.score += points
        if adoption.publication_id is not None:
            row.upward += 1
        elif adoption.kind == Article.Kind.BRIEF:
            row.briefs += 1
        else:
            row.articles += 1
        officer = officer_rows.get(adoption.officer_id)
        if officer is not None:
            officer.score += points
            if adoption.publication_id is None:
                officer.adopted += 1

    names = dict(SourceOrganization.objects.filter(pk__in=units).values_list("pk", "name"))
    for row in units.values():
        row.name = names.get(row.unit_id, "")
        if row.unit_id in quotas:
            row.quota = quotas[row.unit_id] * period.months
    ranked = sorted(units.values(), key=lambda row: (-row.score, -row.adopted, row.name))
    for index, row in enumerate(ranked):
        same_as_before = index and row.score == ranked[index - 1].score
        row.rank = ranked[index - 1].rank if same_as_before else index + 1

    silent_ids = {officer.unit_id for officer in officers if not by_unit.get(officer.unit_id)}
    silent = list(SourceOrganization.objects.filter(pk__in=silent_ids).order_by("name"))
    named_then = {officer.user_id for officer in officers}
    officer_list = sorted(
        (
            row
            for row in officer_rows.values()
            if row.user_id in named_then or row.submitted or row.adopted or row.score
        ),
        key=lambda row: (-row.score, -row.adopted, row.unit, row.name),
    )
    scope = [] if offices is None else list(Office.objects.filter(pk__in=offices)[:2])
    return Circular(
        period=period,
        units=ranked,
        officers=officer_list,
        silent=silent,
        office=scope[0].name if len(scope) == 1 else "",
    )
