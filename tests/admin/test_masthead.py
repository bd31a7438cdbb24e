"""The masthead is complete: 总第N期, the 签发人 by the name printed, and 印数."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from editorial.content.models import Issue
from editorial.workflow import composing
from editorial.workflow import transitions as workflow
from tests.factories import make_issue, make_user
from tests.signing import in_review
from tests.workflow.helpers import shown_messages

pytestmark = pytest.mark.django_db

REGULAR = Issue.Series.REGULAR


def issue(number, *, year=2012, cumulative=None, status=Issue.Status.PUBLISHED, **fields):
    return make_issue(
        year=year, number=number, cumulative_number=cumulative, status=status, **fields
    )


def page(client, issue) -> str:
    issue.refresh_from_db()
    return client.get(issue.get_absolute_url()).content.decode()


class TestCumulativeNumber:
    def test_sign_off_assigns_the_next_cumulative_number_when_it_is_empty(self, chief):
        issue(4, year=2026, cumulative=130, issue_date=date(2026, 2, 20))  # before No. 5
        waiting = in_review(number=5)
        workflow.approve(waiting, chief)
        waiting.refresh_from_db()
        assert waiting.cumulative_number == 131
        assert waiting.versions.get().content["cumulative_number"] == 131

    def test_sign_off_keeps_a_cumulative_number_the_editors_gave(self, chief):
        issue(4, year=2026, cumulative=130, issue_date=date(2026, 2, 20))  # before No. 5
        waiting = in_review(number=5, cumulative_number=140)
        workflow.approve(waiting, chief)
        assert Issue.objects.get(pk=waiting.pk).cumulative_number == 140

    def test_the_masthead_shows_the_number_assigned_at_sign_off(self, client, chief):
        issue(4, year=2026, cumulative=130, issue_date=date(2026, 2, 20))  # before No. 5
        waiting = in_review(number=5)
        workflow.approve(waiting, chief)
        workflow.publish(waiting, chief)
        assert "总第131期" in page(client, waiting)

    def test_a_new_issue_from_the_previous_one_proposes_it(self, editor):
        issue(7, year=2026, cumulative=210)
        new = composing.new_issue_from_previous(editor, today=date(2026, 5, 1))
        assert new.cumulative_number == 211


def imported(tmp_path, committed, *numbers) -> list[Issue]:
    """Back issues as the legacy importer leaves them: signed, published, no 总第N期."""
    for year, number in numbers:
        (tmp_path / f"{year}-{number:02d}-01_第{number}期.txt").write_text(
            f"【工作动态】\n第{number}期的标题\n正文。（市总宣教部）\n本期印发：省总工会\n",
            encoding="utf-8",
        )
    with committed():
        call_command("import_legacy", str(tmp_path), verbosity=0)
    return [Issue.objects.get(year=year, number=number) for year, number in numbers]


class TestFillingBackIssues:
    def fill(self, client, user, issues):
        client.force_login(user)
        return client.post(
            reverse("admin:editorial_issue_changelist"),
            {"action": "fill_cumulative_numbers", "_selected_action": [i.pk for i in issues]},
            follow=True,
        )

    def test_back_issues_of_a_year_are_counted_from_one_that_has_it(
        self, client, chief, tmp_path, committed
    ):
        issue(3, cumulative=100)
        back = imported(tmp_path, committed, (2012, 2), (2012, 4))
        self.fill(client, chief, back)
        numbers = dict(Issue.objects.values_list("number", "cumulative_number"))
        assert numbers == {2: 99, 3: 100, 4: 101}

    def test_a_long_run_is_counted_both_ways_from_the_one_that_has_it(
        self, client, chief, tmp_path, committed
    ):
        issue(5, cumulative=100)
        back = imported(
            tmp_path, committed, (2012, 1), (2012, 2), (2012, 3), (2012, 4), (2012, 6), (2012, 7)
        )
        self.fill(client, chief, back)
        numbers = dict(Issue.objects.values_list("number", "cumulative_number"))
        assert numbers == {1: 96, 2: 97, 3: 98, 4: 99, 5: 100, 6: 101, 7: 102}

    def test_the_readers_masthead_shows_the_filled_in_number(
        self, client, chief, tmp_path, committed
    ):
        issue(3, cumulative=100)
        [after] = imported(tmp_path, committed, (2012, 4))
        self.fill(client, chief, [after])
        assert "总第101期" in page(client, after)

    def test_it_says_which_issues_cannot_be_numbered(self, client, chief, tmp_path, committed):
        issue(3, cumulative=100)
        beyond_a_gap, other_year = imported(tmp_path, committed, (2012, 6), (2013, 1))
        shown = shown_messages(self.fill(client, chief, [beyond_a_gap, other_year]))
        assert any(
            "无法推算" in message and "2012年第6期" in message and "2013年第1期" in message
            for message in shown
        )
        assert Issue.objects.get(pk=beyond_a_gap.pk).cumulative_number is None

    def test_the_numbering_report_shows_the_filled_in_number(
        self, client, chief, tmp_path, committed
    ):
        issue(3, cumulative=100)
        [after] = imported(tmp_path, committed, (2012, 4))
        self.fill(client, chief, [after])
        report = client.get(reverse("admin:editorial_issue_numbering")).content.decode()
        assert "4（101）" in report

    def test_the_filling_is_recorded(self, client, chief, tmp_path, committed):
        issue(3, cumulative=100)
        [after] = imported(tmp_path, committed, (2012, 4))
        self.fill(client, chief, [after])
        entry = after.audit_entries.get(action="cumulative_number")
        assert (entry.actor, entry.data) == (chief, {"cumulative_number": 101})


class TestSigner:
    def test_the_masthead_prints_the_signers_name(self, client, chief):
        waiting = in_review(number=5)
        workflow.approve(waiting, chief)
        workflow.publish(waiting, chief)
        assert "签发人：王建国" in page(client, waiting)

    def test_a_signer_without_a_printed_name_is_never_shown_by_login_name(self, client, roles):
        nameless = make_user("wjg2026", staff=True, groups=["签发人"])
        waiting = in_review(number=5)
        step = workflow.approve(waiting, nameless)
        workflow.publish(waiting, nameless)
        assert "wjg2026" not in page(client, waiting)
        assert any("签发人" in warning for warning in step.warnings)

    def test_a_person_sets_their_own_printed_name(self, client, editor):
        client.force_login(editor)
        client.post(reverse("admin:auth_user_my_name"), {"last_name": "李", "first_name": "华"})
        editor.refresh_from_db()
        assert (editor.last_name, editor.first_name) == ("李", "华")

    def test_the_user_page_edits_the_printed_name(self, client):
        manager = make_user("manager", superuser=True)
        client.force_login(manager)
        page = client.get(reverse("admin:auth_user_change", args=[manager.pk])).content
        assert "按刊印写法" in page.decode()

    @pytest.mark.parametrize("viewer", ["editor", "chief"])
    def test_the_signer_link_on_the_issue_page_opens_for_the_viewer(
        self, client, request, chief, viewer
    ):
        waiting = in_review(number=5)
        workflow.approve(waiting, chief)
        client.force_login(request.getfixturevalue(viewer))
        body = client.get(reverse("admin:editorial_issue_change", args=[waiting.pk]))
        body = body.content.decode()
        start = body.index("王建国")
        href = body[body.rindex('href="', 0, start) + 6 :]
        href = href[: href.index('"')]
        assert client.get(href).status_code == 200
        assert "/auth/user/" not in href


class TestPrintRun:
    def test_a_new_issue_from_the_previous_one_keeps_its_print_run(self, editor):
        issue(7, year=2026, print_run=300)
        new = composing.new_issue_from_previous(editor, today=date(2026, 5, 1))
        assert new.print_run == 300

    def test_the_add_form_proposes_the_previous_print_run(self, client, editor):
        issue(7, year=2026, print_run=300)
        client.force_login(editor)
        form = client.get(reverse("admin:editorial_issue_add")).context["adminform"].form
        assert form["print_run"].value() == 300

    def test_the_print_run_is_printed_on_the_footer_when_set(self, client, chief):
        published = issue(7, year=2026, print_run=300)
        assert "共印300份" in page(client, published)
