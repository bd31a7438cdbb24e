"""The 期号 registry: how issues are numbered, and where the numbering has holes.

Two series (``Issue.Series``): the regular bulletin and 增刊 (supplements). Each
is numbered 第1期, 第2期, … from 1 every year, separately; two issues can never
hold the same number in one series and year (a database constraint). 总第N期
(``cumulative_number``) runs on across years, for the regular series only.

A number is provisional while its issue is a draft: editors may change it. It
is fixed when the issue is signed off: ``check_before_signing`` (called by the
workflow) refuses a number someone else holds and warns about a gap, and from
then on ``ensure_number_unchanged`` (called by ``Issue.save``) refuses any
change until the issue is back in draft.

``report()`` lists, per year and series, the gaps and duplicates in the
numbering — legacy imports can create both — for the admin's numbering page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from editorial.content.models import Issue
from editorial.workflow import audit

REGULAR = Issue.Series.REGULAR
SUPPLEMENT = Issue.Series.SUPPLEMENT
# What identifies an issue in the registry: fixed from sign-off on.
NUMBER_FIELDS = ("bulletin_id", "series", "year", "number", "cumulative_number")
SIGNED = (Issue.Status.APPROVED, Issue.Status.PUBLISHED)


class NumberingError(Exception):
    """A number that cannot be used or changed; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def label(series: str, year: int, number: int) -> str:
    """2012年第8期, 2012年增刊第1期."""
    if series == SUPPLEMENT:
        return _("%(year)s, Supplement No. %(number)s") % {"year": year, "number": number}
    return _("%(year)s, No. %(number)s") % {"year": year, "number": number}


# --- Numbering a new issue ------------------------------------------------------------


def next_number(year: int, series: str = REGULAR) -> int:
    """The next 第N期 of a series in a year: one more than the highest held."""
    return Issue.objects.next_number(year, series)


def next_cumulative_number(series: str = REGULAR) -> int | None:
    """The next 总第N期: one more than the highest of the regular series.

    None for a supplement (they are not counted), and while no issue has one.
    """
    if series != REGULAR:
        return None
    highest = Issue.objects.filter(series=REGULAR).aggregate(Max("cumulative_number"))
    highest = highest["cumulative_number__max"]
    return highest + 1 if highest else None


# --- Fixing the number at sign-off ------------------------------------------------------


def is_fixed(issue: Issue) -> bool:
    """The number is fixed once the issue has left draft (it is signed off at approval)."""
    return issue.status != Issue.Status.DRAFT


def ensure_number_unchanged(issue: Issue) -> None:
    """Refuse to save a new number for an issue whose number is fixed."""
    if issue.pk is None:
        return
    stored = Issue.objects.filter(pk=issue.pk).values("status", *NUMBER_FIELDS).first()
    if stored is None or stored["status"] == Issue.Status.DRAFT:
        return
    if any(stored[name] != getattr(issue, name) for name in NUMBER_FIELDS):
        raise NumberingError(
            _("%(issue)s is signed off: its number can no longer change.")
            % {"issue": label(stored["series"], stored["year"], stored["number"])}
        )


def _number_stays_fixed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is None or set(NUMBER_FIELDS) & set(update_fields):
        ensure_number_unchanged(instance)


def connect() -> None:
    """Every save of an issue, from any door, keeps a fixed number (``ensure_number_unchanged``)."""
    pre_save.connect(_number_stays_fixed, sender=Issue, dispatch_uid="editorial.numbering")


def check_before_signing(issue: Issue) -> list[str]:
    """Verify the number is free; return warnings about gaps before it.

    Raises ``NumberingError`` when another issue holds the same number (or, in the
    regular series, the same 总第N期).
    """
    others = Issue.objects.exclude(pk=issue.pk)
    same_number = others.filter(series=issue.series, year=issue.year, number=issue.number)
    if same_number.exists():
        raise NumberingError(
            _("%(number)s is already used by another issue.")
            % {"number": label(issue.series, issue.year, issue.number)}
        )
    regular = others.filter(series=REGULAR)
    cumulative = issue.cumulative_number if issue.series == REGULAR else None
    if cumulative and regular.filter(cumulative_number=cumulative).exists():
        raise NumberingError(
            _("Cumulative No. %(number)s is already used by another issue.")
            % {"number": cumulative}
        )
    warnings = []
    signed = others.filter(series=issue.series, year=issue.year, status__in=SIGNED)
    highest = signed.aggregate(Max("number"))["number__max"] or 0
    if issue.number > highest + 1:
        missing = label(issue.series, issue.year, highest + 1)
        if issue.number - 1 > highest + 1:
            missing = _("%(first)s to No. %(last)s") % {"first": missing, "last": issue.number - 1}
        warnings.append(
            _("Gap in the numbering: %(missing)s not signed off yet.") % {"missing": missing}
        )
    if cumulative:
        highest = regular.filter(status__in=SIGNED).aggregate(Max("cumulative_number"))
        highest = highest["cumulative_number__max"]
        if highest and cumulative > highest + 1:
            missing = _("cumulative No. %(number)s") % {"number": highest + 1}
            if cumulative - 1 > highest + 1:
                missing = _("cumulative Nos. %(first)s to %(last)s") % {
                    "first": highest + 1,
                    "last": cumulative - 1,
                }
            warnings.append(
                _("Gap in the numbering: %(missing)s not signed off yet.") % {"missing": missing}
            )
    return warnings


# --- Filling in 总第N期 ---------------------------------------------------------------


def assign_at_signoff(issue: Issue) -> int | None:
    """Give a regular issue signed off without a 总第N期 the next one of the series
    (one more than the highest held), before its content is signed; None when
    it has one already, is a supplement, or no issue has one to count from.

    The registry is the authority here: a queryset update, since the number of
    an issue in review is otherwise fixed (``ensure_number_unchanged``)."""
    if issue.series != REGULAR or issue.cumulative_number:
        return None
    number = next_cumulative_number(REGULAR)
    if number is None:
        return None
    Issue.objects.filter(pk=issue.pk).update(cumulative_number=number)
    issue.cumulative_number = number
    return number


def derive_cumulative_numbers(issues) -> tuple[dict[Issue, int], list[Issue]]:
    """总第N期 for those of ``issues`` (regular, without one) that can be derived,
    and those that cannot.

    It is derived by counting, in the same year, from an issue that has one:
    No. 5 follows No. 4 (总第120期) as 总第121期, and No. 3 precedes it as 总第119期,
    through any run of consecutive numbers. It is not derived across a gap in the
    numbering or a year's end (how many issues a year had is not known), nor
    when the number it would get is held by another issue.
    """
    wanted = [i for i in issues if i.series == REGULAR and not i.cumulative_number]
    years = {issue.year for issue in wanted}
    regular = Issue.objects.filter(series=REGULAR, year__in=years).order_by("year", "number")
    known: dict[tuple[int, int], int] = {
        (issue.year, issue.number): issue.cumulative_number
        for issue in regular
        if issue.cumulative_number
    }
    numbers = sorted({(issue.year, issue.number) for issue in regular})
    # Forward from each known number through the run after it, then back through
    # the run before the first known one: every number of a run holding one.
    for year, number in numbers:
        if (year, number) not in known and (year, number - 1) in known:
            known[(year, number)] = known[(year, number - 1)] + 1
    for year, number in reversed(numbers):
        if (year, number) not in known and (year, number + 1) in known:
            known[(year, number)] = known[(year, number + 1)] - 1
    held = set(
        Issue.objects.filter(series=REGULAR, cumulative_number__isnull=False).values_list(
            "cumulative_number", flat=True
        )
    )
    derived, underivable = {}, []
    for issue in wanted:
        number = known.get((issue.year, issue.number))
        if number is None or number < 1 or number in held:
            underivable.append(issue)
        else:
            derived[issue] = number
            held.add(number)
    return derived, underivable


def fill_cumulative_number(issue: Issue, number: int, *, actor) -> None:
    """Record ``number`` as the 总第N期 of ``issue`` (a back issue that had none), in
    its working copy, with its audit entry. A signed issue shows it to readers
    once its changes are signed off."""
    Issue.objects.filter(pk=issue.pk).update(cumulative_number=number, unsigned_changes=True)
    issue.cumulative_number = number
    audit.record(audit.NUMBER, actor=actor, obj=issue, data={"cumulative_number": number})


# --- The report of gaps and duplicates --------------------------------------------------


@dataclass
class Gap:
    """Numbers ``first``..``last`` held by no issue; ``after`` is the issue that follows."""

    first: int
    last: int
    after: Issue | None = None

    @property
    def count(self) -> int:
        return self.last - self.first + 1


@dataclass
class Duplicate:
    number: int
    issues: list[Issue]


@dataclass
class YearSeries:
    """One year of one series, and what is wrong with its numbering."""

    year: int
    series: str
    issues: list[Issue] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    cumulative_gaps: list[Gap] = field(default_factory=list)
    cumulative_duplicates: list[Duplicate] = field(default_factory=list)
    without_cumulative: int = 0

    @property
    def series_label(self) -> str:
        return Issue.Series(self.series).label

    @property
    def problems(self) -> int:
        return (
            len(self.gaps)
            + len(self.duplicates)
            + len(self.cumulative_gaps)
            + len(self.cumulative_duplicates)
        )

    @property
    def next_number(self) -> int:
        return max((issue.number for issue in self.issues), default=0) + 1


def _gaps(numbered: list[tuple[int, Issue]], start: int) -> list[Gap]:
    """The runs of numbers missing from ``start`` up to the highest in ``numbered`` (sorted)."""
    gaps = []
    expected = start
    for number, issue in numbered:
        if number > expected:
            gaps.append(Gap(expected, number - 1, after=issue))
        expected = max(expected, number + 1)
    return gaps


def _duplicates(numbered: list[tuple[int, Issue]]) -> list[Duplicate]:
    by_number: dict[int, list[Issue]] = defaultdict(list)
    for number, issue in numbered:
        by_number[number].append(issue)
    return [Duplicate(n, issues) for n, issues in sorted(by_number.items()) if len(issues) > 1]


def report() -> list[YearSeries]:
    """Every year and series with issues, newest year first, regular before supplements.

    Numbers run from 1 in each year and series: a missing number is a gap, a
    number held twice a duplicate. 总第N期 runs on across years in the regular
    series: a gap or duplicate there is listed under the year of the issue after
    the gap (or holding the duplicate number first).
    """
    issues = list(Issue.objects.order_by("year", "series", "number", "pk"))
    groups: dict[tuple[int, str], YearSeries] = {}
    for issue in issues:
        key = (issue.year, issue.series)
        groups.setdefault(key, YearSeries(issue.year, issue.series)).issues.append(issue)
    for group in groups.values():
        numbered = [(issue.number, issue) for issue in group.issues]
        group.gaps = _gaps(numbered, 1)
        group.duplicates = _duplicates(numbered)
        if group.series == REGULAR:
            group.without_cumulative = sum(1 for i in group.issues if not i.cumulative_number)

    counted = sorted(
        ((issue.cumulative_number, issue) for issue in issues if _counted(issue)),
        key=lambda pair: (pair[0], pair[1].year, pair[1].number),
    )
    if counted:
        for gap in _gaps(counted, counted[0][0]):
            groups[(gap.after.year, REGULAR)].cumulative_gaps.append(gap)
        for duplicate in _duplicates(counted):
            first = duplicate.issues[0]
            groups[(first.year, REGULAR)].cumulative_duplicates.append(duplicate)
    return sorted(groups.values(), key=lambda g: (-g.year, g.series != REGULAR))


def _counted(issue: Issue) -> bool:
    return issue.series == REGULAR and bool(issue.cumulative_number)


def problem_count() -> int:
    """How many gaps and duplicates there are (for the link on the issue list)."""
    return sum(group.problems for group in report())
