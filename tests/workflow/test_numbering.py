"""The 期号 registry: two series numbered separately from 1 each year, 总第N期 running
on across years for the regular bulletin only, numbers provisional in draft and
fixed at sign-off, and a report of the gaps and duplicates."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from editorial.content.models import Issue
from editorial.workflow import composing
from editorial.workflow import numbering as registry
from editorial.workflow import transitions as workflow
from tests.factories import default_bulletin, make_issue, make_user
from tests.signing import in_review, text, visible_text
from tests.workflow.helpers import admin_form_data, shown_messages

pytestmark = pytest.mark.django_db


REGULAR = Issue.Series.REGULAR
SUPPLEMENT = Issue.Series.SUPPLEMENT


def issue(number, *, year=2012, series=REGULAR, cumulative=None, status=Issue.Status.PUBLISHED):
    return make_issue(
        year=year,
        number=number,
        series=series,
        cumulative_number=cumulative,
        status=status,
    )


class TestNumbering:
    def test_two_issues_cannot_hold_the_same_number_in_a_series_and_year(self):
        issue(8)
        with pytest.raises(IntegrityError), transaction.atomic():
            issue(8)

    def test_a_supplement_may_hold_the_number_of_a_regular_issue(self):
        issue(1)
        supplement = issue(1, series=SUPPLEMENT)
        assert str(supplement) == "工会工作简报 2012年增刊第1期"

    def test_supplements_are_numbered_separately(self):
        issue(1)
        issue(2)
        issue(1, series=SUPPLEMENT)

        assert registry.next_number(default_bulletin(), 2012, REGULAR) == 3
        assert registry.next_number(default_bulletin(), 2012, SUPPLEMENT) == 2

    def test_each_year_starts_again_from_one(self):
        issue(24, year=2011)
        assert registry.next_number(default_bulletin(), 2012, REGULAR) == 1

    def test_the_cumulative_number_runs_on_across_years_and_skips_supplements(self):
        issue(24, year=2011, cumulative=203)
        issue(1, year=2012, series=SUPPLEMENT, cumulative=999)

        assert registry.next_cumulative_number(default_bulletin(), REGULAR) == 204
        assert registry.next_cumulative_number(default_bulletin(), SUPPLEMENT) is None

    def test_a_new_issue_from_the_previous_one_continues_the_regular_series(self, editor):
        issue(7, year=2026, cumulative=210)
        issue(7, year=2026, series=SUPPLEMENT)

        new = composing.new_issue_from_previous(editor, today=date(2026, 5, 1))

        assert (new.series, new.number, new.cumulative_number) == (REGULAR, 8, 211)

    def test_a_supplement_is_added_with_its_own_next_number(self, client, editor):
        issue(3, year=2026, status=Issue.Status.DRAFT)
        issue(1, year=2026, series=SUPPLEMENT, status=Issue.Status.DRAFT)
        client.force_login(editor)

        form = client.get(reverse("admin:editorial_issue_add") + "?series=supplement")

        initial = form.context["adminform"].form.initial
        assert (initial["series"], initial["number"], initial["cumulative_number"]) == (
            SUPPLEMENT,
            2,
            None,
        )


class TestNumberFixedAtSignOff:
    def test_a_draft_may_be_renumbered(self):
        draft = issue(3, status=Issue.Status.DRAFT)
        draft.number = 4
        draft.save()
        assert Issue.objects.get(pk=draft.pk).number == 4

    def test_a_signed_issue_cannot_be_renumbered(self, chief):
        signed = in_review(number=3)
        workflow.approve(signed, chief)
        signed.refresh_from_db()

        signed.number = 4
        with pytest.raises(registry.NumberingError, match="期号不能再改"):
            signed.save()
        assert Issue.objects.get(pk=signed.pk).number == 3

    def test_the_admin_refuses_a_new_number_for_a_signed_issue(self, client, chief):
        signed = in_review(number=3)
        workflow.approve(signed, chief)
        client.force_login(chief)
        url = reverse("admin:editorial_issue_change", args=[signed.pk])
        data = admin_form_data(client.get(url))
        data.update(number="4", title="改过的报头")

        client.post(url, data)

        signed.refresh_from_db()
        assert (signed.number, signed.title) == (3, "改过的报头")

    def test_back_in_draft_the_number_may_change_again(self, chief):
        signed = in_review(number=3)
        workflow.approve(signed, chief)
        workflow.return_to_draft(signed, chief, comment="期号有误")
        signed.refresh_from_db()

        signed.number = 4
        signed.save()

        assert Issue.objects.get(pk=signed.pk).number == 4

    def test_sign_off_refuses_a_cumulative_number_another_issue_holds(self, chief):
        issue(2, year=2026, cumulative=205)
        waiting = in_review(number=3, cumulative_number=205)

        with pytest.raises(workflow.WorkflowError, match="总第205期已被另一期使用"):
            workflow.approve(waiting, chief)
        assert Issue.objects.get(pk=waiting.pk).status == Issue.Status.IN_REVIEW

    def test_sign_off_warns_about_a_gap_before_the_number(self, client, chief):
        issue(1, year=2026)
        waiting = in_review(number=4)
        client.force_login(chief)

        response = client.post(
            reverse("admin:editorial_issue_transition", args=[waiting.pk]),
            {"transition": "approve"},
            follow=True,
        )

        assert "期号不连续：2026年第2期至第3期尚未签发。" in shown_messages(response)
        assert Issue.objects.get(pk=waiting.pk).status == Issue.Status.APPROVED

    def test_sign_off_in_sequence_has_no_warning(self, chief):
        issue(1, year=2026)
        step = workflow.approve(in_review(number=2), chief)
        assert step.warnings == []


class TestReport:
    def test_gaps_are_listed_per_year_and_series(self):
        for number in (1, 2, 5):
            issue(number)
        issue(3, series=SUPPLEMENT)

        groups = {(g.year, g.series): g for g in registry.report(default_bulletin())}

        regular = groups[(2012, REGULAR)]
        assert [(gap.first, gap.last) for gap in regular.gaps] == [(3, 4)]
        assert regular.gaps[0].after.number == 5
        assert [(gap.first, gap.last) for gap in groups[(2012, SUPPLEMENT)].gaps] == [(1, 2)]

    def test_cumulative_duplicates_and_gaps_are_listed(self):
        issue(23, year=2011, cumulative=200)
        # A draft's numbers are provisional: sign-off would refuse this one.
        issue(1, year=2012, cumulative=200, status=Issue.Status.DRAFT)
        issue(2, year=2012, cumulative=203)

        groups = {(g.year, g.series): g for g in registry.report(default_bulletin())}

        duplicate = groups[(2011, REGULAR)].cumulative_duplicates[0]
        assert duplicate.number == 200
        assert len(duplicate.issues) == 2
        assert [(g.first, g.last) for g in groups[(2012, REGULAR)].cumulative_gaps] == [(201, 202)]

    def test_numbering_without_holes_reports_nothing(self):
        issue(1, cumulative=10)
        issue(2, cumulative=11)
        issue(1, series=SUPPLEMENT)

        assert registry.problem_count() == 0

    def test_the_admin_page_links_to_the_issues_that_fix_a_problem(self, client, editor):
        issue(1, year=2011, cumulative=100)
        clash = issue(2, year=2011, cumulative=100, status=Issue.Status.DRAFT)
        after_gap = issue(5, year=2011, cumulative=101)
        client.force_login(editor)

        page = text(client.get(reverse("admin:editorial_issue_numbering")))

        assert "缺号：缺第3至4期。" in page
        assert "重号：总第100期同时用于" in page
        assert reverse("admin:editorial_issue_change", args=[clash.pk]) in page
        assert reverse("admin:editorial_issue_change", args=[after_gap.pk]) in page
        assert "?series=regular&amp;year=2011&amp;number=3" in page

    def test_the_issue_list_links_to_the_report(self, client, editor):
        client.force_login(editor)
        page = text(client.get(reverse("admin:editorial_issue_changelist")))
        assert reverse("admin:editorial_issue_numbering") in page

    def test_staff_without_an_editorial_role_may_not_see_it(self, client):
        client.force_login(make_user("clerk", staff=True))
        assert client.get(reverse("admin:editorial_issue_numbering")).status_code == 403

    def test_legacy_imports_of_the_same_year_show_their_gaps(self, tmp_path, committed):
        for number in ("03", "06"):
            (tmp_path / f"2012_{number}.txt").write_text(
                f"【工作动态】\n第{number}期的标题\n正文。\n", encoding="utf-8"
            )
        with committed():
            call_command("import_legacy", str(tmp_path), verbosity=0)

        gaps = next(g for g in registry.report(default_bulletin()) if g.year == 2012).gaps

        assert [(gap.first, gap.last) for gap in gaps] == [(1, 2), (4, 5)]


class TestSupplementsOnTheReadingSite:
    def test_a_supplement_has_its_own_address_and_masthead(self, client):
        issue(1)
        supplement = issue(1, series=SUPPLEMENT)

        page = visible_text(client.get(supplement.get_absolute_url()))

        assert supplement.get_absolute_url() == "/bulletin/issues/2012/supplement/1/"
        assert "增刊第1期" in page

    def test_a_regular_issue_of_the_same_number_keeps_its_address(self, client):
        regular = issue(1, cumulative=300)
        issue(1, series=SUPPLEMENT)

        page = visible_text(client.get(regular.get_absolute_url()))

        assert "增刊" not in page
        assert "总第300期" in page

    def test_the_legacy_importer_imports_a_supplement(self, tmp_path, committed):
        path = tmp_path / "2012年第2期.txt"
        path.write_text("【专题】\n标题\n正文。\n", encoding="utf-8")
        issue(2)
        with committed():
            call_command("import_legacy", str(path), "--series", "supplement", verbosity=0)

        assert Issue.objects.get(series=SUPPLEMENT, year=2012, number=2).versions.exists()
