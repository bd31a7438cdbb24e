"""Each bulletin numbers its own issues: 第N期 within its year and series, 总第N期
from its starting number on, continuing from its issue before by date; sign-off
refuses, with the reason, a 总第N期 it cannot tell or that is out of date order."""

from datetime import date

import pytest
from django.urls import reverse

from editorial.content.models import Issue
from editorial.offices.models import Bulletin, Office
from editorial.workflow import composing
from editorial.workflow import numbering as registry
from editorial.workflow import transitions as workflow
from tests.factories import default_bulletin, make_issue, make_user
from tests.signing import in_review, text

pytestmark = pytest.mark.django_db

REGULAR = Issue.Series.REGULAR


@pytest.fixture
def changshu(db):
    office = Office.objects.create(name="常熟市总工会办公室", parent=default_bulletin().office)
    return Bulletin.objects.create(
        office=office,
        name="常熟工会工作简报",
        slug="changshu",
        publisher="常熟市总工会办公室",
        cumulative_start=51,
        internal_by_default=True,
        default_distribution="各镇工会\n市各产业工会",
    )


@pytest.fixture
def changshu_chief(changshu):
    return make_user("cs-chief", staff=True, groups=["签发人"], office=changshu.office)


def numbered(number, *, bulletin=None, cumulative=None, day=None, year=2026):
    """A published issue of ``bulletin`` (default: the migrated one)."""
    return make_issue(
        bulletin=bulletin or default_bulletin(),
        year=year,
        number=number,
        cumulative_number=cumulative,
        issue_date=day or date(year, 1, 1 + number),
    )


def waiting(number, *, bulletin=None, day=None, **fields):
    return in_review(
        bulletin=bulletin or default_bulletin(),
        number=number,
        issue_date=day or date(2026, 1, 1 + number),
        **fields,
    )


def signed(issue, chief) -> Issue:
    workflow.approve(issue, chief)
    issue.refresh_from_db()
    return issue


class TestNumbersPerBulletin:
    def test_two_bulletins_may_each_hold_no_1_of_a_year(self, changshu):
        numbered(1)
        numbered(1, bulletin=changshu)
        assert Issue.objects.filter(year=2026, number=1).count() == 2

    def test_the_next_number_counts_within_the_bulletin(self, changshu):
        numbered(1)
        numbered(2)
        numbered(1, bulletin=changshu)

        assert registry.next_number(default_bulletin(), 2026) == 3
        assert registry.next_number(changshu, 2026) == 2

    def test_sign_off_refuses_a_number_only_within_its_bulletin(self, changshu, changshu_chief):
        numbered(3)
        issue = signed(waiting(3, bulletin=changshu), changshu_chief)
        assert issue.status == Issue.Status.APPROVED


class TestCumulativeNumberByDate:
    def test_the_first_issue_takes_the_bulletins_starting_number(self, changshu, changshu_chief):
        numbered(8, cumulative=300)  # another bulletin's count is not this one's

        issue = signed(waiting(1, bulletin=changshu), changshu_chief)

        assert issue.cumulative_number == 51

    def test_the_next_issue_continues_from_the_one_dated_before_it(self, changshu, changshu_chief):
        numbered(1, bulletin=changshu, cumulative=51)
        numbered(9, cumulative=400)

        issue = signed(waiting(2, bulletin=changshu), changshu_chief)

        assert issue.cumulative_number == 52

    def test_a_back_issue_signed_today_takes_its_place_by_date(self, chief):
        numbered(1, cumulative=10, day=date(2026, 1, 10))
        numbered(3, cumulative=12, day=date(2026, 2, 10))

        back_issue = signed(waiting(2, day=date(2026, 1, 25)), chief)

        assert back_issue.cumulative_number == 11

    def test_sign_off_refuses_a_back_issue_whose_neighbours_leave_no_room(self, chief):
        numbered(1, cumulative=10, day=date(2026, 1, 10))
        numbered(3, cumulative=11, day=date(2026, 2, 10))
        back_issue = waiting(2, day=date(2026, 1, 25))

        with pytest.raises(workflow.WorkflowError, match=r"无法确定总期号.*已是总第11期"):
            workflow.approve(back_issue, chief)
        back_issue.refresh_from_db()
        assert (back_issue.status, back_issue.cumulative_number) == (Issue.Status.IN_REVIEW, None)

    def test_sign_off_refuses_when_an_issue_dated_before_has_none(self, chief):
        default_bulletin().__class__.objects.update(cumulative_start=1)
        numbered(1, cumulative=1, day=date(2026, 1, 5))
        unnumbered = numbered(2, day=date(2026, 1, 10))
        Issue.objects.filter(pk=unnumbered.pk).update(cumulative_number=None)

        with pytest.raises(workflow.WorkflowError, match="2026年第2期的日期在本期之前"):
            workflow.approve(waiting(3, day=date(2026, 1, 20)), chief)

    def test_sign_off_refuses_a_cumulative_number_out_of_date_order(self, chief):
        numbered(4, cumulative=130, day=date(2026, 3, 1))
        earlier = waiting(3, day=date(2026, 2, 1), cumulative_number=131)

        with pytest.raises(workflow.WorkflowError, match="与出刊日期的先后不符"):
            workflow.approve(earlier, chief)

    def test_a_cumulative_number_below_the_bulletins_first_is_refused(
        self, changshu, changshu_chief
    ):
        issue = waiting(1, bulletin=changshu, cumulative_number=50)

        with pytest.raises(workflow.WorkflowError, match="早于本刊物的起始总期号"):
            workflow.approve(issue, changshu_chief)

    def test_back_issues_from_before_the_count_began_do_not_stop_it(self, changshu, changshu_chief):
        numbered(1, bulletin=changshu)  # imported, signed on paper without a 总第N期
        Issue.objects.filter(bulletin=changshu).update(cumulative_number=None)

        issue = signed(waiting(2, bulletin=changshu), changshu_chief)

        assert issue.cumulative_number == 51

    def test_without_a_starting_number_an_issue_is_signed_without_one(self, chief):
        issue = signed(waiting(1), chief)
        assert issue.cumulative_number is None


class TestPreSubmissionCheck:
    def test_submitting_warns_when_the_bulletin_has_no_starting_number(self, editor):
        issue = make_issue(status=Issue.Status.DRAFT, year=2026, number=1)

        step = workflow.submit(issue, editor)

        assert step.warnings == [
            "《工会工作简报》尚未设置起始总期号（总第N期）：设置之前，各期签发时没有总期号。"
        ]

    def test_no_warning_once_it_has_one(self, editor):
        Bulletin.objects.update(cumulative_start=1)
        issue = make_issue(status=Issue.Status.DRAFT, year=2026, number=1)
        assert workflow.submit(issue, editor).warnings == []


class TestNewIssueOfABulletin:
    def test_the_first_issue_takes_the_bulletins_masthead_and_list(self, changshu):
        editor = make_user("cs-editor", staff=True, groups=["编辑"], office=changshu.office)

        new = composing.new_issue_from_previous(editor, changshu, today=date(2026, 5, 1))

        assert (new.bulletin, new.number, new.cumulative_number) == (changshu, 1, 51)
        assert (new.title, new.publisher) == ("常熟工会工作简报", "常熟市总工会办公室")
        assert new.visibility == Issue.Visibility.INTERNAL
        assert [e.recipient.name for e in new.distribution.order_by("position")] == [
            "各镇工会",
            "市各产业工会",
        ]

    def test_it_continues_that_bulletins_latest_issue(self, changshu, editor):
        numbered(7, cumulative=210)
        numbered(2, bulletin=changshu, cumulative=52)
        cs_editor = make_user("cs-editor", staff=True, groups=["编辑"], office=changshu.office)

        new = composing.new_issue_from_previous(cs_editor, changshu, today=date(2026, 5, 1))

        assert (new.number, new.cumulative_number) == (3, 53)

    def test_an_editor_of_another_office_may_not_start_one(self, changshu, editor):
        with pytest.raises(workflow.WorkflowPermissionDenied):
            composing.new_issue_from_previous(editor, changshu)
        assert not Issue.objects.filter(bulletin=changshu).exists()


class TestReportPerBulletin:
    def test_the_report_of_a_bulletin_counts_only_its_issues(self, changshu):
        numbered(1)
        numbered(3, bulletin=changshu)

        (group,) = registry.report(changshu)

        assert [(gap.first, gap.last) for gap in group.gaps] == [(1, 2)]

    def test_the_page_shows_an_editor_only_the_bulletins_of_their_office(
        self, client, changshu, editor
    ):
        numbered(3, bulletin=changshu)
        client.force_login(editor)

        page = text(client.get(reverse("admin:editorial_issue_numbering")))

        assert "工会工作简报" in page
        assert "常熟工会工作简报" not in page

    def test_a_superuser_sees_each_bulletin_with_its_own_gaps(self, client, changshu):
        numbered(3, bulletin=changshu)
        client.force_login(make_user("root", superuser=True, staff=True))

        page = text(client.get(reverse("admin:editorial_issue_numbering")))

        assert "常熟工会工作简报" in page
        assert "缺号：缺第1至2期。" in page
