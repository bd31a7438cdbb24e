"""Scoring (计分) and the 通报: rules by date, merged and higher-level adoptions,
ranks, quotas, back issues, reminders, and the spreadsheets."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from editorial.content.models import SourceOrganization
from editorial.submissions import decisions, spreadsheets
from editorial.submissions.models import HigherPublication, ScoringRule, UnitQuota
from editorial.submissions.statistics import MONTH, QUARTER, YEAR, Period, circular
from tests.factories import make_issue
from tests.submissions.conftest import officer_of, submit


@pytest.fixture
def on_day(monkeypatch):
    """Let the following steps happen on ``day`` (at 10:00 local time)."""

    def travel(day: date):
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return travel


@pytest.fixture
def rules(db):
    ScoringRule.objects.create(kind="article", points=10, starts_on=date(2000, 1, 1))
    ScoringRule.objects.create(kind="brief", points=5, starts_on=date(2000, 1, 1))


@pytest.fixture
def section(draft_issue):
    return draft_issue.sections.first()


def adopt(editor, section, *submissions, kind="article"):
    return decisions.adopt(submissions, section=section, kind=kind, user=editor)


def row_of(report, name):
    return next(row for row in report.units if row.name == name)


def test_a_rule_change_mid_year_scores_each_adoption_by_the_rule_of_its_day(
    rules, editor, officer, section, on_day
):
    ScoringRule.objects.create(kind="article", points=12, starts_on=date(2026, 7, 1))
    on_day(date(2026, 3, 10))
    adopt(editor, section, submit(officer, "三月的来稿"))
    on_day(date(2026, 8, 10))
    adopt(editor, section, submit(officer, "八月的来稿"))

    report = circular(Period(YEAR, 2026))

    assert row_of(report, "常熟市总工会").score == Decimal(22)


def test_merged_adoptions_count_and_score_for_each_unit(
    rules, editor, officer, other_officer, section, on_day
):
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer), submit(other_officer), kind="brief")

    report = circular(Period(MONTH, 2026, 5))

    for name in ("常熟市总工会", "昆山市总工会"):
        row = row_of(report, name)
        assert (row.briefs, row.articles, row.score) == (1, 0, Decimal(5))


def test_a_higher_level_adoption_scores_by_the_publications_rule(
    rules, editor, officer, section, on_day
):
    provincial = HigherPublication.objects.create(name="省总《工会信息》")
    ScoringRule.objects.create(
        publication=provincial, kind="article", points=25, starts_on=date(2000, 1, 1)
    )
    on_day(date(2026, 4, 2))
    submission = submit(officer)
    adopt(editor, section, submission)
    submission.refresh_from_db()
    forwarding = decisions.forward(submission, provincial, editor)
    on_day(date(2026, 4, 20))
    decisions.adopted_upward(forwarding, editor, on=date(2026, 4, 20), kind="article")

    row = row_of(circular(Period(QUARTER, 2026, 2)), "常熟市总工会")

    assert (row.articles, row.upward, row.score) == (1, 1, Decimal(35))


def test_units_are_ranked_by_score_and_equal_scores_share_a_rank(
    rules, editor, officer, other_officer, section, on_day
):
    third = officer_of("张家港市总工会", "third-officer")
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer, "一"))
    adopt(editor, section, submit(officer, "二"))
    adopt(editor, section, submit(other_officer, "三"))
    adopt(editor, section, submit(third, "四"))

    report = circular(Period(MONTH, 2026, 5))

    assert [(row.rank, row.name) for row in report.units] == [
        (1, "常熟市总工会"),
        (2, "张家港市总工会"),
        (2, "昆山市总工会"),
    ]


def test_the_adoption_rate_is_adopted_per_submitted(rules, editor, officer, section, on_day):
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer, "采用的"))
    submit(officer, "还在等的")
    submit(officer, "又一篇")
    decisions.withdraw(submit(officer, "撤回的"), officer)

    row = row_of(circular(Period(MONTH, 2026, 5)), "常熟市总工会")

    assert (row.submitted, row.adopted, row.rate) == (3, 1, Decimal("33.3"))


def test_back_issue_articles_count_as_adopted_and_unrecorded_submissions_are_unknown(rules, roles):
    make_issue(year=2012, number=3, issue_date=date(2012, 4, 25), articles_per_section=2)

    row = row_of(circular(Period(YEAR, 2012)), "市总工会宣教部")

    assert (row.articles, row.score, row.submitted, row.rate) == (2, Decimal(20), None, None)


def test_the_circular_shows_a_dash_where_submissions_were_not_recorded(client, editor):
    make_issue(year=2012, number=3, issue_date=date(2012, 4, 25))
    client.force_login(editor)

    response = client.get(reverse("admin:editorial_statistics") + "?kind=year&year=2012")

    cells = response.content.decode().split('data-unit="市总工会宣教部"')[1]
    assert '<td class="submitted">—</td>' in cells.split("</tr>")[0]


def test_a_unit_meets_its_quota_for_the_period(officer, unit, on_day):
    UnitQuota.objects.create(unit=unit, per_month=2)
    on_day(date(2026, 5, 6))
    submit(officer, "一")
    submit(officer, "二")

    assert row_of(circular(Period(MONTH, 2026, 5)), unit.name).quota_met is True
    assert row_of(circular(Period(QUARTER, 2026, 2)), unit.name).quota_met is False


def test_units_whose_officers_submitted_nothing_are_listed_and_reminded(
    client, editor, officer, other_officer, committed, on_day
):
    on_day(date(2026, 5, 6))
    submit(officer)
    client.force_login(editor)

    with committed():
        client.post(
            reverse("admin:editorial_statistics_remind"),
            {"kind": "month", "year": 2026, "number": 5},
        )

    assert [unit.name for unit in circular(Period(MONTH, 2026, 5)).silent] == ["昆山市总工会"]
    assert [message.to for message in mail.outbox] == [["other@example.org"]]
    assert "催报" in mail.outbox[0].subject


def test_a_reminder_to_one_silent_unit_reaches_only_its_officers(
    client, editor, officer, other_officer, committed, on_day
):
    on_day(date(2026, 5, 6))
    client.force_login(editor)
    silent = other_officer.information_officer.unit

    with committed():
        client.post(
            reverse("admin:editorial_statistics_remind"),
            {"kind": "month", "year": 2026, "number": 5, "unit": [silent.pk]},
        )

    assert [message.to for message in mail.outbox] == [["other@example.org"]]


@pytest.mark.parametrize("unit", ["abc", "1" + "0" * 30])
def test_a_reminder_naming_no_silent_unit_is_a_bad_request_and_sends_nothing(
    client, editor, officer, other_officer, committed, on_day, unit
):
    on_day(date(2026, 5, 6))
    client.force_login(editor)

    with committed():
        response = client.post(
            reverse("admin:editorial_statistics_remind"),
            {"kind": "month", "year": 2026, "number": 5, "unit": unit},
        )

    assert response.status_code == 400
    assert mail.outbox == []


def test_each_officer_has_their_submissions_adoptions_and_score(
    rules, editor, officer, section, on_day
):
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer, "一"))
    submit(officer, "二")

    (row,) = [row for row in circular(Period(MONTH, 2026, 5)).officers if row.name == "陈"]

    assert (row.submitted, row.adopted, row.score) == (2, 1, Decimal(10))


def test_the_xlsx_holds_the_ranking_and_the_officers(
    client, rules, editor, officer, section, on_day
):
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer))
    client.force_login(editor)

    response = client.get(
        reverse("admin:editorial_statistics") + "?kind=month&year=2026&number=5&format=xlsx"
    )

    workbook = load_workbook(io.BytesIO(response.content))
    units, officers = workbook.worksheets
    rows = list(units.iter_rows(values_only=True))
    assert rows[1][:4] == ("排名", "单位", "已报送", "已采用")
    assert rows[2] == (1, "常熟市总工会", 1, 1, 1, 0, 1.0, 0, 10.0, "—")
    assert list(officers.iter_rows(values_only=True))[2] == ("陈", "常熟市总工会", 1, 1, 10.0)


@pytest.fixture
def circular_xlsx(client, rules, editor, officer, section, on_day):
    on_day(date(2026, 5, 6))
    adopt(editor, section, submit(officer))
    client.force_login(editor)
    return client.get(
        reverse("admin:editorial_statistics") + "?kind=month&year=2026&number=5&format=xlsx"
    )


def test_the_xlsx_opens_with_a_merged_bold_title_naming_the_office_and_period(circular_xlsx):
    units = load_workbook(io.BytesIO(circular_xlsx.content)).worksheets[0]
    assert "A1:J1" in [str(r) for r in units.merged_cells.ranges]
    assert units["A1"].value == "市总工会办公室信息工作通报（2026年5月）"
    assert units["A1"].font.bold


def test_the_xlsx_columns_are_wide_enough_for_names_and_rates(circular_xlsx):
    units = load_workbook(io.BytesIO(circular_xlsx.content)).worksheets[0]
    assert units.column_dimensions["B"].width >= len("常熟市总工会") * 2
    assert units.column_dimensions["G"].width >= len("100.0%")


def test_the_xlsx_rate_is_a_number_in_percent_format_in_boxed_cells(circular_xlsx):
    units = load_workbook(io.BytesIO(circular_xlsx.content)).worksheets[0]
    rate = units["G3"]
    assert rate.value == 1.0 and rate.number_format.endswith("%")
    assert rate.border.left.style == rate.border.bottom.style == "thin"


def test_the_xlsx_ends_with_a_total_row(circular_xlsx):
    units = load_workbook(io.BytesIO(circular_xlsx.content)).worksheets[0]
    total = [cell.value for cell in units[units.max_row]]
    assert total[0] == "合计"
    assert total[2:5] == [1, 1, 1]
    assert units.cell(row=units.max_row, column=1).font.bold


def test_the_xlsx_prints_a4_landscape_fitted_to_width_with_repeated_heads(circular_xlsx):
    units = load_workbook(io.BytesIO(circular_xlsx.content)).worksheets[0]
    setup = units.page_setup
    assert (int(setup.paperSize), setup.orientation) == (int(units.PAPERSIZE_A4), "landscape")
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert units.sheet_properties.pageSetUpPr.fitToPage
    assert units.print_title_rows.replace("$", "") == "1:2"


def test_the_xlsx_is_named_in_chinese_with_an_ascii_fallback(circular_xlsx):
    disposition = circular_xlsx["Content-Disposition"]
    assert 'filename="circular-2026-m5.xlsx"' in disposition
    assert "filename*=UTF-8''" + quote("信息工作通报-2026年5月.xlsx") in disposition


def test_the_spreadsheets_never_run_a_units_name_as_a_formula(rules, editor, roles, on_day):
    hostile = officer_of('=HYPERLINK("http://evil.example","点我")', "hostile")
    on_day(date(2026, 5, 6))
    submit(hostile)
    report = circular(Period(MONTH, 2026, 5))

    workbook = load_workbook(io.BytesIO(spreadsheets.to_xlsx(report)))
    csv_rows = list(csv.reader(io.StringIO(spreadsheets.to_csv(report))))

    xlsx_name = workbook.worksheets[0].cell(row=3, column=2)
    assert xlsx_name.data_type == "s" and xlsx_name.value.startswith("'=")
    assert csv_rows[2][1].startswith("'=")


def test_the_printable_circular_is_an_a4_page(client, editor, officer):
    client.force_login(editor)

    page = client.get(reverse("admin:editorial_statistics") + "?format=print").content.decode()

    assert "size: A4" in page and "信息工作通报" in page


def test_organizations_are_still_scored_under_a_new_name(rules, roles):
    """Back issues are counted by the organization credited, whatever it is called now."""
    make_issue(year=2012, number=3, issue_date=date(2012, 4, 25))
    SourceOrganization.objects.filter(name="市总工会宣教部").update(name="市总宣教部")

    assert row_of(circular(Period(YEAR, 2012)), "市总宣教部").articles == 1
