"""The 期号 registry: how each bulletin's issues are numbered, and where the
numbering has holes.

Every bulletin (``editorial.offices.Bulletin``) numbers its own issues. Two
series (``Issue.Series``): the regular bulletin and 增刊 (supplements). Each is
numbered 第1期, 第2期, … from 1 every year, separately; two issues of one
bulletin can never hold the same number in one series and year (a database
constraint). 总第N期 (``cumulative_number``) runs on across years, for the
regular series only: the bulletin's first issue is its ``cumulative_start``,
and every later one continues from the issue before it *by date*
(``cumulative_number_for``), so a back issue signed today takes its place
among the issues dated around it, never a number after newer ones. Where that
cannot be told — no room between the numbers of the issues dated either side,
an issue before it that has no 总第N期, a number given out of date order —
sign-off is refused with the reason.

A number is provisional while its issue is a draft: editors may change it. It
is fixed when the issue is signed off: ``check_before_signing`` (called by the
workflow) refuses a number someone else holds and warns about a gap, and from
then on ``ensure_number_unchanged`` (called by ``Issue.save``) refuses any
change until the issue is back in draft.

``report(bulletin)`` lists, per year and series, the gaps and duplicates in a
bulletin's numbering — legacy imports can create both — for the admin's
numbering page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from editorial.content.models import Issue
from editorial.offices.models import Bulletin
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


def _label_of(issue: Issue) -> str:
    return label(issue.series, issue.year, issue.number)


# --- Numbering a new issue ------------------------------------------------------------


def next_number(bulletin: Bulletin | int, year: int, series: str = REGULAR) -> int:
    """The next 第N期 of a bulletin's series in a year: one more than the highest held."""
    return Issue.objects.next_number(bulletin, year, series)


def next_cumulative_number(bulletin: Bulletin, series: str = REGULAR) -> int | None:
    """The 总第N期 a new regular issue of ``bulletin`` dated after all the others
    is proposed: one more than the latest by date that has one, else the
    bulletin's starting number.

    None for a supplement (they are not counted), and while the bulletin has
    neither a numbered issue nor a starting number.
    """
    if series != REGULAR:
        return None
    latest = (
        _regular(bulletin)
        .filter(cumulative_number__isnull=False)
        .order_by("-issue_date", "-year", "-number")
        .values_list("cumulative_number", flat=True)
        .first()
    )
    if latest:
        return latest + 1
    return bulletin.cumulative_start


def _regular(bulletin: Bulletin | int):
    return Issue.objects.filter(bulletin=bulletin, series=REGULAR)


def _date_key(issue: Issue) -> tuple:
    return (issue.issue_date, issue.year, issue.number)


def cumulative_number_for(issue: Issue) -> int | None:
    """The 总第N期 that ``issue`` (a regular issue without one) takes at sign-off:
    one more than that of the bulletin's issue dated just before it, or the
    bulletin's starting number when none is; None for a supplement, an issue that
    has one already, and while the bulletin has no starting number and no
    numbered issue before it.

    Raises ``NumberingError`` where the number cannot be told: an issue dated
    between it and the numbered one before it was signed without one (its number
    would be guessed), or the number would not fall below that of the issue dated
    just after it. Issues dated before the first numbered one are back issues
    from before the count began: the first to be numbered takes the starting
    number, whatever came before it.
    """
    if issue.series != REGULAR or issue.cumulative_number or issue.issue_date is None:
        return None
    before, after = _neighbours(issue)
    if before is not None:
        number = before.cumulative_number + 1
    else:
        number = Bulletin.objects.get(pk=issue.bulletin_id).cumulative_start
        if number is None:
            return None
    unnumbered = [
        other
        for other in _dated_others(issue)
        if _date_key(other) < _date_key(issue)
        and not other.cumulative_number
        and other.status in SIGNED
        and before is not None
        and _date_key(other) > _date_key(before)
    ]
    if unnumbered:
        raise NumberingError(
            _(
                "The cumulative number (总第N期) cannot be told: %(issue)s, dated before "
                "this issue, has none. Give it one first, or enter this issue's."
            )
            % {"issue": _label_of(unnumbered[-1])}
        )
    if after is not None and number >= after.cumulative_number:
        raise NumberingError(
            _(
                "The cumulative number (总第N期) cannot be told: it would be No. %(number)s, "
                "but %(after)s, dated after this issue, is cumulative No. %(held)s. "
                "Enter this issue's cumulative number, or correct theirs."
            )
            % {"number": number, "after": _label_of(after), "held": after.cumulative_number}
        )
    return number


def _dated_others(issue: Issue) -> list[Issue]:
    """The bulletin's other regular issues that have a date, in date order."""
    others = _regular(issue.bulletin_id).exclude(pk=issue.pk).filter(issue_date__isnull=False)
    return sorted(others, key=_date_key)


def _neighbours(issue: Issue) -> tuple[Issue | None, Issue | None]:
    """The bulletin's numbered regular issues dated just before and just after ``issue``."""
    numbered = [other for other in _dated_others(issue) if other.cumulative_number]
    before = [other for other in numbered if _date_key(other) < _date_key(issue)]
    after = [other for other in numbered if _date_key(other) > _date_key(issue)]
    return (before[-1] if before else None), (after[0] if after else None)


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
    """Verify the number is free in the issue's bulletin and its 总第N期 can be told
    and stands in date order; return warnings about gaps before it.

    Raises ``NumberingError`` when another issue of the bulletin holds the same
    number (or, in the regular series, the same 总第N期), when the 总第N期 cannot be
    told (``cumulative_number_for``), or when the one it has does not fall
    between those of the issues dated either side of it. The bulletin's row is
    locked, so two sign-offs of one bulletin number one after the other.
    """
    Bulletin.objects.select_for_update().filter(pk=issue.bulletin_id).first()
    others = Issue.objects.filter(bulletin=issue.bulletin_id).exclude(pk=issue.pk)
    same_number = others.filter(series=issue.series, year=issue.year, number=issue.number)
    if same_number.exists():
        raise NumberingError(
            _("%(number)s is already used by another issue.") % {"number": _label_of(issue)}
        )
    regular = others.filter(series=REGULAR)
    cumulative = issue.cumulative_number if issue.series == REGULAR else None
    if cumulative and regular.filter(cumulative_number=cumulative).exists():
        raise NumberingError(
            _("Cumulative No. %(number)s is already used by another issue.")
            % {"number": cumulative}
        )
    if cumulative:
        _ensure_in_date_order(issue)
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
    cumulative = cumulative or cumulative_number_for(issue)
    before = _neighbours(issue)[0] if cumulative else None
    if (
        before is not None
        and before.cumulative_number
        and cumulative > before.cumulative_number + 1
    ):
        highest = before.cumulative_number
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


def _ensure_in_date_order(issue: Issue) -> None:
    """Refuse a 总第N期 that does not fall between those of the issues dated either side."""
    if issue.issue_date is None:
        return
    before, after = _neighbours(issue)
    start = Bulletin.objects.get(pk=issue.bulletin_id).cumulative_start
    number = issue.cumulative_number
    if before is None and start is not None and number < start:
        raise NumberingError(
            _(
                "Cumulative No. %(number)s comes before this bulletin's first, "
                "cumulative No. %(start)s."
            )
            % {"number": number, "start": start}
        )
    for neighbour, out_of_order in (
        (before, before is not None and number <= before.cumulative_number),
        (after, after is not None and number >= after.cumulative_number),
    ):
        if out_of_order:
            raise NumberingError(
                _(
                    "Cumulative No. %(number)s is out of date order: %(other)s, dated "
                    "%(date)s, is cumulative No. %(held)s."
                )
                % {
                    "number": number,
                    "other": _label_of(neighbour),
                    "date": neighbour.issue_date.isoformat(),
                    "held": neighbour.cumulative_number,
                }
            )


def warnings_before_review(issue: Issue) -> list[str]:
    """What the pre-submission check points out without refusing: a regular
    issue of a bulletin that has no starting 总第N期 may be signed without one."""
    if issue.series != REGULAR or issue.cumulative_number:
        return []
    bulletin = Bulletin.objects.get(pk=issue.bulletin_id)
    if bulletin.cumulative_start is not None:
        return []
    return [
        _(
            "%(bulletin)s has no first cumulative number (总第N期): issues are signed "
            "off without one until it is set."
        )
        % {"bulletin": bulletin.name}
    ]


# --- Filling in 总第N期 ---------------------------------------------------------------


def assign_at_signoff(issue: Issue) -> int | None:
    """Give a regular issue signed off without a 总第N期 the one that follows the
    bulletin's issue dated before it (``cumulative_number_for``), before its
    content is signed; None when it has one already, is a supplement, or the
    bulletin has no number to start from.

    The registry is the authority here: a queryset update, since the number of
    an issue in review is otherwise fixed (``ensure_number_unchanged``)."""
    number = cumulative_number_for(issue)
    if number is None:
        return None
    Issue.objects.filter(pk=issue.pk).update(cumulative_number=number)
    issue.cumulative_number = number
    return number


def derive_cumulative_numbers(issues) -> tuple[dict[Issue, int], list[Issue]]:
    """总第N期 for those of ``issues`` (regular, without one) that can be derived,
    and those that cannot.

    It is derived by counting, in the same bulletin and year, from an issue that
    has one: No. 5 follows No. 4 (总第120期) as 总第121期, and No. 3 precedes it as
    总第119期, through any run of consecutive numbers. It is not derived across a
    gap in the numbering or a year's end (how many issues a year had is not
    known), nor when the number it would get is held by another issue of the
    bulletin.
    """
    wanted = [i for i in issues if i.series == REGULAR and not i.cumulative_number]
    by_bulletin: dict[int, list[Issue]] = defaultdict(list)
    for issue in wanted:
        by_bulletin[issue.bulletin_id].append(issue)
    derived, underivable = {}, []
    for bulletin_id, of_bulletin in by_bulletin.items():
        found, missed = _derive_in(bulletin_id, of_bulletin)
        derived.update(found)
        underivable.extend(missed)
    return derived, [issue for issue in wanted if issue in underivable]


def _derive_in(bulletin_id: int, wanted: list[Issue]) -> tuple[dict[Issue, int], list[Issue]]:
    years = {issue.year for issue in wanted}
    regular = _regular(bulletin_id).filter(year__in=years).order_by("year", "number")
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
        _regular(bulletin_id)
        .filter(cumulative_number__isnull=False)
        .values_list("cumulative_number", flat=True)
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


def report(bulletin: Bulletin | int) -> list[YearSeries]:
    """Every year and series of ``bulletin`` with issues, newest year first, regular
    before supplements.

    Numbers run from 1 in each year and series: a missing number is a gap, a
    number held twice a duplicate. 总第N期 runs on across years in the regular
    series, from the bulletin's starting number: a gap or duplicate there is
    listed under the year of the issue after the gap (or holding the duplicate
    number first).
    """
    issues = list(
        Issue.objects.filter(bulletin=bulletin).order_by("year", "series", "number", "pk")
    )
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
        start = Bulletin.objects.filter(pk=getattr(bulletin, "pk", bulletin)).values_list(
            "cumulative_start", flat=True
        )[0]
        first = counted[0][0] if start is None else min(start, counted[0][0])
        for gap in _gaps(counted, first):
            groups[(gap.after.year, REGULAR)].cumulative_gaps.append(gap)
        for duplicate in _duplicates(counted):
            first = duplicate.issues[0]
            groups[(first.year, REGULAR)].cumulative_duplicates.append(duplicate)
    return sorted(groups.values(), key=lambda g: (-g.year, g.series != REGULAR))


def _counted(issue: Issue) -> bool:
    return issue.series == REGULAR and bool(issue.cumulative_number)


def problem_count(bulletins=None) -> int:
    """How many gaps and duplicates there are in ``bulletins`` (every bulletin
    without), for the link on the issue list."""
    if bulletins is None:
        bulletins = Bulletin.objects.all()
    return sum(group.problems for bulletin in bulletins for group in report(bulletin))
